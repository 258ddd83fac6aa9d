import * as path from 'path';
import { modelOf, type PreparedRules } from './analyze';
import { summarizeFile } from './flow';
import { parseFile, type ParsedFile } from './parse';
import { crossFileGraph, hasWord, MODULE_VALUE_FILE_CHARS, prefilterFor } from './prefilter';
import type { FileModel } from './resolve';
import { FlowSummaries, resolveRelative, type FileSummary } from './summaries';
import { valueHead, type PathPattern } from './patterns';
import type { PathAliases } from './aliases';
import { readSourceText } from './text';
import { DEFAULT_TIME_BUDGET_MS, endBudget, startBudget } from './budget';

/** Parse results kept between the summary pass and the analysis pass of a scan (each entry used once). */
export class ParsedFiles {
  private readonly entries = new Map<string, { text: string; parsed: ParsedFile; model: FileModel }>();
  private chars = 0;

  /** @param budgetChars Source characters kept at most; files past it are parsed again later rather than held in memory. */
  constructor(private readonly budgetChars = DEFAULT_PARSE_CACHE_CHARS) {}

  put(file: string, text: string, parsed: ParsedFile, model: FileModel): void {
    if (this.chars + text.length > this.budgetChars) return;
    this.entries.set(file, { text, parsed, model });
    this.chars += text.length;
  }

  /** The kept parse of `file` if its text is unchanged; removed so that memory is freed as the scan goes. */
  take(file: string, text: string): { parsed: ParsedFile; model: FileModel } | undefined {
    const e = this.entries.get(file);
    if (!e) return undefined;
    this.entries.delete(file);
    this.chars -= e.text.length;
    return e.text === text ? e : undefined;
  }

  /** The kept parse of `file` if its text is unchanged, left in place for a later `take`. */
  peek(file: string, text: string): { parsed: ParsedFile; model: FileModel } | undefined {
    const e = this.entries.get(file);
    return e && e.text === text ? e : undefined;
  }

