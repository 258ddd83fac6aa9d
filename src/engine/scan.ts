import * as fs from 'fs';
import * as path from 'path';
import { projectAliases } from './aliases';
import { Minimatch } from 'minimatch';
import { analyzeText, type AnalyzeOptions, type PreparedRules } from './analyze';
import { isSupportedFile } from './parse';
import { decodeBytes, relativeFrom } from './text';
import { collectSummaries } from './crossFile';
import type { FlowSummaries } from './summaries';
import type { FileResult, SkippedFile } from './types';

export interface ScanOptions extends AnalyzeOptions {
  include?: string[];
  exclude?: string[];
  /** Skip files larger than this many bytes. @default 2 MiB */
  maxFileBytes?: number;
  /** Analyse files that look minified instead of skipping them. @default false */
  includeMinified?: boolean;
  /** Honour .gitignore files. @default true */
  gitignore?: boolean;
  /** Called once the file list is known. */
  onStart?: (total: number) => void;
  /** Keep each file's result in the summary (off for streaming consumers). @default true */
  keepResults?: boolean;
  /** Called after each file; return false to stop (cancellation). */
  onFile?: (result: FileResult, index: number) => boolean | void;
  /** What `listFiles` gave for these roots and options, when the caller has listed them already (the CLI's `--cache`). */
  listed?: { files: string[]; skipped: SkippedFile[] };
}

export const DEFAULT_EXCLUDES = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/build/**', '**/out/**', '**/coverage/**', '**/.next/**', '**/*.min.js', '**/*.bundle.js'];
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface ScanSummary {
  results: FileResult[];
  skipped: SkippedFile[];
  filesScanned: number;
  cancelled: boolean;
  /** Flow summaries of the scanned files, for later single-file analysis in the editor (`AnalyzeOptions.summaries`). */
  summaries?: FlowSummaries;
}

const MINIFIED_REASON = 'looks minified (very long lines); pass --include-minified to analyse it';

/** Heuristic used by bundlers' own tooling: very long lines and few of them. */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  // Line by line with the native search for '\n' rather than a loop over every character.
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    lines++;
    if (nl - start > longest) longest = nl - start;
    start = nl + 1;
  }
  if (text.length - start > longest) longest = text.length - start;
  return longest > 1000 && text.length / lines > 300;
}

