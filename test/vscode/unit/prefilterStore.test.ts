// The engine worker keeps the compiled prefilter in the storage folder the host gives it at warm-up, and a later
// start with the same rules reads it back (driven through the worker's handlers, in this process).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AnalyzeOptions } from '../../../src/engine';
import { handlers } from '../../../src/vscode/engineWorker';

const OPTIONS: AnalyzeOptions = { severityOverrides: {}, consentGuard: "hasConsent('biometric')", consentGuards: [], defaultRetentionDays: 30, coordinateDecimals: 2 };
const TEXT = 'navigator.geolocation.watchPosition((p) => show(p));\n';
const STORED = /^prefilter-[0-9a-f]{32}\.bin$/;
/** The prefilter is built once the first result is on its way (setImmediate). */
const settle = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)));

describe('engine worker: stored prefilter', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-worker-prefilter-'));
  });
  afterEach(() => {
    handlers.warmUp(undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes it to the storage folder after the first result, and a start with the same rules reads it back', async () => {
    const store = path.join(tmp, 'global-storage');
    // Each extra (empty) rule folder makes a rule set of its own, with the bundled rules only: same rules, same key.
    const [first, second] = ['a', 'b'].map((d) => path.join(tmp, d));
    for (const d of [first, second]) fs.mkdirSync(d);
    handlers.warmUp(store);
    const before = handlers.analyzeText(TEXT, path.join(tmp, 'a.js'), [first], OPTIONS);
    assert.deepStrictEqual(before.findings.map((f) => f.ruleId), ['location-watch']);
    await settle();
    const files = fs.readdirSync(store).filter((n) => STORED.test(n));
    assert.strictEqual(files.length, 1, fs.readdirSync(store).join(', '));
    const file = path.join(store, files[0]);
    const written = fs.statSync(file).mtimeMs;
    handlers.analyzeText(TEXT, path.join(tmp, 'b.js'), [second], OPTIONS);
    await settle();
    assert.strictEqual(fs.statSync(file).mtimeMs, written, 'read back, not built and written again');
    // With the prefilter from the folder in use, the results are the same.
    const after = handlers.analyzeText(TEXT, path.join(tmp, 'b.js'), [second], OPTIONS);
    assert.deepStrictEqual(after.findings.map((f) => [f.ruleId, f.range]), before.findings.map((f) => [f.ruleId, f.range]));
  });

  it('without a storage folder nothing is written', async () => {
    const rules = path.join(tmp, 'c');
    fs.mkdirSync(rules);
    handlers.warmUp(undefined);
    handlers.analyzeText(TEXT, path.join(tmp, 'c.js'), [rules], OPTIONS);
    await settle();
    assert.deepStrictEqual(fs.readdirSync(tmp), ['c']);
  });
});
