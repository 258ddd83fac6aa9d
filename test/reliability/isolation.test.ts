import * as assert from 'assert';
import { loadRuleSet, prepareRules, scanPaths, type PreparedRules, type ScanOptions } from '../../src/engine';
import { FlowSummaries } from '../../src/engine/summaries';
import { cleanup, tempDir, writeTree } from './helpers';

// One file's failure must never cost the findings of the others. The failure is injected while the
// second of three files is analysed (`onFile` runs after each file, so it arms the fault for the next).

const WATCH = 'navigator.geolocation.watchPosition(cb);\n';

describe('reliability: one failing file never loses the others', function () {
  this.timeout(60000);
  let dir: string;
  let prepared: PreparedRules;
  before(() => (prepared = prepareRules(loadRuleSet())));
  beforeEach(() => {
    dir = tempDir('iso');
    writeTree(dir, { 'a.js': WATCH, 'b.js': WATCH, 'c.js': WATCH });
  });
  afterEach(() => cleanup(dir));

  function watchCount(s: ReturnType<typeof scanPaths>, file: string): number {
    return s.results.find((r) => r.file === file)?.findings.filter((f) => f.evidence.callee?.endsWith('watchPosition')).length ?? -1;
  }

  it('an exception inside the analysis of one file becomes its error entry; the other files keep their findings', () => {
    let armed = false;
    let fired = 0;
    // The compiled rules are read once per analysed file: the fault fires exactly inside b.js's analysis.
    const faulty = Object.create(prepared) as PreparedRules;
    Object.defineProperty(faulty, 'compiled', {
      get() {
        if (armed) {
          fired++;
          throw new Error('injected fault');
        }
        return prepared.compiled;
      },
    });
    const s = scanPaths(['.'], faulty, { onFile: (r) => void (armed = r.file === 'a.js') }, dir);
    assert.ok(fired > 0, 'the fault never fired');
    assert.deepStrictEqual(s.results.map((r) => r.file), ['a.js', 'b.js', 'c.js']);
    const b = s.results[1];
    assert.deepStrictEqual(b.findings, []);
    assert.deepStrictEqual(b.errors.map((e) => e.message), ['internal error while analysing: injected fault']);
    assert.strictEqual(watchCount(s, 'a.js'), 1);
    assert.strictEqual(watchCount(s, 'c.js'), 1);
  });

  it('an exception outside the analysis proper (reading options for one file) is contained the same way', () => {
    let armed = false;
    let fired = 0;
    // Summaries given up front, so the scan reads these very options for every file.
    const options: ScanOptions = { summaries: new FlowSummaries(), onFile: (r) => void (armed = r.file === 'a.js') };
    Object.defineProperty(options, 'includeMinified', {
      get() {
        if (armed) {
          fired++;
          throw new Error('injected fault');
        }
        return undefined;
      },
    });
    const s = scanPaths(['.'], prepared, options, dir);
    assert.ok(fired > 0, 'the fault never fired');
    assert.deepStrictEqual(s.results.map((r) => [r.file, r.errors.map((e) => e.message)]), [
      ['a.js', []],
      ['b.js', ['internal error while analysing: injected fault']],
      ['c.js', []],
    ]);
    assert.strictEqual(watchCount(s, 'a.js'), 1);
    assert.strictEqual(watchCount(s, 'c.js'), 1);
  });

  it('cancellation from onFile stops between files and keeps what was found so far', () => {
    const s = scanPaths(['.'], prepared, { onFile: (r) => r.file !== 'b.js' }, dir);
    assert.strictEqual(s.cancelled, true);
    assert.deepStrictEqual(s.results.map((r) => r.file), ['a.js', 'b.js']);
    assert.strictEqual(watchCount(s, 'a.js'), 1);
  });
});
