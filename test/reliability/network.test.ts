import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cleanup, ROOT, runBin, SAMPLE_TREE, tempDir, writeTree } from './helpers';

// The tool reads code and must never send any of it anywhere. These tests prove it three ways:
// a runtime trap on every network entry point, a static check of the built code, and a run under
// Node's permission model with read-only file access and no child processes.

const TRAP = path.join(__dirname, 'netTrap.js');
const NETWORK_MODULES = ['net', 'tls', 'dgram', 'http', 'https', 'http2', 'dns', 'dns/promises'];

function trapLog(dir: string): string {
  return path.join(dir, 'net-trap.log');
}

/** Folders of sample code in the repository that exist right now, plus a temp tree that must produce findings. */
function scanTargets(tmp: string): string[] {
  writeTree(tmp, Object.fromEntries(Object.entries(SAMPLE_TREE).map(([k, v]) => [path.join('tree', k), v])));
  return [...['examples', 'test/fixtures'].filter((d) => fs.existsSync(path.join(ROOT, d))), path.join(tmp, 'tree')];
}

/** Network or telemetry uses in compiled JavaScript, as `what: matched text`. */
function forbiddenUses(source: string): string[] {
  const mods = NETWORK_MODULES.map((m) => m.replace('/', '\\/')).join('|');
  const forbidden: Array<[string, RegExp]> = [
    ['require of a network module', new RegExp(`require\\(\\s*["'\`](?:node:)?(?:${mods})["'\`]\\s*\\)`)],
    ['import of a network module', new RegExp(`(?:from|import\\()\\s*["'\`](?:node:)?(?:${mods})["'\`]`)],
    ['fetch call', /(?<![.\w$])fetch\s*\(|(?:globalThis|window|self)\.fetch\b/],
    ['XMLHttpRequest', /new\s+XMLHttpRequest\b/],
    ['WebSocket', /new\s+WebSocket\b/],
    ['sendBeacon call', /\.sendBeacon\s*\(/],
    ['telemetry package', /require\(\s*["'][^"']*(?:telemetry|applicationinsights|@sentry|posthog|analytics-node)[^"']*["']\s*\)/i],
  ];
  // Comments may quote API names; only code counts.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const [what, re] of forbidden) {
    const m = re.exec(code);
    if (m) out.push(`${what}: ${m[0]}`);
  }
  return out;
}

describe('reliability: no network access', function () {
  this.timeout(120000);
  let tmp: string;
  beforeEach(() => (tmp = tempDir('net')));
  afterEach(() => cleanup(tmp));

  describe('the trap itself catches every entry point (control)', () => {
    const probes: Record<string, string> = {
      'net.connect': "require('net').connect(80, '127.0.0.1')",
      'net.Socket.connect': "new (require('net').Socket)().connect(80, '127.0.0.1')",
      'tls.connect': "require('tls').connect(443, 'example.invalid')",
      'dns.lookup': "require('dns').lookup('example.invalid', () => {})",
      'dns.promises.lookup': "require('dns').promises.lookup('example.invalid')",
      'dns.Resolver': "new (require('dns').Resolver)().resolve4('example.invalid', () => {})",
      'http.request': "require('http').request('http://example.invalid')",
      'http.get': "require('http').get('http://example.invalid')",
      'https.request': "require('https').request('https://example.invalid')",
      'http2.connect': "require('http2').connect('https://example.invalid')",
      'dgram.createSocket': "require('dgram').createSocket('udp4')",
      fetch: "fetch('https://example.invalid')",
    };
    for (const [name, code] of Object.entries(probes)) {
      it(`records and blocks ${name}`, () => {
        const log = trapLog(tmp);
        const r = spawnSync(process.execPath, ['--require', TRAP, '-e', `try { ${code} } catch (e) { process.stdout.write(String(e.message)); }`], { encoding: 'utf8', env: { ...process.env, PBD_NET_TRAP_LOG: log } });
        assert.match(r.stdout, /network access blocked by the test trap/, r.stderr);
        const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
        assert.strictEqual(lines[0], 'installed');
        assert.ok(lines.includes(`touched ${name}`), `log: ${lines.join(', ')}`);
      });
    }
  });

  it('a full CLI scan of the examples and fixtures touches no network entry point', () => {
    const log = trapLog(tmp);
    const targets = scanTargets(tmp);
    const r = runBin(['scan', ...targets, '--format', 'json', '--no-gitignore'], { nodeArgs: ['--require', TRAP], env: { PBD_NET_TRAP_LOG: log } });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const report = JSON.parse(r.stdout);
    assert.ok(report.findings.length >= 3, `expected findings, got ${report.findings.length}`);
    assert.ok(report.stats.filesScanned >= 4);
    assert.deepStrictEqual(fs.readFileSync(log, 'utf8').trim().split('\n'), ['installed']);
  });

  it('the built code requires no network module and calls no fetch, XHR, WebSocket or beacon', () => {
    const dist = path.join(ROOT, 'dist');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.js')) files.push(p);
      }
    };
    if (fs.existsSync(dist)) for (const f of fs.readdirSync(dist)) if (f.endsWith('.js')) files.push(path.join(dist, f));
    walk(path.join(ROOT, 'out', 'src'));
    assert.ok(files.some((f) => f.includes(path.join('out', 'src', 'engine'))), 'compiled engine not found');
    const hits: string[] = [];
    for (const f of files) {
      for (const h of forbiddenUses(fs.readFileSync(f, 'utf8'))) hits.push(`${path.relative(ROOT, f)}: ${h}`);
    }
    assert.deepStrictEqual(hits, []);
  });

  it('the static check recognises each forbidden use (control)', () => {
    const bad = ['const h = require("https");', "const n = require('node:net');", 'import("dgram")', 'await fetch(url)', 'globalThis.fetch', 'new XMLHttpRequest()', 'new WebSocket(u)', 'navigator.sendBeacon(u, d)', 'require("@vscode/extension-telemetry")'];
    for (const b of bad) assert.strictEqual(forbiddenUses(b).length, 1, b);
    const fine = ['cache.fetch(key)', '// fetch(url) in a comment', "const s = 'https://example.invalid';", 'require("path")', '/* new WebSocket(u) */', "const sinks = ['fetch'];"];
    for (const f of fine) assert.deepStrictEqual(forbiddenUses(f), [], f);
  });

  it('no telemetry dependency and no network-capable runtime dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const deps = Object.keys(pkg.dependencies ?? {});
    assert.deepStrictEqual(deps.filter((d) => /telemetry|insights|sentry|posthog|analytics|axios|node-fetch|undici|got$|request/i.test(d)), []);
  });

  it("runs under Node's permission model: read-only files, no child processes, no workers", () => {
    const flag = Number(process.versions.node.split('.')[0]) >= 23 ? '--permission' : '--experimental-permission';
    const targets = scanTargets(tmp);
    const r = runBin(['scan', ...targets, '--format', 'json', '--no-gitignore'], { nodeArgs: [flag, '--allow-fs-read=*'] });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /ERR_ACCESS_DENIED/);
    const report = JSON.parse(r.stdout);
    assert.ok(report.findings.some((f: { ruleId: string }) => f.ruleId.startsWith('location-')), 'expected a location finding');
    assert.ok(report.findings.some((f: { file: string }) => f.file.endsWith('faces.js')), 'expected a face finding');
    assert.deepStrictEqual(report.errors, []);
  });

  it('the permission model is really enforced: writing a report without write permission is refused (control)', () => {
    const flag = Number(process.versions.node.split('.')[0]) >= 23 ? '--permission' : '--experimental-permission';
    const targets = scanTargets(tmp);
    const out = path.join(tmp, 'report.json');
    const r = runBin(['scan', targets[targets.length - 1], '--format', 'json', '--output', out], { nodeArgs: [flag, '--allow-fs-read=*'] });
    assert.strictEqual(r.status, 2, r.stderr);
    assert.match(r.stderr, /cannot write --output/);
    assert.ok(!fs.existsSync(out));
  });

  it('examples scan under the exact documented command line', () => {
    if (!fs.existsSync(path.join(ROOT, 'examples'))) throw new Error('examples/ is missing');
    const flag = Number(process.versions.node.split('.')[0]) >= 23 ? '--permission' : '--experimental-permission';
    const r = runBin(['scan', 'examples'], { nodeArgs: [flag, '--allow-fs-read=*'] });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stdout, /finding/);
    assert.doesNotMatch(r.stderr, /ERR_ACCESS_DENIED/);
  });
});
