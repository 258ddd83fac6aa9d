/**
 * A text prefilter derived from the loaded rules (never hand-written). Each rule yields a formula over
 * tokens that any match of the rule needs in the file text; all tokens are found in one linear scan
 * (an Aho–Corasick automaton), and a file whose text satisfies no rule's formula is not parsed at all.
 *
 * Why the tokens are needed (the argument for soundness):
 * - a module reaches a file only through a quoted specifier (`import`, `export … from`, `require`,
 *   `import()`, `import x = require()`), or through a library global from `rules/globals.json` whose
 *   name appears as an identifier, or through a path to a vendored copy of its bundle (`'/human.esm.js'`
 *   ends the specifier, see `moduleSpecifier`); in markup files also through a `<script src>` (bare
 *   name, CDN path or the vendored file name from `globals.json`);
 * - every literal segment of a resolved callee or property path is an identifier, a property name, a
 *   destructuring key or an imported name written in the file (the engine adds only `()`);
 * - a string a `matches` glob tests is built from literals in the file: each word of the glob
 *   (`ip-api`, `face`) is needed, assuming no concatenation splits a word or a hyphenated label;
 * - the keys of an argument condition's `property` path are object keys written in the file;
 * - suppression comments (used or not) need the `privacy-by-design-` prefix.
 * A matcher kind or key this module does not know makes its rule run on every file (conservative).
 * Not covered: identifiers or strings written with escape sequences (`watch\u0050osition`).
 */
import * as fs from 'fs';
import { anyHeadPath, compileModulePattern, valueHead } from './patterns';
import { WAIT_FUNCTIONS } from './match';
import { unaliasSpecifier, type PathAliases } from './aliases';
import { readSourceText } from './text';
import type { PreparedRules } from './analyze';
import type { ArgCondition, CallMatcher, ElementMatcher, FileCondition, Matcher, Rule, RuleSet } from './rules';
import { SUPPRESSION_PREFIX } from './suppress';

/**
 * A token: text that must occur, optionally with an identifier boundary on the left (`l`) and, on the
 * right, an identifier boundary (`r: 'w'`) or the end of a module specifier (`r: 's'`: a quote or `/`).
 */
export interface Token {
  tok: string;
  l?: true;
  r?: 'w' | 's';
  /** The character before must be one of these (or the text starts there). */
  lset?: string;
  /** The character after must be one of these (or the text ends there). */
  rset?: string;
  /** A library global (`faceapi`): it counts only where it can be code (see `globalInCode`). */
  g?: true;
  /** A quoted module specifier: it counts only if some occurrence is outside comments (see `TokenScanner.outsideComments`). */
  c?: true;
  /** The text before must be a quote (`'`, `"`, a backtick) or `node_modules/`: a module specifier starts there. */
  q?: true;
}

/**
 * A condition over the tokens present in a file. `markup` holds for .vue/.svelte/.html files; `code`
 * for every file but declaration files (.d.ts), which hold no executable code: a body or initializer
 * in an ambient context is a compile error, so no call, member read or flow can match there.
 */
export type Formula = boolean | Token | { and: Formula[] } | { or: Formula[] } | 'markup' | 'code';

/** A token's identity (text and boundaries). */
export function tokenKey(t: Token): string {
  // Formulas share token objects, and building the key is most of what deduplicating and compiling them costs
  // (this runs once per rule set, before the JIT has optimised anything). Tokens are not changed once in a formula.
  let k = tokenKeys.get(t);
  if (k === undefined) tokenKeys.set(t, (k = tokenKeyNow(t)));
  return k;
}

const tokenKeys = new WeakMap<Token, string>();

function tokenKeyNow(t: Token): string {
  return `${t.tok}\u0000${t.l ? 1 : 0}${t.r ?? ''}\u0000${t.lset ?? ''}\u0000${t.rset ?? ''}${t.g ? '\u0000g' : ''}${t.c ? '\u0000c' : ''}${t.q ? '\u0000q' : ''}`;
}

const TRUE: Formula = true;
const FALSE: Formula = false;

export function and(...xs: Formula[]): Formula {
  const out: Formula[] = [];
  for (const x of xs) {
    if (x === false) return FALSE;
    if (x === true) continue;
    if (typeof x === 'object' && 'and' in x) out.push(...x.and);
    else out.push(x);
  }
  return out.length === 0 ? TRUE : out.length === 1 ? out[0] : { and: out };
}

export function or(...xs: Formula[]): Formula {
  const out: Formula[] = [];
  const seen = new Set<string>();
  for (const x of xs) {
    if (x === true) return TRUE;
    if (x === false) continue;
    for (const y of typeof x === 'object' && 'or' in x ? x.or : [x]) {
      // Tokens and atoms are deduplicated by value; larger formulas are kept as they are (cheap to build).
      const k = typeof y !== 'object' ? String(y) : 'tok' in y ? tokenKey(y) : undefined;
      if (k === undefined) out.push(y);
      else if (!seen.has(k)) {
        seen.add(k);
        out.push(y);
      }
    }
  }
  return out.length === 0 ? FALSE : out.length === 1 ? out[0] : { or: out };
}

function tok(s: string, l = false, r?: 'w' | 's'): Token {
  const t: Token = { tok: s };
  if (l) t.l = true;
  if (r) t.r = r;
  return t;
}

/**
 * A path or URL ending in a vendored bundle's file name (`'../dist/human.esm.js'`, see `moduleSpecifier`):
 * a `/` starts the name and a quote, `?` or `#` ends it. Like a quoted specifier, it does not count in comments.
 */
function bundleTokens(bundles: readonly string[] | undefined): Token[] {
  return (bundles ?? []).map((b) => ({ tok: '/' + b, rset: '\'"`?#', c: true }));
}

/** A whole identifier or property name (a path segment, a global): bounded on both sides. */
const word = (s: string): Token => tok(s, true, 'w');

/** Tokens shorter than this are not worth a conjunct (dropping a conjunct is always sound). */
const MIN_TOKEN = 3;

/**
 * Literal runs of a minimatch pattern that every matching string contains, with whether the first
 * run starts the pattern. Contents of `{…}`, `[…]` and extglob `@(…)` groups are not required.
 */
export function globFragments(pattern: string): { fragments: string[]; prefix?: string } {
  const fragments: string[] = [];
  let cur = '';
  let depth = 0;
  let prefix: string | undefined;
  let atStart = true;
  const flush = () => {
    if (cur) {
      if (atStart) prefix = cur;
      fragments.push(cur);
    }
    cur = '';
    atStart = false;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      if (depth === 0) cur += pattern[++i];
      else i++;
      continue;
    }
    if (c === '{' || c === '[' || c === '(') {
      // `@(`, `!(`, `+(`, `?(`, `*(`: the marker before the group is not literal either.
      if (c === '(' && cur && '@!+?*'.includes(cur[cur.length - 1])) cur = cur.slice(0, -1);
      flush();
      depth++;
      continue;
    }
    if (c === '}' || c === ']' || c === ')') {
      if (depth > 0) depth--;
      flush();
      continue;
    }
    if (depth > 0) continue;
    if (c === '*' || c === '?') {
      if (pattern[i + 1] === '(') {
        cur += c; // extglob marker, removed at the group
        continue;
      }
      flush();
      continue;
    }
    cur += c;
  }
  if (cur) {
    if (atStart) prefix = cur;
    fragments.push(cur);
  }
  return { fragments, prefix: prefix !== undefined && fragments[0] === prefix ? prefix : undefined };
}

const GLOB_CHARS = /[*?[\]{}()!]/;

/** Splits a callee or property path pattern into segments, as patterns.ts does. */
function pathSegments(pattern: string): string[] {
  const out: string[] = [];
  for (const part of pattern.split('.')) {
    let p = part.trim();
    while (p.endsWith('()')) p = p.slice(0, -2);
    if (p) out.push(p);
  }
  return out;
}

/**
 * Largest file whose export of a whole module (`AWS.config.update(…); module.exports = AWS`) links its
 * importers: such configuration modules are short, and any longer file that loads a matcher's module
 * would have to be parsed to find out (crossFileGraph; `markCallValues` applies the same limit).
 */
export const MODULE_VALUE_FILE_CHARS = 4096;

/** Whether `word` occurs in `text` between identifier boundaries (as the prefilter's word tokens do). */
export function hasWord(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) {
    if ((i === 0 || IDENT[text.charCodeAt(i - 1)] !== 1) && IDENT[text.charCodeAt(i + word.length)] !== 1) return true;
  }
  return false;
}

/** Every literal segment (or literal run inside a glob segment) of a path pattern is needed. */
function pathFormula(pattern: string): Formula {
  const parts: Formula[] = [];
  for (const seg of pathSegments(pattern)) {
    if (seg === '*' || seg === '**' || /^\d+$/.test(seg)) continue; // array-pattern indexes are not written in the text
    if (!GLOB_CHARS.test(seg)) {
      if (seg.length >= MIN_TOKEN) parts.push(word(seg));
      continue;
    }
    for (const f of globFragments(seg).fragments) if (f.length >= MIN_TOKEN) parts.push(tok(f));
  }
  return and(...parts);
}

function list<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

/**
 * Every word of a text glob's literal parts, with a boundary on each side that a literal non-word
 * character gives it (in `//db-ip.com/` both sides of `db-ip` are bounded, and the left of `com`),
 * assuming no concatenation splits a word (or a hyphenated host label).
 */
