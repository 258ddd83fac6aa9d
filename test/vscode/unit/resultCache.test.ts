// The workspace scan's result cache, driven through the engine worker's handlers as the host drives them
// (cacheBegin, scanBegin, analyzeFile per file, scanEnd), in this process.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AnalyzeOptions, FileResult } from '../../../src/engine';
import { handlers, type CacheReport } from '../../../src/vscode/engineWorker';

const CAP = 1024 * 1024;
const OPTIONS: AnalyzeOptions = { severityOverrides: {}, consentGuard: "hasConsent('biometric')", consentGuards: [], defaultRetentionDays: 30, coordinateDecimals: 2 };
const WATCH = 'export function follow(cb) {\n  return navigator.geolocation.watchPosition(cb);\n}\n';
// A TypeScript cast: valid in .ts, a JSX error in .js. Same text, different results.
const CAST = 'const a = <any>b;\nnavigator.geolocation.watchPosition(a);\n';

const FILES: Record<string, string> = {
  'src/geo.ts': WATCH,
  'src/cast.ts': CAST,
  'src/cast.js': CAST,
  'src/plain.ts': 'export const sum = (a: number, b: number) => a + b;\n',
  'src/suppressed.js': '// privacy-by-design-disable-next-line location-watch -- demo map\nnavigator.geolocation.watchPosition((p) => show(p));\n',
  // A cross-file flow: report.js depends on position.js's summary, so it is never taken from the cache.
  'src/position.js': 'export function currentPosition() {\n  return new Promise((resolve, reject) => navigator.geolocation.getCurrentPosition(resolve, reject));\n}\n',
  'src/report.js':
    "import { currentPosition } from './position.js';\nexport async function reportVisit() {\n  const pos = await currentPosition();\n  await fetch('https://a.example.com/v', { method: 'POST', body: JSON.stringify({ lat: pos.coords.latitude }) });\n}\n",
};

interface Scan {
  /** Results as the host receives them (structured clone drops nothing JSON keeps). */
  results: string;
  byFile: Map<string, FileResult>;
  cache: CacheReport;
}

