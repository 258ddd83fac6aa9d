import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Ajv from 'ajv';
import { bundledRulesDir, validateRule } from '../../src/engine';
import generatedValidator from '../../src/engine/generated/ruleSchemaValidator';

// The rule schema is validated by code generated ahead of time (scripts/gen-schema-validator.js).
// These tests keep that code current and check that it reports exactly what Ajv compiling the
// schema at run time reports, error for error.

const rulesDir = bundledRulesDir();
const repo = path.join(rulesDir, '..');
const DATA = new Set(['schema.json', 'recommendations.json', 'globals.json', 'sources.json']);
const ruleFiles = fs.readdirSync(rulesDir).filter((f) => f.endsWith('.json') && !DATA.has(f)).sort();

type Validate = { (data: unknown): boolean; errors?: unknown[] | null };

/**
 * Calls `check` on `rule` as it is, then once per change: every key removed or given a wrong value, every object
 * given an unknown key (changed in place and put back). An object with the same keys (an array of the same length)
 * already seen at the same place (same keys from the root, array indices aside), in this or an earlier rule, is not
 * changed again.
 */
function forEachMutation(rule: object, check: () => void, seen: Set<string>): void {
  const wrong: unknown[] = [42, 'x', null, true, {}, [{}], -1.5, ''];
  check();
  const visit = (node: unknown, at: string) => {
    if (node === null || typeof node !== 'object') return;
    const key = `${at}\0${Array.isArray(node) ? node.length : Object.keys(node).sort().join()}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const saved = node[i];
        node.splice(i, 1);
        check();
        node.splice(i, 0, saved);
        for (const w of wrong) {
          node[i] = w;
          check();
        }
        node[i] = saved;
        visit(saved, `${at}/*`);
      }
      return;
    }
    const o = node as Record<string, unknown>;
    o.unknownKey = 1;
    check();
    delete o.unknownKey;
    for (const k of Object.keys(o)) {
      const saved = o[k];
      delete o[k];
      check();
      for (const w of wrong) {
        o[k] = w;
        check();
      }
      o[k] = saved;
      visit(saved, `${at}/${k}`);
    }
  };
  visit(rule, '');
}

describe('generated rule schema validator', () => {
  it('is generated from the current rules/schema.json (node scripts/gen-schema-validator.js)', () => {
    const r = require('child_process').spawnSync(process.execPath, [path.join(repo, 'scripts', 'gen-schema-validator.js'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
  });

  it('reports the same errors as Ajv compiling rules/schema.json, on every bundled rule and many broken copies of them', () => {
    const runtime = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(path.join(rulesDir, 'schema.json'), 'utf8'))) as Validate;
    const generated = generatedValidator as unknown as Validate;
    let invalid = 0;
    let samples = 0;
    const seen = new Set<string>();
    for (const file of ruleFiles) {
      const rule = JSON.parse(fs.readFileSync(path.join(rulesDir, file), 'utf8'));
      forEachMutation(rule, () => {
        const data = rule;
        samples++;
        const ok = runtime(data);
        const same = generated(data) === ok && util.isDeepStrictEqual(generated.errors ?? null, runtime.errors ?? null);
        if (!same) {
          assert.deepStrictEqual(generated.errors ?? null, runtime.errors ?? null, `${file}: ${JSON.stringify(data)}`);
          assert.fail(`${file}: validity differs for ${JSON.stringify(data)}`);
        }
        if (!ok) invalid++;
      }, seen);
    }
    assert.ok(invalid > samples / 2, `most broken copies should be invalid (${invalid} of ${samples})`);
  });

  it('validateRule gives the JSON pointer and message of each problem', () => {
    const errs = validateRule({ id: 'x', title: 't', category: 'nope', severity: 'warning', match: { import: 'a' }, message: 'm', recommendations: ['r'], extra: 1 }, 'x.json');
    assert.ok(errs.length > 0 && errs.every((e) => e.file === 'x.json'), JSON.stringify(errs));
    assert.ok(errs.some((e) => e.pointer === '/' && e.message === "must NOT have additional properties ('extra')"), JSON.stringify(errs));
    assert.ok(errs.some((e) => e.pointer === '/category' && e.message.startsWith('must be equal to one of the allowed values: "')), JSON.stringify(errs));
  });
});
