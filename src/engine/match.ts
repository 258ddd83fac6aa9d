import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from './parse';
import { compileModulePatterns, compilePathPattern, compileTextGlob, type PathPattern } from './patterns';
import { pathToString, perFile, propertyKeyName, propertyName, requiredModule, stringValue, type FileModel, type Ref } from './resolve';
import type { ArgCondition, CallMatcher, FileCondition, Matcher, Rule, Scalar } from './rules';
import { dereference, evaluate, findProperty, isFunctionNode, stringShape, UNKNOWN, type Value } from './values';
import type { RelatedLocation } from './types';
import { GuardSet, isConsentGuarded } from './guards';

/** One place a matcher matched, before it becomes a finding. */
export interface Hit {
  /** The node the finding sits on (for fixes and suppressions). */
  node: Node;
  start: number;
  end: number;
  module?: string;
  callee?: string;
  vars: Record<string, string>;
  related?: RelatedLocation[];
  chain?: string[];
  /** The call node a fix edits, when different from `node`. */
  call?: Node;
}

export interface CompiledCall {
  modules?: (m: string) => boolean;
  global: boolean;
  callees: PathPattern[];
  isNew?: boolean;
  where: ArgCondition[];
  inLoop: boolean;
  /** `inLoop: false` in the rule: only outside loops. */
  outsideLoop?: boolean;
  /** `inTimer: true` / `false` in the rule (see `isTimerRepeated`). */
  inTimer?: boolean;
  outsideTimer?: boolean;
  unlessGuarded?: boolean;
  anyReceiver?: boolean;
  /** Conditions on the arguments of the `new` expression that created the call's receiver. */
  receiverWhere: ArgCondition[];
}

export interface CompiledMatcher {
  kind: 'import' | 'call' | 'property' | 'flow' | 'builtin' | 'element';
  modules?: (m: string) => boolean;
  /** `import` with `names`: true when one of the statement's imported names matches (see `importedNames`). */
  names?: (names: readonly string[] | undefined) => boolean;
  call?: CompiledCall;
  property?: { modules?: (m: string) => boolean; global: boolean; paths: PathPattern[] };
  element?: { modules?: (m: string) => boolean; names: PathPattern[]; attributes?: readonly string[]; where: ReadonlyArray<ArgCondition & { attribute: string }> };
  flow?: { from: string[]; to?: CompiledCall; arg: number | 'any'; sink?: string; assign?: { modules?: (m: string) => boolean; global: boolean; paths: PathPattern[] } };
  raw: Matcher;
}

export function compileCall(c: CallMatcher): CompiledCall {
  const callees = (Array.isArray(c.callee) ? c.callee : [c.callee]).map(compilePathPattern);
  return { modules: compileModulePatterns(c.module), global: c.global === true, callees, isNew: c.new, where: c.where ?? [], receiverWhere: c.receiverWhere ?? [], inLoop: c.inLoop === true, anyReceiver: c.anyReceiver === true, outsideLoop: c.inLoop === false, inTimer: c.inTimer === true, outsideTimer: c.inTimer === false, unlessGuarded: c.unlessGuarded === true };
}

