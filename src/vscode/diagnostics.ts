import * as vscode from 'vscode';
import type { FileResult, Finding, Position as EnginePosition } from '../engine';
import { Analyzer, engineFileName, isRelevant } from './analyzer';
import { docLink } from './docs';
import { analysesOnChange, ON_TYPE_MAX_CHARS } from './settings';
import { background, guard, log } from './logging';

export const SOURCE = 'privacy-by-design';
/** Cap per file, so a generated file cannot flood the Problems panel. */
const MAX_DIAGNOSTICS_PER_FILE = 500;

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The findings of one file, with what is needed to map them back to the editor. */
export interface FileEntry {
  uri: vscode.Uri;
  /** Document version the findings were computed for; undefined when read from disk by a scan. */
  version: number | undefined;
  /** Every finding, suppressed ones included (the impact summary lists those). */
  findings: Finding[];
  errors: FileResult['errors'];
  /** Diagnostic key → finding: fix data travels with the diagnostic, so code actions never re-analyse. */
  byKey: Map<string, Finding>;
  diagnostics: vscode.Diagnostic[];
}

type ToPosition = (p: EnginePosition) => vscode.Position;

/** Maps an engine position to the editor: offsets through the document when we have it, else line/column. */
function positionMapper(doc?: vscode.TextDocument): ToPosition {
  return doc ? (p) => doc.positionAt(p.offset) : (p) => new vscode.Position(p.line - 1, p.column - 1);
}

