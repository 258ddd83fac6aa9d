import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from './parse';
import { perFile, type FileModel } from './resolve';
import type { FixSpec, Scalar } from './rules';
import type { Fix, TextEdit } from './types';
import { findProperty, dereference } from './values';
import type { Hit } from './match';

/** Settings the fixes read (guard call, retention default, coordinate precision). */
export interface FixContext {
  text: string;
  model: FileModel;
  consentGuard: string;
  defaultRetentionDays: number;
  coordinateDecimals: number;
}

/** A fix kind computes edits for one hit; rule packs add kinds with `registerFixKind`. */
export type FixBuilder = (spec: FixSpec, hit: Hit, ctx: FixContext) => TextEdit[] | undefined;

const builders = new Map<string, FixBuilder>();

export function registerFixKind(kind: string, builder: FixBuilder): void {
  builders.set(kind, builder);
}

/** Fills `{{consentGuard}}`, `{{retentionSeconds}}` and the like in fix text. */
export function fillTemplate(s: string, hit: Hit, ctx: FixContext): string {
  if (!s.includes('{{')) return s;
  const days = ctx.defaultRetentionDays;
  const vars: Record<string, string> = {
    ...hit.vars,
    consentGuard: ctx.consentGuard,
    retentionDays: String(days),
    retentionSeconds: String(days * 86400),
    retentionMs: String(days * 86400 * 1000),
    decimals: String(ctx.coordinateDecimals),
  };
  return s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
}

export function computeFixes(specs: FixSpec | FixSpec[] | undefined, hit: Hit, ctx: FixContext): Fix[] {
  if (!specs) return [];
  const out: Fix[] = [];
  for (const spec of Array.isArray(specs) ? specs : [specs]) {
    if (spec.kind === 'docs') {
      out.push({ title: spec.title, kind: 'suggestion', edits: [], docOnly: true });
      continue;
    }
    const b = builders.get(spec.kind);
    let edits: TextEdit[] | undefined;
    try {
      edits = b?.(spec, hit, ctx);
    } catch {
      edits = undefined; // a fix that cannot be computed is left out, never fatal
    }
    if (edits && edits.length) out.push({ title: fillTemplate(spec.title, hit, ctx), kind: spec.safe ? 'fix' : 'suggestion', edits });
  }
  return out;
}

