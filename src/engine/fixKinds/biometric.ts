import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from '../parse';
import type { FileModel } from '../resolve';
import { propertyKeyName } from '../resolve';
import type { Hit } from '../match';
import type { TextEdit } from '../types';
import { dereference } from '../values';
import { enclosingStatement, eolOf, fillTemplate, indentAt, readsByBinding, registerFixKind, usesTypeScript, type FixContext } from '../fixes';

/**
 * Fix kinds of the biometric rules: drop attribute inference (emotion, age, gender) from whichever SDK
 * call was matched, guard a capture with a consent check, and suggest the SDK's deletion call after
 * an enrolment. Each returns no edit when the code is not in a shape it can change safely.
 */

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

function callOf(hit: Hit): Call | undefined {
  const n = hit.call ?? hit.node;
  return n.type === 'CallExpression' || n.type === 'NewExpression' ? n : undefined;
}

/** Attribute values that infer emotion, age, gender or expression, per option name. */
const INFERENCE_VALUES: Record<string, RegExp> = {
  Attributes: /^(ALL|EMOTIONS|AGE_RANGE|GENDER|SMILE)$/,
  DetectionAttributes: /^(ALL|EMOTIONS|AGE_RANGE|GENDER|SMILE)$/,
  returnFaceAttributes: /^(emotion|age|gender|smile|facialHair|hair|makeup)$/i,
  face_plugins: /^(age|gender|emotion|mask)$/i,
};
/** Replacement when every listed value was an inference attribute. */
const EMPTY_REPLACEMENT: Record<string, string> = { Attributes: "'DEFAULT'", DetectionAttributes: "'DEFAULT'" };
/** Options that switch a classifier on; the fix switches it off. */
const SWITCHES: Record<string, { off: string }> = {
  classificationMode: { off: 'none' },
  runClassifications: { off: 'none' },
  outputFaceBlendshapes: { off: 'false' },
  faceDetectionClassifications: { off: 'none' },
};

/** Object-literal properties named `name`, searched through the call's arguments (nested objects included). */
function findOptionProps(model: FileModel, call: Call, names: Set<string>): TSESTree.Property[] {
  const out: TSESTree.Property[] = [];
  const seen = new Set<Node>();
  const visit = (n: Node | undefined, depth: number) => {
    const obj = dereference(model, n);
    if (!obj || obj.type !== 'ObjectExpression' || depth > 4 || seen.has(obj)) return;
    seen.add(obj);
    for (const p of obj.properties) {
      if (p.type !== 'Property') continue;
      const key = propertyKeyName(p.key, p.computed);
      if (key !== undefined && names.has(key)) out.push(p);
      else visit(p.value as Node, depth + 1);
    }
  };
  for (const a of call.arguments) visit(a as Node, 0);
  return out;
}

