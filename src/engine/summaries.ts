import * as path from 'path';
import type { Range } from './types';

/** Where a sensitive value was first obtained. */
export interface Origin {
  file: string;
  range: Range;
  /** Source kind from sources.json (`location`, `face`, `voiceprint`). */
  kind: string;
  /** What the value is, for messages: `position`, `face descriptor`. */
  label: string;
  /** The source call, e.g. `navigator.geolocation.watchPosition`. */
  via: string;
  /** The source runs on a server (request fields, IP lookups, cloud face APIs), so its console output is kept. */
  server?: boolean;
}

/** A value that depends on another file: what an export returns, passes to a callback, or receives. */
export type ExtRef =
  | { via: 'return'; module: string; name: string; args: SElem[][] }
  | { via: 'callback'; module: string; name: string; arg: number; param: number }
  | { via: 'incoming'; module: string; name: string; param: number };

/**
 * One element of a taint set as stored in a summary: a concrete origin (`c`, optionally only at
 * some property paths), the export's own parameter (`q`), or a reference into another file (`x`).
 */
export type SElem =
  | { t: 'c'; origin: Origin; only?: string[][]; chain: string[] }
  | { t: 'q'; index: number; path: string[]; whole: boolean; chain: string[] }
  | { t: 'x'; ref: ExtRef; path: string[]; whole: boolean; chain: string[] };

export interface ExportSummary {
  /** What the export returns ("returns position data"). */
  returns: SElem[];
  /** What it passes to parameter `param` of the function given as argument `arg`. */
  callbacks: Array<{ arg: number; param: number; taint: SElem[] }>;
}

/** Per-file facts the cross-file analysis needs; small, so a whole workspace's worth stays in memory. */
export interface FileSummary {
  file: string;
  /** Keyed by export path: `useLocation`, `LocationService().watch`, `` (default / module.exports). */
  exports: Record<string, ExportSummary>;
  /** Tainted arguments this file passes to other files' exports ("passes position to saveLocation"). */
  calls: Array<{ module: string; name: string; param: number; taint: SElem[] }>;
  /** Mongoose models this file exports (by export path) and whether their schema expires documents. */
  models: Record<string, { name?: string; ttl: boolean }>;
  /** Summarised files this file imports. */
  imports: string[];
  /**
   * Exports that are library objects (`module.exports = createClient()`, `export default mongoose.model(…)`,
   * `module.exports = AWS`), by export path. `calls`: a call matcher of the rule set can name a call on it
   * (`new MilvusClient()` for `MilvusClient().insert`), so importers resolve it as that library (see `FileModel.linkValues`).
   */
  values?: Record<string, LibraryValue>;
  /** Every exported function or method path (also those with nothing to summarise), for barrel resolution. */
  names?: string[];
  /** Barrel re-exports: `export { a as b } from './x'` (`name` b, `imported` a), `export * from './x'` (`*`). */
  reexports?: Array<{ name: string; module: string; imported: string }>;
}

/** A library object another file exports. */
export interface LibraryValue {
  module: string;
  path: string[];
  calls?: boolean;
  /** Reached through a library global (`export const nets = faceapi.nets`), not a module the file loads: never `calls`. */
  global?: boolean;
}

/** Summaries of a scanned workspace, keyed by the file names given to the analysis. */
export class FlowSummaries {
  readonly files = new Map<string, FileSummary>();
  private incomingIndex?: Map<string, SElem[]>;

  add(s: FileSummary): void {
    this.files.set(s.file, s);
    this.expanded.clear();
    this.canonicalOf.clear();
    this.concreteOf = new WeakMap();
    this.expandedReturn = new WeakMap();
    this.refTargets = new WeakMap();
    this.resolved.clear();
    this.incomingIndex = undefined;
    this.affected.clear();
    this.exportsTainted = new WeakMap();
    this.taintedTargets = undefined;
  }

  /** The file and export path that define `name` of `module`, following barrel re-exports. */
  canonical(module: string, name: string): { module: string; name: string } {
    const key = `${module}\u0000${name}`;
    let r = this.canonicalOf.get(key);
    if (!r) this.canonicalOf.set(key, (r = this.canonicalNow(module, name)));
    return r;
  }

  private readonly canonicalOf = new Map<string, { module: string; name: string }>();

