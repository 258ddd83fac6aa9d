import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, decodeBytes, loadRuleSet, prepareRules, scanPaths, type FileResult, type PreparedRules, type ScanOptions } from '../../src/engine';
import { cleanup, tempDir, writeTree } from './helpers';

// Hostile and unusual files: each must come back as findings, an error entry or a skipped file with a
// reason, and never cost the findings of the other files in the same scan. Inputs are generated here,
// in the OS temp folder, so no large file is committed.

const WATCH = 'navigator.geolocation.watchPosition(cb);';
/** Column of `watchPosition` in WATCH. */
const WATCH_COL = 23;

let prepared: PreparedRules;
before(() => {
  prepared = prepareRules(loadRuleSet());
});

function watchFindings(r: FileResult) {
  return r.findings.filter((f) => f.ruleId.startsWith('location-') && f.evidence.callee?.endsWith('watchPosition'));
}

/** Scans `dir` (cwd = dir) and returns results by file, the skipped list and the summary. */
function scan(dir: string, options: ScanOptions = {}) {
  const s = scanPaths(['.'], prepared, options, dir);
  const byFile = new Map(s.results.map((r) => [r.file, r]));
  const skipped = new Map(s.skipped.map((x) => [x.file, x.reason]));
  return { ...s, byFile, skippedReasons: skipped };
}

