import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from './parse';
import { pathToString, perFile, propertyKeyName, propertyName, stringValue, type FileModel, type Ref } from './resolve';
import { dereference, findProperty, stringShape } from './values';
import type { FlowSummaries } from './summaries';

/** A sink a tainted value reached: the call (or assignment), the receiving argument and the kind of store. */
export interface SinkSite {
  node: Node;
  arg: Node;
  argIndex: number;
  ref: Ref;
  /** `web-storage`, `cookie`, `redis`, `mongo`, … (the rule's `flow.sink`). */
  sink: string;
  callee: string;
  /** Some origin of the value is a server-side source (request fields, IP lookup, cloud face API). */
  serverOrigin?: boolean;
}

interface SinkCtx {
  file: string;
  summaries?: FlowSummaries;
}

/** Attribute names that hold an expiry time (DynamoDB TTL, Firestore TTL policies, app-level expiry). */
export const EXPIRY_ATTRIBUTE = /^(ttl|_?expires?(_?at|_?on|_?time)?|expir(y|ation)(_?(time|date|at|timestamp))?|expire_?at|delete_?at|purge_?at|valid_?until)$/i;
const REDIS_TTL_TOKEN = /^(EX|PX|EXAT|PXAT|KEEPTTL)$/i;
const REDIS_EXPIRE_METHOD = /^p?expire(at)?$/i;
const REDIS_DROP_METHOD = /^(del|unlink|getdel|getDel|ltrim|lTrim|hDel|hdel|zRemRangeByRank|zremrangebyrank|zRemRangeByScore|zremrangebyscore)$/;
const STORAGE_REMOVE = /^(removeItem|removeItemAsync|deleteItemAsync|multiRemove|clear|delete|remove|dropInstance)$/;
const COOKIE_REMOVE = /^(remove|clearCookie|delete)$/;
const FILE_REMOVE = /^(unlink|unlinkSync|rm|rmSync)$/;
const DB_DELETE = /^(deleteMany|deleteOne|findByIdAndDelete|findOneAndDelete|findByIdAndRemove|findOneAndRemove|remove|destroy|delete|bulkDelete|clear|truncate)$/;

/**
 * True when the store bounds what it keeps: an expiry (TTL, cookie lifetime), a cap, or an explicit
 * deletion of the same key or collection in the file. Bounded stores are not reported.
 */
export function isBoundedSink(model: FileModel, s: SinkSite, ctx: SinkCtx): boolean {
  switch (s.sink) {
    case 'web-storage':
      return hasDeletion(model, s, STORAGE_REMOVE, 'key');
    case 'cookie':
      return cookieHasLifetime(model, s) || hasDeletion(model, s, COOKIE_REMOVE, 'name');
    case 'redis':
      return redisHasTtl(model, s);
    case 'mongo':
      return mongoBounded(model, s, ctx) || hasDeletion(model, s, DB_DELETE, 'receiver');
    case 'dynamodb':
      return itemHasExpiry(model, s, dynamoTtlAttributes(model));
    case 'firestore':
      return itemHasExpiry(model, s, new Set());
    case 'sql':
      return hasDeletion(model, s, DB_DELETE, 'receiver');
    case 's3':
      return model.calls.some((n) => /^(PutBucketLifecycleConfiguration(Command)?|putBucketLifecycleConfiguration)$/.test(calleeTail(n) ?? ''));
    case 'file':
      return hasDeletion(model, s, FILE_REMOVE, 'firstArgAnyReceiver');
    case 'log':
      return logBounded(model, s, ctx);
    default:
      return false;
  }
}

function calleeTail(n: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const c = n.callee.type === 'ChainExpression' ? n.callee.expression : n.callee;
  if (c.type === 'MemberExpression') return propertyName(c);
  if (c.type === 'Identifier') return c.name;
  return undefined;
}

/** `window.localStorage` and `localStorage` are the same receiver. */
function receiverText(text: string, call: Node): string | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const c = call.callee.type === 'ChainExpression' ? call.callee.expression : call.callee;
  if (c.type !== 'MemberExpression') return undefined;
  return text
    .slice(c.object.range[0], c.object.range[1])
    .replace(/\s+/g, '')
    .replace(/\?\./g, '.')
    .replace(/^(window|globalThis|self)\./, '');
}

