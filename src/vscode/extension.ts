/**
 * Wiring only: registers providers, commands, the findings view and the status bar item. The engine
 * and the TypeScript parser start in a worker thread on the first analysis (engineClient.ts), never here.
 */
const moduleLoadStart = performance.now();
import * as path from 'path';
import * as vscode from 'vscode';
import { Analyzer, LANGUAGES } from './analyzer';
import { FIX_ALL_KIND, PrivacyCodeActions } from './codeActions';
import { generateImpactSummary, scanFile } from './commands';
import { DiagnosticsManager } from './diagnostics';
import { DOCS_SCHEME, DocsProvider, SHOW_DOCS_COMMAND, showDocumentation } from './docs';
import type { EngineStartSteps } from './engineClient';
import { FindingsTree } from './findingsView';
import { PrivacyHover } from './hover';
import { command, createLog, log } from './logging';
import { scanWorkspace } from './scanWorkspace';

/** What activate returns: timings, for the in-editor tests and the closing report. */
export interface PrivacyByDesignApi {
  activationMs: number;
  stats(): { engineLoaded: boolean; engineLoadMs?: number; firstAnalysisMs?: number; engineCodeCache?: string; engineStartSteps?: EngineStartSteps };
  /** The findings view's tree as plain data: recommendation → rule → file, with counts. */
  findingsTree(): Array<{ id: string; count: number; rules: Array<{ id: string; count: number; files: Array<{ path: string; count: number }> }> }>;
}

export function activate(context: vscode.ExtensionContext): PrivacyByDesignApi {
  const start = performance.now();
  createLog();
  context.subscriptions.push(log());
  // Workspace scans keep results of unchanged files per workspace (global storage when no folder is open).
  // Also in restricted mode: the cache lives in the editor's storage, not in the workspace, and holds only findings.
  const resultCacheDir = path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'result-cache');
  const analyzer = new Analyzer(__dirname, context.globalStorageUri.fsPath, resultCacheDir);
  const diagnostics = new DiagnosticsManager(analyzer);
  const rulesDir = path.join(context.extensionPath, 'rules');
  const docs = new DocsProvider(rulesDir, (id) => analyzer.ruleById(id)?.source);
  const recTitle = (id: string) => docs.recommendations().get(id)?.title ?? id;
  const ruleTitle = (id: string) => analyzer.ruleById(id)?.title ?? id;
  const tree = new FindingsTree(diagnostics, recTitle, ruleTitle);
  const view = vscode.window.createTreeView('privacyByDesign.findings', { treeDataProvider: tree, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem('privacyByDesign.status', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Privacy by Design';
  status.command = 'privacyByDesign.scanWorkspace';
  // The tree refreshes only while visible (and once when it becomes visible): refreshing a hidden
  // custom tree while it resolves expanded nodes can leave rows out.
  let treeStale = false;
  const updateCounts = () => {
    const n = tree.total();
    status.text = `$(shield) ${n}`;
    status.tooltip = `Privacy by Design: ${n} finding${n === 1 ? '' : 's'}. Click to scan the workspace.`;
    status.accessibilityInformation = { label: `Privacy by Design: ${n} finding${n === 1 ? '' : 's'}`, role: 'button' };
    view.badge = n ? { value: n, tooltip: `${n} privacy finding${n === 1 ? '' : 's'}` } : undefined;
    if (view.visible) tree.refresh();
    else treeStale = true;
  };
  view.onDidChangeVisibility((e) => {
    if (e.visible && treeStale) {
      treeStale = false;
      tree.refresh();
    }
  });
  updateCounts();
  status.show();

  const selector = LANGUAGES.flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]);
  context.subscriptions.push(
    analyzer,
    view,
    status,
    tree,
    diagnostics.onDidChange(updateCounts),
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, docs),
    vscode.languages.registerCodeActionsProvider(selector, new PrivacyCodeActions(diagnostics), { providedCodeActionKinds: PrivacyCodeActions.kinds }),
    vscode.languages.registerHoverProvider(selector, new PrivacyHover(diagnostics, ruleTitle, () => docs.recommendations())),
    vscode.commands.registerCommand('privacyByDesign.scanWorkspace', command('Scan Workspace', () => scanWorkspace(analyzer, diagnostics))),
    vscode.commands.registerCommand('privacyByDesign.scanFile', command('Scan File', (uri?: vscode.Uri) => scanFile(diagnostics, uri))),
    vscode.commands.registerCommand('privacyByDesign.clear', command('Clear Findings', () => diagnostics.clear())),
    vscode.commands.registerCommand('privacyByDesign.generateImpactSummary', command('Generate Impact Summary', () => generateImpactSummary(analyzer, diagnostics, docs))),
    vscode.commands.registerCommand(SHOW_DOCS_COMMAND, command('Show Documentation', (id?: string) => showDocumentation(docs, id))),
    vscode.commands.registerCommand('privacyByDesign.showLog', () => log().show()),
    vscode.commands.registerCommand(
      'privacyByDesign.restartEngine',
      command('Restart Engine', () => {
        analyzer.restart();
        diagnostics.revalidateOpen();
      }),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('privacyByDesign')) return;
      analyzer.invalidate();
      diagnostics.revalidateOpen();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      analyzer.invalidate();
      diagnostics.revalidateOpen();
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      // An edited custom rule takes effect on save.
      if (d.languageId === 'json' && analyzer.loaded && isRuleFile(analyzer, d.uri)) {
        analyzer.invalidate();
        diagnostics.revalidateOpen();
      }
    }),
  );
  diagnostics.register(context);
  const activationMs = performance.now() - moduleLoadStart;
  log().info(`activated in ${(performance.now() - start).toFixed(1)} ms (${activationMs.toFixed(1)} ms including module load); fix-all kind ${FIX_ALL_KIND.value}`);
  return {
    activationMs,
    stats: () => ({ engineLoaded: analyzer.loaded, engineLoadMs: analyzer.engineLoadMs, firstAnalysisMs: analyzer.firstAnalysisMs, engineCodeCache: analyzer.engineCodeCache, engineStartSteps: analyzer.engineStartSteps }),
    findingsTree: () =>
      tree.getChildren().flatMap((rec) =>
        rec.kind !== 'recommendation'
          ? []
          : [
              {
                id: rec.id,
                count: rec.count,
                rules: tree.getChildren(rec).flatMap((rule) =>
                  rule.kind !== 'rule' ? [] : [{ id: rule.ruleId, count: rule.count, files: tree.getChildren(rule).flatMap((f) => (f.kind === 'file' ? [{ path: vscode.workspace.asRelativePath(f.entry.uri), count: f.count }] : [])) }],
                ),
              },
            ],
      ),
  };
}

function isRuleFile(analyzer: Analyzer, uri: vscode.Uri): boolean {
  const folders = analyzer.ruleFolders(analyzer.settings(uri), uri);
  return folders.some((f) => uri.fsPath.startsWith(f + path.sep));
}

export function deactivate(): void {
  /* subscriptions dispose everything */
}
