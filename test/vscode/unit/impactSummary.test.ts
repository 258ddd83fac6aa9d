import * as assert from 'assert';
import type { Finding } from '../../../src/engine';
import { buildImpactSummary, SUMMARY_SECTIONS } from '../../../src/vscode/impactSummary';

function f(ruleId: string, category: Finding['category'], file: string, line: number, over: Partial<Finding> = {}): Finding {
  const p = { line, column: 1, offset: 0 };
  return { ruleId, category, severity: 'warning', message: `${ruleId} message`, file, range: { start: p, end: p }, evidence: {}, related: [], recommendations: ['necessity-proportionality'], fixes: [], suppressed: false, ...over };
}

const recs = new Map([
  ['necessity-proportionality', { id: 'necessity-proportionality', title: 'Establish necessity and proportionality before deploying', summary: 'Show it is needed.' }],
  ['consent', { id: 'consent', title: 'Let people know about, give, withdraw and challenge data collection' }],
]);

function section(md: string, n: number): string {
  const start = md.indexOf(SUMMARY_SECTIONS[n]);
  const end = n + 1 < SUMMARY_SECTIONS.length ? md.indexOf(SUMMARY_SECTIONS[n + 1]) : md.length;
  return md.slice(start, end);
}

describe('impact summary', () => {
  const findings = [
    f('face-identification', 'face-identify', 'src/faces.ts', 6, { evidence: { module: '@aws-sdk/client-rekognition', callee: 'SearchFacesByImageCommand' }, recommendations: ['no-remote-biometric-identification'] }),
    f('location-watch', 'location-watch', 'src/map.ts', 3),
    f('retention-local-storage', 'retention-unbounded', 'src/store.ts', 9, { evidence: { callee: 'localStorage.setItem' } }),
    f('face-data-sent-to-vendor', 'sensitive-data-shared', 'src/upload.ts', 2),
    f('location-watch', 'location-watch', 'src/kiosk.ts', 4, { suppressed: true, justification: 'kiosk | demo' }),
    f('suppression-invalid', 'suppression-invalid', 'src/old.ts', 1),
  ];
  const md = buildImpactSummary({ workspaceName: 'app', date: '2026-01-02', filesScanned: 7, findings, skipped: [{ file: 'big.js', reason: 'too big' }], rules: new Map([['location-watch', { title: 'Continuous tracking' }]]), recommendations: recs });

  it('has every section, in order', () => {
    let last = -1;
    for (const h of SUMMARY_SECTIONS) {
      const at = md.indexOf(`\n${h}\n`);
      assert.ok(at > last, h);
      last = at;
    }
    assert.match(md, /^# Privacy and human-rights impact assessment \(draft\): app\n/);
  });

  it('counts files, findings by area and skipped files', () => {
    const s = section(md, 0);
    assert.match(s, /- Files analysed: 7\n- Findings: 5 open, 1 suppressed\n- By area: biometric 1, location 1, retention 1, sharing 1, suppression 1\n- Files skipped: 1\n  - `big.js`: too big/);
  });

  it('lists biometric and location processing with file and line', () => {
    const s = section(md, 1);
    assert.match(s, /### Biometric data[\s\S]*\| `src\/faces\.ts:6` \| face-identification message \| face-identification \(`face-identification`\) \|/);
    assert.match(s, /### Location data[\s\S]*\| `src\/map\.ts:3` \| location-watch message \| Continuous tracking \(`location-watch`\) \|/);
    assert.doesNotMatch(s, /kiosk/, 'suppressed findings are not listed as open processing');
  });

  it('lists stores without expiry and third parties', () => {
    assert.match(section(md, 2), /- `src\/store\.ts:9`: retention-local-storage message \(store: `localStorage\.setItem`\)/);
    const s = section(md, 3);
    assert.match(s, /- `@aws-sdk\/client-rekognition` \(a vendor service that receives the data it processes\): `src\/faces\.ts:6`/);
    assert.match(s, /- `src\/upload\.ts:2`: face-data-sent-to-vendor message/);
  });

  it('quotes each suppression with its justification, and lists invalid ones', () => {
    const s = section(md, 4);
    assert.match(s, /\| `src\/kiosk\.ts:4` \| `location-watch` \| kiosk \\\| demo \|/);
    assert.match(s, /1 suppression comment\(s\) are invalid or unused[\s\S]*`src\/old\.ts:1`/);
  });

  it('asks the questions for the areas found, per recommendation', () => {
    const s = section(md, 5);
    for (const h of ['Necessity and proportionality', 'Consent and information', 'Data minimisation and security', 'Retention limits', 'Remedy']) assert.match(s, new RegExp(`### ${h}`));
    assert.match(s, /### Consent and information \(`consent`: Let people know about/);
    assert.match(s, /- \[ \] .*face/);
    assert.match(s, /- \[ \] .*position/);
  });

  it('ends with the recommendations referenced and the source', () => {
    const s = section(md, 6);
    assert.match(s, /- \*\*Establish necessity and proportionality before deploying\*\* \(`necessity-proportionality`\), 4 findings\. Show it is needed\./);
    assert.match(s, /`no-remote-biometric-identification`\), 1 finding\./);
    assert.match(s, /Source: Amnesty International, \*The Digital Border: Migration, Technology & Inequality\*, POL 40\/7772\/2024/);
  });

  it('says so when nothing was found', () => {
    const empty = buildImpactSummary({ workspaceName: 'w', date: 'd', filesScanned: 0, findings: [], skipped: [], rules: new Map(), recommendations: new Map() });
    assert.match(empty, /No biometric processing was found by the rules\./);
    assert.match(empty, /No finding is suppressed\./);
    assert.match(empty, /Is each kind of personal data found here needed/);
  });
});
