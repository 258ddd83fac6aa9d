import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node, ParsedFile } from './parse';
import { FileModel, pathToString, patternIds, propertyName, propertyKeyName, type Ref } from './resolve';
import { checkArg, importedModule, refMatchesTarget, type CompiledCall, type CompiledMatcher, type Hit } from './match';
import type { RuleSet } from './rules';
import { LineIndex } from './text';
import type { RelatedLocation } from './types';
import { activeSources, compileSources, matchSources, nonSensitiveProperties, type CompiledSource } from './flowSources';
import { applyPathC, reachableArgs, type ExtRef, type FileSummary, type FlowSummaries, type LibraryValue, type Origin, type SElem } from './summaries';
import { isBoundedSink, destinationHost, mongooseModelInfo, setSinkText } from './retention';
import { checkBudget } from './budget';

/** Everything the data-flow analysis gets for one file. */
export interface FlowContext {
  file: string;
  text: string;
  parsed: ParsedFile;
  model: FileModel;
  ruleSet: RuleSet;
  /** Summaries of the other files of the workspace (cross-file flows); absent for a lone file. */
  summaries?: FlowSummaries;
}

type CElem = Extract<SElem, { t: 'c' }> & { key: string };
/** A parameter of a function in this file; `site` is where its path was last extended (`req.body.lat`). */
type PElem = { t: 'p'; key: string; fn: Node; index: number; path: string[]; whole: boolean; chain: string[]; site?: Node };
type XElem = Extract<SElem, { t: 'x' }> & { key: string };
type Elem = CElem | PElem | XElem;
type TSet = Map<string, Elem>;

const EMPTY: TSet = new Map();
const MAX_PATH = 6;
const MAX_CHAIN = 8;
const MAX_ROUNDS = 8;
/** Elements kept per fact (a variable, parameter, return): enough for every distinct origin a finding names. */
const MAX_FACT = 32;
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const ITERATION = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findLast', 'some', 'every']);
const PASS_THROUGH_METHODS = new Set(['filter', 'find', 'findLast', 'slice', 'concat', 'sort', 'reverse', 'at', 'flat', 'catch', 'finally']);
/** Globals whose result carries their arguments (serialisation, conversion, containers). */
const PROPAGATING_GLOBALS = /^(JSON\.stringify|JSON\.parse|String|Number|parseFloat|parseInt|Math\.\w+|Object\.(assign|values|entries|fromEntries|freeze)|Array\.(from|of)|structuredClone|encodeURIComponent|encodeURI|escape|btoa|Buffer\.from|Promise\.(resolve|all|allSettled|race|any)|Float32Array|Float64Array|Uint8Array|Blob|File|URLSearchParams|Set|Map)$/;
/** Libraries whose call results are responses or handles, not the data passed in. */
const OPAQUE_MODULES = /^(axios|node-fetch|got|ky|superagent|redis|ioredis|@redis\/|mongoose|mongodb|@aws-sdk\/|aws-sdk|firebase|@firebase\/|firebase-admin|@prisma\/|typeorm|sequelize|knex|winston|pino|fs|node:fs|fs\/promises|react|react-dom|vue|express|@react-native-async-storage\/|localforage|idb|dexie|js-cookie|socket\.io|ws|mixpanel|@segment\/|@amplitude\/|posthog|@sentry\/)/;
const REACT_STATE = /^(react|preact\/hooks|preact\/compat)$/;

/** The name a call's callee chain starts from (`database` in `database().ref(p).set`), for messages. */
export function rootName(node: TSESTree.CallExpression | TSESTree.NewExpression): string {
  let n: Node = node.callee as Node;
  for (let i = 0; i < 32; i++) {
    if (n.type === 'Identifier') return n.name;
    if (n.type === 'MemberExpression') n = n.object as Node;
    else if (n.type === 'CallExpression' || n.type === 'NewExpression') n = n.callee as Node;
    else if (n.type === 'ChainExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSAsExpression') n = n.expression as Node;
    else if (n.type === 'AwaitExpression') n = n.argument as Node;
    else break;
  }
  return '';
}

/** How a call is written (`Location.getCurrentPositionAsync`, `redis.set`, `new Human`), for messages; long or complex callees give undefined. */
export function calleeText(text: string, c: Node): string | undefined {
  if (c.type !== 'CallExpression' && c.type !== 'NewExpression') return undefined;
  const callee = c.callee as Node;
  const t = text.slice(callee.range[0], callee.range[1]).replace(/\s+/g, '').replace(/\?\./g, '.');
  if (!t || t.length > 60 || /[()[\]]/.test(t)) return undefined;
  return c.type === 'NewExpression' ? `new ${t}` : t;
}

/**
 * Runs the flow matchers of a file: intra-file taint tracking from the sources in `rules/sources.json`
 * to each matcher's sink, plus cross-file flows when `ctx.summaries` is given.
 */
export function runFlowMatchers(ctx: FlowContext, matchers: CompiledMatcher[]): Map<CompiledMatcher, Hit[]> {
  const out = new Map<CompiledMatcher, Hit[]>(matchers.map((m) => [m, []]));
  if (!matchers.length) return out;
  const a = new FlowAnalysis(ctx, ctx.summaries ? 'link' : 'local');
  // Findings sit on sinks in this file: without a call or assignment any matcher can end at, the fixpoint is skipped.
  if (!a.hasAnything() || !matchers.some((m) => a.hasSink(m))) return out;
  a.run();
  for (const m of matchers) out.set(m, a.sinkHits(m));
  return out;
}

/**
 * Phase one of a workspace scan: what a file exports and passes on, without reporting anything.
 * With `onlyWithSource`, undefined when no source call matches in the file (its tokens were a false alarm).
 */
export function summarizeFile(ctx: Omit<FlowContext, 'summaries'>, resolveModule: (spec: string) => string | undefined, onlyWithSource = false): FileSummary | undefined {
  const a = new FlowAnalysis({ ...ctx, summaries: undefined }, 'summary', resolveModule);
  if (onlyWithSource && !a.hasOwnSource()) return undefined;
  if (a.hasAnything()) a.run();
  return a.summary();
}

interface Index {
  returns: Map<Node, Node[]>;
  calls: Array<TSESTree.CallExpression | TSESTree.NewExpression>;
  assignments: TSESTree.AssignmentExpression[];
  forOfs: TSESTree.ForOfStatement[];
  setters: Map<Node, Node>;
  classMethods: Map<Node, Map<string, Node>>;
  exports: Map<string, Node>;
  hasRelativeImport: boolean;
}

class FlowAnalysis {
  private readonly model: FileModel;
  private readonly lines: LineIndex;
  private readonly sources: CompiledSource[];
  private readonly idx: Index;
  private readonly varT = new Map<Node, TSet>();
  private readonly fieldT = new Map<string, TSet>();
  private readonly paramIn = new Map<string, TSet>();
  private readonly cbFacts = new Map<string, TSet>();
  private readonly retT = new Map<Node, TSet>();
  /** Class fields that hold callbacks given as a parameter: `this.onFix = cb`, `this.listeners.push(cb)`. */
  private readonly callbackFields = new Map<string, Array<{ fn: Node; index: number }>>();
  private memo = new Map<Node, TSet>();
  private readonly sourceCache = new Map<Node, ReturnType<typeof matchSources>>();
  private evalDepth = 0;
  private readonly nonSensitive: Map<string, Set<string>>;
  private anySource = false;

  constructor(
    private readonly ctx: FlowContext,
    private readonly mode: 'local' | 'link' | 'summary',
    private readonly resolveSpec?: (spec: string) => string | undefined,
  ) {
    this.model = ctx.model;
    this.lines = new LineIndex(ctx.text);
    setSinkText(ctx.text);
    this.sources = activeSources(compileSources(ctx.ruleSet), ctx.model);
    this.nonSensitive = nonSensitiveProperties(ctx.ruleSet);
    this.idx = this.buildIndex();
  }

  /** Whether a source call of `rules/sources.json` matches in this file. */
  hasOwnSource(): boolean {
    return this.anySource;
  }

  /** Whether anything in this file can be tainted: without a source (or, across files, a tainted import or caller) the fixpoint is skipped. */
  hasAnything(): boolean {
    if (this.anySource) return true;
    if (this.mode === 'local') return false;
    if (this.mode === 'link') return this.ctx.summaries?.affects(this.ctx.file) === true;
    return this.idx.hasRelativeImport || this.idx.exports.size > 0;
  }

  // ---------------------------------------------------------------- index