function globWords(glob: string): Formula {
  const parts: Formula[] = [];
  for (const frag of glob.split('*')) {
    const re = /[A-Za-z0-9_$]+(?:-[A-Za-z0-9_$]+)*/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(frag))) {
      if (m[0].length < 2 || /^[\d-]+$/.test(m[0])) continue;
      // Next to a literal character of the glob, the text has that character, or a string starts or
      // ends there (a concatenation or template split at that point), or an escape.
      const t = tok(m[0]);
      if (m.index > 0) t.lset = frag[m.index - 1] + `'"\`}\\`;
      const after = m.index + m[0].length;
      if (after < frag.length) t.rset = frag[after] + `'"\`$\\`;
      parts.push(t);
    }
  }
  return and(...parts);
}


/** Derives the prefilter formula of each rule from the rule set. */
export class FormulaBuilder {
  private readonly memo = new Map<string, Formula>();

  constructor(private readonly ruleSet: RuleSet) {}

  private memoised(key: string, make: () => Formula): Formula {
    let f = this.memo.get(key);
    if (f === undefined) this.memo.set(key, (f = make()));
    return f;
  }

  /** A module matching one of `patterns` is loaded in code by a quoted specifier or a library global. */
  moduleFormula(patterns: string | string[]): Formula {
    return this.memoised('module\u0000' + list(patterns).join('\u0000'), () => this.moduleFormulaNow(patterns));
  }

  private moduleFormulaNow(patterns: string | string[]): Formula {
    // Loaded by a specifier (`loadFormula`), or used through a library global.
    const alts: Formula[] = [this.loadFormula(patterns)];
    for (const p of list(patterns)) {
      const matches = compileModulePattern(p);
      for (const [name, g] of this.ruleSet.globals) {
        if (!matches(g.module)) continue;
        // A global with `evidence` counts only next to one of those names (FileModel.globalsHere).
        const use: Formula = { ...word(name), g: true };
        alts.push(g.evidence?.length ? and(use, or(...g.evidence.map((w) => word(w)))) : use);
      }
    }
    return or(...alts);
  }

  /**
   * A module matching one of `patterns` is loaded by a specifier: quoted, or a vendored bundle's file name
   * (not by a library global: see `LibraryValue.global`).
   */
  private loadFormula(patterns: string | string[]): Formula {
    return this.memoised('load\u0000' + list(patterns).join('\u0000'), () => {
      const alts: Formula[] = [];
      for (const p of list(patterns)) {
        alts.push(this.quotedSpecifier(p));
        const matches = compileModulePattern(p);
        for (const [, g] of this.ruleSet.globals) if (matches(g.module)) alts.push(...bundleTokens(g.bundles));
      }
      return or(...alts);
    });
  }

  private quotedSpecifier(p: string): Formula {
    // An exact name also matches its subpaths (`face-api.js/dist/x`): the quote or a `/` follows it.
    // A path into node_modules (`'../node_modules/face-api.js'`) names the package too (packageSpecifier).
    // One token for the four ways in (three quotes and `node_modules/`), checked before the name on a hit: the
    // automaton then holds each package name once instead of four times. A specifier only in comments
    // (`// const h = require('@vladmandic/human')`, a commented-out import) loads nothing.
    const specifier = (t: Token): Token => ({ ...t, c: true, q: true });
    if (!GLOB_CHARS.test(p)) return specifier(tok(p, false, 's'));
    const { fragments, prefix } = globFragments(p);
    if (prefix) return specifier(tok(prefix));
    return this.longest(fragments);
  }

  private longest(fragments: string[]): Formula {
    const best = [...fragments].sort((a, b) => b.length - a.length)[0];
    return best && best.length >= MIN_TOKEN ? tok(best) : TRUE;
  }

  /** `import` matcher: quoted specifiers in code; in markup also a `<script src>` by package name or vendored file name. */
  importFormula(patterns: string | string[]): Formula {
    const alts: Formula[] = [];
    for (const p of list(patterns)) {
      alts.push(this.quotedSpecifier(p));
      const bare = GLOB_CHARS.test(p) ? this.longest(globFragments(p).fragments) : tok(p);
      const scripts: Formula[] = [];
      const matches = compileModulePattern(p);
      for (const [, g] of this.ruleSet.globals) {
        if (!matches(g.module)) continue;
        for (const s of g.scripts ?? []) scripts.push(this.longest(s.split('*')));
        alts.push(...bundleTokens(g.bundles));
      }
      alts.push(and('markup', or(bare, ...scripts)));
    }
    return or(...alts);
  }

  callFormula(c: CallMatcher & { arg?: unknown }): Formula {
    const known = new Set(['module', 'global', 'callee', 'new', 'where', 'inLoop', 'inTimer', 'unlessGuarded', 'anyReceiver', 'arg', 'receiverWhere']);
    if (Object.keys(c).some((k) => !known.has(k))) return TRUE;
    const callee = or(...list(c.callee).map(pathFormula));
    const where = and(...(c.where ?? []).map((w) => this.whereFormula(w)));
    // A timer-repeated call needs the timer's name in the file (`inTimer: false` needs nothing).
    const timer: Formula = c.inTimer === true ? or(word('setInterval'), word('setTimeout'), ...WAIT_FUNCTIONS.map((w) => word(w))) : TRUE;
    if (c.anyReceiver) return and('code', callee, where, timer);
    const target = c.module !== undefined ? this.moduleFormula(c.module) : TRUE;
    return and('code', target, callee, where, timer);
  }

  /**
   * What an argument condition needs: the keys of its `property` path (object keys written in the file),
   * and every word of a `matches` glob (a URL the call receives). A negated condition, or one that holds
   * when the property is absent, needs nothing.
   */
  private whereFormula(w: ArgCondition): Formula {
    if (w.not) return TRUE;
    const parts: Formula[] = [];
    if (w.property !== undefined && w.present !== false) {
      for (const key of w.property.split('.')) if (key.length >= MIN_TOKEN && !/^\d+$/.test(key) && key !== '*') parts.push(word(key));
    }
    if (w.matches !== undefined) parts.push(or(...list(w.matches).map(globWords)));
    // A function that names one of these: the name is written in the file.
    if (w.reads !== undefined) {
      const names = list(w.reads);
      parts.push(names.length && names.every((n) => n.length >= MIN_TOKEN) ? or(...names.map((n) => word(n))) : TRUE);
    }
    return and(...parts);
  }

  /** A JSX element: its module is loaded, its name (each literal segment) and one of its attributes are written. */
  elementFormula(e: ElementMatcher): Formula {
    const known = new Set(['module', 'name', 'attributes', 'where']);
    if (Object.keys(e).some((k) => !known.has(k)) || e.module === undefined) return TRUE;
    const attrs = list(e.attributes);
    const attributes = attrs.length && attrs.every((a) => a.length >= MIN_TOKEN) ? or(...attrs.map((a) => word(a))) : TRUE;
    // A condition on an attribute's value needs the attribute written (unless negated or about its absence) and what its value needs.
    const where = and(...(e.where ?? []).map((w) => (w.not || w.present === false ? TRUE : and(w.attribute.length >= MIN_TOKEN ? word(w.attribute) : TRUE, this.whereFormula({ ...w, arg: 0 })))));
    return and('code', this.moduleFormula(e.module), or(...list(e.name).map(pathFormula)), attributes, where);
  }

  propertyFormula(p: { module?: string | string[]; global?: boolean; path: string | string[] }): Formula {
    const known = new Set(['module', 'global', 'path']);
    if (Object.keys(p).some((k) => !known.has(k))) return TRUE;
    const target = p.module !== undefined ? this.moduleFormula(p.module) : TRUE;
    return and('code', target, or(...list(p.path).map(pathFormula)));
  }

  /** A source kind from `rules/sources.json`, read generically: matcher-shaped entries yield tokens, anything else runs always. */
  sourceFormula(kind: string): Formula {
    return this.memoised('source\u0000' + kind, () => this.sourceFormulaNow(kind));
  }

