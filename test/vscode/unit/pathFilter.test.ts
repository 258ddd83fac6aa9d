import * as assert from 'assert';
import { createPathFilter } from '../../../src/vscode/pathFilter';

describe('workspace scan path filter', () => {
  const filter = createPathFilter(['src/**', 'web/**'], ['**/*.stories.tsx'], new Map([['', 'generated/\n*.tmp.js\n'], ['web', 'vendor/\n']]));
  const cases: Array<[string, string | undefined]> = [
    ['src/app.ts', undefined],
    ['src/node_modules/x/index.js', 'excluded by default (dependencies, build output, minified bundles)'],
    ['src/lib/jquery.min.js', 'excluded by default (dependencies, build output, minified bundles)'],
    ['src/Button.stories.tsx', 'excluded by privacyByDesign.scan.exclude'],
    ['scripts/build.js', 'not matched by privacyByDesign.scan.include'],
    ['src/generated/api.ts', 'ignored by .gitignore'],
    ['src/a.tmp.js', 'ignored by .gitignore'],
    ['web/vendor/lib.js', 'ignored by web/.gitignore'],
    ['web/app.js', undefined],
  ];
  for (const [p, reason] of cases) it(`${p}: ${reason ?? 'scanned'}`, () => assert.strictEqual(filter.reason(p), reason));

  it('reports a glob minimatch rejects instead of throwing, and keeps filtering', () => {
    const bad = createPathFilter([], ['x'.repeat(70000), '**/*.gen.ts'], new Map());
    assert.strictEqual(bad.problems.length, 1);
    assert.match(bad.problems[0], /^Setting privacyByDesign\.scan\.exclude has an invalid glob 'x+' \(pattern is too long\); it is ignored\.$/);
    assert.strictEqual(bad.reason('src/a.gen.ts'), 'excluded by privacyByDesign.scan.exclude');
    assert.strictEqual(bad.reason('src/a.ts'), undefined);
  });
});
