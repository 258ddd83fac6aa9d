import * as crypto from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Finding, FileError, Severity, SkippedFile } from '../engine/types';
import type { Rule, RuleSet } from '../engine/rules';

export interface Report {
  toolName: string;
  toolVersion: string;
  findings: Finding[];
  errors: FileError[];
  skipped: SkippedFile[];
  filesScanned: number;
  durationMs: number;
  ruleSet: RuleSet;
  /** Base for rule documentation links; defaults to the bundled Markdown files. */
  docsBase: string;
  /** The folder file paths are relative to (SARIF %SRCROOT%). */
  cwd: string;
}

export function docUrl(ruleId: string, docsBase: string): string {
  return docsBase.replace(/\/?$/, '/') + ruleId + '.md';
}

export function defaultDocsBase(rulesDir: string): string {
  return pathToFileURL(rulesDir).href;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** `file:line:col  severity  message  rule-id`, grouped by file, with the recommendations served and a summary. */
export function formatText(r: Report, color: boolean): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sevColor: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) {
    if (f.suppressed) continue;
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  for (const [file, list] of byFile) {
    lines.push(c('4', file));
    for (const f of list) {
      lines.push(`  ${file}:${f.range.start.line}:${f.range.start.column}  ${c(sevColor[f.severity], f.severity.padEnd(7))}  ${f.message}  ${c('90', f.ruleId)}`);
      const titles = f.recommendations.map((id) => r.ruleSet.recommendations.get(id)?.title ?? id);
      lines.push(c('90', `      serves: ${titles.join('; ')}`));
      for (const rel of f.related) lines.push(c('90', `      related: ${rel.file}:${rel.range.start.line}:${rel.range.start.column} ${rel.message}`));
    }
    lines.push('');
  }
  for (const e of r.errors) lines.push(`${e.file}:${e.line}${e.column ? ':' + e.column : ''}  ${c('31', 'error  ')}  ${e.message}  (file not analysed)`);
  for (const s of r.skipped) lines.push(c('90', `skipped ${s.file}: ${s.reason}`));
  const active = r.findings.filter((f) => !f.suppressed);
  const counts = (['error', 'warning', 'info', 'hint'] as Severity[]).map((s) => `${active.filter((f) => f.severity === s).length} ${s}`).join(', ');
  const suppressed = r.findings.length - active.length;
  if (r.errors.length || r.skipped.length) lines.push('');
  lines.push(
    `${active.length} finding${active.length === 1 ? '' : 's'} (${counts}) in ${r.filesScanned} file${r.filesScanned === 1 ? '' : 's'} scanned` +
      `; ${suppressed} suppressed; ${r.skipped.length} skipped; ${r.errors.length} could not be parsed.`,
  );
  return lines.join('\n') + '\n';
}

/** The stable JSON format documented in the README. */
export function formatJson(r: Report): string {
  const doc = {
    tool: { name: r.toolName, version: r.toolVersion },
    findings: r.findings.map((f) => ({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      file: f.file,
      line: f.range.start.line,
      column: f.range.start.column,
      endLine: f.range.end.line,
      endColumn: f.range.end.column,
      message: f.message,
      recommendations: f.recommendations,
      suppressed: f.suppressed,
      ...(f.justification !== undefined ? { justification: f.justification } : {}),
      ...(f.evidence.module !== undefined ? { module: f.evidence.module } : {}),
      ...(f.evidence.callee !== undefined ? { callee: f.evidence.callee } : {}),
      ...(f.related.length ? { related: f.related.map((x) => ({ file: x.file, line: x.range.start.line, column: x.range.start.column, message: x.message })) } : {}),
      ...(f.fixes.length ? { fixes: f.fixes.map((x) => ({ title: x.title, kind: x.kind })) } : {}),
    })),
    errors: r.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })),
    skipped: r.skipped.map((s) => ({ file: s.file, reason: s.reason })),
    stats: { filesScanned: r.filesScanned, filesSkipped: r.skipped.length, durationMs: r.durationMs },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function fingerprint(f: Finding, lineText: string): string {
  return crypto.createHash('sha256').update(`${f.ruleId}\0${f.file}\0${lineText.trim()}\0${f.message}`).digest('hex').slice(0, 32);
}

function ruleHelp(rule: Rule, r: Report): { text: string; markdown: string } {
  const recs = rule.recommendations.map((id) => r.ruleSet.recommendations.get(id)).filter((x) => !!x);
  const text = `${rule.title}. Serves: ${recs.map((x) => x!.title).join('; ')}. Source: Amnesty International, The Digital Border: Migration, Technology & Inequality (POL 40/7772/2024), Conclusion and Recommendations.`;
  const markdown = `**${rule.title}**\n\nServes:\n${recs.map((x) => `- ${x!.title}: ${x!.summary}`).join('\n')}\n\nSource: Amnesty International, *The Digital Border: Migration, Technology & Inequality* (POL 40/7772/2024), ${recs[0]?.section ?? 'Conclusion and Recommendations'}.`;
  return { text, markdown };
}

/** SARIF 2.1.0, with rule metadata, suppressions and partial fingerprints. `lineOf` returns a source line for fingerprints. */
export function formatSarif(r: Report, lineOf: (file: string, line: number) => string): string {
  const rules = [...r.ruleSet.rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const index = new Map(rules.map((x, i) => [x.id, i]));
  const results = r.findings.map((f) => {
    const loc = (file: string, range: Finding['range']) => {
      const first = lineOf(file, range.start.line);
      const snippet = range.start.line === range.end.line ? first.slice(range.start.column - 1, range.end.column - 1) : first.slice(range.start.column - 1);
      return {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
          region: { startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line, endColumn: range.end.column, snippet: { text: snippet } },
          contextRegion: { startLine: range.start.line, endLine: range.start.line, snippet: { text: first } },
        },
      };
    };
    return {
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [loc(f.file, f.range)],
      ...(f.related.length ? { relatedLocations: f.related.map((x, i) => ({ id: i + 1, ...loc(x.file, x.range), message: { text: x.message } })) } : {}),
      partialFingerprints: { 'privacyByDesign/v1': fingerprint(f, lineOf(f.file, f.range.start.line)) },
      ...(f.suppressed ? { suppressions: [{ kind: 'inSource', justification: f.justification ?? '' }] } : {}),
      properties: { category: f.category, recommendations: f.recommendations },
    };
  });
  const sarif = {
    $schema: 'https://schemastore.azurewebsites.net/schemas/json/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: r.toolName,
            version: r.toolVersion,
            semanticVersion: r.toolVersion,
            informationUri: docUrl('README', r.docsBase).replace(/README\.md$/, ''),
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)([a-z])/g, (_, __, ch: string) => ch.toUpperCase()),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.title },
              help: ruleHelp(rule, r),
              helpUri: docUrl(rule.id, r.docsBase),
              defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
              properties: { category: rule.category, recommendations: rule.recommendations, tags: ['privacy', rule.category] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(r.cwd + path.sep).href } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...r.errors.map((e) => ({
                level: 'error',
                message: { text: `${e.file}:${e.line}: ${e.message}` },
                locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(e.file), uriBaseId: '%SRCROOT%' }, region: { startLine: Math.max(1, e.line) } } }],
              })),
              ...r.skipped.map((s) => ({ level: 'note', message: { text: `skipped ${s.file}: ${s.reason}` } })),
            ],
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

export function severityAtLeast(s: Severity, threshold: Severity): boolean {
  return ORDER[s] <= ORDER[threshold];
}