/** Edits one attribute list: an array literal or a comma-separated string. */
function dropFromList(ctx: FixContext, key: string, value: Node): TextEdit | undefined {
  const re = INFERENCE_VALUES[key];
  const v = dereference(ctx.model, value);
  if (!v) return undefined;
  if (v.type === 'ArrayExpression') {
    const keep = v.elements.filter((e) => !(e && e.type === 'Literal' && typeof e.value === 'string' && re.test(e.value)));
    if (keep.length === v.elements.length) return undefined;
    const texts = keep.map((e) => (e ? ctx.text.slice(e.range[0], e.range[1]) : ''));
    if (!texts.length && EMPTY_REPLACEMENT[key]) texts.push(EMPTY_REPLACEMENT[key]);
    return { start: v.range[0], end: v.range[1], text: `[${texts.join(', ')}]` };
  }
  if (v.type === 'Literal' && typeof v.value === 'string') {
    const parts = v.value.split(',').map((s) => s.trim());
    const keep = parts.filter((s) => s && !re.test(s));
    if (keep.length === parts.filter(Boolean).length) return undefined;
    const quote = ctx.text[v.range[0]] === '"' ? '"' : "'";
    return { start: v.range[0], end: v.range[1], text: quote + (keep.length ? keep.join(',') : (EMPTY_REPLACEMENT[key] ?? '').replace(/'/g, '')) + quote };
  }
  return undefined;
}

/** Turns a classifier switch off: `'all'` → `'none'`, `FaceDetectorClassifications.all` → `.none`, `true` → `false`. */
function switchOff(ctx: FixContext, key: string, value: Node): TextEdit | undefined {
  const off = SWITCHES[key].off;
  const v = value;
  if (v.type === 'Literal' && typeof v.value === 'boolean') return v.value ? { start: v.range[0], end: v.range[1], text: off === 'false' ? 'false' : `'${off}'` } : undefined;
  if (v.type === 'Literal' && typeof v.value === 'string') {
    if (v.value.toLowerCase() === off) return undefined;
    const quote = ctx.text[v.range[0]] === '"' ? '"' : "'";
    return { start: v.range[0], end: v.range[1], text: quote + off + quote };
  }
  if (v.type === 'MemberExpression' && !v.computed && v.property.type === 'Identifier') {
    const name = v.property.name;
    if (name.toLowerCase() === off) return undefined;
    const cased = name === name.toUpperCase() ? off.toUpperCase() : name[0] === name[0].toUpperCase() ? off[0].toUpperCase() + off.slice(1) : off;
    return { start: v.property.range[0], end: v.property.range[1], text: cased };
  }
  return undefined;
}

/**
 * Sets a dotted property (`face.emotion.enabled`) in an object literal, creating the missing levels.
 * Gives up when a level exists but is not an object literal (a spread, a variable from elsewhere).
 */
export function setNestedProperty(ctx: FixContext, obj: TSESTree.ObjectExpression, dotted: string, value: string): TextEdit | undefined {
  const keys = dotted.split('.');
  let cur: TSESTree.ObjectExpression = obj;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let found: TSESTree.Property | undefined;
    for (let k = cur.properties.length - 1; k >= 0; k--) {
      const p = cur.properties[k];
      if (p.type === 'Property' && propertyKeyName(p.key, p.computed) === key) {
        found = p;
        break;
      }
    }
    if (!found) {
      const rest = keys.slice(i + 1);
      let text = value;
      for (let j = rest.length - 1; j >= 0; j--) text = `{ ${rest[j]}: ${text} }`;
      return addProperty(ctx, cur, `${key}: ${text}`);
    }
    if (i === keys.length - 1) {
      const old = ctx.text.slice(found.value.range[0], found.value.range[1]);
      return old === value ? undefined : { start: found.value.range[0], end: found.value.range[1], text: value };
    }
    const next = dereference(ctx.model, found.value as Node);
    if (!next || next.type !== 'ObjectExpression') return undefined;
    cur = next;
  }
  return undefined;
}

function addProperty(ctx: FixContext, obj: TSESTree.ObjectExpression, prop: string): TextEdit {
  const last = obj.properties[obj.properties.length - 1];
  if (!last) return { start: obj.range[0], end: obj.range[1], text: `{ ${prop} }` };
  const after = ctx.text.slice(last.range[1], obj.range[1] - 1);
  const hasComma = /^\s*,/.test(after);
  const multiline = ctx.text.slice(obj.range[0], last.range[0]).includes('\n');
  if (multiline) {
    const indent = indentAt(ctx.text, last.range[0]);
    const eol = eolOf(ctx.text);
    if (hasComma) {
      const comma = ctx.text.indexOf(',', last.range[1]) + 1;
      return { start: comma, end: comma, text: `${eol}${indent}${prop},` };
    }
    return { start: last.range[1], end: last.range[1], text: `,${eol}${indent}${prop}` };
  }
  return { start: last.range[1], end: last.range[1], text: (hasComma ? '' : ',') + ' ' + prop + (hasComma ? ',' : '') };
}

/** `new Human(config)`: emotion off (and the gear age/gender/race model, when it was switched on). */
function humanConfigEdits(ctx: FixContext, call: Call): TextEdit[] | undefined {
  const arg = call.arguments[0] as Node | undefined;
  if (!arg) {
    const close = call.range[1] - 1;
    if (ctx.text[close] !== ')') return undefined;
    return [{ start: close, end: close, text: '{ face: { emotion: { enabled: false } } }' }];
  }
  const obj = dereference(ctx.model, arg);
  if (!obj || obj.type !== 'ObjectExpression') return undefined;
  const edits: TextEdit[] = [];
  const emotion = setNestedProperty(ctx, obj, 'face.emotion.enabled', 'false');
  if (emotion) edits.push(emotion);
  const gear = findPath(ctx.model, obj, ['face', 'gear', 'enabled']);
  if (gear && gear.value.type === 'Literal' && gear.value.value === true) edits.push({ start: gear.value.range[0], end: gear.value.range[1], text: 'false' });
  return edits;
}

function findPath(model: FileModel, obj: Node, keys: string[]): TSESTree.Property | undefined {
  let cur = dereference(model, obj);
  let found: TSESTree.Property | undefined;
  for (const key of keys) {
    if (!cur || cur.type !== 'ObjectExpression') return undefined;
    found = cur.properties.find((p) => p.type === 'Property' && propertyKeyName(p.key, p.computed) === key) as TSESTree.Property | undefined;
    if (!found) return undefined;
    cur = dereference(model, found.value as Node);
  }
  return found;
}

// dropAttributeInference: removes emotion/age/gender inference from the matched call, whatever its SDK.
registerFixKind('dropAttributeInference', (_spec, hit, ctx) => {
  if (hit.node.type === 'JSXOpeningElement') return elementSwitchesOff(ctx, hit.node);
  const call = callOf(hit);
  if (!call) return undefined;
  const last = hit.callee?.split('.').pop() ?? '';
  if (/^with(FaceExpressions|AgeAndGender)$/.test(last) && call.type === 'CallExpression' && call.callee.type === 'MemberExpression') {
    return [{ start: call.callee.object.range[1], end: call.range[1], text: '' }];
  }
  if (hit.module === '@vladmandic/human' && call.type === 'NewExpression') return humanConfigEdits(ctx, call);
  const edits: TextEdit[] = [];
  for (const p of findOptionProps(ctx.model, call, new Set([...Object.keys(INFERENCE_VALUES), ...Object.keys(SWITCHES)]))) {
    const key = propertyKeyName(p.key, p.computed)!;
    const e = key in SWITCHES ? switchOff(ctx, key, p.value as Node) : dropFromList(ctx, key, p.value as Node);
    if (e) edits.push(e);
  }
  return edits;
});

/**
 * A camera component that classifies faces: its switch attributes (`faceDetectionClassifications={…all}`)
 * and the switches inside an options attribute (`faceDetectorSettings={{ runClassifications: …all }}`) set to none.
 */
function elementSwitchesOff(ctx: FixContext, el: TSESTree.JSXOpeningElement): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const a of el.attributes) {
    if (a.type !== 'JSXAttribute' || a.name.type !== 'JSXIdentifier' || a.value?.type !== 'JSXExpressionContainer' || a.value.expression.type === 'JSXEmptyExpression') continue;
    const v = a.value.expression as Node;
    if (a.name.name in SWITCHES) {
      const e = switchOff(ctx, a.name.name, v);
      if (e) edits.push(e);
      continue;
    }
    const obj = dereference(ctx.model, v);
    if (obj?.type !== 'ObjectExpression') continue;
    for (const p of obj.properties) {
      const key = p.type === 'Property' ? propertyKeyName(p.key, p.computed) : undefined;
      if (key === undefined || !(key in SWITCHES)) continue;
      const e = switchOff(ctx, key, (p as TSESTree.Property).value as Node);
      if (e) edits.push(e);
    }
  }
  return edits.length ? edits : undefined;
}

