import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scanPaths } from '../../src/engine';
import { bundled } from '../support/ruleTester';

/**
 * Realistic fixture apps (test/fixtures/biometric/<app>), one per stack, each with an expected.json
 * listing the findings of the biometric rules. Findings of other rule families are not compared, so
 * new location or retention rules cannot break these expectations.
 */
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'biometric');
const BIOMETRIC_CATEGORIES = new Set(['biometric-import', 'biometric-capture', 'face-verify', 'face-identify', 'face-enrol', 'emotion-inference', 'consent-missing']);
const BIOMETRIC_RULES = new Set(['face-data-sent-to-vendor']);

interface Expected {
  file: string;
  ruleId: string;
  line: number;
  column: number;
  severity: string;
}

const key = (e: Expected) => `${e.file}:${e.line}:${e.column} ${e.ruleId} ${e.severity}`;

describe('biometric fixture apps', () => {
  const apps = fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'expected.json')));
  it('has one app per stack', () => {
    assert.deepStrictEqual(apps.sort(), ['aws-sdk-v2', 'expo-app', 'faceapi-checkin', 'kyc-onfido', 'rekognition-v3', 'vue-human']);
  });
  for (const app of apps) {
    it(`${app}: findings equal expected.json`, () => {
      const dir = path.join(FIXTURES, app);
      const expected: Expected[] = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')).findings;
      const summary = scanPaths(['.'], bundled(), { gitignore: false }, dir);
      assert.deepStrictEqual(summary.results.flatMap((r) => r.errors), []);
      const actual: Expected[] = summary.results
        .flatMap((r) => r.findings)
        .filter((f) => BIOMETRIC_CATEGORIES.has(f.category) || BIOMETRIC_RULES.has(f.ruleId))
        .map((f) => ({ file: f.file, ruleId: f.ruleId, line: f.range.start.line, column: f.range.start.column, severity: f.severity }));
      assert.deepStrictEqual(actual.map(key).sort(), expected.map(key).sort());
    });
  }
});
