import * as assert from 'assert';
import { analysesOnChange, DEFAULTS, ON_TYPE_MAX_CHARS, parseSettings, unknownSeverityRules, type ConfigLike } from '../../../src/vscode/settings';

function config(values: Record<string, unknown>, user: Record<string, unknown> = {}): ConfigLike {
  return {
    get: <T>(k: string) => values[k] as T | undefined,
    inspect: <T>(k: string) => ({ globalValue: user[k] as T | undefined }),
  };
}

describe('extension settings', () => {
  it('gives the defaults when nothing is set', () => {
    const { settings, problems } = parseSettings(config({}));
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(settings, { ...DEFAULTS, severity: {} });
  });

  it('reads valid values', () => {
    const { settings, problems } = parseSettings(
      config({
        enable: false,
        'validate.run': 'onSave',
        'validate.debounceMs': 50,
        'rules.severity': { 'location-watch': 'error', 'biometric-sdk-import': 'off' },
        'scan.include': ['src/**'],
        'scan.exclude': [' **/test/** '],
        'scan.cache': false,
        'rules.folders': ['team-rules'],
        'consent.guardNames': ['hasBiometricConsent', 'user.consented'],
        'consent.guardCall': "canCapture('face')",
        'fix.retentionDays': 7,
        'fix.coordinateDecimals': 3,
      }, { 'rules.folders': ['~/my-rules'] }),
    );
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(settings.enable, false);
    assert.strictEqual(settings.run, 'onSave');
    assert.strictEqual(settings.debounceMs, 50);
    assert.deepStrictEqual(settings.severity, { 'location-watch': 'error', 'biometric-sdk-import': 'off' });
    assert.deepStrictEqual(settings.include, ['src/**']);
    assert.deepStrictEqual(settings.exclude, ['**/test/**']);
    assert.strictEqual(settings.scanCache, false);
    assert.deepStrictEqual(settings.ruleFolders, ['team-rules']);
    assert.deepStrictEqual(settings.ruleFoldersFromUser, ['~/my-rules']);
    assert.deepStrictEqual(settings.consentGuardNames, ['hasBiometricConsent', 'user.consented']);
    assert.strictEqual(settings.consentGuardCall, "canCapture('face')");
    assert.strictEqual(settings.retentionDays, 7);
    assert.strictEqual(settings.coordinateDecimals, 3);
  });

  const invalid: Array<[string, unknown, keyof typeof DEFAULTS, RegExp]> = [
    ['enable', 'yes', 'enable', /privacyByDesign\.enable is "yes", but it must be true or false; using true instead/],
    ['scan.cache', 'off', 'scanCache', /privacyByDesign\.scan\.cache is "off", but it must be true or false; using true instead/],
    ['validate.run', 'always', 'run', /validate\.run is "always", but it must be "onType" or "onSave"; using "onType"/],
    ['validate.debounceMs', -5, 'debounceMs', /validate\.debounceMs is -5, but it must be a whole number of milliseconds from 0 to 10000; using 300/],
    ['validate.maxFileSize', 1.5, 'maxFileSize', /maxFileSize is 1\.5/],
    ['fix.retentionDays', 'forever', 'retentionDays', /fix\.retentionDays is "forever", but it must be a whole number of days from 1 to 3650; using 30/],
    ['fix.coordinateDecimals', 9, 'coordinateDecimals', /coordinateDecimals is 9, but it must be a whole number of decimals from 0 to 6; using 2/],
    ['consent.guardCall', 'a; b()', 'consentGuardCall', /consent\.guardCall is "a; b\(\)", but it must be one expression on one line/],
    ['scan.include', 'src/**', 'include', /scan\.include is "src\/\*\*", but it must be a list of glob patterns; using \[\]/],
    ['rules.severity', ['error'], 'severity', /rules\.severity is \["error"\], but it must be an object mapping rule ids to a severity/],
  ];
  for (const [key, value, field, message] of invalid) {
    it(`falls back to the default and explains an invalid ${key}`, () => {
      const { settings, problems } = parseSettings(config({ [key]: value }));
      assert.strictEqual(problems.length, 1, problems.join('\n'));
      assert.match(problems[0], message);
      assert.deepStrictEqual(settings[field], DEFAULTS[field]);
    });
  }

  it('keeps valid entries of a list and names the bad ones', () => {
    const { settings, problems } = parseSettings(config({ 'consent.guardNames': ['ok', 'not valid!', 3], 'rules.severity': { a: 'error', b: 'loud' } }));
    assert.deepStrictEqual(settings.consentGuardNames, ['ok']);
    assert.deepStrictEqual(settings.severity, { a: 'error' });
    assert.strictEqual(problems.length, 3, problems.join('\n'));
    assert.ok(problems.some((p) => /guardNames contains "not valid!"/.test(p)));
    assert.ok(problems.some((p) => /guardNames contains 3/.test(p)));
    assert.ok(problems.some((p) => /gives rule 'b' the severity "loud"; use one of error, warning, info, hint, off/.test(p)));
  });

  it('names severity overrides for rules that do not exist', () => {
    const { settings } = parseSettings(config({ 'rules.severity': { 'location-watch': 'error', 'no-such-rule': 'off' } }));
    assert.deepStrictEqual(unknownSeverityRules(settings, new Set(['location-watch'])), [
      "Setting privacyByDesign.rules.severity names the rule 'no-such-rule', which does not exist; it is ignored.",
    ]);
  });
  it('edits re-analyse a document as you type up to 150 KiB; larger ones, and every file with run: onSave, wait for the save', () => {
    assert.strictEqual(ON_TYPE_MAX_CHARS, 150 * 1024);
    assert.deepStrictEqual(
      [0, ON_TYPE_MAX_CHARS, ON_TYPE_MAX_CHARS + 1].map((n) => analysesOnChange({ run: 'onType' }, n)),
      [true, true, false],
    );
    assert.strictEqual(analysesOnChange({ run: 'onSave' }, 10), false);
  });
});