  private buildIndex(): Index {
    const idx: Index = { returns: new Map(), calls: [], assignments: [], forOfs: [], setters: new Map(), classMethods: new Map(), exports: new Map(), hasRelativeImport: false };
    // Only the kinds handled below (FileModel keeps them, in walk order).
    for (const n of this.model.flowNodes) {
      switch (n.type) {
        case 'ReturnStatement': {
          const fn = this.model.enclosingFunction(n);
          if (fn && n.argument) push(idx.returns, fn, n.argument);
          break;
        }
        case 'ArrowFunctionExpression':
          if (n.body.type !== 'BlockStatement') push(idx.returns, n, n.body);
          break;
        case 'CallExpression':
        case 'NewExpression':
          idx.calls.push(n);
          if (this.matchedSources(n).length) this.anySource = true;
          break;
        case 'AssignmentExpression':
          idx.assignments.push(n);
          this.recordCommonJsExport(n, idx);
          break;
        case 'ForOfStatement':
          idx.forOfs.push(n);
          break;
        case 'VariableDeclarator':
          this.recordSetter(n, idx);
          break;
        case 'MethodDefinition':
        case 'PropertyDefinition': {
          const cls = this.model.parent(this.model.parent(n) ?? n);
          const name = propertyKeyName(n.key, n.computed);
          const fn = n.value;
          if (cls && name !== undefined && fn && FUNCTION_TYPES.has(fn.type)) {
            let m = idx.classMethods.get(cls);
            if (!m) idx.classMethods.set(cls, (m = new Map()));
            m.set((n.static ? 'static:' : '') + name, fn);
          }
          break;
        }
        case 'ImportDeclaration':
          if (typeof n.source.value === 'string' && this.model.specOf(n.source.value).startsWith('.')) idx.hasRelativeImport = true;
          break;
        case 'ExportNamedDeclaration':
        case 'ExportDefaultDeclaration':
          this.recordExport(n, idx);
          break;
        default:
          if (n.type === 'Identifier' && n.name === 'require') idx.hasRelativeImport = true;
      }
    }
    return idx;
  }

  private recordSetter(d: TSESTree.VariableDeclarator, idx: Index): void {
    if (d.id.type !== 'ArrayPattern' || !d.init || d.init.type !== 'CallExpression') return;
    const ref = this.model.resolve(d.init.callee);
    if (!ref || !ref.module || !REACT_STATE.test(ref.module) || pathToString(ref.path) !== 'useState') return;
    const [state, setter] = d.id.elements;
    if (state && setter && state.type === 'Identifier' && setter.type === 'Identifier') idx.setters.set(setter, state);
  }

