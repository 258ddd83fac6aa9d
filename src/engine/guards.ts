import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from './parse';
import { propertyName, type FileModel } from './resolve';

/**
 * Consent guards: does a consent or permission check sit on the path to a call in the same file?
 * Recognised: the call is inside the branch of an `if`/`?:`/`&&` whose test checks a guard, follows an
 * early-return guard (`if (!hasConsent()) return;`) in an enclosing block, or runs inside a callback
 * handed to a consent API (`OneTrust.OnConsentChanged(cb)`, `requestConsent().then(cb)`).
 * Intra-file and syntactic: a guard in a caller in another file is not seen.
 */

/** Names that are guards by themselves (consent managers and permission APIs of the reference, section 5). */
export const DEFAULT_CONSENT_GUARDS: readonly string[] = [
  'hasConsent',
  'acceptedCategory',
  'allowedCategory',
  'OnetrustActiveGroups',
  'OptanonWrapper',
  '__tcfapi',
  '__gpp',
  'useCameraPermissions',
  'useCameraPermission',
  'getCameraPermissionStatus',
  'isEnrolledAsync',
];

/** Identifier and property names that read as a consent or permission check (not `isAuthorized`: a login is not consent). */
const GUARD_WORDS = /consent|permission|granted/i;
/** Browser events fired by consent managers once a choice is made. */
const CONSENT_EVENTS = /^(CookiebotOn(Accept|ConsentReady)|OneTrustGroupsUpdated|cc:onConsent|consent(-|_)?(granted|given|accepted))$/i;
/** A statement-level call that throws unless consent is given (`await ensureConsent('biometric')`). */
const ASSERTING_CALL = /^(assert|ensure|require|check)\w*(Consent|Permission)/i;

type Polarity = 'pos' | 'neg';

/** Guard names for one analysis: the defaults plus configured extras. */
export class GuardSet {
  private readonly names: Set<string>;
  constructor(extra: readonly string[] = []) {
    this.names = new Set([...DEFAULT_CONSENT_GUARDS, ...extra]);
  }
  isGuardName(name: string): boolean {
    return this.names.has(name) || GUARD_WORDS.test(name);
  }
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** True when a consent or permission check dominates `node` syntactically (see the file comment). */
export function isConsentGuarded(model: FileModel, node: Node, guards: GuardSet): boolean {
  let child: Node = node;
  let parent = model.parent(node);
  let crossedFunction = false;
  while (parent) {
    switch (parent.type) {
      case 'IfStatement':
      case 'ConditionalExpression': {
        if (child === parent.test) break;
        const pol = testPolarity(model, parent.test as Node, guards, 0);
        if (pol === 'pos' && child === parent.consequent) return true;
        if (pol === 'neg' && child === parent.alternate) return true;
        break;
      }
      case 'LogicalExpression':
        if (child === parent.right && parent.operator === '&&' && testPolarity(model, parent.left as Node, guards, 0) === 'pos') return true;
        if (child === parent.right && parent.operator === '||' && testPolarity(model, parent.left as Node, guards, 0) === 'neg') return true;
        break;
      case 'BlockStatement':
      case 'Program':
      case 'StaticBlock': {
        const body = parent.body as Node[];
        const idx = body.indexOf(child);
        // Inside a closure (an event handler of a component), a gate anywhere in the enclosing body counts:
        // the handler is reachable only through what the body renders after the gate.
        const upto = crossedFunction ? body.length : idx;
        for (let i = 0; i < upto; i++) if (i !== idx && isGateStatement(model, body[i], guards)) return true;
        break;
      }
      case 'CallExpression':
      case 'NewExpression':
        if (child !== parent.callee && FUNCTION_TYPES.has(child.type) && isConsentCallbackHost(model, parent, guards)) return true;
        break;
      case 'Property': {
        // `CookieConsent.run({ onConsent: () => … })`, `Klaro.watch({ update: … })`
        const obj = model.parent(parent);
        const call = obj && model.parent(obj);
        if (FUNCTION_TYPES.has(child.type) && call && (call.type === 'CallExpression' || call.type === 'NewExpression') && isConsentCallbackHost(model, call, guards)) return true;
        const key = propertyKeyText(parent);
        if (FUNCTION_TYPES.has(child.type) && key && /^on(Consent|FirstConsent|Accept)/i.test(key)) return true;
        break;
      }
      default:
        break;
    }
    if (FUNCTION_TYPES.has(parent.type)) {
      if (parent.type === 'FunctionDeclaration' && parent.id && guards.isGuardName(parent.id.name)) return true; // OptanonWrapper
      crossedFunction = true;
    }
    child = parent;
    parent = model.parent(parent);
  }
  return false;
}

function propertyKeyText(p: TSESTree.Property): string | undefined {
  if (p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'Literal' && typeof p.key.value === 'string') return p.key.value;
  return undefined;
}

/** `if (!hasConsent()) return;`, `if (status !== 'granted') { alert(); return; }`, `await ensureConsent();` */
function isGateStatement(model: FileModel, stmt: Node, guards: GuardSet): boolean {
  if (stmt.type === 'IfStatement') {
    return testPolarity(model, stmt.test as Node, guards, 0) === 'neg' && exits(stmt.consequent as Node);
  }
  if (stmt.type === 'ExpressionStatement') {
    let e: Node = stmt.expression as Node;
    if (e.type === 'AwaitExpression') e = e.argument as Node;
    if (e.type === 'CallExpression') {
      const name = calleeName(e.callee as Node);
      return name !== undefined && ASSERTING_CALL.test(name);
    }
  }
  return false;
}

/** The statement always leaves the enclosing function or block (return, throw, break, continue). */
function exits(stmt: Node): boolean {
  switch (stmt.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return true;
    case 'BlockStatement':
      return stmt.body.length > 0 && exits(stmt.body[stmt.body.length - 1] as Node);
    case 'IfStatement':
      return !!stmt.alternate && exits(stmt.consequent as Node) && exits(stmt.alternate as Node);
    default:
      return false;
  }
}

/** A call whose callbacks run only after consent: its callee names a guard, or it listens for a consent event. */
function isConsentCallbackHost(model: FileModel, call: TSESTree.CallExpression | TSESTree.NewExpression, guards: GuardSet): boolean {
  if (mentionsGuard(model, call.callee as Node, guards, 0)) return true;
  const name = calleeName(call.callee as Node);
  if (name === 'addEventListener' || name === 'on') {
    const ev = call.arguments[0];
    if (ev && ev.type === 'Literal' && typeof ev.value === 'string' && CONSENT_EVENTS.test(ev.value)) return true;
  }
  return false;
}

function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return propertyName(callee);
  return undefined;
}