const SIMPLE_CALL = /^[\w$.]+\([^()]*\)$/;

// insertConsentGuard: `if (!hasConsent('biometric')) return;` before the capture inside a function,
// or `if (hasConsent('biometric')) { … }` around it at module level.
registerFixKind('insertConsentGuard', (spec, hit, ctx) => {
  const stmt = enclosingStatement(ctx.model, hit.call ?? hit.node);
  if (!stmt) return undefined;
  const guard = fillTemplate(String(spec.guard ?? '{{consentGuard}}'), hit, ctx);
  const eol = eolOf(ctx.text);
  const indent = indentAt(ctx.text, stmt.range[0]);
  const holder = ctx.model.parent(stmt);
  const inFunction = holder?.type === 'BlockStatement' && isFunctionBody(ctx.model, holder);
  if (inFunction) {
    const negated = SIMPLE_CALL.test(guard) ? `!${guard}` : `!(${guard})`;
    return [{ start: stmt.range[0], end: stmt.range[0], text: `if (${negated}) return;${eol}${indent}` }];
  }
  if (stmt.type === 'VariableDeclaration' || stmt.type.startsWith('Export') || stmt.type.startsWith('Import')) return undefined;
  const body = ctx.text.slice(stmt.range[0], stmt.range[1]).split(/\r?\n/).join(eol + '  ');
  return [{ start: stmt.range[0], end: stmt.range[1], text: `if (${guard}) {${eol}${indent}  ${body}${eol}${indent}}` }];
});