  private recordExport(n: TSESTree.ExportNamedDeclaration | TSESTree.ExportDefaultDeclaration, idx: Index): void {
    const addClass = (cls: Node, prefix: string) => {
      const body = (cls as TSESTree.ClassDeclaration).body.body;
      for (const m of body) {
        if ((m.type === 'MethodDefinition' || m.type === 'PropertyDefinition') && m.value && FUNCTION_TYPES.has(m.value.type)) {
          const name = propertyKeyName(m.key, m.computed);
          if (name !== undefined) idx.exports.set(m.static ? `${prefix}.${name}`.replace(/^\./, '') : `${prefix}().${name}`, m.value);
        }
      }
    };
    const addValue = (name: string, v: Node | null | undefined) => {
      if (!v) return;
      if (FUNCTION_TYPES.has(v.type)) idx.exports.set(name, v);
      else if (v.type === 'ClassDeclaration' || v.type === 'ClassExpression') addClass(v, name);
      else if (v.type === 'NewExpression' && v.callee.type === 'Identifier') {
        const b = this.lookup(v.callee.name, v);
        if (b && b.kind === 'local' && (b.node.type === 'ClassDeclaration')) {
          const before = new Map(idx.exports);
          addClass(b.node, '\u0001');
          for (const [k, fn] of idx.exports) if (!before.has(k) && k.startsWith('\u0001().')) idx.exports.set((name ? name + '.' : '') + k.slice(4), fn);
          for (const k of [...idx.exports.keys()]) if (k.startsWith('\u0001')) idx.exports.delete(k);
        }
      } else if (v.type === 'Identifier') {
        const b = this.lookup(v.name, v);
        if (b?.kind === 'local') addValue(name, b.node);
        else if (b?.kind === 'var' && b.init && !b.path.length) addValue(name, b.init);
      }
    };
    if (n.type === 'ExportDefaultDeclaration') {
      addValue('', n.declaration as Node);
      return;
    }
    const d = n.declaration;
    if (d) {
      if (d.type === 'FunctionDeclaration' && d.id) addValue(d.id.name, d);
      else if (d.type === 'ClassDeclaration' && d.id) addClass(d, d.id.name);
      else if (d.type === 'VariableDeclaration') for (const v of d.declarations) if (v.id.type === 'Identifier') addValue(v.id.name, v.init);
    }
    if (!n.source) {
      for (const s of n.specifiers) {
        if (s.type !== 'ExportSpecifier' || s.local.type !== 'Identifier') continue;
        const exported = s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value);
        addValue(exported === 'default' ? '' : exported, s.local);
      }
    }
  }

  /** `module.exports = fn`, `module.exports = { a, b }`, `exports.a = fn`. */
  private recordCommonJsExport(n: TSESTree.AssignmentExpression, idx: Index): void {
    const l = n.left;
    if (l.type !== 'MemberExpression') return;
    const text = memberText(l);
    const r = n.right;
    const fnOf = (v: Node): Node | undefined => (FUNCTION_TYPES.has(v.type) ? v : v.type === 'Identifier' ? this.fnOf(v) : undefined);
    if (text === 'module.exports') {
      if (r.type === 'ObjectExpression') {
        for (const p of r.properties) {
          if (p.type !== 'Property') continue;
          const name = propertyKeyName(p.key, p.computed);
          const fn = fnOf(p.value as Node);
          if (name !== undefined && fn) idx.exports.set(name, fn);
        }
      } else {
        const fn = fnOf(r);
        if (fn) idx.exports.set('', fn);
      }
    } else if (text && /^(module\.)?exports\.\w+$/.test(text)) {
      const fn = fnOf(r);
      if (fn) idx.exports.set(text.split('.').pop()!, fn);
    }
  }

  // ---------------------------------------------------------------- fixpoint

  /**
   * Rounds over every assignment, call and return until the facts are stable. A round whose reads all saw
   * their fact's final value (no fact grew after it was read, and no stored callback was registered) would
   * compute the same in another round, so it is the last: evaluation depends only on the facts it reads.
   */
  run(): void {
    this.seedIncoming();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      this.memo = new Map();
      this.reads = new Map();
      this.stale = false;
      const callbacks = this.callbackCount();
      this.round();
      checkBudget();
      if (!this.stale && this.callbackCount() === callbacks) break;
    }
    this.memo = new Map();
    this.reads = new Map();
  }

  private callbackCount(): number {
    let n = 0;
    for (const l of this.callbackFields.values()) n += l.length;
    return n;
  }

  /** Exported functions receive what other files pass them (from the workspace summaries). */
  private seedIncoming(): void {
    const sums = this.ctx.summaries;
    if (!sums || this.mode !== 'link') return;
    for (const [name, fn] of this.idx.exports) {
      const params = (fn as TSESTree.FunctionLike).params ?? [];
      for (let i = 0; i < params.length; i++) {
        const inc = sums.incoming(this.ctx.file, name, i);
        if (inc.length) this.addTo(this.paramIn, pkey(fn, i), this.fromSummary(inc));
      }
    }
  }

  private round(): void {
    for (const a of this.idx.assignments) this.flowAssignment(a);
    for (const f of this.idx.forOfs) {
      const left = f.left.type === 'VariableDeclaration' ? f.left.declarations[0]?.id : f.left;
      if (!left) continue;
      const t = this.applyPath(this.eval(f.right as Node), ['*']);
      for (const [id, p] of patternIds(left as Node, [])) this.addTo(this.varT, id, this.step(this.applyPath(t, p, id), `'${id.name}'`, id));
    }
    for (const c of this.idx.calls) this.flowCall(c);
    for (const [fn, rets] of this.idx.returns) {
      for (const r of rets) this.addTo(this.retT, fn, this.eval(r));
    }
  }

  private flowAssignment(a: TSESTree.AssignmentExpression): void {
    const l = a.left;
    if (l.type === 'Identifier') {
      const b = this.lookup(l.name, l);
      if (b && (b.kind === 'var' || b.kind === 'param')) this.addTo(this.varT, b.id, this.step(this.eval(a.right), `'${l.name}'`, l));
      return;
    }
    if (l.type === 'ObjectPattern' || l.type === 'ArrayPattern') {
      const t = this.eval(a.right);
      for (const [id, p] of patternIds(l, [])) {
        const b = this.lookup(id.name, id);
        if (b && (b.kind === 'var' || b.kind === 'param')) this.addTo(this.varT, b.id, this.step(this.applyPath(t, p, id), `'${id.name}'`, id));
      }
      return;
    }
    if (l.type === 'MemberExpression') {
      if (l.object.type === 'ThisExpression') this.recordCallbackField(l, a.right);
      const t = this.eval(a.right);
      if (!t.size) return;
      if (l.object.type === 'ThisExpression') {
        const prop = propertyName(l);
        const cls = this.enclosingClass(l);
        if (prop !== undefined && cls) this.addTo(this.fieldT, fkey(cls, prop), this.step(t, `this.${prop}`, l));
        return;
      }
      const root = rootObject(l);
      if (root.type === 'ThisExpression') {
        const first = firstMember(l);
        const cls = this.enclosingClass(l);
        const prop = first && propertyName(first);
        if (cls && prop !== undefined) this.addTo(this.fieldT, fkey(cls, prop), this.step(this.whole(t), `this.${prop}`, l));
        return;
      }
      if (root.type === 'Identifier') {
        const b = this.lookup(root.name, root);
        if (b && (b.kind === 'var' || b.kind === 'param')) this.addTo(this.varT, b.id, this.step(this.whole(t), memberText(l) ?? `'${root.name}'`, l));
      }
    }
  }

  private flowCall(c: TSESTree.CallExpression | TSESTree.NewExpression): void {
    const args = c.arguments as Node[];
    // Sources that hand the value to a callback.
    for (const sm of this.matchedSources(c)) {
      for (const y of sm.source.yields) {
        if (y.at !== 'callback') continue;
        const targets = y.arg === 'any' || y.arg === undefined ? args : [args[y.arg]];
        for (const arg of targets) {
          if (!arg) continue;
          const t = this.sourceSet(c, sm.source, sm.callee, y.only);
          this.passToCallback(arg, y.param ?? 0, t);
        }
      }
    }
    const callee = unwrap(c.callee as Node);
    // React useState setter: setPos(p) stores p in pos.
    if (c.type === 'CallExpression' && callee.type === 'Identifier') {
      const b = this.lookup(callee.name, callee);
      if (b && b.kind === 'var' && this.idx.setters.has(b.id) && args[0]) {
        const state = this.idx.setters.get(b.id)!;
        const fn = this.fnOf(args[0]);
        const t = fn ? (this.fact(this.retT, fn) ?? EMPTY) : this.eval(args[0]);
        this.addTo(this.varT, state, this.step(t, `${callee.name}()`, c));
      }
      // Calling a callback parameter: cb(pos) passes pos to whatever the caller gave.
      if (b && b.kind === 'param' && !b.path.length) args.forEach((a, i) => this.addTo(this.cbFacts, ckey(b.fn, b.index, i), this.eval(a)));
      // `this.listeners.forEach((l) => l(pos))`, `for (const l of this.listeners) l(pos)`: a stored callback.
      const field = b ? this.listenerField(b) : undefined;
      if (field) this.callStoredCallbacks(field, args);
    }
    if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression') {
      const prop = propertyName(callee);
      const cls = this.enclosingClass(callee);
      if (prop !== undefined && cls && !this.idx.classMethods.get(cls)?.has(prop)) this.callStoredCallbacks(fkey(cls, prop), args);
    }
    if (callee.type === 'MemberExpression' && /^(push|add|set)$/.test(propertyName(callee) ?? '') && unwrap(callee.object as Node).type === 'MemberExpression') {
      const target = unwrap(callee.object as Node) as TSESTree.MemberExpression;
      if (target.object.type === 'ThisExpression') for (const a of args) this.recordCallbackField(target, a);
    }
    // Local function (or method) calls: arguments flow into parameters, callbacks receive what the callee passes them.
    const fn = c.type === 'CallExpression' ? this.fnOf(callee) : this.constructorOf(callee);
    if (fn) {
      const name = calleeName(callee);
      args.forEach((a, i) => this.addTo(this.paramIn, pkey(fn, i), this.step(this.eval(a), `${name}()`, a)));
      args.forEach((a, i) => {
        for (let p = 0; p < 4; p++) {
          const cb = this.fact(this.cbFacts, ckey(fn, i, p));
          if (cb) this.passToCallback(a, p, this.subst(cb, fn, args));
        }
      });
    }
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      const recv = callee.object as Node;
      // Promises and observables hand their value to the callback: `.then(p => …)`, `.subscribe(p => …)`.
      if ((method === 'then' || method === 'subscribe') && args[0]) this.passToCallback(args[0], 0, this.eval(recv));
      if (method && ITERATION.has(method) && args[0]) this.passToCallback(args[0], 0, this.applyPath(this.eval(recv), ['*']));
      if (method === 'reduce' && args[0]) this.passToCallback(args[0], 1, this.applyPath(this.eval(recv), ['*']));
      // Containers and subjects: `trail.push(p)`, `map.set(k, p)`, `this.position$.next(p)`, `subscriber.next(p)`.
      if (method && /^(push|unshift|add|set|splice|append|next)$/.test(method)) {
        const root = rootObject(callee.object as Node);
        const vals = method === 'set' || method === 'append' ? args.slice(1) : method === 'splice' ? args.slice(2) : args;
        const t = this.union(vals.map((v) => this.whole(this.eval(v))));
        if (t.size && root.type === 'Identifier') {
          const b = this.lookup(root.name, root);
          if (b && (b.kind === 'var' || b.kind === 'param')) this.addTo(this.varT, b.id, this.step(t, `${root.name}.${method}()`, c));
        } else if (t.size && root.type === 'ThisExpression') {
          const first = firstMember(callee.object as Node);
          const cls = this.enclosingClass(c);
          const prop = first && propertyName(first);
          if (cls && prop !== undefined) this.addTo(this.fieldT, fkey(cls, prop), this.step(t, `this.${prop}.${method}()`, c));
        }
      }
    }
    // Other files: arguments to an imported function, and callbacks it calls.
    const ext = this.importedTarget(callee);
    if (ext) {
      if (this.mode === 'summary') {
        args.forEach((a, i) => {
          const t = this.toSummary(this.step(this.eval(a), `${calleeName(callee)}()`, a), undefined);
          if (!t.length) return;
          // Each round re-records the call; a round that adds nothing would only repeat the entry (and its size).
          const site = `${c.range[0]}:${c.range[1]}:${i}`;
          if (sameJson(this.lastCallTaint.get(site), t)) return;
          this.lastCallTaint.set(site, t);
          this.summaryCalls.push({ module: ext.module, name: ext.name, param: i, taint: t });
        });
      }
      args.forEach((a, i) => {
        for (let p = 0; p < 3; p++) {
          const t = this.extElem({ via: 'callback', module: ext.module, name: ext.name, arg: i, param: p });
          if (t.size) this.passToCallback(a, p, t);
        }
      });
    }
  }

  readonly summaryCalls: FileSummary['calls'] = [];
  /** The taint last recorded per call site and argument (summary mode), to skip exact repeats. */
  private readonly lastCallTaint = new Map<string, SElem[]>();

  /** `this.prop = cb` / `this.prop.push(cb)` where cb is a parameter: remember which parameter the field holds. */
  private recordCallbackField(member: TSESTree.MemberExpression, value: Node): void {
    const v = unwrap(value);
    if (v.type !== 'Identifier') return;
    const b = this.lookup(v.name, v);
    const prop = propertyName(member);
    const cls = this.enclosingClass(member);
    if (!b || b.kind !== 'param' || b.path.length || prop === undefined || !cls) return;
    const key = fkey(cls, prop);
    const list = this.callbackFields.get(key) ?? [];
    if (!list.some((x) => x.fn === b.fn && x.index === b.index)) list.push({ fn: b.fn, index: b.index });
    this.callbackFields.set(key, list);
  }

  /** A stored callback is called: what it receives flows to the callers that registered it. */
  private callStoredCallbacks(field: string, args: Node[]): void {
    const regs = this.callbackFields.get(field);
    if (!regs) return;
    args.forEach((a, i) => {
      const t = this.eval(a);
      for (const r of regs) this.addTo(this.cbFacts, ckey(r.fn, r.index, i), t);
    });
  }

  /** The callback field a loop variable or iteration parameter ranges over (`this.listeners`), if any. */
  private listenerField(b: NonNullable<ReturnType<FileModel['lookup']>>): string | undefined {
    let over: Node | undefined;
    if (b.kind === 'param' && b.index === 0 && !b.path.length) {
      const call = this.model.parent(b.fn);
      if (call?.type === 'CallExpression' && call.arguments[0] === b.fn && call.callee.type === 'MemberExpression' && propertyName(call.callee) === 'forEach') over = call.callee.object as Node;
    } else if (b.kind === 'var' && !b.init) {
      const decl = this.model.parent(this.model.parent(b.id) ?? b.id);
      if (decl?.type === 'ForOfStatement') over = decl.right as Node;
    }
    const o = over && unwrap(over);
    if (!o || o.type !== 'MemberExpression' || o.object.type !== 'ThisExpression') return undefined;
    const prop = propertyName(o);
    const cls = this.enclosingClass(o);
    return prop !== undefined && cls ? fkey(cls, prop) : undefined;
  }

  /** A value handed to a callback argument: its parameter (or, if it is our own parameter, our caller's callback). */
  private passToCallback(arg: Node, param: number, t: TSet): void {
    if (!t.size) return;
    const fn = this.fnOf(arg);
    if (fn) {
      this.addTo(this.paramIn, pkey(fn, param), t);
      return;
    }
    const a = unwrap(arg);
    if (a.type === 'Identifier') {
      const b = this.lookup(a.name, a);
      if (b && b.kind === 'param' && !b.path.length) this.addTo(this.cbFacts, ckey(b.fn, b.index, param), t);
    }
  }

  // ---------------------------------------------------------------- evaluation

  private readonly bindings = new Map<Node, ReturnType<FileModel['lookup']> | null>();

  /** Scope lookup, cached per identifier node (the fixpoint asks the same questions every round). */
  private lookup(name: string, at: Node): ReturnType<FileModel['lookup']> {
    const hit = this.bindings.get(at);
    if (hit !== undefined) return hit ?? undefined;
    const b = this.model.lookup(name, at);
    this.bindings.set(at, b ?? null);
    return b;
  }

  private readonly stepLabels = new Map<Node, Map<string, string>>();

  /** The taint an expression carries, from the current facts. */
  eval(node: Node | null | undefined): TSet {
    if (!node) return EMPTY;
    const m = this.memo.get(node);
    if (m) return m;
    if (this.evalDepth > 60) return EMPTY;
    this.memo.set(node, EMPTY); // cycle guard
    this.evalDepth++;
    let r: TSet;
    try {
      r = this.evalUncached(node);
    } finally {
      this.evalDepth--;
    }
    this.memo.set(node, r);
    return r;
  }

  private evalUncached(n: Node): TSet {
    switch (n.type) {
      case 'Identifier':
        return this.evalIdentifier(n);
      case 'MemberExpression': {
        if (n.object.type === 'ThisExpression') {
          const prop = propertyName(n);
          const cls = this.enclosingClass(n);
          return prop !== undefined && cls ? (this.fact(this.fieldT, fkey(cls, prop)) ?? EMPTY) : EMPTY;
        }
        const seg = propertyName(n) ?? '*';
        return this.applyPath(this.eval(n.object as Node), [seg], n);
      }
      case 'ChainExpression':
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
        return this.eval(n.expression as Node);
      case 'AwaitExpression':
        return this.eval(n.argument);
      case 'CallExpression':
      case 'NewExpression':
        return this.evalCall(n);
      case 'ObjectExpression':
        return this.union(
          n.properties.map((p) => {
            if (p.type === 'SpreadElement') return this.whole(this.eval(p.argument));
            if (p.type === 'Property' && !FUNCTION_TYPES.has(p.value.type)) return this.step(this.whole(this.eval(p.value as Node)), `{ ${propertyKeyName(p.key, p.computed) ?? '…'} }`, p);
            return EMPTY;
          }),
        );
      case 'ArrayExpression':
        return this.union(n.elements.map((e) => (e ? this.whole(this.eval(e.type === 'SpreadElement' ? e.argument : e)) : EMPTY)));
      case 'TemplateLiteral':
        return this.union(n.expressions.map((e) => this.whole(this.eval(e as Node))));
      case 'TaggedTemplateExpression':
        return this.union(n.quasi.expressions.map((e) => this.whole(this.eval(e as Node))));
      case 'BinaryExpression':
        if (/^([-+*/%&|^]|\*\*|<<|>>>?)$/.test(n.operator)) return this.union([this.whole(this.eval(n.left as Node)), this.whole(this.eval(n.right))]);
        return EMPTY;
      case 'UnaryExpression':
        return n.operator === '-' || n.operator === '+' ? this.whole(this.eval(n.argument)) : EMPTY;
      case 'LogicalExpression':
        return this.union([this.eval(n.left), this.eval(n.right)]);
      case 'ConditionalExpression':
        return this.union([this.eval(n.consequent), this.eval(n.alternate)]);
      case 'AssignmentExpression':
        return this.eval(n.right);
      case 'SequenceExpression':
        return this.eval(n.expressions[n.expressions.length - 1]);
      default:
        return EMPTY;
    }
  }

  private evalIdentifier(id: TSESTree.Identifier): TSet {
    const b = this.lookup(id.name, id);
    if (!b) return EMPTY;
    if (b.kind === 'var') {
      const facts = this.fact(this.varT, b.id) ?? EMPTY;
      // resolve.ts lets a later `x = …` stand in for a missing initialiser; assignments are facts here.
      if (!b.init || this.model.parent(b.init)?.type !== 'VariableDeclarator') return facts;
      const init = this.step(this.applyPath(this.eval(b.init), b.path, b.id), `'${b.id.type === 'Identifier' ? b.id.name : id.name}'`, b.id);
      return facts.size ? this.union([init, facts]) : init;
    }
    if (b.kind === 'param') {
      const p: PElem = { t: 'p', key: '', fn: b.fn, index: b.index, path: b.path.slice(0, MAX_PATH), whole: false, chain: [], ...(b.path.length ? { site: b.id } : {}) };
      p.key = elemKey(p);
      const facts = this.fact(this.varT, b.id);
      const own = new Map<string, Elem>([[p.key, p]]);
      return facts ? this.union([own, facts]) : own;
    }
    return EMPTY;
  }

  private evalCall(c: TSESTree.CallExpression | TSESTree.NewExpression): TSet {
    const parts: TSet[] = [];
    const args = c.arguments as Node[];
    for (const sm of this.matchedSources(c)) {
      for (const y of sm.source.yields) if (y.at === 'result') parts.push(this.sourceSet(c, sm.source, sm.callee, y.only));
    }
    const callee = unwrap(c.callee as Node);
    // `client.send(new IndexFacesCommand(…))`: the command's result.
    if (c.type === 'CallExpression' && callee.type === 'MemberExpression' && propertyName(callee) === 'send' && args[0]?.type === 'NewExpression') {
      for (const sm of this.matchedSources(args[0] as TSESTree.NewExpression)) {
        for (const y of sm.source.yields) if (y.at === 'sendResult') parts.push(this.sourceSet(args[0], sm.source, sm.callee, y.only));
      }
    }
    if (c.type === 'NewExpression' && callee.type === 'Identifier' && callee.name === 'Promise' && this.model.isGlobal('Promise', callee) && args[0]) {
      const exec = this.fnOf(args[0]);
      if (exec) parts.push(this.fact(this.cbFacts, ckey(exec, 0, 0)) ?? EMPTY);
    }
    // `new Observable((subscriber) => … subscriber.next(pos))`: what is emitted.
    if (c.type === 'NewExpression' && args[0] && this.model.resolve(callee)?.module === 'rxjs') {
      const exec = this.fnOf(args[0]);
      const sub = exec && (exec as TSESTree.FunctionLike).params[0];
      if (sub && sub.type === 'Identifier') parts.push(this.fact(this.varT, sub) ?? EMPTY);
    }
    const fn = c.type === 'CallExpression' ? this.fnOf(callee) : undefined;
    if (fn) parts.push(this.step(this.subst(this.fact(this.retT, fn) ?? EMPTY, fn, args), `${calleeName(callee)}() returns it`, c));
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      const recv = this.eval(callee.object as Node);
      if (method === 'then' && args[0]) {
        const cb = this.fnOf(args[0]);
        if (cb) parts.push(this.fact(this.retT, cb) ?? EMPTY);
      } else if ((method === 'map' || method === 'flatMap') && args[0]) {
        const cb = this.fnOf(args[0]);
        if (cb) parts.push(this.fact(this.retT, cb) ?? EMPTY);
      } else if (method && PASS_THROUGH_METHODS.has(method)) parts.push(recv);
      else if (recv.size) parts.push(this.whole(recv));
    }
    const ext = this.importedTarget(callee);
    if (ext) parts.push(this.step(this.extElem({ via: 'return', module: ext.module, name: ext.name, args: this.mode === 'summary' ? reachableArgs(args.map((a) => this.toSummary(this.eval(a), undefined))) : [] }, args), `${ext.name || 'default'}() returns it`, c));
    else if (this.propagates(callee, c)) parts.push(this.union(args.map((a) => this.whole(this.eval(a)))));
    return this.union(parts);
  }

  /** Library and built-in calls whose result carries their arguments (`JSON.stringify`, `geohash.encode`). */
  private propagates(callee: Node, c: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    if (!c.arguments.length) return false;
    const ref = this.model.resolve(callee);
    if (!ref) {
      // A relative import without a summary: assume a helper that transforms its input.
      return this.relativeImportOf(callee) !== undefined;
    }
    if (ref.global) return PROPAGATING_GLOBALS.test(pathToString(ref.path));
    if (!ref.module || ref.module.startsWith('.')) return ref.module !== undefined && this.mode === 'local';
    return !OPAQUE_MODULES.test(ref.module);
  }

  // ---------------------------------------------------------------- cross-file

  /** `save(…)`, `svc.watch(…)`, `loc.get()` where the callee comes from a relative import that the summaries know. */
  private importedTarget(callee: Node): { module: string; name: string } | undefined {
    if (this.mode === 'local') return undefined;
    const rel = this.relativeImportOf(callee);
    if (!rel) return undefined;
    let file = this.specCache.get(rel.spec);
    if (file === undefined && !this.specCache.has(rel.spec)) {
      file = this.mode === 'summary' ? this.resolveSpec?.(rel.spec) : this.ctx.summaries?.resolveModule(this.ctx.file, rel.spec);
      this.specCache.set(rel.spec, file);
    }
    return file ? { module: file, name: rel.name } : undefined;
  }

  private relativeImportOf(callee: Node): { spec: string; name: string } | undefined {
    const ref = this.model.resolve(callee);
    if (!ref || !ref.module || !ref.module.startsWith('.')) return undefined;
    return { spec: ref.module, name: pathToString(ref.path) };
  }

  /** A reference into another file: symbolic while summarising, expanded to origins when linking. */
  private extElem(ref: ExtRef, args?: Node[]): TSet {
    if (this.mode === 'summary') {
      const x: XElem = { t: 'x', key: '', ref, path: [], whole: false, chain: [] };
      x.key = elemKey(x);
      return new Map([[x.key, x]]);
    }
    const sums = this.ctx.summaries;
    if (!sums) return EMPTY;
    const target = sums.canonical(ref.module, ref.name);
    const s = sums.files.get(target.module);
    if (ref.via === 'return') {
      const rets = s?.exports[target.name]?.returns ?? [];
      const out: Elem[] = [];
      for (const e of rets) {
        if (e.t === 'q') {
          const a = args?.[e.index];
          if (!a) continue;
          for (const v of this.applyPath(this.eval(a), e.path).values()) out.push(v);
        } else for (const c of sums.origins(e)) out.push(cElem(c));
      }
      return toSet(out);
    }
    return toSet(sums.expand(ref).map(cElem));
  }

  private fromSummary(elems: SElem[]): TSet {
    const sums = this.ctx.summaries!;
    return toSet(elems.flatMap((e) => sums.origins(e)).map(cElem));
  }

  /** Converts a taint set to summary form; `own` parameters stay symbolic, other local parameters are expanded. */
  private toSummary(t: TSet, own: Node | undefined, seen = new Set<string>()): SElem[] {
    const out: SElem[] = [];
    for (const e of t.values()) {
      if (e.t === 'c') out.push({ ...stripKey(e), chain: this.fileChain(e.chain) });
      else if (e.t === 'x') out.push({ ...stripKey(e), chain: this.fileChain(e.chain) });
      else if (e.fn === own) out.push({ t: 'q', index: e.index, path: e.path, whole: e.whole, chain: this.fileChain(e.chain) });
      else {
        const exportName = this.exportNameOf(e.fn);
        if (exportName !== undefined) {
          out.push({ t: 'x', ref: { via: 'incoming', module: this.ctx.file, name: exportName, param: e.index }, path: e.path, whole: e.whole, chain: this.fileChain(e.chain) });
        }
        if (seen.has(e.key)) continue;
        seen.add(e.key);
        const inc = this.fact(this.paramIn, pkey(e.fn, e.index));
        if (inc) out.push(...this.toSummary(this.wrapP(inc, e), own, seen));
      }
    }
    return out.slice(0, 24);
  }

  /** Chain steps leave this file with its name: `'pos' (line 6)` → `'pos' (src/a.ts:6)`. */
  private fileChain(chain: string[]): string[] {
    return chain.length ? chain.map((c) => this.fileStep(c)) : chain;
  }

  /** Each step text is rewritten once (the same steps recur in many elements). */
  private fileStep(step: string): string {
    let r = this.fileSteps.get(step);
    if (r === undefined) this.fileSteps.set(step, (r = step.replace(/\(line (\d+)\)$/, `(${this.ctx.file}:$1)`)));
    return r;
  }

  private readonly fileSteps = new Map<string, string>();

  private exportNameOf(fn: Node): string | undefined {
    for (const [k, v] of this.idx.exports) if (v === fn) return k;
    return undefined;
  }

  summary(): FileSummary {
    const exports: FileSummary['exports'] = {};
    for (const [name, fn] of this.idx.exports) {
      const returns = this.toSummary(this.fact(this.retT, fn) ?? EMPTY, fn);
      const callbacks: FileSummary['exports'][string]['callbacks'] = [];
      for (let i = 0; i < 4; i++) {
        for (let p = 0; p < 3; p++) {
          const t = this.fact(this.cbFacts, ckey(fn, i, p));
          if (t?.size) callbacks.push({ arg: i, param: p, taint: this.toSummary(t, fn) });
        }
      }
      if (returns.length || callbacks.length) exports[name] = { returns, callbacks };
    }
    const imports = new Set<string>();
    for (const n of [...this.model.moduleRefs, ...this.model.calls]) {
      const raw = n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || (n.type === 'ExportNamedDeclaration' && n.source) ? String((n as TSESTree.ImportDeclaration).source.value) : n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal' ? String(n.arguments[0].value) : undefined;
      const spec = raw === undefined ? undefined : this.model.specOf(raw);
      const f = spec?.startsWith('.') ? this.resolveSpec?.(spec) : undefined;
      if (f) imports.add(f);
    }
    const reexports: NonNullable<FileSummary['reexports']> = [];
    for (const n of this.model.nodes) {
      if (n.type === 'ExportAllDeclaration' && !n.exported) {
        const f = this.resolveSpec?.(this.model.specOf(String(n.source.value)));
        if (f) reexports.push({ name: '*', module: f, imported: '*' });
      } else if (n.type === 'ExportNamedDeclaration' && n.source) {
        const f = this.resolveSpec?.(this.model.specOf(String(n.source.value)));
        if (!f) continue;
        for (const sp of n.specifiers) {
          if (sp.type !== 'ExportSpecifier') continue;
          const local = sp.local.type === 'Identifier' ? sp.local.name : String(sp.local.value);
          const exported = sp.exported.type === 'Identifier' ? sp.exported.name : String(sp.exported.value);
          reexports.push({ name: exported === 'default' ? '' : exported, module: f, imported: local === 'default' ? '' : local });
        }
      }
    }
    return { file: this.ctx.file, exports, calls: this.summaryCalls, models: mongooseModels(this.model, this.idx.exports, this.ctx.text), imports: [...imports], values: exportedValues(this.model), reexports, names: [...this.idx.exports.keys()] };
  }

  // ---------------------------------------------------------------- sinks

  /** Resolves a set to its concrete origins, expanding parameters through their call sites. */
  concrete(t: TSet, seen = new Set<string>(), depth = 0): CElem[] {
    const out: CElem[] = [];
    if (depth > 12) return out;
    for (const e of t.values()) {
      if (e.t === 'c') {
        if (!e.only) out.push(e);
      } else if (e.t === 'p') {
        if (seen.has(e.key)) continue;
        seen.add(e.key);
        const inc = this.fact(this.paramIn, pkey(e.fn, e.index));
        if (inc) out.push(...this.concrete(this.wrapP(inc, e), seen, depth + 1));
      } else if (this.mode === 'link' && this.ctx.summaries) {
        for (const c of this.ctx.summaries.expand(e.ref)) {
          const moved = applyPathC(c, e.path);
          if (moved && !moved.only) out.push(cElem({ ...moved, chain: [...moved.chain, ...e.chain] }));
        }
      }
    }
    return out;
  }

  /** Applies a parameter element's path, wholeness and chain to what flowed into the parameter. */
  private wrapP(inc: TSet, p: { path: string[]; whole: boolean; chain: string[]; site?: Node }): TSet {
    let t = this.applyPath(inc, p.path, p.site);
    if (p.whole) t = this.whole(t);
    if (!p.chain.length) return t;
    const out: TSet = new Map();
    for (const e of t.values()) out.set(e.key, { ...e, chain: [...e.chain, ...p.chain].slice(0, MAX_CHAIN + 2) } as Elem);
    return out;
  }

  private tainted?: Array<TSESTree.CallExpression | TSESTree.NewExpression>;

  /** Calls with an argument that carries taint: the only sink candidates (most calls carry none). */
  private taintedCalls(): Array<TSESTree.CallExpression | TSESTree.NewExpression> {
    this.tainted ??= this.idx.calls.filter((c) => (c.arguments as Node[]).some((a) => this.eval(a).size > 0));
    return this.tainted;
  }

  /** Whether the file has a call or assignment that matcher `m` can end at, tainted or not (a static check). */
  hasSink(m: CompiledMatcher): boolean {
    const f = m.flow!;
    if (f.to && this.idx.calls.some((c) => this.matchSink(c, f.to!) !== undefined)) return true;
    return !!f.assign && this.idx.assignments.some((a) => this.assignSink(a, f.assign!) !== undefined);
  }

  /** What an assignment writes to when it is a sink of the matcher (`assign`: `document.cookie = …`). */
  private assignSink(a: TSESTree.AssignmentExpression, to: NonNullable<NonNullable<CompiledMatcher['flow']>['assign']>): Ref | undefined {
    if (a.left.type !== 'MemberExpression') return undefined;
    const ref = this.model.resolve(a.left);
    return ref && refMatchesTarget(ref, to.modules, to.global) && to.paths.some((p) => p.match(ref.path)) ? ref : undefined;
  }

  sinkHits(m: CompiledMatcher): Hit[] {
    const f = m.flow!;
    const kinds = new Set(f.from);
    const hits: Hit[] = [];
    const seenCalls = new Set<Node>();
    if (f.to) {
      for (const c of this.taintedCalls()) {
        checkBudget(); // per sink candidate: the bounded-store checks scan the file
        if (seenCalls.has(c)) continue;
        const ref = this.matchSink(c, f.to);
        if (!ref) continue;
        const args = c.arguments as Node[];
        const indexes = f.arg === 'any' ? args.map((_, i) => i) : [f.arg];
        for (const i of indexes) {
          const arg = args[i];
          if (!arg) continue;
          const origins = this.concrete(this.whole(this.eval(arg))).filter((e) => kinds.has(e.origin.kind));
          if (!origins.length) continue;
          const callee = pathToString(ref.path);
          const sink = { node: c, arg, argIndex: i, ref, sink: f.sink ?? '', callee, serverOrigin: origins.some((o) => o.origin.server === true) };
          // A path from a default import (`database().ref().set`: '().ref().set') reads better from its local name.
          const shown = this.calleeText(c) ?? (callee.startsWith('()') ? rootName(c) + callee : callee);
          if (isBoundedSink(this.model, sink, this.ctx)) continue;
          const host = destinationHost(this.model, sink, this.ctx);
          if (f.sink === 'network' && !host) continue; // relative or unknown URL: the app's own origin as far as we can tell
          seenCalls.add(c);
          hits.push(this.hit(c, origins, { callee: shown, module: ref.global ? 'global' : (ref.module ?? ''), argIndex: String(i), host: host ?? '', sink: f.sink ?? '' }, callee));
          break;
        }
      }
    }
    if (f.assign) {
      for (const a of this.idx.assignments) {
        checkBudget();
        const ref = this.assignSink(a, f.assign);
        if (!ref) continue;
        const origins = this.concrete(this.whole(this.eval(a.right))).filter((e) => kinds.has(e.origin.kind));
        if (!origins.length) continue;
        const callee = pathToString(ref.path);
        const sink = { node: a, arg: a.right, argIndex: 0, ref, sink: f.sink ?? '', callee, serverOrigin: origins.some((o) => o.origin.server === true) };
        if (isBoundedSink(this.model, sink, this.ctx)) continue;
        hits.push(this.hit(a, origins, { callee, module: 'global', argIndex: '0', host: '', sink: f.sink ?? '' }, callee));
      }
    }
    return hits;
  }

  private readonly sinkRefs = new Map<Node, Ref[]>();
  private readonly specCache = new Map<string, string | undefined>();

  /**
   * What a call's callee can stand for, computed once per call: its resolved path; a library object
   * imported from another file (`logger`, a Mongoose model, a Redis client) as that file's summary says;
   * an Express handler's untyped `res`/`req` as `Response()`/`Request()`.
   */
  private calleeRefs(c: TSESTree.CallExpression | TSESTree.NewExpression): Ref[] {
    let refs = this.sinkRefs.get(c);
    if (refs) return refs;
    refs = [];
    const callee = unwrap(c.callee as Node);
    const own = this.model.resolve(callee);
    if (own) refs.push(own);
    const sums = this.ctx.summaries;
    if (sums && own?.module?.startsWith('.')) {
      const v = sums.importedValue(this.ctx.file, own.module, own.path);
      if (v) refs.push({ module: v.module, path: v.path });
    }
    if (!own && callee.type === 'MemberExpression') {
      const base = this.handlerParamRef(rootObject(callee.object as Node));
      const path: string[] | undefined = base ? [...base.path] : undefined;
      const chain: Node[] = [];
      for (let n: Node = callee; n.type === 'MemberExpression'; n = n.object as Node) chain.unshift(n);
      for (const n of chain) {
        const p = propertyName(n as TSESTree.MemberExpression);
        if (p === undefined || !path) break;
        path.push(p);
      }
      if (base && path && path.length === base.path.length + chain.length) refs.push({ module: base.module, path });
    }
    this.sinkRefs.set(c, refs);
    return refs;
  }

  /** Whether a call is a sink of the matcher (`to`), through any of the callee's readings. */
  private matchSink(c: TSESTree.CallExpression | TSESTree.NewExpression, to: CompiledCall): Ref | undefined {
    if (to.isNew === true && c.type !== 'NewExpression') return undefined;
    if (to.isNew === false && c.type !== 'CallExpression') return undefined;
    for (const r of this.calleeRefs(c)) {
      if (!refMatchesTarget(r, to.modules, to.global) || !to.callees.some((p) => p.match(r.path))) continue;
      if (to.where.every((w) => checkArg(this.model, c, w))) return r;
    }
    return undefined;
  }

  /** `(req, res) => …` passed to `app.post(…)`: req is `Request()`, res is `Response()` of express. */
  private handlerParamRef(n: Node): Ref | undefined {
    if (n.type !== 'Identifier') return undefined;
    const b = this.lookup(n.name, n);
    if (!b || b.kind !== 'param' || b.index > 1 || b.path.length) return undefined;
    const call = this.model.parent(b.fn);
    if (!call || call.type !== 'CallExpression' || !call.arguments.includes(b.fn as TSESTree.CallExpressionArgument)) return undefined;
    const ref = this.model.resolve(call.callee);
    if (!ref || ref.module !== 'express') return undefined;
    return { module: 'express', path: [b.index === 0 ? 'Request' : 'Response', '()'] };
  }

  private hit(node: Node, origins: CElem[], vars: Record<string, string>, resolved: string): Hit {
    const first = origins[0];
    const related: RelatedLocation[] = [];
    const seen = new Set<string>();
    for (const o of origins) {
      const k = `${o.origin.file}:${o.origin.range.start.offset}`;
      if (seen.has(k) || related.length >= 3) continue;
      seen.add(k);
      related.push({ file: o.origin.file, range: o.origin.range, message: `${o.origin.label} obtained here (${o.origin.via})` });
    }
    const callNode = node.type === 'AssignmentExpression' ? node.left : node;
    const [start, end] = span(callNode);
    const sinkLine = this.lines.position(start).line;
    const o = first.origin;
    const where = o.file === this.ctx.file ? `line ${o.range.start.line}` : `${o.file}:${o.range.start.line}`;
    const chain = [`${o.label} from ${o.via} (${where})`, ...first.chain, `${vars.callee} (line ${sinkLine})`];
    return {
      node,
      call: node.type === 'AssignmentExpression' ? undefined : node,
      start,
      end,
      module: vars.module,
      callee: resolved,
      vars: { ...vars, source: o.label, sourceCall: o.via, kind: o.kind, hostSuffix: vars.host ? ` to '${vars.host}'` : '' },
      related,
      chain,
    };
  }

  // ---------------------------------------------------------------- helpers

  private matchedSources(c: TSESTree.CallExpression | TSESTree.NewExpression): ReturnType<typeof matchSources> {
    let r = this.sourceCache.get(c);
    if (!r) this.sourceCache.set(c, (r = this.sources.length ? matchSources(this.model, c, this.sources) : []));
    return r;
  }

  private sourceSet(c: Node, s: CompiledSource, callee: string, only: string[][] | undefined): TSet {
    const range = this.lines.range(...span(c));
    const e: CElem = { t: 'c', key: '', origin: { file: this.ctx.file, range, kind: s.kind, label: s.label, via: this.calleeText(c) ?? callee, ...(s.server ? { server: true } : {}) }, only, chain: [] };
    e.key = elemKey(e);
    return new Map([[e.key, e]]);
  }

  private calleeText(c: Node): string | undefined {
    return calleeText(this.ctx.text, c);
  }

  /** The function a callee or callback expression stands for, when it is declared in this file. */
  fnOf(node: Node | undefined, depth = 0): Node | undefined {
    if (!node || depth > 6) return undefined;
    const n = unwrap(node);
    if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') return n;
    if (n.type === 'Identifier') {
      const b = this.lookup(n.name, n);
      if (!b) return undefined;
      if (b.kind === 'local' && b.node.type === 'FunctionDeclaration') return b.node;
      if (b.kind === 'var' && b.init && !b.path.length) return this.fnOf(b.init, depth + 1);
      return undefined;
    }
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && propertyName(n.callee) === 'bind') return this.fnOf(n.callee.object as Node, depth + 1);
    if (n.type === 'MemberExpression') {
      const name = propertyName(n);
      if (name === undefined) return undefined;
      if (n.object.type === 'ThisExpression') {
        const cls = this.enclosingClass(n);
        return cls ? this.idx.classMethods.get(cls)?.get(name) : undefined;
      }
      const obj = unwrap(n.object as Node);
      if (obj.type === 'NewExpression') {
        const cls = this.localClass(obj.callee as Node);
        return cls ? this.idx.classMethods.get(cls)?.get(name) : undefined;
      }
      if (obj.type === 'Identifier') {
        const b = this.lookup(obj.name, obj);
        if (b?.kind === 'local' && (b.node.type === 'ClassDeclaration')) return this.idx.classMethods.get(b.node)?.get('static:' + name);
        if (b?.kind === 'var' && b.init && !b.path.length) {
          const init = unwrap(b.init);
          if (init.type === 'ObjectExpression') {
            for (const p of init.properties) if (p.type === 'Property' && propertyKeyName(p.key, p.computed) === name) return this.fnOf(p.value as Node, depth + 1);
          }
          if (init.type === 'NewExpression') {
            const cls = this.localClass(init.callee as Node);
            if (cls) return this.idx.classMethods.get(cls)?.get(name);
          }
        }
      }
    }
    return undefined;
  }

  private constructorOf(callee: Node): Node | undefined {
    const cls = this.localClass(callee);
    return cls ? this.idx.classMethods.get(cls)?.get('constructor') : undefined;
  }

  private localClass(n: Node): Node | undefined {
    const c = unwrap(n);
    if (c.type !== 'Identifier') return undefined;
    const b = this.lookup(c.name, c);
    return b?.kind === 'local' && b.node.type === 'ClassDeclaration' ? b.node : undefined;
  }

  private enclosingClass(n: Node): Node | undefined {
    let p = this.model.parent(n);
    while (p && p.type !== 'ClassBody') p = this.model.parent(p);
    return p ? this.model.parent(p) : undefined;
  }

  /** Substitutes a function's own parameters in its return set with the call's arguments. */
  private subst(t: TSet, fn: Node, args: Node[]): TSet {
    if (!t.size) return t;
    const out: TSet = new Map();
    for (const e of t.values()) {
      if (e.t === 'p' && e.fn === fn) {
        const a = args[e.index];
        if (!a) continue;
        for (const v of this.wrapP(this.eval(a), e).values()) out.set(v.key, v);
      } else out.set(e.key, e);
    }
    return out;
  }

  /**
   * Follows a property path into each element. `at` is the member expression or destructured name
   * doing it: a property-restricted origin (a request field) that it completes is re-anchored there,
   * so the related location shows the read of `req.body.lat` rather than the route registration.
   */
  applyPath(t: TSet, segs: readonly string[], at?: Node): TSet {
    if (!segs.length || !t.size) return t;
    const out: TSet = new Map();
    for (const e of t.values()) {
      if (e.t === 'c') {
        // `pos.timestamp`, `detection.box`: parts of a source value that are not the sensitive data.
        const skip = this.nonSensitive.get(e.origin.kind);
        if (skip && segs.some((g) => skip.has(g))) continue;
        const moved = applyPathC(e, segs);
        if (moved) {
          const m = { ...moved, key: '' } as CElem;
          if (at && e.only && !moved.only && e.origin.file === this.ctx.file) m.origin = { ...e.origin, range: this.lines.range(...span(at)) };
          m.key = elemKey(m);
          if (!out.has(m.key)) out.set(m.key, m);
        }
      } else {
        if (e.whole) {
          out.set(e.key, e);
          continue;
        }
        const m = { ...e, path: [...e.path, ...segs].slice(0, MAX_PATH), ...(at && e.t === 'p' ? { site: at } : {}) } as Elem;
        m.key = elemKey(m);
        if (!out.has(m.key)) out.set(m.key, m);
      }
    }
    return out;
  }

  /** The value used as a whole (stored, serialised, put in an object): property-restricted origins no longer apply. */
  whole(t: TSet): TSet {
    if (!t.size) return t;
    let changed = false;
    for (const e of t.values()) if ((e.t === 'c' && e.only) || (e.t !== 'c' && !e.whole)) changed = true;
    if (!changed) return t;
    const out: TSet = new Map();
    for (const e of t.values()) {
      if (e.t === 'c') {
        if (!e.only) out.set(e.key, e);
        continue;
      }
      if (e.whole) {
        out.set(e.key, e);
        continue;
      }
      const m = { ...e, whole: true } as Elem;
      m.key = elemKey(m);
      out.set(m.key, m);
    }
    return out;
  }

  private step(t: TSet, label: string, at: Node): TSet {
    if (!t.size) return t;
    let labels = this.stepLabels.get(at);
    if (!labels) this.stepLabels.set(at, (labels = new Map()));
    let s = labels.get(label);
    if (s === undefined) labels.set(label, (s = `${label} (line ${this.lines.position(at.range[0]).line})`));
    let changed = false;
    for (const e of t.values()) if (e.chain.length < MAX_CHAIN && e.chain[e.chain.length - 1] !== s) changed = true;
    if (!changed) return t;
    const out: TSet = new Map();
    for (const e of t.values()) out.set(e.key, e.chain.length >= MAX_CHAIN || e.chain[e.chain.length - 1] === s ? e : ({ ...e, chain: [...e.chain, s] } as Elem));
    return out;
  }

  private union(sets: TSet[]): TSet {
    const nonEmpty = sets.filter((s) => s.size);
    if (nonEmpty.length <= 1) return nonEmpty[0] ?? EMPTY;
    const out: TSet = new Map();
    for (const s of nonEmpty) for (const [k, v] of s) if (!out.has(k)) out.set(k, v);
    return out;
  }

  private addTo<K>(facts: Map<K, TSet>, key: K, t: TSet): void {
    if (!t.size) return;
    let cur = facts.get(key);
    if (!cur) facts.set(key, (cur = new Map()));
    const before = cur.size;
    for (const [k, v] of t) if (!cur.has(k) && cur.size < MAX_FACT) cur.set(k, v);
    // A fact that grows after this round read it: what was computed from it is stale, another round is needed.
    if (cur.size !== before && !this.stale && this.reads.get(facts)?.has(key)) this.stale = true;
  }

  /** Reads a fact, noting the read for the round's convergence test (see `run`). */
  private fact<K>(facts: Map<K, TSet>, key: K): TSet | undefined {
    let r = this.reads.get(facts);
    if (!r) this.reads.set(facts, (r = new Set()));
    r.add(key);
    return facts.get(key);
  }

  /** Facts read in the current round, per fact map. */
  private reads = new Map<Map<unknown, TSet>, Set<unknown>>();
  /** Set when a fact read in the current round grew afterwards. */
  private stale = false;
}