  private sourceFormulaNow(kind: string): Formula {
    const src = this.ruleSet.sources as Record<string, unknown>;
    const table = (src.sources && typeof src.sources === 'object' ? src.sources : src) as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(table, kind)) return TRUE;
    return this.anyFormula(table[kind], 0);
  }

  private anyFormula(v: unknown, depth: number): Formula {
    if (depth > 6 || v === null || typeof v !== 'object') return TRUE;
    if (Array.isArray(v)) return v.length ? or(...v.map((x) => this.anyFormula(x, depth + 1))) : TRUE;
    const o = v as Record<string, unknown>;
    // `id`, `label`, `server` and `yields` (where the value appears) describe a source; they never widen what it matches.
    const keys = Object.keys(o).filter((k) => !['$comment', 'description', 'label', 'name', 'id', 'yields', 'server'].includes(k));
    if (keys.length === 1 && ['import', 'call', 'property', 'flow', 'builtin'].includes(keys[0])) return this.matcherFormula({ [keys[0]]: o[keys[0]] } as Matcher);
    // `method`: a method on any receiver, optionally only in files that have the `requires` call.
    if (keys.includes('method') && keys.every((k) => k === 'method' || k === 'requires')) {
      const names = list(o.method as string | string[]);
      if (!names.length || names.some((n) => typeof n !== 'string')) return TRUE;
      const req = o.requires && typeof o.requires === 'object' ? this.callFormula(o.requires as CallMatcher) : TRUE;
      return and(or(...names.map(pathFormula)), req);
    }
    if (keys.includes('callee')) return this.callFormula(Object.fromEntries(keys.map((k) => [k, o[k]])) as unknown as CallMatcher);
    return TRUE;
  }

  matcherFormula(m: Matcher): Formula {
    if (!m || typeof m !== 'object' || Object.keys(m).length !== 1) return TRUE;
    // `names` only narrows what the module's import reports: the module's tokens are still needed.
    if ('import' in m) return this.importFormula(typeof m.import === 'string' || Array.isArray(m.import) ? m.import : m.import.module);
    if ('call' in m) return this.callFormula(m.call);
    if ('property' in m) return this.propertyFormula(m.property);
    if ('element' in m) return this.elementFormula(m.element);
    if ('flow' in m) {
      const { to, from, assign } = m.flow as typeof m.flow & { assign?: { module?: string | string[]; global?: boolean; path: string | string[] } };
      // `sink` only narrows (bounded stores stay quiet); `assign` is a member path like a property matcher.
      if ((!to && !assign) || !Array.isArray(from) || Object.keys(m.flow).some((k) => !['to', 'from', 'sink', 'assign'].includes(k))) return TRUE;
      const target = or(to ? this.callFormula(to) : FALSE, assign ? this.propertyFormula(assign) : FALSE);
      return and(target, or(...from.map((k) => this.sourceFormula(k))));
    }
    if ('builtin' in m) return m.builtin === 'suppressions' ? tok(SUPPRESSION_PREFIX) : TRUE;
    return TRUE;
  }

  private conditionFormula(c: FileCondition | undefined): Formula {
    if (!c) return TRUE;
    // `fileHas` matchers must all match for the condition to hold; `fileLacks` needs nothing.
    return and(...list(c.fileHas).map((m) => this.matcherFormula(m)));
  }

  /**
   * A file that may export a library object some call or property matcher names a call on: it loads the
   * matcher's module (see `crossFileGraph`). Matchers whose paths all start with a wildcard
   * (`**.takePictureAsync`) name no export of the module and take no part (as in `namedByMatchers`).
   */
  valueFormula(moduleOnly = false): Formula {
    const alts: Formula[] = [];
    const consider = (m: Matcher) => {
      if (!m || typeof m !== 'object') return;
      const t = 'call' in m ? { module: m.call.module, global: m.call.global || m.call.anyReceiver, paths: m.call.callee } : 'property' in m ? { module: m.property.module, global: m.property.global, paths: m.property.path } : undefined;
      if (!t || t.module === undefined || t.global) return;
      for (const p of list(t.paths)) {
        if (anyHeadPath(p)) continue;
        // An object from the module's export `head` (`new MilvusClient()`) is written with that name (see `valueHead`).
        const head = valueHead(p);
        alts.push(and('code', this.loadFormula(t.module), head === undefined || moduleOnly ? TRUE : word(head)));
      }
    };
    for (const r of this.ruleSet.rules) {
      list(r.match).forEach(consider);
      for (const c of [r.requires, ...(r.variants ?? []).map((v) => v.when)]) list(c?.fileHas).forEach(consider);
    }
    return or(...alts);
  }

  /** Findings of a rule need one of its matchers and its `requires` condition. */
  ruleFormula(rule: Rule): Formula {
    const known = new Set(['$schema', '$comment', 'id', 'title', 'category', 'severity', 'match', 'requires', 'variants', 'message', 'fix', 'recommendations', 'source', 'docs', 'tags']);
    if (Object.keys(rule).some((k) => !known.has(k))) return TRUE;
    return and(or(...list(rule.match).map((m) => this.matcherFormula(m))), this.conditionFormula(rule.requires));
  }
}

/** Renders a formula for messages and docs. */
export function formulaToString(f: Formula): string {
  if (f === true) return 'always';
  if (f === false) return 'never';
  if (f === 'markup') return 'markup-file';
  if (f === 'code') return 'not-a-declaration-file';
  if ('tok' in f) return (f.q ? "['\"`|node_modules/]" : f.lset ? `[${f.lset}]` : f.l ? '\\b' : '') + JSON.stringify(f.tok) + (f.rset ? `[${f.rset}]` : f.r === 'w' ? '\\b' : f.r === 's' ? '$' : '');
  if ('and' in f) return '(' + f.and.map(formulaToString).join(' & ') + ')';
  return '(' + f.or.map(formulaToString).join(' | ') + ')';
}

type Compiled = (hits: Uint8Array, markup: boolean, code: boolean) => boolean;

const MARKUP = /\.(vue|svelte|html?)$/i;
const DECLARATION = /\.d\.[cm]?ts$/i;

/** Identifier characters (ASCII; a non-ASCII neighbour counts as a boundary, which only admits more files). */
const IDENT = new Uint8Array(65536);
for (let c = 0; c < 128; c++) if (/[A-Za-z0-9_$]/.test(String.fromCharCode(c))) IDENT[c] = 1;
const SPEC_END = new Uint8Array(65536);
for (const c of ['\'', '"', '`', '/']) SPEC_END[c.charCodeAt(0)] = 1;

/** Token boundary flags (TokenScanner.tokMode). */
const LEFT_WORD = 1;
const RIGHT_WORD = 2;
const RIGHT_SPEC = 4;
const SETS = 8;
const SPEC_START = 16;

/** A scanner's tables (see `TokenScanner`), as `Prefilter.serialize` stores them. */
interface ScannerTables {
  cls: Uint16Array;
  ncls: number;
  delta: Int16Array | Int32Array;
  outStart: Int32Array;
  outFlat: Int32Array;
}

/** Multi-token scanner: Aho–Corasick over UTF-16 code units with a dense transition table, boundaries checked on a hit. */
class TokenScanner {
  readonly cls: Uint16Array = new Uint16Array(65536);
  readonly ncls: number;
  readonly delta: Int16Array | Int32Array;

  constructor(
    readonly tokens: readonly Token[],
    stored?: ScannerTables,
  ) {
    this.tokLen = Int32Array.from(tokens, (t) => t.tok.length);
    this.tokMode = Uint8Array.from(tokens, (t) => (t.l ? LEFT_WORD : 0) | (t.r === 'w' ? RIGHT_WORD : t.r === 's' ? RIGHT_SPEC : 0) | (t.lset !== undefined || t.rset !== undefined ? SETS : 0) | (t.q ? SPEC_START : 0));
    if (stored) {
      ({ cls: this.cls, ncls: this.ncls, delta: this.delta, outStart: this.outStart, outFlat: this.outFlat } = stored);
      return;
    }
    let ncls = 1;
    const texts = [...new Set(tokens.map((t) => t.tok))];
    for (const t of texts) {
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (this.cls[c] === 0) this.cls[c] = ncls++;
      }
    }
    this.ncls = ncls;
    const byText = new Map<string, number[]>();
    tokens.forEach((t, i) => {
      const list = byText.get(t.tok);
      if (list) list.push(i);
      else byText.set(t.tok, [i]);
    });
    // The trie, with each state's edges as a short list (class, child, class, child, …): states are numbered as
    // created here and renumbered breadth first below.
    const edges: number[][] = [[]];
    const own: Array<number[] | undefined> = [];
    for (const t of texts) {
      let s = 0;
      for (let i = 0; i < t.length; i++) {
        const k = this.cls[t.charCodeAt(i)];
        const e = edges[s];
        let next = 0;
        for (let j = 0; j < e.length; j += 2) {
          if (e[j] === k) {
            next = e[j + 1];
            break;
          }
        }
        if (next === 0) {
          next = edges.length;
          edges.push([]);
          e.push(k, next);
        }
        s = next;
      }
      (own[s] ??= []).push(...byText.get(t)!);
    }
    const n = edges.length;
    // States are numbered breadth first: a scan spends nearly all its time in the root and the few states one or
    // two characters deep, whose rows then sit together at the start of the table (a few cache lines) instead of
    // scattered over megabytes in the order the tokens were inserted.
    const order = [0];
    for (let qi = 0; qi < order.length; qi++) {
      const e = edges[order[qi]];
      for (let j = 1; j < e.length; j += 2) order.push(e[j]);
    }
    const rank = new Int32Array(n);
    order.forEach((s, i) => (rank[s] = i));
    // Transitions hold the next state's number, negated when that state ends a token: the scan loop then needs
    // one load per character and a sign test. 16-bit entries while the states allow it: the table is read at
    // scattered rows, and after a parse has flushed the caches its size is what a scan pays for.
    // The table is built in that order in one pass: a state's row starts as a copy of its failure state's row
    // (complete by then, being shallower; a native copy, not a loop over the classes: this runs once, before the
    // JIT has optimised anything) and then gets its own edges. Its outputs are its own plus its failure state's.
    const table = n < 0x8000 ? new Int16Array(n * ncls) : new Int32Array(n * ncls);
    const fail = new Int32Array(n);
    const outsOf: number[][] = new Array(n);
    outsOf[0] = [];
    const outputsOf = (child: number, failure: number): number[] => {
      const mine = own[order[child]];
      const inherited = outsOf[failure];
      return mine ? (inherited.length ? [...new Set(mine.concat(inherited))] : [...new Set(mine)]) : inherited;
    };
    for (let qi = 0; qi < n; qi++) {
      const s = order[qi];
      const row = qi * ncls;
      if (qi !== 0) table.copyWithin(row, fail[qi] * ncls, fail[qi] * ncls + ncls);
      const e = edges[s];
      for (let j = 0; j < e.length; j += 2) {
        const k = e[j];
        const child = rank[e[j + 1]];
        // The root's failure transitions lead back to the root; a deeper state's follow its failure state's row.
        const f = qi === 0 ? 0 : Math.abs(table[fail[qi] * ncls + k]);
        fail[child] = f;
        outsOf[child] = outputsOf(child, f);
        table[row + k] = outsOf[child].length ? -child : child;
      }
    }
    this.delta = table;
    // Outputs and token boundaries live in flat typed arrays, not in per-state arrays and token objects:
    // a hit then reads a few contiguous numbers instead of chasing pointers through the heap.
    this.outStart = new Int32Array(n + 1);
    for (let s = 0; s < n; s++) this.outStart[s + 1] = this.outStart[s] + outsOf[s].length;
    this.outFlat = Int32Array.from(outsOf.flat());
  }

  readonly outStart: Int32Array;
  readonly outFlat: Int32Array;
  private readonly tokLen: Int32Array;
  private readonly tokMode: Uint8Array;

  /** Whether token `id`, whose text is at `start`, meets its boundary conditions there. */
  bounded(text: string, start: number, id: number): boolean {
    const mode = this.tokMode[id];
    if (mode === 0) return true;
    const before = start - 1;
    const after = start + this.tokLen[id];
    if ((mode & LEFT_WORD) !== 0 && before >= 0 && IDENT[text.charCodeAt(before)] === 1) return false;
    if ((mode & SPEC_START) !== 0) {
      if (before < 0) return false;
      const c = text.charCodeAt(before);
      if (c !== 39 && c !== 34 && c !== 96 && !(c === 47 && before >= 12 && text.startsWith('node_modules/', before - 12))) return false;
    }
    if ((mode & (RIGHT_WORD | RIGHT_SPEC)) !== 0) {
      if (after < text.length) {
        const a = text.charCodeAt(after);
        if ((mode & RIGHT_WORD) !== 0 ? IDENT[a] === 1 : SPEC_END[a] === 0) return false;
      } else if ((mode & RIGHT_SPEC) !== 0) return false;
    }
    if ((mode & SETS) !== 0) {
      const t = this.tokens[id];
      if (t.lset !== undefined && before >= 0 && !t.lset.includes(text[before])) return false;
      if (t.rset !== undefined && after < text.length && !t.rset.includes(text[after])) return false;
    }
    return true;
  }

  /**
   * Whether some occurrence of token `id` (its text where its boundary conditions hold) can be code: not
   * on a line that starts with `//` nor in a block comment that starts a line (with the same guards as
   * `globalInCode`). False only when every such occurrence is certainly in a comment.
   */
  outsideComments(text: string, id: number): boolean {
    const s = this.tokens[id].tok;
    for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + 1)) {
      // Only occurrences that are the token (a bare `ol` in `tool` is none): few, so the comment checks stay cheap.
      if (!this.bounded(text, i, id)) continue;
      if (!inLineComment(text, i) && !inLeadingBlockComment(text, i)) return true;
    }
    return false;
  }

  /** The tokens the last scan found, in the order found (each once). */
  readonly found: number[] = [];

  /** Marks in `hits` every token that occurs in `text` with its boundaries; false when there is none. */
  scan(text: string, hits: Uint8Array): boolean {
    let any = false;
    const found = this.found;
    found.length = 0;
    const { cls, ncls, delta, outStart, outFlat, tokLen, tokMode } = this;
    const n = text.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      s = delta[s * ncls + cls[text.charCodeAt(i)]];
      if (s < 0) {
        s = -s;
        for (let j = outStart[s], end = outStart[s + 1]; j < end; j++) {
          const id = outFlat[j];
          if (hits[id] === 1) continue;
          if (tokMode[id] !== 0 && !this.bounded(text, i + 1 - tokLen[id], id)) continue;
          hits[id] = 1;
          found.push(id);
          any = true;
        }
      }
    }
    return any;
  }
}

