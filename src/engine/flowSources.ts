import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { compileCall, matchCall, type CompiledCall } from './match';
import type { Node } from './parse';
import { pathToString, propertyName, type FileModel } from './resolve';
import type { CallMatcher, RuleSet } from './rules';

/** Where a source call puts the sensitive value (see `rules/sources.json`). */
export interface SourceYield {
  at: 'result' | 'callback' | 'sendResult';
  arg?: number | 'any';
  param?: number;
  /** Dotted paths inside the value that carry the data; `*` is any key or index. */
  property?: string[];
}

interface SourceEntry {
  id: string;
  label?: string;
  call?: CallMatcher;
  method?: string[];
  requires?: CallMatcher;
  server?: boolean;
  yields: SourceYield[];
}

/** A source entry ready to match call nodes. */
export interface CompiledSource {
  id: string;
  kind: string;
  label: string;
  call?: CompiledCall;
  method?: Set<string>;
  requires?: CompiledCall;
  /** The source runs on a server (`"server": true` in sources.json). */
  server: boolean;
  yields: Array<SourceYield & { only?: string[][] }>;
}

/** A source call found in a file: which entry matched and how to name it. */
export interface SourceMatch {
  source: CompiledSource;
  callee: string;
}

const cache = new WeakMap<object, CompiledSource[]>();

/** Compiles `rules/sources.json` once per rule set. Unknown shapes are ignored rather than fatal. */
export function compileSources(ruleSet: RuleSet): CompiledSource[] {
  const data = ruleSet.sources as { sources?: Record<string, SourceEntry[]>; kinds?: Record<string, string> };
  const hit = cache.get(data);
  if (hit) return hit;
  const out: CompiledSource[] = [];
  for (const [kind, entries] of Object.entries(data.sources ?? {})) {
    if (!Array.isArray(entries)) continue;
    for (const e of entries) {
      if (!e || !Array.isArray(e.yields)) continue;
      out.push({
        id: e.id,
        kind,
        label: e.label ?? data.kinds?.[kind] ?? kind,
        call: e.call ? compileCall(e.call) : undefined,
        method: e.method ? new Set(e.method) : undefined,
        requires: e.requires ? compileCall(e.requires) : undefined,
        server: e.server === true,
        yields: e.yields.map((y) => ({ ...y, only: y.property?.map((p) => p.split('.')) })),
      });
    }
  }
  cache.set(data, out);
  return out;
}

const nonSensitiveCache = new WeakMap<object, Map<string, Set<string>>>();

/** Per source kind, properties of a source value that are not the sensitive data (`timestamp` of a position). */
export function nonSensitiveProperties(ruleSet: RuleSet): Map<string, Set<string>> {
  const data = ruleSet.sources as { nonSensitive?: Record<string, unknown> };
  let m = nonSensitiveCache.get(data);
  if (!m) {
    m = new Map();
    for (const [kind, list] of Object.entries(data.nonSensitive ?? {})) if (Array.isArray(list)) m.set(kind, new Set(list.filter((x): x is string => typeof x === 'string')));
    nonSensitiveCache.set(data, m);
  }
  return m;
}

/** Sources of a file: `method` entries only count when the file has their `requires` call. */
export function activeSources(sources: CompiledSource[], model: FileModel): CompiledSource[] {
  const needs = sources.filter((s) => s.requires);
  if (!needs.length) return sources;
  const ok = new Set<CompiledSource>();
  for (const n of model.calls) {
    if (n.type !== 'CallExpression') continue;
    for (const s of needs) if (!ok.has(s) && matchCall(model, n, s.requires!)) ok.add(s);
  }
  return sources.filter((s) => !s.requires || ok.has(s));
}

/** The source entries a call node matches. */
export function matchSources(model: FileModel, node: TSESTree.CallExpression | TSESTree.NewExpression, sources: CompiledSource[]): SourceMatch[] {
  const out: SourceMatch[] = [];
  for (const s of sources) {
    if (s.call) {
      const ref = matchCall(model, node, s.call);
      if (ref) out.push({ source: s, callee: pathToString(ref.path) });
    } else if (s.method && node.type === 'CallExpression') {
      const c = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
      const name = c.type === 'MemberExpression' ? propertyName(c) : undefined;
      if (name && s.method.has(name)) out.push({ source: s, callee: name });
    }
  }
  return out;
}

export type { Node };