// ------------------------------------------------------------------ small helpers

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function pkey(fn: Node, i: number): string {
  return `${fn.range[0]}:${fn.range[1]}:${i}`;
}

function ckey(fn: Node, i: number, p: number): string {
  return `${fn.range[0]}:${fn.range[1]}:${i}:${p}`;
}

function fkey(cls: Node, prop: string): string {
  return `${cls.range[0]}:${prop}`;
}

function elemKey(e: Elem): string {
  if (e.t === 'c') return `c|${e.origin.kind}|${e.origin.file}|${e.origin.range.start.offset}|${e.only ? e.only.map((p) => p.join('.')).join(',') : ''}`;
  if (e.t === 'p') return `p|${e.fn.range[0]}|${e.index}|${e.path.join('.')}|${e.whole ? 1 : 0}`;
  let ref = refKeys.get(e.ref);
  if (ref === undefined) refKeys.set(e.ref, (ref = jsonPrefix(e.ref, 400)));
  return `x|${ref}|${e.path.join('.')}|${e.whole ? 1 : 0}`;
}

/** Key text of each reference (refs are shared, never mutated, and can nest other files' arguments deeply). */
const refKeys = new WeakMap<ExtRef, string>();

/** `JSON.stringify(v).slice(0, max)` for plain data, without serialising what lies past `max` characters. */
export function jsonPrefix(v: unknown, max: number): string {
  const out: string[] = [];
  let len = 0;
  const emit = (s: string): boolean => {
    out.push(s);
    len += s.length;
    return len < max;
  };
  const walk = (x: unknown, inArray: boolean): boolean => {
    if (x === null || x === undefined || typeof x === 'function' || typeof x === 'symbol') return emit(x === null || inArray ? 'null' : '');
    if (typeof x !== 'object') return emit(JSON.stringify(x) ?? 'null');
    if (typeof (x as { toJSON?: unknown }).toJSON === 'function') return emit(JSON.stringify(x));
    if (Array.isArray(x)) {
      if (!emit('[')) return false;
      for (let i = 0; i < x.length; i++) {
        if (i && !emit(',')) return false;
        if (!walk(x[i], true)) return false;
      }
      return emit(']');
    }
    if (!emit('{')) return false;
    let first = true;
    for (const k of Object.keys(x)) {
      const val = (x as Record<string, unknown>)[k];
      if (val === undefined || typeof val === 'function' || typeof val === 'symbol') continue;
      if (!first && !emit(',')) return false;
      first = false;
      if (!emit(JSON.stringify(k) + ':')) return false;
      if (!walk(val, false)) return false;
    }
    return emit('}');
  };
  walk(v, false);
  return out.join('').slice(0, max);
}

