import * as fs from 'fs';
import * as path from 'path';

/**
 * Path aliases of a project (`compilerOptions.paths` of a tsconfig.json or jsconfig.json): `@/lib/supabase`
 * is the app's own `src/lib/supabase`, so cross-file flows and library objects follow it as they follow
 * `./lib/supabase`. Aliased specifiers are rewritten to relative ones; nothing else changes.
 */
export interface PathAliases {
  entries: AliasEntry[];
  /** The literal start of every alias (`@/`, `~/`, `@components/`), for finding aliased specifiers in text. */
  prefixes: string[];
}

interface AliasEntry {
  /** The folder of the tsconfig/jsconfig that declares it, relative to the scan's working folder (`''` for that folder): it applies to files under it. */
  scope: string;
  /** The key without its `*` (`@/` for `@/*`), or the whole key when it has none. */
  prefix: string;
  wildcard: boolean;
  /** The first target, as a path relative to the scan's working folder (forward slashes), `*` kept. */
  target: string;
}

/**
 * The folders whose tsconfig.json / jsconfig.json can apply to these files: each file's folder and its
 * parents up to the scan root that holds it (and the working folder). A monorepo's `apps/web/tsconfig.json`
 * is found as well as the root's.
 */
export function configFolders(files: readonly string[], roots: readonly string[], cwd: string): string[] {
  const out = new Set<string>([cwd, ...roots]);
  for (const f of files) {
    const root = roots.find((r) => f.startsWith(r + path.sep)) ?? cwd;
    for (let d = path.dirname(f); d.length >= root.length && !out.has(d); d = path.dirname(d)) {
      out.add(d);
      if (d === root || path.dirname(d) === d) break;
    }
  }
  return [...out];
}

/**
 * The path aliases that apply to a scan of `files` under `roots` (files or folders, relative to `cwd`):
 * the configs between each file and its root folder, and in `cwd`. File names are then relative to `cwd`.
 */
export function projectAliases(files: readonly string[], roots: readonly string[], cwd: string): PathAliases | undefined {
  const dirs = roots.map((r) => path.resolve(cwd, r)).filter((d) => fs.statSync(d, { throwIfNoEntry: false })?.isDirectory());
  return loadPathAliases(configFolders(files, dirs, cwd), cwd);
}

/** Reads the path aliases of the tsconfig.json / jsconfig.json in each folder (the first with `paths` wins per folder). Never throws. */
export function loadPathAliases(dirs: readonly string[], cwd?: string): PathAliases | undefined {
  const entries: AliasEntry[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = path.join(dir, name);
      if (seen.has(file)) continue;
      seen.add(file);
      const found = aliasesIn(file, cwd);
      if (found.length) {
        entries.push(...found);
        break;
      }
    }
  }
  if (!entries.length) return undefined;
  // The nearest config first (a monorepo's apps/web before the root), then the longest prefix (`@components/` before `@/`).
  entries.sort((a, b) => b.scope.length - a.scope.length || b.prefix.length - a.prefix.length);
  return { entries, prefixes: [...new Set(entries.map((e) => e.prefix))] };
}

/** A path in the scan's file-name space: relative to `cwd`, or absolute without one (the editor names files by absolute path). */
function named(p: string, cwd: string | undefined): string {
  return (cwd === undefined ? p : path.relative(cwd, p)).split(path.sep).join('/');
}

function aliasesIn(file: string, cwd: string | undefined): AliasEntry[] {
  let config: { compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  try {
    // Most folders have no config: a stat that does not throw keeps the lookup cheap (hundreds of folders per scan).
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return [];
    config = JSON.parse(looseJson(fs.readFileSync(file, 'utf8')));
  } catch {
    return [];
  }
  const opts = config?.compilerOptions;
  const paths = opts?.paths;
  if (!paths || typeof paths !== 'object' || Array.isArray(paths)) return [];
  const base = path.resolve(path.dirname(file), typeof opts.baseUrl === 'string' ? opts.baseUrl : '.');
  const scope = named(path.dirname(file), cwd);
  const out: AliasEntry[] = [];
  for (const [key, targets] of Object.entries(paths as Record<string, unknown>)) {
    const first = Array.isArray(targets) ? targets.find((t): t is string => typeof t === 'string') : undefined;
    const star = key.indexOf('*');
    // `*` alone (every bare specifier) would turn packages into app files: left out.
    if (!first || star === 0 || (star !== -1 && star !== key.length - 1) || key.length > 200) continue;
    const target = named(path.resolve(base, first), cwd);
    out.push({ scope: scope.startsWith('..') ? '' : scope, prefix: star === -1 ? key : key.slice(0, -1), wildcard: star !== -1, target: target || '.' });
  }
  return out;
}

/** tsconfig.json allows comments and trailing commas; JSON.parse does not. */
function looseJson(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

/**
 * The relative specifier an aliased one stands for, from the importing file (both paths relative to the
 * scan's working folder): `@/lib/supabase` in `src/app/page.tsx` is `../lib/supabase`. Undefined when no
 * alias applies.
 */
export function unaliasSpecifier(aliases: PathAliases | undefined, fromFile: string, spec: string): string | undefined {
  if (!aliases || spec.charCodeAt(0) === 46 /* . */) return undefined;
  const from = fromFile.split(path.sep).join('/');
  let scope: string | undefined;
  for (const e of aliases.entries) {
    // Only the nearest config that applies to the file: its entries come first.
    if (e.scope && !from.startsWith(e.scope + '/')) continue;
    if (scope !== undefined && e.scope !== scope) break;
    scope = e.scope;
    let target: string;
    if (e.wildcard) {
      if (!spec.startsWith(e.prefix)) continue;
      target = e.target.replace('*', spec.slice(e.prefix.length));
    } else {
      if (spec !== e.prefix) continue;
      target = e.target;
    }
    const rel = path.posix.relative(path.posix.dirname(from), path.posix.normalize(target));
    return rel.startsWith('.') ? rel : './' + rel;
  }
  return undefined;
}