  /** Frees the kept parse of a file the analysis pass will not need. */
  drop(file: string): void {
    const e = this.entries.get(file);
    if (!e) return;
    this.entries.delete(file);
    this.chars -= e.text.length;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** 16 M characters of source (a few hundred MB of syntax trees at most). */
export const DEFAULT_PARSE_CACHE_CHARS = 16 * 1024 * 1024;

/** Text that can take part in a cross-file flow: it exports something or imports a relative module. */
const CROSS_FILE_HINT = /\bexport\b|\bmodule\.exports\b|\bexports\.|from\s*['"]\.|require\(\s*['"]\./;

/**
 * Syntax without which a file's summary is empty: a call, function, class or `new` (anything that could
 * take, pass, return or construct a value), or an import of any kind (an exported binding could carry
 * another module's value). A file with none of it, no library global and no flow source, like a table of
 * numbers, exports plain data: it is not parsed in the summary pass.
 */
const MAY_CARRY = /[(]|=>|\b(?:new|class|function|import|require|from)\b/;

export interface SummaryOptions {
  maxFileBytes?: number;
  /** Source characters of parse results kept for the analysis pass. @default 16 M */
  parseCacheChars?: number;
  /** false: summarise every file, not only the import-graph components of files with flow sources (prefilter.ts). */
  prefilter?: boolean;
  /** Per-file time budget of the summary pass; a file past it contributes nothing cross-file. @default 15000 */
  timeBudgetMs?: number;
  /** Told about each file found to have no rule's trigger token while the scope was computed (see `crossFileGraph`). */
  onQuiet?: (display: string, text: string) => void;
  /** Path aliases (aliases.ts): an aliased import links files as a relative one does. */
  aliases?: PathAliases;
}

/**
 * The summary pass of a folder scan: parses each file that a sensitive value can reach across files once
 * (starting at the files with a flow source, see below), records what it exports, returns and passes on,
 * and keeps the parse for the analysis pass. With `prefilter: false` every file is summarised.
 */
export function collectSummaries(files: Array<{ abs: string; display: string }>, prepared: PreparedRules, options: SummaryOptions = {}): { summaries: FlowSummaries; parsed: ParsedFiles } {
  const summaries = new FlowSummaries();
  const parsedFiles = new ParsedFiles(options.parseCacheChars);
  const known = new Set(files.map((f) => f.display));
  // Resolution depends only on the importing file's folder: siblings importing `../util` share one lookup.
  const resolvedIn = new Map<string, string | undefined>();
  const resolve = (from: string, spec: string): string | undefined => {
    const key = `${path.posix.dirname(from.split(path.sep).join('/'))}\u0000${spec}`;
    if (resolvedIn.has(key)) return resolvedIn.get(key);
    const r = resolveRelative(from, spec, (x) => known.has(x));
    resolvedIn.set(key, r);
    return r;
  };
  const pf = prefilterFor(prepared);
  const globalNames = [...prepared.ruleSet.globals.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const libraryGlobal = globalNames.length ? new RegExp(`(?<![\\w$])(?:${globalNames.join('|')})(?![\\w$])`) : undefined;
  const aliases = options.aliases;
  const graph = options.prefilter === false ? undefined : crossFileGraph(files, prepared, resolve, options.maxFileBytes, options.onQuiet, undefined, aliases);
  const scope = graph?.component;
  /** False when `onlyWithSource` is set and no source call matches in the file: no summary is added. */
  const summarise = (f: { abs: string; display: string }, onlyWithSource = false): boolean => {
    const text = readSourceText(f.abs, options.maxFileBytes ?? 2 * 1024 * 1024);
    if (text === undefined || !(CROSS_FILE_HINT.test(text) || aliases?.prefixes.some((p) => text.includes(p)))) return true; // unreadable, binary or too big: reported by the analysis pass
    // Library globals (`faceapi.nets`) resolve to a module without an import, so a file naming one is not plain data.
    if (scope && !MAY_CARRY.test(text) && !libraryGlobal?.test(text) && !pf.isFlowSeed(text, f.display)) return true;
    try {
      startBudget(options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
      const kept = parsedFiles.peek(f.display, text);
      const parsed = kept?.parsed ?? parseFile(text, f.display);
      if ('error' in parsed) return true;
      const model = kept?.model ?? modelOf(parsed, f.display, prepared, aliases);
      if (!kept) parsedFiles.put(f.display, text, parsed, model);
      const s = summarizeFile({ file: f.display, text, parsed, model, ruleSet: prepared.ruleSet }, (spec) => resolve(f.display, spec), onlyWithSource);
      if (!s) return false;
      markCallValues(s, prepared, text);
      summaries.add(s);
    } catch {
      // A file whose summary fails (or runs past its budget) contributes nothing cross-file; its own analysis reports it.
    } finally {
      endBudget();
    }
    return true;
  };
  if (!graph) {
    for (const f of files) summarise(f);
    return { summaries, parsed: parsedFiles };
  }
  // Demand-driven: summaries start at the files with a flow source and grow only along the edges a sensitive
  // value can take. A call that hands one over brings in the callee's file; a file whose exports hand one out
  // brings in its importers. A file no such value reaches has nothing to add to a flow: it is not parsed here.
  const byDisplay = new Map(files.map((f) => [f.display, f]));
  const visited = new Set<string>();
  const starts = new Set(graph.starts);
  let pending = graph.starts;
  while (pending.length) {
    for (const d of pending) {
      visited.add(d);
      // A start whose tokens were a false alarm (no source call matches) is summarised only if a value reaches it.
      const onlyWithSource = starts.delete(d) && !graph.models.has(d) && !graph.values.has(d);
      if (!summarise(byDisplay.get(d)!, onlyWithSource)) visited.delete(d);
    }
    const next = new Set<string>();
    const grow = (d: string) => {
      if (!visited.has(d) && scope!.has(d) && byDisplay.has(d)) next.add(d);
    };
    for (const d of visited) {
      if (!summaries.files.has(d)) continue;
      summaries.taintedCallTargets(d).forEach(grow);
      // Importers of a library object that call matchers name may call it (`milvus.insert(…)`): they are summarised, so that `affects` holds for them.
      if (summaries.carries(d) || summaries.exportsCallValues(d)) (graph.importers.get(d) ?? []).forEach(grow);
    }
    pending = [...next];
  }
  // In scan order, so that every later lookup sees the same summaries in the same order as a full pass would.
  const ordered = new FlowSummaries();
  for (const f of files) {
    const s = summaries.files.get(f.display);
    if (s) ordered.add(s);
  }
  return { summaries: ordered, parsed: parsedFiles };
}

/**
 * Recomputes the summary of one file of a scan from its new text (a document saved in the editor), so that
 * later analyses of the files its values reach see what it exports now. Only a file that has a summary is
 * refreshed: one that starts a new cross-file flow needs a new scan. True when the summary changed (the
 * files that import it should be analysed again); false when it did not, the file has no summary, or
 * the text does not parse (the old summary is kept).
 */
export function refreshSummary(summaries: FlowSummaries, file: string, text: string, prepared: PreparedRules, exists: (file: string) => boolean, aliases?: PathAliases, keep?: ParsedFiles): boolean {
  const old = summaries.files.get(file);
  if (!old) return false;
  const parsed = parseFile(text, file);
  if ('error' in parsed) return false;
  let s: ReturnType<typeof summarizeFile>;
  try {
    startBudget(DEFAULT_TIME_BUDGET_MS);
    const model = modelOf(parsed, file, prepared, aliases);
    // The saved document is analysed next: `keep` hands it this parse.
    keep?.put(file, text, parsed, model);
    s = summarizeFile({ file, text, parsed, model, ruleSet: prepared.ruleSet }, (spec) => resolveRelative(file, spec, exists));
  } catch {
    return false; // past its budget or broken: the old summary stays
  } finally {
    endBudget();
  }
  if (!s) return false;
  markCallValues(s, prepared, text);
  if (JSON.stringify(s) === JSON.stringify(old)) return false;
  summaries.add(s);
  return true;
}

const valueTests = new WeakMap<PreparedRules, (v: { module: string; path: readonly string[] }, text: string) => boolean>();

/**
 * Whether a call or property matcher of the rule set can name a call on (or a property of) a library
 * object: its module matches and one of its paths extends the object's path (`MilvusClient().insert` for
 * `new MilvusClient()`, any `aws-sdk` path for the module itself). Paths that start with a wildcard
 * (`**.takePictureAsync`) name no export and take no part, as in the prefilter's `valueFormula`.
 */
export function namedByMatchers(prepared: PreparedRules): (v: { module: string; path: readonly string[] }, text: string) => boolean {
  let test = valueTests.get(prepared);
  if (!test) {
    const specs: Array<{ modules: (m: string) => boolean; paths: Array<{ p: PathPattern; head?: string }> }> = [];
    for (const m of prepared.all) {
      const t = m.kind === 'call' && m.call && !m.call.global && !m.call.anyReceiver ? { modules: m.call.modules, paths: m.call.callees } : m.kind === 'property' && m.property && !m.property.global ? { modules: m.property.modules, paths: m.property.paths } : undefined;
      const paths = t?.paths.filter((p) => !p.anyHead).map((p) => ({ p, head: valueHead(p.source) })) ?? [];
      if (t?.modules && paths.length) specs.push({ modules: t.modules, paths });
    }
    // As the prefilter finds such files (crossFileGraph): the module itself only from a short file, an object
    // of one of its exports only where that export's name is written.
    test = (v, text) =>
      specs.some((s) => s.modules(v.module) && s.paths.some(({ p, head }) => p.extends(v.path) && (v.path.length === 0 ? text.length <= MODULE_VALUE_FILE_CHARS : head === undefined || hasWord(text, head))));
    valueTests.set(prepared, test);
  }
  return test;
}

/** Marks the library objects of a summary that call matchers can name (`LibraryValue.calls`). */
function markCallValues(s: FileSummary, prepared: PreparedRules, text: string): void {
  const test = namedByMatchers(prepared);
  for (const v of Object.values(s.values ?? {})) if (!v.global && test(v, text)) v.calls = true;
}

/** Display name of a file as the scan reports it (relative to cwd, forward slashes). */
export function displayPath(abs: string, cwd: string): string {
  return path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);
}