/** Structural equality of two JSON-like values (what JSON.stringify would tell, without building the strings). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !sameJson((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[ka[i]])) return false;
  return true;
}

function cElem(c: Extract<SElem, { t: 'c' }>): CElem {
  const e = { ...c, key: '' } as CElem;
  e.key = elemKey(e);
  return e;
}

function toSet(elems: Elem[]): TSet {
  const out: TSet = new Map();
  for (const e of elems) if (!out.has(e.key)) out.set(e.key, e);
  return out;
}

function stripKey<T extends { key: string }>(e: T): Omit<T, 'key'> {
  const { key, ...rest } = e;
  void key;
  return rest;
}

function unwrap(n: Node): Node {
  let c = n;
  while (c.type === 'ChainExpression' || c.type === 'TSNonNullExpression' || c.type === 'TSAsExpression' || c.type === 'TSSatisfiesExpression') c = c.expression as Node;
  return c;
}

function rootObject(n: Node): Node {
  let c = unwrap(n);
  while (c.type === 'MemberExpression' || c.type === 'CallExpression') c = unwrap(c.type === 'MemberExpression' ? (c.object as Node) : (c.callee as Node));
  return c;
}

/** `this.a` in `this.a.b.c`. */
function firstMember(n: Node): TSESTree.MemberExpression | undefined {
  let c = unwrap(n);
  let last: TSESTree.MemberExpression | undefined;
  while (c.type === 'MemberExpression') {
    last = c;
    c = unwrap(c.object as Node);
  }
  return last;
}