/** Applies non-overlapping edits to a text (used by tests, the CLI and fix-all). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    if (e.end > lastStart) continue; // overlapping edit: skip rather than corrupt the text
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}

function callOf(hit: Hit): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const n = hit.call ?? hit.node;
  return n.type === 'CallExpression' || n.type === 'NewExpression' ? n : undefined;
}

/** Indentation of the line that holds `offset`. */
export function indentAt(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  const m = /^[ \t]*/.exec(text.slice(s, offset));
  return m ? m[0] : '';
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The statement that contains a node (for wrapping or inserting after it). */
export function enclosingStatement(model: FileModel, node: Node): Node | undefined {
  let n: Node | undefined = node;
  while (n) {
    const p = model.parent(n);
    if (!p) return undefined;
    if (p.type === 'BlockStatement' || p.type === 'Program' || p.type === 'SwitchCase' || p.type === 'StaticBlock') return n;
    if ((p.type === 'ArrowFunctionExpression' && p.body === n) || p.type === 'ExportNamedDeclaration' || p.type === 'ExportDefaultDeclaration') {
      return p.type === 'ArrowFunctionExpression' ? undefined : p;
    }
    n = p;
  }
  return undefined;
}

// setProperty: `{ enableHighAccuracy: true }` -> `{ enableHighAccuracy: false, maximumAge: 60000 }`; adds the object if missing.
registerFixKind('setProperty', (spec, hit, ctx) => {
  const s = spec as FixSpec & { arg: number; property: string; value: string };
  const call = callOf(hit);
  if (!call) return undefined;
  const props: Array<[string, string]> = [[s.property, s.value], ...Object.entries(s.also ?? {})];
  const arg = call.arguments[s.arg] as Node | undefined;
  const obj = arg ? dereference(ctx.model, arg) : undefined;
  const edits: TextEdit[] = [];
  if (obj && obj.type === 'ObjectExpression') {
    const add: string[] = [];
    for (const [key, value] of props) {
      const p = findProperty(ctx.model, obj, key);
      const v = fillTemplate(value, hit, ctx);
      if (p) {
        if (key === s.property) edits.push({ start: p.value.range[0], end: p.value.range[1], text: v });
      } else add.push(`${key}: ${v}`);
    }
    if (add.length) {
      const last = obj.properties[obj.properties.length - 1];
      if (last) {
        const after = ctx.text.slice(last.range[1], obj.range[1] - 1);
        const hasComma = /^\s*,/.test(after);
        edits.push({ start: last.range[1], end: last.range[1], text: (hasComma ? '' : ',') + ' ' + add.join(', ') + (hasComma ? ',' : '') });
      } else edits.push({ start: obj.range[0], end: obj.range[1], text: `{ ${add.join(', ')} }` });
    }
    return edits;
  }
  if (arg) return undefined; // options passed as something we cannot edit safely
  const args = call.arguments as Node[];
  if (args.length < s.arg) return undefined; // would need placeholders for missing arguments
  const objText = `{ ${props.map(([k, v]) => `${k}: ${fillTemplate(v, hit, ctx)}`).join(', ')} }`;
  const closeParen = call.range[1] - 1;
  const prefix = args.length ? ', ' : '';
  return [{ start: closeParen, end: closeParen, text: prefix + objText }];
});

// removeCall: drops `.withFaceExpressions()` from a chain, keeping the rest.
registerFixKind('removeCall', (_spec, hit) => {
  const call = callOf(hit);
  if (!call || call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return undefined;
  return [{ start: call.callee.object.range[1], end: call.range[1], text: '' }];
});

// replaceArrayItems: `Attributes: ['ALL']` -> `['DEFAULT']`; removes listed values from an array literal.
registerFixKind('replaceArrayItems', (spec, hit, ctx) => {
  const s = spec as FixSpec & { arg: number; property: string; remove: Scalar[] };
  const call = callOf(hit);
  if (!call) return undefined;
  const prop = findProperty(ctx.model, call.arguments[s.arg] as Node, s.property);
  const arr = prop && dereference(ctx.model, prop.value as Node);
  if (!arr || arr.type !== 'ArrayExpression') return undefined;
  const keep = arr.elements.filter((e) => !(e && e.type === 'Literal' && s.remove.includes(e.value as string)));
  const texts = keep.map((e) => (e ? ctx.text.slice(e.range[0], e.range[1]) : ''));
  if (!texts.length && s.replaceWith) texts.push(s.replaceWith);
  return [{ start: arr.range[0], end: arr.range[1], text: `[${texts.join(', ')}]` }];
});

// replaceCalleeProperty: `navigator.geolocation.watchPosition` -> `…getCurrentPosition`.
registerFixKind('replaceCalleeProperty', (spec, hit, ctx) => {
  const call = callOf(hit);
  if (!call || call.callee.type !== 'MemberExpression') return undefined;
  return [{ start: call.callee.property.range[0], end: call.callee.property.range[1], text: fillTemplate(String(spec.text), hit, ctx) }];
});

// replaceCalleeObject: `localStorage.setItem` -> `sessionStorage.setItem`.
registerFixKind('replaceCalleeObject', (spec, hit, ctx) => {
  const call = callOf(hit);
  if (!call || call.callee.type !== 'MemberExpression') return undefined;
  const obj = call.callee.object;
  return [{ start: obj.range[0], end: obj.range[1], text: fillTemplate(String(spec.text), hit, ctx) }];
});

// wrapStatement: `if (hasConsent('biometric')) { … }` around the statement holding the hit.
registerFixKind('wrapStatement', (spec, hit, ctx) => {
  const stmt = enclosingStatement(ctx.model, hit.call ?? hit.node);
  if (!stmt || stmt.type === 'VariableDeclaration' || stmt.type.startsWith('Export') || stmt.type.startsWith('Import')) return undefined;
  const indent = indentAt(ctx.text, stmt.range[0]);
  const eol = eolOf(ctx.text);
  const body = ctx.text.slice(stmt.range[0], stmt.range[1]).split(/\r?\n/).join(eol + '  ');
  const before = fillTemplate(String(spec.before), hit, ctx);
  const after = fillTemplate(String(spec.after), hit, ctx);
  return [{ start: stmt.range[0], end: stmt.range[1], text: `${before}${eol}${indent}  ${body}${eol}${indent}${after}` }];
});

// insertAfterStatement: adds a line (e.g. a deletion call or clearWatch) after the statement.
registerFixKind('insertAfterStatement', (spec, hit, ctx) => {
  const stmt = enclosingStatement(ctx.model, hit.call ?? hit.node);
  if (!stmt) return undefined;
  const indent = indentAt(ctx.text, stmt.range[0]);
  return [{ start: stmt.range[1], end: stmt.range[1], text: eolOf(ctx.text) + indent + fillTemplate(String(spec.text), hit, ctx) }];
});

/** True when the file uses TypeScript syntax, so that inserted declarations need a type (once per file, not per fix). */
export const usesTypeScript = perFile((model) => model.nodes.some((n) => n.type.startsWith('TS')));

/**
 * The file's identifiers that can read a binding (not a non-computed member name or property key), by name,
 * and once a name is asked for, grouped by the binding each resolves to. Fixes ask for the references of one
 * binding per finding: a file with hundreds of findings (and callbacks that all call their parameter `p`)
 * would otherwise rescan the whole tree, and resolve every same-named identifier again, for each.
 */
interface ReadIndex {
  byName: Map<string, TSESTree.Identifier[]>;
  byBinding: Map<string, Map<Node, TSESTree.Identifier[]>>;
}

const readIndex = perFile((model): ReadIndex => {
  const idx: ReadIndex = { byName: new Map(), byBinding: new Map() };
  for (const n of model.nodes) {
    if (n.type !== 'Identifier') continue;
    const p = model.parent(n);
    if (p && p.type === 'MemberExpression' && p.property === n && !p.computed) continue;
    if (p && (p.type === 'Property' || p.type === 'PropertyDefinition' || p.type === 'MethodDefinition') && p.key === n && !p.computed && !(p.type === 'Property' && p.shorthand)) continue;
    const list = idx.byName.get(n.name);
    if (list) list.push(n);
    else idx.byName.set(n.name, [n]);
  }
  return idx;
});

export function readsByBinding(model: FileModel, name: string): Map<Node, TSESTree.Identifier[]> {
  const idx = readIndex(model);
  let groups = idx.byBinding.get(name);
  if (!groups) {
    groups = new Map();
    for (const n of idx.byName.get(name) ?? []) {
      const b = model.lookup(n.name, n);
      if (!b || !('id' in b)) continue;
      const list = groups.get(b.id);
      if (list) list.push(n);
      else groups.set(b.id, [n]);
    }
    idx.byBinding.set(name, groups);
  }
  return groups;
}