  private canonicalNow(module: string, name: string, depth = 0): { module: string; name: string } {
    const s = this.files.get(module);
    if (!s || depth > 5 || !s.reexports?.length || this.defines(s, name)) return { module, name };
    const head = /^[^.(]*/.exec(name)![0];
    const rest = name.slice(head.length);
    for (const r of s.reexports) {
      if (r.name === head) return this.canonicalNow(r.module, r.imported + rest, depth + 1);
    }
    for (const r of s.reexports) {
      if (r.name !== '*') continue;
      const c = this.canonicalNow(r.module, name, depth + 1);
      const t = this.files.get(c.module);
      if (t && this.defines(t, c.name)) return c;
    }
    return { module, name };
  }

  private defines(s: FileSummary, name: string): boolean {
    const head = /^[^.(]*/.exec(name)![0];
    const has = (rec: Record<string, unknown> | undefined) => !!rec && Object.keys(rec).some((k) => k === name || /^[^.(]*/.exec(k)![0] === head);
    return has(s.exports) || has(s.values) || has(s.models) || (s.names ?? []).some((k) => k === name || /^[^.(]*/.exec(k)![0] === head);
  }

  /**
   * True when another file's summary can change this file's findings: an import (or a barrel it re-exports)
   * returns or calls back with a sensitive value, or defines a Mongoose model, or another file passes a
   * sensitive value to one of this file's exports. Symbolic entries alone (an export that returns its own
   * parameter, a call that passes on a parameter nobody taints) do not count: linking expands them to nothing
   * unless this file's own values are tainted, and then its own source makes it analysed anyway.
   */
  affects(file: string): boolean {
    let r = this.affected.get(file);
    if (r === undefined) this.affected.set(file, (r = this.affectsNow(file)));
    return r;
  }

  private readonly affected = new Map<string, boolean>();

  /**
   * True when this file's findings can change with another file's summary, so that a result cached by the
   * file's content alone could go stale: it is `affects`, or it imports a summarised file whose summary its
   * own flows consult (a helper that passes its argument through: `fmt(pos)`).
   */
  dependsOnOthers(file: string): boolean {
    const s = this.files.get(file);
    if (!s) return false;
    return this.affects(file) || s.imports.some((i) => i !== file && this.files.has(i));
  }

  private affectsNow(file: string): boolean {
    const s = this.files.get(file);
    if (!s) return false;
    // A library object from another file can be a rule's call or sink here without this file naming its
    // module (`supabase.from('drivers').update(…)` with `supabase` from './lib/supabase'): every rule runs.
    const handsOut = (f: string) => {
      const t = this.files.get(f);
      return !!t && (Object.keys(t.models).length > 0 || this.exportsOrigins(t) || (!!t.values && Object.keys(t.values).length > 0));
    };
    if (s.imports.some((imp) => this.barrel(imp).some(handsOut))) return true;
    if (!this.taintedTargets) {
      this.taintedTargets = new Set();
      for (const other of this.files.values()) {
        for (const c of other.calls) if (this.handsValue(c)) this.taintedTargets.add(this.canonical(c.module, c.name).module);
      }
    }
    return this.taintedTargets.has(file);
  }

  /**
   * Whether importing this file can hand the importer a sensitive value: an export returns or calls back with
   * concrete origins (when the importer's arguments carry none), or the file re-exports one that does.
   */
  carries(file: string): boolean {
    return this.barrel(file).some((f) => {
      const s = this.files.get(f);
      return !!s && this.exportsOrigins(s);
    });
  }

  /**
   * The files a call of this file's hands a sensitive value to: the module it names and, when that is a barrel,
   * the files it re-exports the name from (`export *` ones included, since which one defines the name is known
   * only from their summaries).
   */
  taintedCallTargets(file: string): string[] {
    const out: string[] = [];
    for (const c of this.files.get(file)?.calls ?? []) {
      if (!this.handsValue(c)) continue;
      out.push(c.module, this.canonical(c.module, c.name).module, ...this.barrel(c.module, /^[^.(]*/.exec(c.name)![0]).slice(1));
    }
    return out;
  }

  /** Whether a call of another file's export passes it concrete origins. */
  private handsValue(c: FileSummary['calls'][number]): boolean {
    return c.taint.some((e) => this.origins(e).length > 0);
  }

  /**
   * A file and, transitively, the files it re-exports from (with `head`, only re-exports of that name or of
   * everything); at most 64.
   */
  private barrel(file: string, head?: string): string[] {
    const out = [file];
    for (let i = 0; i < out.length && out.length < 64; i++) {
      for (const r of this.files.get(out[i])?.reexports ?? []) {
        if ((head === undefined || r.name === '*' || r.name === head) && !out.includes(r.module)) out.push(r.module);
      }
    }
    return out;
  }

  /** Whether some export of a file returns or calls back with concrete origins when its arguments carry none. */
  private exportsOrigins(s: FileSummary): boolean {
    let r = this.exportsTainted.get(s);
    if (r === undefined) {
      r = Object.values(s.exports).some((x) => x.returns.some((e) => e.t !== 'q' && this.origins(e).length) || x.callbacks.some((cb) => cb.taint.some((e) => this.origins(e).length)));
      this.exportsTainted.set(s, r);
    }
    return r;
  }

  private exportsTainted = new WeakMap<FileSummary, boolean>();
  private taintedTargets?: Set<string>;

  /** Resolves `./x` from `fromFile` to a summarised file name, trying extensions and index files. */
  resolveModule(fromFile: string, spec: string): string | undefined {
    const key = `${fromFile}\u0000${spec}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const r = resolveRelative(fromFile, spec, (f) => this.files.has(f));
    this.resolved.set(key, r);
    return r;
  }

  private readonly resolved = new Map<string, string | undefined>();

  /**
   * What an imported library object is: `logger.info` where `logger` is another file's `winston.createLogger()`.
   * With `callsOnly`, only objects that call matchers can name (`LibraryValue.calls`).
   */
  importedValue(fromFile: string, spec: string, path: readonly string[], callsOnly = false): { module: string; path: string[] } | undefined {
    const file = this.resolveModule(fromFile, spec);
    if (!file) return undefined;
    for (let k = path.length; k >= 0; k--) {
      const c = this.canonical(file, pathKey(path.slice(0, k)));
      const v = this.files.get(c.module)?.values?.[c.name];
      if (v && (!callsOnly || v.calls)) return { module: v.module, path: [...v.path, ...path.slice(k)] };
    }
    return undefined;
  }

  /** Whether importing this file (or a barrel of it) hands out a library object that call matchers can name (`LibraryValue.calls`). */
  exportsCallValues(file: string): boolean {
    return this.barrel(file).some((f) => Object.values(this.files.get(f)?.values ?? {}).some((x) => x.calls === true));
  }

  /** Taint that other files pass to parameter `param` of export `name` of `module`. */
  incoming(module: string, name: string, param: number): SElem[] {
    if (!this.incomingIndex) {
      const idx = new Map<string, SElem[]>();
      for (const s of this.files.values()) {
        for (const c of s.calls) {
          const target = this.canonical(c.module, c.name);
          const k = `${target.module}\u0000${target.name}\u0000${c.param}`;
          const list = idx.get(k) ?? [];
          list.push(...c.taint);
          idx.set(k, list);
        }
      }
      this.incomingIndex = idx;
    }
    return this.incomingIndex.get(`${module}\u0000${name}\u0000${param}`) ?? [];
  }

  /** Results of top-level expansions (depth 0, nothing seen yet): they depend only on the reference and the summaries. */
  private readonly expanded = new Map<string, Array<Extract<SElem, { t: 'c' }>>>();
  private concreteOf = new WeakMap<SElem, Array<Extract<SElem, { t: 'c' }>>>();
  private expandedReturn = new WeakMap<ExtRef, Array<Extract<SElem, { t: 'c' }>>>();

  /**
   * Concrete origins of a summary element taken on its own (not as an argument of a call being expanded),
   * computed once per element: the analysis of each importing file asks for the same elements again and again.
   * The returned array is shared: callers must not change it.
   */
  origins(e: SElem): ReadonlyArray<Extract<SElem, { t: 'c' }>> {
    let r = this.concreteOf.get(e);
    if (!r) this.concreteOf.set(e, (r = this.concrete(e, 0, new Set())));
    return r;
  }

  /** Expands a reference into the concrete origins it carries, following other files' summaries. */
  expand(ref: ExtRef, depth = 0, seen?: Set<string>): Array<Extract<SElem, { t: 'c' }>> {
    if (depth > 8) return [];
    // Only callback and incoming references are cut off when seen again; a return reference carries its call's arguments.
    const key = ref.via === 'return' ? '' : `${ref.via}\u0000${ref.module}\u0000${ref.name}\u0000${'arg' in ref ? ref.arg : 0}\u0000${ref.param}`;
    // A reference at the top expands the same way every time.
    if (depth === 0 && !seen) {
      let r = ref.via === 'return' ? this.expandedReturn.get(ref) : this.expanded.get(key);
      if (!r) {
        r = this.expandNow(ref, key, 0, new Set());
        if (ref.via === 'return') this.expandedReturn.set(ref, r);
        else this.expanded.set(key, r);
      }
      return r;
    }
    return this.expandNow(ref, key, depth, seen ?? new Set());
  }

  private expandNow(ref: ExtRef, key: string, depth: number, seen: Set<string>): Array<Extract<SElem, { t: 'c' }>> {
    if (ref.via !== 'return') {
      if (seen.has(key)) return [];
      seen.add(key);
    }
    const target = ref.via === 'incoming' ? ref : this.canonicalOfRef(ref);
    const s = this.files.get(target.module);
    const out: Array<Extract<SElem, { t: 'c' }>> = [];
    const take = (elems: SElem[], args?: SElem[][]) => {
      for (const e of elems) out.push(...this.concrete(e, depth + 1, seen, args));
    };
    if (ref.via === 'return') take(s?.exports[target.name]?.returns ?? [], ref.args);
    else if (ref.via === 'callback') {
      for (const cb of s?.exports[target.name]?.callbacks ?? []) if (cb.arg === ref.arg && cb.param === ref.param) take(cb.taint);
    } else take(this.incoming(ref.module, ref.name, ref.param));
    return out.slice(0, 16);
  }

  /** `canonical` of a reference's target, kept per reference (references are shared and never changed). */
  private canonicalOfRef(ref: ExtRef): { module: string; name: string } {
    let r = this.refTargets.get(ref);
    if (!r) this.refTargets.set(ref, (r = this.canonical(ref.module, ref.name)));
    return r;
  }

  private refTargets = new WeakMap<ExtRef, { module: string; name: string }>();

  /** Concrete origins of one summary element; `q` (the export's own parameter) takes the call's arguments. */
  concrete(e: SElem, depth: number, seen: Set<string>, args?: SElem[][]): Array<Extract<SElem, { t: 'c' }>> {
    if (e.t === 'c') return e.only ? [] : [e];
    const inner = e.t === 'q' ? (args?.[e.index] ?? []).flatMap((a) => this.concrete(a, depth + 1, seen)) : this.expand(e.ref, depth + 1, seen);
    const out: Array<Extract<SElem, { t: 'c' }>> = [];
    for (const c of inner) {
      const moved = applyPathC(c, e.path);
      if (moved && !(e.whole && moved.only)) out.push({ ...moved, chain: [...moved.chain, ...e.chain].slice(0, 10) });
    }
    return out;
  }
}

/**
 * The arguments of a cross-file reference cut to what `FlowSummaries.expand` can ever read. Expansion
 * stops past depth 8, and each level of arguments costs three steps (expand → parameter → argument), so
 * a reference nested in the third level of arguments expands to nothing: it is dropped with everything
 * below it, while concrete origins at that level are kept. Without this, chains of calls between files
 * nest arguments a dozen levels deep and the summaries of a large library grow to hundreds of megabytes.
 */
export function reachableArgs(args: SElem[][], level = 1): SElem[][] {
  let changed = false;
  const lists = args.map((list) => {
    const out: SElem[] = [];
    for (const e of list) {
      if (e.t !== 'x') out.push(e);
      else if (level >= MAX_ARG_LEVEL) changed = true;
      else if (e.ref.via === 'return' && e.ref.args.length) {
        const inner = reachableArgs(e.ref.args, level + 1);
        if (inner !== e.ref.args) changed = true;
        out.push(inner === e.ref.args ? e : { ...e, ref: { ...e.ref, args: inner } });
      } else out.push(e);
    }
    return out;
  });
  return changed ? lists : args;
}

/** Arguments at this level of nesting and deeper are never expanded (see `reachableArgs`). */
const MAX_ARG_LEVEL = 3;

/** `['Logger', '()', 'info']` → `Logger().info` (as resolve.ts's pathToString). */
export function pathKey(path: readonly string[]): string {
  let s = '';
  for (const seg of path) s += seg === '()' ? '()' : (s ? '.' : '') + seg;
  return s;
}

/** Follows member accesses into a concrete element: restricted paths are consumed segment by segment. */
export function applyPathC<T extends { only?: string[][] }>(c: T, segs: readonly string[]): T | undefined {
  if (!c.only || !segs.length) return c;
  let only: string[][] | undefined = c.only;
  for (const seg of segs) {
    const next: string[][] = [];
    for (const p of only) {
      if (p.length && (p[0] === '*' || seg === '*' || p[0] === seg)) {
        if (p.length === 1) return { ...c, only: undefined };
        next.push(p.slice(1));
      }
    }
    if (!next.length) return undefined;
    only = next;
  }
  return { ...c, only };
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte'];

/** `./store` from `src/app.ts` → `src/store.ts` (or `.js`, `/index.ts`…) when `exists` says so. */
export function resolveRelative(fromFile: string, spec: string, exists: (f: string) => boolean): string | undefined {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile.split(path.sep).join('/')), spec));
  const stripped = base.replace(/\.(m|c)?js$/, '');
  // The candidates in order (the file itself, with each extension, as a folder's index), built only as far as needed.
  if (exists(base)) return base;
  for (const e of EXTENSIONS) if (exists(stripped + e)) return stripped + e;
  for (const e of EXTENSIONS) if (exists(base + '/index' + e)) return base + '/index' + e;
  return undefined;
}
