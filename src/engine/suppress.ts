import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { LineIndex } from './text';

/** One parsed suppression comment. */
export interface Suppression {
  kind: 'next-line' | 'line' | 'block';
  ruleIds: string[];
  justification?: string;
  until?: string;
  /** Lines (1-based, inclusive) it covers. */
  fromLine: number;
  toLine: number;
  /** The comment's offsets, for reporting problems with it. */
  start: number;
  end: number;
  used: boolean;
}

export const SUPPRESSION_PREFIX = 'privacy-by-design-';
const DIRECTIVE = /^\s*\*?\s*privacy-by-design-(disable-next-line|disable-line|disable|enable)\b([\s\S]*)$/;

/**
 * Reads suppression comments:
 * `// privacy-by-design-disable-next-line <rule-id>[, <rule-id>] [until YYYY-MM-DD] -- <justification>`,
 * `/* privacy-by-design-disable <rule-id> -- <why> *\/ … /* privacy-by-design-enable <rule-id> *\/`.
 */
export function parseSuppressions(comments: readonly TSESTree.Comment[], lines: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  const open: Suppression[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.value);
    if (!m) continue;
    const [, directive, rest] = m;
    const [head, ...justParts] = rest.split(/\s--\s|\s--$|^--\s?/);
    const justification = justParts.join(' -- ').trim() || undefined;
    let idsText = head;
    let until: string | undefined;
    const u = /\buntil\s+(\S+)/.exec(idsText);
    if (u) {
      until = u[1];
      idsText = idsText.slice(0, u.index) + idsText.slice(u.index + u[0].length);
    }
    const ruleIds = idsText.split(/[\s,]+/).filter(Boolean);
    const start = c.range[0];
    const end = c.range[1];
    const startLine = lines.position(start).line;
    const endLine = lines.position(end).line;
    if (directive === 'enable') {
      for (let i = open.length - 1; i >= 0; i--) {
        const s = open[i];
        if (!ruleIds.length || ruleIds.some((id) => s.ruleIds.includes(id))) {
          s.toLine = startLine;
          open.splice(i, 1);
        }
      }
      continue;
    }
    const s: Suppression = {
      kind: directive === 'disable-next-line' ? 'next-line' : directive === 'disable-line' ? 'line' : 'block',
      ruleIds,
      justification,
      until,
      fromLine: directive === 'disable-next-line' ? endLine + 1 : startLine,
      toLine: directive === 'disable-next-line' ? endLine + 1 : directive === 'disable-line' ? startLine : lines.lineCount,
      start,
      end,
      used: false,
    };
    out.push(s);
    if (s.kind === 'block') open.push(s);
  }
  return out;
}

export function isValidDate(until: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) return false;
  const d = new Date(until + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(until);
}

/** True once the `until` date has passed (the suppression covers the whole `until` day). */
export function isExpired(until: string | undefined, now: Date): boolean {
  if (!until || !isValidDate(until)) return false;
  return now.getTime() >= new Date(until + 'T00:00:00Z').getTime() + 86_400_000;
}