export function diagnosticKey(ruleId: string, r: vscode.Range): string {
  return `${ruleId}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Builds the diagnostic for a finding: source, code with its doc link, related evidence. */
export function toDiagnostic(f: Finding, uri: vscode.Uri, pos: ToPosition): vscode.Diagnostic {
  const range = new vscode.Range(pos(f.range.start), pos(f.range.end));
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity] ?? vscode.DiagnosticSeverity.Warning);
  d.source = SOURCE;
  d.code = { value: f.ruleId, target: docLink(f.ruleId) };
  if (f.related.length) {
    d.relatedInformation = f.related.map((r) => {
      const same = r.file === f.file;
      const target = same ? uri : vscode.Uri.file(r.file);
      const rp = same ? pos : positionMapper();
      return new vscode.DiagnosticRelatedInformation(new vscode.Location(target, new vscode.Range(rp(r.range.start), rp(r.range.end))), r.message);
    });
  }
  return d;
}

/**
 * Validates open documents (debounced as you type, or on save), publishes diagnostics and keeps
 * every file's findings for hovers, code actions, the findings view and the impact summary.
 */
export class DiagnosticsManager implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly entries = new Map<string, FileEntry>();
  /** Files whose diagnostics belong to a workspace scan: closing them keeps the results. */
  private readonly scanOwned = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly changed = new vscode.EventEmitter<void>();
  private changeTimer: NodeJS.Timeout | undefined;
  readonly onDidChange = this.changed.event;

  constructor(private readonly analyzer: Analyzer) {}

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.collection.dispose();
    this.changed.dispose();
  }

  /** Wires document events; does no analysis by itself. */
  register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      this,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length || !isRelevant(e.document)) return;
        const s = this.analyzer.settings(e.document.uri);
        if (s.run !== 'onType') return;
        const doc = e.document;
        const chars = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
        if (analysesOnChange(s, chars)) this.schedule(doc, s.debounceMs);
        else this.noteLarge(doc, chars);
      }),
      // The summary refresh parses the saved text first; the document's own analysis then reuses that parse.
      vscode.workspace.onDidSaveTextDocument((d) => background(`refreshing the cross-file summary of ${d.uri.fsPath}`, this.refreshSummary(d).finally(() => this.schedule(d, 0)))),
      vscode.workspace.onDidCloseTextDocument((d) => guard('closing a document', undefined, () => this.onClose(d))),
      // A deleted or renamed file must not leave its problems behind.
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((u) => this.forgetUnder(u))),
      vscode.workspace.onDidRenameFiles((e) => e.files.forEach((f) => this.forgetUnder(f.oldUri))),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private readonly notedLarge = new Set<string>();

  /** Says once per document why its edits are not analysed as they happen. */
  private noteLarge(doc: vscode.TextDocument, chars: number): void {
    const key = doc.uri.toString();
    if (this.notedLarge.has(key)) return;
    this.notedLarge.add(key);
    log().info(`${doc.uri.fsPath}: ${Math.round(chars / 1024)} KiB, more than ${ON_TYPE_MAX_CHARS / 1024} KiB: analysed when opened and saved, not after every change`);
  }

  /** Every file's entry (open documents and scanned files). */
  all(): FileEntry[] {
    return [...this.entries.values()];
  }

  get(uri: vscode.Uri): FileEntry | undefined {
    return this.entries.get(uri.toString());
  }

  /** Schedules validation of a document; a newer change replaces the pending one. */
  schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!isRelevant(doc)) return;
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        background(`validating ${doc.uri.fsPath}`, this.validate(doc));
      }, delayMs),
    );
  }

  /**
   * A saved document may export something else now: its cross-file summary from the last scan is
   * recomputed, and when it changed, the other open documents (which may import it) are analysed again.
   * Files of the scan that are not open keep their findings until the next scan.
   */
  private async refreshSummary(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed || !isRelevant(doc)) return;
    const ctx = await this.analyzer.context(doc.uri);
    if (!ctx.settings.enable) return;
    if (!(await this.analyzer.refreshSummary(doc.getText(), engineFileName(doc), ctx))) return;
    log().info(`${doc.uri.fsPath}: what it passes to other files changed; re-analysing the open documents`);
    for (const other of vscode.workspace.textDocuments) if (other !== doc) this.schedule(other, 0);
  }

  /** Analyses a document now; results for a version older than the document's current one are dropped. */
  async validate(doc: vscode.TextDocument): Promise<FileEntry | undefined> {
    if (doc.isClosed || !isRelevant(doc)) return undefined;
    const version = doc.version;
    const text = doc.getText();
    const ctx = await this.analyzer.context(doc.uri);
    if (!ctx.settings.enable) {
      this.forget(doc.uri);
      return undefined;
    }
    if (text.length > ctx.settings.maxFileSize) {
      log().info(`${doc.uri.fsPath}: not analysed, ${text.length} characters is more than privacyByDesign.validate.maxFileSize (${ctx.settings.maxFileSize})`);
      this.forget(doc.uri);
      return undefined;
    }
    const result = await this.analyzer.analyzeText(text, engineFileName(doc), ctx);
    if (doc.isClosed || doc.version !== version) {
      log().trace(`dropped results for ${doc.uri.fsPath} v${version} (now v${doc.version})`);
      return undefined;
    }
    if (result.skipped) {
      log().info(`${doc.uri.fsPath}: not analysed, ${result.skipped.reason}`);
      this.forget(doc.uri);
      return undefined;
    }
    for (const e of result.errors) log().info(`${doc.uri.fsPath}:${e.line}: ${e.message}`);
    return this.publish(doc.uri, result, version, doc);
  }

  /** Stores a file's result and publishes its diagnostics. */
  publish(uri: vscode.Uri, result: FileResult, version: number | undefined, doc?: vscode.TextDocument, fromScan = false): FileEntry {
    const key = uri.toString();
    if (fromScan) this.scanOwned.add(key);
    const pos = positionMapper(doc);
    const byKey = new Map<string, Finding>();
    const diagnostics: vscode.Diagnostic[] = [];
    for (const f of result.findings) {
      if (f.suppressed || diagnostics.length >= MAX_DIAGNOSTICS_PER_FILE) continue;
      const d = toDiagnostic(f, uri, pos);
      byKey.set(diagnosticKey(f.ruleId, d.range), f);
      diagnostics.push(d);
    }
    const entry: FileEntry = { uri, version, findings: result.findings, errors: result.errors, byKey, diagnostics };
    this.entries.set(key, entry);
    this.collection.set(uri, diagnostics);
    this.fireChanged();
    return entry;
  }

  /**
   * The current findings of an open document, re-analysing only when the stored ones belong to an
   * older version (e.g. a code action requested before the debounce fired).
   */
  async current(doc: vscode.TextDocument): Promise<FileEntry | undefined> {
    const e = this.get(doc.uri);
    if (e && e.version === doc.version) return e;
    return this.validate(doc);
  }

  /** The finding behind one of our diagnostics. */
  findingFor(entry: FileEntry, d: vscode.Diagnostic): Finding | undefined {
    const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
    return entry.byKey.get(diagnosticKey(code, d.range));
  }

  /** Removes a file's results (and scan ownership). */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.scanOwned.delete(key);
    if (this.entries.delete(key)) this.fireChanged();
    this.collection.delete(uri);
  }

  /** Forgets a file, or every file under a folder. */
  private forgetUnder(uri: vscode.Uri): void {
    const prefix = uri.toString();
    for (const key of [...this.entries.keys()]) if (key === prefix || key.startsWith(prefix + '/')) this.forget(vscode.Uri.parse(key));
  }

  /** Clears every result. */
  clear(): void {
    this.entries.clear();
    this.scanOwned.clear();
    this.collection.clear();
    this.fireChanged();
  }

  /** Files a previous scan owns (the next scan drops the ones that no longer exist or are now excluded). */
  scanOwnedUris(): string[] {
    return [...this.scanOwned];
  }

  isScanOwned(uri: vscode.Uri): boolean {
    return this.scanOwned.has(uri.toString());
  }

  private onClose(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    if (!this.entries.has(key)) return;
    if (!this.scanOwned.has(key)) {
      this.forget(doc.uri);
      return;
    }
    // The scan owns it: show the saved file's state again, not the closed editor's unsaved text.
    if (doc.isDirty && doc.uri.scheme === 'file') background(`re-reading ${doc.uri.fsPath}`, this.revalidateFromDisk(doc.uri));
    else {
      const e = this.entries.get(key)!;
      e.version = undefined;
    }
  }

  private async revalidateFromDisk(uri: vscode.Uri): Promise<void> {
    const result = await this.analyzer.analyzeFile(uri.fsPath, await this.analyzer.context(uri));
    if (result.skipped) this.forget(uri);
    else this.publish(uri, result, undefined, undefined, true);
  }

  /** Revalidates every open document (settings, trust or rules changed). */
  revalidateOpen(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private fireChanged(): void {
    // The view and status bar refresh at most every 100 ms, not once per file of a scan.
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.changed.fire();
    }, 100);
  }
}
