import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { cleanup, ROOT, runBin, tempDir, writeTree } from '../reliability/helpers';
import { compileCacheDataDir, compileCacheDir, compileCacheHits, flushCompileCache, installCompileCache, readCacheFile, uninstallCompileCache, writeCacheFile, type CacheHeader } from '../../src/cli/compileCache';

const SCAN = ['scan', 'examples', '--format', 'json', '--quiet', '--fail-on', 'warning'];

/** The JSON report without its duration. */
function scan(env: NodeJS.ProcessEnv): { status: number | null; json: string; stderr: string } {
  const r = runBin(SCAN, { env });
  const doc = JSON.parse(r.stdout);
  delete doc.stats.durationMs;
  return { status: r.status, json: JSON.stringify(doc), stderr: r.stderr };
}

function cacheFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('CLI compile cache (V8 cached data for the parser modules)', function () {
  this.timeout(120000);
  let tmp: string;
  let baseline: ReturnType<typeof scan>;
  before(() => {
    tmp = tempDir('compile-cache');
    // Disabled, with an empty temp folder: nothing may appear anywhere.
    const emptyTmp = path.join(tmp, 'tmp-off');
    fs.mkdirSync(emptyTmp);
    baseline = scan({ PBD_COMPILE_CACHE: 'off', TMPDIR: emptyTmp, TMP: emptyTmp, TEMP: emptyTmp });
    assert.strictEqual(baseline.status, 1, baseline.stderr);
    assert.deepStrictEqual(fs.readdirSync(emptyTmp), []);
  });
  after(() => cleanup(tmp));

  it('PBD_COMPILE_CACHE=0 writes nothing, in the default folder or the working folder', () => {
    const emptyTmp = path.join(tmp, 'tmp-zero');
    const cwd = path.join(tmp, 'cwd-zero');
    fs.mkdirSync(emptyTmp);
    fs.mkdirSync(cwd);
    const r = runBin([...SCAN.slice(0, 1), path.join(ROOT, 'examples'), ...SCAN.slice(2)], { cwd, env: { PBD_COMPILE_CACHE: '0', TMPDIR: emptyTmp, TMP: emptyTmp, TEMP: emptyTmp } });
    assert.strictEqual(r.status, baseline.status, r.stderr);
    assert.strictEqual(JSON.parse(r.stdout).findings.length, JSON.parse(baseline.json).findings.length);
    assert.deepStrictEqual(fs.readdirSync(emptyTmp), []);
    assert.deepStrictEqual(fs.readdirSync(cwd), []);
  });

  it('a scan keeps the compiled prefilter of the rules there, and the next scan reads it', () => {
    const dir = path.join(tmp, 'prefilter-store');
    const first = scan({ PBD_COMPILE_CACHE: dir });
    const stored = cacheFiles(dir).filter((f) => /^prefilter-[0-9a-f]{32}\.bin$/.test(f));
    assert.strictEqual(stored.length, 1, cacheFiles(dir).join(', '));
    const file = path.join(dir, stored[0]);
    const before = fs.statSync(file).mtimeMs;
    const second = scan({ PBD_COMPILE_CACHE: dir });
    assert.strictEqual(first.json, baseline.json);
    assert.strictEqual(second.json, baseline.json);
    assert.strictEqual(fs.statSync(file).mtimeMs, before, 'a usable stored prefilter is read, not written again');
  });

  it('the same report with the cache being written, then read; an accepted cache is not rewritten', () => {
    const dir = path.join(tmp, 'cache');
    const first = scan({ PBD_COMPILE_CACHE: dir });
    assert.strictEqual(first.status, baseline.status);
    assert.strictEqual(first.json, baseline.json);
    const files = cacheFiles(dir);
    assert.ok(files.some((f) => f.startsWith('typescript.js-')), files.join(', '));
    assert.ok(files.some((f) => f.startsWith('convert.js-')), files.join(', '));
    assert.ok(!files.some((f) => f.endsWith('.tmp')), files.join(', '));
    const inodes = files.map((f) => fs.statSync(path.join(dir, f)).ino);
    const second = scan({ PBD_COMPILE_CACHE: dir });
    assert.strictEqual(second.status, baseline.status);
    assert.strictEqual(second.json, baseline.json);
    assert.deepStrictEqual(cacheFiles(dir), files);
    assert.deepStrictEqual(files.map((f) => fs.statSync(path.join(dir, f)).ino), inodes, 'a cache that V8 accepted was written again');
  });

  it('ignores corrupt cache files (bad header, or data V8 rejects) and replaces them', () => {
    const dir = path.join(tmp, 'corrupt');
    scan({ PBD_COMPILE_CACHE: dir });
    const files = cacheFiles(dir);
    const ts = path.join(dir, files.find((f) => f.startsWith('typescript.js-'))!);
    const good = fs.readFileSync(ts);
    const headerEnd = 7 + 4 + good.readUInt32LE(7);
    // Valid header, junk data: only V8 can tell.
    const junk = Buffer.concat([good.subarray(0, headerEnd), Buffer.alloc(5000, 0x5a)]);
    fs.writeFileSync(ts, junk);
    for (const f of files.filter((f) => !f.startsWith('typescript.js-'))) fs.writeFileSync(path.join(dir, f), 'not a cache');
    const r = scan({ PBD_COMPILE_CACHE: dir });
    assert.strictEqual(r.status, baseline.status);
    assert.strictEqual(r.json, baseline.json);
    assert.strictEqual(r.stderr, '');
    assert.notDeepStrictEqual(fs.readFileSync(ts), junk);
    // Compiled code and the compiled prefilter of the rules (prefilter.ts) alike are rebuilt and written anew.
    assert.ok(files.some((f) => /^prefilter-[0-9a-f]{32}\.bin$/.test(f)), files.join(', '));
    for (const f of files) assert.strictEqual(fs.readFileSync(path.join(dir, f)).toString('latin1', 0, 7), f.startsWith('prefilter-') ? 'PBDPF3\n' : 'PBDCC1\n', f);
  });

  it('an unusable folder changes nothing (and says nothing)', () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'x');
    const r = scan({ PBD_COMPILE_CACHE: path.join(file, 'sub') });
    assert.strictEqual(r.status, baseline.status);
    assert.strictEqual(r.json, baseline.json);
    assert.strictEqual(r.stderr, '');
  });

  it('by default writes under the OS temp folder, never in the scanned tree', () => {
    const osTmp = path.join(tmp, 'os-tmp');
    const tree = path.join(tmp, 'tree');
    fs.mkdirSync(osTmp);
    writeTree(tree, { 'src/track.ts': 'export const w = (cb: PositionCallback) => navigator.geolocation.watchPosition(cb);\n' });
    const before = listTree(tree);
    const env: NodeJS.ProcessEnv = { PBD_COMPILE_CACHE: '', TMPDIR: osTmp, TMP: osTmp, TEMP: osTmp };
    const r = runBin(['scan', tree, '--format', 'json', '--quiet', '--fail-on', 'none'], { env });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(JSON.parse(r.stdout).findings.length, 1);
    assert.deepStrictEqual(listTree(tree), before);
    const made = fs.readdirSync(osTmp);
    assert.strictEqual(made.length, 1);
    assert.match(made[0], /^privacy-by-design-compile-cache-[\w.-]+$/);
    assert.ok(cacheFiles(path.join(osTmp, made[0])).some((f) => f.startsWith('typescript.js-')));
  });
});

