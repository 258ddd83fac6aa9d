/**
 * Filters workspace files for the scan: default and user excludes, user includes (minimatch),
 * and every `.gitignore` between the workspace folder and the file. Loaded lazily with the engine.
 */
import { Minimatch } from 'minimatch';
import { DEFAULT_EXCLUDES } from '../engine';

interface Ignore {
  add(patterns: string): Ignore;
  ignores(p: string): boolean;
}

export interface PathFilter {
  /** Why a workspace-relative path is left out, or undefined when it is scanned. */
  reason(relPath: string): string | undefined;
  /** Glob problems found while compiling the settings (the bad glob is ignored). */
  problems: string[];
}

/** `gitignores` maps a folder (workspace-relative, '' for the root) to the text of its .gitignore. */
export function createPathFilter(include: string[], exclude: string[], gitignores: ReadonlyMap<string, string>): PathFilter {
  const problems: string[] = [];
  const compile = (globs: string[], setting: string) =>
    globs.flatMap((g) => {
      try {
        return [new Minimatch(g, { dot: true })];
      } catch (e) {
        problems.push(`Setting privacyByDesign.${setting} has an invalid glob '${g}' (${(e as Error).message}); it is ignored.`);
        return [];
      }
    });
  const defaults = compile(DEFAULT_EXCLUDES, 'scan.exclude');
  const ex = compile(exclude, 'scan.exclude');
  const inc = compile(include, 'scan.include');
  const createIgnore = require('ignore') as () => Ignore;
  const ignores = [...gitignores].map(([dir, text]) => ({ dir, ig: createIgnore().add(text) }));
  return {
    problems,
    reason(rel: string) {
      if (defaults.some((m) => m.match(rel))) return 'excluded by default (dependencies, build output, minified bundles)';
      if (ex.some((m) => m.match(rel))) return 'excluded by privacyByDesign.scan.exclude';
      if (inc.length && !inc.some((m) => m.match(rel))) return 'not matched by privacyByDesign.scan.include';
      for (const { dir, ig } of ignores) {
        if (dir && !rel.startsWith(dir + '/')) continue;
        const sub = dir ? rel.slice(dir.length + 1) : rel;
        if (ig.ignores(sub)) return `ignored by ${dir ? dir + '/' : ''}.gitignore`;
      }
      return undefined;
    },
  };
}
