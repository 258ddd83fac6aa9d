import * as path from 'path';
import * as vscode from 'vscode';
import type { FileResult, SkippedFile } from '../engine';
import { engineFileName, type Analyzer } from './analyzer';
import { FAMILY_LABELS, familyOf, type Family } from './describe';
import type { DiagnosticsManager } from './diagnostics';
import { log } from './logging';

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,vue,svelte,html,htm}';
/** Never worth listing: findFiles leaves these out before the finer filter runs. */
const FIND_EXCLUDE = '{**/node_modules/**,**/.git/**}';

export interface ScanReport {
  filesScanned: number;
  findings: number;
  suppressed: number;
  byFamily: Partial<Record<Family, number>>;
  /** Files that were meant to be analysed but could not be (size, binary, minified, parse error), with the reason. */
  skipped: SkippedFile[];
  /** Files left out on purpose (excludes, includes, .gitignore), counted by reason. */
  excluded: Record<string, number>;
  cancelled: boolean;
  durationMs: number;
  /** Files whose results came from the result cache (unchanged since an earlier scan). */
  fromCache: number;
}

/** Scans every workspace folder (cancellable progress notification) and publishes results for files that are not open too. */
export async function scanWorkspace(analyzer: Analyzer, diagnostics: DiagnosticsManager, opts: { quiet?: boolean } = {}): Promise<ScanReport> {
  const report: ScanReport = { filesScanned: 0, findings: 0, suppressed: 0, byFamily: {}, skipped: [], excluded: {}, cancelled: false, durationMs: 0, fromCache: 0 };
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) {
    void vscode.window.showInformationMessage('Privacy by Design: open a folder to scan a workspace; open files are checked as you edit.');
    return report;
  }
  const t0 = Date.now();
  const seen = new Set<string>();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Privacy by Design: scanning workspace', cancellable: true },
    async (progress, token) => {
      try {
        for (const folder of folders) {
          if (token.isCancellationRequested) break;
          const ctx = await analyzer.context(folder.uri);
          if (!ctx.settings.enable) continue;
          const [files, ignoreFiles] = await Promise.all([
            vscode.workspace.findFiles(new vscode.RelativePattern(folder, SOURCE_GLOB), new vscode.RelativePattern(folder, FIND_EXCLUDE), undefined, token),
            ctx.settings.respectGitignore ? vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), new vscode.RelativePattern(folder, FIND_EXCLUDE), undefined, token) : Promise.resolve([]),
          ]);
          const gitignores: Array<[string, string]> = [];
          for (const g of ignoreFiles) {
            const rel = path.posix.dirname(relative(folder, g));
            gitignores.push([rel === '.' ? '' : rel, Buffer.from(await vscode.workspace.fs.readFile(g)).toString('utf8')]);
          }
          files.sort((a, b) => (a.fsPath < b.fsPath ? -1 : 1));
          const rels = files.map((f) => relative(folder, f));
          const reasons = await analyzer.filterPaths(ctx, gitignores, rels);
          const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
          const included = files.filter((_, i) => !reasons[i]).map((f) => f.fsPath);
          await analyzer.cacheBegin(ctx);
          if (included.length > 1 && !token.isCancellationRequested) {
            progress.report({ message: 'following data across files' });
            await analyzer.scanBegin(included, ctx, folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined);
          }
          for (let i = 0; i < files.length; i++) {
            if (token.isCancellationRequested) break;
            const uri = files[i];
            const rel = rels[i];
            const why = reasons[i];
            if (why) {
              report.excluded[why] = (report.excluded[why] ?? 0) + 1;
              continue;
            }
            progress.report({ increment: 100 / files.length / folders.length, message: rel });
            // An open document is analysed as the editor shows it (unsaved edits included), a closed one from disk.
            const doc = open.get(uri.toString());
            const version = doc?.version;
            let result: FileResult;
            if (doc && doc.getText().length > ctx.settings.maxFileSize) result = { file: uri.fsPath, findings: [], errors: [], skipped: { file: rel, reason: `larger than privacyByDesign.validate.maxFileSize (${ctx.settings.maxFileSize})` } };
            else result = doc ? await analyzer.analyzeText(doc.getText(), engineFileName(doc), ctx) : await analyzer.analyzeFile(uri.fsPath, ctx);
            if (result.skipped) {
              report.skipped.push({ file: rel, reason: result.skipped.reason });
              continue;
            }
            for (const e of result.errors) report.skipped.push({ file: rel, reason: `${e.message} (line ${e.line})` });
            if (result.errors.length && !result.findings.length) continue;
            if (doc && doc.version !== version) continue; // edited meanwhile: its own validation publishes fresher results
            report.filesScanned++;
            seen.add(uri.toString());
            diagnostics.publish(uri, result, version, doc, true);
            for (const f of result.findings) {
              if (f.suppressed) report.suppressed++;
              else {
                report.findings++;
                const fam = familyOf(f.category);
                report.byFamily[fam] = (report.byFamily[fam] ?? 0) + 1;
              }
            }
          }
        }
      } finally {
        // Also after an error: the worker saves the result cache and drops the kept parses.
        report.fromCache = (await analyzer.scanEnd().catch(() => undefined))?.hits ?? 0;
      }
      report.cancelled = token.isCancellationRequested;
    },
  );
  if (!report.cancelled) {
    // Files from an earlier scan that are gone or excluded now must not keep stale problems.
    const openUris = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const u of diagnostics.scanOwnedUris()) if (!seen.has(u) && !openUris.has(u)) diagnostics.forget(vscode.Uri.parse(u));
  }
  report.durationMs = Date.now() - t0;
  logReport(report);
  if (!opts.quiet) showSummary(report);
  return report;
}

function relative(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  return path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
}

/** One line: files, findings by area, skipped. */
export function summaryLine(r: ScanReport): string {
  const fams = (Object.entries(r.byFamily) as Array<[Family, number]>).map(([f, n]) => `${FAMILY_LABELS[f]} ${n}`).join(', ');
  return (
    `${r.cancelled ? 'Scan cancelled after' : 'Scanned'} ${r.filesScanned} file${r.filesScanned === 1 ? '' : 's'} in ${(r.durationMs / 1000).toFixed(1)} s: ` +
    `${r.findings} finding${r.findings === 1 ? '' : 's'}${fams ? ` (${fams})` : ''}` +
    `${r.suppressed ? `, ${r.suppressed} suppressed` : ''}${r.skipped.length ? `; ${r.skipped.length} file${r.skipped.length === 1 ? '' : 's'} skipped` : ''}.`
  );
}

function logReport(r: ScanReport): void {
  log().info(summaryLine(r));
  for (const s of r.skipped) log().info(`  skipped ${s.file}: ${s.reason}`);
  for (const [why, n] of Object.entries(r.excluded)) log().info(`  ${n} file(s) ${why}`);
}

function showSummary(r: ScanReport): void {
  const actions = ['Show Findings', ...(r.skipped.length ? ['Show Skipped Files'] : [])];
  void vscode.window.showInformationMessage(`Privacy by Design: ${summaryLine(r)}`, ...actions).then(
    (choice) => {
      if (choice === 'Show Findings') return vscode.commands.executeCommand('privacyByDesign.findings.focus');
      if (choice === 'Show Skipped Files') log().show(true);
      return undefined;
    },
    () => undefined,
  );
}
