import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from './parse';
import { propertyKeyName, type FileModel } from './resolve';
import type { Scalar } from './rules';

/** Follows a `const` identifier to its initialiser, so `const opts = {…}; f(opts)` reads the literal. */
export function dereference(model: FileModel, node: Node | undefined, depth = 0): Node | undefined {
  let n = node;
  while (n && depth < 8) {
    if (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSNonNullExpression') {
      n = n.expression;
    } else if (n.type === 'Identifier') {
      const b = model.lookup(n.name, n);
      if (!b || b.kind !== 'var' || !b.init || b.path.length) return n;
      n = b.init;
    } else return n;
    depth++;
  }
  return n;
}

/** The property node for a dotted path inside an object literal (following identifiers to literals). */
export function findProperty(model: FileModel, obj: Node | undefined, dotted: string): TSESTree.Property | undefined {
  let cur = dereference(model, obj);
  let found: TSESTree.Property | undefined;
  for (const key of dotted.split('.')) {
    if (!cur || cur.type !== 'ObjectExpression') return undefined;
    found = undefined;
    for (let i = cur.properties.length - 1; i >= 0; i--) {
      const p = cur.properties[i];
      if (p.type === 'Property' && propertyKeyName(p.key, p.computed) === key) {
        found = p;
        break;
      }
    }
    if (!found) return undefined;
    cur = dereference(model, found.value as Node);
  }
  return found;
}

export const UNKNOWN = Symbol('unknown');
export type Value = Scalar | Value[] | typeof UNKNOWN;

/** Evaluates literals, negative numbers, array literals and `const` references; anything else is UNKNOWN. */
export function evaluate(model: FileModel, node: Node | undefined): Value {
  const n = dereference(model, node);
  if (!n) return UNKNOWN;
  switch (n.type) {
    case 'Literal':
      return typeof n.value === 'string' || typeof n.value === 'number' || typeof n.value === 'boolean' || n.value === null ? n.value : UNKNOWN;
    case 'TemplateLiteral':
      return n.expressions.length === 0 ? (n.quasis[0].value.cooked ?? UNKNOWN) : UNKNOWN;
    case 'UnaryExpression': {
      const v = evaluate(model, n.argument);
      if (n.operator === '-' && typeof v === 'number') return -v;
      if (n.operator === '!' && typeof v === 'number') return !v;
      return UNKNOWN;
    }
    case 'BinaryExpression': {
      const l = evaluate(model, n.left as Node);
      const r = evaluate(model, n.right);
      if (typeof l === 'number' && typeof r === 'number') {
        if (n.operator === '*') return l * r;
        if (n.operator === '+') return l + r;
        if (n.operator === '-') return l - r;
        if (n.operator === '/') return r === 0 ? UNKNOWN : l / r;
      }
      return UNKNOWN;
    }
    case 'ArrayExpression':
      return n.elements.map((e) => (e && e.type !== 'SpreadElement' ? evaluate(model, e) : UNKNOWN));
    default:
      return UNKNOWN;
  }
}

/** The text shape of a string-ish value: literals as they are, template literals and `+` concatenations with `*` for unknown parts. */
export function stringShape(model: FileModel, node: Node | undefined, depth = 0): string | undefined {
  const n = dereference(model, node);
  if (!n || depth > 6) return undefined;
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral') {
    let s = '';
    n.quasis.forEach((q, i) => {
      s += q.value.cooked ?? q.value.raw;
      if (i < n.expressions.length) s += stringShape(model, n.expressions[i] as Node, depth + 1) ?? '*';
    });
    return s;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const l = stringShape(model, n.left as Node, depth + 1);
    const r = stringShape(model, n.right, depth + 1);
    if (l === undefined && r === undefined) return undefined;
    return (l ?? '*') + (r ?? '*');
  }
  if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && n.callee.name === 'URL') {
    const rel = stringShape(model, n.arguments[0] as Node, depth + 1);
    const base = stringShape(model, n.arguments[1] as Node, depth + 1);
    if (rel === undefined) return undefined;
    return /^[a-z]+:\/\//i.test(rel) || base === undefined ? rel : base.replace(/\/$/, '') + '/' + rel.replace(/^\//, '');
  }
  return undefined;
}

export function isFunctionNode(n: Node | undefined): boolean {
  return !!n && (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression');
}