describe('reliability: pathological files', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir('patho');
    writeTree(dir, { 'ok.ts': WATCH + '\n' });
  });
  afterEach(() => cleanup(dir));

  /** The control file next to every hostile one must keep its finding. */
  function assertControlFound(s: ReturnType<typeof scan>) {
    const ok = s.byFile.get('ok.ts');
    assert.ok(ok, 'ok.ts was not analysed');
    assert.strictEqual(watchFindings(ok).length, 1, 'the control file lost its finding');
  }

  it('a 20 MB file is skipped with a reason; the rest of the scan is unaffected', () => {
    const unit = `export function f${'x'}(a) { return a + 1; }\n${WATCH}\n`;
    const big = Buffer.alloc(20 * 1024 * 1024, ' ');
    for (let o = 0; o + unit.length < big.length; o += 4096) big.write(unit, o);
    writeTree(dir, { 'huge.js': big });
    const s = scan(dir);
    assert.match(s.skippedReasons.get('huge.js') ?? '', /larger than the size cap \(20971520 bytes/);
    assertControlFound(s);
  });

  it('a runaway file is cut off by the per-file time budget and reported as skipped', () => {
    let text = '';
    for (let i = 0; text.length < 60_000; i++) text += `const v${i} = [${i}, "${i}", { k: ${i} }];\n${WATCH}\n`;
    // A budget far below what parsing 60 kB needs: the file must come back skipped, not half-analysed.
    const r = analyzeText(text, 'slow.js', prepared, { timeBudgetMs: 1 });
    assert.deepStrictEqual(r.findings, []);
    assert.match(r.skipped?.reason ?? '', /time budget \(1 ms\)/);
    // With the default budget the same text is analysed in full.
    const full = analyzeText(text, 'slow.js', prepared);
    assert.ok(watchFindings(full).length > 250);
  });

  // One nesting level per line, so the file does not also look minified.
  it('the budget is also checked inside the data-flow pass (virtual clock: 1 ms per reading)', () => {
    // 600 stores of a location: the node loop alone reads the clock about 20 times; only the checks
    // per sink candidate can spend a 300 ms virtual budget.
    let text = 'navigator.geolocation.getCurrentPosition((pos) => {\n';
    for (let i = 0; i < 600; i++) text += `  localStorage.setItem('k${i}', String(pos.coords.latitude));\n`;
    text += '});\n';
    const realNow = Date.now;
    let virtual = 0;
    const measure = (budget: number) => {
      Date.now = () => ++virtual;
      try {
        return analyzeText(text, 'stores.js', prepared, { timeBudgetMs: budget });
      } finally {
        Date.now = realNow;
      }
    };
    const cut = measure(300);
    assert.match(cut.skipped?.reason ?? '', /time budget \(300 ms\)/);
    const full = measure(0);
    assert.strictEqual(full.skipped, undefined);
    assert.ok(full.findings.length >= 600, `${full.findings.length} findings`);
  });

  const deep: Array<[string, string]> = [
    ['30,000-deep nested arrays', 'const a = ' + '[\n'.repeat(30000) + ']'.repeat(30000) + ';\n'],
    ['20,000-deep nested calls', 'f(\n'.repeat(20000) + ')'.repeat(20000) + ';\n'],
    ['20,000-deep nested objects', 'x = ' + '{a:\n'.repeat(20000) + '1' + '}'.repeat(20000) + ';\n'],
    ['20,000 chained member calls', 'p' + '\n.then(g)'.repeat(20000) + ';\n'],
    ['20,000-term string concatenation', 'x = "a"' + '\n+ "a"'.repeat(20000) + ';\n'],
    ['20,000 nested arrow functions', 'const f = ' + 'x =>\n'.repeat(20000) + 'x;\n'],
  ];
  for (const [name, code] of deep) {
    it(`${name}: skipped as "nesting too deep", no stack overflow escapes`, () => {
      const text = WATCH + '\n' + code;
      const r = analyzeText(text, 'deep.js', prepared);
      assert.match(r.skipped?.reason ?? '', /nesting too deep/);
      writeTree(dir, { 'deep.js': text });
      const s = scan(dir);
      assert.match(s.skippedReasons.get('deep.js') ?? '', /nesting too deep/);
      assertControlFound(s);
    });
  }

  it('moderate nesting (150 levels) is still analysed and reported', () => {
    const text = 'const a = ' + '['.repeat(150) + WATCH.slice(0, -1) + ']'.repeat(150) + ';\n';
    const r = analyzeText(text, 'nest.js', prepared);
    assert.strictEqual(r.skipped, undefined);
    assert.deepStrictEqual(watchFindings(r).map((f) => f.range.start.column), [11 + 150 + WATCH_COL - 1]);
  });

  it('a minified bundle is skipped with a reason unless includeMinified is set', () => {
    let line = '';
    for (let i = 0; line.length < 20000; i++) line += `var a${i}=function(b){return b+${i}};`;
    writeTree(dir, { 'bundle.js': line + WATCH + '\n', 'vendor.min.js': WATCH + '\n' });
    const s = scan(dir);
    assert.match(s.skippedReasons.get('bundle.js') ?? '', /minified/);
    assert.match(s.skippedReasons.get('vendor.min.js') ?? '', /minified/);
    assertControlFound(s);
    const all = scan(dir, { includeMinified: true });
    assert.strictEqual(all.skippedReasons.has('bundle.js'), false);
    assert.strictEqual(watchFindings(all.byFile.get('bundle.js')!).length, 1);
  });

  it('binary files with a .js name are skipped with a reason', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 31 + 7) % 32 || 1; // control bytes, no NUL
    writeTree(dir, { 'image.js': png, 'noise.ts': noise });
    const s = scan(dir);
    assert.match(s.skippedReasons.get('image.js') ?? '', /binary content \(NUL byte\)/);
    assert.match(s.skippedReasons.get('noise.ts') ?? '', /binary content/);
    assertControlFound(s);
  });

  describe('encodings: the finding lands on the same line and column', () => {
    const code = `// header\n  ${WATCH}\n`;
    const encodings: Array<[string, Buffer]> = [
      ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(code, 'utf8')])],
      ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(code, 'utf16le')])],
      ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(code, 'utf16le').swap16()])],
      ['UTF-8, no BOM, non-ASCII before the call', Buffer.from(`// überwachung 👀\n  ${WATCH}\n`, 'utf8')],
    ];
    for (const [name, bytes] of encodings) {
      it(name, () => {
        writeTree(dir, { 'enc.js': bytes });
        const s = scan(dir);
        const r = s.byFile.get('enc.js');
        assert.ok(r, `enc.js not analysed: ${s.skippedReasons.get('enc.js')}`);
        assert.deepStrictEqual(r.errors, []);
        assert.deepStrictEqual(
          watchFindings(r).map((f) => [f.range.start.line, f.range.start.column, f.range.end.column]),
          [[2, 2 + WATCH_COL, 2 + WATCH_COL + 'watchPosition'.length]],
        );
      });
    }
    it('a UTF-16 file is not mistaken for binary (its NUL bytes are code units)', () => {
      const d = decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(code, 'utf16le')]));
      assert.strictEqual(d.binaryReason, undefined);
      assert.strictEqual(d.text, code);
    });
  });

  describe('line endings: positions exact', () => {
    const cases: Array<[string, string]> = [
      ['CRLF', '\r\n'],
      ['lone CR', '\r'],
      ['LF', '\n'],
      ['mixed CR, CRLF, LF', 'mixed'],
    ];
    for (const [name, eol] of cases) {
      it(name, () => {
        const lines = ['// one', '', `const id = ${WATCH}`, '// four', `    ${WATCH}`];
        const seps = eol === 'mixed' ? ['\r', '\r\n', '\n', '\r\n'] : [eol, eol, eol, eol];
        const text = lines.map((l, i) => l + (seps[i] ?? '')).join('');
        const r = analyzeText(text, 'eol.ts', prepared);
        assert.deepStrictEqual(r.errors, []);
        const got = watchFindings(r).map((f) => [f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column]);
        assert.deepStrictEqual(got, [
          [3, 11 + WATCH_COL, 3, 11 + WATCH_COL + 13],
          [5, 4 + WATCH_COL, 5, 4 + WATCH_COL + 13],
        ]);
        for (const f of watchFindings(r)) assert.strictEqual(text.slice(f.range.start.offset, f.range.end.offset), 'watchPosition');
      });
    }
  });

  it('empty, whitespace-only and BOM-only files: analysed, nothing reported', () => {
    writeTree(dir, { 'empty.ts': '', 'blank.js': '\n\r\n   \t\n', 'bom.ts': Buffer.from([0xef, 0xbb, 0xbf]) });
    const s = scan(dir);
    for (const f of ['empty.ts', 'blank.js', 'bom.ts']) {
      const r = s.byFile.get(f);
      assert.ok(r && !r.skipped, `${f} not analysed`);
      assert.deepStrictEqual([r.findings, r.errors], [[], []], f);
    }
    assertControlFound(s);
  });

  it('an unterminated comment, string and template give a parse error with a line, not a crash', () => {
    writeTree(dir, { 'comment.ts': `${WATCH}\n/* never closed\n${WATCH}\n`, 'string.js': `${WATCH}\nconst s = 'open\n`, 'template.ts': `${WATCH}\nconst t = \`open \${x\n` });
    const s = scan(dir);
    for (const f of ['comment.ts', 'string.js', 'template.ts']) {
      const r = s.byFile.get(f)!;
      assert.strictEqual(r.errors.length, 1, f);
      assert.match(r.errors[0].message, /^cannot parse: /);
      assert.ok(r.errors[0].line >= 2, `${f}: error on line ${r.errors[0].line}`);
    }
    assertControlFound(s);
  });

  it('files deleted or replaced during a scan are skipped as unreadable; the rest are reported', () => {
    writeTree(dir, { 'a.js': WATCH + '\n', 'b.js': WATCH + '\n', 'c.js': WATCH + '\n', 'd.js': WATCH + '\n' });
    const s = scanPaths(['.'], prepared, {
      onFile: (r) => {
        if (r.file !== 'a.js') return;
        fs.unlinkSync(path.join(dir, 'b.js')); // deleted after listing
        fs.unlinkSync(path.join(dir, 'c.js'));
        fs.mkdirSync(path.join(dir, 'c.js')); // replaced by a folder: reading fails (EISDIR)
      },
    }, dir);
    const reasons = new Map(s.skipped.map((x) => [x.file, x.reason]));
    assert.match(reasons.get('b.js') ?? '', /unreadable: ENOENT/);
    assert.match(reasons.get('c.js') ?? '', /unreadable: EISDIR/);
    const found = s.results.filter((r) => watchFindings(r).length === 1).map((r) => r.file);
    assert.deepStrictEqual(found, ['a.js', 'd.js', 'ok.ts']);
  });

  it('symlink loops, self-links and dangling links are reported, never followed forever', () => {
    writeTree(dir, { 'src/real.ts': WATCH + '\n' });
    fs.symlinkSync('..', path.join(dir, 'src', 'up')); // folder loop
    fs.symlinkSync('.', path.join(dir, 'src', 'here')); // self loop
    fs.symlinkSync('src', path.join(dir, 'again')); // second link to a folder already scanned
    fs.symlinkSync('missing.ts', path.join(dir, 'dangling.ts'));
    fs.symlinkSync('self.js', path.join(dir, 'self.js')); // ELOOP
    fs.symlinkSync('loop-b.ts', path.join(dir, 'loop-a.ts'));
    fs.symlinkSync('loop-a.ts', path.join(dir, 'loop-b.ts'));
    const s = scan(dir);
    assert.match(s.skippedReasons.get('dangling.ts') ?? '', /unreadable: ENOENT/);
    assert.match(s.skippedReasons.get('self.js') ?? '', /unreadable: ELOOP/);
    assert.match(s.skippedReasons.get('loop-a.ts') ?? '', /unreadable: ELOOP/);
    const real = s.results.filter((r) => r.file.endsWith('real.ts'));
    assert.deepStrictEqual(real.map((r) => [r.file, watchFindings(r).length]), [['again/real.ts', 1]]);
    assertControlFound(s);
  });

  it('a folder tree 200 levels deep is walked to the bottom', () => {
    const deepDir = path.join(dir, ...Array.from({ length: 200 }, () => 'd'));
    fs.mkdirSync(deepDir, { recursive: true });
    fs.writeFileSync(path.join(deepDir, 'bottom.ts'), WATCH + '\n');
    const s = scan(dir);
    const bottom = s.results.find((r) => r.file.endsWith('/bottom.ts'));
    assert.ok(bottom, 'bottom.ts not found');
    assert.strictEqual(watchFindings(bottom).length, 1);
    assertControlFound(s);
  });

  it('markup with unclosed or stray script tags is analysed or reported, never fatal', () => {
    writeTree(dir, {
      'open.html': `<p>x</p>\n<script>\n${WATCH}\n`,
      'stray.vue': `<template><div></script></div></template>\n<script>\n${WATCH}\n</script>\n<script>\n`,
      'many.html': `<script>${WATCH}</script>\n`.repeat(2000),
    });
    const s = scan(dir);
    for (const f of ['open.html', 'stray.vue', 'many.html']) {
      const r = s.byFile.get(f);
      assert.ok(r, `${f} missing: ${s.skippedReasons.get(f)}`);
      assert.ok(r.findings.length > 0 || r.errors.length > 0, `${f}: neither findings nor an error`);
    }
    assert.strictEqual(watchFindings(s.byFile.get('many.html')!).length, 2000);
    assertControlFound(s);
  });

  it('NUL and lone surrogates inside otherwise valid code do not break positions', () => {
    const text = `const s = "\uD800";\nconst t = "a\u0000b";\n${WATCH}\n`;
    const r = analyzeText(text, 'odd.ts', prepared);
    assert.deepStrictEqual(r.errors, []);
    assert.deepStrictEqual(watchFindings(r).map((f) => [f.range.start.line, f.range.start.column]), [[3, WATCH_COL]]);
  });
});
