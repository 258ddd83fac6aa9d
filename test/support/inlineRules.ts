import { analyzeText, loadRuleSet, prepareRules, type AnalyzeOptions, type Finding, type PreparedRules, type Rule } from '../../src/engine';

/** A rule set made of inline rules (plus the bundled recommendations and globals), for engine tests independent of the bundled rules. */
export function inlineRules(rules: Array<Partial<Rule> & Pick<Rule, 'id' | 'match'>>): PreparedRules {
  const base = loadRuleSet();
  const full: Rule[] = rules.map((r) => ({
    title: r.id,
    category: 'biometric-import',
    severity: 'warning',
    message: `${r.id}: {{callee}}{{module}}`,
    recommendations: ['data-minimization-security'],
    ...r,
  }));
  return prepareRules({ ...base, rules: [...full, ...base.rules.filter((x) => x.id === 'suppression-invalid')], errors: [] });
}

/** Findings of an inline rule set as compact strings `ruleId@line:col`. */
export function hitsOf(prepared: PreparedRules, code: string, file = 'test.ts', options?: AnalyzeOptions): string[] {
  const r = analyzeText(code, file, prepared, options);
  if (r.errors.length) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`);
  return r.findings.map((f: Finding) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}`);
}