export function compileMatcher(m: Matcher): CompiledMatcher {
  if ('import' in m) {
    const spec = m.import;
    if (typeof spec === 'string' || Array.isArray(spec)) return { kind: 'import', modules: compileModulePatterns(spec), raw: m };
    const globs = (Array.isArray(spec.names) ? spec.names : [spec.names]).map(compileTextGlob);
    return { kind: 'import', modules: compileModulePatterns(spec.module), names: (names) => names === undefined || names.some((n) => globs.some((g) => g(n))), raw: m };
  }
  if ('call' in m) return { kind: 'call', call: compileCall(m.call), raw: m };
  if ('property' in m) {
    const paths = (Array.isArray(m.property.path) ? m.property.path : [m.property.path]).map(compilePathPattern);
    return { kind: 'property', property: { modules: compileModulePatterns(m.property.module), global: m.property.global === true, paths }, raw: m };
  }
  if ('builtin' in m) return { kind: 'builtin', raw: m };
  if ('element' in m) {
    const e = m.element;
    const attributes = e.attributes === undefined ? undefined : Array.isArray(e.attributes) ? e.attributes : [e.attributes];
    const where = (e.where ?? []).map((w) => ({ ...w, arg: 0 as const }));
    return { kind: 'element', element: { modules: compileModulePatterns(e.module), names: (Array.isArray(e.name) ? e.name : [e.name]).map(compilePathPattern), attributes, where }, raw: m };
  }
  const { arg, ...to } = m.flow.to ?? { callee: [] };
  const a = m.flow.assign;
  const assign = a && { modules: compileModulePatterns(a.module), global: a.global === true, paths: (Array.isArray(a.path) ? a.path : [a.path]).map(compilePathPattern) };
  return { kind: 'flow', flow: { from: m.flow.from, to: m.flow.to ? compileCall(to) : undefined, arg: arg ?? 'any', sink: m.flow.sink, assign }, raw: m };
}

/**
 * Matches a JSX opening element against an element matcher: its name resolves to one of the module's
 * exports named by the patterns, and it has one of the attributes when the matcher lists them.
 */
export function matchElement(model: FileModel, node: TSESTree.JSXOpeningElement, e: NonNullable<CompiledMatcher['element']>): Ref | undefined {
  if (e.attributes && !node.attributes.some((a) => a.type === 'JSXAttribute' && a.name.type === 'JSXIdentifier' && e.attributes!.includes(a.name.name))) return undefined;
  for (const w of e.where) {
    const ok = checkValue(model, attributeValue(node, w.attribute), w);
    if (w.not ? ok : !ok) return undefined;
  }
  const ref = model.resolveElement(node.name as Node);
  if (!ref || !refMatchesTarget(ref, e.modules, false) || !e.names.some((p) => p.match(ref.path))) return undefined;
  return ref;
}

/** The expression an attribute is given (`{…}` or a string); the attribute node itself for a bare `<X flag />`; undefined when absent. */
function attributeValue(node: TSESTree.JSXOpeningElement, name: string): Node | undefined {
  for (let i = node.attributes.length - 1; i >= 0; i--) {
    const a = node.attributes[i];
    if (a.type !== 'JSXAttribute' || a.name.type !== 'JSXIdentifier' || a.name.name !== name) continue;
    if (!a.value) return a as Node;
    return (a.value.type === 'JSXExpressionContainer' ? a.value.expression : a.value) as Node;
  }
  return undefined;
}

/** True when a resolved reference satisfies the module/global part of a matcher. */
export function refMatchesTarget(ref: Ref, modules: ((m: string) => boolean) | undefined, global: boolean): boolean {
  if (global) return ref.global === true;
  if (modules) return ref.module !== undefined && modules(ref.module);
  return false;
}

/** Matches a call or `new` node against a compiled call matcher; returns the resolved ref when it matches. */
export function matchCall(model: FileModel, node: TSESTree.CallExpression | TSESTree.NewExpression, c: CompiledCall, guards?: GuardSet): Ref | undefined {
  if (c.isNew === true && node.type !== 'NewExpression') return undefined;
  if (c.isNew === false && node.type !== 'CallExpression') return undefined;
  if (c.anyReceiver) return matchMethodName(model, node, c);
  const ref = model.resolve(node.callee);
  if (!ref || !refMatchesTarget(ref, c.modules, c.global)) return undefined;
  if (!c.callees.some((p) => p.match(ref.path))) return undefined;
  for (const w of c.where) if (!checkArg(model, node, w)) return undefined;
  if (c.receiverWhere.length) {
    const made = receiverConstruction(model, node);
    // An unknown construction satisfies only conditions that are negated: the rule stays conservative.
    for (const w of c.receiverWhere) if (made ? !checkArg(model, made, w) : !w.not) return undefined;
  }
  if (c.inLoop && !isInLoop(model, node)) return undefined;
  if (c.outsideLoop && isInLoop(model, node)) return undefined;
  if ((c.inTimer || c.outsideTimer) && isTimerRepeated(model, node) !== c.inTimer) return undefined;
  if (c.unlessGuarded && isConsentGuarded(model, node, guards ?? new GuardSet())) return undefined;
  return ref;
}

