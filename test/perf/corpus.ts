import * as fs from 'fs';
import * as path from 'path';
import { parse } from '@typescript-eslint/typescript-estree';
import { isSupportedFile, looksMinified } from '../../src/engine';

/** A piece of code to analyse, with the file name it is analysed under and where it came from. */
export interface Snippet {
  code: string;
  file: string;
  origin: string;
}

type AnyNode = { type: string; [k: string]: unknown };

function literalText(n: AnyNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && (n.expressions as unknown[]).length === 0) return ((n.quasis as Array<{ value: { cooked: string } }>)[0]).value.cooked;
  return undefined;
}

/** The `code` (and `filename`) of every case object in the rule tests: flagged cases and look-alikes. */
export function ruleTestSnippets(dir: string): Snippet[] {
  const out: Snippet[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.test.ts')).sort()) {
    const src = fs.readFileSync(path.join(dir, name), 'utf8');
    const ast = parse(src, { range: true, jsx: false }) as unknown as AnyNode;
    const stack: AnyNode[] = [ast];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'ObjectExpression') {
        const props = new Map<string, AnyNode>();
        for (const p of n.properties as AnyNode[]) {
          const key = p.key as AnyNode | undefined;
          if (p.type === 'Property' && key && key.type === 'Identifier') props.set(key.name as string, p.value as AnyNode);
        }
        const code = literalText(props.get('code'));
        if (code !== undefined) out.push({ code, file: literalText(props.get('filename')) ?? 'test.ts', origin: `${name}:${((n.range as number[]) ?? [0])[0]}` });
      }
      for (const v of Object.values(n)) {
        if (Array.isArray(v)) for (const c of v) c && typeof c === 'object' && typeof (c as AnyNode).type === 'string' && stack.push(c as AnyNode);
        else if (v && typeof v === 'object' && typeof (v as AnyNode).type === 'string') stack.push(v as AnyNode);
      }
    }
  }
  return out;
}

const FENCE_FILES: Record<string, string> = { ts: 'example.ts', typescript: 'example.ts', tsx: 'example.tsx', js: 'example.js', javascript: 'example.js', jsx: 'example.jsx', html: 'example.html', vue: 'example.vue', svelte: 'example.svelte' };

/** Code blocks of the rule documentation pages. */
export function docExamples(dir: string): Snippet[] {
  const out: Snippet[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
    const md = fs.readFileSync(path.join(dir, name), 'utf8');
    const re = /```(\w+)\r?\n([\s\S]*?)```/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(md))) {
      const file = FENCE_FILES[m[1].toLowerCase()];
      if (file) out.push({ code: m[2], file, origin: `${name}:${m.index}` });
    }
  }
  return out;
}

/** Source files under a folder (sorted; minified bundles and files over `maxBytes` left out, as a scan skips them). */
export function corpusFiles(dir: string, maxBytes = 1024 * 1024): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile() && isSupportedFile(p) && !/\.min\.js$/.test(p)) {
        const size = fs.statSync(p).size;
        if (size <= maxBytes && !looksMinified(fs.readFileSync(p, 'utf8'))) out.push(p);
      }
    }
  };
  visit(dir);
  return out;
}
