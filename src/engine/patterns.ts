import { Minimatch } from 'minimatch';

const GLOB_CHARS = /[*?[\]{}!]/;

/** Compiled module-name pattern: exact names also match their subpaths (`face-api.js/dist/x`). */
export function compileModulePattern(pattern: string): (name: string) => boolean {
  if (!GLOB_CHARS.test(pattern)) return (name) => name === pattern || name.startsWith(pattern + '/');
  const mm = new Minimatch(pattern, { nocomment: true, nonegate: true, dot: true });
  return (name) => mm.match(name);
}

export function compileModulePatterns(patterns: string | string[] | undefined): ((name: string) => boolean) | undefined {
  if (patterns === undefined) return undefined;
  const list = (Array.isArray(patterns) ? patterns : [patterns]).map(compileModulePattern);
  return (name) => list.some((f) => f(name));
}

/** Splits `Rekognition().compareFaces` into `['Rekognition', '()', 'compareFaces']`. */
export function splitPath(pattern: string): string[] {
  const out: string[] = [];
  for (const part of pattern.split('.')) {
    if (part === '') continue;
    let p = part;
    const calls: string[] = [];
    while (p.endsWith('()')) {
      calls.push('()');
      p = p.slice(0, -2);
    }
    if (p) out.push(p);
    out.push(...calls);
  }
  return out;
}

type SegmentTest = { any: true } | { test: (s: string) => boolean; literal?: string };

/** A compiled callee path pattern. `literalLast` is the last segment when it has no glob, for indexing. */
export interface PathPattern {
  source: string;
  literalLast?: string;
  match(path: readonly string[]): boolean;
}

export function compilePathPattern(pattern: string): PathPattern {
  const segs: SegmentTest[] = splitPath(pattern).map((s) => {
    if (s === '**') return { any: true };
    if (!GLOB_CHARS.test(s)) return { test: (x: string) => x === s, literal: s };
    const mm = new Minimatch(s, { nocomment: true, nonegate: true, dot: true });
    return { test: (x: string) => x !== '()' && mm.match(x) };
  });
  const last = segs[segs.length - 1];
  return {
    source: pattern,
    literalLast: last && !('any' in last) ? last.literal : undefined,
    match: (path) => matchSegments(segs, 0, path, 0),
  };
}

function matchSegments(segs: SegmentTest[], i: number, path: readonly string[], j: number): boolean {
  while (i < segs.length) {
    const s = segs[i];
    if ('any' in s) {
      for (let k = j; k <= path.length; k++) if (matchSegments(segs, i + 1, path, k)) return true;
      return false;
    }
    if (j >= path.length || !s.test(path[j])) return false;
    i++;
    j++;
  }
  return j === path.length;
}

/** A glob over free text (URLs, string values): `*` matches anything, including `/`. Linear-time. */
export function compileTextGlob(pattern: string): (s: string) => boolean {
  const parts = pattern.split('*');
  return (s: string) => {
    if (parts.length === 1) return s === pattern;
    if (!s.startsWith(parts[0])) return false;
    let pos = parts[0].length;
    for (let i = 1; i < parts.length - 1; i++) {
      const idx = s.indexOf(parts[i], pos);
      if (idx < 0) return false;
      pos = idx + parts[i].length;
    }
    const lastPart = parts[parts.length - 1];
    return s.length - lastPart.length >= pos && s.endsWith(lastPart);
  };
}

/**
 * Why a user-supplied glob is unusable, or undefined when it is fine. minimatch accepts almost
 * anything (an unclosed `[` silently becomes a literal), so the mistakes people make are caught here.
 */
export function globProblem(pattern: string): string | undefined {
  if (typeof pattern !== 'string' || !pattern.trim()) return 'empty pattern';
  if (pattern.includes('\0')) return 'contains a NUL character';
  if (pattern.length > 4096) return 'longer than 4096 characters';
  let depthBrace = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) return `unclosed '[' at position ${i + 1}`;
      const body = pattern.slice(i + 1, close);
      const range = /(.)-(.)/.exec(body.replace(/^[!^]/, ''));
      if (range && range[1] > range[2]) return `reversed character range '${range[0]}'`;
      i = close;
    } else if (c === '{') depthBrace++;
    else if (c === '}') depthBrace--;
    if (depthBrace < 0) return `unmatched '}' at position ${i + 1}`;
  }
  if (depthBrace > 0) return "unclosed '{'";
  return undefined;
}
