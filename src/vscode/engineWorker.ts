/**
 * The engine in a worker thread (dist/engineWorker.js): loading the TypeScript parser and analysing
 * files never blocks the extension host. The host talks to it through EngineClient (engineClient.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parentPort } from 'worker_threads';
import * as engine from './engineBundle';
import type { AnalyzeOptions, FileResult, PreparedRules } from '../engine';

/** Rule data the host needs for titles, docs and settings checks. */
export interface RuleInfo {
  id: string;
  title: string;
  category: string;
  source?: string;
}

export interface RulesResponse {
  rules: RuleInfo[];
  errors: Array<{ file: string; pointer: string; message: string }>;
}

const prepared = new Map<string, PreparedRules>();
/** Rule sets whose prefilter is built; until then editor analyses skip it (building it costs more than parsing one file). */
const prefilterReady = new WeakSet<PreparedRules>();
/** Cross-file flow summaries of the last workspace scan, used for every later analysis (typing included). */
let summaries: engine.FlowSummaries | undefined;
/** Parses kept by the summary pass, consumed by the scan's analysis pass. */
let parsedFiles: engine.ParsedFiles | undefined;
/** Path aliases found by the last workspace scan (none before one). */
let aliases: engine.PathAliases | undefined;
/** The parse of the document whose summary was just refreshed on save, for its own analysis that follows. */
let savedParse: engine.ParsedFiles | undefined;

/** What the host learns about the result cache of a scan (it logs it: the worker has no log). */
export interface CacheReport {
  /** Files answered from the cache, files analysed and stored, entries kept. */
  hits: number;
  misses: number;
  entries: number;
  /** Problems met reading or writing the cache; the scan itself never fails because of them. */
  problems: string[];
}

/**
 * The result cache of the running workspace scan (engine cache.ts), one per rule set and options: used by
 * `analyzeFile` only while the prepared rules and options are those it was opened with.
 */
let scanCache: { cache: engine.FileResultCache; prepared: PreparedRules; options: string } | undefined;
/** Totals over the caches opened since the last `scanEnd` (a multi-root scan opens one per folder). */
let cacheReport: CacheReport = { hits: 0, misses: 0, entries: 0, problems: [] };

/** Options as analyzeFile sees them, minus the size cap (it only decides what is skipped, and skipped files are not cached). */
function optionsKey(folders: string[], options: AnalyzeOptions & { maxFileBytes?: number }): string {
  const { maxFileBytes: _cap, ...rest } = options;
  return JSON.stringify([folders, rest]);
}

/** Saves and closes the open cache, adding its counts to the scan's report. */
function closeScanCache(): void {
  if (!scanCache) return;
  const { cache } = scanCache;
  scanCache = undefined;
  cacheReport.hits += cache.stats.hits;
  cacheReport.misses += cache.stats.misses;
  cacheReport.entries += cache.stats.entries;
  if (!cache.save()) cacheReport.problems.push(`could not write the result cache ${cache.file}`);
}

function rulesFor(folders: string[]): PreparedRules {
  const key = JSON.stringify(folders);
  let p = prepared.get(key);
  if (!p) {
    p = engine.prepareRules(engine.loadRuleSet(folders));
    prepared.set(key, p);
  }
  return p;
}

function skipped(file: string, reason: string): FileResult {
  return { file, findings: [], errors: [], skipped: { file, reason } };
}

/** Wall-clock times (ms since the epoch) the bootstrap in engineClient.ts records: started, bundle compiled, bundle run. */
interface BootTimes {
  started: number;
  compiled: number;
  ran: number;
}

/**
 * CPU time this thread has used since it started, in ms (Linux: /proc/thread-self/stat, 10 ms ticks), or
 * undefined elsewhere. Set against wall time it shows whether a slow start did work or waited for a core.
 */
