import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from '../parse';
import { propertyKeyName, propertyName, type FileModel } from '../resolve';
import type { TextEdit } from '../types';
import { enclosingStatement, eolOf, indentAt, registerFixKind, type FixContext } from '../fixes';
import { dereference } from '../values';
import type { Hit } from '../match';
import { mongooseModelInfo, schemaOf } from '../retention';

/** Retention fix kinds: expiry in the sink's own unit (Redis seconds, js-cookie days, Express ms, Next.js s), session storage, Mongoose `expires`, redacted logs. */

type CallNode = TSESTree.CallExpression | TSESTree.NewExpression;

function callOf(hit: Hit): CallNode | undefined {
  const n = hit.call ?? hit.node;
  return n.type === 'CallExpression' || n.type === 'NewExpression' ? n : undefined;
}

function seconds(ctx: FixContext): number {
  return ctx.defaultRetentionDays * 86400;
}

/** Adds `key: value` to an object literal, or returns undefined when the node is not one. */
function addProperty(ctx: FixContext, obj: Node | undefined, prop: string): TextEdit[] | undefined {
  const o = dereference(ctx.model, obj);
  if (!o || o.type !== 'ObjectExpression') return undefined;
  const last = o.properties[o.properties.length - 1];
  if (!last) return [{ start: o.range[0], end: o.range[1], text: `{ ${prop} }` }];
  const after = ctx.text.slice(last.range[1], o.range[1] - 1);
  const hasComma = /^\s*,/.test(after);
  return [{ start: last.range[1], end: last.range[1], text: (hasComma ? '' : ',') + ' ' + prop + (hasComma ? ',' : '') }];
}

/** Appends an argument before the closing parenthesis of a call. */
function appendArg(call: CallNode, text: string): TextEdit[] {
  const close = call.range[1] - 1;
  return [{ start: close, end: close, text: (call.arguments.length ? ', ' : '') + text }];
}