/** The `new X(…)` (or factory call) whose result is the receiver of `recv.method()`, following `const` bindings. */
function receiverConstruction(model: FileModel, node: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.NewExpression | TSESTree.CallExpression | undefined {
  const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
  if (callee.type !== 'MemberExpression') return undefined;
  let made = dereference(model, callee.object as Node);
  // `const collection = await client.getCollection({ name })`: the awaited factory call made it.
  if (made?.type === 'AwaitExpression') made = dereference(model, made.argument as Node);
  return made && (made.type === 'NewExpression' || made.type === 'CallExpression') ? made : undefined;
}

/** `anyReceiver`: the called property name alone decides, so a stop call on an unresolvable handle still counts. */
function matchMethodName(model: FileModel, node: TSESTree.CallExpression | TSESTree.NewExpression, c: CompiledCall): Ref | undefined {
  const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
  const name = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
  if (name === undefined || !c.callees.some((p) => p.match([name]))) return undefined;
  for (const w of c.where) if (!checkArg(model, node, w)) return undefined;
  return { path: [name] };
}

function argNodes(node: TSESTree.CallExpression | TSESTree.NewExpression, which: ArgCondition['arg']): Array<Node | undefined> {
  const args = node.arguments as Node[];
  if (which === 'any') return args.length ? args : [undefined];
  if (which === 'last') return [args[args.length - 1]];
  return [args[which]];
}

/** Checks one argument condition; `not` inverts it. */
export function checkArg(model: FileModel, node: TSESTree.CallExpression | TSESTree.NewExpression, w: ArgCondition): boolean {
  const ok = argNodes(node, w.arg).some((a) => checkValue(model, a, w));
  return w.not ? !ok : ok;
}

function checkValue(model: FileModel, arg: Node | undefined, w: ArgCondition): boolean {
  let target: Node | undefined = arg;
  if (w.property !== undefined) {
    const prop = arg ? findProperty(model, arg, w.property) : undefined;
    target = prop ? (prop.value as Node) : undefined;
  }
  const present = target !== undefined;
  if (w.present !== undefined && w.present !== present) return false;
  if (!present) return w.present === false;
  if (w.isFunction !== undefined && isFunctionNode(dereference(model, target)) !== w.isFunction) return false;
  if (w.maxElements !== undefined) {
    const arr = dereference(model, target);
    if (!arr || arr.type !== 'ArrayExpression' || arr.elements.some((e) => !e || e.type === 'SpreadElement') || arr.elements.length > w.maxElements) return false;
  }
  if (w.equals !== undefined || w.oneOf !== undefined || w.includes !== undefined || w.lessThan !== undefined || w.greaterThan !== undefined) {
    const v = evaluate(model, target);
    if (w.equals !== undefined && !scalarEquals(v, w.equals)) return false;
    if (w.oneOf !== undefined && !w.oneOf.some((x) => scalarEquals(v, x))) return false;
    if (w.includes !== undefined) {
      const wanted = Array.isArray(w.includes) ? w.includes : [w.includes];
      if (!(Array.isArray(v) && wanted.some((x) => v.some((e) => scalarEquals(e, x)))) && !hasTypedElement(model, target, wanted)) return false;
    }
    if (w.lessThan !== undefined && !(typeof v === 'number' && v < w.lessThan)) return false;
    if (w.greaterThan !== undefined && !(typeof v === 'number' && v > w.greaterThan)) return false;
  }
  if (w.keys !== undefined && !hasKeyMatching(model, target, compiledKeyGlobs(w.keys), 0)) return false;
  if (w.reads !== undefined && !functionReads(model, dereference(model, target), Array.isArray(w.reads) ? w.reads : [w.reads])) return false;
  if (w.matches !== undefined) {
    const shape = stringShape(model, target);
    const globs = (Array.isArray(w.matches) ? w.matches : [w.matches]).map(compileTextGlob);
    if (shape === undefined || !globs.some((g) => g(shape))) return false;
  }
  if (w.ref !== undefined) {
    const pats = (Array.isArray(w.ref) ? w.ref : [w.ref]).map(compilePathPattern);
    const refMatches = (n: Node | undefined) => {
      const r = model.resolve(n);
      return !!r && pats.some((p) => p.match(r.path) || matchesSuffix(p, r.path));
    };
    // An array literal matches when one of its elements does: `requestMultiple([P.FINE, P.BACKGROUND])`.
    const arr = dereference(model, target);
    const elements = arr && arr.type === 'ArrayExpression' ? (arr.elements.filter((e) => e && e.type !== 'SpreadElement') as Node[]) : [target];
    if (!elements.some(refMatches)) return false;
  }
  return true;
}

/** `reads`: a function (declaration, expression or arrow) whose body names one of `names` (a property or a variable). */
function functionReads(model: FileModel, value: Node | undefined, names: readonly string[]): boolean {
  let fn = value;
  // A function declaration named as the argument: `defineTask('bg', onLocations)`.
  if (fn?.type === 'Identifier') {
    const b = model.lookup(fn.name, fn);
    if (b?.kind === 'local') fn = b.node;
  }
  if (!fn || (!isFunctionNode(fn) && fn.type !== 'FunctionDeclaration')) return false;
  const [start, end] = fn.range;
  for (const n of model.nodes) {
    if (n.range[0] >= end) break;
    if (n.range[0] >= start && n.type === 'Identifier' && names.includes(n.name)) return true;
  }
  return false;
}

const keyGlobs = new Map<string, (s: string) => boolean>();

/** `keys` globs, compiled once each and matched against the lower-cased property name. */
function compiledKeyGlobs(keys: string | string[]): Array<(s: string) => boolean> {
  return (Array.isArray(keys) ? keys : [keys]).map((k) => {
    let g = keyGlobs.get(k);
    if (!g) keyGlobs.set(k, (g = compileTextGlob(k.toLowerCase())));
    return g;
  });
}

/** Object literals this many levels deep are searched by `keys` (a schema field's options sit one level down). */
const MAX_KEY_DEPTH = 4;

/** Whether an object literal (following `const` bindings) has a property, at most MAX_KEY_DEPTH literals deep, named by one of the globs. */
function hasKeyMatching(model: FileModel, node: Node | undefined, globs: Array<(s: string) => boolean>, depth: number): boolean {
  const o = dereference(model, node);
  if (!o || o.type !== 'ObjectExpression' || depth >= MAX_KEY_DEPTH) return false;
  for (const p of o.properties) {
    if (p.type !== 'Property') continue;
    const name = propertyKeyName(p.key, p.computed);
    if (name !== undefined && globs.some((g) => g(name.toLowerCase()))) return true;
    if (hasKeyMatching(model, p.value as Node, globs, depth + 1)) return true;
  }
  return false;
}

/** An array literal with an object element whose `type` is one of the values: Onfido's `steps: [{ type: 'face', options }]`. */
function hasTypedElement(model: FileModel, target: Node | undefined, wanted: Scalar[]): boolean {
  const arr = dereference(model, target);
  if (!arr || arr.type !== 'ArrayExpression') return false;
  return arr.elements.some((e) => {
    const t = e && e.type === 'ObjectExpression' ? findProperty(model, e, 'type') : undefined;
    const v = t ? evaluate(model, t.value as Node) : UNKNOWN;
    return wanted.some((x) => scalarEquals(v, x));
  });
}

/** `Accuracy.Highest` also matches `Location.Accuracy.Highest` when `Location` is a namespace. */
function matchesSuffix(p: PathPattern, path: readonly string[]): boolean {
  for (let i = 1; i < path.length; i++) if (p.match(path.slice(i))) return true;
  return false;
}

function scalarEquals(v: Value, x: Scalar): boolean {
  if (v === UNKNOWN || Array.isArray(v)) return false;
  return v === x;
}

const ITERATION_METHODS = new Set(['map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'flatMap', 'all', 'allSettled']);
const LOOP_TYPES = new Set(['ForStatement', 'ForOfStatement', 'ForInStatement', 'WhileStatement', 'DoWhileStatement']);

/** Inside a loop body or an iteration callback (`people.map(p => …)`), within the same function. */
export function isInLoop(model: FileModel, node: Node): boolean {
  let child: Node = node;
  let n = model.parent(node);
  while (n) {
    if (LOOP_TYPES.has(n.type)) return true;
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') {
      const p = model.parent(n);
      if (p && p.type === 'CallExpression' && p.arguments.includes(n as TSESTree.CallExpressionArgument)) {
        const cal = p.callee.type === 'MemberExpression' && !p.callee.computed && p.callee.property.type === 'Identifier' ? p.callee.property.name : undefined;
        if (cal && ITERATION_METHODS.has(cal)) return true;
      }
      return false;
    }
    child = n;
    n = model.parent(n);
  }
  void child;
  return false;
}

/**
 * The names an import-like node takes from its module (`import { A, B }`, `export { A } from`,
 * `const { A } = require()`), or undefined when it takes the whole module: a namespace or default
 * import, a side-effect import, `export *`, `import()`, a plain `require`.
 */
export function importedNames(model: FileModel, node: Node): string[] | undefined {
  switch (node.type) {
    case 'ImportDeclaration': {
      if (!node.specifiers.length || node.specifiers.some((s) => s.type !== 'ImportSpecifier')) return undefined;
      return node.specifiers.map((s) => (s.type === 'ImportSpecifier' ? (s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value)) : ''));
    }
    case 'ExportNamedDeclaration':
      return node.specifiers.map((s) => (s.local.type === 'Identifier' ? s.local.name : String(s.local.value)));
    case 'CallExpression': {
      const p = model.parent(node);
      if (p?.type !== 'VariableDeclarator' || p.init !== node || p.id.type !== 'ObjectPattern') return undefined;
      const names: string[] = [];
      for (const prop of p.id.properties) {
        if (prop.type === 'RestElement') return undefined;
        const key = propertyKeyName(prop.key, prop.computed);
        if (key === undefined) return undefined;
        names.push(key);
      }
      return names;
    }
    default:
      return undefined;
  }
}

/** Whether a call is to the global timer `name` (`setInterval`, `window.setTimeout`). */
function isTimerCall(model: FileModel, c: TSESTree.CallExpression | TSESTree.NewExpression, name: string): boolean {
  if (c.type !== 'CallExpression') return false;
  const ref = model.resolve(c.callee as Node);
  return !!ref?.global && ref.path.length === 1 && ref.path[0] === name;
}

/**
 * The function whose runs run the node: its enclosing function, past promise executors, which run at once
 * (`const read = () => new Promise((ok) => geo.getCurrentPosition(ok))` repeats with `read`).
 */
function repeatedFunction(model: FileModel, node: Node): Node | undefined {
  let fn = model.enclosingFunction(node);
  while (fn) {
    const p = model.parent(fn);
    if (p?.type !== 'NewExpression' || p.callee.type !== 'Identifier' || p.callee.name !== 'Promise' || p.arguments[0] !== fn) return fn;
    fn = model.enclosingFunction(fn);
  }
  return undefined;
}

/** Functions whose awaited call waits between rounds of a loop: `await sleep(5000)`. */
export const WAIT_FUNCTIONS = ['sleep', 'delay', 'wait', 'timeout', 'pause'];

/**
 * A loop (`while`, `do`, `for (;;)`) around the node, in the same function, that waits on each round:
 * `await sleep(ms)` or `await new Promise((r) => setTimeout(r, ms))`. A background task that reads the
 * position in such a loop polls it as a timer would.
 */
function inWaitingLoop(model: FileModel, node: Node): boolean {
  const fn = repeatedFunction(model, node);
  for (let p = model.parent(node); p && p !== fn; p = model.parent(p)) {
    if ((p.type === 'WhileStatement' || p.type === 'DoWhileStatement' || p.type === 'ForStatement') && waitsEachRound(model, p)) return true;
  }
  return false;
}

function waitsEachRound(model: FileModel, loop: Node): boolean {
  const memo = timerIndex(model).loops;
  let v = memo.get(loop);
  if (v === undefined) memo.set(loop, (v = waitsEachRoundNow(model, loop)));
  return v;
}

function waitsEachRoundNow(model: FileModel, loop: Node): boolean {
  const [start, end] = loop.range;
  const calls = model.calls;
  for (let i = firstCallFrom(calls, start); i < calls.length; i++) {
    const c = calls[i];
    if (c.range[0] >= end) break;
    if (model.parent(c)?.type !== 'AwaitExpression') continue;
    if (c.type === 'CallExpression' && c.callee.type === 'Identifier' && WAIT_FUNCTIONS.includes(c.callee.name)) return true;
    if (c.type === 'NewExpression' && c.callee.type === 'Identifier' && c.callee.name === 'Promise') {
      for (let j = i + 1; j < calls.length && calls[j].range[0] < c.range[1]; j++) if (calls[j].range[1] <= c.range[1] && isTimerCall(model, calls[j], 'setTimeout')) return true;
    }
  }
  return false;
}

/** The index of the first call (FileModel.calls is in walk order: by start) that starts at or after `pos`. */
function firstCallFrom(calls: ReadonlyArray<{ range: [number, number] }>, pos: number): number {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (calls[mid].range[0] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What the timer checks look up for every call they are asked about, built once per file: calls by the name
 * of their first argument and by the name they call, and the answers so far per loop and per function (a
 * file with thousands of polled calls would otherwise rescan every call for each).
 */
interface TimerIndex {
  byFirstArg: Map<string, Array<TSESTree.CallExpression | TSESTree.NewExpression>>;
  byCallee: Map<string, TSESTree.CallExpression[]>;
  loops: Map<Node, boolean>;
  functions: Map<Node, boolean>[];
}

const timerIndex = perFile((model): TimerIndex => {
  const idx: TimerIndex = { byFirstArg: new Map(), byCallee: new Map(), loops: new Map(), functions: [new Map(), new Map()] };
  for (const c of model.calls) {
    const first = c.arguments[0];
    if (first?.type === 'Identifier') {
      const l = idx.byFirstArg.get(first.name);
      if (l) l.push(c);
      else idx.byFirstArg.set(first.name, [c]);
    }
    if (c.type === 'CallExpression' && c.callee.type === 'Identifier') {
      const l = idx.byCallee.get(c.callee.name);
      if (l) l.push(c);
      else idx.byCallee.set(c.callee.name, [c]);
    }
  }
  return idx;
});

/** The name a function is called by: its declaration's, or the variable's it initialises. */
function functionName(model: FileModel, fn: Node): string | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id?.name;
  const p = model.parent(fn);
  return p?.type === 'VariableDeclarator' && p.id.type === 'Identifier' && p.init === fn ? p.id.name : undefined;
}

/**
 * Whether a timer runs the code around `node` again and again: it sits in a loop that waits on each round,
 * or its function is the callback of `setInterval`, is named in a `setInterval(fn, ms)` of the file,
 * re-arms itself with `setTimeout(fn, ms)`, or is called from such a function (one level: `update()`
 * re-arms itself and calls `markLocation()`). Polling `getCurrentPosition` this way is continuous
 * tracking without `watchPosition`.
 */
export function isTimerRepeated(model: FileModel, node: Node, depth = 0): boolean {
  if (inWaitingLoop(model, node)) return true;
  const fn = repeatedFunction(model, node);
  if (!fn) return false;
  const memo = timerIndex(model).functions[depth === 0 ? 0 : 1];
  let v = memo.get(fn);
  if (v === undefined) memo.set(fn, (v = timerRepeatsFunction(model, fn, depth)));
  return v;
}

/** Whether a timer repeats `fn` itself (not a waiting loop around the node: see `isTimerRepeated`). */
function timerRepeatsFunction(model: FileModel, fn: Node, depth: number): boolean {
  const p = model.parent(fn);
  if (p?.type === 'CallExpression' && p.arguments[0] === fn && isTimerCall(model, p, 'setInterval')) return true;
  const name = functionName(model, fn);
  if (!name) return false;
  const idx = timerIndex(model);
  for (const c of idx.byFirstArg.get(name) ?? []) {
    if (isTimerCall(model, c, 'setInterval')) return true;
    if (isTimerCall(model, c, 'setTimeout') && model.enclosingFunction(c) === fn) return true;
  }
  // One caller up: `name()` inside a function that a timer repeats.
  if (depth === 0) for (const c of idx.byCallee.get(name) ?? []) if (model.enclosingFunction(c) !== fn && isTimerRepeated(model, c, 1)) return true;
  return false;
}

/** The module specifier an import-like node loads, with the node of the string. */
export function importedModule(model: FileModel, node: Node): { module: string; at: Node } | undefined {
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
      return typeof node.source.value === 'string' ? { module: model.moduleOf(node.source.value), at: node.source } : undefined;
    case 'ExportNamedDeclaration':
      return node.source && typeof node.source.value === 'string' ? { module: model.moduleOf(node.source.value), at: node.source } : undefined;
    case 'ImportExpression': {
      const v = stringValue(node.source);
      return v !== undefined ? { module: model.moduleOf(v), at: node.source } : undefined;
    }
    case 'CallExpression': {
      const m = requiredModule(node, model);
      return m !== undefined ? { module: m, at: node.arguments[0] as Node } : undefined;
    }
    case 'TSImportEqualsDeclaration':
      if (node.moduleReference.type === 'TSExternalModuleReference' && node.moduleReference.expression.type === 'Literal') {
        return { module: model.moduleOf(String(node.moduleReference.expression.value)), at: node.moduleReference.expression };
      }
      return undefined;
    default:
      return undefined;
  }
}

export { pathToString };

/** Compiled form of a rule: matchers and file conditions. */
export interface CompiledRule {
  rule: Rule;
  matchers: CompiledMatcher[];
  requires?: CompiledCondition;
  variants: Array<{ when: CompiledCondition; severity?: Rule['severity']; message?: string }>;
}

export interface CompiledCondition {
  has: CompiledMatcher[];
  lacks: CompiledMatcher[];
}

export function compileCondition(c: FileCondition): CompiledCondition {
  const list = (m: Matcher | Matcher[] | undefined) => (m === undefined ? [] : (Array.isArray(m) ? m : [m]).map(compileMatcher));
  return { has: list(c.fileHas), lacks: list(c.fileLacks) };
}

export function compileRule(rule: Rule): CompiledRule {
  const ms = Array.isArray(rule.match) ? rule.match : [rule.match];
  return {
    rule,
    matchers: ms.map(compileMatcher),
    requires: rule.requires ? compileCondition(rule.requires) : undefined,
    variants: (rule.variants ?? []).map((v) => ({ when: compileCondition(v.when), severity: v.severity, message: v.message })),
  };
}