describe('compileCache module', () => {
  let tmp: string;
  beforeEach(() => (tmp = tempDir('compile-cache-unit')));
  afterEach(() => {
    uninstallCompileCache();
    cleanup(tmp);
  });

  it('reads the folder and the off switch from PBD_COMPILE_CACHE', () => {
    for (const v of ['0', 'off', 'OFF', 'false', ' no ']) assert.strictEqual(compileCacheDir({ PBD_COMPILE_CACHE: v }), undefined, v);
    assert.strictEqual(compileCacheDir({ PBD_COMPILE_CACHE: tmp }), tmp);
    assert.match(path.basename(compileCacheDir({})!), /^privacy-by-design-compile-cache-[\w.-]+$/);
  });

  it('a cache file is read back only for the same file version, Node and architecture', () => {
    const header: CacheHeader = { file: '/x/typescript.js', size: 10, mtimeMs: 5, length: 10, node: process.version, arch: process.arch };
    const f = path.join(tmp, 'c.cache');
    assert.strictEqual(writeCacheFile(f, header, Buffer.from('data')), true);
    assert.strictEqual(writeCacheFile(path.join(tmp, 'no', 'such', 'dir.cache'), header, Buffer.from('data')), false);
    assert.strictEqual(readCacheFile(f, header)?.toString(), 'data');
    for (const change of [{ size: 11 }, { mtimeMs: 6 }, { length: 9 }, { node: 'v0.0.0' }, { arch: 'other' }, { file: '/y/typescript.js' }]) {
      assert.strictEqual(readCacheFile(f, { ...header, ...change }), undefined, JSON.stringify(change));
    }
    fs.writeFileSync(f, fs.readFileSync(f).subarray(0, 20));
    assert.strictEqual(readCacheFile(f, header), undefined);
    assert.strictEqual(readCacheFile(path.join(tmp, 'missing.cache'), header), undefined);
    assert.deepStrictEqual(fs.readdirSync(tmp), ['c.cache']);
  });

  it('uses Node’s own compile cache when there is one, and nothing else', () => {
    const calls: unknown[] = [];
    const compile = function () {};
    const fake = { enableCompileCache: (d: string) => calls.push(d), prototype: { _compile: compile } };
    const status = installCompileCache({ env: { PBD_COMPILE_CACHE: tmp }, moduleApi: fake });
    assert.deepStrictEqual(status, { mode: 'node', dir: tmp });
    assert.deepStrictEqual(calls, [tmp]);
    assert.strictEqual(fake.prototype._compile, compile);
    assert.strictEqual(compileCacheDataDir(), tmp, 'the folder also keeps the stored prefilter');
  });

  it('the stored prefilter’s folder gets the same checks as the cache: a default folder others can write to is not used', () => {
    const osTmp = path.join(tmp, 'shared-tmp');
    fs.mkdirSync(osTmp);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = osTmp;
    try {
      const dir = compileCacheDir({});
      assert.ok(dir?.startsWith(osTmp), dir);
      fs.mkdirSync(dir!, { mode: 0o777 });
      fs.chmodSync(dir!, 0o777);
      for (const moduleApi of [{ enableCompileCache: () => undefined, prototype: { _compile: function () {} } }, undefined]) {
        uninstallCompileCache();
        installCompileCache({ env: {}, ...(moduleApi ? { moduleApi } : {}) });
        assert.strictEqual(compileCacheDataDir(), undefined);
      }
      fs.chmodSync(dir!, 0o700);
      uninstallCompileCache();
      installCompileCache({ env: {}, moduleApi: { enableCompileCache: () => undefined, prototype: { _compile: function () {} } } });
      assert.strictEqual(compileCacheDataDir(), dir, 'a private folder of ours is used');
    } finally {
      uninstallCompileCache();
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('the hook loads modules as Node does and caches them after they ran', () => {
    const mods = path.join(tmp, 'mods');
    const dir = path.join(tmp, 'cache');
    writeTree(mods, {
      'a.js': "'use strict';\nconst b = require('./b');\nexports.viaThis = this === exports;\nexports.b = b.twice(21);\nexports.file = __filename;\nexports.dir = __dirname;\nexports.resolved = require.resolve('./b');\nexports.same = module.exports === exports;\n",
      'b.js': 'exports.twice = (n) => n * 2;\n',
    });
    const load = () => {
      for (const k of Object.keys(require.cache)) if (k.startsWith(mods)) delete require.cache[k];
      return require(path.join(mods, 'a.js'));
    };
    assert.strictEqual(installCompileCache({ env: { PBD_COMPILE_CACHE: dir }, minBytes: 0, writeAtExit: false }).mode, 'hook');
    const a = load();
    assert.deepStrictEqual(a, { viaThis: true, b: 42, file: path.join(mods, 'a.js'), dir: mods, resolved: path.join(mods, 'b.js'), same: true });
    assert.strictEqual(compileCacheHits(), 0);
    assert.strictEqual(flushCompileCache(), 2);
    assert.strictEqual(cacheFiles(dir).length, 2);
    uninstallCompileCache();
    installCompileCache({ env: { PBD_COMPILE_CACHE: dir }, minBytes: 0, writeAtExit: false });
    assert.deepStrictEqual(load(), a);
    assert.strictEqual(compileCacheHits(), 2, 'both caches should have been accepted');
    assert.strictEqual(flushCompileCache(), 0);
  });

  it('a syntax error is reported by Node as usual', () => {
    writeTree(tmp, { 'bad.js': 'exports.x = ;\n' });
    installCompileCache({ env: { PBD_COMPILE_CACHE: path.join(tmp, 'cache') }, minBytes: 0, writeAtExit: false });
    assert.throws(() => require(path.join(tmp, 'bad.js')), (e: Error) => e instanceof SyntaxError && /bad\.js/.test(String(e.stack)));
    assert.strictEqual(flushCompileCache(), 0);
  });
});