function argText(text: string, n: Node | undefined): string | undefined {
  return n ? text.slice(n.range[0], n.range[1]).replace(/\s+/g, '') : undefined;
}

let currentText = '';

/** The text of the file being analysed (analysis is synchronous: one file at a time). */
export function setSinkText(text: string): void {
  currentText = text;
}

function sourceText(model: FileModel): string {
  void model;
  return currentText;
}

/**
 * A deletion of the same thing somewhere in the file: `localStorage.removeItem(sameKey)`,
 * `Cookies.remove(sameName)`, `Delivery.deleteMany(…)` on logout, `fs.unlink(samePath)`.
 */
function hasDeletion(model: FileModel, s: SinkSite, methods: RegExp, match: 'key' | 'name' | 'receiver' | 'firstArgAnyReceiver'): boolean {
  const text = sourceText(model);
  if (!text || s.node.type !== 'CallExpression') return false;
  const recv = receiverText(text, s.node);
  const key = argText(text, s.node.arguments[0] as Node);
  for (const n of deletionCalls(model, methods)) {
    if (n === s.node) continue;
    const name = calleeTail(n)!;
    const r = receiverText(text, n);
    if (match === 'firstArgAnyReceiver') {
      if (key && argText(text, n.arguments[0] as Node) === key) return true;
      continue;
    }
    if (r === undefined || recv === undefined) continue;
    const sameRecv = r === recv || (match === 'receiver' && r.startsWith(recv + '.'));
    if (!sameRecv) continue;
    if (match === 'receiver') return true;
    if (/^(clear|dropInstance)$/.test(name) && n.arguments.length === 0) return true;
    // Dexie/idb tables: `db.positions.add(p)` … `db.positions.delete(id)`.
    if (s.node.arguments.length < 2 && match === 'key') return true;
    if (key && argText(text, n.arguments[0] as Node) === key) return true;
  }
  return false;
}

/** The file's calls whose method name `methods` matches, in file order: found once per file and pattern, not once per sink. */
function deletionCalls(model: FileModel, methods: RegExp): TSESTree.CallExpression[] {
  const byPattern = deletionIndex(model);
  let calls = byPattern.get(methods);
  if (!calls) {
    calls = [];
    for (const n of model.calls) {
      if (n.type !== 'CallExpression') continue;
      const name = calleeTail(n);
      if (name && methods.test(name)) calls.push(n);
    }
    byPattern.set(methods, calls);
  }
  return calls;
}

const deletionIndex = perFile(() => new Map<RegExp, TSESTree.CallExpression[]>());

function objectArgs(model: FileModel, call: Node): TSESTree.ObjectExpression[] {
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return [];
  const out: TSESTree.ObjectExpression[] = [];
  for (const a of call.arguments) {
    const d = dereference(model, a as Node);
    if (d && d.type === 'ObjectExpression') out.push(d);
  }
  return out;
}

function hasKey(o: TSESTree.ObjectExpression, re: RegExp): boolean {
  return o.properties.some((p) => p.type === 'Property' && re.test(propertyKeyName(p.key, p.computed) ?? ''));
}

function cookieHasLifetime(model: FileModel, s: SinkSite): boolean {
  if (s.node.type === 'AssignmentExpression') {
    const shape = stringShape(model, s.node.right);
    return shape !== undefined && /(max-age|expires)=/i.test(shape);
  }
  return objectArgs(model, s.node).some((o) => hasKey(o, /^(expires|maxAge|max-age|expirationDate)$/i));
}

function redisHasTtl(model: FileModel, s: SinkSite): boolean {
  const call = s.node;
  if (call.type !== 'CallExpression') return false;
  const args = call.arguments as Node[];
  for (let i = 2; i < args.length; i++) {
    const v = stringValue(dereference(model, args[i]));
    if (v !== undefined && (REDIS_TTL_TOKEN.test(v) || /^MAXLEN$/i.test(v))) return true;
  }
  for (const o of objectArgs(model, call)) if (o !== dereference(model, args[1]) && hasKey(o, /^(EX|PX|EXAT|PXAT|KEEPTTL|expiration|TRIM)$/)) return true;
  const text = sourceText(model);
  const key = argText(text, args[0]);
  if (!key) return false;
  const fn = model.enclosingFunction(call);
  for (const n of model.calls) {
    if (n.type !== 'CallExpression' || n === call) continue;
    const name = calleeTail(n);
    if (!name) continue;
    const sameKey = argText(text, n.arguments[0] as Node) === key;
    if (!sameKey) continue;
    if (REDIS_EXPIRE_METHOD.test(name) && model.enclosingFunction(n) === fn) return true;
    if (REDIS_DROP_METHOD.test(name)) return true;
  }
  return false;
}

