import * as assert from 'assert';
import type { Finding } from '../../../src/engine';
import { escapeMarkdown, familyOf, hoverMarkdown, whatItDoes } from '../../../src/vscode/describe';

function finding(over: Partial<Finding> = {}): Finding {
  const pos = (line: number, column: number, offset: number) => ({ line, column, offset });
  return {
    ruleId: 'location-watch',
    category: 'location-watch',
    severity: 'warning',
    message: "'navigator.geolocation.watchPosition' tracks the person's position",
    file: '/ws/src/map.ts',
    range: { start: pos(3, 25, 40), end: pos(3, 38, 53) },
    evidence: { module: 'global', callee: 'navigator.geolocation.watchPosition' },
    related: [],
    recommendations: ['necessity-proportionality', 'data-minimization-security'],
    fixes: [
      { title: 'Clear the watch on cleanup', kind: 'fix', edits: [{ start: 1, end: 1, text: 'x' }] },
      { title: 'Use getCurrentPosition', kind: 'suggestion', edits: [{ start: 1, end: 2, text: 'y' }] },
      { title: 'Read the docs', kind: 'suggestion', edits: [], docOnly: true },
    ],
    suppressed: false,
    ...over,
  };
}

const recs = new Map([
  ['necessity-proportionality', { id: 'necessity-proportionality', title: 'Establish necessity and proportionality before deploying' }],
  ['data-minimization-security', { id: 'data-minimization-security', title: 'Minimise personal data and keep it secure' }],
]);

describe('finding descriptions', () => {
  const families: Array<[string, string]> = [
    ['biometric-import', 'biometric'],
    ['face-identify', 'biometric'],
    ['emotion-inference', 'biometric'],
    ['location-watch', 'location'],
    ['location-ip', 'location'],
    ['retention-unbounded', 'retention'],
    ['sensitive-data-shared', 'sharing'],
    ['consent-missing', 'consent'],
    ['suppression-invalid', 'suppression'],
    ['something-new', 'other'],
  ];
  for (const [category, family] of families) it(`puts ${category} in the ${family} family`, () => assert.strictEqual(familyOf(category), family));

  it('builds a hover with what, why, the recommendations and the doc link', () => {
    const md = hoverMarkdown({ finding: finding(), ruleTitle: 'Continuous location tracking', recommendations: recs, docLink: 'command:privacyByDesign.showDocumentation?x' });
    assert.deepStrictEqual(md.split('\n').filter(Boolean), [
      '**Continuous location tracking** · [location-watch](command:privacyByDesign.showDocumentation?x)',
      '**What the code does.** It calls `navigator.geolocation.watchPosition`.',
      '**Why it matters to the person.** Continuous location is a record of where a person lives, works, prays and whom they meet.',
      '**Serves the recommendations** Establish necessity and proportionality before deploying (`necessity-proportionality`); Minimise personal data and keep it secure (`data-minimization-security`) (Amnesty International, *The Digital Border*, POL 40/7772/2024).',
    ]);
  });

  it('names the module and shows where the data came from as the evidence chain', () => {
    const f = finding({
      evidence: { module: '@aws-sdk/client-rekognition', callee: 'SearchFacesByImageCommand', chain: ['image from camera'] },
      related: [{ file: '/ws/src/cam.ts', range: { start: { line: 7, column: 1, offset: 0 }, end: { line: 7, column: 2, offset: 1 } }, message: 'face captured here' }],
    });
    const md = hoverMarkdown({ finding: f, ruleTitle: 'T', recommendations: recs, docLink: 'l', where: (file, line) => `${file.replace('/ws/', '')}:${line}` });
    assert.match(md, /\*\*What the code does\.\*\* It calls `SearchFacesByImageCommand` from `@aws-sdk\/client-rekognition`\./);
    assert.match(md, /\*\*Evidence\.\*\* image from camera → face captured here \(src\/cam\.ts:7\)$/);
  });

  it('falls back to the module, then the message, for what the code does', () => {
    assert.strictEqual(whatItDoes(finding({ evidence: { module: 'face-api.js' } })), 'It loads `face-api.js`.');
    assert.strictEqual(whatItDoes(finding({ evidence: {}, message: 'a *b*' })), 'a \\*b\\*');
  });

  it('escapes Markdown in text from code', () => {
    assert.strictEqual(escapeMarkdown('a*b_[c](d)'), 'a\\*b\\_\\[c\\]\\(d\\)');
  });
});