function memberText(n: Node): string | undefined {
  const c = unwrap(n);
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'ThisExpression') return 'this';
  if (c.type === 'MemberExpression') {
    const o = memberText(c.object as Node);
    const p = propertyName(c);
    return o !== undefined && p !== undefined ? `${o}.${p}` : undefined;
  }
  return undefined;
}

function calleeName(callee: Node): string {
  return memberText(callee) ?? 'function';
}

/** The reported range of a sink: the called property (`setItem`), `new X`, or the assigned member. */
export function span(node: Node): [number, number] {
  if (node.type === 'NewExpression') return [node.range[0], node.callee.range[1]];
  if (node.type === 'CallExpression') {
    const c = unwrap(node.callee as Node);
    if (c.type === 'MemberExpression') return [c.property.range[0], c.property.range[1]];
    return [c.range[0], c.range[1]];
  }
  if (node.type === 'MemberExpression') return [node.property.range[0], node.property.range[1]];
  return [node.range[0], node.range[1]];
}

/** Mongoose models a file defines and exports, with whether their schema expires documents (TTL). */
function mongooseModels(model: FileModel, exports: Map<string, Node>, text: string): FileSummary['models'] {
  void exports;
  void text;
  const out: FileSummary['models'] = {};
  for (const n of model.calls) {
    if (n.type !== 'CallExpression') continue;
    const info = mongooseModelInfo(model, n);
    if (!info) continue;
    const key = exportKeyOf(model, n);
    if (key !== undefined) out[key] = info;
    out['model:' + (info.name ?? '')] = info;
  }
  return out;
}