// addRedisExpiry: `set(k, v)` → `set(k, v, { EX: 2592000 })` (node-redis) or `set(k, v, 'EX', 2592000)` (ioredis);
// other writes (`hSet`, `geoAdd`, `lPush`) get an `expire(key, seconds)` after the statement.
registerFixKind('addRedisExpiry', (_spec, hit, ctx) => {
  const call = callOf(hit);
  if (!call || call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(call.callee);
  const secs = seconds(ctx);
  const ioredis = hit.module === 'ioredis';
  if (method === 'set' || method === 'SET') {
    if (call.arguments.length < 2) return undefined;
    if (ioredis) return call.arguments.length === 2 ? appendArg(call, `'EX', ${secs}`) : undefined;
    if (call.arguments.length === 2) return appendArg(call, `{ EX: ${secs} }`);
    return addProperty(ctx, call.arguments[2] as Node, `EX: ${secs}`);
  }
  const stmt = enclosingStatement(ctx.model, call);
  const key = call.arguments[0];
  if (!stmt || !key) return undefined;
  const client = ctx.text.slice(call.callee.object.range[0], call.callee.object.range[1]);
  const awaited = /^\s*(await\b|return await\b)/.test(ctx.text.slice(stmt.range[0], call.range[0])) || ctx.text.slice(stmt.range[0], stmt.range[1]).includes('await ');
  const keyText = ctx.text.slice(key.range[0], key.range[1]);
  const indent = indentAt(ctx.text, stmt.range[0]);
  return [{ start: stmt.range[1], end: stmt.range[1], text: `${eolOf(ctx.text)}${indent}${awaited ? 'await ' : ''}${client}.expire(${keyText}, ${secs});` }];
});

// addCookieExpiry: the cookie's lifetime in the sink's unit.
registerFixKind('addCookieExpiry', (_spec, hit, ctx) => {
  const days = ctx.defaultRetentionDays;
  const secs = seconds(ctx);
  if (hit.node.type === 'AssignmentExpression') {
    // document.cookie = `pos=${p}` → `pos=${p}; Max-Age=2592000`
    const r = hit.node.right;
    if (r.type === 'TemplateLiteral') {
      const q = r.quasis[r.quasis.length - 1];
      return [{ start: q.range[1] - 1, end: q.range[1] - 1, text: `; Max-Age=${secs}` }];
    }
    if (r.type === 'Literal' && typeof r.value === 'string') return [{ start: r.range[1] - 1, end: r.range[1] - 1, text: `; Max-Age=${secs}` }];
    return [{ start: r.range[1], end: r.range[1], text: ` + '; Max-Age=${secs}'` }];
  }
  const call = callOf(hit);
  if (!call) return undefined;
  const mod = hit.module ?? '';
  // js-cookie: days; Express: maxAge in ms; Next.js and cookieStore-like objects: seconds.
  const prop = mod === 'js-cookie' ? `expires: ${days}` : mod === 'express' ? `maxAge: ${secs * 1000}` : `maxAge: ${secs}`;
  const args = call.arguments as Node[];
  const first = dereference(ctx.model, args[0]);
  if (first?.type === 'ObjectExpression' && args.length === 1) return addProperty(ctx, first, prop);
  if (args.length === 2) return appendArg(call, `{ ${prop} }`);
  if (args.length >= 3) return addProperty(ctx, args[2], prop);
  return undefined;
});

// useSessionStorage: `localStorage.setItem` → `sessionStorage.setItem` (the value ends with the tab).
registerFixKind('useSessionStorage', (_spec, hit, ctx) => {
  const call = callOf(hit);
  if (!call || call.callee.type !== 'MemberExpression') return undefined;
  const obj = call.callee.object;
  const text = ctx.text.slice(obj.range[0], obj.range[1]);
  if (!/^((window|globalThis|self)\s*\.\s*)?localStorage$/.test(text)) return undefined;
  return [{ start: obj.range[0], end: obj.range[1], text: text.replace(/localStorage$/, 'sessionStorage') }];
});

// addMongooseExpires: `createdAt: { type: Date, default: Date.now }` → `… , expires: 2592000 }` in the model's schema (same file).
// On a `new Schema({…})` itself (retention-schema), the schema is the hit; a schema with no date field gets one.
registerFixKind('addMongooseExpires', (_spec, hit, ctx) => {
  const call = callOf(hit);
  if (!call) return undefined;
  const own = call.type === 'NewExpression' ? schemaOf(ctx.model, call) : undefined;
  let schema = own;
  if (!schema) {
    const c = call.callee.type === 'ChainExpression' ? call.callee.expression : call.callee;
    const modelExpr = call.type === 'NewExpression' ? c : c.type === 'MemberExpression' ? c.object : undefined;
    const def = modelExpr && dereference(ctx.model, modelExpr as Node);
    if (!def || def.type !== 'CallExpression' || !mongooseModelInfo(ctx.model, def)) return undefined;
    schema = schemaOf(ctx.model, def.arguments[1] as Node);
  }
  const fields = dereference(ctx.model, schema?.arguments[0] as Node | undefined);
  if (!schema || !fields || fields.type !== 'ObjectExpression') return undefined;
  const secs = seconds(ctx);
  for (const p of fields.properties) {
    if (p.type !== 'Property') continue;
    const name = propertyKeyName(p.key, p.computed) ?? '';
    const v = dereference(ctx.model, p.value as Node);
    if (v?.type === 'ObjectExpression' && isDateField(ctx.model, v) && /^(createdAt|created|timestamp|recordedAt|updatedAt|at|time|date|seenAt|lastSeen)$/i.test(name)) {
      return addProperty(ctx, v, `expires: ${secs}`);
    }
  }
  // `{ timestamps: true }`: the TTL goes on the generated createdAt through an index.
  const opts = dereference(ctx.model, schema.arguments[1] as Node);
  const stmt = enclosingStatement(ctx.model, schema);
  const declId = stmt?.type === 'VariableDeclaration' && stmt.declarations[0]?.id.type === 'Identifier' ? stmt.declarations[0].id.name : undefined;
  if (opts?.type === 'ObjectExpression' && /timestamps\s*:\s*true/.test(ctx.text.slice(opts.range[0], opts.range[1])) && stmt && declId) {
    const indent = indentAt(ctx.text, stmt.range[0]);
    return [{ start: stmt.range[1], end: stmt.range[1], text: `${eolOf(ctx.text)}${indent}${declId}.index({ createdAt: 1 }, { expireAfterSeconds: ${secs} });` }];
  }
  if (own && !(opts?.type === 'ObjectExpression' && /timestamps\s*:/.test(ctx.text.slice(opts.range[0], opts.range[1])))) {
    return addProperty(ctx, fields, `createdAt: { type: Date, default: Date.now, expires: ${secs} }`);
  }
  return undefined;
});

function isDateField(model: FileModel, o: TSESTree.ObjectExpression): boolean {
  for (const p of o.properties) {
    if (p.type === 'Property' && propertyKeyName(p.key, p.computed) === 'type') {
      const v = dereference(model, p.value as Node);
      return !!v && v.type === 'Identifier' && v.name === 'Date';
    }
  }
  return false;
}

// redactLogValue: the logged location or face value is replaced by a placeholder.
registerFixKind('redactLogValue', (_spec, hit) => {
  const call = callOf(hit);
  const i = Number(hit.vars.argIndex);
  const arg = call?.arguments[i];
  if (!arg || Number.isNaN(i)) return undefined;
  return [{ start: arg.range[0], end: arg.range[1], text: `'[redacted ${hit.vars.source ?? 'value'}]'` }];
});
