import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { BudgetExceeded, checkBudget, DEFAULT_TIME_BUDGET_MS, endBudget, startBudget } from './budget';
import { computeFixes } from './fixes';
import './fixKinds/location';
import { GuardSet } from './guards';
import './fixKinds/biometric';
// Registered here, after fixes.ts has run: a bundler (esbuild) hoists imports, so fixes.ts cannot import them itself.
import './fixKinds/retention';
import { calleeText, rootName, runFlowMatchers } from './flow';
import type { FlowSummaries } from './summaries';
import type { ParsedFiles } from './crossFile';
import { unaliasSpecifier, type PathAliases } from './aliases';
import {
  compileRule,
  importedModule,
  importedNames,
  matchCall,
  matchElement,
  refMatchesTarget,
  type CompiledMatcher,
  type CompiledRule,
  type CompiledCondition,
  type Hit,
} from './match';
import { parseFile, type Node, type ParsedFile } from './parse';
import { compileTextGlob, exactModuleNames, splitPath } from './patterns';
import { FileModel, pathToString, type GlobalModule } from './resolve';
import { stringShape } from './values';
import type { Rule, RuleSet } from './rules';
import { isExpired, isValidDate, parseSuppressions } from './suppress';
import { LineIndex } from './text';
import { prefilterFor } from './prefilter';
import type { ResultCache } from './cache';
import type { FileResult, Finding, Severity } from './types';

export interface AnalyzeOptions {
  /** Per-rule severity, or `off` to disable the rule. */
  severityOverrides?: Record<string, Severity | 'off'>;
  /** Guard call inserted by the consent quick fix. @default "hasConsent('biometric')" */
  consentGuard?: string;
  /** Extra consent guard function or flag names recognised as a check. */
  consentGuards?: string[];
  /** Retention used by expiry quick fixes, in days. @default 30 */
  defaultRetentionDays?: number;
  /** Decimals kept when coarsening coordinates. @default 2 */
  coordinateDecimals?: number;
  /** Today, for `until` dates on suppressions. */
  now?: Date;
  /** Skip files with none of the rules' trigger tokens without parsing them (prefilter.ts). @default true */
  prefilter?: boolean;
  /** Content-hash cache of results (cache.ts); consulted only for files that pass the prefilter. */
  cache?: ResultCache;
  /** Per-file time budget in milliseconds; a file that runs past it is skipped with a reason. 0 turns it off. @default 15000 */
  timeBudgetMs?: number;
  /** Flow summaries of the workspace (from `collectSummaries`, or the editor's last workspace scan): cross-file flows. */
  summaries?: FlowSummaries;
  /** Parse results kept by the summary pass of a scan, so that no file is parsed twice. */
  parsedFiles?: ParsedFiles;
  /** Path aliases of the project (tsconfig/jsconfig `paths`, aliases.ts); file names are relative to the same folder. */
  aliases?: PathAliases;
}

export { DEFAULT_TIME_BUDGET_MS } from './budget';


/** A rule set compiled once and reused for every file. */
export interface PreparedRules {
  ruleSet: RuleSet;
  compiled: CompiledRule[];
  /** Every matcher (rule matchers and condition matchers) with its kind, for the single pass. */
  all: CompiledMatcher[];
  byId: Map<string, Rule>;
}

export function prepareRules(ruleSet: RuleSet): PreparedRules {
  const compiled = ruleSet.rules.map(compileRule);
  const all: CompiledMatcher[] = [];
  const addCond = (c?: CompiledCondition) => c && all.push(...c.has, ...c.lacks);
  for (const c of compiled) {
    all.push(...c.matchers);
    addCond(c.requires);
    c.variants.forEach((v) => addCond(v.when));
  }
  return { ruleSet, compiled, all, byId: new Map(ruleSet.rules.map((r) => [r.id, r])) };
}

const SUPPRESSION_RULE_ID = 'suppression-invalid';

