import * as assert from 'assert';
import { hitsOf, inlineRules } from '../support/inlineRules';

// One inline rule: a face-api capture that reports only when no consent check dominates it.
const rules = inlineRules([
  { id: 'capture', match: { call: { module: 'face-api.js', callee: ['detectSingleFace'], unlessGuarded: true } } },
  { id: 'loop', match: { call: { module: 'face-api.js', callee: ['euclideanDistance'], inLoop: true } } },
  { id: 'once', match: { call: { module: 'face-api.js', callee: ['euclideanDistance'], inLoop: false } } },
]);
const IMPORT = `import * as faceapi from 'face-api.js';\n`;

function reported(body: string, consentGuards?: string[]): boolean {
  return hitsOf(rules, IMPORT + body, 'test.ts', { consentGuards }).some((h) => h.startsWith('capture@'));
}

describe('engine: consent guards (unlessGuarded)', () => {
  const guarded: Array<[string, string]> = [
    ['if on a guard call', `if (hasConsent('biometric')) faceapi.detectSingleFace(v);`],
    ['if on a consent flag with &&', `if (ready && state.consent.face) { faceapi.detectSingleFace(v); }`],
    ['else of a negated check', `if (!hasConsent()) showDialog(); else faceapi.detectSingleFace(v);`],
    ['conditional expression', `const r = consented ? faceapi.detectSingleFace(v) : null;`],
    ['&& short circuit', `userConsent && faceapi.detectSingleFace(v);`],
    ['|| on a negated check', `!userConsent || faceapi.detectSingleFace(v);`],
    ['early return', `function f(v) {\n  if (!hasConsent()) return;\n  faceapi.detectSingleFace(v);\n}`],
    ['early throw in a block', `function f(v) {\n  if (!user.consents.includes('face')) { log(); throw new Error('no consent'); }\n  return faceapi.detectSingleFace(v);\n}`],
    ['permission status compared with granted', `async function f(v) {\n  const { state } = await navigator.permissions.query({ name: 'camera' });\n  if (state !== 'granted') return;\n  faceapi.detectSingleFace(v);\n}`],
    ['vision-camera v2 status authorized', `async function f(v) {\n  const status = await Camera.getCameraPermissionStatus();\n  if (status !== 'authorized') return;\n  faceapi.detectSingleFace(v);\n}`],
    ['RESULTS.GRANTED', `async function f(v) {\n  const r = await request(PERMISSIONS.IOS.CAMERA);\n  if (r === RESULTS.GRANTED) faceapi.detectSingleFace(v);\n}`],
    ['a derived local flag', `async function f(v) {\n  const ok = await hasConsent('biometric');\n  if (ok) faceapi.detectSingleFace(v);\n}`],
    ['asserting call before', `async function f(v) {\n  await assertConsent('face');\n  faceapi.detectSingleFace(v);\n}`],
    ['consent-manager callback', `OneTrust.OnConsentChanged(() => { faceapi.detectSingleFace(v); });`],
    ['TCF callback', `__tcfapi('addEventListener', 2, (tcData, ok) => faceapi.detectSingleFace(v));`],
    ['promise of a consent request', `requestConsent('face').then(() => faceapi.detectSingleFace(v));`],
    ['CookieConsent onConsent option', `CookieConsent.run({ categories, onConsent: () => faceapi.detectSingleFace(v) });`],
    ['Cookiebot event', `window.addEventListener('CookiebotOnAccept', () => faceapi.detectSingleFace(v));`],
    ['closure in a component gated later in its body', `function C() {\n  const go = () => faceapi.detectSingleFace(v);\n  if (!hasPermission) return null;\n  return go;\n}`],
  ];
  for (const [name, body] of guarded) it(`guarded: ${name}`, () => assert.strictEqual(reported(body), false, body));

  const unguarded: Array<[string, string]> = [
    ['no check at all', `faceapi.detectSingleFace(v);`],
    ['a check that does not exit', `function f(v) {\n  if (!hasConsent()) console.warn('no consent');\n  faceapi.detectSingleFace(v);\n}`],
    ['a positive check used as early return (wrong polarity)', `function f(v) {\n  if (hasConsent()) return;\n  faceapi.detectSingleFace(v);\n}`],
    ['a check after the capture', `function f(v) {\n  faceapi.detectSingleFace(v);\n  if (!hasConsent()) return;\n}`],
    ['the then-branch of a negated check', `if (!hasConsent()) faceapi.detectSingleFace(v);`],
    ['an unrelated condition', `if (video.readyState === 4) faceapi.detectSingleFace(v);`],
    ['a callback of an unrelated API', `video.addEventListener('play', () => faceapi.detectSingleFace(v));`],
    ['a login check is not consent', `function f(v) {\n  if (!user.isAuthorized) return;\n  faceapi.detectSingleFace(v);\n}`],
    ['the capture inside the test itself', `if (faceapi.detectSingleFace(v) && hasConsent()) go();`],
  ];
  for (const [name, body] of unguarded) it(`not guarded: ${name}`, () => assert.strictEqual(reported(body), true, body));

  it('configured guard names are recognised', () => {
    const body = `if (mayScan()) faceapi.detectSingleFace(v);`;
    assert.strictEqual(reported(body), true);
    assert.strictEqual(reported(body, ['mayScan']), false);
  });
});

describe('engine: inLoop true / false', () => {
  it('inLoop: true reports only inside loops and iteration callbacks; false only outside', () => {
    const code = `${IMPORT}faceapi.euclideanDistance(a, b);\nfor (const p of ps) faceapi.euclideanDistance(a, p);\nps.map((p) => faceapi.euclideanDistance(a, p));`;
    assert.deepStrictEqual(hitsOf(rules, code).filter((h) => !h.startsWith('capture')), ['once@2:9', 'loop@3:29', 'loop@4:23']);
  });
});
