#!/usr/bin/env node
'use strict';
// Floors for the benchmark: `read` reads every JS/TS file under a folder; `parse` also parses each
// with typescript-estree (one thread, the options the engine uses: comments only where a suppression
// directive can be), the cost of any AST-based review.
const fs = require('fs');
const path = require('path');

const [mode, dir] = process.argv.slice(2);
const SOURCE = /\.(js|mjs|cjs|jsx|ts|tsx|mts|cts)$/;
const files = [];
(function visit(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) visit(p);
    else if (SOURCE.test(e.name)) files.push(p);
  }
})(dir || '.');
let chars = 0;
let failed = 0;
const parser = mode === 'parse' ? require(require.resolve('@typescript-eslint/typescript-estree', { paths: [path.join(__dirname, '..', '..')] })) : undefined;
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  chars += text.length;
  if (!parser) continue;
  const ts = /\.[mc]?tsx?$/.test(f);
  const jsx = /\.(tsx|jsx|js|mjs|cjs)$/.test(f);
  try {
    parser.parse(text, { range: true, loc: true, allowInvalidAST: true, comment: text.includes('privacy-by-design-'), jsx, errorOnUnknownASTType: false, filePath: ts ? 'file.ts' + (jsx ? 'x' : '') : 'file.js' + (jsx ? 'x' : '') });
  } catch {
    try {
      parser.parse(text, { range: true, loc: true, allowInvalidAST: true, comment: text.includes('privacy-by-design-'), jsx: false, errorOnUnknownASTType: false, filePath: ts ? 'file.ts' : 'file.js' });
    } catch {
      failed++;
    }
  }
}
process.stdout.write(`${files.length} files, ${chars} chars${parser ? `, ${failed} not parsed` : ''}\n`);
