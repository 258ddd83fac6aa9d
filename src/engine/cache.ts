/**
 * A content-hash cache of analysis results, so that an unchanged file is never parsed again.
 * One JSON file per key (engine version and build, rule-set hash, result-shaping options) in a
 * folder: the CLI's `--cache [DIR]`, the extension's storage folder. Only files that pass the
 * prefilter reach the cache (the others cost less to re-check than to look up).
 *
 *   const cache = openResultCache(dir, prepared, options);
 *   analyzeText(text, file, prepared, { ...options, cache });   // or scanPaths(…, { cache })
 *   cache.save();
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { AnalyzeOptions, PreparedRules } from './analyze';
import type { PrefilterStore } from './prefilter';
import type { RuleSet } from './rules';
import { SUPPRESSION_PREFIX } from './suppress';
import { ContentReader, relativeFrom } from './text';
import type { FileError, FileResult, Finding, SkippedFile } from './types';

/** What analyzeText needs of a cache. */
export interface ResultCache {
  get(text: string, file: string, options?: AnalyzeOptions): FileResult | undefined;
  set(text: string, file: string, result: FileResult, options?: AnalyzeOptions): void;
}

const summaryDigests = new WeakMap<object, string>();

/**
 * A file that imports a summarised file is analysed without the cache (analyze.ts); any other file
 * can still depend on other files through Mongoose models looked up by name, so an entry made with
 * summaries also keys on a digest of every file's models (small, unlike the whole summaries).
 */
function summariesDigest(options: AnalyzeOptions | undefined): string {
  const sums = (options as { summaries?: { files?: Map<string, { models?: unknown }> } } | undefined)?.summaries;
  if (!sums || !(sums.files instanceof Map) || sums.files.size === 0) return '';
  let d = summaryDigests.get(sums);
  if (d === undefined) {
    const h = crypto.createHash('sha256');
    for (const k of [...sums.files.keys()].sort()) h.update(k).update('\0').update(JSON.stringify(sums.files.get(k)?.models ?? {})).update('\0');
    d = h.digest('hex').slice(0, 16);
    summaryDigests.set(sums, d);
  }
  return '#' + d;
}

/** Bumped when the cache file layout changes. */
const FORMAT = 2;
const PREFIX = 'pbd-cache-';
/** A cache file, or what an interrupted save left of one. */
const CACHE_FILE = /^pbd-cache-[0-9a-f]+\.json(\.\d+\.tmp)?$/;
const SELF = '\u0000self';
const CACHEDIR_TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n# This file marks a cache folder of privacy-by-design (https://bford.info/cachedir/).\n';

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/**
 * Hash of everything in a rule set that can change a finding: rules, globals, sources and recommendations.
 * Once per rule set (loaded rule sets are not changed afterwards): the result cache and the stored prefilter both key on it.
 */
export function ruleSetHash(ruleSet: RuleSet): string {
  let h = ruleSetHashes.get(ruleSet);
  if (h === undefined) ruleSetHashes.set(ruleSet, (h = ruleSetHashNow(ruleSet)));
  return h;
}

const ruleSetHashes = new WeakMap<RuleSet, string>();

function ruleSetHashNow(ruleSet: RuleSet): string {
  const rules = ruleSet.rules.map(({ source: _source, ...r }) => r);
  return sha256(JSON.stringify({ rules, globals: [...ruleSet.globals], modules: [...(ruleSet.modules ?? [])], sources: ruleSet.sources, recs: [...ruleSet.recommendations.keys()] }));
}

/** The options that shape results (not the cache, prefilter, clock or budget). */
export function optionsKey(options: AnalyzeOptions): string {
  const { severityOverrides, consentGuard, consentGuards, defaultRetentionDays, coordinateDecimals } = options;
  return JSON.stringify([severityOverrides ?? {}, consentGuard ?? null, consentGuards ?? [], defaultRetentionDays ?? null, coordinateDecimals ?? null]);
}

let buildFingerprint: string | undefined;

