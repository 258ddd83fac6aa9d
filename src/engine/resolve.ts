import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node, Program } from './parse';
import { walk } from './walk';
import { moduleSpecifier, type BundleIndex } from './patterns';

/**
 * What an expression reaches: a module export (or a member, call result or instance of one), or a
 * global. `path` segments are property names; `()` stands for "the result of calling or
 * constructing" the path before it. A default export and a namespace both resolve to the module
 * itself (path []), so `import G from 'x'`, `import * as G from 'x'` and `require('x')` agree.
 */
export interface Ref {
  module?: string;
  global?: boolean;
  path: string[];
}

/** A global name that a library installs (e.g. `faceapi` from a `<script src>` of face-api.js). */
export interface GlobalModule {
  module: string;
  /** File names of the library's built bundles, which a relative import of a vendored copy names (`'../dist/human.esm.js'`). */
  bundles?: readonly string[];
  /** The global is the module's export of the same name (MediaPipe's `FaceMesh` class), not the module itself (face-api.js's `faceapi`). */
  named?: boolean;
  /** Names of the library's API (`detect`, `warmup`): a global named like a common word counts only in a file that uses one of them. */
  evidence?: readonly string[];
}

const bundleIndexes = new WeakMap<ReadonlyMap<string, GlobalModule>, BundleIndex>();

/** Bundle file name to module, built once per globals map. */
export function bundleIndexOf(globals: ReadonlyMap<string, GlobalModule>): BundleIndex {
  let ix = bundleIndexes.get(globals);
  if (!ix) {
    const m = new Map<string, string>();
    for (const g of globals.values()) for (const b of g.bundles ?? []) if (!m.has(b)) m.set(b, g.module);
    bundleIndexes.set(globals, (ix = m));
  }
  return ix;
}

type Binding =
  | { kind: 'import'; module: string; imported: string }
  | { kind: 'var'; id: Node; init?: Node; path: string[]; typeName?: Node; current?: Node; holds?: Node }
  | { kind: 'param'; id: Node; typeName?: Node; fn: Node; index: number; path: string[] }
  | { kind: 'local'; node: Node };

interface FieldInit {
  expr?: Node;
  typeName?: Node;
}