describe('workspace scan result cache (engine worker)', () => {
  let tmp: string;
  let ws: string;
  let cacheDir: string;
  let files: string[];

  const scan = (dir: string | undefined, options: AnalyzeOptions = OPTIONS): Scan => {
    handlers.cacheBegin(dir, [], options);
    handlers.scanBegin(files, [], CAP);
    const list = files.map((f) => handlers.analyzeFile(f, [], { ...options, maxFileBytes: CAP }));
    const { cache } = handlers.scanEnd();
    return { results: JSON.stringify(list), byFile: new Map(list.map((r) => [path.relative(ws, r.file).split(path.sep).join('/'), r])), cache };
  };

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-result-cache-'));
    ws = path.join(tmp, 'ws');
    cacheDir = path.join(tmp, 'storage', 'result-cache');
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
      fs.writeFileSync(path.join(ws, rel), text);
    }
    files = Object.keys(FILES)
      .map((rel) => path.join(ws, rel))
      .sort();
  });
  afterEach(() => {
    handlers.scanEnd();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a second scan of an unchanged folder answers from the cache, with the same results as without it', () => {
    const plain = scan(undefined);
    assert.deepStrictEqual(plain.cache, { hits: 0, misses: 0, entries: 0, problems: [] });
    const first = scan(cacheDir);
    assert.strictEqual(first.cache.hits, 0);
    assert.ok(first.cache.misses >= 4, `analysed and stored: ${first.cache.misses}`);
    assert.ok(fs.readdirSync(cacheDir).some((n) => n.startsWith('pbd-cache-')), 'the cache is saved at scanEnd');
    const second = scan(cacheDir);
    assert.deepStrictEqual(second.cache, { hits: first.cache.misses, misses: 0, entries: first.cache.entries, problems: [] });
    assert.strictEqual(first.results, plain.results);
    assert.strictEqual(second.results, plain.results);
    assert.deepStrictEqual(
      second.byFile.get('src/report.js')?.findings.map((f) => f.ruleId),
      ['sensitive-data-shared'],
      'the cross-file finding is still there (that file is analysed with the summaries, never cached)',
    );
  });

  it('the same text in files of another kind is not served across kinds (.ts and .js parse differently)', () => {
    const plain = scan(undefined);
    assert.deepStrictEqual(
      ['src/cast.ts', 'src/cast.js'].map((f) => [plain.byFile.get(f)?.findings.length, plain.byFile.get(f)?.errors.length]),
      [
        [1, 0],
        [0, 1],
      ],
      'the fixture still shows the difference',
    );
    scan(cacheDir);
    assert.strictEqual(scan(cacheDir).results, plain.results);
  });

  it('a changed file is analysed again; the others still come from the cache', () => {
    const first = scan(cacheDir);
    fs.writeFileSync(path.join(ws, 'src/geo.ts'), WATCH + 'navigator.geolocation.watchPosition(() => undefined);\n');
    const second = scan(cacheDir);
    assert.deepStrictEqual([second.cache.hits, second.cache.misses], [first.cache.misses - 1, 1]);
    assert.strictEqual(second.byFile.get('src/geo.ts')?.findings.length, 2);
    assert.strictEqual(second.results, scan(undefined).results);
  });

  it('other result-shaping settings (severity overrides) never read results made with the old ones', () => {
    const first = scan(cacheDir);
    const strict = { ...OPTIONS, severityOverrides: { 'location-watch': 'error' as const } };
    const second = scan(cacheDir, strict);
    assert.deepStrictEqual([second.cache.hits, second.cache.misses], [0, first.cache.misses]);
    assert.strictEqual(second.byFile.get('src/geo.ts')?.findings[0].severity, 'error');
    assert.strictEqual(second.results, scan(undefined, strict).results);
    assert.strictEqual(scan(cacheDir).cache.hits, first.cache.misses, 'the first settings keep their own cache file');
  });

  it('the cache is used only with the rules and options it was opened for', () => {
    const geo = path.join(ws, 'src/geo.ts');
    handlers.cacheBegin(cacheDir, [], OPTIONS);
    handlers.analyzeFile(geo, [], { ...OPTIONS, maxFileBytes: CAP });
    handlers.analyzeFile(geo, [], { ...OPTIONS, consentGuards: ['isAllowed'], maxFileBytes: CAP });
    handlers.invalidate(); // rules reloaded (settings or rule files changed)
    handlers.analyzeFile(geo, [], { ...OPTIONS, maxFileBytes: CAP });
    assert.deepStrictEqual(handlers.scanEnd().cache, { hits: 0, misses: 1, entries: 1, problems: [] });
  });

  it('a cache that cannot be written is reported, and the scan is not affected', () => {
    const plain = scan(undefined);
    fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
    fs.writeFileSync(cacheDir, 'a file where the folder should be');
    const s = scan(cacheDir);
    assert.strictEqual(s.results, plain.results);
    assert.strictEqual(s.cache.problems.length, 1);
    assert.match(s.cache.problems[0], /^could not write the result cache /);
  });

  it('an unreadable cache file is reported and replaced', () => {
    const first = scan(cacheDir);
    const [name] = fs.readdirSync(cacheDir).filter((n) => n.startsWith('pbd-cache-'));
    fs.writeFileSync(path.join(cacheDir, name), '{"format":1,"key":');
    const second = scan(cacheDir);
    assert.match(second.cache.problems.join('\n'), /could not read the result cache .*; starting afresh/);
    assert.deepStrictEqual([second.cache.hits, second.cache.misses], [0, first.cache.misses]);
    assert.strictEqual(second.results, first.results);
    assert.strictEqual(scan(cacheDir).cache.hits, first.cache.misses);
  });

  it('keeps the most recently used cache files of other rule sets and settings, and deletes older ones', () => {
    fs.mkdirSync(cacheDir, { recursive: true });
    const old = Date.now() / 1000 - 86400;
    for (let i = 0; i < 12; i++) {
      const f = path.join(cacheDir, `pbd-cache-${String(i).padStart(16, '0')}.json`);
      fs.writeFileSync(f, '{}');
      fs.utimesSync(f, old + i, old + i);
    }
    fs.writeFileSync(path.join(cacheDir, 'pbd-cache-00000000000000aa.json.123.tmp'), '');
    fs.utimesSync(path.join(cacheDir, 'pbd-cache-00000000000000aa.json.123.tmp'), old, old);
    fs.writeFileSync(path.join(cacheDir, 'notes.txt'), 'not ours');
    scan(cacheDir);
    const left = fs.readdirSync(cacheDir).sort();
    assert.deepStrictEqual(
      left.filter((n) => /^pbd-cache-0+\d+\.json$/.test(n)),
      [4, 5, 6, 7, 8, 9, 10, 11].map((i) => `pbd-cache-${String(i).padStart(16, '0')}.json`),
    );
    assert.ok(!left.some((n) => n.endsWith('.tmp')), 'a leftover of an interrupted save is removed');
    assert.ok(left.includes('notes.txt') && left.includes('CACHEDIR.TAG'));
    assert.strictEqual(left.filter((n) => n.startsWith('pbd-cache-') && !/^pbd-cache-0+\d+\.json$/.test(n)).length, 1, 'the cache in use');
  });
});