/**
 * Exports that resolve to a library object: `module.exports = winston.createLogger()`, `export const redis = createClient()`,
 * or the library itself (`AWS.config.update(…); module.exports = AWS`, a configured SDK shared by the app).
 */
function exportedValues(model: FileModel): Record<string, LibraryValue> {
  const out: Record<string, LibraryValue> = {};
  let loaded: Set<string> | undefined;
  const add = (key: string | undefined, expr: Node | null | undefined) => {
    if (key === undefined || !expr) return;
    const r = model.resolve(expr);
    if (!r || !r.module || r.module.startsWith('.')) return;
    // A module the file loads by a specifier, or one reached through a library global (`faceapi.nets`).
    loaded ??= new Set([...model.moduleRefs, ...model.calls].flatMap((n) => importedModule(model, n)?.module ?? []));
    out[key] = loaded.has(r.module) ? { module: r.module, path: r.path } : { module: r.module, path: r.path, global: true };
  };
  for (const n of model.nodes) {
    if (n.type === 'ExportDefaultDeclaration') add('', n.declaration as Node);
    else if (n.type === 'ExportNamedDeclaration' && n.declaration?.type === 'VariableDeclaration') {
      for (const d of n.declaration.declarations) if (d.id.type === 'Identifier') add(d.id.name, d.init);
    } else if (n.type === 'ExportNamedDeclaration' && !n.source) {
      for (const sp of n.specifiers) if (sp.type === 'ExportSpecifier' && sp.local.type === 'Identifier') add(sp.exported.type === 'Identifier' ? sp.exported.name : undefined, sp.local);
    } else if (n.type === 'AssignmentExpression' && n.operator === '=') {
      const t = memberText(n.left as Node);
      if (t === 'module.exports') {
        if (n.right.type === 'ObjectExpression') {
          for (const p of n.right.properties) if (p.type === 'Property') add(propertyKeyName(p.key, p.computed), p.value as Node);
        } else add('', n.right);
      } else if (t && /^(module\.)?exports\.\w+$/.test(t)) add(t.split('.').pop(), n.right);
    }
  }
  return out;
}