const SCOPE_TYPES = new Set([
  'Program',
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'BlockStatement',
  'StaticBlock',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'CatchClause',
  'SwitchStatement',
  'ClassDeclaration',
  'ClassExpression',
  'TSModuleBlock',
]);
const FUNCTION_TYPES = new Set(['Program', 'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'TSModuleBlock']);
const CALLABLE_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** Names that refer to the global object itself. */
const GLOBAL_ROOTS = new Set(['window', 'globalThis', 'self', 'global']);
const MAX_DEPTH = 24;

/**
 * `f` answered once per file: the answer is kept while the file's model lives (checks that fixes, sinks and
 * timer conditions ask for each finding, and would otherwise rescan the whole file each time).
 */
export function perFile<T>(f: (model: FileModel) => T): (model: FileModel) => T {
  const answers = new WeakMap<FileModel, T>();
  return (model) => {
    if (!answers.has(model)) answers.set(model, f(model));
    return answers.get(model) as T;
  };
}

/** Scopes, bindings and parents of one parsed file, with memoised resolution of expressions to modules and globals. */
export class FileModel {
  private readonly scopes = new Map<Node, Map<string, Binding>>();
  private readonly classFields = new Map<Node, Map<string, FieldInit>>();
  private readonly memo = new Map<Node, Ref | null>();
  /** Every node in walk order, so rules can run in one pass without walking again. */
  readonly nodes: Node[] = [];
  /**
   * Subsets of `nodes` (in walk order) that most passes look for. A pass over every node reads each one's
   * type, and right after parsing that is a cache miss per node; passes that want calls or member reads
   * only touch those.
   */
  readonly calls: Array<TSESTree.CallExpression | TSESTree.NewExpression> = [];
  readonly members: TSESTree.MemberExpression[] = [];
  /** Declarations and expressions naming a module by a literal: import, export … from, import(), import x = require(). */
  readonly moduleRefs: Node[] = [];
  /**
   * The nodes the data-flow index is built from (flow.ts `buildIndex`): calls, returns, expression-bodied
   * arrows, assignments, for-of loops, variable declarators, class members, imports and exports, and
   * identifiers named `require`.
   */
  readonly flowNodes: Node[] = [];
  /** JSX opening elements (`<Camera …>`), in walk order. */
  readonly elements: TSESTree.JSXOpeningElement[] = [];

  private readonly bundles: BundleIndex;

  constructor(
    readonly ast: Program,
    private readonly globals: ReadonlyMap<string, GlobalModule> = new Map(),
    /** Rewrites an aliased specifier (`@/lib/db`) to the relative one it stands for (aliases.ts), if any. */
    private readonly unalias?: (spec: string) => string | undefined,
    /** Module subpaths that stand for an export of their package (RuleSet.modules). */
    private readonly moduleAliases?: ReadonlyMap<string, { module: string; path: readonly string[] }>,
  ) {
    this.bundles = bundleIndexOf(globals);
    const assignments: TSESTree.AssignmentExpression[] = [];
    // Parents are kept on the nodes themselves (ESTree's own `parent` field, which the parser leaves unset):
    // one property write per node instead of a map entry, and a plain read on every walk up.
    walk(ast, (node, parent) => {
      (node as { parent?: Node }).parent = parent;
      this.nodes.push(node);
      // Kinds `declare` has nothing to do with return here.
      switch (node.type) {
        case 'Identifier':
          if (node.name === 'require') this.flowNodes.push(node);
          return;
        case 'MemberExpression':
          this.members.push(node);
          return;
        case 'JSXOpeningElement':
          this.elements.push(node);
          return;
        case 'CallExpression':
        case 'NewExpression':
          this.calls.push(node);
          this.flowNodes.push(node);
          return;
        case 'ImportExpression':
        case 'ExportAllDeclaration':
          this.moduleRefs.push(node);
          return;
        case 'ExportNamedDeclaration':
          this.moduleRefs.push(node);
          this.flowNodes.push(node);
          return;
        case 'ReturnStatement':
        case 'ForOfStatement':
        case 'VariableDeclarator':
        case 'MethodDefinition':
        case 'ExportDefaultDeclaration':
          this.flowNodes.push(node);
          return;
        case 'ImportDeclaration':
          this.moduleRefs.push(node);
          this.flowNodes.push(node);
          break;
        case 'TSImportEqualsDeclaration':
          this.moduleRefs.push(node);
          break;
        case 'ArrowFunctionExpression':
        case 'AssignmentExpression':
        case 'PropertyDefinition':
          this.flowNodes.push(node);
          break;
        default:
          break;
      }
      this.declare(node, assignments);
    });
    for (const a of assignments) this.recordAssignment(a);
    if (this.states.size) for (const c of this.calls) this.recordSetState(c);
  }

  /** React state bindings (`x` of `const [x, setX] = useState()`), by their `useState` call. */
  private readonly states = new Map<Node, Binding>();

  /** `setDetector(await createDetector(…))`: what the state holds, from the first non-null value set (not an updater function). */
  private recordSetState(c: TSESTree.CallExpression | TSESTree.NewExpression): void {
    if (c.type !== 'CallExpression' || c.callee.type !== 'Identifier') return;
    const setter = this.lookup(c.callee.name, c);
    if (!setter || setter.kind !== 'var' || setter.path.length !== 1 || setter.path[0] !== '1' || !setter.init) return;
    const state = this.states.get(setter.init);
    const value = c.arguments[0] as Node | undefined;
    if (state?.kind !== 'var' || state.holds || !value || isNullLiteral(value) || value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression') return;
    state.holds = value;
  }

  private here?: GlobalLookup;

  /**
   * The library globals this file can mean. A global with `evidence` (`Human`, also a common class name in
   * games) counts only when the file names one of the library's own API words (`detect`, `warmup`):
   * `new Human(y)` in a game whose `Human` class lives in another script is no face library. The file's
   * names are collected only when such a global is looked up.
   */
  private globalsHere(): GlobalLookup {
    if (this.here) return this.here;
    const all = this.globals;
    const nodes = this.nodes;
    let names: Set<string> | undefined;
    return (this.here = {
      get(name: string): GlobalModule | undefined {
        const g = all.get(name);
        if (!g?.evidence) return g;
        if (!names) {
          names = new Set();
          for (const n of nodes) if (n.type === 'Identifier') names.add(n.name);
        }
        return g.evidence.some((w) => names!.has(w)) ? g : undefined;
      },
    });
  }

  /** The module a literal specifier in this file loads (`moduleSpecifier`: node_modules paths and vendored bundles). */
  moduleOf(spec: string): string {
    return moduleSpecifier(this.specOf(spec), this.bundles);
  }

  /** What a module (and a path into it) stands for: a subpath such as `aws-sdk/clients/rekognition` is its package's export. */
  private moduleRef(module: string, path: string[]): Ref {
    const a = this.moduleAliases?.get(module);
    return a ? { module: a.module, path: [...a.path, ...path] } : { module, path };
  }

  /** A specifier as written, with a path alias (`@/lib/db`) rewritten to the relative path it stands for. */
  specOf(spec: string): string {
    return this.unalias?.(spec) ?? spec;
  }

  parent(node: Node): Node | undefined {
    return (node as { parent?: Node }).parent;
  }

  /** The innermost function (declaration, expression or arrow) around a node. */
  enclosingFunction(node: Node): Node | undefined {
    let p = this.parent(node);
    while (p && !CALLABLE_TYPES.has(p.type)) p = this.parent(p);
    return p;
  }

  /** Resolves an expression to the module export or global it reaches, or undefined if it is local or unknown. */
  resolve(node: Node | null | undefined, depth = 0): Ref | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    const cached = this.memo.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.memo.set(node, null); // cycle guard
    let r = this.resolveUncached(node, depth);
    // An app module's export that is a library object (`import milvus from './milvus'`): that library.
    if (r?.module !== undefined && this.linked && r.module.charCodeAt(0) === 46 /* . */) r = this.linked(r.module, r.path) ?? r;
    this.memo.set(node, r ?? null);
    return r;
  }

  private linked?: (spec: string, path: readonly string[]) => Ref | undefined;

  /**
   * Resolves references into the app's own modules through what those modules export, when that is a
   * library object (`export default new MilvusClient(url)`; see `FlowSummaries.importedValue`). Forgets
   * what was resolved before.
   */
  linkValues(lookup: ((spec: string, path: readonly string[]) => Ref | undefined) | undefined): void {
    this.linked = lookup;
    this.memo.clear();
    this.elementRefs.clear();
  }

  /**
   * What a JSX element name refers to: a component imported from a module (`<Camera>`, `<Persona.Inquiry>`).
   * Lower-case names are intrinsic elements (`<video>`), never bindings.
   */
  resolveElement(name: Node): Ref | undefined {
    // Every element matcher asks about the same elements: resolved once each.
    const known = this.elementRefs.get(name);
    if (known !== undefined) return known ?? undefined;
    const r = this.resolveElementNow(name);
    this.elementRefs.set(name, r ?? null);
    return r;
  }

  private readonly elementRefs = new Map<Node, Ref | null>();

  private resolveElementNow(n: Node): Ref | undefined {
    if (n.type === 'JSXIdentifier') {
      const c = n.name.charCodeAt(0);
      // Lower case is an intrinsic element only as the whole name: `<video>`, but `<camera.View>` is a binding.
      if (c >= 97 && c <= 122 && this.parent(n)?.type === 'JSXOpeningElement') return undefined;
      return this.resolveIdentifier(n as unknown as TSESTree.Identifier, 1);
    }
    if (n.type === 'JSXMemberExpression') {
      const obj = this.resolveElementNow(n.object as Node);
      return obj ? normalize({ ...obj, path: [...obj.path, n.property.name] }, this.globalsHere()) : undefined;
    }
    return undefined;
  }

  /** The binding an identifier refers to, searching enclosing scopes. */
  lookup(name: string, from: Node): Binding | undefined {
    let n: Node | undefined = from;
    while (n) {
      const scope = this.scopes.get(n);
      const b = scope?.get(name);
      if (b) return b;
      n = this.parent(n);
    }
    return undefined;
  }

  /** True when `name` at `from` is not declared anywhere in the file (a global). */
  isGlobal(name: string, from: Node): boolean {
    return this.lookup(name, from) === undefined;
  }

  /** The declaration node (VariableDeclarator init etc.) a plain identifier is bound to, if local. */
  bindingOf(id: TSESTree.Identifier): Binding | undefined {
    return this.lookup(id.name, id);
  }

  private resolveUncached(node: Node, depth: number): Ref | undefined {
    switch (node.type) {
      case 'Identifier':
        return this.resolveIdentifier(node, depth);
      case 'MemberExpression': {
        const prop = propertyName(node);
        if (prop === undefined) return undefined;
        if (node.object.type === 'ThisExpression') return this.resolveThisMember(node, prop, depth);
        if (prop === 'current' && node.object.type === 'Identifier') {
          const held = this.refHolds(node.object, depth);
          if (held) return held;
        }
        const obj = this.resolve(node.object, depth + 1);
        if (!obj) return undefined;
        return normalize({ ...obj, path: [...obj.path, prop] }, this.globalsHere());
      }
      case 'ChainExpression':
        return this.resolve(node.expression, depth + 1);
      case 'TSQualifiedName': {
        // A type written through a namespace: `faceapi.FaceMatcher`.
        const left = this.resolve(node.left as Node, depth + 1);
        return left ? normalize({ ...left, path: [...left.path, node.right.name] }, this.globalsHere()) : undefined;
      }
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
        return this.resolve(node.expression, depth + 1);
      case 'AwaitExpression':
        return this.resolve(node.argument, depth + 1);
      case 'CallExpression': {
        const required = requiredModule(node, this);
        if (required !== undefined) return this.moduleRef(required, []);
        const callee = this.resolve(node.callee, depth + 1);
        return callee ? { ...callee, path: [...callee.path, '()'] } : undefined;
      }
      case 'ImportExpression':
        return node.source.type === 'Literal' && typeof node.source.value === 'string' ? this.moduleRef(this.moduleOf(node.source.value), []) : undefined;
      case 'NewExpression': {
        const callee = this.resolve(node.callee, depth + 1);
        return callee ? { ...callee, path: [...callee.path, '()'] } : undefined;
      }
      case 'LogicalExpression':
        return this.resolve(node.left, depth + 1) ?? this.resolve(node.right, depth + 1);
      case 'ConditionalExpression':
        return this.resolve(node.consequent, depth + 1) ?? this.resolve(node.alternate, depth + 1);
      case 'AssignmentExpression':
        return this.resolve(node.right, depth + 1);
      case 'SequenceExpression':
        return this.resolve(node.expressions[node.expressions.length - 1], depth + 1);
      default:
        return undefined;
    }
  }

  private resolveIdentifier(id: TSESTree.Identifier, depth: number): Ref | undefined {
    const b = this.lookup(id.name, id);
    if (!b) {
      if (id.name === 'undefined') return undefined;
      return normalize({ global: true, path: GLOBAL_ROOTS.has(id.name) ? [] : [id.name] }, this.globalsHere());
    }
    switch (b.kind) {
      case 'import':
        return this.moduleRef(b.module, b.imported === '*' || b.imported === 'default' ? [] : [b.imported]);
      case 'var': {
        // React state set elsewhere (`setDetector(await createDetector(…))`): what it holds.
        const held = b.holds ? this.resolve(b.holds, depth + 1) : undefined;
        if (held) return held;
        if (b.init) {
          const base = this.resolve(b.init, depth + 1);
          if (base) return normalize({ ...base, path: [...base.path, ...b.path] }, this.globalsHere());
        }
        return this.resolveType(b.typeName, depth);
      }
      case 'param': {
        const typed = this.resolveType(b.typeName, depth);
        if (typed || b.index !== 0) return typed;
        // `import('face-api.js').then((faceapi) => …)`: the first parameter of a `then` callback on a dynamic
        // import is the module namespace (lazy loading of a heavy library).
        const call = this.parent(b.fn);
        if (call?.type !== 'CallExpression' || call.arguments[0] !== b.fn) return undefined;
        const callee = call.callee;
        if (callee.type !== 'MemberExpression' || callee.object.type !== 'ImportExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'then') return undefined;
        const loaded = this.resolve(callee.object, depth + 1);
        return loaded?.module ? normalize({ module: loaded.module, path: [...loaded.path, ...b.path] }, this.globalsHere()) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** `x: RekognitionClient` — a typed variable or parameter is an instance of the imported class. */
  private resolveType(typeName: Node | undefined, depth: number): Ref | undefined {
    if (!typeName) return undefined;
    // Only an imported type names a library class: a type with no import (a local `interface Human`, a global
    // declaration) would otherwise resolve through a library global of the same name.
    let root: Node = typeName;
    while (root.type === 'TSQualifiedName') root = root.left as Node;
    if (root.type !== 'Identifier' || this.lookup(root.name, root)?.kind !== 'import') return undefined;
    const t = this.resolve(typeName, depth + 1);
    return t && !t.global ? { ...t, path: [...t.path, '()'] } : undefined;
  }

  private resolveThisMember(node: TSESTree.MemberExpression, prop: string, depth: number): Ref | undefined {
    let n: Node | undefined = this.parent(node);
    while (n && n.type !== 'ClassBody') n = this.parent(n);
    const cls = n && this.parent(n);
    const field = cls && this.classFields.get(cls)?.get(prop);
    if (!field) return undefined;
    if (field.expr) {
      const r = this.resolve(field.expr, depth + 1);
      if (r) return r;
    }
    return this.resolveType(field.typeName, depth);
  }

  private scopeFor(node: Node, fnOnly: boolean): Map<string, Binding> {
    let n: Node | undefined = node;
    while (n && !(fnOnly ? FUNCTION_TYPES : SCOPE_TYPES).has(n.type)) n = this.parent(n);
    const owner = n ?? this.ast;
    let scope = this.scopes.get(owner);
    if (!scope) {
      scope = new Map();
      this.scopes.set(owner, scope);
    }
    return scope;
  }

  private declare(node: Node, assignments: TSESTree.AssignmentExpression[]): void {
    switch (node.type) {
      case 'ImportDeclaration': {
        if (typeof node.source.value !== 'string') return;
        const scope = this.scopeFor(node, true);
        for (const s of node.specifiers) {
          const imported =
            s.type === 'ImportNamespaceSpecifier' ? '*' : s.type === 'ImportDefaultSpecifier' ? 'default' : s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          scope.set(s.local.name, { kind: 'import', module: this.moduleOf(node.source.value), imported });
        }
        return;
      }
      case 'TSImportEqualsDeclaration': {
        const ref = node.moduleReference;
        if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal' && typeof ref.expression.value === 'string') {
          this.scopeFor(node, true).set(node.id.name, { kind: 'import', module: this.moduleOf(ref.expression.value), imported: '*' });
        }
        return;
      }
      case 'VariableDeclaration': {
        const scope = this.scopeFor(this.parent(node) ?? node, node.kind === 'var');
        for (const d of node.declarations) {
          const init = d.init ?? undefined;
          const isState = d.id.type === 'ArrayPattern' && reactHook(init, 'useState');
          const state = isState ? stateTypeName(init) : undefined;
          for (const [id, path] of patternIds(d.id, [])) {
            const stateValue = isState && path.length === 1 && path[0] === '0';
            // The state itself is what its type argument names, not a part of what `useState` returns.
            const typed = stateValue && state !== undefined;
            const b: Binding = { kind: 'var', id, init: typed ? undefined : init, path, typeName: typeNameOf(id) ?? (typed ? state : undefined) };
            scope.set(id.name, b);
            if (stateValue) this.states.set(init!, b);
          }
        }
        return;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        if (node.type === 'FunctionDeclaration' && node.id) {
          this.scopeFor(this.parent(node) ?? node, false).set(node.id.name, { kind: 'local', node });
        }
        const own = this.scopeFor(node, true);
        if (node.type === 'FunctionExpression' && node.id) own.set(node.id.name, { kind: 'local', node });
        node.params.forEach((p, index) => {
          const param = p.type === 'TSParameterProperty' ? p.parameter : p;
          for (const [id, path] of patternIds(param, [])) {
            own.set(id.name, { kind: 'param', id, typeName: typeNameOf(id), fn: node, index, path });
          }
          if (p.type === 'TSParameterProperty' && param.type === 'Identifier') this.field(node, param.name, { typeName: typeNameOf(param) });
        });
        return;
      }
      case 'ClassDeclaration':
        if (node.id) this.scopeFor(this.parent(node) ?? node, false).set(node.id.name, { kind: 'local', node });
        return;
      case 'CatchClause':
        if (node.param) for (const [id] of patternIds(node.param, [])) this.scopeFor(node, false).set(id.name, { kind: 'local', node: id });
        return;
      case 'PropertyDefinition': {
        const name = propertyKeyName(node.key, node.computed);
        if (name !== undefined) this.field(node, name, { expr: node.value ?? undefined, typeName: typeNameOf(node) });
        return;
      }
      case 'AssignmentExpression':
        if (node.operator === '=') assignments.push(node);
        return;
      default:
        return;
    }
  }

  private field(from: Node, name: string, init: FieldInit): void {
    let n: Node | undefined = this.parent(from);
    while (n && n.type !== 'ClassBody') n = this.parent(n);
    const cls = n && this.parent(n);
    if (!cls) return;
    let fields = this.classFields.get(cls);
    if (!fields) this.classFields.set(cls, (fields = new Map()));
    const prev = fields.get(name);
    // `private m: X | null = null;` then `this.m = new X()`: the real assignment replaces the placeholder.
    const placeholder = !prev?.expr || isNullLiteral(prev.expr);
    if (!prev || (placeholder && init.expr && !isNullLiteral(init.expr))) fields.set(name, { ...prev, ...init, typeName: init.typeName ?? prev?.typeName });
  }

  private recordAssignment(a: TSESTree.AssignmentExpression): void {
    if (a.left.type === 'Identifier') {
      const b = this.lookup(a.left.name, a);
      // `let c; c = client;` (or `let c = null;`): the first assignment stands in for the missing initialiser.
      if (b && b.kind === 'var' && (!b.init || isNullLiteral(b.init)) && !isNullLiteral(a.right)) b.init = a.right;
    } else if (a.left.type === 'MemberExpression' && a.left.object.type === 'ThisExpression') {
      const prop = propertyName(a.left);
      if (prop !== undefined) this.field(a, prop, { expr: a.right });
    } else if (a.left.type === 'MemberExpression' && a.left.object.type === 'Identifier' && propertyName(a.left) === 'current') {
      // `detectorRef.current = await createDetector(…)`: what a React ref holds, from its first non-null assignment.
      const b = this.lookup(a.left.object.name, a);
      if (b && b.kind === 'var' && !b.current && reactHook(b.init, 'useRef') && !isNullLiteral(a.right)) b.current = a.right;
    }
  }

  /**
   * What a React ref holds (`ref.current`): the value first assigned to `ref.current`, else the type
   * argument of `useRef<FaceLandmarker | null>(null)` as an instance.
   */
  private refHolds(id: TSESTree.Identifier, depth: number): Ref | undefined {
    const b = this.lookup(id.name, id);
    if (!b || b.kind !== 'var' || b.path.length || !reactHook(b.init, 'useRef')) return undefined;
    const held = b.current ? this.resolve(b.current, depth + 1) : undefined;
    return held ?? this.resolveType(namedType((b.init as TSESTree.CallExpression).typeArguments?.params[0]), depth);
  }
}

/** `null` or `undefined`: a placeholder initialiser (`let matcher = null;`), later replaced by an assignment. */
function isNullLiteral(n: Node): boolean {
  return (n.type === 'Literal' && n.value === null && !('regex' in n)) || (n.type === 'Identifier' && n.name === 'undefined');
}

/** `require('x')` with an unshadowed `require` and a literal argument: the module name. */
export function requiredModule(node: TSESTree.CallExpression, model: FileModel): string | undefined {
  if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  if (!arg) return undefined;
  const value = stringValue(arg);
  if (value === undefined) return undefined;
  return model.isGlobal('require', node) ? model.moduleOf(value) : undefined;
}

/** A string literal or a template literal without expressions. */
export function stringValue(node: Node | undefined | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function propertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (!node.computed && node.property.type === 'PrivateIdentifier') return '#' + node.property.name;
  if (node.computed) {
    const v = stringValue(node.property);
    if (v !== undefined) return v;
    if (node.property.type === 'Literal' && typeof node.property.value === 'number') return String(node.property.value);
  }
  return undefined;
}

export function propertyKeyName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal') return String(key.value);
  return stringValue(key);
}

function typeNameOf(node: Node): Node | undefined {
  return namedType((node as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation);
}

/**
 * React state holding an instance: `const [human, setHuman] = useState<Human | null>(null)` (also `React.useState`).
 * The type argument names what the first element holds, as an annotation would.
 */
function stateTypeName(init: Node | undefined): Node | undefined {
  if (!reactHook(init, 'useState')) return undefined;
  return namedType((init as TSESTree.CallExpression).typeArguments?.params[0]);
}

/** A call of a React hook by name: `useRef(…)` or `React.useRef(…)`. */
function reactHook(init: Node | undefined, hook: string): boolean {
  if (!init || init.type !== 'CallExpression') return false;
  const c = init.callee;
  const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' && c.object.type === 'Identifier' && c.object.name === 'React' ? c.property.name : undefined;
  return name === hook;
}

/** The one named type of `X`, `X | null` or `X | undefined`. */
function namedType(t: TSESTree.TypeNode | undefined): Node | undefined {
  if (t && t.type === 'TSTypeReference') return t.typeName as Node;
  // `X | null`, `X | undefined`: the one named type.
  if (t && t.type === 'TSUnionType') {
    const refs = t.types.filter((m) => m.type === 'TSTypeReference');
    if (refs.length === 1 && t.types.every((m) => m.type === 'TSTypeReference' || m.type === 'TSNullKeyword' || m.type === 'TSUndefinedKeyword')) return (refs[0] as TSESTree.TSTypeReference).typeName as Node;
  }
  return undefined;
}

/** Identifiers bound by a pattern, each with the property path from the destructured value. */
export function patternIds(pattern: Node, path: string[]): Array<[TSESTree.Identifier, string[]]> {
  const out: Array<[TSESTree.Identifier, string[]]> = [];
  const stack: Array<[Node, string[]]> = [[pattern, path]];
  while (stack.length) {
    const [p, pp] = stack.pop()!;
    switch (p.type) {
      case 'Identifier':
        out.push([p, pp]);
        break;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') stack.push([prop.argument, [...pp, '...']]);
          else {
            const key = propertyKeyName(prop.key, prop.computed);
            stack.push([prop.value, key === undefined ? [...pp, '?'] : [...pp, key]]);
          }
        }
        break;
      case 'ArrayPattern':
        p.elements.forEach((el, i) => el && stack.push([el, [...pp, String(i)]]));
        break;
      case 'AssignmentPattern':
        stack.push([p.left, pp]);
        break;
      case 'RestElement':
        stack.push([p.argument, [...pp, '...']]);
        break;
      case 'TSParameterProperty':
        stack.push([p.parameter, pp]);
        break;
      default:
        break;
    }
  }
  return out;
}

/** What `normalize` needs of the library globals. */
interface GlobalLookup {
  get(name: string): GlobalModule | undefined;
}

/** Strips global-object prefixes (`window.`, `globalThis.`) and maps library globals to their module. */
function normalize(ref: Ref, globals: GlobalLookup): Ref {
  // `require('x').default` and `(await import('x')).default` are the module itself, as a default import is.
  if (!ref.global) return ref.path[0] === 'default' ? { ...ref, path: ref.path.slice(1) } : ref;
  let path = ref.path;
  while (path.length && GLOBAL_ROOTS.has(path[0])) path = path.slice(1);
  const g = path.length ? globals.get(path[0]) : undefined;
  if (g) return { module: g.module, path: g.named ? path : path.slice(1) };
  return path === ref.path ? ref : { global: true, path };
}

/** Renders a path for messages: `Rekognition().compareFaces`. */
export function pathToString(path: readonly string[]): string {
  let s = '';
  for (const seg of path) {
    if (seg === '()') s += '()';
    else s += (s ? '.' : '') + seg;
  }
  return s;
}
