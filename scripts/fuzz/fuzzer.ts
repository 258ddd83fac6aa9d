/**
 * Seeded mutation fuzzer for the engine. Every input must come back as findings, an error entry or a
 * skipped file: never an exception, never an internal error, never a position outside the text.
 *
 * Case `i` of seed `s` is derived from (s, i) alone, so one failing case reproduces with
 * `npm run fuzz -- --seed s --only i` even after the corpus has grown, as long as it is unchanged.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, applyEdits, decodeBytes, looksMinified, prepareRules, loadRuleSet, SOURCE_EXTENSIONS, type FileResult, type PreparedRules } from '../../src/engine';

/** mulberry32: small, fast and good enough to pick mutations; seeded so every failure reproduces. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes the run seed and the case index into an independent seed for that case. */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export interface CorpusEntry {
  name: string;
  text: string;
}

const ROOT = path.join(__dirname, '..', '..', '..');

/** Seeds that exist even when the fixture folders are empty: each touches a different part of the engine. */
const BUILTIN: CorpusEntry[] = [
  { name: 'builtin/watch.ts', text: "const id = navigator.geolocation.watchPosition((p) => send(p.coords.latitude, p.coords.longitude), undefined, { enableHighAccuracy: true });\n" },
  { name: 'builtin/rekognition.js', text: "const AWS = require('aws-sdk');\nconst rek = new AWS.Rekognition();\nrek.searchFacesByImage({ CollectionId: 'c', Image: { Bytes: img } }).promise();\n" },
  { name: 'builtin/faceapi.ts', text: "import * as faceapi from 'face-api.js';\nasync function f(v: HTMLVideoElement) {\n  for (const x of list) await faceapi.detectAllFaces(v).withFaceLandmarks().withFaceExpressions();\n}\n" },
  { name: 'builtin/suppress.ts', text: '// privacy-by-design-disable-next-line location-watch until 2020-01-01 -- expired\nnavigator.geolocation.watchPosition(cb);\n/* privacy-by-design-disable location-watch -- block */\nnavigator.geolocation.watchPosition(cb);\n/* privacy-by-design-enable location-watch */\n' },
  { name: 'builtin/component.vue', text: "<template><div>{{ x }}</div></template>\n<script setup lang=\"ts\">\nconst id = navigator.geolocation.watchPosition(update);\n</script>\n" },
  { name: 'builtin/page.html', text: '<!doctype html><script src="https://cdn.jsdelivr.net/npm/face-api.js@0.22.2/dist/face-api.min.js"></script>\n<script>\nfaceapi.detectSingleFace(img).withFaceDescriptor();\n</script>\n' },
  { name: 'builtin/app.svelte', text: '<script>\n  import { onMount } from "svelte";\n  onMount(() => navigator.geolocation.watchPosition(show));\n</script>\n<p>hi</p>\n' },
  { name: 'builtin/class.ts', text: "import { RekognitionClient, CompareFacesCommand } from '@aws-sdk/client-rekognition';\nclass S {\n  private c = new RekognitionClient({});\n  constructor(private readonly d: RekognitionClient) {}\n  run(a: Uint8Array) { return this.c.send(new CompareFacesCommand({ SourceImage: { Bytes: a } })); }\n}\n" },
  { name: 'builtin/flow.js', text: "navigator.geolocation.getCurrentPosition(({ coords }) => {\n  fetch('https://example.invalid/t', { method: 'POST', body: JSON.stringify({ lat: coords.latitude }) });\n  localStorage.setItem('pos', `${coords.latitude},${coords.longitude}`);\n});\n" },
  { name: 'builtin/tsx.tsx', text: 'export const C = () => <div onClick={() => navigator.geolocation.watchPosition(f)}>{`a${b}`}</div>;\n' },
];

function walkFiles(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') walkFiles(p, out);
    else if (e.isFile()) out.push(p);
  }
}

