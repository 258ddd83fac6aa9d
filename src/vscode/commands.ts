import * as vscode from 'vscode';
import type { Finding } from '../engine';
import { isRelevant, type Analyzer } from './analyzer';
import type { DiagnosticsManager } from './diagnostics';
import type { DocsProvider } from './docs';
import { buildImpactSummary } from './impactSummary';
import { scanWorkspace } from './scanWorkspace';

/** `privacyByDesign.scanFile`: analyses the active (or given) file now. Returns the number of open findings. */
export async function scanFile(diagnostics: DiagnosticsManager, uri?: vscode.Uri): Promise<number | undefined> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('Privacy by Design: open a JavaScript or TypeScript file to scan it.');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(target);
  if (!isRelevant(doc)) {
    void vscode.window.showInformationMessage(`Privacy by Design: ${vscode.workspace.asRelativePath(target)} is not a JavaScript, TypeScript, Vue, Svelte or HTML file.`);
    return undefined;
  }
  const entry = await diagnostics.validate(doc);
  return entry ? entry.diagnostics.length : 0;
}

/** `privacyByDesign.generateImpactSummary`: scans the workspace and opens the assessment draft. Returns the document's URI. */
export async function generateImpactSummary(analyzer: Analyzer, diagnostics: DiagnosticsManager, docs: DocsProvider): Promise<string> {
  const report = await scanWorkspace(analyzer, diagnostics, { quiet: true });
  const findings: Finding[] = [];
  for (const e of diagnostics.all()) {
    const file = vscode.workspace.asRelativePath(e.uri);
    for (const f of e.findings) findings.push({ ...f, file });
  }
  const rules = new Map<string, { title: string }>();
  for (const f of findings) if (!rules.has(f.ruleId)) rules.set(f.ruleId, { title: analyzer.ruleById(f.ruleId)?.title ?? f.ruleId });
  const markdown = buildImpactSummary({
    workspaceName: vscode.workspace.name ?? 'workspace',
    date: new Date().toISOString().slice(0, 10),
    filesScanned: Math.max(report.filesScanned, diagnostics.all().length),
    findings,
    skipped: report.skipped,
    rules,
    recommendations: docs.recommendations(),
  });
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc.uri.toString();
}