function isFunctionBody(model: FileModel, block: Node): boolean {
  const p = model.parent(block);
  return !!p && (p.type === 'FunctionDeclaration' || p.type === 'FunctionExpression' || p.type === 'ArrowFunctionExpression');
}

/** Rekognition enrolment calls and the call that undoes each. */
const REKOGNITION_UNDO: Record<string, { v3: string; v2: string; ids?: string; idsProp?: string }> = {
  IndexFacesCommand: { v3: 'DeleteFacesCommand', v2: 'deleteFaces', ids: 'faceIds', idsProp: 'FaceIds' },
  indexFaces: { v3: 'DeleteFacesCommand', v2: 'deleteFaces', ids: 'faceIds', idsProp: 'FaceIds' },
  CreateCollectionCommand: { v3: 'DeleteCollectionCommand', v2: 'deleteCollection' },
  createCollection: { v3: 'DeleteCollectionCommand', v2: 'deleteCollection' },
  CreateUserCommand: { v3: 'DeleteUserCommand', v2: 'deleteUser' },
  createUser: { v3: 'DeleteUserCommand', v2: 'deleteUser' },
};

function propText(ctx: FixContext, obj: Node | undefined, key: string): string | undefined {
  const o = dereference(ctx.model, obj);
  if (!o || o.type !== 'ObjectExpression') return undefined;
  const p = o.properties.find((x) => x.type === 'Property' && propertyKeyName(x.key, x.computed) === key) as TSESTree.Property | undefined;
  if (!p || p.shorthand) return p ? key : undefined;
  const v = p.value as Node;
  // Only values that are valid where the fix inserts text: literals and plain names.
  return v.type === 'Literal' || v.type === 'Identifier' || v.type === 'MemberExpression' || v.type === 'TemplateLiteral' ? ctx.text.slice(v.range[0], v.range[1]) : undefined;
}