function unescapeTemplate(s: string): string {
  return s.replace(/\\(n|r|t|`|\$|\\|')/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/** Code snippets quoted in rule and engine tests (`code: \`…\``) and in rule docs (```ts fences). */
function snippets(text: string, fromMarkdown: boolean): string[] {
  const out: string[] = [];
  if (fromMarkdown) {
    for (const m of text.matchAll(/```(?:ts|js|tsx|typescript|javascript)\n([\s\S]*?)```/g)) out.push(m[1]);
  } else {
    for (const m of text.matchAll(/code:\s*`((?:[^`\\]|\\[\s\S])*)`/g)) out.push(unescapeTemplate(m[1]));
    for (const m of text.matchAll(/code:\s*'((?:[^'\\\n]|\\.)*)'/g)) out.push(unescapeTemplate(m[1]));
    // Any other template literal that looks like code (hitsOf(p, `…`), analyzeText(`…`)).
    for (const m of text.matchAll(/[(,]\s*`((?:[^`\\]|\\[\s\S])*)`/g)) if (m[1].length >= 20 && /[(;=]/.test(m[1])) out.push(unescapeTemplate(m[1]));
  }
  return out;
}

/** The fuzzing corpus: fixture and example sources, test snippets, rule-doc examples and the built-in seeds, in a stable order. */
export function loadCorpus(root = ROOT): CorpusEntry[] {
  const out: CorpusEntry[] = [...BUILTIN];
  const files: string[] = [];
  for (const d of ['test/fixtures', 'examples']) walkFiles(path.join(root, d), files);
  for (const f of files) {
    if (!SOURCE_EXTENSIONS.some((e) => f.toLowerCase().endsWith(e))) continue;
    const st = fs.statSync(f);
    if (st.size > 256 * 1024) continue;
    out.push({ name: path.relative(root, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') });
  }
  const tests: string[] = [];
  for (const d of ['test/rules', 'test/engine']) walkFiles(path.join(root, d), tests);
  for (const f of tests.filter((x) => x.endsWith('.test.ts'))) {
    snippets(fs.readFileSync(f, 'utf8'), false).forEach((t, i) => out.push({ name: `${path.relative(root, f).split(path.sep).join('/')}#${i}.ts`, text: t }));
  }
  const docs: string[] = [];
  walkFiles(path.join(root, 'rules'), docs);
  for (const f of docs.filter((x) => x.endsWith('.md'))) {
    snippets(fs.readFileSync(f, 'utf8'), true).forEach((t, i) => out.push({ name: `${path.relative(root, f).split(path.sep).join('/')}#${i}.ts`, text: t }));
  }
  return out.filter((e) => e.text.length > 0);
}

/** A stable 32-bit digest of the corpus, printed with the seed: a failure reproduces only on the same corpus. */
export function corpusDigest(corpus: CorpusEntry[]): string {
  let h = 2166136261;
  for (const e of corpus) {
    for (let i = 0; i < e.name.length; i++) h = Math.imul(h ^ e.name.charCodeAt(i), 16777619);
    for (let i = 0; i < e.text.length; i++) h = Math.imul(h ^ e.text.charCodeAt(i), 16777619);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const TOKENS = [
  'navigator', '.', 'geolocation', 'watchPosition', 'getCurrentPosition', 'clearWatch', '(', ')', '{', '}', '[', ']', ';', ',', '=>', '=', '`', '${', "'", '"',
  'require', "'aws-sdk'", "'face-api.js'", "'@aws-sdk/client-rekognition'", 'import', 'from', 'export', 'default', 'new', 'Rekognition', 'compareFaces',
  'const', 'let', 'var', 'function', 'class', 'async', 'await', 'return', 'if', 'else', 'for', 'of', 'in', 'while', 'x', 'y', 'this', 'super', '<', '>', '/>',
  '</', 'div', 'as', 'type', 'interface', ':', '?', '?.', '!', '...', '+', '-', '*', '/', '/*', '*/', '//', '\n', '\r\n', '\r', ' ', '\t', '0', '1.5', 'null',
  'localStorage', 'setItem', 'fetch', 'coords', 'latitude', '// privacy-by-design-disable-next-line location-watch -- why', '<script>', '</script>', '@', '#x',
];

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.vue', '.svelte', '.html'];

interface Rand {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(a: readonly T[]) => T;
}

function rand(seed: number): Rand {
  const next = prng(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (a) => a[int(a.length)] };
}

function insertAt(s: string, pos: number, ins: string): string {
  return s.slice(0, pos) + ins + s.slice(pos);
}

function tokenSoup(r: Rand, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += r.pick(TOKENS) + (r.next() < 0.5 ? ' ' : '');
  return s;
}

type Mutator = (s: string, r: Rand, corpus: CorpusEntry[]) => string;

/** Each mutator names what it does; the name goes into the case description. */
export const MUTATORS: Record<string, Mutator> = {
  truncate: (s, r) => s.slice(0, r.int(s.length + 1)),
  deleteSpan: (s, r) => {
    const a = r.int(s.length + 1);
    const b = Math.min(s.length, a + 1 + r.int(64));
    return s.slice(0, a) + s.slice(b);
  },
  duplicateSpan: (s, r) => {
    const a = r.int(s.length + 1);
    const b = Math.min(s.length, a + 1 + r.int(128));
    return insertAt(s, r.int(s.length + 1), s.slice(a, b));
  },
  randomBytes: (s, r) => {
    let ins = '';
    for (let i = 0, n = 1 + r.int(16); i < n; i++) ins += String.fromCharCode(r.int(256));
    return insertAt(s, r.int(s.length + 1), ins);
  },
  randomUtf16: (s, r) => {
    let ins = '';
    for (let i = 0, n = 1 + r.int(8); i < n; i++) ins += String.fromCharCode(r.int(0x10000));
    return insertAt(s, r.int(s.length + 1), ins);
  },
  nul: (s, r) => insertAt(s, r.int(s.length + 1), '\0'),
  loneSurrogate: (s, r) => insertAt(s, r.int(s.length + 1), String.fromCharCode(r.next() < 0.5 ? 0xd800 + r.int(0x400) : 0xdc00 + r.int(0x400))),
  unbalancedBracket: (s, r) => insertAt(s, r.int(s.length + 1), r.pick(['(', ')', '[', ']', '{', '}', '<', '>', '${', '</'])),
  openTemplate: (s, r) => insertAt(s, r.int(s.length + 1), r.pick(['`', '`${', '`${x', '`a${`b${'])),
  openCommentOrString: (s, r) => insertAt(s, r.int(s.length + 1), r.pick(['/*', '//', "'", '"', '/', '/*privacy-by-design-disable location-watch -- x', '<!--', '<script>', '</script>'])),
  spliceOther: (s, r, corpus) => {
    const other = r.pick(corpus).text;
    const a = r.int(other.length + 1);
    return insertAt(s, r.int(s.length + 1), other.slice(a, a + 1 + r.int(200)));
  },
  lineEndings: (s, r) => s.replace(/\r?\n/g, r.pick(['\r\n', '\r', '\n\r', '\u2028'])),
  bom: (s) => '\uFEFF' + s,
  tokens: (s, r) => insertAt(s, r.int(s.length + 1), tokenSoup(r, 1 + r.int(12))),
  deepNesting: (s, r) => {
    const open = r.pick(['(', '[', '{', 'f(', 'a.b(', '`${', '!', '-', 'x=>']);
    return insertAt(s, r.int(s.length + 1), open.repeat(200 + r.int(3000)));
  },
  duplicateLines: (s, r) => {
    const lines = s.split('\n');
    const i = r.int(lines.length);
    lines.splice(r.int(lines.length + 1), 0, ...lines.slice(i, i + 1 + r.int(4)));
    return lines.join('\n');
  },
  commentOut: (s, r) => {
    const lines = s.split('\n');
    const i = r.int(lines.length);
    lines[i] = '// ' + lines[i];
    return lines.join('\n');
  },
  swapLines: (s, r) => {
    const lines = s.split('\n');
    const i = r.int(lines.length);
    const j = r.int(lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return lines.join('\n');
  },
};

const GENTLE = ['lineEndings', 'bom', 'duplicateLines', 'swapLines', 'commentOut'];

export interface FuzzCase {
  index: number;
  /** What was done, for the failure message: `seed:index base ← mutators`. */
  description: string;
  file: string;
  /** Text input, or bytes that go through decodeBytes first as a file on disk would. */
  text?: string;
  bytes?: Buffer;
}

/** Builds case `index` of run `seed`; pure, so a case can be rebuilt from its numbers. */
export function makeCase(seed: number, index: number, corpus: CorpusEntry[]): FuzzCase {
  const r = rand(caseSeed(seed, index));
  const roll = r.next();
  let text: string;
  let base: string;
  let ext: string;
  const ops: string[] = [];
  if (roll < 0.08) {
    base = 'random tokens';
    text = tokenSoup(r, 1 + r.int(400));
    ext = r.pick(EXTENSIONS);
  } else if (roll < 0.1) {
    base = 'random characters';
    text = '';
    for (let i = 0, n = r.int(2000); i < n; i++) text += String.fromCharCode(r.next() < 0.8 ? 32 + r.int(95) : r.int(0x10000));
    ext = r.pick(EXTENSIONS);
  } else {
    const entry = r.pick(corpus);
    base = entry.name;
    text = entry.text;
    const m = /\.[a-z]+$/i.exec(entry.name);
    ext = r.next() < 0.8 && m ? m[0] : r.pick(EXTENSIONS);
    // A third of the cases use only mutations that keep the code parseable, to reach the matchers.
    const names = r.next() < 0.33 ? GENTLE : Object.keys(MUTATORS);
    for (let i = 0, n = 1 + r.int(4); i < n; i++) {
      const name = r.pick(names);
      ops.push(name);
      text = MUTATORS[name](text, r, corpus);
    }
  }
  const file = `fuzz/case${index}${ext}`;
  const description = `${seed}:${index} ${base} as ${ext}${ops.length ? ' ← ' + ops.join(', ') : ''}`;
  const asBytes = r.next();
  if (asBytes < 0.15) {
    // Through the file path: encodings and BOMs, then random byte damage.
    const enc = r.int(3);
    let bytes =
      enc === 0
        ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
        : enc === 1
          ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
          : Buffer.from(text, 'utf8');
    if (r.next() < 0.5 && bytes.length) {
      bytes = Buffer.from(bytes);
      for (let i = 0, n = 1 + r.int(8); i < n; i++) bytes[r.int(bytes.length)] = r.int(256);
    }
    return { index, description: description + ` [bytes, ${['utf16le+BOM', 'utf8+BOM', 'utf8'][enc]}]`, file, bytes };
  }
  return { index, description, file, text };
}

/** Line and column computed independently of the engine's LineIndex: \r\n, \r and \n end a line. */
function oracle(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      if (i + 1 < offset) {
        i++;
        line++;
        start = i + 1;
      }
    } else if (c === 10 || c === 13) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Checks one result; returns the problems found (empty when the result is sound). */
export function checkResult(res: FileResult, text: string, file: string): string[] {
  const problems: string[] = [];
  if (!res || typeof res !== 'object') return ['no result object'];
  if (res.file !== file) problems.push(`result names file '${res.file}'`);
  if (!Array.isArray(res.findings) || !Array.isArray(res.errors)) return [...problems, 'findings or errors is not an array'];
  for (const e of res.errors) {
    if (/internal error/i.test(e.message)) problems.push(`internal error: ${e.message}`);
    if (!(e.line >= 1)) problems.push(`error entry with line ${e.line}`);
  }
  if (res.skipped && !res.skipped.reason) problems.push('skipped without a reason');
  for (const f of res.findings) {
    const { start, end } = f.range;
    if (!(start.offset >= 0 && start.offset <= end.offset && end.offset <= text.length)) {
      problems.push(`${f.ruleId}: range ${start.offset}-${end.offset} outside text of length ${text.length}`);
      continue;
    }
    for (const p of [start, end]) {
      const o = oracle(text, p.offset);
      if (o.line !== p.line || o.column !== p.column) problems.push(`${f.ruleId}: offset ${p.offset} reported at ${p.line}:${p.column}, expected ${o.line}:${o.column}`);
    }
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) problems.push(`${f.ruleId}: fix '${fix.title}' edits ${e.start}-${e.end} outside the text`);
      }
      try {
        if (typeof applyEdits(text, fix.edits) !== 'string') problems.push(`${f.ruleId}: fix '${fix.title}' produced no text`);
      } catch (e) {
        problems.push(`${f.ruleId}: fix '${fix.title}' cannot be applied: ${(e as Error).message}`);
      }
    }
  }
  try {
    JSON.stringify(res);
  } catch (e) {
    problems.push(`result is not serialisable: ${(e as Error).message}`);
  }
  return problems;
}

export interface CaseOutcome {
  kind: 'findings' | 'clean' | 'error' | 'skipped';
  problems: string[];
  ms: number;
}

/** Runs one case as analyzeFile would (decode, minified check, analyse) and checks the result. */
export function runCase(c: FuzzCase, prepared: PreparedRules): CaseOutcome {
  const t = Date.now();
  let text = c.text ?? '';
  let res: FileResult;
  try {
    if (c.bytes) {
      const d = decodeBytes(c.bytes);
      text = d.text;
      if (d.binaryReason) return { kind: 'skipped', problems: [], ms: Date.now() - t };
      if (looksMinified(text)) return { kind: 'skipped', problems: [], ms: Date.now() - t };
    }
    res = analyzeText(text, c.file, prepared);
  } catch (e) {
    return { kind: 'error', problems: [`threw: ${(e as Error)?.stack ?? String(e)}`], ms: Date.now() - t };
  }
  const problems = checkResult(res, text, c.file);
  const kind = res.skipped ? 'skipped' : res.errors.length ? 'error' : res.findings.length ? 'findings' : 'clean';
  return { kind, problems, ms: Date.now() - t };
}

export interface FuzzSummary {
  seed: number;
  cases: number;
  corpusFiles: number;
  corpusDigest: string;
  counts: Record<CaseOutcome['kind'], number>;
  failures: Array<{ description: string; problems: string[] }>;
  slowest: { ms: number; description: string };
  ms: number;
}

export interface FuzzOptions {
  seed: number;
  /** Number of cases, starting at index `from`. */
  cases: number;
  /** First case index. @default 0 */
  from?: number;
  /** Run only this case index (to reproduce a failure). */
  only?: number;
  /** Stop early after this many milliseconds (the count of cases actually run is reported). */
  maxMs?: number;
  /** Called before each case, e.g. to record progress for a watchdog. */
  onCase?: (c: FuzzCase) => void;
  corpus?: CorpusEntry[];
  prepared?: PreparedRules;
}

/** Runs the fuzzer in this process. */
export function fuzz(o: FuzzOptions): FuzzSummary {
  const started = Date.now();
  const corpus = o.corpus ?? loadCorpus();
  const prepared = o.prepared ?? prepareRules(loadRuleSet());
  const counts = { findings: 0, clean: 0, error: 0, skipped: 0 };
  const failures: FuzzSummary['failures'] = [];
  let slowest = { ms: -1, description: '' };
  let n = 0;
  // Load the parser and compile the rules before timing anything, so the slowest case is a real one.
  runCase({ index: -1, description: 'warm-up', file: 'warm.ts', text: BUILTIN[0].text }, prepared);
  const indices = o.only !== undefined ? [o.only] : Array.from({ length: o.cases }, (_, i) => (o.from ?? 0) + i);
  for (const i of indices) {
    if (o.maxMs && Date.now() - started > o.maxMs) break;
    const c = makeCase(o.seed, i, corpus);
    o.onCase?.(c);
    const out = runCase(c, prepared);
    n++;
    counts[out.kind]++;
    if (out.ms > slowest.ms) slowest = { ms: out.ms, description: c.description };
    if (out.problems.length) failures.push({ description: c.description, problems: out.problems });
  }
  return { seed: o.seed, cases: n, corpusFiles: corpus.length, corpusDigest: corpusDigest(corpus), counts, failures, slowest, ms: Date.now() - started };
}

/**
 * Folder-level fuzzing: small trees of mutated files that import each other, scanned with scanPaths,
 * so the cross-file summary pass, the prefilter and the file loop see hostile input too.
 */
export function fuzzTrees(o: { seed: number; trees: number; filesPerTree?: number; corpus?: CorpusEntry[]; prepared?: PreparedRules; onTree?: (index: number) => void }): { trees: number; files: number; failures: Array<{ description: string; problems: string[] }> } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scanPaths } = require('../../src/engine') as typeof import('../../src/engine');
  const os = require('os') as typeof import('os');
  const corpus = o.corpus ?? loadCorpus();
  const prepared = o.prepared ?? prepareRules(loadRuleSet());
  const failures: Array<{ description: string; problems: string[] }> = [];
  let files = 0;
  for (let t = 0; t < o.trees; t++) {
    o.onTree?.(t);
    const r = rand(caseSeed(o.seed ^ 0x5bd1e995, t));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-fuzztree-'));
    const n = o.filesPerTree ?? 4;
    try {
      for (let i = 0; i < n; i++) {
        const c = makeCase(o.seed, t * n + i, corpus);
        const ext = /\.[a-z]+$/.exec(c.file)![0];
        const name = `f${i}${ext}`;
        // Links between the files: imports of the next file and exports of a tracked value.
        const link = `import { v${(i + 1) % n} } from './f${(i + 1) % n}';\nexport const v${i} = navigator.geolocation;\n`;
        const body = c.text ?? c.bytes!.toString('latin1');
        const text = r.next() < 0.7 ? link + body : body;
        fs.writeFileSync(path.join(dir, name), text);
      }
      const s = scanPaths(['.'], prepared, {}, dir);
      for (const res of s.results) {
        files++;
        if (res.skipped) continue;
        // Positions are into the decoded text (a leading BOM is not part of it).
        const onDisk = decodeBytes(fs.readFileSync(path.join(dir, res.file))).text;
        const problems = checkResult(res, onDisk, res.file);
        if (problems.length) failures.push({ description: `tree ${o.seed}:${t} ${res.file}`, problems });
      }
    } catch (e) {
      failures.push({ description: `tree ${o.seed}:${t}`, problems: [`scanPaths threw: ${(e as Error)?.stack ?? String(e)}`] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { trees: o.trees, files, failures };
}