/**
 * A hash of this engine build's code (a few hundred KB, read once), so a changed engine never reads stale
 * results. In a bundle (dist/cli.js, dist/engineWorker.js: this module is not a file of its own) the bundle's
 * name, size and modification time stand for it: the bundle is 4 MiB and always rewritten by a build, and the
 * folder also holds the other bundles.
 */
function engineBuild(): string {
  if (buildFingerprint !== undefined) return buildFingerprint;
  const h = crypto.createHash('sha256');
  if (path.basename(__filename) !== 'cache.js') {
    try {
      const st = fs.statSync(__filename);
      h.update(`${path.basename(__filename)}\n${st.size}\n${st.mtimeMs}`);
    } catch {
      /* unreadable build: version and rules still key the cache */
    }
    return (buildFingerprint = h.digest('hex'));
  }
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) visit(path.join(dir, e.name));
      else if (e.name.endsWith('.js')) h.update(e.name).update(fs.readFileSync(path.join(dir, e.name)));
    }
  };
  try {
    visit(__dirname);
  } catch {
    /* unreadable build: version and rules still key the cache */
  }
  return (buildFingerprint = h.digest('hex'));
}

/** Bumped when `Prefilter.serialize`'s layout changes (the engine build is part of the key anyway). */
const PREFILTER_FORMAT = 1;
const PREFILTER_FILE = /^prefilter-[0-9a-f]{32}\.bin$/;
/** Compiled prefilters kept per folder: other engine builds and rule sets (extra rule folders) each have one. */
const PREFILTER_FILES_KEPT = 8;

/**
 * A store of compiled prefilters in `folder` (the CLI's compile-cache folder, the extension's global storage),
 * one file per engine build and rule set. Writes go through a temporary name and a rename; saving removes all
 * but the newest few files.
 */