/** What one scan of a file tells the cross-file pass (see `Prefilter.classify`). */
export interface Classified {
  seed: 'model' | 'flow' | undefined;
  may: boolean;
  /** It loads a matcher's module and names the export a matcher's path starts from. */
  value: boolean;
  /** It loads a matcher's module. */
  valueModule: boolean;
}

export interface RuleFormula {
  ruleId: string;
  formula: Formula;
}

const K_TRUE = 0;
const K_FALSE = 1;
const K_MARKUP = 2;
const K_CODE = 3;
const K_TOKEN = 4;
const K_AND = 5;
const K_OR = 6;

/**
 * Every formula of a rule set compiled into one flat program of numbers, evaluated over the token hits
 * of the last scan. Each shared sub-formula is laid out once and its value kept for the scan (by the
 * scan's number). One typed array instead of a tree of closures: evaluation right after a parse, when
 * the caches hold the parser's data, reads a few contiguous cache lines instead of hundreds of objects.
 *
 * Layout: a token is `[K_TOKEN, token]`; `and`/`or` is `[kind, memo slot, leaf count, ...token indices,
 * part count, ...part offsets]`, with every part laid out before it.
 */
class FormulaProgram {
  private code: number[] = [];
  private prog: Int32Array = new Int32Array(0);
  private slots = 0;
  private stamp = new Int32Array(0);
  private value = new Uint8Array(0);
  private readonly offsets = new Map<Formula, number>();

  /** @param index each token's number, by `tokenKey` */
  constructor(private readonly index: Map<string, number>) {}

  /** Lays out a formula (and its parts, once each); returns its offset. */
  add(f: Formula): number {
    const known = this.offsets.get(f);
    if (known !== undefined) return known;
    const code = this.code;
    let at: number;
    if (f === true || f === false || f === 'markup' || f === 'code') {
      at = code.length;
      code.push(f === true ? K_TRUE : f === false ? K_FALSE : f === 'markup' ? K_MARKUP : K_CODE);
    } else if ('tok' in f) {
      at = code.length;
      code.push(K_TOKEN, this.index.get(tokenKey(f))!);
    } else {
      const children = 'and' in f ? f.and : f.or;
      const leaves = children.filter((x): x is Token => typeof x === 'object' && 'tok' in x).map((x) => this.index.get(tokenKey(x))!);
      const parts = children.filter((x) => !(typeof x === 'object' && 'tok' in x)).map((x) => this.add(x));
      at = code.length;
      code.push('and' in f ? K_AND : K_OR, this.slots++, leaves.length, ...leaves, parts.length, ...parts);
    }
    this.offsets.set(f, at);
    return at;
  }

  /** Freezes the program into typed arrays; call after the last `add`. */
  seal(): void {
    this.load(Int32Array.from(this.code), this.slots);
    this.code = [];
  }

  /** A sealed program's code and number of memo slots (what `load` takes back). */
  get sealed(): { prog: Int32Array; slots: number } {
    return { prog: this.prog, slots: this.slots };
  }

  /** Takes a sealed program (from `sealed`, stored): no `add` after this. */
  load(prog: Int32Array, slots: number): void {
    this.prog = prog;
    this.slots = slots;
    this.stamp = new Int32Array(slots).fill(-1);
    this.value = new Uint8Array(slots);
  }

  evaluate(at: number, hits: Uint8Array, markup: boolean, code: boolean, scan: number): boolean {
    const prog = this.prog;
    const kind = prog[at];
    if (kind === K_TOKEN) return hits[prog[at + 1]] === 1;
    if (kind < K_TOKEN) return kind === K_TRUE || (kind === K_MARKUP ? markup : kind === K_CODE && code);
    const slot = prog[at + 1];
    if (this.stamp[slot] === scan) return this.value[slot] === 1;
    this.stamp[slot] = scan;
    // `and` is true unless a child is false; `or` is false unless a child is true.
    const and = kind === K_AND;
    let result = and;
    let i = at + 3;
    const leavesEnd = i + prog[at + 2];
    for (; i < leavesEnd; i++) {
      if ((hits[prog[i]] === 1) !== and) {
        result = !and;
        break;
      }
    }
    if (result === and) {
      const partsEnd = leavesEnd + 1 + prog[leavesEnd];
      for (i = leavesEnd + 1; i < partsEnd; i++) {
        if (this.evaluate(prog[i], hits, markup, code, scan) !== and) {
          result = !and;
          break;
        }
      }
    }
    this.value[slot] = result ? 1 : 0;
    return result;
  }
}

/** What a compiled prefilter is made of, apart from the scanner's tables: what `serialize` stores. */
interface PrefilterParts {
  tokens: Token[];
  ruleIds: string[];
  alwaysRun: string[];
  /** Offsets into the formula program: the top formula, seed, value seed, value-module seed, model, then each rule's. */
  top: number;
  seed: number;
  valueSeed: number;
  valueModuleSeed: number;
  model: number;
  perRule: number[];
  slots: number;
  suppressionToken: number;
  rulesOfToken: number[][];
  /** For each token, which of the model, seed, value-seed and value-module-seed formulas it takes part in (FORMULA_* bits). */
  formulasOfToken: number[];
}

const FORMULA_MODEL = 1;
const FORMULA_SEED = 2;
const FORMULA_VALUE = 4;
const FORMULA_VALUE_MODULE = 8;

const STORED_MAGIC = 'PBDPF3\n';
const STORED_ARRAYS = { cls: Uint16Array, delta16: Int16Array, delta32: Int32Array, outStart: Int32Array, outFlat: Int32Array, prog: Int32Array } as const;
type StoredArrayName = keyof typeof STORED_ARRAYS;

/** A file that may define a Mongoose model (other files find models by name, not by import). */
const MODEL_FORMULA: Formula = word('mongoose');

/** The scanner's tables (its class count is in the header) and the formula program, as stored. */
type StoredTables = Omit<ScannerTables, 'ncls'> & { prog: Int32Array };