/** Analyses one file's text. Never throws: failures become error entries. */
export function analyzeText(text: string, file: string, prepared: PreparedRules, options: AnalyzeOptions = {}): FileResult {
  // Flows from other files need no token in this one, and depend on the summaries: no prefilter, no cache.
  const crossFile = options.summaries?.affects(file) === true;
  if (crossFile) return analyzeTextNow(text, file, prepared, options);
  // A file without any rule's trigger token (nor a suppression comment) cannot report: no parse at all.
  // Otherwise only the matchers of the rules whose tokens are present run.
  let active: Set<string> | undefined;
  if (options.prefilter !== false) {
    const c = prefilterFor(prepared).candidates(text, file);
    if (!c.may) return { file, findings: [], errors: [] };
    active = c.rules;
  }
  // A result that other files' summaries shape is not cached: it is keyed by this file's content alone.
  const cache = options.summaries?.dependsOnOthers(file) ? undefined : options.cache;
  const cached = cache?.get(text, file, options);
  if (cached) return cached;
  const result = analyzeTextNow(text, file, prepared, options, active);
  if (!result.skipped) cache?.set(text, file, result, options);
  return result;
}

function analyzeTextNow(text: string, file: string, prepared: PreparedRules, options: AnalyzeOptions, active?: Set<string>): FileResult {
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  startBudget(budget);
  try {
    return analyzeUnsafe(text, file, prepared, options, active);
  } catch (e) {
    // Deep nesting overflows the recursive parser or a helper; the file is skipped, never the scan.
    if (e instanceof BudgetExceeded) return skippedResult(file, `skipped: analysis ran past the per-file time budget (${budget} ms)`);
    if (e instanceof RangeError) return skippedResult(file, `skipped: nesting too deep (${e.message})`);
    const message = `internal error while analysing: ${e instanceof Error ? e.message : String(e)}`;
    return { file, findings: [], errors: [{ file, line: 1, message }] };
  } finally {
    endBudget();
  }
}

function skippedResult(file: string, reason: string): FileResult {
  return { file, findings: [], errors: [], skipped: { file, reason } };
}

