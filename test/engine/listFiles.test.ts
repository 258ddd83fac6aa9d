import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Minimatch } from 'minimatch';
import { DEFAULT_EXCLUDES, listFiles, segmentGlob } from '../../src/engine/scan';
import type { SkippedFile } from '../../src/engine/types';

// listFiles tests paths with segmentGlob, which skips Minimatch#match when a part of the glob matches no
// segment of the path. It must answer exactly as Minimatch#match does.

const GLOBS = [
  ...DEFAULT_EXCLUDES,
  'src/**', '**/test/**', '**/*.stories.tsx', '*.ts', 'a/**/b', '**', '**/*', '{a,b}/**', '!**/foo/**', '!src/**', '#comment', '', 'src', 'src/',
  '**/.hidden/**', '**/*.{js,ts}', '@(a|b)/**', 'a/**/**/b', './src/**', '/abs/**', 'src/*/x.ts', '**/[ab]*.ts', 'x?.ts', '../**', '**/node_modules',
  'node_modules/', 'a/**', 'a/**/*', '**/a/**/b/**', 'src/**/test/**', '*', '*/', '**/', 'a/*/**', '**/*.ts/**', '.*/**', '**/.*', '+(a|b)/*.ts',
  '!(a)/*.ts', 'a/b', 'a//b', '**/a.ts', 'a.ts/**', '[!a]*.ts', '*(a)/**', '**/{dist,build}/**', '{src,lib}/**/*.{ts,js}', '**/*.min.*', '?',
];
const SEGMENTS = ['a', 'b', 'src', 'lib', 'node_modules', 'dist', '.git', '.hidden', 'x.ts', 'a.ts', 'b.min.js', 'test', 'foo', 'ab.ts', 'x1.ts', '.next', 'c.bundle.js', 'y.stories.tsx', '...', '.x'];

/** Paths as listFiles makes them (path.relative, '/'-joined): '', or segments after any number of leading '..'. */
function relPaths(): string[] {
  const out = new Set<string>(['', '..', '../..']);
  const grow = (prefix: string, depth: number, segments: string[]) => {
    if (depth === 0) return;
    for (const s of segments) {
      const p = prefix ? `${prefix}/${s}` : s;
      out.add(p);
      grow(p, depth - 1, segments);
    }
  };
  grow('', 2, SEGMENTS);
  grow('', 3, SEGMENTS.filter((_, i) => i % 2 === 0));
  grow('..', 2, SEGMENTS);
  grow('../..', 1, SEGMENTS);
  return [...out];
}

describe('engine: listFiles globs', () => {
  it('segmentGlob answers as Minimatch#match for every glob and path, with and without a trailing slash', () => {
    const paths = relPaths();
    let matched = 0;
    for (const g of GLOBS) {
      const mm = new Minimatch(g, { dot: true });
      const fast = segmentGlob(g);
      for (const r of paths) {
        const segments = r.split('/');
        for (const p of [r, r + '/']) {
          const want = mm.match(p);
          if ((fast.mayMatch(segments) && fast.match(p)) !== want) assert.fail(`glob '${g}', path '${p}': expected ${want}`);
          if (want) matched++;
        }
      }
    }
    assert.ok(matched > 5_000, `the paths should exercise matches too (${matched})`);
  });

  it('tricky excludes and includes on a real tree', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-list-'));
    const files = [
      'src/a.ts', 'src/test/t.ts', 'src/deep/test/u.ts', 'src/node_modules/m.ts', 'src/dist.ts', 'src/gen/x.ts', 'src/gen/keep.tsx',
      'lib/a.js', 'lib/b.min.js', 'lib/.hidden/h.ts', 'lib/c.bundle.js', 'dist/d.ts', 'out.ts', 'x.stories.tsx', 'build/y.js', '.next/n.js', 'z/build.ts',
    ];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'export {};\n');
    }
    const list = (options: { include?: string[]; exclude?: string[] }, roots = ['.'], cwd = dir) => {
      const skipped: SkippedFile[] = [];
      const got = listFiles(roots, cwd, { ...options, gitignore: false }, skipped).map((f) => path.relative(dir, f).split(path.sep).join('/'));
      return { got, skipped: skipped.map((s) => s.file) };
    };
    assert.deepStrictEqual(list({}), {
      got: ['lib/.hidden/h.ts', 'lib/a.js', 'out.ts', 'src/a.ts', 'src/deep/test/u.ts', 'src/dist.ts', 'src/gen/keep.tsx', 'src/gen/x.ts', 'src/test/t.ts', 'x.stories.tsx', 'z/build.ts'],
      skipped: ['lib/b.min.js'],
    });
    assert.deepStrictEqual(list({ exclude: ['**/test/**', 'src/gen/*.ts', '**/.*/**', '*.stories.tsx'] }).got, ['lib/a.js', 'out.ts', 'src/a.ts', 'src/dist.ts', 'src/gen/keep.tsx', 'z/build.ts']);
    assert.deepStrictEqual(list({ exclude: ['src/**/test/**', '{lib,z}/**'] }).got, ['out.ts', 'src/a.ts', 'src/dist.ts', 'src/gen/keep.tsx', 'src/gen/x.ts', 'x.stories.tsx']);
    assert.deepStrictEqual(list({ include: ['src/**/*.{ts,tsx}', '*.ts'] }).got, ['out.ts', 'src/a.ts', 'src/deep/test/u.ts', 'src/dist.ts', 'src/gen/keep.tsx', 'src/gen/x.ts', 'src/test/t.ts']);
    assert.deepStrictEqual(list({ include: ['**/test/**'] }).got, ['src/deep/test/u.ts', 'src/test/t.ts']);
    // From a folder inside the tree, paths start with '..': '**' does not cross a '..' segment.
    assert.deepStrictEqual(list({ exclude: ['**/gen/**'] }, ['../gen', '../a.ts'], path.join(dir, 'src', 'test')).got, ['src/gen/keep.tsx', 'src/gen/x.ts', 'src/a.ts']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