/** Reads `Prefilter.serialize`'s bytes; throws on anything malformed. */
function decodeStored(buf: Buffer): { parts: PrefilterParts; ncls: number; tables: StoredTables } {
  if (buf.length < STORED_MAGIC.length + 4 || buf.toString('latin1', 0, STORED_MAGIC.length) !== STORED_MAGIC) throw new Error('stored prefilter: not one');
  const len = buf.readUInt32LE(STORED_MAGIC.length);
  let at = STORED_MAGIC.length + 4 + len;
  if (at > buf.length) throw new Error('stored prefilter: truncated');
  const head = JSON.parse(buf.toString('utf8', STORED_MAGIC.length + 4, at)) as { parts: PrefilterParts; ncls: number; arrays: Array<[StoredArrayName, number]> };
  const arrays = new Map<StoredArrayName, Uint16Array | Int16Array | Int32Array>();
  for (const [name, bytes] of head.arrays) {
    const Kind = STORED_ARRAYS[name];
    if (!Kind || bytes % Kind.BYTES_PER_ELEMENT !== 0 || at + bytes > buf.length) throw new Error('stored prefilter: bad table');
    // Copied into a fresh (aligned) array: the file's bytes can sit at any offset of their buffer.
    const a = new Kind(bytes / Kind.BYTES_PER_ELEMENT);
    new Uint8Array(a.buffer).set(buf.subarray(at, at + bytes));
    arrays.set(name, a);
    at += bytes;
  }
  const cls = arrays.get('cls');
  const delta = arrays.get('delta16') ?? arrays.get('delta32');
  const outStart = arrays.get('outStart');
  const outFlat = arrays.get('outFlat');
  const prog = arrays.get('prog');
  const p = head.parts;
  if (at !== buf.length || !(cls instanceof Uint16Array) || !(delta instanceof Int16Array || delta instanceof Int32Array) || !(outStart instanceof Int32Array) || !(outFlat instanceof Int32Array) || !(prog instanceof Int32Array)) throw new Error('stored prefilter: bad tables');
  if (!Array.isArray(p?.tokens) || !Array.isArray(p.ruleIds) || p.perRule?.length !== p.ruleIds.length || p.rulesOfToken?.length !== p.tokens.length || p.formulasOfToken?.length !== p.tokens.length || !(head.ncls > 0) || cls.length !== 65536 || delta.length % head.ncls !== 0) throw new Error('stored prefilter: bad header');
  return { parts: p, ncls: head.ncls, tables: { cls, delta, outStart, outFlat, prog } };
}

/** The compiled prefilter of one rule set. */
export class Prefilter {
  readonly tokens: readonly Token[];
  /** Rules whose matches need no token at all: they make every file a candidate. */
  readonly alwaysRun: readonly string[];
  private readonly scanner: TokenScanner;
  private readonly program: FormulaProgram;
  private readonly parts: PrefilterParts;
  private readonly top: Compiled;
  private readonly seed: Compiled;
  /** A file that may export a library object call matchers name (`FormulaBuilder.valueFormula`). */
  private readonly valueSeed: Compiled;
  /** A file that loads such a module at all (it may export the module itself, see MODULE_VALUE_FILE_CHARS). */
  private readonly valueModuleSeed: Compiled;
  private readonly model: Compiled;
  private readonly perRule: Array<[string, Compiled]>;
  private readonly hits: Uint8Array;
  /** Index of the suppression prefix token (a file with a suppression comment is analysed: it may be invalid or unused). */
  private readonly suppressionToken: number;
  /** Texts scanned so far: the compiled formulas keep their last value with this number. */
  private readonly scans = { n: 0 };
  /** The formulas, kept when built here and rebuilt on demand when the prefilter was read from `serialize`'s bytes. */
  private formulas?: { rules: RuleFormula[]; seed: Formula };

  /**
   * @param stored bytes from `serialize` of a prefilter of the same rule set and engine build (the caller keys
   *   them, see `prefilterStoreIn`); a malformed one throws.
   */
  constructor(
    private readonly ruleSet: RuleSet,
    stored?: Buffer,
  ) {
    if (stored) {
      const { parts, ncls, tables } = decodeStored(stored);
      this.parts = parts;
      this.scanner = new TokenScanner(parts.tokens, { ...tables, ncls });
      this.program = new FormulaProgram(new Map());
      this.program.load(tables.prog, parts.slots);
    } else {
      const built = this.build();
      this.parts = built.parts;
      this.scanner = built.scanner;
      this.program = built.program;
    }
    const { parts, program } = this;
    const compiled = (at: number): Compiled => {
      const scans = this.scans;
      return (h, m, c) => program.evaluate(at, h, m, c, scans.n);
    };
    this.tokens = parts.tokens;
    this.alwaysRun = parts.alwaysRun;
    this.hits = new Uint8Array(parts.tokens.length);
    this.top = compiled(parts.top);
    this.suppressionToken = parts.suppressionToken;
    this.seed = compiled(parts.seed);
    this.valueSeed = compiled(parts.valueSeed);
    this.valueModuleSeed = compiled(parts.valueModuleSeed);
    this.model = compiled(parts.model);
    this.perRule = parts.ruleIds.map((id, i) => [id, compiled(parts.perRule[i])]);
    this.rulesOfToken = parts.rulesOfToken;
    this.formulasOfToken = Uint8Array.from(parts.formulasOfToken);
    this.touched = new Uint8Array(parts.ruleIds.length);
    this.globalTokens = parts.tokens.flatMap((t, i) => (t.g ? [i] : []));
    this.specifierTokens = parts.tokens.flatMap((t, i) => (t.c ? [i] : []));
  }

  /** Each rule's formula (for tests and messages). */
  get rules(): readonly RuleFormula[] {
    return (this.formulas ??= this.buildFormulas()).rules;
  }

  /** A file that can start a cross-file flow (see `crossFileGraph`). */
  get seedFormula(): Formula {
    return (this.formulas ??= this.buildFormulas()).seed;
  }

  private buildFormulas(): { rules: RuleFormula[]; seed: Formula; b: FormulaBuilder } {
    const b = new FormulaBuilder(this.ruleSet);
    const rules = this.ruleSet.rules.map((r) => ({ ruleId: r.id, formula: b.ruleFormula(r) }));
    // Flow sources of every kind, and Mongoose models (another file finds them by model name, not by import).
    const table = ((this.ruleSet.sources as { sources?: unknown }).sources ?? this.ruleSet.sources) as Record<string, unknown>;
    const seed = or(MODEL_FORMULA, ...Object.keys(table && typeof table === 'object' ? table : {}).map((k) => b.sourceFormula(k)));
    return { rules, seed, b };
  }

  private build(): { parts: PrefilterParts; scanner: TokenScanner; program: FormulaProgram } {
    const { rules, seed, b } = this.buildFormulas();
    this.formulas = { rules, seed };
    const index = new Map<string, number>();
    const tokens: Token[] = [];
    const key = tokenKey;
    // Formulas share sub-formulas (the builder memoises them): each object is visited and compiled once.
    const visited = new Set<Formula>();
    const collect = (f: Formula) => {
      if (typeof f !== 'object' || visited.has(f)) return;
      visited.add(f);
      if ('tok' in f) {
        if (!index.has(key(f))) {
          index.set(key(f), tokens.length);
          tokens.push(f);
        }
      } else ('and' in f ? f.and : f.or).forEach(collect);
    };
    const top = or(tok(SUPPRESSION_PREFIX), ...rules.map((r) => r.formula));
    collect(top);
    collect(seed);
    const valueFormula = b.valueFormula();
    const valueModuleFormula = b.valueFormula(true);
    collect(valueFormula);
    collect(valueModuleFormula);
    const program = new FormulaProgram(index);
    const parts: PrefilterParts = {
      tokens,
      ruleIds: rules.map((r) => r.ruleId),
      alwaysRun: rules.filter((r) => r.formula === true).map((r) => r.ruleId),
      top: program.add(top),
      seed: program.add(seed),
      valueSeed: program.add(valueFormula),
      valueModuleSeed: program.add(valueModuleFormula),
      model: program.add(MODEL_FORMULA),
      perRule: rules.map((r) => program.add(r.formula)),
      slots: 0,
      suppressionToken: index.get(key(tok(SUPPRESSION_PREFIX)))!,
      // Which rules each token takes part in: a rule none of whose tokens is in a text has the value it has
      // for a text without any token (its formula is monotone), computed once per kind of file.
      rulesOfToken: tokens.map(() => [] as number[]),
      formulasOfToken: tokens.map(() => 0),
    };
    program.seal();
    parts.slots = program.sealed.slots;
    const tokensOf = (formula: Formula): Set<number> => {
      const mine = new Set<number>();
      const seen = new Set<Formula>();
      const visit = (f: Formula) => {
        if (typeof f !== 'object' || seen.has(f)) return;
        seen.add(f);
        if ('tok' in f) mine.add(index.get(key(f))!);
        else ('and' in f ? f.and : f.or).forEach(visit);
      };
      visit(formula);
      return mine;
    };
    rules.forEach((r, ri) => {
      for (const t of tokensOf(r.formula)) parts.rulesOfToken[t].push(ri);
    });
    const bits: Array<[Formula, number]> = [
      [MODEL_FORMULA, FORMULA_MODEL],
      [seed, FORMULA_SEED],
      [valueFormula, FORMULA_VALUE],
      [valueModuleFormula, FORMULA_VALUE_MODULE],
    ];
    for (const [f, bit] of bits) for (const t of tokensOf(f)) parts.formulasOfToken[t] |= bit;
    return { parts, scanner: new TokenScanner(tokens), program };
  }

  /**
   * The compiled prefilter as bytes, for `new Prefilter(ruleSet, bytes)` in a later process: building it from
   * the rules takes about 0.1 s of a cold start (all of it code that runs once, before the JIT helps).
   * A header (JSON: tokens, offsets, which rules each token wakes) and the scanner's and program's tables.
   */
  serialize(): Buffer {
    const { cls, ncls, delta, outStart, outFlat } = this.scanner;
    const arrays: Array<[StoredArrayName, ArrayBufferView]> = [
      ['cls', cls],
      [delta instanceof Int16Array ? 'delta16' : 'delta32', delta],
      ['outStart', outStart],
      ['outFlat', outFlat],
      ['prog', this.program.sealed.prog],
    ];
    const header = Buffer.from(JSON.stringify({ parts: this.parts, ncls, arrays: arrays.map(([name, a]) => [name, a.byteLength]) }), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    return Buffer.concat([Buffer.from(STORED_MAGIC, 'latin1'), len, header, ...arrays.map(([, a]) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))]);
  }

