import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { runBin } from '../reliability/helpers';
import { tempTree } from '../support/tempTree';

const repo = path.join(__dirname, '..', '..', '..');

function cli(args: string[], cwd = repo) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, cwd });
  return { code, stdout, stderr };
}

const tmpTree = (files: Record<string, string>) => tempTree(files, 'pbd-cli-');

const WATCH = 'navigator.geolocation.watchPosition(cb);\n';

describe('CLI', () => {
  it('scans examples/ and prints findings grouped by file, with recommendations and a summary (exit 1)', () => {
    const r = cli(['scan', 'examples']);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stdout, /^examples\/checkin-app\/src\/tracking\.ts$/m);
    assert.match(r.stdout, /examples\/checkin-app\/src\/tracking\.ts:\d+:\d+ {2}warning {2}.+ {2}location-watch/);
    assert.match(r.stdout, /serves: .*necessity and proportionality/i);
    assert.match(r.stdout, /\d+ findings? \(.*\) in \d+ files? scanned/);
    assert.doesNotMatch(r.stdout, /lookalikes\.ts/);
  });
  it('exit 0 when nothing is found, and with --fail-on none', () => {
    const clean = tmpTree({ 'a.ts': 'export const x = 1;\n' });
    assert.strictEqual(cli(['scan', '.'], clean).code, 0);
    const dirty = tmpTree({ 'a.ts': WATCH });
    assert.strictEqual(cli(['scan', '.', '--fail-on', 'none'], dirty).code, 0);
    assert.strictEqual(cli(['scan', '.', '--fail-on', 'error'], dirty).code, 0);
    assert.strictEqual(cli(['scan', '.', '--fail-on=warning'], dirty).code, 1);
  });
  it('suppressed findings do not fail the build', () => {
    const dir = tmpTree({ 'a.ts': `// privacy-by-design-disable-next-line location-watch -- cleared in stop()\n${WATCH}` });
    assert.strictEqual(cli(['scan', '.'], dir).code, 0);
  });
  it('exit 2 with a message naming the bad value', () => {
    const cases: Array<[string[], RegExp]> = [
      [['scan', '--format', 'xml'], /invalid --format 'xml'/],
      [['scan', '--fail-on', 'sometimes'], /invalid --fail-on 'sometimes'/],
      [['scan', '--bogus'], /unknown option '--bogus'/],
      [['scan', 'no/such/dir'], /path not found: 'no\/such\/dir'/],
      [['lint'], /unknown command 'lint'/],
      [['scan', '--include', '[z-a'], /--include/],
      [['scan', '--severity', 'location-watch=loud'], /invalid --severity 'location-watch=loud'/],
      [['scan', '--severity', 'nope=info'], /unknown rule 'nope'/],
      [['scan', '--max-file-size', '-3'], /invalid --max-file-size '-3'/],
      [['scan', '--time-budget', 'soon'], /invalid --time-budget 'soon'/],
      [['scan', '--time-budget', '-1'], /invalid --time-budget '-1'/],
      [['scan', '--output'], /--output needs a value/],
    ];
    for (const [args, re] of cases) {
      const r = cli(args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.stderr, re, args.join(' '));
    }
  });
  it('--time-budget: a file past it is reported as skipped, the others keep their findings; 0 means no limit', () => {
    let slow = '';
    for (let i = 0; slow.length < 60_000; i++) slow += `const v${i} = [${i}, "${i}", { k: ${i} }];\n${WATCH}`;
    const dir = tmpTree({ 'slow.js': slow, 'small.ts': WATCH });
    // Parsing 60 kB takes far more than 1 ms (the budget is checked right after the parse), a one-line file less.
    const tight = JSON.parse(cli(['scan', 'slow.js', '--time-budget', '1', '--format', 'json'], dir).stdout);
    assert.deepStrictEqual(tight.findings, []);
    assert.match(tight.skipped[0]?.reason ?? '', /time budget \(1 ms\)/);
    const none = JSON.parse(cli(['scan', '.', '--time-budget=0', '--format', 'json'], dir).stdout);
    assert.deepStrictEqual(none.skipped, []);
    assert.ok(none.findings.filter((f: { file: string }) => f.file === 'slow.js').length > 250);
    assert.ok(none.findings.some((f: { file: string }) => f.file === 'small.ts'));
  });
  it('--help and --version', () => {
    assert.match(cli(['--help']).stdout, /Usage: privacy-by-design scan/);
    assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+/);
  });
  it('JSON output has the documented shape, with relative forward-slash paths', () => {
    const r = cli(['scan', 'examples', '--format', 'json']);
    const doc = JSON.parse(r.stdout);
    assert.deepStrictEqual(Object.keys(doc).filter((k) => k !== 'skipped'), ['tool', 'findings', 'errors', 'stats']);
    assert.strictEqual(doc.tool.name, 'privacy-by-design');
    assert.ok(doc.findings.length > 0);
    for (const f of doc.findings) {
      for (const k of ['ruleId', 'category', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'recommendations', 'suppressed']) assert.ok(k in f, k);
      assert.ok(!f.file.includes('\\') && !path.isAbsolute(f.file), f.file);
    }
    assert.deepStrictEqual(Object.keys(doc.stats), ['filesScanned', 'filesSkipped', 'durationMs']);
  });
  it('--output writes the report to a file', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-out-')), 'r.json');
    const r = cli(['scan', 'examples', '--format', 'json', '--output', out]);
    assert.strictEqual(r.stdout, '');
    assert.ok(JSON.parse(fs.readFileSync(out, 'utf8')).findings.length > 0);
  });
  it('--include / --exclude globs', () => {
    const dir = tmpTree({ 'src/a.ts': WATCH, 'src/b.ts': WATCH, 'test/c.ts': WATCH });
    const files = (args: string[]) => [...new Set(JSON.parse(cli(['scan', '.', '--format', 'json', ...args], dir).stdout).findings.map((f: { file: string }) => f.file))];
    assert.deepStrictEqual(files([]), ['src/a.ts', 'src/b.ts', 'test/c.ts']);
    assert.deepStrictEqual(files(['--include', 'src/**']), ['src/a.ts', 'src/b.ts']);
    assert.deepStrictEqual(files(['--exclude', '**/b.ts', '--exclude', 'test/**']), ['src/a.ts']);
  });
  it('--severity overrides a rule, and off disables it', () => {
    const dir = tmpTree({ 'a.ts': WATCH });
    const sev = (args: string[]) => JSON.parse(cli(['scan', '.', '--format', 'json', ...args], dir).stdout).findings.map((f: { severity: string }) => f.severity);
    assert.deepStrictEqual(sev(['--severity', 'location-watch=error']), ['error']);
    assert.deepStrictEqual(sev(['--severity', 'location-watch=off']), []);
  });
  it('--rules adds custom rules; a malformed rule file is named with its JSON pointer and the others still run (exit 2)', () => {
    const rulesDir = tmpTree({
      'my-rule.json': JSON.stringify({ id: 'my-rule', title: 'Custom', category: 'location-once', severity: 'info', match: { call: { global: true, callee: 'navigator.geolocation.getCurrentPosition' } }, message: 'custom rule matched {{callee}}', recommendations: ['consent'] }),
      'broken.json': JSON.stringify({ id: 'broken', title: 'Broken', category: 'location-once', severity: 'loud', match: { regex: 'x' }, message: 'broken rule here', recommendations: ['consent'] }),
      'notjson.json': '{ nope',
    });
    const dir = tmpTree({ 'a.ts': `navigator.geolocation.getCurrentPosition(cb);\n${WATCH}` });
    const r = cli(['scan', '.', '--format', 'json', '--rules', rulesDir], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /broken\.json at \/severity/);
    assert.match(r.stderr, /broken\.json at \/match/);
    assert.match(r.stderr, /notjson\.json/);
    const ids = JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(ids.includes('my-rule') && ids.includes('location-watch'), ids.join());
  });
  it('SARIF output passes the Microsoft SARIF validator (errors and warnings)', function () {
    const tool = path.join(repo, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
    assert.ok(fs.existsSync(tool), 'the SARIF multitool must be installed (devDependency @microsoft/sarif-multitool)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-sarif-'));
    const sarif = path.join(dir, 'report.sarif');
    const supp = tmpTree({ 'a.ts': `// privacy-by-design-disable-next-line location-watch -- cleared in stop()\n${WATCH}${WATCH}` });
    assert.strictEqual(cli(['scan', 'examples', path.relative(repo, supp), '--format', 'sarif', '--output', sarif]).code, 1);
    const log = JSON.parse(fs.readFileSync(sarif, 'utf8'));
    assert.strictEqual(log.version, '2.1.0');
    const results = log.runs[0].results;
    assert.ok(results.some((r: { suppressions?: unknown[] }) => r.suppressions?.length), 'suppressed results carry suppressions');
    assert.ok(results.every((r: { partialFingerprints?: object }) => r.partialFingerprints));
    assert.ok(log.runs[0].tool.driver.rules.every((r: { helpUri?: string; help?: object }) => r.helpUri && r.help));
    const out = path.join(dir, 'validation.sarif');
    const v = spawnSync(tool, ['validate', sarif, '--output', out, '--log', 'ForceOverwrite', '--level', 'Error;Warning;Note'], { encoding: 'utf8' });
    assert.strictEqual(v.status, 0, v.stdout + v.stderr);
    const problems = (JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results ?? []).filter((x: { level?: string }) => x.level === 'error' || x.level === 'warning');
    assert.deepStrictEqual(problems.map((x: { ruleId: string; message: unknown }) => `${x.ruleId} ${JSON.stringify(x.message)}`), []);
  });
  it('the validator does catch a broken SARIF file (so the test above can fail)', () => {
    const tool = path.join(repo, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-sarif-bad-'));
    fs.writeFileSync(path.join(dir, 'bad.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ artifacts: [] }] }));
    const out = path.join(dir, 'v.sarif');
    spawnSync(tool, ['validate', path.join(dir, 'bad.sarif'), '--output', out, '--log', 'ForceOverwrite'], { encoding: 'utf8' });
    const results = JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results ?? [];
    assert.ok(results.some((x: { level?: string }) => x.level === 'error' || x.level === undefined), 'validator reports the missing tool');
  });
  it('the bin launcher runs the CLI as a process', () => {
    const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'privacy-by-design.js'), 'scan', 'examples', '--format', 'json', '--quiet'], { cwd: repo, encoding: 'utf8' });
    assert.strictEqual(r.status, 1, r.stderr);
    assert.ok(JSON.parse(r.stdout).findings.length > 0);
  });
  describe('the bundled CLI (dist/cli.js)', function () {
    this.timeout(180000);
    const bundle = path.join(repo, 'dist', 'cli.js');
    const compiled = path.join(repo, 'out', 'src', 'cli', 'main.js');
    let tmp: string;
    before(() => {
      const b = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build-extension.js'), '--cli-only'], { cwd: repo, encoding: 'utf8' });
      assert.strictEqual(b.status, 0, b.stderr);
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-bundle-'));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    /** Runs the launcher (the build it picks itself unless `which`); the compile cache goes to `cache`, whose files name the modules that were loaded. */
    const run = (cache: string, which?: 'out' | 'dist') => {
      // An undefined variable is left out of the child's environment.
      const r = runBin(['scan', 'examples', '--format', 'json', '--quiet'], { env: { PBD_COMPILE_CACHE: path.join(tmp, cache), PBD_CLI: which } });
      const doc = JSON.parse(r.stdout);
      delete doc.stats.durationMs;
      return { status: r.status, report: JSON.stringify(doc), cached: fs.existsSync(path.join(tmp, cache)) ? fs.readdirSync(path.join(tmp, cache)) : [] };
    };
    it('gives the same report as the tsc build, and its code cache is used', () => {
      const out = run('out', 'out');
      const dist = run('dist', 'dist');
      assert.strictEqual(out.status, 1);
      assert.strictEqual(dist.status, 1);
      assert.strictEqual(dist.report, out.report);
      assert.ok(out.cached.some((f) => f.startsWith('typescript.js-')), out.cached.join(', '));
      assert.ok(dist.cached.some((f) => f.startsWith('cli.js-')) && !dist.cached.some((f) => f.startsWith('typescript.js-')), dist.cached.join(', '));
      assert.strictEqual(run('dist', 'dist').report, out.report, 'and the same again with the cache read back');
    });
    it('runs when it is at least as new as the tsc build, and the tsc build runs when that is newer', () => {
      const saved = [bundle, compiled].map((f) => fs.statSync(f));
      try {
        const now = Date.now() / 1000;
        fs.utimesSync(compiled, now - 60, now - 60);
        fs.utimesSync(bundle, now, now);
        assert.ok(run('newer-bundle').cached.some((f) => f.startsWith('cli.js-')));
        fs.utimesSync(bundle, now - 120, now - 120);
        assert.ok(run('newer-out').cached.some((f) => f.startsWith('typescript.js-')));
      } finally {
        fs.utimesSync(bundle, saved[0].atime, saved[0].mtime);
        fs.utimesSync(compiled, saved[1].atime, saved[1].mtime);
      }
    });
  });
});