/** Reads, decodes and analyses one file on disk; unreadable, binary, huge and minified files are skipped with a reason. */
export function analyzeFile(absPath: string, displayPath: string, prepared: PreparedRules, options: ScanOptions = {}): FileResult {
  let bytes: Buffer;
  try {
    const st = fs.statSync(absPath);
    const cap = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (st.size > cap) return skipped(displayPath, `larger than the size cap (${st.size} bytes > ${cap})`);
    bytes = fs.readFileSync(absPath);
  } catch (e) {
    return skipped(displayPath, `unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const decoded = decodeBytes(bytes);
  if (decoded.binaryReason) return skipped(displayPath, decoded.binaryReason);
  if (!options.includeMinified && looksMinified(decoded.text)) return skipped(displayPath, MINIFIED_REASON);
  return analyzeText(decoded.text, displayPath, prepared, options);
}

/** One file's failure must never cost the findings of the others: anything thrown becomes that file's error entry. */
function analyzeFileSafely(absPath: string, displayPath: string, prepared: PreparedRules, options: ScanOptions): FileResult {
  try {
    return analyzeFile(absPath, displayPath, prepared, options);
  } catch (e) {
    return { file: displayPath, findings: [], errors: [{ file: displayPath, line: 1, message: `internal error while analysing: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

function skipped(file: string, reason: string): FileResult {
  return { file, findings: [], errors: [], skipped: { file, reason } };
}

interface IgnoreLike {
  ignores(p: string): boolean;
}

/** One glob of listFiles: `Minimatch#match`, with a quick test that rules a path out before it. */
export interface SegmentGlob {
  /** False when the glob cannot match a path with these segments (split on `/`), with or without a trailing `/`. */
  mayMatch(segments: readonly string[]): boolean;
  match(rel: string): boolean;
}

/**
 * Each part of a glob other than `**` must match one whole path segment, so a path where some part matches
 * no segment cannot match (a part that matches '' is left out: the trailing `/` gives that segment).
 * Negated, comment and empty globs, and Windows drive-letter handling, always go to `match`.
 */
export function segmentGlob(glob: string): SegmentGlob {
  const m = new Minimatch(glob, { dot: true });
  const match = (rel: string) => m.match(rel);
  if (m.negate || m.comment || m.empty || m.isWindows) return { mayMatch: () => true, match };
  const entries = m.set.map((entry) => entry.filter((p): p is string | RegExp => (typeof p === 'string' ? p !== '' : p instanceof RegExp && !p.test(''))));
  const mayMatch = (segments: readonly string[]) => {
    next: for (const entry of entries) {
      for (const p of entry) {
        if (typeof p === 'string') {
          if (!segments.includes(p)) continue next;
        } else if (!segments.some((s) => p.test(s))) continue next;
      }
      return true;
    }
    return false;
  };
  return { mayMatch, match };
}

/** Lists source files under the given paths, honouring excludes, includes and .gitignore; never follows symlink loops. */
export function listFiles(roots: string[], cwd: string, options: ScanOptions, skippedOut: SkippedFile[]): string[] {
  const exclude = [...DEFAULT_EXCLUDES, ...(options.exclude ?? [])].map(segmentGlob);
  const include = (options.include ?? []).map(segmentGlob);
  const out: string[] = [];
  const seenDirs = new Set<string>();
  const relative = relativeFrom(cwd);
  const rel = path.sep === '/' ? relative : (p: string) => relative(p).split(path.sep).join('/');
  const excluded = (r: string, segments: readonly string[]) => exclude.some((g) => g.mayMatch(segments) && (g.match(r) || g.match(r + '/')));
  const createIgnore = options.gitignore === false ? undefined : (require('ignore') as () => IgnoreLike & { add(s: string): IgnoreLike });

  // `known`: what the parent folder's listing already says about the entry (a plain file, or a folder that is
  // not a link and whose real path follows from the parent's), so that it needs no stat or realpath of its own.
  const visit = (p: string, ignores: Array<{ base: string; ig: IgnoreLike }>, known?: { kind: 'file' } | { kind: 'dir'; real: string }) => {
    let isDir: boolean;
    if (known) isDir = known.kind === 'dir';
    else {
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch (e) {
        skippedOut.push({ file: rel(p), reason: `unreadable: ${(e as NodeJS.ErrnoException).code ?? 'error'} (dangling link or removed during the scan)` });
        return;
      }
      if (!st.isDirectory() && !st.isFile()) return;
      isDir = st.isDirectory();
    }
    const isIgnored = (dir: boolean) =>
      ignores.some(({ base, ig }) => {
        const r = path.relative(base, p).split(path.sep).join('/');
        return r && !r.startsWith('..') && ig.ignores(dir ? r + '/' : r);
      });
    if (isDir) {
      let real: string;
      if (known?.kind === 'dir') real = known.real;
      else {
        try {
          real = fs.realpathSync(p);
        } catch {
          return;
        }
      }
      if (seenDirs.has(real)) return; // symlink loop or a second link to the same folder
      seenDirs.add(real);
      const r = rel(p);
      if (excluded(r, r.split('/')) || isIgnored(true)) return;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (e) {
        skippedOut.push({ file: r, reason: `unreadable folder: ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
        return;
      }
      let next = ignores;
      if (createIgnore && entries.some((e) => e.name === '.gitignore')) {
        try {
          const gi = fs.readFileSync(path.join(p, '.gitignore'), 'utf8');
          next = [...ignores, { base: p, ig: createIgnore().add(gi) }];
        } catch {
          /* unreadable, or not a file */
        }
      }
      for (const e of entries) {
        const child = path.join(p, e.name);
        // Links and anything unusual are looked at with stat (a link's target may be a folder, or missing).
        if (e.isFile()) {
          if (isSupportedFile(e.name)) visit(child, next, { kind: 'file' });
        } else if (e.isDirectory()) visit(child, next, { kind: 'dir', real: path.join(real, e.name) });
        else visit(child, next);
      }
      return;
    }
    if (!isSupportedFile(p)) return;
    const r = rel(p);
    const segments = r.split('/');
    if (excluded(r, segments)) {
      if (/\.min\.js$/.test(p)) skippedOut.push({ file: r, reason: 'minified bundle (excluded by default)' });
      return;
    }
    if (isIgnored(false)) return;
    if (include.length && !include.some((g) => g.mayMatch(segments) && g.match(r))) return;
    out.push(p);
  };
  for (const root of roots) visit(path.resolve(cwd, root), []);
  return out;
}

/** Scans files and folders; findings stream through `onFile`, and results are also returned. */
export function scanPaths(roots: string[], prepared: PreparedRules, options: ScanOptions = {}, cwd = process.cwd()): ScanSummary {
  const skippedList: SkippedFile[] = [];
  if (options.listed) skippedList.push(...options.listed.skipped);
  const files = options.listed ? options.listed.files : listFiles(roots, cwd, options, skippedList);
  options.onStart?.(files.length);
  // Summary pass for cross-file flows (folder scans only); the parses it keeps are reused below.
  // The summary pass reads every file to find its scope; files it finds without any trigger token are not read again
  // (value: whether the file looks minified, which is still reported as a skip).
  const quiet = new Map<string, boolean>();
  const onQuiet = options.prefilter === false ? undefined : (display: string, text: string) => quiet.set(display, !options.includeMinified && looksMinified(text));
  // Path aliases of the project (tsconfig/jsconfig `paths` in the scanned folders or the working folder).
  const aliases = options.aliases ?? projectAliases(files, roots, cwd);
  const cross = files.length > 1 && !options.summaries ? collectSummaries(files.map((f) => ({ abs: f, display: path.relative(cwd, f).split(path.sep).join('/') || path.basename(f) })), prepared, { ...options, onQuiet, aliases }) : undefined;
  // A summarised file without tokens that no other file's flows reach is not analysed again: its parse is let go now.
  if (cross) for (const display of quiet.keys()) if (!cross.summaries.affects(display)) cross.parsed.drop(display);
  const fileOptions: ScanOptions = cross ? { ...options, aliases, summaries: cross.summaries, parsedFiles: cross.parsed } : aliases ? { ...options, aliases } : options;
  const results: FileResult[] = [];
  let cancelled = false;
  let i = 0;
  let scanned = 0;
  for (const f of files) {
    const display = path.relative(cwd, f).split(path.sep).join('/') || path.basename(f);
    const minified = quiet.get(display);
    const r =
      minified === undefined || fileOptions.summaries?.affects(display)
        ? analyzeFileSafely(f, display, prepared, fileOptions)
        : minified
          ? skipped(display, MINIFIED_REASON)
          : { file: display, findings: [], errors: [] };
    if (r.skipped) skippedList.push(r.skipped);
    else scanned++;
    if (options.keepResults !== false) results.push(r);
    if (options.onFile?.(r, i++) === false) {
      cancelled = true;
      break;
    }
  }
  return { results, skipped: skippedList, filesScanned: scanned, cancelled, summaries: fileOptions.summaries };
}