  /** Tokens present in a text. */
  presentTokens(text: string): string[] {
    this.scanText(text, '');
    return this.tokens.filter((_, i) => this.hits[i] === 1).map(formulaToString);
  }

  /** False only when no rule can report in this file (and it has no suppression comment): it need not be parsed. */
  mayMatch(text: string, file: string): boolean {
    if (this.alwaysRun.length) return true;
    return this.classify(text, file).may;
  }

  /** True when a file has a flow source token (or a Mongoose model): it can start a cross-file flow. */
  isFlowSeed(text: string, file: string): boolean {
    return this.seedKind(text, file) !== undefined;
  }

  /** `model`: a file that may define a Mongoose model (found by name from any file); `flow`: a flow source. */
  seedKind(text: string, file: string): 'model' | 'flow' | undefined {
    return this.classify(text, file).seed;
  }

  /** `seedKind` and `mayMatch` from one scan of the text; `value`: it loads a module whose objects call matchers name (see `crossFileGraph`). */
  classify(text: string, file: string): Classified {
    const { any, markup, code } = this.scanText(text, file);
    return any ? this.classifyFound(markup, code) : this.noTokenValues(markup, code);
  }

  /**
   * `mayMatch` and, when it holds, the rules whose formula the text satisfies, from one scan: only
   * their matchers need to run (a rule whose tokens are absent cannot report).
   */
  candidates(text: string, file: string): { may: boolean; rules?: Set<string> } {
    if (this.alwaysRun.length) return { may: true };
    const { any, markup, code } = this.scanText(text, file);
    if (!any) return { may: this.noTokenValues(markup, code).may };
    // `top` is the suppression token or any rule's formula: the rules' own values decide it.
    const ids = this.ruleIds(markup, code);
    if (!ids.length && this.hits[this.suppressionToken] !== 1) return { may: false };
    return { may: true, rules: new Set(ids) };
  }

  /** Ids of the rules whose formula the text satisfies (for tests and diagnostics). */
  candidateRules(text: string, file: string): string[] {
    const { markup, code } = this.scanText(text, file);
    return this.ruleIds(markup, code);
  }

  /** Marks the text's tokens in `hits`; `any` is false when there is none. */
  private scanText(text: string, file: string): { any: boolean; markup: boolean; code: boolean } {
    this.scans.n++;
    this.hits.fill(0);
    const any = this.scanner.scan(text, this.hits);
    const markup = MARKUP.test(file);
    // A library global named only in comments (`Human` in a face library's own doc comments) is no use of it,
    // nor is one that a module's own imports shadow (`import { Human } from './human'` in that library's source).
    // Markup may load the library by <script src> and use its global from inline scripts: it keeps the token.
    if (any) {
      let prologue: ReturnType<typeof importPrologue> | undefined;
      for (const id of this.globalTokens) {
        if (this.hits[id] !== 1) continue;
        const name = this.tokens[id].tok;
        if (!globalInCode(text, name) || (!markup && shadowedByImport(text, name, (prologue ??= importPrologue(text))))) this.hits[id] = 0;
      }
      for (const id of this.specifierTokens) if (this.hits[id] === 1 && !this.scanner.outsideComments(text, id)) this.hits[id] = 0;
    }
    return { any, markup, code: !DECLARATION.test(file) };
  }

  private classifyHits(markup: boolean, code: boolean): Classified {
    const seed = this.model(this.hits, markup, code) ? 'model' : this.seed(this.hits, markup, code) ? 'flow' : undefined;
    return { seed, may: this.alwaysRun.length > 0 || this.top(this.hits, markup, code), value: this.valueSeed(this.hits, markup, code), valueModule: this.valueModuleSeed(this.hits, markup, code) };
  }

  /**
   * `classifyHits` for a text with tokens, evaluating only what its tokens take part in. Nearly every file has
   * some token (`export`, `from`, `get` are path segments of some matcher), few have one that matters: a formula
   * none of whose tokens is present has its value for no token (formulas are monotone), and the top formula is
   * true exactly when the suppression token is present or some rule's formula holds.
   */
  private classifyFound(markup: boolean, code: boolean): Classified {
    const base = this.noTokenValues(markup, code);
    let touched = 0;
    const found = this.scanner.found;
    for (let i = 0; i < found.length; i++) touched |= this.formulasOfToken[found[i]];
    const h = this.hits;
    const model = (touched & FORMULA_MODEL) !== 0 ? this.model(h, markup, code) : base.seed === 'model';
    const seed = model ? 'model' : ((touched & FORMULA_SEED) !== 0 ? this.seed(h, markup, code) : base.seed !== undefined) ? 'flow' : undefined;
    return {
      seed,
      may: this.anyRule(markup, code),
      value: (touched & FORMULA_VALUE) !== 0 ? this.valueSeed(h, markup, code) : base.value,
      valueModule: (touched & FORMULA_VALUE_MODULE) !== 0 ? this.valueModuleSeed(h, markup, code) : base.valueModule,
    };
  }

  /** Whether the top formula holds for the last scanned text: some rule's formula does (only those with a token in it are evaluated), or the suppression token is present. */
  private anyRule(markup: boolean, code: boolean): boolean {
    if (this.alwaysRun.length || this.hits[this.suppressionToken] === 1) return true;
    const base = (this.noTokenRules[(markup ? 2 : 0) + (code ? 1 : 0)] ??= this.noTokenRuleValues(markup, code));
    if (base.includes(1)) return true;
    for (const id of this.scanner.found) for (const r of this.rulesOfToken[id]) if (this.perRule[r][1](this.hits, markup, code)) return true;
    return false;
  }

  /** Runs `f` with every token cleared (the formulas' values for a text without any), then puts the hits back. */
  private withoutHits<T>(f: () => T): T {
    const saved = this.hits.slice();
    this.hits.fill(0);
    this.scans.n++;
    try {
      return f();
    } finally {
      this.hits.set(saved);
      this.scans.n++;
    }
  }

  /** Most files hold no token at all: the formulas' values for no token are computed once per kind of file. */
  private noTokenValues(markup: boolean, code: boolean): Classified {
    return (this.noTokens[(markup ? 2 : 0) + (code ? 1 : 0)] ??= this.withoutHits(() => this.classifyHits(markup, code)));
  }

  private readonly noTokens: Array<Classified | undefined> = [];

  /** The rules whose formula the last scanned text satisfies: only those with a token in it are evaluated. */
  private ruleIds(markup: boolean, code: boolean): string[] {
    const kind = (markup ? 2 : 0) + (code ? 1 : 0);
    const base = (this.noTokenRules[kind] ??= this.noTokenRuleValues(markup, code));
    const touched = this.touched;
    touched.fill(0);
    for (const id of this.scanner.found) for (const r of this.rulesOfToken[id]) touched[r] = 1;
    const out: string[] = [];
    for (let r = 0; r < this.perRule.length; r++) {
      if (touched[r] ? this.perRule[r][1](this.hits, markup, code) : base[r] === 1) out.push(this.perRule[r][0]);
    }
    return out;
  }

  /** Each rule's value for a text without any token, for one kind of file (evaluated on cleared hits). */
  private noTokenRuleValues(markup: boolean, code: boolean): Uint8Array {
    return this.withoutHits(() => Uint8Array.from(this.perRule, ([, f]) => (f(this.hits, markup, code) ? 1 : 0)));
  }

  private readonly rulesOfToken: number[][];
  private readonly formulasOfToken: Uint8Array;
  private readonly globalTokens: number[];
  private readonly specifierTokens: number[];
  private readonly touched: Uint8Array;
  private readonly noTokenRules: Array<Uint8Array | undefined> = [];
}

const memo = new WeakMap<RuleSet, Prefilter>();

/**
 * Where compiled prefilters are kept between processes (`prefilterStoreIn` in cache.ts keys them by engine
 * build and rule set). Set by the CLI when its compile cache is on; unset, each process builds its own.
 */
export interface PrefilterStore {
  load(ruleSet: RuleSet): Buffer | undefined;
  save(ruleSet: RuleSet, bytes: Buffer): void;
}

let store: PrefilterStore | undefined;

/** Uses `s` for the prefilters built from now on (undefined: none). */
export function setPrefilterStore(s: PrefilterStore | undefined): void {
  store = s;
}

/** The prefilter of a prepared rule set, built once per rule set (or read from the store). */
export function prefilterFor(prepared: PreparedRules): Prefilter {
  let p = memo.get(prepared.ruleSet);
  if (!p) memo.set(prepared.ruleSet, (p = loadOrBuild(prepared.ruleSet)));
  return p;
}

/** A stored prefilter that does not load (absent, corrupt, unreadable) is built again and stored anew; a store never fails a scan. */
function loadOrBuild(ruleSet: RuleSet): Prefilter {
  if (store) {
    try {
      const bytes = store.load(ruleSet);
      if (bytes) return new Prefilter(ruleSet, bytes);
    } catch {
      // build it below
    }
  }
  const p = new Prefilter(ruleSet);
  try {
    store?.save(ruleSet, p.serialize());
  } catch {
    // kept in this process only
  }
  return p;
}

/**
 * Whether `name` occurs as a whole word somewhere that can be code. An occurrence is certainly not code
 * when it sits on a line that starts with `//` (with no `*\/` before it on that line), or after a `/*`
 * that starts a line with no `*\/` in between, provided that (a) the line before that start does not end with a backslash (which could
 * continue a string onto it), and (b) no backtick or `${` lies between that start and the occurrence (a
 * template literal could close there, or hold an expression). Such a start is then a comment, or lies in
 * a comment or template literal already open, and in each case the occurrence is no code. Anything else
 * counts as code: the check only ever removes occurrences that cannot be uses.
 */
