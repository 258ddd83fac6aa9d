import * as assert from 'assert';
import { analyzeText, applyEdits, loadRuleSet, prepareRules, type AnalyzeOptions, type Finding, type PreparedRules } from '../../src/engine';

let prepared: PreparedRules | undefined;

/** The bundled rule set, loaded once for all rule tests. */
export function bundled(): PreparedRules {
  if (!prepared) {
    const rs = loadRuleSet();
    assert.deepStrictEqual(rs.errors, [], 'bundled rules must load without errors');
    prepared = prepareRules(rs);
  }
  return prepared;
}

export interface ValidCase {
  code: string;
  filename?: string;
  options?: AnalyzeOptions;
  name?: string;
}

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: Finding['severity'];
  /** Substrings the message must contain (wording is not asserted beyond these). */
  messageIncludes?: string[];
  suppressed?: boolean;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** Text after applying the fix with this title (or the first fix when `fixTitle` is absent) of the first finding. */
  output?: string;
  fixTitle?: string;
  /** Kind expected of that fix. */
  fixKind?: 'fix' | 'suggestion';
}

/** Findings of one rule in a snippet. */
export function findingsFor(ruleId: string, code: string, filename = 'test.ts', options: AnalyzeOptions = {}): Finding[] {
  const r = analyzeText(code, filename, bundled(), options);
  assert.deepStrictEqual(r.errors, [], `snippet must parse: ${JSON.stringify(r.errors)}`);
  return r.findings.filter((f) => f.ruleId === ruleId);
}

/** Table-driven tests for one rule: `valid` cases must not report, `invalid` cases must report exactly `errors`. */
export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`rule ${ruleId}`, () => {
    const rule = () => bundled().byId.get(ruleId);
    it('exists in the bundled rule set', () => assert.ok(rule(), `rule ${ruleId} not found`));
    describe('valid (must not report)', () => {
      cases.valid.forEach((c, i) => {
        it(c.name ?? `valid #${i + 1}: ${c.code.split('\n').find((l) => l.trim())?.trim().slice(0, 60)}`, () => {
          const found = findingsFor(ruleId, c.code, c.filename, c.options).filter((f) => !f.suppressed);
          assert.deepStrictEqual(found.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`), []);
        });
      });
    });
    describe('invalid (must report)', () => {
      cases.invalid.forEach((c, i) => {
        it(c.name ?? `invalid #${i + 1}: ${c.code.split('\n').find((l) => l.trim())?.trim().slice(0, 60)}`, () => {
          const found = findingsFor(ruleId, c.code, c.filename, c.options);
          assert.strictEqual(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got ${found.length}: ${found.map((f) => `${f.range.start.line}:${f.range.start.column}`).join(', ')}`);
          c.errors.forEach((e, k) => {
            const f = found[k];
            assert.strictEqual(f.category, rule()!.category);
            assert.strictEqual(f.range.start.line, e.line, 'line');
            assert.strictEqual(f.range.start.column, e.column, 'column');
            if (e.endLine !== undefined) assert.strictEqual(f.range.end.line, e.endLine, 'endLine');
            if (e.endColumn !== undefined) assert.strictEqual(f.range.end.column, e.endColumn, 'endColumn');
            if (e.severity) assert.strictEqual(f.severity, e.severity, 'severity');
            if (e.suppressed !== undefined) assert.strictEqual(f.suppressed, e.suppressed, 'suppressed');
            for (const s of e.messageIncludes ?? []) assert.ok(f.message.includes(s), `message should include '${s}': ${f.message}`);
            assert.ok(f.recommendations.length > 0);
          });
          if (c.output !== undefined) {
            const fixes = found[0].fixes;
            const fix = c.fixTitle ? fixes.find((x) => x.title === c.fixTitle) : fixes.find((x) => !x.docOnly);
            assert.ok(fix, `expected a fix${c.fixTitle ? ` titled '${c.fixTitle}'` : ''}; have: ${fixes.map((x) => x.title).join(' | ')}`);
            if (c.fixKind) assert.strictEqual(fix.kind, c.fixKind);
            assert.strictEqual(applyEdits(c.code, fix.edits), c.output);
          }
        });
      });
    });
  });
}
