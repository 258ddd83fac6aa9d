/**
 * The engine in a worker thread (dist/engineWorker.js): loading the TypeScript parser and analysing
 * files never blocks the extension host. The host talks to it through EngineClient (engineClient.ts).
 */
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

/** The worker's methods; each message is `{ id, method, args }`, each reply `{ id, result }` or `{ id, error }`. */
export const handlers = {
  /** Loads the parser so the first real analysis does not pay for it. */
  warmUp(): { ms: number } {
    const t = performance.now();
    engine.analyzeText('navigator.geolocation.getCurrentPosition(() => {});\n', 'warm-up.ts', rulesFor([]), { prefilter: false });
    return { ms: performance.now() - t };
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
    const result = engine.analyzeText(text, file, p, { ...options, summaries, prefilter: prefilterReady.has(p) });
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
    return engine.analyzeFile(absPath, absPath, p, { ...options, summaries, parsedFiles });
  },
  /** Saves V8's code cache of this bundle (see engineClient.ts) once the parser's hot code is compiled. */
  saveCodeCache(): { bytes: number } {
    const save = (globalThis as { __pbdSaveCodeCache?: () => number }).__pbdSaveCodeCache;
    return { bytes: save ? save() : 0 };
  },
  /** Summary pass of a workspace scan (cross-file flows); files are named by absolute path everywhere. */
  scanBegin(files: string[], folders: string[], maxFileBytes: number): { summarised: number } {
    const cross = engine.collectSummaries(files.map((abs) => ({ abs, display: abs })), rulesFor(folders), { maxFileBytes });
    summaries = cross.summaries;
    parsedFiles = cross.parsed;
    return { summarised: cross.parsed.size };
  },
  scanEnd(): void {
    parsedFiles = undefined;
  },
  /** Why each workspace-relative path is left out of a scan (null: scanned), plus glob problems. */
  filterPaths(include: string[], exclude: string[], gitignores: Array<[string, string]>, paths: string[]): { reasons: Array<string | null>; problems: string[] } {
    const f = engine.createPathFilter(include, exclude, new Map(gitignores));
    return { reasons: paths.map((p) => f.reason(p) ?? null), problems: f.problems };
  },
  invalidate(): void {
    prepared.clear();
    summaries = undefined;
    parsedFiles = undefined;
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