/** @param active ids of the rules that can report here (from the prefilter); undefined: every rule. */
function analyzeUnsafe(text: string, file: string, prepared: PreparedRules, options: AnalyzeOptions, active?: Set<string>): FileResult {
  const reused = options.parsedFiles?.take(file, text);
  const parsed = reused?.parsed ?? parseFile(text, file);
  if ('error' in parsed && parsed.tooDeep) return skippedResult(file, `skipped: ${parsed.error.message}`);
  checkBudget();
  if ('error' in parsed) {
    return { file, findings: [], errors: [{ file, line: parsed.error.line, column: parsed.error.column, message: `cannot parse: ${parsed.error.message}` }] };
  }
  const lines = new LineIndex(text);
  const model = reused?.model ?? modelOf(parsed, file, prepared, options.aliases);
  const sums = options.summaries;
  model.linkValues(sums ? (spec, path) => sums.importedValue(file, spec, path, true) : undefined);
  checkBudget();
  const hits = collectHits(prepared, parsed, model, text, file, new GuardSet(options.consentGuards), options.summaries, listsFor(prepared, active));
  const findings: Finding[] = [];
  const fixCtx = {
    text,
    model,
    consentGuard: options.consentGuard ?? "hasConsent('biometric')",
    defaultRetentionDays: options.defaultRetentionDays ?? 30,
    coordinateDecimals: options.coordinateDecimals ?? 2,
  };
  const present = (c: CompiledCondition) => c.has.every((m) => (hits.get(m) ?? []).length > 0) && c.lacks.every((m) => (hits.get(m) ?? []).length === 0);
  for (const cr of prepared.compiled) {
    const { rule } = cr;
    const override = options.severityOverrides?.[rule.id];
    if (override === 'off') continue;
    if (cr.requires && !present(cr.requires)) continue;
    let severity: Severity = rule.severity;
    let template = rule.message;
    for (const v of cr.variants) {
      if (present(v.when)) {
        severity = v.severity ?? severity;
        template = v.message ?? template;
        break;
      }
    }
    if (override) severity = override;
    const seen = new Set<string>();
    for (const m of cr.matchers) {
      for (const hit of hits.get(m) ?? []) {
        const key = `${hit.start}:${hit.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({
          ruleId: rule.id,
          category: rule.category,
          severity,
          message: interpolate(template, hit),
          file,
          range: lines.range(hit.start, hit.end),
          evidence: { module: hit.module, callee: hit.callee, chain: hit.chain },
          related: hit.related ?? [],
          recommendations: rule.recommendations,
          fixes: computeFixes(rule.fix, hit, fixCtx),
          suppressed: false,
        });
      }
    }
  }
  applySuppressions(findings, parsed, lines, prepared, file, options);
  findings.sort(compareFindings);
  return { file, findings, errors: [] };
}

/** Stable order: position, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

function interpolate(template: string, hit: Hit): string {
  const vars: Record<string, string | undefined> = { callee: hit.callee, module: hit.module, ...hit.vars };
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? k);
}

/** The range a call is reported on: the called property (`watchPosition`), or `new X`. */
function calleeSpan(node: TSESTree.CallExpression | TSESTree.NewExpression): [number, number] {
  if (node.type === 'NewExpression') return [node.range[0], node.callee.range[1]];
  const c = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
  if (c.type === 'MemberExpression') return [c.property.range[0], c.property.range[1]];
  return [c.range[0], c.range[1]];
}

/** The literal host of a call's first argument when it is an absolute http(s) URL (`fetch('https://x.org/…')`). */
function requestHost(model: FileModel, node: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const first = node.arguments[0] as Node | undefined;
  if (!first) return undefined;
  const shape = stringShape(model, first);
  const m = shape === undefined ? null : /^https?:\/\/([a-z0-9.-]+\.[a-z]{2,})(?=[/:?#]|$)/i.exec(shape);
  return m ? m[1].toLowerCase() : undefined;
}

/** Module a `<script src>` loads: a CDN package path (`/npm/face-api.js@…`) or a known vendored file name. */
export function scriptModule(src: string, ruleSet: RuleSet): string {
  const cdn = /(?:\/npm\/|unpkg\.com\/|esm\.sh\/|skypack\.dev\/)((?:@[^/@]+\/)?[^/@]+)/.exec(src);
  if (cdn) return cdn[1];
  const base = src.split(/[?#]/)[0];
  for (const [, g] of ruleSet.globals) {
    for (const pattern of g.scripts ?? []) if (compileTextGlob(pattern)(base)) return g.module;
  }
  return src;
}

/**
 * Call matchers indexed by what the callee must resolve to, so that a call is tried only against the
 * matchers that can accept it (most name one exact module). Candidates keep the rule set's order.
 */
class CallIndex {
  private readonly exact = new Map<string, number[]>();
  private readonly globals: number[] = [];
  /** Matchers with module globs or `anyReceiver`: always tried. */
  private readonly always: number[] = [];

  constructor(private readonly matchers: CompiledMatcher[]) {
    matchers.forEach((m, i) => {
      const c = m.call!;
      const raw = (m.raw as { call: { module?: string | string[]; callee: string | string[] } }).call;
      if (c.anyReceiver) this.always.push(i);
      else if (c.global) {
        // Global callees are indexed by their first segment (`navigator`, `fetch`) when every pattern names it.
        const heads = (Array.isArray(raw.callee) ? raw.callee : [raw.callee]).map((p) => splitPath(p)[0]);
        if (heads.every((h) => h !== undefined && !/[*?[\]{}!()]/.test(h))) for (const h of new Set(heads)) this.globalByHead.set(h, [...(this.globalByHead.get(h) ?? []), i]);
        else this.globals.push(i);
      }
      else if (raw.module === undefined) return; // can never match (refMatchesTarget)
      else {
        const names = exactModuleNames(raw.module);
        if (!names) this.always.push(i);
        else for (const n of new Set(names)) this.exact.set(n, [...(this.exact.get(n) ?? []), i]);
      }
    });
  }

  candidates(model: FileModel, node: TSESTree.CallExpression | TSESTree.NewExpression): CompiledMatcher[] {
    const ref = model.resolve(node.callee);
    if (ref?.global) {
      const head = ref.path[0] ?? '';
      let list = this.byGlobalHead.get(head);
      if (!list) this.byGlobalHead.set(head, (list = this.merge([this.always, this.globals, this.globalByHead.get(head) ?? []])));
      return list;
    }
    if (ref?.module === undefined) return (this.alwaysList ??= this.merge([this.always]));
    let list = this.byModule.get(ref.module);
    if (!list) {
      // An exact pattern also accepts subpaths: `face-api.js` matches `face-api.js/dist/face-api`.
      const lists: number[][] = [this.always];
      let name = ref.module;
      for (;;) {
        const l = this.exact.get(name);
        if (l) lists.push(l);
        const slash = name.lastIndexOf('/');
        if (slash <= 0) break;
        name = name.slice(0, slash);
      }
      this.byModule.set(ref.module, (list = this.merge(lists)));
    }
    return list;
  }

  private readonly globalByHead = new Map<string, number[]>();
  private readonly byGlobalHead = new Map<string, CompiledMatcher[]>();
  private alwaysList?: CompiledMatcher[];
  private readonly byModule = new Map<string, CompiledMatcher[]>();

  private merge(lists: number[][]): CompiledMatcher[] {
    return [...new Set(lists.flat())].sort((a, b) => a - b).map((i) => this.matchers[i]);
  }
}

const callIndexes = new WeakMap<PreparedRules, CallIndex>();

function callIndexOf(prepared: PreparedRules): CallIndex {
  let ix = callIndexes.get(prepared);
  if (!ix) callIndexes.set(prepared, (ix = new CallIndex(prepared.all.filter((m) => m.kind === 'call'))));
  return ix;
}

/** The scope model of a parsed file, with the rule set's library globals and module subpaths and the project's path aliases. */
export function modelOf(parsed: ParsedFile, file: string, prepared: PreparedRules, aliases: PathAliases | undefined): FileModel {
  return new FileModel(parsed.ast, globalsOf(prepared.ruleSet), aliases && ((spec) => unaliasSpecifier(aliases, file, spec)), prepared.ruleSet.modules);
}

const globalMaps = new WeakMap<RuleSet, Map<string, GlobalModule>>();

/** The library globals (and their bundles' file names) as FileModel takes them, built once per rule set. */
export function globalsOf(ruleSet: RuleSet): Map<string, GlobalModule> {
  let m = globalMaps.get(ruleSet);
  if (!m) globalMaps.set(ruleSet, (m = new Map([...ruleSet.globals].map(([k, v]) => [k, { module: v.module, bundles: v.bundles, named: v.named, evidence: v.evidence }]))));
  return m;
}

/** The matcher lists collectHits needs, per rule set and set of active rules (files mostly wake the same few sets). */
interface MatcherLists {
  active?: Set<CompiledMatcher>;
  importMs: CompiledMatcher[];
  callMs: CompiledMatcher[];
  propMs: CompiledMatcher[];
  elementMs: CompiledMatcher[];
  flowMs: CompiledMatcher[];
}

const matcherLists = new WeakMap<PreparedRules, Map<string, MatcherLists>>();

function listsFor(prepared: PreparedRules, rules: Set<string> | undefined): MatcherLists {
  let byKey = matcherLists.get(prepared);
  if (!byKey) matcherLists.set(prepared, (byKey = new Map()));
  const key = rules ? [...rules].sort().join('\u0000') : '\u0001all';
  let l = byKey.get(key);
  if (!l) {
    const active = rules && activeMatchers(prepared, rules);
    const on = (m: CompiledMatcher) => !active || active.has(m);
    l = {
      active,
      importMs: prepared.all.filter((m) => m.kind === 'import' && on(m)),
      callMs: prepared.all.filter((m) => m.kind === 'call' && on(m)),
      propMs: prepared.all.filter((m) => m.kind === 'property' && on(m)),
      elementMs: prepared.all.filter((m) => m.kind === 'element' && on(m)),
      flowMs: prepared.all.filter((m) => m.kind === 'flow' && on(m)),
    };
    if (byKey.size < 256) byKey.set(key, l);
  }
  return l;
}

/** The matchers of the given rules: what they match, require and vary on. */
function activeMatchers(prepared: PreparedRules, rules: Set<string>): Set<CompiledMatcher> {
  const out = new Set<CompiledMatcher>();
  const addCond = (c?: CompiledCondition) => c && [...c.has, ...c.lacks].forEach((m) => out.add(m));
  for (const cr of prepared.compiled) {
    if (!rules.has(cr.rule.id)) continue;
    cr.matchers.forEach((m) => out.add(m));
    addCond(cr.requires);
    cr.variants.forEach((v) => addCond(v.when));
  }
  return out;
}

function collectHits(prepared: PreparedRules, parsed: ParsedFile, model: FileModel, text: string, file: string, guards: GuardSet | undefined, summaries: FlowSummaries | undefined, lists: MatcherLists): Map<CompiledMatcher, Hit[]> {
  const hits = new Map<CompiledMatcher, Hit[]>();
  const add = (m: CompiledMatcher, h: Hit) => {
    let list = hits.get(m);
    if (!list) hits.set(m, (list = []));
    list.push(h);
  };
  const { active, importMs, callMs, propMs, elementMs, flowMs } = lists;
  const callIndex = callIndexOf(prepared);

  for (const s of parsed.scriptSrcs) {
    const module = scriptModule(s.src, prepared.ruleSet);
    for (const m of importMs) if (m.modules?.(module)) add(m, { node: parsed.ast, start: s.start, end: s.end, module, vars: { module, src: s.src } });
  }
  // Each kind of matcher walks only the nodes it can match (FileModel keeps them by kind, in walk order).
  if (importMs.length) {
    const tryImport = (node: Node) => {
      const imp = importedModule(model, node);
      if (imp) {
        for (const m of importMs) {
          if (m.modules?.(imp.module) && (!m.names || m.names(importedNames(model, node)))) add(m, { node, start: imp.at.range[0], end: imp.at.range[1], module: imp.module, vars: { module: imp.module } });
        }
      }
    };
    model.moduleRefs.forEach(tryImport);
    for (const node of model.calls) if (node.type === 'CallExpression') tryImport(node);
  }
  checkBudget();
  let visited = 0;
  if (callMs.length) {
    for (const node of model.calls) {
      if ((++visited & 511) === 0) checkBudget();
      for (const m of callIndex.candidates(model, node)) {
        if (active && !active.has(m)) continue;
        const ref = matchCall(model, node, m.call!, guards);
        if (!ref) continue;
        const [start, end] = calleeSpan(node);
        const callee = pathToString(ref.path);
        // A path from a default import or the module itself (`new Human()`, `human.detect()`: '()', '().detect')
        // names nothing readable: the message quotes the call as written instead.
        const named = callee === '' || callee.startsWith('()') ? (calleeText(text, node) ?? rootName(node) + callee) : callee;
        const host = requestHost(model, node);
        // Messages quote the call; for web requests, the bare method ('post') says less than where it goes.
        const shown = host ? `${named} to ${host}` : named;
        add(m, { node, call: node, start, end, module: ref.global ? 'global' : ref.module, callee, vars: { callee: shown, module: ref.module ?? 'global', ...(host ? { host } : {}) } });
      }
    }
  }
  if (propMs.length) {
    for (const node of model.members) {
      if ((++visited & 511) === 0) checkBudget();
      const parent = model.parent(node);
      if (parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === node) continue;
      if (parent && parent.type === 'MemberExpression' && parent.object === node) continue;
      const ref = model.resolve(node);
      if (!ref) continue;
      for (const m of propMs) {
        const p = m.property!;
        if (refMatchesTarget(ref, p.modules, p.global) && p.paths.some((x) => x.match(ref.path))) {
          const callee = pathToString(ref.path);
          add(m, { node, start: node.property.range[0], end: node.property.range[1], module: ref.module ?? 'global', callee, vars: { callee, module: ref.module ?? 'global' } });
        }
      }
    }
  }
  if (elementMs.length) {
    for (const node of model.elements) {
      for (const m of elementMs) {
        const ref = matchElement(model, node, m.element!);
        if (!ref) continue;
        const callee = pathToString(ref.path);
        const shown = `<${text.slice(node.name.range[0], node.name.range[1])}>`;
        add(m, { node, start: node.name.range[0], end: node.name.range[1], module: ref.module ?? '', callee, vars: { callee: shown, module: ref.module ?? '' } });
      }
    }
  }
  checkBudget();
  if (flowMs.length) {
    for (const [m, list] of runFlowMatchers({ file, text, parsed, model, ruleSet: prepared.ruleSet, summaries }, flowMs)) for (const h of list) add(m, h);
  }
  return hits;
}

function applySuppressions(findings: Finding[], parsed: ParsedFile, lines: LineIndex, prepared: PreparedRules, file: string, options: AnalyzeOptions): void {
  const sups = parseSuppressions(parsed.comments, lines);
  if (!sups.length) return;
  const now = options.now ?? new Date();
  const problems: Array<{ start: number; end: number; message: string }> = [];
  for (const s of sups) {
    const bad: string[] = [];
    if (!s.ruleIds.length) bad.push('names no rule id');
    for (const id of s.ruleIds) if (!prepared.byId.has(id)) bad.push(`names an unknown rule id '${id}'`);
    if (!s.justification) bad.push('has no justification after " -- "');
    if (s.until !== undefined && !isValidDate(s.until)) bad.push(`has an invalid date '${s.until}' (use until YYYY-MM-DD)`);
    if (bad.length) {
      problems.push({ start: s.start, end: s.end, message: `This suppression ${bad.join(' and ')}, so it suppresses nothing. A suppression must say which rule it silences and why, so the decision can be reviewed and challenged.` });
      s.used = true; // reported already; do not also report it as unused
      continue;
    }
    if (isExpired(s.until, now)) {
      s.used = true;
      continue;
    }
    for (const f of findings) {
      if (f.suppressed || !s.ruleIds.includes(f.ruleId)) continue;
      if (f.range.start.line >= s.fromLine && f.range.start.line <= s.toLine) {
        f.suppressed = true;
        f.justification = s.justification;
        s.used = true;
      }
    }
  }
  for (const s of sups) {
    if (!s.used) problems.push({ start: s.start, end: s.end, message: `This suppression of '${s.ruleIds.join(', ')}' matches no finding; remove it so that it cannot hide a future one.` });
  }
  const rule = prepared.byId.get(SUPPRESSION_RULE_ID);
  for (const p of problems) {
    findings.push({
      ruleId: SUPPRESSION_RULE_ID,
      category: 'suppression-invalid',
      severity: (options.severityOverrides?.[SUPPRESSION_RULE_ID] as Severity | undefined) ?? rule?.severity ?? 'warning',
      message: p.message,
      file,
      range: lines.range(p.start, p.end),
      evidence: {},
      related: [],
      recommendations: rule?.recommendations ?? ['safeguards-against-abuse'],
      fixes: [],
      suppressed: false,
    });
  }
}

export type { Node };