export function globalInCode(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i !== -1; i = text.indexOf(name, i + name.length)) {
    if ((i > 0 && IDENT[text.charCodeAt(i - 1)] === 1) || IDENT[text.charCodeAt(i + name.length)] === 1) continue;
    if (inString(text, i, name)) continue;
    if (!inLineComment(text, i) && !inLeadingBlockComment(text, i)) return true;
  }
  return false;
}

/**
 * An occurrence right after a quote is no identifier: in valid code a string literal is never directly
 * followed by a name, so the quote opens a string the name is part of (`'Human'`, `"Human: ready"`).
 * The exception is the string that is exactly the name and may be a property key of a global object:
 * `window['Human']`, `{ 'Human': H } = window` (after `[`, `{` or `,`, or a comment, it still counts).
 */
function inString(text: string, i: number, name: string): boolean {
  const q = text[i - 1];
  if (q !== "'" && q !== '"') return false;
  if (text[i + name.length] !== q) return true;
  return !mayBeKey(text, i - 1);
}

/**
 * Whether the string literal whose opening quote is at `quote` may be a property key: it follows `[`
 * (`window['Human']`), `{` or `,` (`{ 'Human': H } = window`), or a comment that could hide one of those.
 */
function mayBeKey(text: string, quote: number): boolean {
  const p = prevSignificant(text, quote);
  const c = p >= 0 ? text[p] : '';
  return c === '[' || c === '{' || c === ',' || c === '/' || c === '*';
}

function lineStartOf(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

/** The line before the one starting at `ls` ends with a backslash (a string may continue onto this line). */
function continuesLine(text: string, ls: number): boolean {
  let j = ls - 2;
  if (j >= 0 && text[j] === '\r') j--;
  return j >= 0 && text[j] === '\\';
}

/** No backtick or `${` in text[from, to). */
function plain(text: string, from: number, to: number): boolean {
  const bt = text.indexOf('`', from);
  if (bt !== -1 && bt < to) return false;
  const ex = text.indexOf('${', from);
  return ex === -1 || ex >= to;
}

function inLineComment(text: string, i: number): boolean {
  const ls = lineStartOf(text, i);
  let j = ls;
  while (text[j] === ' ' || text[j] === '\t') j++;
  if (text[j] !== '/' || text[j + 1] !== '/' || continuesLine(text, ls)) return false;
  // A `*/` before the occurrence could close a block comment the `//` was in, with code after it.
  const close = text.indexOf('*/', j);
  if (close !== -1 && close < i) return false;
  const nl = text.indexOf('\n', i);
  return plain(text, ls, nl === -1 ? text.length : nl);
}

function inLeadingBlockComment(text: string, i: number): boolean {
  for (let k = text.lastIndexOf('/*', i); k !== -1; k = k > 0 ? text.lastIndexOf('/*', k - 1) : -1) {
    const ls = lineStartOf(text, k);
    if (text.slice(ls, k).trim() !== '') continue; // not at a line start: look further back
    const end = text.indexOf('*/', k + 2);
    return (end === -1 || end > i) && !continuesLine(text, ls) && plain(text, k, i);
  }
  return false;
}

/**
 * The names bound by the import declarations that open a module, and where that run of imports ends.
 * Only text that certainly is a sequence of import declarations is read: from the start of the file,
 * over comments, a hashbang and a `'use strict'` directive, each `import … from '…'` (or `import '…'`)
 * is lexed exactly; anything else (code, an unusual form such as `import x = require()`, import
 * attributes, a non-ASCII name) ends the run. So every name returned really is a module-scope import.
 */
export function importPrologue(text: string): { names: Set<string>; end: number } {
  const names = new Set<string>();
  let i = text.startsWith('#!') ? lineEnd(text, 0) : 0;
  let end = i;
  for (;;) {
    i = skipTrivia(text, i);
    if (i < 0) break;
    const w = identAt(text, i);
    if (w === undefined) {
      const e = stringEnd(text, i);
      if (e < 0 || text.slice(i + 1, e - 1) !== 'use strict') break;
      i = afterSemicolon(text, e);
      end = i;
      continue;
    }
    if (w !== 'import') break;
    const decl = importClause(text, i + 6);
    if (!decl) break;
    for (const n of decl.names) names.add(n);
    i = end = decl.end;
  }
  return { names, end };
}

/**
 * True when a library global's name, although it occurs in code, cannot reach the global: the file
 * binds the name itself by an import at the top (so every plain reference is that import, or a
 * closer local), and no occurrence after the imports can be a property of a global object
 * (`window.Human`, `self['Human']`) or a name destructured from one (`const { Human } = window`):
 * none follows `.`, `[`, `{`, `,` or a comment, nor is quoted right after one of those (`mayBeKey`).
 */
export function shadowedByImport(text: string, name: string, prologue = importPrologue(text)): boolean {
  if (!prologue.names.has(name)) return false;
  for (let i = text.indexOf(name, prologue.end); i !== -1; i = text.indexOf(name, i + name.length)) {
    if ((i > 0 && IDENT[text.charCodeAt(i - 1)] === 1) || IDENT[text.charCodeAt(i + name.length)] === 1) continue;
    const p = prevSignificant(text, i);
    const c = p >= 0 ? text[p] : '';
    if (c === "'" || c === '"' || c === '`') {
      // Inside a string (not at its start), or a string that cannot be a key: no property name.
      if (p === i - 1 && mayBeKey(text, p)) return false;
      continue;
    }
    if (c === '.' || c === '[' || c === '{' || c === ',' || c === '/' || c === '*') return false;
  }
  return true;
}

function prevSignificant(text: string, i: number): number {
  let p = i - 1;
  while (p >= 0 && isSpace(text.charCodeAt(p))) p--;
  return p;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl + 1;
}

/** Past whitespace and comments; -1 inside an unterminated block comment. */
function skipTrivia(text: string, i: number): number {
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text[i] !== '/') return i;
    if (text[i + 1] === '/') i = lineEnd(text, i);
    else if (text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      if (e === -1) return -1;
      i = e + 2;
    } else return i;
  }
}

/** An ASCII identifier starting at i (undefined if none, or if a non-ASCII character continues it). */
function identAt(text: string, i: number): string | undefined {
  const c = text.charCodeAt(i);
  if (!(IDENT[c] === 1 && !(c >= 48 && c <= 57))) return undefined;
  let j = i + 1;
  while (j < text.length && IDENT[text.charCodeAt(j)] === 1) j++;
  if (j < text.length && text.charCodeAt(j) > 127) return undefined;
  return text.slice(i, j);
}

/** The end (past the quote) of a simple one-line string literal at i; -1 if there is none or it has escapes. */
function stringEnd(text: string, i: number): number {
  const q = text[i];
  if (q !== "'" && q !== '"') return -1;
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === q) return j + 1;
    if (c === '\\' || c === '\n' || c === '\r') return -1;
  }
  return -1;
}

function afterSemicolon(text: string, i: number): number {
  const k = skipTrivia(text, i);
  return k >= 0 && text[k] === ';' ? k + 1 : i;
}

/** One import declaration after the `import` keyword: the names it binds and where it ends; undefined if unsure. */
function importClause(text: string, i: number): { names: string[]; end: number } | undefined {
  const names: string[] = [];
  // Whitespace or a comment must separate the keyword from a name; `import(` and `import.meta` are no declarations.
  if (IDENT[text.charCodeAt(i)] === 1) return undefined;
  i = skipTrivia(text, i);
  if (i < 0) return undefined;
  if (text[i] === "'" || text[i] === '"') return finishImport(text, stringEnd(text, i), names);
  let w = identAt(text, i);
  if (w === 'type') {
    // `import type X from`, `import type { … }`, `import type * as`: a type-only import (it binds all the same).
    // `import type from 'x'` and `import type, { … }` bind a default import named `type`.
    const k = skipTrivia(text, i + 4);
    if (k < 0) return undefined;
    const next = identAt(text, k);
    if (text[k] === '{' || text[k] === '*' || (next !== undefined && next !== 'from')) {
      i = k;
      w = next;
    } else if (next === 'from' && identAt(text, skipTrivia(text, k + 4)) === 'from') {
      i = k; // `import type from from 'x'`
      w = next;
    }
  }
  if (w !== undefined) {
    names.push(w);
    i = skipTrivia(text, i + w.length);
    if (i < 0) return undefined;
    if (text[i] !== ',') return fromClause(text, i, names);
    i = skipTrivia(text, i + 1);
    if (i < 0) return undefined;
  }
  if (text[i] === '*') {
    i = skipTrivia(text, i + 1);
    if (i < 0 || identAt(text, i) !== 'as') return undefined;
    i = skipTrivia(text, i + 2);
    const ns = i < 0 ? undefined : identAt(text, i);
    if (ns === undefined) return undefined;
    names.push(ns);
    return fromClause(text, skipTrivia(text, i + ns.length), names);
  }
  if (text[i] !== '{') return undefined;
  i++;
  for (;;) {
    // One specifier: its words (or a string as the imported name) up to `,` or `}`.
    const parts: Array<string | undefined> = [];
    for (;;) {
      i = skipTrivia(text, i);
      if (i < 0) return undefined;
      if (text[i] === ',' || text[i] === '}') break;
      const id = identAt(text, i);
      if (id !== undefined) {
        parts.push(id);
        i += id.length;
      } else {
        const e = stringEnd(text, i);
        if (e < 0) return undefined;
        parts.push(undefined); // a string: only valid as the imported name before `as`
        i = e;
      }
      if (parts.length > 4) return undefined;
    }
    const bound = specifierBinding(parts);
    if (bound === null) return undefined;
    if (bound !== undefined) names.push(bound);
    if (text[i++] === '}') break;
  }
  return fromClause(text, skipTrivia(text, i), names);
}

/**
 * The local name of an import specifier from its words: `a`, `type a`, `a as b`, `type a as b`
 * (`b`); undefined for an empty one (a trailing comma); null when it is none of these.
 */
