import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { extractScripts, type ScriptSource } from './extract';
import { SUPPRESSION_PREFIX } from './suppress';

export type Program = TSESTree.Program;
export type Node = TSESTree.Node;

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte', '.html', '.htm'];

export interface ParsedFile {
  ast: Program;
  /** The text the parser saw: for markup files, the original with everything but script bodies blanked. */
  code: string;
  scriptSrcs: ScriptSource[];
  /** Comments, read only when the text can hold a suppression directive (`privacy-by-design-`); otherwise empty. */
  comments: TSESTree.Comment[];
}

export interface ParseFailure {
  error: { line: number; column: number; message: string };
  /** The parser ran out of stack (extreme nesting): the file is skipped rather than reported as broken. */
  tooDeep?: boolean;
}

let parser: typeof import('@typescript-eslint/typescript-estree') | undefined;

/** Loads the TypeScript parser on first use (about half a second), so that callers that never parse never pay. */
function loadParser(): typeof import('@typescript-eslint/typescript-estree') {
  parser ??= require('@typescript-eslint/typescript-estree') as typeof import('@typescript-eslint/typescript-estree');
  return parser;
}

export function isParserLoaded(): boolean {
  return parser !== undefined;
}

export function extensionOf(fileName: string): string {
  const m = /\.[^./\\]+$/.exec(fileName);
  return m ? m[0].toLowerCase() : '';
}

export function isSupportedFile(fileName: string): boolean {
  return SOURCE_EXTENSIONS.includes(extensionOf(fileName));
}

/** Parses a source or markup file. Never throws: a syntax error comes back as `error`. */
export function parseFile(text: string, fileName: string): ParsedFile | ParseFailure {
  const ext = extensionOf(fileName);
  let code = text;
  let scriptSrcs: ScriptSource[] = [];
  let jsxFirst = ext === '.tsx' || ext === '.jsx' || ext === '.js' || ext === '.mjs' || ext === '.cjs';
  let ts = ext === '.ts' || ext === '.tsx' || ext === '.mts' || ext === '.cts';
  if (ext === '.vue' || ext === '.svelte' || ext === '.html' || ext === '.htm') {
    const extracted = extractScripts(text);
    code = extracted.code;
    scriptSrcs = extracted.srcs;
    ts = extracted.typescript;
    jsxFirst = false;
  }
  const attempts = jsxFirst ? [true, false] : [false];
  // Every suppression directive holds the prefix; collecting comments re-scans the whole file, so it is done only when needed.
  const comment = code.includes(SUPPRESSION_PREFIX);
  let firstError: ParseFailure | undefined;
  for (const jsx of attempts) {
    try {
      const ast = loadParser().parse(code, {
        range: true,
        // typescript-estree computes every node's `loc` whatever this says; `loc: false` only adds a walk of the
        // whole tree afterwards to delete it again (about a tenth of the parse). The engine reads ranges only.
        loc: true,
        // Grammar checks beyond what TypeScript's parser reports (misplaced modifiers, `const` without a value):
        // such code is still analysed rather than reported as unparsable, and the checks cost about a tenth of
        // the parse. Real syntax errors still come back as errors.
        allowInvalidAST: true,
        comment,
        jsx,
        errorOnUnknownASTType: false,
        // JS files may hold Flow or TS-only syntax by mistake; parsing as TS is the more forgiving superset.
        filePath: ts ? 'file.ts' + (jsx ? 'x' : '') : 'file.js' + (jsx ? 'x' : ''),
      });
      return { ast, code, scriptSrcs, comments: ast.comments ?? [] };
    } catch (e) {
      firstError ??= toFailure(e);
    }
  }
  return firstError!;
}

function toFailure(e: unknown): ParseFailure {
  const err = e as { lineNumber?: number; column?: number; message?: string; name?: string };
  if (e instanceof RangeError) {
    return { error: { line: 1, column: 1, message: 'nesting too deep to parse (' + e.message + ')' }, tooDeep: true };
  }
  return {
    error: {
      line: typeof err.lineNumber === 'number' ? err.lineNumber : 1,
      column: typeof err.column === 'number' ? err.column + 1 : 1,
      message: String(err.message ?? e).split('\n')[0],
    },
  };
}
