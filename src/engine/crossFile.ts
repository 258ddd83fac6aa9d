import * as fs from 'fs';
import * as path from 'path';
import type { PreparedRules } from './analyze';
import { summarizeFile } from './flow';
import { parseFile, type ParsedFile } from './parse';
import { crossFileScope, prefilterFor } from './prefilter';
import { FileModel } from './resolve';
import { FlowSummaries, resolveRelative } from './summaries';
import { decodeBytes } from './text';
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
  /** Told about each file found to have no rule's trigger token while the scope was computed (see `crossFileScope`). */
  onQuiet?: (display: string, text: string) => void;
}

/**
 * The summary pass of a folder scan: parses each file that can take part in a cross-file flow once,
 * records what it exports, returns and passes on, and keeps the parse for the analysis pass.
 */
export function collectSummaries(files: Array<{ abs: string; display: string }>, prepared: PreparedRules, options: SummaryOptions = {}): { summaries: FlowSummaries; parsed: ParsedFiles } {
  const summaries = new FlowSummaries();
  const parsedFiles = new ParsedFiles(options.parseCacheChars);
  const known = new Set(files.map((f) => f.display));
  const globals = new Map([...prepared.ruleSet.globals].map(([k, v]) => [k, { module: v.module }]));
  // Only the import-graph components that hold a flow source can carry a value across files (prefilter.ts).
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
  const scope = options.prefilter === false ? undefined : crossFileScope(files, prepared, resolve, options.maxFileBytes, options.onQuiet);
  for (const f of files) {
    if (scope && !scope.has(f.display)) continue;
    let text: string;
    try {
      if (fs.statSync(f.abs).size > (options.maxFileBytes ?? 2 * 1024 * 1024)) continue;
      const decoded = decodeBytes(fs.readFileSync(f.abs));
      if (decoded.binaryReason) continue;
      text = decoded.text;
    } catch {
      continue; // reported by the analysis pass
    }
    if (!CROSS_FILE_HINT.test(text)) continue;
    // Library globals (`faceapi.nets`) resolve to a module without an import, so a file naming one is not plain data.
    if (scope && !MAY_CARRY.test(text) && !libraryGlobal?.test(text) && !pf.isFlowSeed(text, f.display)) continue;
    try {
      startBudget(options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
      const parsed = parseFile(text, f.display);
      if ('error' in parsed) continue;
      const model = new FileModel(parsed.ast, globals);
      const s = summarizeFile({ file: f.display, text, parsed, model, ruleSet: prepared.ruleSet }, (spec) => resolve(f.display, spec));
      summaries.add(s);
      parsedFiles.put(f.display, text, parsed, model);
    } catch {
      // A file whose summary fails (or runs past its budget) contributes nothing cross-file; its own analysis reports it.
    } finally {
      endBudget();
    }
  }
  return { summaries, parsed: parsedFiles };
}

/** Display name of a file as the scan reports it (relative to cwd, forward slashes). */
export function displayPath(abs: string, cwd: string): string {
  return path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);
}
