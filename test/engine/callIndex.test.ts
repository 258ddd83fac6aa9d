import * as assert from 'assert';
import { hitsOf, inlineRules } from '../support/inlineRules';

// Calls are tried only against the matchers whose module can accept them (analyze.ts, CallIndex):
// the index must accept exactly what the module patterns accept.
describe('engine: call matchers indexed by module', () => {
  const prepared = inlineRules([
    { id: 'exact', match: [{ call: { module: 'pkg/sub', callee: 'run' } }] },
    { id: 'glob', match: [{ call: { module: '@scope/*', callee: 'run' } }] },
    { id: 'two', match: [{ call: { module: ['one', 'pkg'], callee: 'go' } }] },
    { id: 'global', match: [{ call: { global: true, callee: 'navigator.run' } }] },
    { id: 'global-any-head', match: [{ call: { global: true, callee: '**.track' } }] },
    { id: 'any', match: [{ call: { anyReceiver: true, callee: 'stopAll' } }] },
  ]);
  const hits = (code: string) => hitsOf(prepared, code).map((h) => h.split('@')[0]);

  it('an exact module name also accepts its subpaths, but not names that merely start with it', () => {
    assert.deepStrictEqual(hits(`import { run } from 'pkg/sub';\nrun();`), ['exact']);
    assert.deepStrictEqual(hits(`import { run } from 'pkg/sub/deep/x.js';\nrun();`), ['exact']);
    assert.deepStrictEqual(hits(`import { run } from 'pkg/subway';\nrun();`), []);
    assert.deepStrictEqual(hits(`import { run } from 'pkg';\nrun();`), []);
  });
  it('globs, lists of names, globals and any-receiver matchers are still tried', () => {
    assert.deepStrictEqual(hits(`import { run } from '@scope/tool';\nrun();`), ['glob']);
    assert.deepStrictEqual(hits(`import { go } from 'pkg/x';\ngo();\nimport { go as g } from 'one';\ng();`), ['two', 'two']);
    assert.deepStrictEqual(hits(`navigator.run();`), ['global']);
    assert.deepStrictEqual(hits(`navigator.geolocation.track();\nconsole.track();`), ['global-any-head', 'global-any-head']);
    assert.deepStrictEqual(hits(`console.run();`), []);
    assert.deepStrictEqual(hits(`const h: any = make();\nh.stopAll();`), ['any']);
    assert.deepStrictEqual(hits(`import { run } from 'other';\nrun();\nwindow.run();`), []);
  });
  it('an exact and a glob matcher on the same call both report', () => {
    const both = inlineRules([
      { id: 'b-glob', match: [{ call: { module: 'p*', callee: 'f' } }] },
      { id: 'a-exact', match: [{ call: { module: 'pq', callee: 'f' } }] },
    ]);
    const r = hitsOf(both, `import { f } from 'pq';\nf();`);
    assert.deepStrictEqual(r, ['a-exact@2:1', 'b-glob@2:1']);
  });
});