/**
 * Whether a test expression checks a guard and which way: `pos` when the test holds only with consent
 * (`hasConsent()`, `status === 'granted'`), `neg` when it holds without it (`!hasConsent()`).
 */
export function testPolarity(model: FileModel, test: Node, guards: GuardSet, depth: number): Polarity | undefined {
  if (depth > 6) return undefined;
  switch (test.type) {
    case 'UnaryExpression':
      if (test.operator === '!') return flip(testPolarity(model, test.argument as Node, guards, depth + 1));
      return undefined;
    case 'LogicalExpression': {
      const l = testPolarity(model, test.left as Node, guards, depth + 1);
      const r = testPolarity(model, test.right as Node, guards, depth + 1);
      if (test.operator === '&&') return l === 'pos' || r === 'pos' ? 'pos' : l === 'neg' && r === 'neg' ? 'neg' : undefined;
      if (test.operator === '||') return l === 'neg' || r === 'neg' ? 'neg' : l === 'pos' && r === 'pos' ? 'pos' : undefined;
      return l ?? r;
    }
    case 'BinaryExpression': {
      const mentioned = mentionsGuard(model, test.left as Node, guards, depth + 1) || mentionsGuard(model, test.right, guards, depth + 1);
      if (!mentioned) return undefined;
      const other = literalOf(test.right) ?? literalOf(test.left as Node);
      const negOp = test.operator === '!==' || test.operator === '!=';
      const eqOp = test.operator === '===' || test.operator === '==';
      if (!negOp && !eqOp) return 'pos';
      const denied = other === false || other === null || (typeof other === 'string' && /^(denied|blocked|undetermined|prompt|never_ask_again|unavailable|limited)$/i.test(other));
      const positive = eqOp ? !denied : denied;
      return positive ? 'pos' : 'neg';
    }
    case 'AwaitExpression':
    case 'ChainExpression':
    case 'TSNonNullExpression':
    case 'TSAsExpression':
      return testPolarity(model, (test as { expression?: Node; argument?: Node }).expression ?? (test as { argument: Node }).argument, guards, depth + 1);
    default:
      return mentionsGuard(model, test, guards, depth + 1) ? 'pos' : undefined;
  }
}

function flip(p: Polarity | undefined): Polarity | undefined {
  return p === 'pos' ? 'neg' : p === 'neg' ? 'pos' : undefined;
}

function literalOf(n: Node): string | number | boolean | null | undefined {
  if (n.type === 'Literal') return n.value as string | number | boolean | null;
  if (n.type === 'Identifier' && n.name === 'undefined') return null;
  if (n.type === 'MemberExpression') {
    const p = propertyName(n);
    if (p && /^(GRANTED|AUTHORIZED)$/.test(p)) return 'granted';
    if (p && /^(DENIED|BLOCKED|UNAVAILABLE|LIMITED|NEVER_ASK_AGAIN)$/.test(p)) return 'denied';
  }
  return undefined;
}

/** The expression reads or calls a guard, directly or through a local `const ok = await hasConsent()`. */
export function mentionsGuard(model: FileModel, n: Node, guards: GuardSet, depth: number): boolean {
  if (depth > 8) return false;
  switch (n.type) {
    case 'Identifier': {
      if (guards.isGuardName(n.name)) return true;
      const b = model.lookup(n.name, n);
      if (b && b.kind === 'var' && b.init) return mentionsGuard(model, b.init, guards, depth + 1);
      return false;
    }
    case 'Literal':
      return typeof n.value === 'string' && /^(granted|authorized)$/i.test(n.value);
    case 'MemberExpression': {
      const p = propertyName(n);
      if (p !== undefined && guards.isGuardName(p)) return true;
      return mentionsGuard(model, n.object as Node, guards, depth + 1);
    }
    case 'CallExpression':
      return mentionsGuard(model, n.callee as Node, guards, depth + 1) || n.arguments.some((a) => a.type === 'Literal' && mentionsGuard(model, a as Node, guards, depth + 1));
    case 'AwaitExpression':
      return mentionsGuard(model, n.argument as Node, guards, depth + 1);
    case 'ChainExpression':
    case 'TSNonNullExpression':
    case 'TSAsExpression':
      return mentionsGuard(model, n.expression as Node, guards, depth + 1);
    case 'UnaryExpression':
      return mentionsGuard(model, n.argument as Node, guards, depth + 1);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return mentionsGuard(model, n.left as Node, guards, depth + 1) || mentionsGuard(model, n.right as Node, guards, depth + 1);
    default:
      return false;
  }
}