export function prefilterStoreIn(folder: string | (() => string | undefined), engineVersion: string): PrefilterStore {
  // A function is asked on first use, so that a run that needs no prefilter creates no folder.
  let dir: string | undefined;
  const fileFor = (ruleSet: RuleSet): { dir: string; file: string } | undefined => {
    dir ??= typeof folder === 'string' ? folder : folder();
    if (dir === undefined) return undefined;
    return { dir, file: path.join(dir, `prefilter-${sha256([PREFILTER_FORMAT, engineVersion, engineBuild(), ruleSetHash(ruleSet)].join('\n')).slice(0, 32)}.bin`) };
  };
  return {
    load: (ruleSet) => {
      try {
        const at = fileFor(ruleSet);
        return at === undefined ? undefined : fs.readFileSync(at.file);
      } catch {
        return undefined;
      }
    },
    save: (ruleSet, bytes) => {
      const at = fileFor(ruleSet);
      if (at === undefined) return;
      const tmp = `${at.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        fs.mkdirSync(at.dir, { recursive: true });
        fs.writeFileSync(tmp, bytes, { mode: 0o600 });
        fs.renameSync(tmp, at.file);
        const others = fs
          .readdirSync(at.dir)
          .filter((n) => PREFILTER_FILE.test(n))
          .map((n) => ({ n, t: fs.statSync(path.join(at.dir, n)).mtimeMs }))
          .sort((a, b) => b.t - a.t);
        for (const o of others.slice(PREFILTER_FILES_KEPT)) fs.rmSync(path.join(at.dir, o.n), { force: true });
      } catch {
        fs.rmSync(tmp, { force: true });
      }
    },
  };
}

interface Entry {
  findings: Finding[];
  errors: FileError[];
}

/** The outcome of a whole scan, kept so that a re-scan of an unchanged tree parses nothing at all. */
export interface ScanRecord {
  findings: Finding[];
  errors: FileError[];
  skipped: SkippedFile[];
  filesScanned: number;
}

/** Whole scans kept per cache file (the latest first). */
const MAX_SCANS = 4;

/**
 * Key of a whole scan: every listed file's path and content (the size alone past the size cap, where the
 * scan does not read it), the scan settings that change results, and today's date (dated suppressions).
 */
export function scanKey(files: readonly string[], cwd: string, settings: unknown, maxFileBytes: number, now = new Date()): string {
  const h = crypto.createHash('sha1').update(JSON.stringify(settings ?? null)).update(now.toISOString().slice(0, 10));
  const rel = relativeFrom(cwd);
  const reader = new ContentReader();
  for (const f of files) {
    h.update('\0').update(rel(f));
    // Hashed: `\0size:N` past the cap, else `\0` and the bytes; `\0unreadable:CODE` for an error (as stat, then read, met it).
    let fd: number;
    try {
      fd = fs.openSync(f, 'r');
    } catch (e) {
      try {
        const st = fs.statSync(f);
        if (st.size > maxFileBytes) h.update(`\0size:${st.size}`);
        else h.update('\0').update(`\0unreadable:${(e as NodeJS.ErrnoException).code ?? ''}`);
      } catch (e2) {
        h.update(`\0unreadable:${(e2 as NodeJS.ErrnoException).code ?? ''}`);
      }
      continue;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size > maxFileBytes) h.update(`\0size:${size}`);
      else {
        h.update('\0');
        h.update(reader.read(fd, size));
      }
    } catch (e) {
      h.update(`\0unreadable:${(e as NodeJS.ErrnoException).code ?? ''}`);
    } finally {
      fs.closeSync(fd);
    }
  }
  return h.digest('base64');
}

export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
}

export class FileResultCache implements ResultCache {
  private entries = new Map<string, Entry>();
  private scans = new Map<string, ScanRecord>();
  private readonly touched = new Set<string>();
  private dirty = false;
  readonly stats: CacheStats = { hits: 0, misses: 0, entries: 0 };

  /** `key` identifies engine, rules and options; `file` is where entries persist. */
  constructor(
    readonly file: string,
    readonly key: string,
    private readonly now: () => Date = () => new Date(),
    private readonly maxEntries = 50_000,
  ) {
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: number; key?: string; entries?: Record<string, Entry>; scans?: Record<string, ScanRecord> };
      if (data.format === FORMAT && data.key === key && data.entries) {
        this.entries = new Map(Object.entries(data.entries));
        this.scans = new Map(Object.entries(data.scans ?? {}));
      }
    } catch {
      /* no cache yet, or unreadable: start empty */
    }
    this.stats.entries = this.entries.size;
  }

  /**
   * Entry key: the content hash and the kind of file (its extension, `.d.ts` apart: the same text is
   * TypeScript in one file and JavaScript or markup in another); a file with dated suppressions
   * (`until`) also keys on today's date.
   */
  private entryKey(text: string, file: string, options?: AnalyzeOptions): string {
    const kind = ((/\.d\.[cm]?ts$/i.exec(file) ?? /\.[^./\\]*$/.exec(file))?.[0] ?? '').toLowerCase();
    // Path aliases change what a specifier resolves to (a vendored bundle behind `@/vendor/…`); the file's own
    // folder matters then too, as an aliased specifier resolves relative to it.
    const aliased = options?.aliases ? '~' + crypto.createHash('sha1').update(JSON.stringify(options.aliases.entries) + '\0' + file).digest('base64').slice(0, 12) : '';
    const h = crypto.createHash('sha1').update(text).digest('base64') + kind + summariesDigest(options) + aliased;
    if (text.includes(SUPPRESSION_PREFIX) && /\buntil\b/.test(text)) return h + '@' + this.now().toISOString().slice(0, 10);
    return h;
  }

  get(text: string, file: string, options?: AnalyzeOptions): FileResult | undefined {
    const k = this.entryKey(text, file, options);
    const e = this.entries.get(k);
    if (!e) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    this.touched.add(k);
    const at = (f: string) => (f === SELF ? file : f);
    return {
      file,
      findings: e.findings.map((f) => ({ ...f, file: at(f.file), related: f.related.map((r) => ({ ...r, file: at(r.file) })) })),
      errors: e.errors.map((x) => ({ ...x, file: at(x.file) })),
    };
  }

  set(text: string, file: string, result: FileResult, options?: AnalyzeOptions): void {
    const k = this.entryKey(text, file, options);
    const self = (f: string) => (f === file ? SELF : f);
    this.entries.set(k, {
      findings: result.findings.map((f) => ({ ...f, file: self(f.file), related: f.related.map((r) => ({ ...r, file: self(r.file) })) })),
      errors: result.errors.map((x) => ({ ...x, file: self(x.file) })),
    });
    this.touched.add(k);
    this.dirty = true;
    this.stats.entries = this.entries.size;
  }

  /** The recorded outcome of a scan with this key (see `scanKey`), if any. */
  getScan(key: string): ScanRecord | undefined {
    return this.scans.get(key);
  }

  setScan(key: string, record: ScanRecord): void {
    this.scans.delete(key);
    this.scans = new Map([[key, record], ...[...this.scans].slice(0, MAX_SCANS - 1)]);
    this.dirty = true;
  }

  /** Writes the cache if it changed (atomically: temp file and rename). Entries used in this run are kept first. Never throws. */
  save(): boolean {
    if (!this.dirty) return true;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tag = path.join(path.dirname(this.file), 'CACHEDIR.TAG');
      if (!fs.existsSync(tag)) fs.writeFileSync(tag, CACHEDIR_TAG);
      const keys = [...this.touched, ...[...this.entries.keys()].filter((k) => !this.touched.has(k))].slice(0, this.maxEntries);
      const entries: Record<string, Entry> = {};
      for (const k of keys) entries[k] = this.entries.get(k)!;
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ format: FORMAT, key: this.key, entries, scans: Object.fromEntries(this.scans) }));
      fs.renameSync(tmp, this.file);
      this.dirty = false;
      try {
        pruneCacheFolder(path.dirname(this.file), this.file);
      } catch {
        // an untidy folder costs only space
      }
      return true;
    } catch {
      return false;
    }
  }

  /** Drops every entry (the file is rewritten on the next save). */
  clear(): void {
    this.entries.clear();
    this.scans.clear();
    this.touched.clear();
    this.dirty = true;
    this.stats.entries = 0;
  }
}

/** Cache files of other keys (other rule sets, options or engine builds) kept besides the one in use, most recent first. */
export const KEEP_CACHE_FILES = 8;
/** A cache file of another key not written for this long is deleted even when it is among those kept. */
export const STALE_CACHE_DAYS = 30;

/**
 * Tidies a cache folder: every engine upgrade, rule change or new set of options starts a new cache file,
 * and nothing else would ever remove the old ones. Deletes, besides `current`, the cache files beyond the
 * KEEP_CACHE_FILES most recently written, those not written for STALE_CACHE_DAYS, and leftovers of
 * interrupted saves older than an hour. Throws when the folder cannot be read.
 */
export function pruneCacheFolder(dir: string, current: string, now = Date.now()): void {
  const files = fs
    .readdirSync(dir)
    .filter((n) => CACHE_FILE.test(n) && path.join(dir, n) !== current)
    .map((n) => {
      const file = path.join(dir, n);
      return { file, tmp: n.endsWith('.tmp'), mtime: fs.statSync(file).mtimeMs };
    })
    .sort((a, b) => b.mtime - a.mtime);
  const stale = now - STALE_CACHE_DAYS * 24 * 3600 * 1000;
  const drop = [
    ...files.filter((f) => f.tmp && f.mtime < now - 3600_000),
    ...files.filter((f) => !f.tmp).filter((f, i) => i >= KEEP_CACHE_FILES || f.mtime < stale),
  ];
  for (const f of drop) fs.rmSync(f.file, { force: true });
}

/** Opens (or starts) the cache for this engine, rule set and options in `dir` (of the prepared rules, only the rule set is used). */
export function openResultCache(dir: string, prepared: Pick<PreparedRules, 'ruleSet'>, options: AnalyzeOptions = {}, engineVersion = '0'): FileResultCache {
  const key = sha256([FORMAT, engineVersion, engineBuild(), ruleSetHash(prepared.ruleSet), optionsKey(options)].join('\n'));
  return new FileResultCache(path.join(dir, `${PREFIX}${key.slice(0, 16)}.json`), key, () => options.now ?? new Date());
}

/** True when `dir` looks like a cache folder this engine made (it holds a CACHEDIR.TAG). */
export function isCacheDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'CACHEDIR.TAG'));
}