/** The TTL attribute names an `UpdateTimeToLiveCommand` in the file enables (found once per file, not per write). */
const dynamoTtlAttributes = perFile((model): Set<string> => {
  const out = new Set<string>();
  for (const n of model.calls) {
    if ((n.type !== 'NewExpression' && n.type !== 'CallExpression') || !/^(UpdateTimeToLiveCommand|updateTimeToLive)$/.test(calleeTail(n) ?? '')) continue;
    const p = findProperty(model, n.arguments[0] as Node, 'TimeToLiveSpecification.AttributeName');
    const v = p && stringValue(p.value as Node);
    if (v) out.add(v);
  }
  return out;
});

/** A DynamoDB item or Firestore document that carries an expiry attribute. */
function itemHasExpiry(model: FileModel, s: SinkSite, names: Set<string>): boolean {
  const isExpiry = (k: string) => names.has(k) || EXPIRY_ATTRIBUTE.test(k);
  for (const o of objectArgs(model, s.node)) {
    for (const p of o.properties) {
      if (p.type !== 'Property') continue;
      const k = propertyKeyName(p.key, p.computed) ?? '';
      if (isExpiry(k)) return true;
      if (/^(Item|data)$/.test(k)) {
        const inner = dereference(model, p.value as Node);
        if (inner?.type === 'ObjectExpression' && inner.properties.some((q) => q.type === 'Property' && isExpiry(propertyKeyName(q.key, q.computed) ?? ''))) return true;
      }
      if (k === 'UpdateExpression') {
        const v = stringShape(model, p.value as Node) ?? '';
        if (v.split(/[^\w#]+/).some((w) => isExpiry(w.replace(/^#/, '')))) return true;
      }
    }
  }
  return false;
}

/** Console output in browser code is not kept; winston with a rotating file that has `maxFiles`, or pino with `redact`, is bounded or redacted. */
function logBounded(model: FileModel, s: SinkSite, ctx: SinkCtx): boolean {
  // Console output is kept (shipped to log storage) on servers; in a browser or app it is not.
  if (s.ref.global) return !s.serverOrigin || isBrowserFile(model, ctx.file);
  const text = sourceText(model);
  if (/winston-daily-rotate-file|DailyRotateFile/.test(text) && /maxFiles\s*:/.test(text)) return true;
  if (s.ref.module === 'pino' && /\bredact\s*:/.test(text)) return true;
  return false;
}

function isBrowserFile(model: FileModel, file: string): boolean {
  if (/\.(tsx|jsx|vue|svelte|html?)$/i.test(file)) return true;
  return usesBrowserApis(model);
}

/** Asked for each log write of a file: answered once per file. */
const usesBrowserApis = perFile((model): boolean => {
  for (const n of model.nodes) {
    if (n.type === 'Identifier' && /^(window|document|navigator|localStorage|sessionStorage)$/.test(n.name) && model.isGlobal(n.name, n)) return true;
    if (n.type === 'ImportDeclaration' && /^(react|react-dom|vue|svelte|@angular\/core|react-native|expo)/.test(String(n.source.value))) return true;
  }
  return false;
});

// ------------------------------------------------------------------ Mongoose

/** `model('Delivery', schema)` / `mongoose.model(…)`: its name and whether the schema expires documents. */
export function mongooseModelInfo(model: FileModel, call: Node): { name?: string; ttl: boolean } | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const ref = model.resolve(call.callee);
  if (!ref || ref.module !== 'mongoose' || pathToString(ref.path) !== 'model' || call.arguments.length < 2) return undefined;
  const name = stringValue(call.arguments[0] as Node);
  return { name, ttl: schemaHasTtl(model, call.arguments[1] as Node) };
}

/** The `new Schema({…}, opts)` expression a model is built from, following a variable. */
export function schemaOf(model: FileModel, n: Node | undefined): TSESTree.NewExpression | undefined {
  const d = dereference(model, n);
  if (d && d.type === 'NewExpression') {
    const ref = model.resolve(d.callee);
    if (ref && ref.module === 'mongoose' && pathToString(ref.path) === 'Schema') return d;
  }
  return undefined;
}

function schemaHasTtl(model: FileModel, schemaNode: Node): boolean {
  const schema = schemaOf(model, schemaNode);
  if (!schema) return false;
  const def = dereference(model, schema.arguments[0] as Node);
  const opts = dereference(model, schema.arguments[1] as Node);
  if (opts?.type === 'ObjectExpression' && hasKey(opts, /^capped$/)) return true;
  if (def?.type === 'ObjectExpression' && objectHasExpires(model, def, 0)) return true;
  // `schema.index({ createdAt: 1 }, { expireAfterSeconds: 3600 })` on the same schema variable.
  const text = sourceText(model);
  const schemaName = schemaNode.type === 'Identifier' ? schemaNode.name : undefined;
  if (!schemaName) return false; // an inline schema cannot be given an index later
  for (const n of model.calls) {
    if (n.type !== 'CallExpression' || calleeTail(n) !== 'index') continue;
    const recv = receiverText(text, n);
    if (recv !== schemaName) continue;
    if (objectArgs(model, n).some((o) => hasKey(o, /^expireAfterSeconds$/))) return true;
  }
  return false;
}

function objectHasExpires(model: FileModel, o: TSESTree.ObjectExpression, depth: number): boolean {
  if (depth > 3) return false;
  for (const p of o.properties) {
    if (p.type !== 'Property') continue;
    const v = dereference(model, p.value as Node);
    if (v?.type === 'ObjectExpression') {
      if (hasKey(v, /^expires$/)) return true;
      if (objectHasExpires(model, v, depth + 1)) return true;
    }
  }
  return false;
}

/** Whether the Mongoose model (or Mongo collection) behind a write has a TTL, looking into other files through the summaries. */
function mongoBounded(model: FileModel, s: SinkSite, ctx: SinkCtx): boolean {
  const call = s.node;
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return false;
  const c = call.callee.type === 'ChainExpression' ? call.callee.expression : call.callee;
  const modelExpr = call.type === 'NewExpression' ? c : c.type === 'MemberExpression' ? c.object : undefined;
  if (!modelExpr) return false;
  // MongoDB driver: `db.collection('positions').insertOne(…)` with a TTL index on that collection.
  if (s.ref.module === 'mongodb') return mongoCollectionHasTtl(model, modelExpr as Node);
  const def = modelDefinition(model, modelExpr as Node);
  if (def) return mongooseModelInfo(model, def)?.ttl ?? false;
  const info = importedModelInfo(model, modelExpr as Node, ctx);
  return info?.ttl ?? false;
}

function modelDefinition(model: FileModel, n: Node): Node | undefined {
  const d = dereference(model, n);
  if (d?.type === 'CallExpression' && mongooseModelInfo(model, d)) return d;
  // `mongoose.model('Delivery')` (lookup by name): find the definition in this file.
  if (d?.type === 'CallExpression' && d.arguments.length === 1) {
    const name = stringValue(d.arguments[0] as Node);
    for (const m of model.calls) if (m.type === 'CallExpression' && m !== d && mongooseModelInfo(model, m)?.name === name) return m;
  }
  return undefined;
}

/** A model imported from another file: its export summary, or the model registered under the same name anywhere. */
export function importedModelInfo(model: FileModel, n: Node, ctx: SinkCtx): { name?: string; ttl: boolean } | undefined {
  const sums = ctx.summaries;
  if (!sums) return undefined;
  const ref = model.resolve(n);
  if (ref?.module?.startsWith('.')) {
    const file = sums.resolveModule(ctx.file, ref.module);
    const c = file ? sums.canonical(file, pathToString(ref.path)) : undefined;
    const info = c ? sums.files.get(c.module)?.models[c.name] : undefined;
    if (info) return info;
  }
  const d = dereference(model, n);
  if (d?.type === 'CallExpression' && d.arguments.length === 1) {
    const name = stringValue(d.arguments[0] as Node);
    for (const s of sums.files.values()) if (s.models['model:' + name]) return s.models['model:' + name];
  }
  return undefined;
}

function mongoCollectionHasTtl(model: FileModel, coll: Node): boolean {
  const d = dereference(model, coll);
  const name = d?.type === 'CallExpression' ? stringValue(d.arguments[0] as Node) : undefined;
  for (const n of model.calls) {
    if (n.type !== 'CallExpression' || !/^(createIndex|ensureIndex)$/.test(calleeTail(n) ?? '')) continue;
    if (!objectArgs(model, n).some((o) => hasKey(o, /^expireAfterSeconds$/))) continue;
    const c = n.callee.type === 'MemberExpression' ? dereference(model, n.callee.object as Node) : undefined;
    const cname = c?.type === 'CallExpression' ? stringValue(c.arguments[0] as Node) : undefined;
    if (name === undefined || cname === undefined || cname === name) return true;
  }
  return false;
}

// ------------------------------------------------------------------ destinations

const ANALYTICS: Array<[RegExp, string]> = [
  [/^@segment\//, 'Segment'],
  [/^mixpanel/, 'Mixpanel'],
  [/^@amplitude\/|^amplitude-js$/, 'Amplitude'],
  [/^posthog/, 'PostHog'],
  [/^@sentry\//, 'Sentry'],
];

/** The host a network sink sends to when the URL is a literal (or a constant, template or `baseURL`); analytics SDKs by name. */
export function destinationHost(model: FileModel, s: SinkSite, ctx: SinkCtx): string | undefined {
  void ctx;
  if (s.sink === 'analytics') {
    if (s.ref.global) return s.ref.path[0] === 'gtag' ? 'Google Analytics' : s.ref.path[0] === 'analytics' ? 'Segment' : s.ref.path[0] === 'mixpanel' ? 'Mixpanel' : s.ref.path[0];
    for (const [re, name] of ANALYTICS) if (s.ref.module && re.test(s.ref.module)) return name;
    return s.ref.module;
  }
  if (s.sink !== 'network') return undefined;
  const url = urlOf(model, s);
  return url ? hostOf(stringShape(model, url)) : undefined;
}

export function hostOf(shape: string | undefined): string | undefined {
  if (!shape) return undefined;
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#:*]+)(?=[/?#:]|$)/i.exec(shape);
  return m ? m[1].toLowerCase() : undefined;
}

function urlOf(model: FileModel, s: SinkSite): Node | undefined {
  const call = s.node;
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return undefined;
  const args = call.arguments as Node[];
  const tail = s.ref.path[s.ref.path.length - 1];
  const c = call.callee.type === 'ChainExpression' ? call.callee.expression : call.callee;
  const recv = c.type === 'MemberExpression' ? (c.object as Node) : undefined;
  // `ws.send(data)`, `socket.emit(…)`, `xhr.send(body)`: the URL is where the handle was made or opened.
  if ((tail === 'send' || tail === 'emit') && recv) {
    const init = dereference(model, recv);
    if (init && (init.type === 'NewExpression' || init.type === 'CallExpression') && init.arguments[0] && !(init.type === 'NewExpression' && /XMLHttpRequest/.test(pathToString(model.resolve(init.callee)?.path ?? [])))) {
      return init.arguments[0] as Node;
    }
    const text = sourceText(model);
    const r = text.slice(recv.range[0], recv.range[1]);
    for (const n of model.calls) {
      if (n.type === 'CallExpression' && calleeTail(n) === 'open' && n.callee.type === 'MemberExpression' && text.slice(n.callee.object.range[0], n.callee.object.range[1]) === r) return n.arguments[1] as Node;
    }
    return undefined;
  }
  const first = args[0];
  const firstObj = dereference(model, first);
  let url: Node | undefined = first;
  if (firstObj?.type === 'ObjectExpression') url = findProperty(model, firstObj, 'url')?.value as Node | undefined;
  // axios instance: `api = axios.create({ baseURL })`, then `api.post('/track', …)`.
  if (recv && s.ref.module === 'axios' && s.ref.path[0] === 'create') {
    const inst = dereference(model, recv);
    if (inst?.type === 'CallExpression') {
      const base = findProperty(model, inst.arguments[0] as Node, 'baseURL')?.value as Node | undefined;
      const rel = stringShape(model, url);
      if (base && (rel === undefined || !/^[a-z]+:\/\//i.test(rel))) return base;
    }
  }
  return url;
}

export type { Ref };