describe('path aliases in the editor (engine worker)', () => {
  it("the workspace scan reads the folder's tsconfig paths; analyses of open documents then follow @/ imports", () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-alias-ws-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
      fs.writeFileSync(path.join(ws, rel), text);
    };
    write('tsconfig.json', '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }');
    write('src/lib/milvus.ts', "import { MilvusClient } from '@zilliz/milvus2-sdk-node';\nexport default new MilvusClient(process.env.URL!);\n");
    const importer = "import milvus from '@/lib/milvus';\nexport const who = (v: number[]) => milvus.search({ collection_name: 'faces', data: [v] });\n";
    write('src/app/faces.ts', importer);
    const files = ['src/lib/milvus.ts', 'src/app/faces.ts'].map((r) => path.join(ws, r));
    handlers.scanBegin(files, [], CAP, ws);
    const r = handlers.analyzeText(importer, path.join(ws, 'src/app/faces.ts'), [], OPTIONS);
    handlers.scanEnd();
    handlers.invalidate();
    assert.deepStrictEqual(r.findings.map((f) => `${f.range.start.line} ${f.ruleId}`), ['2 face-identification']);
    // After the engine forgets the scan, the same text finds nothing to link.
    assert.deepStrictEqual(handlers.analyzeText(importer, path.join(ws, 'src/app/faces.ts'), [], OPTIONS).findings, []);
  });
});

describe('saving a summarised document (engine worker)', () => {
  it('the summary refresh parses the saved text once; the analysis that follows reuses that parse and finds the same', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-save-'));
    const text = 'export function follow(cb) {\n  return navigator.geolocation.watchPosition(cb);\n}\n';
    const file = path.join(ws, 'geo.js');
    fs.writeFileSync(file, text);
    fs.writeFileSync(path.join(ws, 'use.js'), "import { follow } from './geo.js';\nfollow((p) => localStorage.setItem('p', JSON.stringify(p.coords)));\n");
    handlers.scanBegin([file, path.join(ws, 'use.js')], [], CAP, ws);
    handlers.scanEnd();
    const before = handlers.analyzeText(text, file, [], OPTIONS);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const parse = require('../../../src/engine/parse') as { parseFile: (...a: unknown[]) => unknown };
    const original = parse.parseFile;
    let parses = 0;
    parse.parseFile = (...a: unknown[]) => {
      parses++;
      return original(...a);
    };
    try {
      handlers.refreshSummary(file, text, []);
      const after = handlers.analyzeText(text, file, [], OPTIONS);
      assert.strictEqual(parses, 1);
      assert.deepStrictEqual(after.findings, before.findings);
      assert.strictEqual(after.findings.length, 1);
    } finally {
      parse.parseFile = original;
      handlers.invalidate();
    }
  });
});
