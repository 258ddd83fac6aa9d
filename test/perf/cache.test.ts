import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeText, ENGINE_VERSION, loadRuleSet, openResultCache, prepareRules, ruleSetHash, type PreparedRules } from '../../src/engine';
import { parseArgs, runCli } from '../../src/cli/main';

const WATCH = `export function follow(cb: PositionCallback) {\n  return navigator.geolocation.watchPosition(cb);\n}\n`;

describe('perf: content-hash result cache', () => {
  let dir: string;
  let prepared: PreparedRules;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-cache-'));
    prepared = prepareRules(loadRuleSet());
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('misses, then hits with the same result; a hit is restamped with the file it is asked for', () => {
    const cache = openResultCache(dir, prepared, {}, ENGINE_VERSION);
    const first = analyzeText(WATCH, 'a/geo.ts', prepared, { cache });
    assert.deepStrictEqual(cache.stats, { hits: 0, misses: 1, entries: 1 });
    const again = analyzeText(WATCH, 'a/geo.ts', prepared, { cache });
    assert.deepStrictEqual(cache.stats, { hits: 1, misses: 1, entries: 1 });
    assert.deepStrictEqual(again, first);
    const copy = analyzeText(WATCH, 'b/copy.ts', prepared, { cache });
    assert.strictEqual(cache.stats.hits, 2);
    assert.deepStrictEqual(copy, analyzeText(WATCH, 'b/copy.ts', prepared));
    assert.deepStrictEqual(copy.findings.map((f) => f.file), ['b/copy.ts']);
  });

  it('the same text in another kind of file is analysed again (TypeScript, JavaScript and declarations differ)', () => {
    const text = `const a = <any>b;\nnavigator.geolocation.watchPosition(a);\n`;
    const cache = openResultCache(dir, prepared, {}, ENGINE_VERSION);
    for (const file of ['a.ts', 'b.js', 'c.d.ts', 'd.TS']) {
      assert.deepStrictEqual(analyzeText(text, file, prepared, { cache }), analyzeText(text, file, prepared), file);
    }
    assert.strictEqual(analyzeText(text, 'b.js', prepared).errors.length, 1, 'a type assertion is a syntax error in JavaScript');
    assert.strictEqual(cache.stats.hits, 1, 'only d.TS shares the entry of a.ts');
  });

  it('files without trigger tokens never reach the cache (the prefilter is cheaper than a lookup)', () => {
    const cache = openResultCache(dir, prepared, {}, ENGINE_VERSION);
    analyzeText('export const sum = (a: number, b: number) => a + b;\n', 'sum.ts', prepared, { cache });
    assert.deepStrictEqual(cache.stats, { hits: 0, misses: 0, entries: 0 });
  });

  it('persists across processes: save, then a new cache on the same folder hits', () => {
    const cache = openResultCache(dir, prepared, {}, ENGINE_VERSION);
    const first = analyzeText(WATCH, 'geo.ts', prepared, { cache });
    assert.strictEqual(cache.save(), true);
    assert.ok(fs.existsSync(path.join(dir, 'CACHEDIR.TAG')));
    const reopened = openResultCache(dir, prepared, {}, ENGINE_VERSION);
    // Equal as every reporter sees it (JSON): a persisted entry has no `undefined` fields.
    assert.deepStrictEqual(analyzeText(WATCH, 'geo.ts', prepared, { cache: reopened }), JSON.parse(JSON.stringify(first)));
    assert.deepStrictEqual(reopened.stats, { hits: 1, misses: 0, entries: 1 });
  });

  it('saving deletes cache files of other keys last written over 30 days ago, and keeps recent ones', () => {
    const old = path.join(dir, 'pbd-cache-0123456789abcdef.json');
    const recent = path.join(dir, 'pbd-cache-fedcba9876543210.json');
    const other = path.join(dir, 'notes.json');
    for (const f of [old, recent, other]) fs.writeFileSync(f, '{}');
    const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    fs.utimesSync(old, longAgo, longAgo);
    fs.utimesSync(other, longAgo, longAgo);
    const cache = openResultCache(dir, prepared, {}, ENGINE_VERSION);
    analyzeText(WATCH, 'geo.ts', prepared, { cache });
    assert.ok(cache.save());
    assert.deepStrictEqual([old, recent, other, cache.file].map((f) => fs.existsSync(f)), [false, true, true, true]);
  });

  it('a corrupt cache file is ignored, not fatal', () => {
    const cache = openResultCache(dir, prepared, {}, ENGINE_VERSION);
    analyzeText(WATCH, 'geo.ts', prepared, { cache });
    cache.save();
    fs.writeFileSync(cache.file, '{"format":1,"key":');
    const reopened = openResultCache(dir, prepared, {}, ENGINE_VERSION);
    assert.strictEqual(reopened.stats.entries, 0);
    assert.strictEqual(analyzeText(WATCH, 'geo.ts', prepared, { cache: reopened }).findings.length, 1);
  });

  describe('the key: engine version, rule set and result-shaping options', () => {
    const fileFor = (p: PreparedRules, options: object, version = ENGINE_VERSION) => openResultCache(dir, p, options, version).file;
    it('same inputs, same cache file', () => assert.strictEqual(fileFor(prepared, {}), fileFor(prepareRules(loadRuleSet()), {})));
    it('another engine version', () => assert.notStrictEqual(fileFor(prepared, {}), fileFor(prepared, {}, ENGINE_VERSION + '-next')));
    it('a changed rule', () => {
      const rs = loadRuleSet();
      const changed = { ...rs, rules: rs.rules.map((r) => (r.id === 'location-watch' ? { ...r, severity: 'error' as const } : r)) };
      assert.notStrictEqual(ruleSetHash(changed), ruleSetHash(rs));
      assert.notStrictEqual(fileFor(prepareRules(changed), {}), fileFor(prepared, {}));
    });
    it('a rule file moved on disk (same content) keeps the key', () => {
      const rs = loadRuleSet();
      assert.strictEqual(ruleSetHash({ ...rs, rules: rs.rules.map((r) => ({ ...r, source: '/elsewhere/' + r.id + '.json' })) }), ruleSetHash(rs));
    });
    it('severity overrides', () => assert.notStrictEqual(fileFor(prepared, { severityOverrides: { 'location-watch': 'off' } }), fileFor(prepared, {})));
  });

  it('a file with a dated suppression is keyed by day, so an expired suppression is not served from the cache', () => {
    const code = `// privacy-by-design-disable-next-line location-watch until 2026-01-01 -- trial ends\nnavigator.geolocation.watchPosition(cb);\n`;
    const day1 = openResultCache(dir, prepared, { now: new Date('2026-01-01T12:00:00Z') }, ENGINE_VERSION);
    const before = analyzeText(code, 'a.ts', prepared, { cache: day1, now: new Date('2026-01-01T12:00:00Z') });
    day1.save();
    const day2 = openResultCache(dir, prepared, { now: new Date('2026-01-02T12:00:00Z') }, ENGINE_VERSION);
    const after = analyzeText(code, 'a.ts', prepared, { cache: day2, now: new Date('2026-01-02T12:00:00Z') });
    assert.strictEqual(day2.stats.hits, 0);
    assert.deepStrictEqual([before.findings[0].suppressed, after.findings[0].suppressed], [true, false]);
  });

  it('results made with cross-file summaries are keyed by them too', () => {
    const cache = openResultCache(dir, prepared, {}, ENGINE_VERSION);
    const summaries = { files: new Map([['store.ts', { file: 'store.ts', exports: {}, calls: [], models: {}, imports: [] }]]), affects: () => false, dependsOnOthers: () => false };
    analyzeText(WATCH, 'geo.ts', prepared, { cache });
    analyzeText(WATCH, 'geo.ts', prepared, { cache, summaries } as never);
    assert.deepStrictEqual(cache.stats, { hits: 0, misses: 2, entries: 2 });
  });

  describe('CLI --cache [DIR]', () => {
    const cases: Array<[string[], string | undefined, string[]]> = [
      [['scan', '--cache'], '.pbd-cache', ['.']],
      [['scan', '--cache=c1', 'src'], 'c1', ['src']],
      [['scan', '--cache', 'new-cache-dir', 'src'], 'new-cache-dir', ['src']],
      [['scan', '--cache', 'existing'], '.pbd-cache', ['existing']],
      [['scan', '--cache', 'tagged'], 'tagged', ['.']],
      [['scan', '--cache', '--quiet'], '.pbd-cache', ['.']],
      [['scan', 'src'], undefined, ['src']],
    ];
    for (const [args, cache, paths] of cases) {
      it(`${args.join(' ')} → cache ${cache ?? 'none'}, paths ${paths.join(' ')}`, () => {
        fs.mkdirSync(path.join(dir, 'existing'));
        fs.mkdirSync(path.join(dir, 'tagged'));
        fs.writeFileSync(path.join(dir, 'tagged', 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n');
        const o = parseArgs(args, dir);
        assert.ok(typeof o === 'object');
        assert.deepStrictEqual([o.cache, o.paths], [cache, paths]);
      });
    }
    it('a second run with --cache reports the same findings from the cache', () => {
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'src', 'geo.ts'), WATCH);
      fs.writeFileSync(path.join(dir, 'src', 'plain.ts'), 'export const one = 1;\n');
      const run = () => {
        let out = '';
        const code = runCli(['scan', 'src', '--format', 'json', '--cache=.cache'], { stdout: (s) => (out += s), stderr: () => undefined, isTTY: false, cwd: dir });
        const report = JSON.parse(out) as { findings: unknown[] };
        return { code, findings: report.findings };
      };
      const first = run();
      const cacheFiles = fs.readdirSync(path.join(dir, '.cache')).filter((n) => n.startsWith('pbd-cache-'));
      assert.strictEqual(cacheFiles.length, 1);
      const entries = Object.keys(JSON.parse(fs.readFileSync(path.join(dir, '.cache', cacheFiles[0]), 'utf8')).entries);
      assert.strictEqual(entries.length, 1, 'only the file that passed the prefilter is cached');
      const second = run();
      assert.deepStrictEqual(second, first);
      assert.strictEqual(first.findings.length, 1);
    });
    it('a cold run with --cache lists the tree once (the listing for the tree key is reused by the scan)', () => {
      fs.mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src', 'geo.ts'), WATCH);
      fs.writeFileSync(path.join(dir, 'src', 'lib', 'plain.ts'), 'export const one = 1;\n');
      const realFs = require('fs') as { readdirSync: typeof fs.readdirSync };
      const readdirSync = realFs.readdirSync;
      const listed = new Map<string, number>();
      (realFs as { readdirSync: unknown }).readdirSync = (...args: Parameters<typeof fs.readdirSync>) => {
        const d = path.relative(dir, String(args[0])) || '.';
        listed.set(d, (listed.get(d) ?? 0) + 1);
        return (readdirSync as (...a: unknown[]) => unknown)(...args);
      };
      let out = '';
      try {
        runCli(['scan', 'src', '--format', 'json', '--cache=.cache'], { stdout: (s) => (out += s), stderr: () => undefined, isTTY: false, cwd: dir });
      } finally {
        realFs.readdirSync = readdirSync;
      }
      assert.deepStrictEqual([listed.get('src'), listed.get(path.join('src', 'lib'))], [1, 1]);
      assert.strictEqual((JSON.parse(out) as { findings: unknown[] }).findings.length, 1);
    });
    it('a file whose flow goes through a helper in another file is not served from the cache when only the helper changed', () => {
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'src', 'gps.js'), `import { fmt } from './fmt.js';\nnavigator.geolocation.getCurrentPosition((p) => localStorage.setItem('p', fmt(p.coords)));\n`);
      const scan = () => {
        let out = '';
        runCli(['scan', 'src', '--format', 'json', '--cache=.cache'], { stdout: (s) => (out += s), stderr: () => undefined, isTTY: false, cwd: dir });
        return (JSON.parse(out) as { findings: Array<{ file: string; ruleId: string }> }).findings.map((f) => `${f.file} ${f.ruleId}`);
      };
      fs.writeFileSync(path.join(dir, 'src', 'fmt.js'), `export function fmt(x) {\n  return JSON.stringify(x);\n}\n`);
      assert.ok(scan().includes('src/gps.js retention-local-storage'), 'the helper passes the position through');
      fs.writeFileSync(path.join(dir, 'src', 'fmt.js'), `export function fmt(x) {\n  return 'redacted';\n}\n`);
      assert.ok(!scan().includes('src/gps.js retention-local-storage'), 'gps.js is unchanged, but what it stores no longer carries the position');
    });
    it('a re-scan after a change sees the change (the whole-scan record keys on every file)', () => {
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'src', 'geo.ts'), WATCH);
      const run = () => {
        let out = '';
        runCli(['scan', 'src', '--format', 'json', '--cache=.cache'], { stdout: (s) => (out += s), stderr: () => undefined, isTTY: false, cwd: dir });
        return (JSON.parse(out) as { findings: Array<{ ruleId: string; file: string }> }).findings.map((f) => `${f.ruleId}@${f.file}`);
      };
      assert.deepStrictEqual(run(), ['location-watch@src/geo.ts']);
      fs.writeFileSync(path.join(dir, 'src', 'more.ts'), WATCH);
      assert.deepStrictEqual(run(), ['location-watch@src/geo.ts', 'location-watch@src/more.ts']);
      fs.writeFileSync(path.join(dir, 'src', 'geo.ts'), 'export const none = 0;\n');
      assert.deepStrictEqual(run(), ['location-watch@src/more.ts']);
    });
    it('a warm run does not load the parser (fresh process)', () => {
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'src', 'geo.ts'), WATCH);
      const cli = path.join(__dirname, '..', '..', 'src', 'cli', 'main.js');
      const engine = path.join(__dirname, '..', '..', 'src', 'engine', 'index.js');
      const script = `const { runCli } = require(${JSON.stringify(cli)}); const e = require(${JSON.stringify(engine)});
        const io = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd: ${JSON.stringify(dir)} };
        runCli(['scan', 'src', '--format', 'json', '--cache=.cache'], io);
        console.log(JSON.stringify(e.isParserLoaded()));`;
      const runs = [0, 1].map(() => spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
      assert.deepStrictEqual(
        runs.map((r) => [r.status, r.stdout.trim()]),
        [
          [0, 'true'],
          [0, 'false'],
        ],
        runs.map((r) => r.stderr).join('\n'),
      );
    });
  });
});
