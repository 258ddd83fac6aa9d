import * as fs from 'fs';
import * as path from 'path';
import type { Category, Severity } from './types';
// Compiled from rules/schema.json by scripts/gen-schema-validator.js (a test checks it is current).
import generatedValidator from './generated/ruleSchemaValidator';

/** A scalar a rule can compare an argument or option with. */
export type Scalar = string | number | boolean | null;

/** A condition on an argument of a matched call (or on a property of an options object in it). */
export interface ArgCondition {
  /** Argument index, `any` (some argument) or `last`. */
  arg: number | 'any' | 'last';
  /** Dotted property path inside an object-literal argument, e.g. `trackingOptions.enableHighAccuracy`. */
  property?: string;
  present?: boolean;
  equals?: Scalar;
  oneOf?: Scalar[];
  /** The value is an array literal containing this value. */
  includes?: Scalar | Scalar[];
  /** Glob over the string value; template literals count with `*` for each expression. */
  matches?: string | string[];
  /** Patterns over the resolved path of the value (or of an element of an array literal), e.g. `Accuracy.Highest`. */
  ref?: string | string[];
  lessThan?: number;
  greaterThan?: number;
  /** The value is an array literal (no spreads) with at most this many elements. */
  maxElements?: number;
  /** The value is a function (callback). */
  isFunction?: boolean;
  /** The value is an object literal with a property, up to four object literals deep, whose name matches one of these globs (case ignored). */
  keys?: string | string[];
  /** The value is a function whose body names one of these properties or variables (`locations` in a background task). */
  reads?: string | string[];
  not?: boolean;
}

export interface CallMatcher {
  /** Module names or minimatch globs the callee must resolve to. */
  module?: string | string[];
  /** The callee is a global (browser or Node), e.g. `navigator.geolocation.getCurrentPosition`. */
  global?: boolean;
  /** Callee path patterns: dotted segments, `()` for a call result or instance, `*` one segment, `**` any. */
  callee: string | string[];
  /** `true`: only `new X()`; `false`: only calls; absent: both. */
  new?: boolean;
  where?: ArgCondition[];
  /** Conditions on the arguments of the `new` expression that created the receiver (`new FaceMatcher([one])`). */
  receiverWhere?: ArgCondition[];
  /** `true`: only when the call sits inside a loop or an iteration callback (`for`, `map`, `forEach`, …); `false`: only outside one. */
  inLoop?: boolean;
  /** `true`: only when a timer repeats the enclosing function (`setInterval`, or a `setTimeout` that re-arms it), directly or through one caller; `false`: only otherwise. */
  inTimer?: boolean;
  /** Only when no consent or permission check dominates the call in the same file (see guards.ts). */
  unlessGuarded?: boolean;
  /** Match the called method by name whatever its receiver is (stop calls on handles: `sub.remove()`, `geo.clearWatch(id)`). */
  anyReceiver?: boolean;
}

export interface FlowMatcher {
  /** Source kinds the value must come from, as defined in `rules/sources.json` (e.g. `location`, `face`). */
  from: string[];
  /** The sink call and which argument receives the value. */
  to?: CallMatcher & { arg?: number | 'any' };
  /** An assignment sink instead of a call, e.g. `document.cookie = value`. */
  assign?: { global?: boolean; module?: string | string[]; path: string | string[] };
  /** What kind of store or destination the sink is; selects the engine's expiry checks and host naming (see flow.ts). */
  sink?: string;
}

/** `import` with a filter on what the statement imports: only `names` (globs) count; a whole-module import always does. */
export interface ImportSpec {
  module: string | string[];
  names: string | string[];
}

export type Matcher =
  | { import: string | string[] | ImportSpec }
  | { call: CallMatcher }
  | { property: { module?: string | string[]; global?: boolean; path: string | string[] } }
  | { element: ElementMatcher }
  | { flow: FlowMatcher }
  | { builtin: 'suppressions' };

/** A JSX element whose name resolves to a module export (`<Camera onFacesDetected={…}>` from `expo-camera`). */
export interface ElementMatcher {
  module: string | string[];
  /** Path patterns of the element name from the module: `Camera`, `RNCamera`, `Persona.Inquiry`, `FaceLiveness*`. */
  name: string | string[];
  /** The element has one of these attributes (written as an attribute, with any value). */
  attributes?: string | string[];
  /** Conditions on attribute values, as argument conditions on the attribute's expression (`faceDetectorSettings` with `runClassifications: …all`). */
  where?: Array<Omit<ArgCondition, 'arg'> & { attribute: string }>;
}

