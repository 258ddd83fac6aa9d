import * as vscode from 'vscode';
import type { Finding, TextEdit } from '../engine';
import { SOURCE, type DiagnosticsManager } from './diagnostics';
import { SHOW_DOCS_COMMAND } from './docs';
import { log } from './logging';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('privacyByDesign');
const SUPPRESSION_RULE = 'suppression-invalid';

/** Edits of one engine fix as a WorkspaceEdit (offsets are on the analysed text, which is the document's current version). */
function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[], into = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const e of edits) into.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
  return into;
}

/** The first safe fix of each finding, without overlaps (the first edit at a place wins, like the CLI). */
export function safeEdits(findings: readonly Finding[]): TextEdit[] {
  const chosen: TextEdit[] = [];
  for (const f of findings) {
    if (f.suppressed) continue;
    const fix = f.fixes.find((x) => x.kind === 'fix' && !x.docOnly && x.edits.length);
    if (!fix) continue;
    const overlaps = fix.edits.some((e) => chosen.some((c) => (e.start < c.end && c.start < e.end) || e.start === c.start));
    if (!overlaps) chosen.push(...fix.edits);
  }
  return chosen;
}

/** The suppression comment inserted above a finding, with a snippet placeholder for the reason. */
export function suppressionSnippet(indent: string, ruleId: string, eol: string): vscode.SnippetString {
  const s = new vscode.SnippetString();
  s.appendText(`${indent}// privacy-by-design-disable-next-line ${ruleId} -- `);
  s.appendPlaceholder('justification');
  s.appendText(eol);
  return s;
}

/** Provides the quick fixes of our diagnostics, suppression with justification, documentation, and fix-all. */
export class PrivacyCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly diagnostics: DiagnosticsManager) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    try {
      if (context.only && FIX_ALL_KIND.intersects(context.only) && !vscode.CodeActionKind.QuickFix.contains(context.only)) {
        const fixAll = await this.fixAll(doc);
        return fixAll ? [fixAll] : [];
      }
      const ours = context.diagnostics.filter((d) => d.source === SOURCE);
      if (!ours.length || token.isCancellationRequested) return [];
      const entry = await this.diagnostics.current(doc);
      if (!entry || token.isCancellationRequested) return [];
      const actions: vscode.CodeAction[] = [];
      for (const d of ours) {
        const finding = this.diagnostics.findingFor(entry, d);
        if (!finding) continue;
        actions.push(...this.actionsFor(doc, d, finding));
      }
      const all = safeEdits(entry.findings);
      if (ours.length && all.length > 1) {
        const a = new vscode.CodeAction('Apply all safe privacy fixes in this file', vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(doc, all);
        actions.push(a);
      }
      return actions;
    } catch (e) {
      log().error(`code actions failed: ${(e as Error).stack ?? e}`);
      return [];
    }
  }

  private actionsFor(doc: vscode.TextDocument, d: vscode.Diagnostic, f: Finding): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    let preferred = false;
    for (const fix of f.fixes) {
      const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      if (fix.docOnly) a.command = { command: SHOW_DOCS_COMMAND, title: fix.title, arguments: [f.ruleId] };
      else {
        a.edit = toWorkspaceEdit(doc, fix.edits);
        // Only a safe fix may be preferred: the preferred action is what auto-fix applies without a menu.
        if (fix.kind === 'fix' && !preferred) a.isPreferred = preferred = true;
      }
      actions.push(a);
    }
    if (f.ruleId !== SUPPRESSION_RULE) {
      const line = doc.lineAt(d.range.start.line);
      const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
      const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
      const a = new vscode.CodeAction(`Suppress ${f.ruleId} on this line with a justification`, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.edit = new vscode.WorkspaceEdit();
      a.edit.set(doc.uri, [new vscode.SnippetTextEdit(new vscode.Range(line.range.start, line.range.start), suppressionSnippet(indent, f.ruleId, eol))]);
      actions.push(a);
    }
    const docs = new vscode.CodeAction(`Show documentation for ${f.ruleId}`, vscode.CodeActionKind.QuickFix);
    docs.diagnostics = [d];
    docs.command = { command: SHOW_DOCS_COMMAND, title: `Show documentation for ${f.ruleId}`, arguments: [f.ruleId] };
    actions.push(docs);
    return actions;
  }

  /** `source.fixAll.privacyByDesign`: safe fixes only; suggestions need a human. */
  async fixAll(doc: vscode.TextDocument): Promise<vscode.CodeAction | undefined> {
    const entry = await this.diagnostics.current(doc);
    const edits = entry ? safeEdits(entry.findings) : [];
    if (!edits.length) return undefined;
    const a = new vscode.CodeAction('Apply all safe privacy fixes', FIX_ALL_KIND);
    a.edit = toWorkspaceEdit(doc, edits);
    return a;
  }
}
