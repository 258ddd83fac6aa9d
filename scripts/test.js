#!/usr/bin/env node
'use strict';
// The one test command (npm test): builds, runs every suite, and ends with "N passed, N failed".
// Suites: unit and rule tests (mocha), then the suites listed in scripts/test-suites.json
// (e.g. the real VS Code extension-host tests), each of which writes its counts to $PBD_SUMMARY_FILE.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
let passed = 0;
let failed = 0;
let broken = [];

function run(name, cmd, args, opts = {}) {
  const summary = path.join(os.tmpdir(), `pbd-summary-${process.pid}-${name.replace(/\W+/g, '_')}.json`);
  try { fs.unlinkSync(summary); } catch { /* none */ }
  const t = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PBD_SUMMARY_FILE: summary, ...(opts.env || {}) } });
  let counted = false;
  if (fs.existsSync(summary)) {
    const s = JSON.parse(fs.readFileSync(summary, 'utf8'));
    passed += s.passed;
    failed += s.failed;
    counted = true;
  }
  if (r.status !== 0 && (!counted || r.status !== 1)) {
    // A suite that crashed or could not start counts as one failure, so it can never pass silently.
    failed += 1;
    broken.push(`${name} (exit ${r.status ?? r.signal})`);
  } else if (!counted) {
    failed += 1;
    broken.push(`${name} (reported no counts)`);
  }
  console.log(`=== ${name} finished in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// Unit, rule, CLI, engine and reliability tests; the in-host VS Code tests run as their own suite below.
run('unit', process.execPath, [require.resolve('mocha/bin/mocha.js'), 'out/test/**/*.test.js', '--ignore', 'out/test/vscode/**', '--ignore', 'out/test/e2e/**']);

const extra = path.join(__dirname, 'test-suites.json');
if (fs.existsSync(extra)) {
  for (const s of JSON.parse(fs.readFileSync(extra, 'utf8'))) {
    if (process.env.PBD_SKIP_SUITES && process.env.PBD_SKIP_SUITES.split(',').includes(s.name)) {
      console.log(`\n=== ${s.name}: skipped by PBD_SKIP_SUITES`);
      continue;
    }
    run(s.name, s.cmd === 'node' ? process.execPath : s.cmd, s.args, { env: s.env });
  }
}
if (broken.length) console.log(`suites that did not finish cleanly: ${broken.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
