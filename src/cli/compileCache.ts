/**
 * A compile cache for the CLI's big CommonJS modules (TypeScript's typescript.js is 9 MB, and
 * typescript-estree): V8's cached data is kept in a per-user folder under the OS temp folder.
 *
 * On Node with `module.enableCompileCache` (22.1+), that is used and nothing else is done. On older
 * Node, `Module.prototype._compile` is wrapped for large files: they are compiled through
 * `vm.Script` with the cached data, and at exit the data is (re)written for any script whose cache
 * was missing or rejected, so functions compiled lazily during the scan are included.
 *
 * Every failure is silent: a broken, stale or unreadable cache only means a slower start.
 * `PBD_COMPILE_CACHE=0` (or `off`) disables it; `PBD_COMPILE_CACHE=<dir>` picks the folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import Module = require('module');

/** Files smaller than this are compiled by Node as usual (their compile time is negligible). */
export const DEFAULT_MIN_BYTES = 64 * 1024;

const MAGIC = 'PBDCC1\n';

export interface CompileCacheStatus {
  /** 'node' when Node's own compile cache is used, 'hook' for the vm.Script hook. */
  mode: 'node' | 'hook' | 'disabled';
  dir?: string;
}

export interface CacheHeader {
  file: string;
  size: number;
  mtimeMs: number;
  length: number;
  node: string;
  arch: string;
}

interface Entry {
  script: vm.Script;
  cacheFile: string;
  header: CacheHeader;
}

/** The folder from the environment, or undefined when disabled. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = (env.PBD_COMPILE_CACHE ?? '').trim();
  if (/^(0|off|false|no)$/i.test(v)) return undefined;
  if (v) return path.resolve(v);
  let user: string;
  try {
    user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  } catch {
    user = 'user';
  }
  return path.join(os.tmpdir(), `privacy-by-design-compile-cache-${user.replace(/[^\w.-]/g, '_')}`);
}

/** Creates the default folder private to this user; false if it exists but is not ours or is writable by others. */
function ensurePrivateDir(dir: string): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) return false;
  if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return false;
  return true;
}

function hash(s: string): string {
  // FNV-1a, 32 bits twice with different seeds: a file name, not a security boundary (the header holds the full path).
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

function sameHeader(a: CacheHeader, b: CacheHeader): boolean {
  return a.file === b.file && a.size === b.size && a.mtimeMs === b.mtimeMs && a.length === b.length && a.node === b.node && a.arch === b.arch;
}

/** The cached data stored for this header, or undefined if absent, corrupt or made for another file version or Node. */
export function readCacheFile(cacheFile: string, header: CacheHeader): Buffer | undefined {
  try {
    const buf = fs.readFileSync(cacheFile);
    if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const len = buf.readUInt32LE(MAGIC.length);
    const start = MAGIC.length + 4 + len;
    if (start >= buf.length) return undefined;
    const stored = JSON.parse(buf.toString('utf8', MAGIC.length + 4, start)) as CacheHeader;
    return sameHeader(stored, header) ? buf.subarray(start) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary name and a rename, so a parallel process never reads half a file. */
export function writeCacheFile(cacheFile: string, header: CacheHeader, data: Buffer): boolean {
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(MAGIC, 'latin1'), len, head, data]), { mode: 0o600 });
    fs.renameSync(tmp, cacheFile);
    return true;
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    return false;
  }
}

type CompileFn = (this: NodeJS.Module, content: string, filename: string) => unknown;
interface ModuleInternals {
  prototype: { _compile: CompileFn };
  wrap(code: string): string;
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: NodeJS.Module): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  enableCompileCache?: (dir?: string) => unknown;
}

/** The `require` a CommonJS module gets, built as Node builds it. */
function makeRequire(mod: NodeJS.Module, M: ModuleInternals): NodeJS.Require {
  const req = ((id: string) => mod.require(id)) as unknown as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, mod);
  req.resolve = resolve;
  (req as { main?: unknown }).main = require.main;
  (req as { extensions?: unknown }).extensions = M._extensions;
  (req as { cache?: unknown }).cache = M._cache;
  return req;
}

let installed: CompileCacheStatus | undefined;
let restore: (() => void) | undefined;
let pending: Entry[] = [];
let stats = { hits: 0 };

/** How many modules were compiled from an accepted cache since install. */
export function compileCacheHits(): number {
  return stats.hits;
}

