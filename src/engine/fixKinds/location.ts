import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from '../parse';
import { patternIds, perFile, propertyName, type FileModel } from '../resolve';
import type { FixSpec } from '../rules';
import type { TextEdit } from '../types';
import { eolOf, fillTemplate, indentAt, readsByBinding, registerFixKind, usesTypeScript, type FixContext } from '../fixes';
import { dereference, findProperty } from '../values';
import type { Hit } from '../match';

/** Location fix kinds: watch → one-shot, clearWatch in the cleanup path, coordinate coarsening, lower accuracy levels. */

type CallNode = TSESTree.CallExpression | TSESTree.NewExpression;
type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** Modules whose watchPosition/getCurrentPosition/clearWatch take the W3C arguments (success, error, options) and return a number. */
const W3C_SHAPED = new Set(['global', '@react-native-community/geolocation', 'react-native-geolocation-service']);
/** Capacitor's watchPosition(options, callback) resolves to an id; clearWatch takes `{ id }`. */
const CAPACITOR = new Set(['@capacitor/geolocation']);

function callOf(hit: Hit): CallNode | undefined {
  const n = hit.call ?? hit.node;
  return n.type === 'CallExpression' || n.type === 'NewExpression' ? n : undefined;
}

function memberCallee(call: CallNode): TSESTree.MemberExpression | undefined {
  const c = call.callee.type === 'ChainExpression' ? call.callee.expression : call.callee;
  return c.type === 'MemberExpression' ? c : undefined;
}

function calledName(call: CallNode): string | undefined {
  const m = memberCallee(call);
  return m ? propertyName(m) : call.callee.type === 'Identifier' ? call.callee.name : undefined;
}