export interface FileCondition {
  fileHas?: Matcher | Matcher[];
  fileLacks?: Matcher | Matcher[];
}

export interface Variant {
  when: FileCondition;
  severity?: Severity;
  message?: string;
}

/** A quick fix, computed by the engine from the matched node. Kinds are registered in fixes.ts. */
export interface FixSpec {
  kind: string;
  title: string;
  /** A safe fix (applied by fix-all) or, when false or absent, a suggestion. */
  safe?: boolean;
  arg?: number;
  property?: string;
  value?: string;
  also?: Record<string, string>;
  remove?: Scalar[];
  replaceWith?: string;
  text?: string;
  before?: string;
  after?: string;
  [key: string]: unknown;
}

export interface Rule {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  match: Matcher | Matcher[];
  /** All must hold in the file for the rule to report at all. */
  requires?: FileCondition;
  variants?: Variant[];
  message: string;
  fix?: FixSpec | FixSpec[];
  recommendations: string[];
  /** Where the rule came from (file path), for messages. */
  source?: string;
}

export interface Recommendation {
  id: string;
  title: string;
  summary: string;
  section: string;
  citation: string;
}

export interface RuleSetError {
  file: string;
  pointer: string;
  message: string;
}

export interface RuleSet {
  rules: Rule[];
  recommendations: Map<string, Recommendation>;
  globals: Map<string, LibraryGlobal>;
  /** Module subpaths that stand for an export of their package (`aws-sdk/clients/rekognition` is `aws-sdk`'s `Rekognition`), from globals.json `modules`. */
  modules?: Map<string, { module: string; path: string[] }>;
  sources: Record<string, unknown>;
  errors: RuleSetError[];
}

/** The folder of bundled rules: `rules/` next to `src`/`out`/`dist`. */
export function bundledRulesDir(): string {
  const candidates = [path.join(__dirname, '..', '..', 'rules'), path.join(__dirname, '..', 'rules'), path.join(__dirname, '..', '..', '..', 'rules')];
  return candidates.find((c) => fs.existsSync(path.join(c, 'schema.json'))) ?? candidates[0];
}

const DATA_FILES = new Set(['schema.json', 'recommendations.json', 'globals.json', 'sources.json']);

/** What the generated validator exposes (Ajv's standalone output for rules/schema.json). */
interface SchemaValidator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string; params: Record<string, unknown> }> | null;
}

function schemaErrors(data: unknown): RuleSetError[] {
  const validate = generatedValidator as unknown as SchemaValidator;
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => ({ file: '', pointer: e.instancePath || '/', message: `${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` ('${(e.params as { additionalProperty: string }).additionalProperty}')` : ''}${e.params && 'allowedValues' in e.params ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : ''}` }));
}

/** Validates one rule object against the schema; the file name is used in messages. */
export function validateRule(data: unknown, file: string): RuleSetError[] {
  return schemaErrors(data).map((e) => ({ ...e, file }));
}

function readJson(file: string, errors: RuleSetError[]): unknown {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
    return JSON.parse(text);
  } catch (e) {
    errors.push({ file, pointer: '', message: `cannot read rule file: ${(e as Error).message}${jsonErrorPlace((e as Error).message, text)}` });
    return undefined;
  }
}

/** ` (line L, column C)` for a JSON syntax error that names a position, so the mistake can be found. */
function jsonErrorPlace(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/** Reads rule JSON files from a folder; a broken file is reported and skipped, the others still load. */
export function loadRulesFromDir(dir: string, errors: RuleSetError[]): Rule[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json') && !DATA_FILES.has(n)).sort();
  } catch (e) {
    errors.push({ file: dir, pointer: '', message: `cannot read rules folder: ${(e as Error).message}` });
    return [];
  }
  const rules: Rule[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const data = readJson(file, errors);
    if (data === undefined) continue;
    const problems = validateRule(data, file);
    const expectedId = name.slice(0, -'.json'.length);
    if (!problems.length && (data as Rule).id !== expectedId) {
      problems.push({ file, pointer: '/id', message: `id '${(data as Rule).id}' must equal the file name '${expectedId}'` });
    }
    if (problems.length) {
      errors.push(...problems);
      continue;
    }
    rules.push({ ...(data as Rule), source: file });
  }
  return rules;
}

/** A global name a library installs, from `rules/globals.json`. */
export interface LibraryGlobal {
  module: string;
  /** Globs over a `<script src>` URL or path that loads the library. */
  scripts?: string[];
  /** File names of the library's built bundles: a relative import or require of a vendored copy (`'../dist/human.esm.js'`) loads the library. */
  bundles?: string[];
  /** The global is the module's export of the same name (MediaPipe's `FaceMesh` class), not the module itself. */
  named?: boolean;
  /** Identifier names of the library's API; when given, a use of the global counts only in a file that names one of them. */
  evidence?: string[];
}