/** Export path under which an expression is exported: `export default model(…)`, `module.exports = …`, `export const X = …`. */
function exportKeyOf(model: FileModel, n: Node): string | undefined {
  let c: Node = n;
  let p = model.parent(c);
  while (p && (p.type === 'TSAsExpression' || p.type === 'TSSatisfiesExpression' || p.type === 'TSNonNullExpression')) {
    c = p;
    p = model.parent(c);
  }
  if (!p) return undefined;
  if (p.type === 'ExportDefaultDeclaration') return '';
  if (p.type === 'AssignmentExpression' && p.right === c) {
    const t = memberText(p.left as Node);
    if (t === 'module.exports') return '';
    if (t && /^(module\.)?exports\.\w+$/.test(t)) return t.split('.').pop();
  }
  if (p.type === 'VariableDeclarator' && p.id.type === 'Identifier') {
    const decl = model.parent(p);
    const exp = decl && model.parent(decl);
    if (exp?.type === 'ExportNamedDeclaration') return p.id.name;
    // `const Delivery = model(…); export default Delivery;` / `module.exports = Delivery`
    const name = p.id.name;
    for (const m of model.nodes) {
      if (m.type === 'ExportDefaultDeclaration' && m.declaration.type === 'Identifier' && m.declaration.name === name) return '';
      if (m.type === 'AssignmentExpression' && m.right.type === 'Identifier' && m.right.name === name && memberText(m.left as Node) === 'module.exports') return '';
      if (m.type === 'ExportSpecifier' && m.local.type === 'Identifier' && m.local.name === name) return m.exported.type === 'Identifier' ? m.exported.name : undefined;
    }
  }
  return undefined;
}

