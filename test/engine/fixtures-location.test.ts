import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, type Finding } from '../../src/engine';
import { scanFixtureApp } from '../support/fixtures';

/** Compiled tests run from out/test/engine; the fixtures stay in the source tree. */
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'location');

interface Expected {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: Finding['severity'];
  messageIncludes?: string[];
}

/** Rules owned by the location family; other families may also report in these apps. */
const isLocationRule = (id: string) => id.startsWith('location-');

function scan(app: string): Finding[] {
  return scanFixtureApp(path.join(FIXTURES, app), isLocationRule);
}

const key = (f: { file: string; line: number; column: number; ruleId: string; severity: string }) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.severity}`;

describe('location fixture apps', () => {
  const apps = fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'expected-findings.json')));

  it('has the four fixture apps', () => assert.deepStrictEqual(apps.sort(), ['angular-watch', 'checkin-page', 'expo-tracker', 'vue-tracker']));

  for (const app of apps) {
    describe(app, () => {
      const expected = (JSON.parse(fs.readFileSync(path.join(FIXTURES, app, 'expected-findings.json'), 'utf8')) as { findings: Expected[] }).findings;

      it('reports exactly the expected location findings', () => {
        const found = scan(app).map((f) => key({ file: f.file, line: f.range.start.line, column: f.range.start.column, ruleId: f.ruleId, severity: f.severity }));
        assert.deepStrictEqual(found.sort(), expected.map(key).sort());
      });

      it('messages say what the expected list says', () => {
        const found = scan(app);
        for (const e of expected.filter((x) => x.messageIncludes)) {
          const f = found.find((x) => x.file === e.file && x.range.start.line === e.line && x.ruleId === e.ruleId);
          assert.ok(f, key(e));
          for (const s of e.messageIncludes!) assert.ok(f.message.includes(s), `${key(e)}: '${s}' not in ${f.message}`);
        }
      });
    });
  }

  it('the check-in page fix edits the original HTML in place', () => {
    const f = scan('checkin-page').find((x) => x.ruleId === 'location-high-accuracy');
    assert.ok(f);
    const text = fs.readFileSync(path.join(FIXTURES, 'checkin-page', 'index.html'), 'utf8');
    const out = applyEdits(text, f.fixes[0].edits);
    assert.ok(out.includes('{ enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 }'), out);
    assert.strictEqual(out.replace('enableHighAccuracy: false, timeout: 10000, maximumAge: 60000', 'enableHighAccuracy: true, timeout: 10000'), text);
  });

  it('the Angular service watch keeps its teardown: no cleanup fix is offered twice', () => {
    const f = scan('angular-watch').find((x) => x.ruleId === 'location-watch' && x.file.endsWith('geolocation.service.ts'));
    assert.ok(f);
    assert.deepStrictEqual(f.fixes.filter((x) => x.title.startsWith('Clear the watch')), []);
  });
});
