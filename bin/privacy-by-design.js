#!/usr/bin/env node
'use strict';
// Thin launcher: the compiled CLI lives in out/ (tsc) and dist/ (one minified bundle, built by `npm ci`
// after tsc, and by `npm run build:extension`). The bundle loads faster (one file instead of about 170
// modules), so it runs unless the tsc build is newer (someone rebuilt out/ after changing the source).
// PBD_CLI=out or PBD_CLI=dist picks one (the tests run the tsc build, and compare the bundle with it).
const path = require('path');
const fs = require('fs');
const mtime = (f) => {
  try {
    return fs.statSync(f).mtimeMs;
  } catch {
    return undefined;
  }
};
const compiled = path.join(__dirname, '..', 'out', 'src', 'cli', 'main.js');
const bundled = path.join(__dirname, '..', 'dist', 'cli.js');
const compiledAt = mtime(compiled);
const bundledAt = mtime(bundled);
function pick() {
  if (process.env.PBD_CLI === 'out') return compiledAt !== undefined ? compiled : undefined;
  if (process.env.PBD_CLI === 'dist') return bundledAt !== undefined ? bundled : undefined;
  if (bundledAt !== undefined && (compiledAt === undefined || bundledAt >= compiledAt)) return bundled;
  return compiledAt !== undefined ? compiled : undefined;
}
const entry = pick();
if (!entry) {
  process.stderr.write('privacy-by-design: not built yet; run `npm run build` first\n');
  process.exit(2);
}
// V8 code cache for the big modules (TypeScript's parser); optional, and silent on any failure. Its folder
// also keeps the compiled prefilter of the rules (built from them in about 0.1 s otherwise).
let prefilterStore;
try {
  const cc = path.join(path.dirname(entry), 'compileCache.js');
  if (fs.existsSync(cc)) {
    const compileCache = require(cc);
    compileCache.installCompileCache();
    // Asked for when a scan first needs the prefilter (a re-scan served whole from the result cache does not).
    prefilterStore = () => compileCache.compileCacheDataDir();
  }
} catch {
  // scan without it
}
const { runCli } = require(entry);
process.exitCode = runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stderr.isTTY,
  cwd: process.cwd(),
  prefilterStore,
});
