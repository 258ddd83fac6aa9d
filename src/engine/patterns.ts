import { Minimatch } from 'minimatch';

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * The package a specifier loads: a path into a `node_modules` folder (`../node_modules/face-api.js/dist/x.js`,
 * found in demos and tutorials) names the package after its last `node_modules/`; any other specifier is itself.
 */
export function packageSpecifier(spec: string): string {
  const i = spec.lastIndexOf('node_modules/');
  if (i < 0 || (i > 0 && spec[i - 1] !== '/')) return spec;
  const rest = spec.slice(i + 'node_modules/'.length);
  return rest && !rest.startsWith('.') ? rest : spec;
}

/**
 * File names of libraries' built bundles (`human.esm.js`) with the module each stands for, from the
 * `bundles` of `rules/globals.json`: a vendored copy imported by path loads the library itself.
 */
export type BundleIndex = ReadonlyMap<string, string>;

/**
 * The module a specifier loads (`packageSpecifier`), where a path or URL (`'../dist/human.esm.js'`,
 * `'/js/face-api.min.js'`, `'https://cdn…/human.esm.js'`) whose last segment is a known bundle file name
 * stands for that library. Bare specifiers are left alone: `'@vladmandic/face-api/dist/face-api.esm.js'`
 * is already a subpath of its own package.
 */
export function moduleSpecifier(spec: string, bundles: BundleIndex | undefined): string {
  const pkg = packageSpecifier(spec);
  if (pkg !== spec || !bundles?.size) return pkg;
  const c = spec.charCodeAt(0);
  if (c !== 46 /* . */ && c !== 47 /* / */ && !spec.includes('://')) return spec;
  const end = spec.search(/[?#]/);
  const p = end < 0 ? spec : spec.slice(0, end);
  return bundles.get(p.slice(p.lastIndexOf('/') + 1)) ?? spec;
}

/** The module patterns that compile to "this name or one of its subpaths" (no glob syntax), for indexing; undefined if any is a glob. */
export function exactModuleNames(patterns: string | string[] | undefined): string[] | undefined {
  if (patterns === undefined) return undefined;
  const list = Array.isArray(patterns) ? patterns : [patterns];
  return list.every((p) => p !== '' && !GLOB_CHARS.test(p) && !p.endsWith('/')) ? list : undefined;
}

/** Compiled module-name pattern: exact names also match their subpaths (`face-api.js/dist/x`). */
export function compileModulePattern(pattern: string): (name: string) => boolean {
  if (!GLOB_CHARS.test(pattern)) {
    const sub = pattern + '/';
    return (name) => name === pattern || name.startsWith(sub);
  }
  if (!RICH_GLOB.test(pattern)) {
    // As minimatch: repeated and trailing slashes do not count, `*` never matches an empty segment, and a
    // trailing `/**` needs at least one segment. Relative names (`./x`, `../x`) keep minimatch's dot rules.
    const parts = pattern.split(/\/+/);
    if (parts.length > 1 && parts[parts.length - 1] === '**') parts.splice(parts.length - 1, 0, '*');
    const segment = (p: string, x: string) => x !== '' && wildcardMatch(p, x);
    let mm: Minimatch | undefined;
    return (name) => {
      if (name === '' || name.length > MAX_GLOB_SUBJECT) return false;
      const segs = name.replace(/\/+$/, '').split(/\/+/);
      if (segs.some((x) => x === '.' || x === '..')) return (mm ??= new Minimatch(pattern, { nocomment: true, nonegate: true, dot: true })).match(name);
      return greedyMatch(parts, segs, (p) => p === '**', segment);
    };
  }
  const mm = new Minimatch(pattern, { nocomment: true, nonegate: true, dot: true });
  return (name) => name.length <= MAX_GLOB_SUBJECT && mm.match(name);
}

/** Globs with classes, braces or extglobs go to minimatch; plain `*` / `?` globs use the linear matcher below. */
const RICH_GLOB = /[[\]{}()!]/;

/** Longest module name or identifier a glob is tried on: real ones are far shorter, and it bounds the work on hostile input. */
export const MAX_GLOB_SUBJECT = 1024;

/**
 * Greedy two-pointer wildcard matching over a sequence: a star element matches any run, other elements
 * must pass `eq`. At most O(pattern × subject) steps, never the exponential backtracking a regular
 * expression can fall into, so a hostile file cannot stall a scan through a glob.
 */
function greedyMatch<P, S>(pattern: ArrayLike<P>, subject: ArrayLike<S>, isStar: (p: P) => boolean, eq: (p: P, s: S) => boolean): boolean {
  let p = 0;
  let i = 0;
  let star = -1;
  let mark = 0;
  while (i < subject.length) {
    if (p < pattern.length && !isStar(pattern[p]) && eq(pattern[p], subject[i])) {
      p++;
      i++;
    } else if (p < pattern.length && isStar(pattern[p])) {
      star = p++;
      mark = i;
    } else if (star >= 0) {
      p = star + 1;
      i = ++mark;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

/** `*` (any run of characters) and `?` (one character) within one segment. */
export function wildcardMatch(pattern: string, s: string): boolean {
  return greedyMatch(pattern, s, (c) => c === '*', (c, x) => c === '?' || c === x);
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
  /** The first segment is `*` or `**`: the pattern names no export of the module, only something reached through one. */
  anyHead: boolean;
  match(path: readonly string[]): boolean;
  /** Whether some path that starts with `path` matches (`Rekognition().indexFaces` extends `Rekognition()`). */
  extends(path: readonly string[]): boolean;
}

/** A callee or property path that starts with a wildcard segment (`**.takePictureAsync`): it names no export of its module. */
export function anyHeadPath(pattern: string): boolean {
  const head = splitPath(pattern)[0];
  return head === '*' || head === '**';
}

/**
 * The export a callee or property path starts from, when it is a plain name (`MilvusClient` in
 * `MilvusClient().insert`); undefined for a call of the module itself (`().detect`) or a glob.
 */
export function valueHead(pattern: string): string | undefined {
  const head = splitPath(pattern)[0];
  return head === undefined || head === '()' || /[*?[\]{}()!]/.test(head) ? undefined : head;
}

export function compilePathPattern(pattern: string): PathPattern {
  const segs: SegmentTest[] = splitPath(pattern).map((s) => {
    if (s === '**') return { any: true };
    if (!GLOB_CHARS.test(s)) return { test: (x: string) => x === s, literal: s };
    if (!RICH_GLOB.test(s)) return { test: (x: string) => x !== '()' && x.length <= MAX_GLOB_SUBJECT && wildcardMatch(s, x) };
    const mm = new Minimatch(s, { nocomment: true, nonegate: true, dot: true });
    return { test: (x: string) => x !== '()' && x.length <= MAX_GLOB_SUBJECT && mm.match(x) };
  });
  const last = segs[segs.length - 1];
  return {
    source: pattern,
    literalLast: last && !('any' in last) ? last.literal : undefined,
    anyHead: anyHeadPath(pattern),
    match: (path) => matchSegments(segs, 0, path, 0),
    extends: (path) => prefixSegments(segs, 0, path, 0),
  };
}

/** Whether `path[j..]` can be the start of a path that `segs[i..]` matches. */
function prefixSegments(segs: SegmentTest[], i: number, path: readonly string[], j: number): boolean {
  while (j < path.length) {
    if (i >= segs.length) return false;
    const s = segs[i];
    if ('any' in s) {
      for (let k = j; k <= path.length; k++) if (prefixSegments(segs, i + 1, path, k)) return true;
      return false;
    }
    if (!s.test(path[j])) return false;
    i++;
    j++;
  }
  return true;
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
