import * as path from 'path';
import * as vscode from 'vscode';
import type { Finding } from '../engine';
import type { DiagnosticsManager, FileEntry } from './diagnostics';
import { guard } from './logging';

/** A node of the findings tree: recommendation → rule → file → finding. */
export type FindingsNode =
  | { kind: 'recommendation'; id: string; count: number }
  | { kind: 'rule'; rec: string; ruleId: string; count: number }
  | { kind: 'file'; rec: string; ruleId: string; entry: FileEntry; count: number }
  | { kind: 'finding'; entry: FileEntry; diagnostic: vscode.Diagnostic; finding: Finding };

interface Row {
  entry: FileEntry;
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

/** Groups the open findings of every file by recommendation, then rule, then file, with counts. */
export class FindingsTree implements vscode.TreeDataProvider<FindingsNode> {
  private readonly changed = new vscode.EventEmitter<FindingsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly diagnostics: DiagnosticsManager,
    private readonly recTitle: (id: string) => string,
    private readonly ruleTitle: (id: string) => string,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** Every open (unsuppressed) finding that has a diagnostic. */
  rows(): Row[] {
    const out: Row[] = [];
    for (const entry of this.diagnostics.all()) {
      for (const d of entry.diagnostics) {
        const finding = this.diagnostics.findingFor(entry, d);
        if (finding) out.push({ entry, diagnostic: d, finding });
      }
    }
    return out;
  }

  total(): number {
    return this.rows().length;
  }

  getChildren(node?: FindingsNode): FindingsNode[] {
    return guard('findings view', [], () => {
      const rows = this.rows();
      if (!node) {
        const counts = countBy(rows.flatMap((r) => r.finding.recommendations));
        return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, count]) => ({ kind: 'recommendation', id, count }));
      }
      if (node.kind === 'recommendation') {
        const counts = countBy(rows.filter((r) => r.finding.recommendations.includes(node.id)).map((r) => r.finding.ruleId));
        return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([ruleId, count]) => ({ kind: 'rule', rec: node.id, ruleId, count }));
      }
      if (node.kind === 'rule') {
        const byFile = new Map<string, { entry: FileEntry; count: number }>();
        for (const r of rows) {
          if (r.finding.ruleId !== node.ruleId || !r.finding.recommendations.includes(node.rec)) continue;
          const k = r.entry.uri.toString();
          const cur = byFile.get(k) ?? { entry: r.entry, count: 0 };
          cur.count++;
          byFile.set(k, cur);
        }
        return [...byFile.values()]
          .sort((a, b) => a.entry.uri.fsPath.localeCompare(b.entry.uri.fsPath))
          .map(({ entry, count }) => ({ kind: 'file', rec: node.rec, ruleId: node.ruleId, entry, count }));
      }
      if (node.kind === 'file') {
        return rows
          .filter((r) => r.entry === node.entry && r.finding.ruleId === node.ruleId)
          .map((r) => ({ kind: 'finding', entry: r.entry, diagnostic: r.diagnostic, finding: r.finding }));
      }
      return [];
    });
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'recommendation': {
        const item = new vscode.TreeItem(this.recTitle(node.id), vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.id} · ${node.count}`;
        item.tooltip = `Recommendation ${node.id}: ${node.count} finding${node.count === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('law');
        item.contextValue = 'recommendation';
        return item;
      }
      case 'rule': {
        const item = new vscode.TreeItem(node.ruleId, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${this.ruleTitle(node.ruleId)} · ${node.count}`;
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = 'rule';
        item.tooltip = this.ruleTitle(node.ruleId);
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.entry.uri, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${path.dirname(vscode.workspace.asRelativePath(node.entry.uri))} · ${node.count}`;
        item.contextValue = 'file';
        return item;
      }
      case 'finding': {
        const d = node.diagnostic;
        const item = new vscode.TreeItem(`${d.range.start.line + 1}:${d.range.start.character + 1}  ${node.finding.message}`, vscode.TreeItemCollapsibleState.None);
        item.tooltip = node.finding.message;
        item.iconPath = new vscode.ThemeIcon(d.severity === vscode.DiagnosticSeverity.Error ? 'error' : d.severity === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info');
        item.command = { command: 'vscode.open', title: 'Reveal', arguments: [node.entry.uri, { selection: d.range, preserveFocus: false } satisfies vscode.TextDocumentShowOptions] };
        item.contextValue = 'finding';
        return item;
      }
    }
  }
}

function countBy(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