export interface InstallOptions {
  env?: NodeJS.ProcessEnv;
  minBytes?: number;
  /** For tests: the module API to use (defaults to Node's `module`). */
  moduleApi?: unknown;
  /** Write the cache at process exit (default); tests call flushCompileCache() instead. */
  writeAtExit?: boolean;
}

let usable: boolean | undefined;
let dirUsable: (() => boolean) | undefined;

/**
 * The compile cache's folder for other data derived from this build (the compiled prefilter, see
 * `prefilterStoreIn`), with the same checks (created private to this user, unless chosen by
 * PBD_COMPILE_CACHE); undefined when the cache is off or the folder is not usable. Never throws.
 */
export function compileCacheDataDir(): string | undefined {
  return installed?.dir && dirUsable?.() ? installed.dir : undefined;
}

/** Turns the compile cache on for modules loaded from now on. Never throws. */
export function installCompileCache(options: InstallOptions = {}): CompileCacheStatus {
  if (installed) return installed;
  const M = (options.moduleApi ?? Module) as ModuleInternals;
  const dir = compileCacheDir(options.env ?? process.env);
  if (!dir) return (installed = { mode: 'disabled' });
  const chosen = !!(options.env ?? process.env).PBD_COMPILE_CACHE?.trim();
  // Checked on first use (the first large module, or the stored prefilter), with the same checks in both modes.
  const checkDir = (): boolean => {
    if (usable === undefined) {
      try {
        usable = chosen ? (fs.mkdirSync(dir, { recursive: true }), true) : ensurePrivateDir(dir);
      } catch {
        usable = false;
      }
    }
    return usable;
  };
  dirUsable = checkDir;
  if (typeof M.enableCompileCache === 'function') {
    try {
      M.enableCompileCache(dir);
    } catch {
      // Node keeps working without it
    }
    return (installed = { mode: 'node', dir });
  }
  const minBytes = options.minBytes ?? DEFAULT_MIN_BYTES;
  const original = M.prototype._compile;
  const importModuleDynamically = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  M.prototype._compile = function (this: NodeJS.Module, content: string, filename: string): unknown {
    if (content.length < minBytes || content.startsWith('#!') || !path.isAbsolute(filename) || !checkDir()) return original.call(this, content, filename);
    let entry: Entry;
    let fn: (...args: unknown[]) => unknown;
    try {
      const st = fs.statSync(filename);
      const header: CacheHeader = { file: filename, size: st.size, mtimeMs: st.mtimeMs, length: content.length, node: process.version, arch: process.arch };
      const cacheFile = path.join(dir, `${path.basename(filename).replace(/[^\w.-]/g, '_')}-${hash(filename)}.cache`);
      const cachedData = readCacheFile(cacheFile, header);
      const script = new vm.Script(M.wrap(content), {
        filename,
        cachedData,
        ...(importModuleDynamically ? { importModuleDynamically: importModuleDynamically as never } : {}),
      });
      fn = script.runInThisContext({ displayErrors: true }) as typeof fn;
      entry = { script, cacheFile, header };
      if (cachedData && script.cachedDataRejected === false) stats.hits++;
      else pending.push(entry);
    } catch {
      // A syntax error or anything unexpected: let Node compile it and report as it always does.
      return original.call(this, content, filename);
    }
    return fn.call(this.exports, this.exports, makeRequire(this, M), this, filename, path.dirname(filename));
  };
  const onExit = () => flushCompileCache();
  if (options.writeAtExit !== false) process.on('exit', onExit);
  restore = () => {
    M.prototype._compile = original;
    process.removeListener('exit', onExit);
  };
  return (installed = { mode: 'hook', dir });
}

/** Writes the cached data of scripts compiled without a usable cache; returns how many files it wrote. */
export function flushCompileCache(): number {
  const todo = pending;
  pending = [];
  let n = 0;
  for (const e of todo) {
    try {
      if (writeCacheFile(e.cacheFile, e.header, e.script.createCachedData())) n++;
    } catch {
      // silent: next run compiles again
    }
  }
  return n;
}

/** For tests: removes the hook and forgets pending writes. */
export function uninstallCompileCache(): void {
  restore?.();
  restore = undefined;
  installed = undefined;
  usable = undefined;
  dirUsable = undefined;
  pending = [];
  stats = { hits: 0 };
}