/** The well-formed entries of `globals.json`; each malformed one is reported and left out. */
function checkGlobals(data: unknown, file: string, errors: RuleSetError[]): Record<string, LibraryGlobal> {
  const out: Record<string, LibraryGlobal> = {};
  if (data === undefined) return out;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    errors.push({ file, pointer: '/globals', message: 'must be an object of global names' });
    return out;
  }
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');
  for (const [name, g] of Object.entries(data as Record<string, unknown>)) {
    const e = g as Partial<Record<keyof LibraryGlobal, unknown>> | null;
    const bad = !e || typeof e !== 'object' ? 'must be an object' : typeof e.module !== 'string' || !e.module ? "needs a 'module' string" : e.scripts !== undefined && !strings(e.scripts) ? "'scripts' must be a list of globs" : e.bundles !== undefined && !strings(e.bundles) ? "'bundles' must be a list of file names" : e.named !== undefined && typeof e.named !== 'boolean' ? "'named' must be true or false" : e.evidence !== undefined && !strings(e.evidence) ? "'evidence' must be a list of names" : undefined;
    if (bad) errors.push({ file, pointer: `/globals/${name}`, message: bad });
    else out[name] = { module: e!.module as string, scripts: e!.scripts as string[] | undefined, bundles: e!.bundles as string[] | undefined, named: e!.named === true || undefined, evidence: e!.evidence as string[] | undefined };
  }
  return out;
}

/** The well-formed entries of globals.json `modules` (`"aws-sdk/clients/rekognition": { "module": "aws-sdk", "path": ["Rekognition"] }`). */
function checkModuleAliases(data: unknown, file: string, errors: RuleSetError[]): Map<string, { module: string; path: string[] }> {
  const out = new Map<string, { module: string; path: string[] }>();
  if (data === undefined) return out;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    errors.push({ file, pointer: '/modules', message: 'must be an object of module names' });
    return out;
  }
  for (const [name, e] of Object.entries(data as Record<string, unknown>)) {
    const v = e as { module?: unknown; path?: unknown } | null;
    if (!v || typeof v !== 'object' || typeof v.module !== 'string' || !v.module || !Array.isArray(v.path) || !v.path.every((x) => typeof x === 'string' && x !== '')) {
      errors.push({ file, pointer: `/modules/${name}`, message: "needs a 'module' string and a 'path' list of names" });
      continue;
    }
    out.set(name, { module: v.module, path: v.path as string[] });
  }
  return out;
}

/** Loads the bundled rule set plus any extra rule folders. Never throws. */
export function loadRuleSet(extraDirs: string[] = [], rulesDir = bundledRulesDir()): RuleSet {
  const errors: RuleSetError[] = [];
  const recs = (readJson(path.join(rulesDir, 'recommendations.json'), errors) as { recommendations?: Recommendation[] } | undefined)?.recommendations ?? [];
  const globalsJson = readJson(path.join(rulesDir, 'globals.json'), errors) as { globals?: unknown; modules?: unknown } | undefined;
  const globalsData = checkGlobals(globalsJson?.globals, path.join(rulesDir, 'globals.json'), errors);
  const modules = checkModuleAliases(globalsJson?.modules, path.join(rulesDir, 'globals.json'), errors);
  const sources = (readJson(path.join(rulesDir, 'sources.json'), errors) as Record<string, unknown> | undefined) ?? {};
  const rules = loadRulesFromDir(rulesDir, errors);
  const seen = new Set(rules.map((r) => r.id));
  for (const dir of extraDirs) {
    for (const r of loadRulesFromDir(dir, errors)) {
      if (seen.has(r.id)) {
        errors.push({ file: r.source ?? dir, pointer: '/id', message: `duplicate rule id '${r.id}' (a bundled or earlier rule has it)` });
        continue;
      }
      seen.add(r.id);
      rules.push(r);
    }
  }
  const recommendations = new Map(recs.map((r) => [r.id, r]));
  for (const r of rules) {
    r.recommendations.forEach((id, i) => {
      if (!recommendations.has(id)) errors.push({ file: r.source ?? r.id, pointer: `/recommendations/${i}`, message: `unknown recommendation id '${id}'` });
    });
  }
  return { rules, recommendations, globals: new Map(Object.entries(globalsData)), modules, sources, errors };
}
