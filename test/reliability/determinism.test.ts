import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { cleanup, ROOT, runBin, SAMPLE_TREE, tempDir, writeTree } from './helpers';

// The same tree gives byte-identical JSON and SARIF, apart from the timing stat (durationMs). A copy of
// the tree written in the opposite order gives the same report too, so nothing depends on the order
// the file system lists files in.

/** Every source file of the examples and fixtures (relative path → bytes), plus the sample tree. */
function corpus(): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const a = path.join(abs, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(a, r);
      else if (e.isFile()) out[r] = fs.readFileSync(a);
    }
  };
  for (const d of ['examples', 'test/fixtures']) if (fs.existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d), d);
  for (const [k, v] of Object.entries(SAMPLE_TREE)) out[`sample/${k}`] = Buffer.from(v);
  // Several rules on one line and several findings at one position exercise the tie-breaks of the sort.
  out['sample/crowded.js'] =
    Buffer.from("const AWS = require('aws-sdk'); const r = new AWS.Rekognition(); navigator.geolocation.watchPosition(cb); navigator.geolocation.watchPosition(cb, e, { enableHighAccuracy: true }); r.searchFacesByImage({});\n");
  return out;
}

/** Removes what may differ between runs: the timing stat, and (across folders) the SARIF source root URI. */
function normalise(report: string, acrossFolders: boolean): string {
  let s = report.replace(/"durationMs": \d+/g, '"durationMs": 0');
  if (acrossFolders) s = s.replace(/"uri": "file:\/\/[^"]*\/"/g, '"uri": "file:///ROOT/"');
  return s;
}

/** Folder by folder as listed (segment-wise by name), then line, column and rule id. */
function assertSorted(findings: Array<{ file: string; line: number; column: number; ruleId: string }>): void {
  const cmpFile = (x: string, y: string) => {
    const a = x.split('/');
    const b = y.split('/');
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length - b.length;
  };
  for (let i = 1; i < findings.length; i++) {
    const p = findings[i - 1];
    const f = findings[i];
    const c = cmpFile(p.file, f.file);
    assert.ok(c <= 0, `files out of order: ${p.file} then ${f.file}`);
    if (c === 0) assert.ok(p.line < f.line || (p.line === f.line && p.column <= f.column), `${f.file}: ${p.line}:${p.column} then ${f.line}:${f.column}`);
  }
}

describe('reliability: determinism', function () {
  this.timeout(180000);
  let a: string;
  let b: string;
  before(() => {
    const files = corpus();
    const names = Object.keys(files).sort();
    a = tempDir('det-a');
    b = tempDir('det-b');
    for (const n of names) writeTree(a, { [n]: files[n] });
    for (const n of [...names].reverse()) writeTree(b, { [n]: files[n] });
  });
  after(() => {
    cleanup(a);
    cleanup(b);
  });

  for (const format of ['json', 'sarif']) {
    it(`${format}: two runs on the same tree are byte-identical apart from durationMs; a reversed copy gives the same report`, () => {
      const run = (cwd: string) => {
        const r = runBin(['scan', '.', '--format', format, '--no-gitignore', '--fail-on', 'none'], { cwd });
        assert.strictEqual(r.status, 0, r.stderr);
        return r.stdout;
      };
      const first = run(a);
      const second = run(a);
      const reversed = run(b);
      assert.ok(first.length > 1000);
      if (format === 'json') {
        const report = JSON.parse(first);
        assert.ok(report.findings.length >= 5, 'too few findings to say anything about order');
        assert.match(first, /"durationMs": \d+/);
        assertSorted(report.findings);
      }
      assert.strictEqual(normalise(second, false), normalise(first, false));
      assert.strictEqual(normalise(reversed, true), normalise(first, true));
    });
  }
});
