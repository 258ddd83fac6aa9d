import * as vscode from 'vscode';
import { hoverMarkdown, type RecommendationInfo } from './describe';
import type { DiagnosticsManager } from './diagnostics';
import { docLink, SHOW_DOCS_COMMAND } from './docs';
import { guard } from './logging';

/** Explains a finding under the cursor: what the code does, why it matters, the recommendations and the evidence. */
export class PrivacyHover implements vscode.HoverProvider {
  constructor(
    private readonly diagnostics: DiagnosticsManager,
    private readonly ruleTitle: (id: string) => string,
    private readonly recommendations: () => ReadonlyMap<string, RecommendationInfo>,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    return guard('hover', undefined, () => {
      const entry = this.diagnostics.get(doc.uri);
      // Stale findings would point at the wrong text; the next validation brings fresh ones.
      if (!entry || entry.version !== doc.version) return undefined;
      const parts: vscode.MarkdownString[] = [];
      let range: vscode.Range | undefined;
      for (const d of entry.diagnostics) {
        if (!d.range.contains(position)) continue;
        const f = this.diagnostics.findingFor(entry, d);
        if (!f) continue;
        const md = new vscode.MarkdownString(
          hoverMarkdown({
            finding: f,
            ruleTitle: this.ruleTitle(f.ruleId),
            recommendations: this.recommendations(),
            docLink: docLink(f.ruleId).toString(),
            where: (file, line) => `${vscode.workspace.asRelativePath(file)}:${line}`,
          }),
        );
        md.isTrusted = { enabledCommands: [SHOW_DOCS_COMMAND] };
        parts.push(md);
        range = range ? range.union(d.range) : d.range;
      }
      return parts.length ? new vscode.Hover(parts, range) : undefined;
    });
  }
}
