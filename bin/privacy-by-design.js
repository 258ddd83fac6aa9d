#!/usr/bin/env node
'use strict';
// Thin launcher: the compiled CLI lives in out/ (tsc) or dist/ (bundle).
const path = require('path');
const fs = require('fs');
const candidates = [path.join(__dirname, '..', 'out', 'src', 'cli', 'main.js'), path.join(__dirname, '..', 'dist', 'cli.js')];
const entry = candidates.find((c) => fs.existsSync(c));
if (!entry) {
  process.stderr.write('privacy-by-design: not built yet; run `npm run build` first\n');
  process.exit(2);
}
// V8 code cache for the big modules (TypeScript's parser); optional, and silent on any failure.
try {
  const cc = path.join(path.dirname(entry), 'compileCache.js');
  if (fs.existsSync(cc)) require(cc).installCompileCache();
} catch {
  // scan without it
}
const { runCli } = require(entry);
process.exitCode = runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stderr.isTTY,
  cwd: process.cwd(),
});
