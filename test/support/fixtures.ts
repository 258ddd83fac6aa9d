import * as assert from 'assert';
import { scanPaths, type Finding } from '../../src/engine';
import { bundled } from './ruleTester';

/** Scans a fixture app with the bundled rules; every file must parse and none be skipped. Returns the findings `keep` selects. */
export function scanFixtureApp(dir: string, keep: (ruleId: string) => boolean): Finding[] {
  const summary = scanPaths(['.'], bundled(), {}, dir);
  for (const r of summary.results) assert.deepStrictEqual(r.errors, [], `${r.file} must parse`);
  assert.deepStrictEqual(summary.skipped, []);
  return summary.results.flatMap((r) => r.findings).filter((f) => keep(f.ruleId));
}