function isFunction(n: Node | undefined): n is FunctionNode {
  return !!n && (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration');
}

/** An inline callback, a `const cb = () => …` or a local `function cb() {}` declared in this file. */
function functionValue(model: FileModel, n: Node | undefined): FunctionNode | undefined {
  const d = dereference(model, n);
  if (isFunction(d)) return d;
  if (d && d.type === 'Identifier') {
    const b = model.lookup(d.name, d);
    if (b && b.kind === 'local' && isFunction(b.node)) return b.node;
  }
  return undefined;
}

/** Removes a statement, with its whole line when it stands alone on it. */
function removeStatement(text: string, stmt: Node): TextEdit {
  let start = stmt.range[0];
  let end = stmt.range[1];
  let ls = start;
  while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
  let le = end;
  while (le < text.length && (text[le] === ' ' || text[le] === '\t')) le++;
  const lineStart = ls === 0 || text[ls - 1] === '\n';
  if (lineStart && (text[le] === '\n' || text.startsWith('\r\n', le))) {
    start = ls;
    end = le + (text[le] === '\n' ? 1 : 2);
  }
  return { start, end, text: '' };
}

/** Identifier nodes that read the binding declared by `id` (property keys and the declaration itself excluded). */
function referencesOf(model: FileModel, id: TSESTree.Identifier): TSESTree.Identifier[] {
  const out: TSESTree.Identifier[] = [];
  const seen = new Set<number>();
  for (const n of readsByBinding(model, id.name).get(id) ?? []) {
    if (n === id || seen.has(n.range[0]) || n.range[0] === id.range[0]) continue;
    seen.add(n.range[0]);
    out.push(n);
  }
  return out;
}

function within(n: Node, outer: Node): boolean {
  return n.range[0] >= outer.range[0] && n.range[1] <= outer.range[1];
}

/** The top-level statements of a callback that call `clearWatch` unconditionally: the callback stops the watch on its first call. */
function unconditionalClears(fn: FunctionNode): TSESTree.ExpressionStatement[] {
  if (fn.body.type !== 'BlockStatement') return [];
  const out: TSESTree.ExpressionStatement[] = [];
  for (const s of fn.body.body) {
    let e: Node | undefined = s.type === 'ExpressionStatement' ? s.expression : undefined;
    if (e && e.type === 'ChainExpression') e = e.expression;
    if (e && e.type === 'CallExpression' && calledName(e) === 'clearWatch') out.push(s as TSESTree.ExpressionStatement);
  }
  return out;
}

// watchToOnce: a W3C-shaped watch whose success callback clears the watch on its first call is a one-shot read in disguise.
registerFixKind('watchToOnce', (spec, hit, ctx) => {
  const call = callOf(hit);
  const callee = call && memberCallee(call);
  if (!call || !callee || propertyName(callee) !== 'watchPosition' || !W3C_SHAPED.has(hit.module ?? '')) return undefined;
  const success = functionValue(ctx.model, call.arguments[0] as Node | undefined);
  if (!success || !within(success, call)) return undefined; // a shared callback may serve other watches too
  // Only a clear of this very watch counts: the id it is stored in (`const id = …`, `this.id = …`).
  const decl = ctx.model.parent(call);
  const stmt = decl && ctx.model.parent(decl);
  const store = decl && decl.type === 'VariableDeclarator' && decl.init === call ? decl.id : decl && decl.type === 'AssignmentExpression' && decl.right === call ? decl.left : undefined;
  if (!store) return undefined;
  const idText = ctx.text.slice(store.range[0], store.range[1]);
  const clears = unconditionalClears(success).filter((c) => {
    const arg = (c.expression.type === 'ChainExpression' ? c.expression.expression : c.expression) as TSESTree.CallExpression;
    const a = arg.arguments[0];
    return !!a && ctx.text.slice(a.range[0], a.range[1]) === idText;
  });
  if (!clears.length) return undefined;
  const edits: TextEdit[] = [{ start: callee.property.range[0], end: callee.property.range[1], text: String(spec.text ?? 'getCurrentPosition') }];
  for (const s of clears) edits.push(removeStatement(ctx.text, s));
  // `const id = …watchPosition(…)`: drop the id when its only reads were the removed clearWatch calls.
  if (decl && decl.type === 'VariableDeclarator' && decl.init === call && decl.id.type === 'Identifier' && stmt && stmt.type === 'VariableDeclaration' && stmt.declarations.length === 1) {
    const refs = referencesOf(ctx.model, decl.id);
    if (refs.every((r) => clears.some((c) => within(r, c)))) edits.push({ start: stmt.range[0], end: call.range[0], text: '' });
  }
  return edits;
});

/** `useEffect(() => { … })`, `useLayoutEffect`, and `new Observable(subscriber => { … })`: hosts whose callback may return a teardown function. */
function isCleanupHost(model: FileModel, fn: FunctionNode): boolean {
  const host = model.parent(fn);
  if (!host || (host.type !== 'CallExpression' && host.type !== 'NewExpression') || host.arguments[0] !== fn) return false;
  const ref = model.resolve(host.callee);
  if (!ref) return false;
  const last = ref.path[ref.path.length - 1];
  if (host.type === 'CallExpression') {
    const fromReact = ref.module === 'react' || ref.module === 'preact/hooks' || (ref.global === true && ref.path[0] === 'React');
    return fromReact && (last === 'useEffect' || last === 'useLayoutEffect');
  }
  return ref.module === 'rxjs' && last === 'Observable';
}

function containsClear(model: FileModel, n: Node): boolean {
  return clearCalls(model).some((x) => within(x, n));
}

/** The file's `clearWatch`/`stopObserving` calls, found once per file (each watch's fix asks). */
const clearCalls = perFile((model): Node[] => model.calls.filter((x) => x.type === 'CallExpression' && (calledName(x) === 'clearWatch' || calledName(x) === 'stopObserving')));

// clearWatchOnCleanup: stops the watch in the teardown a React effect (or an rxjs Observable) returns.
registerFixKind('clearWatchOnCleanup', (_spec, hit, ctx) => {
  const call = callOf(hit);
  const callee = call && memberCallee(call);
  const mod = hit.module ?? '';
  if (call && call.type === 'CallExpression' && mod === 'expo-location' && calledName(call) === 'watchPositionAsync') return expoSubscriptionTeardown(ctx, call);
  if (!call || call.type !== 'CallExpression' || !callee || propertyName(callee) !== 'watchPosition') return undefined;
  const capacitor = CAPACITOR.has(mod);
  if (!capacitor && !W3C_SHAPED.has(mod)) return undefined;
  const { model, text } = ctx;
  const parent = model.parent(call);
  let stmt: Node | undefined;
  let idText: string | undefined;
  const edits: TextEdit[] = [];
  if (parent && parent.type === 'ExpressionStatement') {
    stmt = parent;
    const name = ['watchId', 'positionWatchId', 'locationWatchId'].find((n) => !model.lookup(n, call));
    if (!name) return undefined;
    idText = name;
    edits.push({ start: call.range[0], end: call.range[0], text: `const ${name} = ` });
  } else if (parent && parent.type === 'VariableDeclarator' && parent.init === call && parent.id.type === 'Identifier') {
    const decl = model.parent(parent);
    if (!decl || decl.type !== 'VariableDeclaration' || decl.declarations.length !== 1) return undefined;
    stmt = decl;
    idText = parent.id.name;
  } else if (parent && parent.type === 'AssignmentExpression' && parent.right === call && parent.operator === '=') {
    const es = model.parent(parent);
    if (!es || es.type !== 'ExpressionStatement') return undefined;
    stmt = es;
    idText = text.slice(parent.left.range[0], parent.left.range[1]);
  }
  if (!stmt || !idText) return undefined;
  const recv = text.slice(callee.object.range[0], callee.object.range[1]) + (callee.optional ? '?' : '');
  const clear = capacitor ? `void ${idText}.then((id) => ${recv}.clearWatch({ id }))` : `${recv}.clearWatch(${idText})`;
  const eol = eolOf(text);
  const body = model.parent(stmt);
  const fn = body && model.parent(body);
  if (!body || body.type !== 'BlockStatement' || !fn || !isFunction(fn) || fn.body !== body || !isCleanupHost(model, fn)) {
    // A class keeps the id on `this`: stop the watch in the class's teardown method.
    // The field may be unset when the teardown runs (`watchId?: number`), hence the guard.
    if (/^this\.[\w$#]+$/.test(idText) && edits.length === 0) return clearInClassTeardown(ctx, stmt, `if (${idText} !== undefined) ${clear}`);
    return parent && parent.type === 'AssignmentExpression' && parent.left.type === 'Identifier' ? clearInVueUnmount(ctx, stmt, parent.left, `if (${idText} !== undefined) ${clear}`) : undefined;
  }
  return withTeardown(ctx, body, clear, edits);
});

/** Adds `clear` to the teardown an effect body returns, or makes it return one. */
function withTeardown(ctx: FixContext, body: TSESTree.BlockStatement, clear: string, edits: TextEdit[]): TextEdit[] | undefined {
  const { model, text } = ctx;
  const eol = eolOf(text);
  const ret = body.body.find((s): s is TSESTree.ReturnStatement => s.type === 'ReturnStatement');
  if (ret) {
    const teardown = ret.argument as Node | null;
    if (!teardown || (teardown.type !== 'ArrowFunctionExpression' && teardown.type !== 'FunctionExpression') || containsClear(model, teardown)) return undefined;
    if (teardown.body.type === 'BlockStatement') {
      const tb = teardown.body;
      const last = tb.body[tb.body.length - 1];
      if (last) edits.push({ start: last.range[1], end: last.range[1], text: `${eol}${indentAt(text, last.range[0])}${clear};` });
      else edits.push({ start: tb.range[0], end: tb.range[1], text: `{ ${clear}; }` });
    } else {
      const b = teardown.body;
      edits.push({ start: b.range[0], end: b.range[1], text: `{${eol}${indentAt(text, ret.range[0])}  ${text.slice(b.range[0], b.range[1])};${eol}${indentAt(text, ret.range[0])}  ${clear};${eol}${indentAt(text, ret.range[0])}}` });
    }
    return edits;
  }
  const last = body.body[body.body.length - 1];
  edits.push({ start: last.range[1], end: last.range[1], text: `${eol}${indentAt(text, last.range[0])}return () => ${clear};` });
  return edits;
}

/**
 * Expo: `(async () => { await Location.watchPositionAsync(…); })()` inside an effect. The subscription
 * is kept in a variable of the effect and removed by the teardown.
 */
function expoSubscriptionTeardown(ctx: FixContext, call: TSESTree.CallExpression): TextEdit[] | undefined {
  const { model, text } = ctx;
  const awaited = model.parent(call);
  const stmt = awaited && awaited.type === 'AwaitExpression' ? model.parent(awaited) : undefined;
  if (!awaited || !stmt || stmt.type !== 'ExpressionStatement') return undefined;
  let inner: Node | undefined = model.parent(stmt);
  while (inner && !isFunction(inner)) inner = model.parent(inner);
  let effect: Node | undefined = inner && model.parent(inner);
  while (effect && !isFunction(effect)) effect = model.parent(effect);
  if (!inner || !effect || !isFunction(effect) || effect.body.type !== 'BlockStatement' || !isCleanupHost(model, effect)) return undefined;
  const name = ['locationSubscription', 'positionSubscription'].find((n) => !model.lookup(n, call));
  if (!name) return undefined;
  const body = effect.body;
  const first = body.body[0];
  const decl = usesTypeScript(model) ? `let ${name}: { remove(): void } | undefined;` : `let ${name};`;
  const edits: TextEdit[] = [
    { start: first.range[0], end: first.range[0], text: `${decl}${eolOf(text)}${indentAt(text, first.range[0])}` },
    { start: awaited.range[0], end: awaited.range[0], text: `${name} = ` },
  ];
  return withTeardown(ctx, body, `${name}?.remove()`, edits);
}

const VUE = new Set(['vue', '@vue/runtime-core', 'vue-demi']);

/** A call of a Vue lifecycle hook (`onMounted(…)`) imported from Vue. */
function isVueHook(model: FileModel, n: Node | undefined, names: string[]): n is TSESTree.CallExpression {
  if (!n || n.type !== 'CallExpression') return false;
  const ref = model.resolve(n.callee);
  return !!ref && !!ref.module && VUE.has(ref.module) && ref.path.length === 1 && names.includes(ref.path[0]);
}

/**
 * Vue composition API: `watchId = …watchPosition(…)` inside `onMounted(() => { … })`, with `watchId`
 * declared in `setup`. The clear goes into an existing `onBeforeUnmount`/`onUnmounted`, or a new
 * `onBeforeUnmount(() => …)` is added after the `onMounted` call (and imported from Vue).
 */
function clearInVueUnmount(ctx: FixContext, stmt: Node, id: TSESTree.Identifier, clear: string): TextEdit[] | undefined {
  const { model, text } = ctx;
  const eol = eolOf(text);
  const body = model.parent(stmt);
  const fn = body && model.parent(body);
  const mounted = fn && model.parent(fn);
  if (!body || body.type !== 'BlockStatement' || !fn || !isFunction(fn) || !isVueHook(model, mounted, ['onMounted']) || mounted.arguments[0] !== fn) return undefined;
  const b = model.lookup(id.name, id);
  if (!b || b.kind !== 'var' || within(b.id, fn)) return undefined; // the id must outlive the mounted hook
  const mountedStmt = model.parent(mounted);
  if (!mountedStmt || mountedStmt.type !== 'ExpressionStatement') return undefined;
  const { unmount, vueImport } = vueSetupOf(model);
  if (unmount && unmount.type === 'CallExpression') {
    const hook = unmount.arguments[0] as FunctionNode;
    if (containsClear(model, hook)) return undefined;
    if (hook.body.type !== 'BlockStatement') {
      const e = hook.body;
      const indent = indentAt(text, unmount.range[0]);
      return [{ start: e.range[0], end: e.range[1], text: `{${eol}${indent}  ${text.slice(e.range[0], e.range[1])};${eol}${indent}  ${clear};${eol}${indent}}` }];
    }
    const last = hook.body.body[hook.body.body.length - 1];
    if (last) return [{ start: last.range[1], end: last.range[1], text: `${eol}${indentAt(text, last.range[0])}${clear};` }];
    return [{ start: hook.body.range[0], end: hook.body.range[1], text: `{ ${clear}; }` }];
  }
  if (!vueImport || model.lookup('onBeforeUnmount', mountedStmt)) return undefined;
  const lastSpec = [...vueImport.specifiers].reverse().find((sp) => sp.type === 'ImportSpecifier')!;
  const indent = indentAt(text, mountedStmt.range[0]);
  return [
    { start: lastSpec.range[1], end: lastSpec.range[1], text: ', onBeforeUnmount' },
    { start: mountedStmt.range[1], end: mountedStmt.range[1], text: `${eol}${eol}${indent}onBeforeUnmount(() => {${eol}${indent}  ${clear};${eol}${indent}});` },
  ];
}

/** The file's first unmount hook with a function, and its first value import from Vue with named imports: the same for every watch of the file. */
const vueSetupOf = perFile((model): { unmount?: TSESTree.CallExpression; vueImport?: TSESTree.ImportDeclaration } => ({
  unmount: model.calls.find((n): n is TSESTree.CallExpression => isVueHook(model, n, ['onBeforeUnmount', 'onUnmounted']) && isFunction(n.arguments[0] as Node | undefined)),
  vueImport: model.nodes.find((n): n is TSESTree.ImportDeclaration => n.type === 'ImportDeclaration' && VUE.has(String(n.source.value)) && n.importKind !== 'type' && n.specifiers.some((sp) => sp.type === 'ImportSpecifier')),
}));

const TEARDOWNS = ['ngOnDestroy', 'componentWillUnmount', 'disconnectedCallback'];

/** The class whose method (arrow callbacks included, as they share `this`) holds a node. */
function enclosingClass(model: FileModel, node: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  let n: Node | undefined = model.parent(node);
  while (n && n.type === 'ArrowFunctionExpression') n = model.parent(n);
  while (n && n.type !== 'FunctionExpression' && n.type !== 'FunctionDeclaration') {
    n = model.parent(n);
    while (n && n.type === 'ArrowFunctionExpression') n = model.parent(n);
  }
  const method = n && model.parent(n);
  const classBody = method && (method.type === 'MethodDefinition' || method.type === 'PropertyDefinition') ? model.parent(method) : undefined;
  const cls = classBody && classBody.type === 'ClassBody' ? model.parent(classBody) : undefined;
  return cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') ? cls : undefined;
}

/** Which teardown method this kind of class has: Angular (decorated), React class component, custom element. */
function teardownName(model: FileModel, cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string | undefined {
  const decorated = (cls.decorators ?? []).some((d) => {
    const e = d.expression;
    const name = e.type === 'CallExpression' && e.callee.type === 'Identifier' ? e.callee.name : undefined;
    return name === 'Component' || name === 'Directive' || name === 'Injectable' || name === 'Pipe';
  });
  if (decorated) return 'ngOnDestroy';
  const sup = cls.superClass ? model.resolve(cls.superClass as Node) : undefined;
  if (sup && sup.module === 'react' && ['Component', 'PureComponent'].includes(sup.path[sup.path.length - 1])) return 'componentWillUnmount';
  if (sup && sup.global && sup.path.length === 1 && /^HTML\w*Element$/.test(sup.path[0])) return 'disconnectedCallback';
  return undefined;
}

function clearInClassTeardown(ctx: FixContext, stmt: Node, clear: string): TextEdit[] | undefined {
  const { model, text } = ctx;
  const cls = enclosingClass(model, stmt);
  if (!cls) return undefined;
  const eol = eolOf(text);
  const members = cls.body.body;
  const existing = members.find((m): m is TSESTree.MethodDefinition => m.type === 'MethodDefinition' && m.key.type === 'Identifier' && TEARDOWNS.includes(m.key.name));
  if (existing) {
    const b = existing.value.body;
    if (!b || containsClear(model, b)) return undefined;
    const last = b.body[b.body.length - 1];
    if (last) return [{ start: last.range[1], end: last.range[1], text: `${eol}${indentAt(text, last.range[0])}${clear};` }];
    const indent = indentAt(text, existing.range[0]);
    return [{ start: b.range[0], end: b.range[1], text: `{${eol}${indent}  ${clear};${eol}${indent}}` }];
  }
  const name = teardownName(model, cls);
  const last = members[members.length - 1];
  if (!name || !last) return undefined;
  const indent = indentAt(text, last.range[0]);
  const signature = name === 'ngOnDestroy' ? 'ngOnDestroy(): void' : `${name}()`;
  return [{ start: last.range[1], end: last.range[1], text: `${eol}${eol}${indent}${signature} {${eol}${indent}  ${clear};${eol}${indent}}` }];
}

/** Where the position a call delivers is bound: the first parameter of its first callback, or the variable an awaited result goes to. */
function positionPattern(model: FileModel, call: CallNode): Node | undefined {
  for (const a of call.arguments as Node[]) {
    const fn = functionValue(model, a);
    if (fn) return fn.params[0] as Node | undefined;
  }
  let n: Node | undefined = model.parent(call);
  if (n && n.type === 'AwaitExpression') n = model.parent(n);
  if (n && n.type === 'VariableDeclarator' && n.init && (n.init === call || (n.init.type === 'AwaitExpression' && n.init.argument === call))) return n.id as Node;
  // `getCurrentPosition().then((pos) => …)`
  if (n && n.type === 'MemberExpression' && n.object === call && propertyName(n) === 'then') {
    const thenCall = model.parent(n);
    if (thenCall && thenCall.type === 'CallExpression' && thenCall.callee === n) {
      const fn = functionValue(model, thenCall.arguments[0] as Node | undefined);
      return fn?.params[0] as Node | undefined;
    }
  }
  return undefined;
}

const COORDS = new Set(['latitude', 'longitude']);

/** An expression already rounded where it is read: `x.toFixed(…)`, `Math.round(x…)`, `Number(x.toFixed(…))`. */
function alreadyCoarse(model: FileModel, expr: Node): boolean {
  const p = model.parent(expr);
  if (p && p.type === 'MemberExpression' && p.object === expr && propertyName(p) === 'toFixed') return true;
  let n: Node | undefined = p;
  for (let i = 0; n && i < 3; i++, n = model.parent(n)) {
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && n.callee.object.type === 'Identifier' && n.callee.object.name === 'Math' && ['round', 'floor', 'trunc', 'ceil'].includes(propertyName(n.callee) ?? '')) return true;
  }
  return false;
}

function isWriteTarget(model: FileModel, expr: Node): boolean {
  const p = model.parent(expr);
  return !!p && ((p.type === 'AssignmentExpression' && p.left === expr) || (p.type === 'UpdateExpression' && p.argument === expr));
}

/** Member chain `base.a.b` read from an identifier: the property names in order and the outermost member node. */
function memberChain(model: FileModel, id: Node): { names: string[]; outer: Node } {
  const names: string[] = [];
  let outer: Node = id;
  for (;;) {
    const p = model.parent(outer);
    if (!p || p.type !== 'MemberExpression' || p.object !== outer) break;
    const name = propertyName(p);
    if (name === undefined) break;
    names.push(name);
    outer = p;
  }
  const chain = model.parent(outer);
  if (chain && chain.type === 'ChainExpression') outer = chain;
  return { names, outer };
}

// coarsenCoordinates: rounds every read of the coordinates the call delivers, when the whole position never leaves the callback.
registerFixKind('coarsenCoordinates', (spec, hit, ctx) => {
  const call = callOf(hit);
  if (!call) return undefined;
  const pattern = positionPattern(ctx.model, call);
  if (!pattern) return undefined;
  const template = String(spec.text ?? 'Number({{expr}}.toFixed({{decimals}}))');
  const edits: TextEdit[] = [];
  const wrap = (target: Node, shorthandKey?: string) => {
    const src = ctx.text.slice(target.range[0], target.range[1]);
    const expr = target.type === 'ChainExpression' ? `(${src})` : src;
    const rounded = fillTemplate(template, { ...hit, vars: { ...hit.vars, expr } }, ctx);
    edits.push({ start: target.range[0], end: target.range[1], text: shorthandKey ? `${shorthandKey}: ${rounded}` : rounded });
  };
  for (const [id, path] of patternIds(pattern, [])) {
    if (path.includes('...') || path.includes('?')) return undefined;
    const key = path.join('.');
    const refs = referencesOf(ctx.model, id);
    for (const r of refs) {
      const p = ctx.model.parent(r);
      if (key === 'coords.latitude' || key === 'coords.longitude') {
        if (isWriteTarget(ctx.model, r)) return undefined;
        if (alreadyCoarse(ctx.model, r)) continue;
        if (p && p.type === 'Property' && p.shorthand) wrap(p, r.name);
        else wrap(r);
        continue;
      }
      if (key !== '' && key !== 'coords') continue; // accuracy, timestamp and the like
      const { names, outer } = memberChain(ctx.model, r);
      const rest = key === '' ? names : ['coords', ...names];
      if (rest[0] === 'timestamp' || (rest[0] === 'coords' && rest.length >= 2 && !COORDS.has(rest[1]))) continue;
      // The whole position (or coords) escapes: rounding the reads here would not coarsen what leaves.
      if (rest[0] !== 'coords' || rest.length < 2) return undefined;
      const target = memberAt(ctx.model, r, key === '' ? 2 : 1);
      if (!target || isWriteTarget(ctx.model, target)) return undefined;
      if (alreadyCoarse(ctx.model, target)) continue;
      wrap(outer.type === 'ChainExpression' && rest.length === 2 ? outer : target);
    }
  }
  return edits.length ? edits : undefined;
});

/** The member expression `depth` levels above an identifier (`pos` → `pos.coords.latitude` for depth 2). */
function memberAt(model: FileModel, id: Node, depth: number): Node | undefined {
  let n: Node | undefined = id;
  for (let i = 0; i < depth && n; i++) {
    const p: Node | undefined = model.parent(n);
    if (!p || p.type !== 'MemberExpression' || p.object !== n) return undefined;
    n = p;
  }
  return n;
}

// replaceEnumMember: `Accuracy.Highest` -> `Accuracy.Balanced`, `accuracy: 6` -> `3`, `android: 'high'` -> `'balanced'`.
registerFixKind('replaceEnumMember', (spec, hit, ctx) => {
  const s = spec as FixSpec & { properties: string[]; map: Record<string, string> };
  const call = callOf(hit);
  if (!call || !s.properties || !s.map) return undefined;
  const edits: TextEdit[] = [];
  for (const a of call.arguments as Node[]) {
    for (const key of s.properties) {
      const prop = findProperty(ctx.model, a, key);
      if (!prop) continue;
      const v = prop.value as Node;
      const edit = enumEdit(v, s.map);
      if (edit) edits.push(edit);
    }
  }
  return edits.length ? edits : undefined;
});

/** The edit that replaces one accuracy value by its lower level, if the map knows it. */
function enumEdit(v: Node, map: Record<string, string>): TextEdit | undefined {
  if (v.type === 'MemberExpression') {
    const name = propertyName(v);
    // A key may name the enum too (`Accuracy.High` in Expo is not Transistorsoft's `DesiredAccuracy.High`).
    const owner = v.object.type === 'MemberExpression' ? propertyName(v.object) : v.object.type === 'Identifier' ? v.object.name : undefined;
    const to = name === undefined ? undefined : (owner !== undefined ? map[`${owner}.${name}`] : undefined) ?? map[name];
    if (to === undefined || v.computed) return undefined;
    return { start: v.property.range[0], end: v.property.range[1], text: to };
  }
  if (v.type === 'Literal' && (typeof v.value === 'number' || typeof v.value === 'string')) {
    const to = map[String(v.value)];
    if (to === undefined) return undefined;
    return { start: v.range[0], end: v.range[1], text: typeof v.value === 'string' ? `'${to}'` : to };
  }
  if (v.type === 'UnaryExpression' && v.operator === '-' && v.argument.type === 'Literal' && typeof v.argument.value === 'number') {
    const to = map[String(-v.argument.value)];
    return to === undefined ? undefined : { start: v.range[0], end: v.range[1], text: to };
  }
  return undefined;
}

/** Object literals among a call's arguments, and one level in (`trackingOptions` of OpenLayers). */
function optionObjects(model: FileModel, call: CallNode): TSESTree.ObjectExpression[] {
  const out: TSESTree.ObjectExpression[] = [];
  for (const a of call.arguments as Node[]) {
    const o = dereference(model, a);
    if (!o || o.type !== 'ObjectExpression') continue;
    out.push(o);
    for (const p of o.properties) {
      const v = p.type === 'Property' ? dereference(model, p.value as Node) : undefined;
      if (v && v.type === 'ObjectExpression') out.push(v);
    }
  }
  return out;
}

// disableHighAccuracy: `enableHighAccuracy: true` -> `false`, plus `maximumAge` in the same options object so a recent position is reused.
registerFixKind('disableHighAccuracy', (spec, hit, ctx) => {
  const call = callOf(hit);
  if (!call) return undefined;
  const maximumAge = fillTemplate(String(spec.value ?? '60000'), hit, ctx);
  for (const o of optionObjects(ctx.model, call)) {
    const found = o.properties.find((x) => x.type === 'Property' && !x.computed && ((x.key.type === 'Identifier' && x.key.name === 'enableHighAccuracy') || (x.key.type === 'Literal' && x.key.value === 'enableHighAccuracy')));
    if (!found || found.type !== 'Property') continue;
    const p = found;
    const edits: TextEdit[] = [];
    if (p.shorthand) edits.push({ start: p.range[0], end: p.range[1], text: 'enableHighAccuracy: false' });
    else edits.push({ start: p.value.range[0], end: p.value.range[1], text: 'false' });
    const hasMaxAge = o.properties.some((x) => x.type === 'Property' && !x.computed && x.key.type === 'Identifier' && x.key.name === 'maximumAge');
    if (!hasMaxAge) {
      const last = o.properties[o.properties.length - 1];
      const hasComma = /^\s*,/.test(ctx.text.slice(last.range[1], o.range[1] - 1));
      edits.push({ start: last.range[1], end: last.range[1], text: (hasComma ? '' : ',') + ` maximumAge: ${maximumAge}` + (hasComma ? ',' : '') });
    }
    return edits;
  }
  return undefined;
});