export function threadCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]); // utime, stime
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** The worker's methods; each message is `{ id, method, args }`, each reply `{ id, result }` or `{ id, error }`. */
export const handlers = {
  /**
   * Loads the parser so the first real analysis does not pay for it. `storeDir` (the extension's global
   * storage) keeps the compiled prefilter between engine starts, beside V8's code cache of this bundle:
   * built from the rules it takes about 0.1 s of CPU right after the first result; read back, a few ms.
   */
  warmUp(storeDir?: string): { ms: number; codeCache: string; boot?: BootTimes; cpuMs?: number; warmUpCpuMs?: number } {
    engine.setPrefilterStore(storeDir ? engine.prefilterStoreIn(storeDir, engine.ENGINE_VERSION) : undefined);
    const t = performance.now();
    const cpu0 = threadCpuMs();
    engine.analyzeText('navigator.geolocation.getCurrentPosition(() => {});\n', 'warm-up.ts', rulesFor([]), { prefilter: false });
    const cpu1 = threadCpuMs();
    // Set by the bootstrap in engineClient.ts (absent when the bundle is loaded some other way).
    const boot = globalThis as { __pbdCodeCacheState?: string; __pbdBoot?: BootTimes };
    return { ms: performance.now() - t, codeCache: boot.__pbdCodeCacheState ?? 'not used', boot: boot.__pbdBoot, cpuMs: cpu1, warmUpCpuMs: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined };
  },
  rules(folders: string[]): RulesResponse {
    const p = rulesFor(folders);
    return {
      rules: p.ruleSet.rules.map((r) => ({ id: r.id, title: r.title, category: r.category, source: r.source })),
      errors: p.ruleSet.errors,
    };
  },
  analyzeText(text: string, file: string, folders: string[], options: AnalyzeOptions): FileResult {
    if (engine.looksMinified(text)) return skipped(file, 'looks minified (very long lines)');
    const p = rulesFor(folders);
    const result = engine.analyzeText(text, file, p, { ...options, summaries, aliases, parsedFiles: savedParse, prefilter: prefilterReady.has(p) });
    if (!prefilterReady.has(p)) {
      // Built once the first result is on its way, so it never delays the first diagnostics.
      setImmediate(() => {
        engine.prefilterFor(p);
        prefilterReady.add(p);
      });
    }
    return result;
  },
  analyzeFile(absPath: string, folders: string[], options: engine.ScanOptions): FileResult {
    const p = rulesFor(folders);
    prefilterReady.add(p);
    const cache = scanCache && scanCache.prepared === p && scanCache.options === optionsKey(folders, options) ? scanCache.cache : undefined;
    return engine.analyzeFile(absPath, absPath, p, { ...options, summaries, aliases, parsedFiles, cache });
  },
  /**
   * Opens the result cache in `dir` for these rules and options, for the `analyzeFile` calls of a workspace
   * scan (the previous one is saved first); no `dir` just closes it. Problems are reported at `scanEnd`.
   */
  cacheBegin(dir: string | undefined, folders: string[], options: AnalyzeOptions): { entries: number } {
    closeScanCache();
    if (!dir) return { entries: 0 };
    try {
      const p = rulesFor(folders);
      const cache = engine.openResultCache(dir, p, options, engine.ENGINE_VERSION);
      if (cache.stats.entries === 0 && fs.existsSync(cache.file)) cacheReport.problems.push(`could not read the result cache ${cache.file}; starting afresh`);
      scanCache = { cache, prepared: p, options: optionsKey(folders, options) };
      return { entries: cache.stats.entries };
    } catch (e) {
      cacheReport.problems.push(`could not open the result cache in ${dir}: ${(e as Error).message}`);
      return { entries: 0 };
    }
  },
  /** Saves V8's code cache of this bundle (see engineClient.ts) once the parser's hot code is compiled. */
  saveCodeCache(): { bytes: number } {
    const save = (globalThis as { __pbdSaveCodeCache?: () => number }).__pbdSaveCodeCache;
    return { bytes: save ? save() : 0 };
  },
  /** Summary pass of a workspace scan (cross-file flows); files are named by absolute path everywhere. */
  scanBegin(files: string[], folders: string[], maxFileBytes: number, root?: string): { summarised: number } {
    // Path aliases (tsconfig/jsconfig `paths`) of the workspace folder, in the absolute names the editor uses.
    const top = root ?? path.dirname(files[0] ?? path.sep);
    aliases = engine.loadPathAliases(engine.configFolders(files, [top], top));
    const cross = engine.collectSummaries(files.map((abs) => ({ abs, display: abs })), rulesFor(folders), { maxFileBytes, aliases });
    summaries = cross.summaries;
    parsedFiles = cross.parsed;
    return { summarised: cross.parsed.size };
  },
  /**
   * A document of the last scan was saved: its cross-file summary is recomputed from the saved text (see
   * `refreshSummary`). `changed`: the files it reaches should be analysed again.
   */
  refreshSummary(file: string, text: string, folders: string[]): { changed: boolean } {
    if (!summaries) return { changed: false };
    savedParse = new engine.ParsedFiles();
    return { changed: engine.refreshSummary(summaries, file, text, rulesFor(folders), (f) => fs.existsSync(f), aliases, savedParse) };
  },
  /** Ends a scan (finished or cancelled): drops the kept parses, saves the result cache and reports on it. */
  scanEnd(): { cache: CacheReport } {
    parsedFiles = undefined;
    closeScanCache();
    const report = cacheReport;
    cacheReport = { hits: 0, misses: 0, entries: 0, problems: [] };
    return { cache: report };
  },
  /** Why each workspace-relative path is left out of a scan (null: scanned), plus glob problems. */
  filterPaths(include: string[], exclude: string[], gitignores: Array<[string, string]>, paths: string[]): { reasons: Array<string | null>; problems: string[] } {
    const f = engine.createPathFilter(include, exclude, new Map(gitignores));
    return { reasons: paths.map((p) => f.reason(p) ?? null), problems: f.problems };
  },
  invalidate(): void {
    // A cache opened for the old rules is not used with the new ones (analyzeFile checks the prepared rules).
    prepared.clear();
    summaries = undefined;
    parsedFiles = undefined;
    aliases = undefined;
    savedParse = undefined;
  },
};

export type Handlers = typeof handlers;

if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: { id: number; method: keyof Handlers; args: unknown[] }) => {
    try {
      const fn = handlers[msg.method] as (...a: unknown[]) => unknown;
      if (!fn) throw new Error(`unknown method ${String(msg.method)}`);
      port.postMessage({ id: msg.id, result: fn(...msg.args) });
    } catch (e) {
      port.postMessage({ id: msg.id, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  });
}
