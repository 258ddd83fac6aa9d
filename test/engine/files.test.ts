import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodeBytes, scanPaths, analyzeText } from '../../src/engine';
import { hitsOf, inlineRules } from '../support/inlineRules';

const rules = inlineRules([
  { id: 'imp', match: { import: ['face-api.js', '@vladmandic/human'] } },
  { id: 'watch', match: { call: { global: true, callee: ['navigator.geolocation.watchPosition'] } } },
  { id: 'detect', match: { call: { module: 'face-api.js', callee: ['detectAllFaces'] } } },
]);

describe('engine: files, markup and encodings', () => {
  it('Vue SFC: <script setup lang="ts"> with exact positions', () => {
    const vue = `<template>\n  <div class="face">{{ face }}</div>\n</template>\n\n<script setup lang="ts">\nimport { ref } from 'vue';\nconst face = ref<string>('');\nnavigator.geolocation.watchPosition((p) => { face.value = String(p.coords.latitude); });\n</script>\n<style>@font-face { font-family: x; }</style>\n`;
    assert.deepStrictEqual(hitsOf(rules, vue, 'Comp.vue'), ['watch@8:23']);
  });
  it('Vue SFC with two script blocks on one line does not merge statements', () => {
    const vue = `<script>export default {}</script><script setup>import * as faceapi from 'face-api.js'; faceapi.detectAllFaces(v)</script>`;
    assert.deepStrictEqual(hitsOf(rules, vue, 'x.vue'), ['imp@1:74', 'detect@1:97']);
  });
  it('Svelte component', () => {
    const svelte = `<script lang="ts">\n  import { onMount } from 'svelte';\n  onMount(() => navigator.geolocation.watchPosition(update));\n</script>\n\n<p>hello</p>\n`;
    assert.deepStrictEqual(hitsOf(rules, svelte, 'Map.svelte'), ['watch@3:39']);
  });
  it('HTML: <script src> is an import, and the global it brings resolves', () => {
    const html = `<!doctype html>\n<html><head>\n<script src="https://cdn.jsdelivr.net/npm/face-api.js@0.22.2/dist/face-api.min.js"></script>\n<script src="/vendor/human.esm.js" type="module"></script>\n</head><body>\n<script>\n  faceapi.detectAllFaces(video);\n</script>\n<script type="application/ld+json">{"navigator": 1}</script>\n</body></html>`;
    assert.deepStrictEqual(hitsOf(rules, html, 'page.html'), ['imp@3:14', 'imp@4:14', 'detect@7:11']);
  });
  it('HTML: a vendored face-api.min.js counts as face-api.js', () => {
    assert.deepStrictEqual(hitsOf(rules, `<script src="js/face-api.min.js"></script>`, 'i.html'), ['imp@1:14']);
  });
  it('CRLF line endings give exact positions', () => {
    const code = `// a\r\n// b\r\nconst x = 1;\r\n  navigator.geolocation.watchPosition(cb);\r\n`;
    assert.deepStrictEqual(hitsOf(rules, code), ['watch@4:25']);
  });
  it('lone CR line endings give exact positions', () => {
    const code = `// a\r// b\r\r    navigator.geolocation.watchPosition(cb);`;
    assert.deepStrictEqual(hitsOf(rules, code), ['watch@4:27']);
  });
  it('UTF-8 BOM is removed and positions stay exact', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`navigator.geolocation.watchPosition(cb);`)]);
    const d = decodeBytes(bytes);
    assert.strictEqual(d.bom, true);
    assert.deepStrictEqual(hitsOf(rules, d.text), ['watch@1:23']);
  });
  it('UTF-16 LE with BOM is decoded', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`\nnavigator.geolocation.watchPosition(cb);`, 'utf16le')]);
    const d = decodeBytes(bytes);
    assert.strictEqual(d.encoding, 'utf16le');
    assert.deepStrictEqual(hitsOf(rules, d.text), ['watch@2:23']);
  });
  it('a file with none of the rules\' trigger tokens is not parsed, so its syntax errors cost nothing', () => {
    assert.deepStrictEqual(analyzeText(`const b = ;`, 'bad.ts', rules), { file: 'bad.ts', findings: [], errors: [] });
  });
  it('binary content with a .js name is refused', () => {
    assert.ok(decodeBytes(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01])).binaryReason);
  });
  it('a syntax error gives an error entry with the line, and JSX in .js parses', () => {
    const r = analyzeText(`navigator.geolocation.watchPosition(cb);\nconst b = ;\n`, 'bad.ts', rules);
    assert.strictEqual(r.findings.length, 0);
    assert.strictEqual(r.errors.length, 1);
    assert.strictEqual(r.errors[0].line, 2);
    assert.match(r.errors[0].message, /cannot parse/);
    assert.deepStrictEqual(analyzeText(`const el = <div onClick={() => navigator.geolocation.watchPosition(cb)} />;`, 'a.js', rules).findings.length, 1);
  });
  it('a file that cannot be parsed does not cost the findings of other files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-files-'));
    fs.writeFileSync(path.join(dir, 'a.ts'), `navigator.geolocation.watchPosition(cb);`);
    fs.writeFileSync(path.join(dir, 'b.ts'), `navigator.geolocation.watchPosition(cb);\nconst = ;;; {{{`);
    fs.writeFileSync(path.join(dir, 'c.js'), `import * as faceapi from 'face-api.js';`);
    const s = scanPaths([dir], rules, {}, dir);
    const findings = s.results.flatMap((r) => r.findings.map((f) => `${f.file}:${f.ruleId}`));
    assert.deepStrictEqual(findings, ['a.ts:watch', 'c.js:imp']);
    assert.deepStrictEqual(s.results.flatMap((r) => r.errors.map((e) => `${e.file}:${e.line}`)), ['b.ts:2']);
  });
  it('honours .gitignore and default excludes, and reports skipped minified files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-ignore-'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'generated'));
    fs.writeFileSync(path.join(dir, '.gitignore'), 'generated/\n');
    const code = `navigator.geolocation.watchPosition(cb);`;
    fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'i.js'), code);
    fs.writeFileSync(path.join(dir, 'generated', 'g.js'), code);
    fs.writeFileSync(path.join(dir, 'app.min.js'), code);
    fs.writeFileSync(path.join(dir, 'keep.ts'), code);
    const s = scanPaths(['.'], rules, {}, dir);
    assert.deepStrictEqual(s.results.map((r) => r.file), ['keep.ts']);
    assert.deepStrictEqual(s.skipped.map((x) => x.file), ['app.min.js']);
  });
});
