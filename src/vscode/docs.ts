import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { log } from './logging';

/** Read-only virtual documents holding the bundled rule docs (works offline). */
export const DOCS_SCHEME = 'privacy-by-design-docs';
export const SHOW_DOCS_COMMAND = 'privacyByDesign.showDocumentation';

/** The link a diagnostic's code points at: a command URI that opens the rule's doc inside VS Code. */
export function docLink(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`command:${SHOW_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}`);
}

export function docUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${ruleId}.md` });
}

interface RecommendationData {
  id: string;
  title: string;
  summary: string;
  section: string;
  citation: string;
}

/** Serves `privacy-by-design-docs:/<rule-id>.md`: the rule's bundled Markdown page plus the recommendations it serves. */
export class DocsProvider implements vscode.TextDocumentContentProvider {
  private recs: Map<string, RecommendationData> | undefined;

  /** `findRuleSource` gives the JSON file of a custom rule (its doc sits next to it). */
  constructor(
    private readonly rulesDir: string,
    private readonly findRuleSource: (id: string) => string | undefined,
  ) {}

  recommendations(): Map<string, RecommendationData> {
    if (!this.recs) {
      try {
        const data = JSON.parse(fs.readFileSync(path.join(this.rulesDir, 'recommendations.json'), 'utf8')) as { recommendations: RecommendationData[] };
        this.recs = new Map(data.recommendations.map((r) => [r.id, r]));
      } catch (e) {
        log().error(`cannot read recommendations.json: ${(e as Error).message}`);
        this.recs = new Map();
      }
    }
    return this.recs;
  }

  /** Ids of the bundled rules (for the documentation picker). */
  bundledRuleIds(): string[] {
    try {
      const data = new Set(['schema.json', 'recommendations.json', 'globals.json', 'sources.json']);
      return fs.readdirSync(this.rulesDir).filter((n) => n.endsWith('.json') && !data.has(n)).map((n) => n.slice(0, -5)).sort();
    } catch {
      return [];
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = path.posix.basename(uri.path).replace(/\.md$/, '');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return `# Unknown rule\n\n'${id}' is not a rule id.\n`;
    const custom = this.findRuleSource(id);
    const dirs = [this.rulesDir, ...(custom ? [path.dirname(custom)] : [])];
    let page: string | undefined;
    let rule: { title?: string; message?: string; recommendations?: string[] } | undefined;
    for (const dir of dirs) {
      page ??= readIfExists(path.join(dir, `${id}.md`));
      if (!rule) {
        const json = readIfExists(path.join(dir, `${id}.json`));
        if (json) {
          try {
            rule = JSON.parse(json);
          } catch {
            /* the rule loader reports broken rule files */
          }
        }
      }
    }
    if (!page && !rule) return `# Unknown rule\n\nNo rule '${id}' is bundled or loaded from the configured rule folders.\n`;
    const out: string[] = [];
    if (page) out.push(stripFrontMatter(page).trimEnd());
    else out.push(`# ${rule?.title ?? id}`, '', `\`${id}\`: ${rule?.message ?? ''}`, '', '_This rule has no documentation page yet._');
    const ids = rule?.recommendations ?? [];
    if (ids.length) {
      out.push('', '---', '', '## Recommendations this rule serves', '');
      for (const rid of ids) {
        const r = this.recommendations().get(rid);
        out.push(r ? `- **${r.title}** (\`${rid}\`): ${r.summary} _${r.citation}._` : `- \`${rid}\``);
      }
    }
    return out.join('\n') + '\n';
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The page's front matter holds the one-line description; the preview shows the body. */
function stripFrontMatter(md: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(md);
  return m ? md.slice(m[0].length) : md;
}

/** Opens a rule's doc in the Markdown preview (falls back to the read-only source). Returns the doc URI. */
export async function showDocumentation(provider: DocsProvider, ruleId?: string): Promise<string | undefined> {
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    id = await vscode.window.showQuickPick(provider.bundledRuleIds(), { placeHolder: 'Rule to show the documentation for' });
    if (!id) return undefined;
  }
  const uri = docUri(id);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch (e) {
    log().warn(`markdown preview unavailable (${(e as Error).message}); opening the source`);
    await vscode.window.showTextDocument(uri, { preview: true });
  }
  return uri.toString();
}
