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
  | { kind: 'finding'; rec: string; entry: FileEntry; diagnostic: vscode.Diagnostic; finding: Finding };

interface Row {
  entry: FileEntry;
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

/** Groups the open findings of every file by recommendation, then rule, then file, with counts. */
export class FindingsTree implements vscode.TreeDataProvider<FindingsNode> {
  private readonly changed = new vscode.EventEmitter<FindingsNode | undefined>();
  /** One object per tree id: VS Code keys tree elements by identity, so a refresh must hand back the same objects. */
  private readonly nodes = new Map<string, FindingsNode>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly diagnostics: DiagnosticsManager,
    private readonly recTitle: (id: string) => string,
    private readonly ruleTitle: (id: string) => string,
  ) {}

  refresh(): void {
    if (!this.diagnostics.all().length) this.nodes.clear();
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
    return guard('findings view', [], () => this.children(node).map((n) => this.intern(n)));
  }

  private intern(node: FindingsNode): FindingsNode {
    const id = this.idOf(node);
    const existing = this.nodes.get(id);
    if (!existing) {
      this.nodes.set(id, node);
      return node;
    }
    Object.assign(existing, node);
    return existing;
  }

  private children(node?: FindingsNode): FindingsNode[] {
    {
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
          .filter((r) => r.entry.uri.toString() === node.entry.uri.toString() && r.finding.ruleId === node.ruleId && r.finding.recommendations.includes(node.rec))
          .map((r) => ({ kind: 'finding', rec: node.rec, entry: r.entry, diagnostic: r.diagnostic, finding: r.finding }));
      }
      return [];
    }
  }

  /** Stable ids keep expansion state and selection across refreshes (a finding can sit under several recommendations). */
  private idOf(node: FindingsNode): string {
    switch (node.kind) {
      case 'recommendation':
        return `rec/${node.id}`;
      case 'rule':
        return `rec/${node.rec}/rule/${node.ruleId}`;
      case 'file':
        return `rec/${node.rec}/rule/${node.ruleId}/file/${node.entry.uri.toString()}`;
      case 'finding': {
        const r = node.diagnostic.range;
        return `rec/${node.rec}/rule/${node.finding.ruleId}/file/${node.entry.uri.toString()}/at/${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
      }
    }
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    const item = this.itemFor(node);
    item.id = this.idOf(node);
    return item;
  }

  private itemFor(node: FindingsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'recommendation': {
        const item = new vscode.TreeItem(this.recTitle(node.id), vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.count} · ${node.id}`;
        item.tooltip = `Recommendation ${node.id}: ${node.count} finding${node.count === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('law');
        item.contextValue = 'recommendation';
        return item;
      }
      case 'rule': {
        const item = new vscode.TreeItem(node.ruleId, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.count} · ${this.ruleTitle(node.ruleId)}`;
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = 'rule';
        item.tooltip = this.ruleTitle(node.ruleId);
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.entry.uri, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${node.count} · ${path.dirname(vscode.workspace.asRelativePath(node.entry.uri))}`;
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
