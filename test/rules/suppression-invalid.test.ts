import * as assert from 'assert';
import { analyzeText } from '../../src/engine';
import { bundled } from '../support/ruleTester';

function run(code: string, now = new Date('2026-06-01T12:00:00Z')) {
  const r = analyzeText(code, 'test.ts', bundled(), { now });
  assert.deepStrictEqual(r.errors, []);
  return r.findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}${f.suppressed ? ' suppressed: ' + f.justification : ''}`);
}

const WATCH = 'navigator.geolocation.watchPosition(cb);';

describe('rule suppression-invalid and suppressions', () => {
  it('a justified next-line suppression suppresses and keeps the justification', () => {
    assert.deepStrictEqual(run(`// privacy-by-design-disable-next-line location-watch -- cleared on logout\n${WATCH}`), ['location-watch@2:23 suppressed: cleared on logout']);
  });
  it('a suppression without a justification is reported and does not suppress', () => {
    assert.deepStrictEqual(run(`// privacy-by-design-disable-next-line location-watch\n${WATCH}`), ['suppression-invalid@1:1', 'location-watch@2:23']);
  });
  it('an unknown rule id is reported', () => {
    assert.deepStrictEqual(run(`// privacy-by-design-disable-next-line no-such-rule -- because\n${WATCH}`), ['suppression-invalid@1:1', 'location-watch@2:23']);
  });
  it('a suppression that suppresses nothing is reported', () => {
    assert.deepStrictEqual(run(`// privacy-by-design-disable-next-line location-watch -- old\nconst x = 1;`), ['suppression-invalid@1:1']);
  });
  it('a suppression for another rule does not apply', () => {
    assert.deepStrictEqual(run(`// privacy-by-design-disable-next-line face-identification -- other\n${WATCH}`), ['suppression-invalid@1:1', 'location-watch@2:23']);
  });
  it('block form covers the lines between disable and enable only', () => {
    const code = `/* privacy-by-design-disable location-watch -- demo page */\n${WATCH}\n${WATCH}\n/* privacy-by-design-enable location-watch */\n${WATCH}`;
    assert.deepStrictEqual(run(code), ['location-watch@2:23 suppressed: demo page', 'location-watch@3:23 suppressed: demo page', 'location-watch@5:23']);
  });
  it('until: applies through that day, then the finding returns', () => {
    const code = `// privacy-by-design-disable-next-line location-watch until 2026-06-01 -- pilot\n${WATCH}`;
    assert.deepStrictEqual(run(code, new Date('2026-06-01T23:00:00Z')), ['location-watch@2:23 suppressed: pilot']);
    assert.deepStrictEqual(run(code, new Date('2026-06-02T00:00:01Z')), ['location-watch@2:23']);
  });
  it('an invalid until date is reported', () => {
    assert.deepStrictEqual(run(`// privacy-by-design-disable-next-line location-watch until 2026-13-45 -- x\n${WATCH}`), ['suppression-invalid@1:1', 'location-watch@2:23']);
  });
  it('disable-line suppresses a finding on its own line', () => {
    assert.deepStrictEqual(run(`${WATCH} // privacy-by-design-disable-line location-watch -- test helper`), ['location-watch@1:23 suppressed: test helper']);
  });
  it('text that merely mentions the directive inside a string is not a suppression', () => {
    assert.deepStrictEqual(run(`const s = '// privacy-by-design-disable-next-line location-watch';\n${WATCH}`), ['location-watch@2:23']);
  });
});
