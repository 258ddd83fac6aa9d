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

describe('engine: typed class fields with placeholders', () => {
  it('`private m: faceapi.FaceMatcher | null = null` assigned later in a method resolves', () => {
    const code = `${IMPORT}class Engine {\n  private matcher: faceapi.FaceMatcher | null = null;\n  update(g) { this.matcher = new faceapi.FaceMatcher(g); }\n  reset() { this.matcher = null; }\n  run(d) { this.matcher?.findBestMatch(d); }\n}`;
    assert.deepStrictEqual(hitsOf(rules, code), ['match@6:26']);
  });
  it('a field typed `X | null` with no assignment resolves through its type', () => {
    const code = `${IMPORT}class Engine {\n  constructor(private matcher: faceapi.FaceMatcher | undefined) {}\n  run(d) { this.matcher!.findBestMatch(d); }\n}`;
    assert.deepStrictEqual(hitsOf(rules, code), ['match@4:26']);
  });
  it('a union of two different types stays unresolved', () => {
    const code = `${IMPORT}class Engine {\n  constructor(private matcher: faceapi.FaceMatcher | LocalMatcher) {}\n  run(d) { this.matcher.findBestMatch(d); }\n}`;
    assert.deepStrictEqual(hitsOf(rules, code), []);
  });
});