function specifierBinding(parts: Array<string | undefined>): string | undefined | null {
  const [a, b, c, d] = parts;
  switch (parts.length) {
    case 0:
      return undefined;
    case 1:
      return a ?? null;
    case 2:
      return a === 'type' && b !== undefined ? b : null;
    case 3:
      return b === 'as' && c !== undefined ? c : null;
    default:
      return a === 'type' && c === 'as' && d !== undefined ? d : null;
  }
}

function fromClause(text: string, i: number, names: string[]): { names: string[]; end: number } | undefined {
  if (i < 0 || identAt(text, i) !== 'from') return undefined;
  const k = skipTrivia(text, i + 4);
  return k < 0 ? undefined : finishImport(text, stringEnd(text, k), names);
}

function finishImport(text: string, e: number, names: string[]): { names: string[]; end: number } | undefined {
  if (e < 0) return undefined;
  const k = skipTrivia(text, e);
  if (k < 0) return undefined;
  const w = identAt(text, k);
  if (w === 'with' || w === 'assert') return undefined; // import attributes: not lexed here
  return { names, end: text[k] === ';' ? k + 1 : e };
}

/** Characters of relative specifiers `crossFileGraph` keeps for files read before the first flow source. */
const KEPT_SPECIFIER_CHARS = 4 * 1024 * 1024;

/** A copy of a string that does not share memory with the string it was sliced from. */
function ownString(s: string): string {
  // V8 cuts 13 characters or more from a longer string as a view onto it.
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/** Relative specifiers (`./x`, `../y`) a text loads by import, export-from, require or import(); found without parsing, so over-approximated. */
export function relativeSpecifiers(text: string): string[] {
  // What RELATIVE_SPECIFIER matches, found from each './' (a native search) instead of trying the
  // pattern at every position of the text: a quote before './' or '../', the same quote closing it on
  // the line with no other quote between, and `from`, `import` or `require` (then an optional `(`) before.
  const out = new Set<string>();
  for (let i = text.indexOf('./'); i !== -1; i = text.indexOf('./', i + 2)) {
    const start = text.charCodeAt(i - 1) === DOT ? i - 2 : i - 1;
    const end = importedStringEnd(text, start, i + 2);
    if (end !== -1) out.add(text.slice(start + 1, end));
  }
  return [...out];
}

/**
 * Where the string opened by the quote at `quote` ends (its closing quote), when it is a module
 * specifier: the same quote closes it on the line with no other quote between, and `from`, `import` or
 * `require` (then an optional `(`) comes before it. -1 otherwise. `from` is where to look for the close.
 */
function importedStringEnd(text: string, quote: number, from: number): number {
  const q = text.charCodeAt(quote);
  if (quote < 0 || (q !== SQ && q !== DQ && q !== BQ)) return -1;
  let end = from;
  while (end < text.length && !SPEC_STOP[text.charCodeAt(end)]) end++;
  if (text.charCodeAt(end) !== q) return -1;
  let j = quote - 1;
  while (j >= 0 && WHITE.test(text[j])) j--;
  if (text.charCodeAt(j) === OPEN) {
    j--;
    while (j >= 0 && WHITE.test(text[j])) j--;
  }
  return KEYWORDS.some((k) => j - k.length + 1 >= 0 && text.startsWith(k, j - k.length + 1) && !WORD.test(text[j - k.length] ?? '')) ? end : -1;
}

/**
 * Specifiers that start with a path alias (`'@/lib/db'` after `from`, `import` or `require(`), rewritten to
 * the relative specifiers they stand for from `file` (aliases.ts).
 */
export function aliasedSpecifiers(text: string, aliases: PathAliases, file: string): string[] {
  const out = new Set<string>();
  for (const prefix of aliases.prefixes) {
    for (let i = text.indexOf(prefix); i !== -1; i = text.indexOf(prefix, i + prefix.length)) {
      const end = importedStringEnd(text, i - 1, i);
      const rel = end === -1 ? undefined : unaliasSpecifier(aliases, file, text.slice(i, end));
      if (rel) out.add(rel);
    }
  }
  return [...out];
}

/** The pattern `relativeSpecifiers` implements (kept for its tests). */
export const RELATIVE_SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*(['"`])(\.\.?\/[^'"`\r\n]*)\1/g;
const DOT = 46;
const SQ = 39;
const DQ = 34;
const BQ = 96;
const OPEN = 40;
const KEYWORDS = ['from', 'import', 'require'];
const WHITE = /\s/;
const WORD = /\w/;
/** Characters that end a specifier: any quote or a line break. */
const SPEC_STOP = new Uint8Array(65536);
for (const c of ['\'', '"', '`', '\r', '\n']) SPEC_STOP[c.charCodeAt(0)] = 1;

/** The relative-import graph of a folder scan, as far as cross-file flows need it (see `crossFileGraph`). */
export interface CrossFileGraph {
  /** The connected components (edges taken both ways) that hold a flow source, plus possible Mongoose model files. */
  component: Set<string>;
  /** Where flows start: files with a flow source token that import or are imported by another file, and possible model files; in scan order. */
  starts: string[];
  /** Files that import each file (directly, by import, export-from, require or import()). */
  importers: Map<string, string[]>;
  /** The starts that may define a Mongoose model (they matter without any flow source). */
  models: Set<string>;
  /** The starts that may export a library object call matchers name (`new MilvusClient()`, `module.exports = AWS`): their importers may call it. */
  values: Set<string>;
}

/**
 * The files of a folder scan that can take part in a cross-file flow: the connected components of
 * the relative-import graph (edges taken both ways: values flow out through returns and callbacks and
 * in through calls) that hold a file with a flow source token, and files that may define a Mongoose
 * model (looked up by name from anywhere). A file outside them has no tainted value to export or
 * receive, so its summary is empty and it need not be parsed in the summary pass; so is a file with a
 * source that imports no file and that no file imports (a bundle): its flows are its own.
 * Reads each file once; unreadable and oversized files are left to the analysis pass.
 */
export function crossFileGraph(
  files: ReadonlyArray<{ abs: string; display: string }>,
  prepared: PreparedRules,
  resolve: (fromFile: string, spec: string) => string | undefined,
  maxFileBytes = 2 * 1024 * 1024,
  /** Told about every file read here that no rule can report in (no trigger token), so that a later pass need not read it again. */
  onQuiet?: (display: string, text: string) => void,
  keptSpecifierChars = KEPT_SPECIFIER_CHARS,
  /** Path aliases (aliases.ts): `'@/lib/db'` links files as `'./lib/db'` does. */
  aliases?: PathAliases,
): CrossFileGraph {
  const pf = prefilterFor(prepared);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const f of files) parent.set(f.display, f.display);
  const seeds: string[] = [];
  const models: string[] = [];
  const values: string[] = [];
  const linked = new Set<string>();
  const importers = new Map<string, string[]>();
  const read = (f: { abs: string }) => readSourceText(f.abs, maxFileBytes);
  // The import graph is built only once some file has a source (most trees have none): the relative
  // specifiers of the files read before the first source are kept (as their own strings, not slices
  // that would keep each file's text alive) and resolved then, without reading those files again. Past
  // a budget, so that memory does not grow with a tree that has no source, a file is read again instead.
  const before: Array<{ abs: string; display: string; specs?: string[] }> = [];
  let keptChars = 0;
  const edges = (f: { display: string }, specs: readonly string[]) => {
    for (const spec of specs) {
      const target = resolve(f.display, spec);
      if (target !== undefined && parent.has(target) && target !== f.display) {
        const list = importers.get(target);
        if (!list) importers.set(target, [f.display]);
        else if (!list.includes(f.display)) list.push(f.display);
        linked.add(f.display);
        linked.add(target);
        const a = find(f.display);
        const b = find(target);
        if (a !== b) parent.set(a, b);
      }
    }
  };
  for (const f of files) {
    const text = read(f);
    if (text === undefined) continue;
    const { seed: kind, may, value, valueModule } = pf.classify(text, f.display);
    if (!may) onQuiet?.(f.display, text);
    if (kind === 'model') models.push(f.display);
    else if (kind === 'flow') seeds.push(f.display);
    if ((value || (valueModule && text.length <= MODULE_VALUE_FILE_CHARS)) && EXPORTS.test(text)) values.push(f.display);
    const specs = aliases ? [...relativeSpecifiers(text), ...aliasedSpecifiers(text, aliases, f.display)] : relativeSpecifiers(text);
    if (seeds.length || models.length || values.length) edges(f, specs);
    else if (specs.length) {
      for (const spec of specs) keptChars += spec.length;
      before.push(keptChars <= keptSpecifierChars ? { ...f, specs: specs.map(ownString) } : f);
    }
  }
  if (!seeds.length && !models.length && !values.length) return { component: new Set(), starts: [], importers, models: new Set(), values: new Set() };
  for (const f of before) {
    const specs = f.specs ?? (aliases ? [...relativeSpecifiers(read(f) ?? ''), ...aliasedSpecifiers(read(f) ?? '', aliases, f.display)] : relativeSpecifiers(read(f) ?? ''));
    edges(f, specs);
  }
  const linkedValues = values.filter((d) => importers.has(d));
  const starts = new Set([...seeds.filter((d) => linked.has(d)), ...models, ...linkedValues]);
  const roots = new Set([...starts].map(find));
  return {
    component: new Set([...models, ...files.map((f) => f.display).filter((d) => roots.has(find(d)))]),
    starts: files.map((f) => f.display).filter((d) => starts.has(d)),
    importers,
    models: new Set(models),
    values: new Set(linkedValues),
  };
}

/** Text that may export something (a library object another file can import). */
const EXPORTS = /\bexport\b|\bmodule\.exports\b|\bexports\./;
