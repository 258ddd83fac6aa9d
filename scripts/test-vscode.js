#!/usr/bin/env node
'use strict';
// The extension's tests in a real VS Code (code-server 1.100.3 + headless Chromium, see scripts/real-vscode/).
//   node scripts/test-vscode.js e2e    in-host mocha suite (test/vscode/suite) through @vscode/test-electron's runTests
//   node scripts/test-vscode.js vsix   npm run package, install the .vsix offline, check it activates and analyses
//   node scripts/test-vscode.js ui     playwright-core drives the workbench and takes the README screenshots
//                                      (--update-media writes them to media/screenshots/)
// Each writes {"passed":N,"failed":M} to $PBD_SUMMARY_FILE (the e2e counts come from inside the extension host)
// and exits non-zero on failure. Installing code-server (apt + npm, about a minute, cached) happens here, so a
// clean machine works. PBD_SKIP_INSTALL=1 skips the install step.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const rv = path.join(__dirname, 'real-vscode');
const mode = process.argv[2];
const flags = process.argv.slice(3);
const pkg = require(path.join(root, 'package.json'));
const EXT_ID = `${pkg.publisher}.${pkg.name}`;

function sh(cmd, args, opts = {}) {
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  console.error(`[test-vscode] ${path.basename(cmd)} ${args.slice(0, 2).join(' ')} -> ${r.status ?? r.signal} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  return r;
}

function install() {
  if (process.env.PBD_SKIP_INSTALL) return;
  sh('bash', [path.join(rv, 'install-code-server.sh')]);
}

function build() {
  // scripts/test.js compiles with tsc before the suites; run alone, compile here.
  if (!process.env.PBD_SKIP_TSC && (!process.env.PBD_SUMMARY_FILE || !fs.existsSync(path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js')))) {
    sh(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.']);
  }
  sh(process.execPath, [path.join(__dirname, 'build-extension.js'), '--no-cli']);
}

/** A throw-away copy of the fixture workspace (tests edit files; the fixture's gitignore.txt becomes .gitignore). */
function fixtureWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-ws-'));
  const wsDir = path.join(dir, 'checkin-app');
  fs.cpSync(path.join(root, 'test', 'vscode', 'fixtures', 'workspace'), wsDir, { recursive: true });
  fs.renameSync(path.join(wsDir, 'gitignore.txt'), path.join(wsDir, '.gitignore'));
  return { dir, wsDir };
}

function writeSummary(passed, failed) {
  if (process.env.PBD_SUMMARY_FILE) fs.writeFileSync(process.env.PBD_SUMMARY_FILE, JSON.stringify({ passed, failed }));
  console.log(`${mode}: ${passed} passed, ${failed} failed`);
}

function readSummary(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Packages the .vsix (npm run package → vsce, offline) and installs it into a fresh extensions dir. */
function packageAndInstall(outDir) {
  const vsix = path.join(outDir, `${pkg.name}-${pkg.version}.vsix`);
  sh('npm', ['run', '--silent', 'package', '--', '-o', vsix], { stdio: ['ignore', 'inherit', 'inherit'] });
  const extDir = path.join(outDir, 'extensions');
  fs.mkdirSync(extDir, { recursive: true });
  const cs = path.join(require(path.join(rv, 'lib.js')).HOME, 'node_modules', '.bin', 'code-server');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-cs-'));
  sh(cs, ['--config', path.join(tmp, 'config.yaml'), '--user-data-dir', tmp, '--extensions-dir', extDir, '--install-extension', vsix, '--force'], { stdio: ['ignore', 'inherit', 'inherit'] });
  fs.rmSync(tmp, { recursive: true, force: true });
  return { vsix, extDir };
}

async function e2e() {
  install();
  build();
  const { dir, wsDir } = fixtureWorkspace();
  const summary = process.env.PBD_SUMMARY_FILE || path.join(dir, 'summary.json');
  const metricsFile = process.env.PBD_METRICS_FILE || path.join(dir, 'metrics.json');
  const { runTests } = require('@vscode/test-electron');
  let error;
  try {
    await runTests({
      // @vscode/test-electron cannot download VS Code here: this runner has the same command line and runs the
      // suite in code-server's real extension host.
      vscodeExecutablePath: path.join(rv, 'run-tests.js'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'suite', 'index'),
      launchArgs: [wsDir],
      extensionTestsEnv: { PBD_SUMMARY_FILE: summary, PBD_METRICS_FILE: metricsFile },
    });
  } catch (e) {
    error = e;
  }
  const counts = readSummary(summary);
  if (fs.existsSync(metricsFile)) console.log(`[test-vscode] metrics ${fs.readFileSync(metricsFile, 'utf8').replace(/\s+/g, ' ')}`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (!counts) throw error || new Error('the in-host suite wrote no counts');
  console.log(`e2e: ${counts.passed} passed, ${counts.failed} failed`);
  if (error || counts.failed) process.exitCode = 1;
}

async function vsix() {
  install();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-vsix-'));
  const summary = path.join(out, 'smoke-summary.json');
  let passed = 0;
  let failed = 0;
  const check = (ok, what) => {
    console.log(`${ok ? '  ✔' : '  ✘'} ${what}`);
    if (ok) passed++;
    else failed++;
  };
  try {
    const { vsix: file, extDir } = packageAndInstall(out);
    const size = fs.statSync(file).size;
    console.log(`[test-vscode] ${path.basename(file)}: ${(size / 1024 / 1024).toFixed(2)} MB`);
    check(size < 5 * 1024 * 1024, `the .vsix is under 5 MB (${(size / 1024 / 1024).toFixed(2)} MB)`);
    const listing = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' }).stdout.split('\n');
    check(listing.includes('extension/dist/extension.js') && listing.includes('extension/dist/engineWorker.js'), 'it ships both bundles');
    check(listing.includes('extension/rules/schema.json') && listing.includes('extension/rules/recommendations.json'), 'it ships the rule data');
    check(!listing.some((f) => /\/(node_modules|src|test|out)\//.test(f) || f.endsWith('.ts') || f.endsWith('.map')), 'it ships no sources, tests, maps or node_modules');
    const installed = fs.readdirSync(extDir).find((d) => d.startsWith(`${EXT_ID}-`));
    check(!!installed, `installed offline into an extensions dir (${installed})`);
    const { wsDir, dir } = fixtureWorkspace();
    // The smoke module runs inside the host: the installed copy must activate and report on a fixture file.
    const r = spawnSync(process.execPath, [path.join(rv, 'run-tests.js'), path.join(rv, 'vsix-smoke'), path.join(rv, 'vsix-smoke', 'smoke.js'), wsDir, `--extensions-dir=${extDir}`], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, PBD_SUMMARY_FILE: summary, VSIX_SMOKE_ID: EXT_ID, VSIX_SMOKE_COMMAND: 'privacyByDesign.scanWorkspace', VSIX_SMOKE_FILE: path.join(wsDir, 'src', 'tracker.js'), VSIX_SMOKE_RULE: 'location-watch' },
    });
    fs.rmSync(dir, { recursive: true, force: true });
    const inner = readSummary(summary);
    if (inner) {
      passed += inner.passed;
      failed += inner.failed;
    } else check(false, 'the smoke test in the extension host reported its counts');
    if (r.status !== 0 && !(inner && inner.failed)) check(false, `the smoke run exited with ${r.status}`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  writeSummary(passed, failed);
  if (failed) process.exitCode = 1;
}

async function ui() {
  install();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-ui-'));
  const shots = flags.includes('--update-media') ? path.join(root, 'media', 'screenshots') : path.join(out, 'screenshots');
  try {
    const { extDir } = packageAndInstall(out);
    const { wsDir, dir } = fixtureWorkspace();
    const r = spawnSync(process.execPath, [path.join(rv, 'ui-screenshots.js'), wsDir, shots, `--extensions-dir=${extDir}`], { cwd: root, stdio: 'inherit', env: process.env });
    fs.rmSync(dir, { recursive: true, force: true });
    if (!readSummary(process.env.PBD_SUMMARY_FILE || '/nonexistent') && r.status !== 0) throw new Error(`ui-screenshots exited with ${r.status}`);
    if (r.status !== 0) process.exitCode = 1;
  } finally {
    if (!process.env.PBD_KEEP_TMP) fs.rmSync(out, { recursive: true, force: true });
  }
}

const modes = { e2e, vsix, ui };
if (!modes[mode]) {
  console.error('usage: node scripts/test-vscode.js e2e|vsix|ui [--update-media]');
  process.exit(2);
}
modes[mode]().catch((e) => {
  console.error(`[test-vscode] ${mode} failed: ${e.stack || e}`);
  process.exit(1);
});
