import * as assert from 'assert';
import { hitsOf, inlineRules } from '../support/inlineRules';

const rules = inlineRules([{ id: 'match', match: { call: { module: 'face-api.js', callee: ['FaceMatcher().findBestMatch'] } } }]);
const IMPORT = `import * as faceapi from 'face-api.js';\n`;

describe('engine: placeholder initialisers', () => {
  it('`let x = null` then `x = new X()` resolves to the instance', () => {
    assert.deepStrictEqual(hitsOf(rules, `${IMPORT}let matcher = null;\nmatcher = new faceapi.FaceMatcher(gallery);\nmatcher.findBestMatch(d);`), ['match@4:9']);
  });
  it('`let x = undefined` behaves the same', () => {
    assert.deepStrictEqual(hitsOf(rules, `${IMPORT}let matcher = undefined;\nmatcher = new faceapi.FaceMatcher(gallery);\nmatcher.findBestMatch(d);`), ['match@4:9']);
  });
  it('a real initialiser is kept: a later assignment does not replace it', () => {
    assert.deepStrictEqual(hitsOf(rules, `${IMPORT}let matcher = { findBestMatch: (x) => x };\nmatcher = new faceapi.FaceMatcher(gallery);\nmatcher.findBestMatch(d);`), []);
  });
  it('resetting to null does not count as the value', () => {
    assert.deepStrictEqual(hitsOf(rules, `${IMPORT}let matcher = null;\nmatcher = null;\nmatcher = new faceapi.FaceMatcher(gallery);\nmatcher.findBestMatch(d);`), ['match@5:9']);
  });
});