// suggestDeletion: after an enrolment, a function that undoes it with the SDK's own deletion call.
registerFixKind('suggestDeletion', (_spec, hit, ctx) => {
  const call = callOf(hit);
  if (!call || hit.module === undefined) return undefined;
  const name = hit.callee?.split('.').pop()?.replace(/\(\)$/, '') ?? '';
  const undo = REKOGNITION_UNDO[name];
  if (!undo) return undefined;
  const stmt = enclosingStatement(ctx.model, call);
  if (!stmt) return undefined;
  const params = call.arguments[0] as Node | undefined;
  const collection = propText(ctx, params, 'CollectionId');
  if (!collection) return undefined;
  const ts = usesTypeScript(ctx.model);
  const eol = eolOf(ctx.text);
  const indent = indentAt(ctx.text, stmt.range[0]);
  const fields = [`CollectionId: ${collection}`];
  let param = '';
  if (undo.ids) {
    param = ts ? `${undo.ids}: string[]` : undo.ids;
    fields.push(`${undo.idsProp}: ${undo.ids}`);
  } else if (name.startsWith('CreateUser') || name === 'createUser') {
    const user = propText(ctx, params, 'UserId');
    if (!user) return undefined;
    fields.push(`UserId: ${user}`);
  }
  const edits: TextEdit[] = [];
  let body: string;
  if (call.type === 'NewExpression') {
    // v3: `client.send(new IndexFacesCommand(…))`: reuse the client, import the delete command.
    const send = sendCallOf(ctx.model, call);
    if (!send || send.callee.type !== 'MemberExpression') return undefined;
    const client = ctx.text.slice(send.callee.object.range[0], send.callee.object.range[1]);
    if (!/^[\w$.]+$/.test(client)) return undefined;
    body = `${client}.send(new ${undo.v3}({ ${fields.join(', ')} }))`;
    const imp = importEdit(ctx, hit.module, undo.v3);
    if (imp === null) return undefined;
    if (imp) edits.push(imp);
  } else {
    if (call.callee.type !== 'MemberExpression') return undefined;
    const client = ctx.text.slice(call.callee.object.range[0], call.callee.object.range[1]);
    if (!/^[\w$.]+$/.test(client)) return undefined;
    body = `${client}.${undo.v2}({ ${fields.join(', ')} }).promise()`;
  }
  const fnName = undo.ids ? 'deleteEnrolledFaces' : name.toLowerCase().includes('user') ? 'deleteEnrolledUser' : 'deleteFaceCollection';
  const text = `${eol}${indent}// Undo the enrolment when its purpose ends (request, account closure, retention period).${eol}${indent}const ${fnName} = (${param}) => ${body};`;
  edits.push({ start: stmt.range[1], end: stmt.range[1], text });
  return edits;
});

/** The `client.send(…)` that sends a command: directly (`send(new X())`) or through a local (`const c = new X(); send(c)`). */
function sendCallOf(model: FileModel, cmd: Node): TSESTree.CallExpression | undefined {
  const isSend = (n: Node | undefined, arg: Node): n is TSESTree.CallExpression =>
    !!n && n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed && n.callee.property.type === 'Identifier' && n.callee.property.name === 'send' && n.arguments[0] === arg;
  const parent = model.parent(cmd);
  if (isSend(parent, cmd)) return parent;
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return undefined;
  for (const n of readsByBinding(model, parent.id.name).get(parent.id) ?? []) {
    const p = model.parent(n);
    if (n !== parent.id && isSend(p, n)) return p;
  }
  return undefined;
}

/** Adds a named import next to the existing ones from `module`; `undefined` when already imported, `null` when it cannot. */
function importEdit(ctx: FixContext, module: string, name: string): TextEdit | undefined | null {
  for (const n of ctx.model.ast.body) {
    if (n.type !== 'ImportDeclaration' || n.source.value !== module) continue;
    const named = n.specifiers.filter((s): s is TSESTree.ImportSpecifier => s.type === 'ImportSpecifier');
    if (named.some((s) => s.local.name === name)) return undefined;
    const last = named[named.length - 1];
    if (last) return { start: last.range[1], end: last.range[1], text: `, ${name}` };
  }
  // CommonJS `const { X } = require(module)`
  for (const n of ctx.model.nodes) {
    if (n.type !== 'VariableDeclarator' || n.id.type !== 'ObjectPattern' || !n.init) continue;
    const init = n.init;
    if (init.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'require') continue;
    const src = init.arguments[0];
    if (!src || src.type !== 'Literal' || src.value !== module) continue;
    const props = n.id.properties;
    if (props.some((p) => p.type === 'Property' && propertyKeyName(p.key, p.computed) === name)) return undefined;
    const last = props[props.length - 1];
    if (last) return { start: last.range[1], end: last.range[1], text: `, ${name}` };
  }
  return null;
}
