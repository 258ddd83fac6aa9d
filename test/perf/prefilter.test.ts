import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeText, collectSummaries, loadRuleSet, prefilterStoreIn, prepareRules, scanPaths, setPrefilterStore, type PreparedRules, type Rule } from '../../src/engine';
import { crossFileGraph, formulaToString, globalInCode, globFragments, importPrologue, Prefilter, shadowedByImport, type Token, prefilterFor, RELATIVE_SPECIFIER, relativeSpecifiers } from '../../src/engine/prefilter';
import { resolveRelative } from '../../src/engine/summaries';
import { corpusFiles, docExamples, ruleTestSnippets, type Snippet } from './corpus';

const root = path.join(__dirname, '..', '..', '..');

/** The prefilter of inline rules (not compiled by the engine, so that matchers it does not know can be tried). */
function prefilterOf(rules: Array<Partial<Rule> & Pick<Rule, 'id' | 'match'>>, extra: Partial<ReturnType<typeof loadRuleSet>> = {}): Prefilter {
  const full = rules.map((r) => ({ title: r.id, category: 'biometric-import', severity: 'warning', message: r.id, recommendations: ['data-minimization-security'], ...r }) as Rule);
  return new Prefilter({ ...loadRuleSet(), rules: full, ...extra });
}

describe('perf: prefilter derived from the rules', () => {
  describe('glob fragments', () => {
    const cases: Array<[string, string[], string | undefined]> = [
      ['face-api.js', ['face-api.js'], 'face-api.js'],
      ['@aws-sdk/*', ['@aws-sdk/'], '@aws-sdk/'],
      ['detect*Face*', ['detect', 'Face'], 'detect'],
      ['*Face*', ['Face'], undefined],
      ['{a,b}cd', ['cd'], undefined],
      ['x@(a|b)yz', ['x', 'yz'], 'x'],
      ['[abc]def', ['def'], undefined],
      ['a\\*b', ['a*b'], 'a*b'],
    ];
    for (const [pattern, fragments, prefix] of cases) {
      it(`${pattern} → ${JSON.stringify(fragments)}`, () => assert.deepStrictEqual(globFragments(pattern), { fragments, prefix }));
    }
  });

  describe('each matcher kind yields the tokens any match needs', () => {
    const globals = new Map([
      ['faceapi', { module: 'face-api.js', scripts: ['*face-api.min.js'], bundles: ['face-api.esm.js', 'face-api.node'] }],
      ['ol', { module: 'ol' }],
    ]);
    const sources = { sources: { location: [{ id: 'geo', call: { global: true, callee: ['navigator.geolocation.getCurrentPosition'] }, yields: [{ at: 'callback' }] }], frame: [{ id: 'f', method: ['toDataURL'], requires: { global: true, callee: ['navigator.mediaDevices.getUserMedia'] } }] } };
    const cases: Array<{ name: string; rule: Partial<Rule> & Pick<Rule, 'id' | 'match'>; yes: Array<[string, string?]>; no: Array<[string, string?]> }> = [
      {
        name: 'import: quoted specifier (and subpaths), in markup also a script src',
        rule: { id: 'imp', match: { import: 'face-api.js' } },
        yes: [[`import * as f from 'face-api.js';`], [`const f = require("face-api.js/dist/face-api.node");`], [`import * as f from './vendor/face-api.esm.js';`], ['const f = await import(`face-api.js`);'], [`<script src="js/face-api.min.js"></script>`, 'a.html'], [`<script src="https://cdn/npm/face-api.js@0.22/x.js"></script>`, 'a.vue'], [`import type { FaceDetection } from 'face-api.js';`, 'types.d.ts']],
        no: [[`import f from 'face-api.jsx';`], [`// uses face-api.js here`], [`<script src="js/face-api.min.js"></script>`, 'a.ts'], [`import f from 'my-face-api.js'`], [`import f from './vendor/face-api.esm.js.map'`]],
      },
      {
        name: 'import: glob with a literal prefix',
        rule: { id: 'imp', match: { import: '@tensorflow-models/*' } },
        yes: [[`import * as b from '@tensorflow-models/blazeface';`]],
        no: [[`import * as b from '@tensorflow/tfjs';`]],
      },
      {
        name: 'call on a module: the module (or its library global) and every literal segment, as whole words',
        rule: { id: 'cmp', match: { call: { module: 'aws-sdk', callee: ['Rekognition().compareFaces'] } } },
        yes: [[`const AWS = require('aws-sdk'); new AWS.Rekognition().compareFaces(p);`], [`import { Rekognition } from "aws-sdk/clients/all"; const r = new Rekognition(); r['compareFaces'](p);`]],
        no: [[`new Rekognition().compareFaces(p);`], [`const AWS = require('aws-sdk'); new AWS.Rekognition().compareFacesNow(p);`], [`import x from 'aws-sdk'; x.Rekognition(); // no comparison here`]],
      },
      {
        name: 'call on a library global from globals.json (word boundaries keep short names useful)',
        rule: { id: 'det', match: { call: { module: ['face-api.js', 'ol'], callee: ['detectAllFaces', 'Map'] } } },
        yes: [[`faceapi.detectAllFaces(video);`], [`window.faceapi.detectAllFaces(video);`], [`new ol.Map({});`]],
        no: [[`myfaceapi.detectAllFaces(video);`], [`const tool = 1; new Map();`]],
      },
      {
        name: 'a path or URL ending in a vendored bundle of the module (globals.json `bundles`), outside comments',
        rule: { id: 'vend', match: { call: { module: 'face-api.js', callee: ['detectAllFaces'] } } },
        yes: [
          [`import * as f from '../dist/face-api.esm.js';\nf.detectAllFaces(video);`],
          [`const f = require("./lib/face-api.node");\nf.detectAllFaces(video);`],
          ['import { detectAllFaces } from `https://cdn.example/face-api.esm.js?v=2`;\ndetectAllFaces(v);'],
        ],
        no: [
          [`import * as f from './face-api-service';\nf.detectAllFaces(video);`],
          [`import * as f from './face-api.esm.jsx';\nf.detectAllFaces(video);`],
          [`// import * as f from '../dist/face-api.esm.js';\nf.detectAllFaces(video);`],
        ],
      },
      {
        name: 'inTimer: the timer is needed too (setInterval or setTimeout)',
        rule: { id: 'poll', match: { call: { global: true, callee: ['navigator.geolocation.getCurrentPosition'], inTimer: true } } },
        yes: [[`setInterval(() => navigator.geolocation.getCurrentPosition(f), 1000);`], [`function u() { navigator.geolocation.getCurrentPosition(f); setTimeout(u, 9); }`]],
        no: [[`navigator.geolocation.getCurrentPosition(f);`], [`mySetInterval(() => navigator.geolocation.getCurrentPosition(f));`]],
      },
      {
        name: 'global call: every segment of the path',
        rule: { id: 'watch', match: { call: { global: true, callee: ['navigator.geolocation.watchPosition'] } } },
        yes: [[`navigator.geolocation.watchPosition(cb);`], [`const { geolocation } = window.navigator; geolocation['watchPosition'](cb);`]],
        no: [
          [`navigator.geolocation.getCurrentPosition(cb);`],
          [`watchPosition(cb); // navigator.geolocation`.replace('navigator.', 'nav.')],
          [`navigator.geolocation.watchPositions(cb);`],
          // A declaration file has no executable code (a body or initializer there is a compile error).
          [`interface Geolocation { watchPosition(cb: PositionCallback): number }\ndeclare var navigator: { geolocation: Geolocation };`, 'lib.dom.d.ts'],
        ],
      },
      {
        name: 'glob segment: its literal runs (not whole words)',
        rule: { id: 'g', match: { call: { module: 'face-api.js', callee: ['detect*Face*'] } } },
        yes: [[`import * as f from 'face-api.js'; f.detectAllFaces(v);`]],
        no: [[`import * as f from 'face-api.js'; f.detectAll(v);`]],
      },
      {
        name: 'anyReceiver: the method name alone',
        rule: { id: 'stop', match: { call: { module: 'expo-location', callee: ['remove'], anyReceiver: true } as never } },
        yes: [[`sub.remove();`]],
        no: [[`sub.removeAll();`]],
      },
      {
        name: 'where.matches: every word of the glob, next to the characters the glob puts there (or a string edge)',
        rule: { id: 'ip', match: { call: { global: true, callee: 'fetch', where: [{ arg: 0, matches: ['*//ipapi.co*', '*//db-ip.com/*', '*/face/v1.*/detect*'] }] } } },
        yes: [[`fetch('https://ipapi.co/json');`], ['fetch(`https://db-ip.com/v2/free/${ip}`);'], [`fetch('https://' + 'ipapi.co/json');`], ['fetch(`${endpoint}/face/v1.0/detect`);'], [`const v = 'v1.0'; fetch(base + '/face/' + v + '/detect');`]],
        no: [[`fetch(url);`], [`fetch('https://myipapi.co/json');`], [`const n = face.normal; v1.add(v2); fetch(url).then(detect);`]],
      },
      {
        name: 'property: module or global, and the path',
        rule: { id: 'prop', match: { property: { global: true, path: ['navigator.connection.effectiveType'] } } },
        yes: [[`const t = navigator.connection.effectiveType;`]],
        no: [[`const t = navigator.connection;`]],
      },
      {
        name: 'flow: the sink call and a source of one of its kinds (sources.json entries: call, or method + requires)',
        rule: { id: 'flow', match: { flow: { from: ['location', 'frame'], to: { global: true, callee: ['localStorage.setItem'] } } } },
        yes: [[`navigator.geolocation.getCurrentPosition((p) => localStorage.setItem('k', p));`], [`navigator.mediaDevices.getUserMedia({}); localStorage.setItem('k', c.toDataURL());`]],
        no: [[`localStorage.setItem('k', v);`], [`navigator.geolocation.getCurrentPosition(show);`], [`localStorage.setItem('k', c.toDataURL());`]],
      },
      {
        name: 'requires: the fileHas matchers are needed too',
        rule: { id: 'req', match: { call: { global: true, callee: ['navigator.geolocation.getCurrentPosition'] } }, requires: { fileHas: { import: 'leaflet' } } },
        yes: [[`import L from 'leaflet'; navigator.geolocation.getCurrentPosition(f);`]],
        no: [[`navigator.geolocation.getCurrentPosition(f);`]],
      },
    ];
    for (const c of cases) {
      describe(c.name, () => {
        const pf = () => prefilterOf([c.rule], { globals, sources });
        c.yes.forEach(([text, file], i) => it(`candidate #${i + 1}: ${text.slice(0, 60)}`, () => assert.deepStrictEqual(pf().candidateRules(text, file ?? 'a.ts'), [c.rule.id])));
        c.no.forEach(([text, file], i) => it(`not a candidate #${i + 1}: ${text.slice(0, 60)}`, () => assert.deepStrictEqual(pf().candidateRules(text, file ?? 'a.ts'), [])));
      });
    }

    it('a suppression comment alone makes a file a candidate (an unused suppression is reported)', () => {
      const pf = prefilterOf([{ id: 'watch', match: { call: { global: true, callee: ['navigator.geolocation.watchPosition'] } } }]);
      assert.strictEqual(pf.mayMatch('// privacy-by-design-disable-next-line watch -- why\nconst x = 1;', 'a.ts'), true);
      assert.strictEqual(pf.mayMatch('// a comment\nconst x = 1;', 'a.ts'), false);
    });

    const conservative: Array<[string, unknown]> = [
      ['an unknown matcher kind', { regex: 'face' }],
      ['an unknown call key', { call: { global: true, callee: 'x', viaReflection: true } }],
      ['an unknown property key', { property: { path: 'x', deep: true } }],
      ['a flow from an unknown source kind (sink only)', { flow: { from: ['heartbeat'], to: { global: true, callee: 'fetch' } } }],
      ['a callee of wildcards only', { call: { global: true, callee: '**' } }],
    ];
    for (const [name, match] of conservative) {
      it(`${name} makes its rule run on files the rest of it cannot exclude`, () => {
        const pf = prefilterOf([{ id: 'odd', match: match as Rule['match'] }]);
        const flowSinkOnly = name.startsWith('a flow');
        if (flowSinkOnly) {
          assert.strictEqual(pf.mayMatch('fetch(x)', 'a.ts'), true);
          assert.strictEqual(pf.mayMatch('const y = 2;', 'a.ts'), false);
        } else {
          assert.strictEqual(pf.mayMatch('const y = 2;', 'a.ts'), true);
          if (!name.startsWith('a callee')) assert.deepStrictEqual(pf.alwaysRun, ['odd']);
        }
      });
    }
    it('an unknown top-level rule key makes the rule always run', () => {
      const pf = prefilterOf([{ id: 'odd', match: { import: 'x' }, ...({ crossRepo: true } as object) }]);
      assert.deepStrictEqual(pf.alwaysRun, ['odd']);
    });
  });

  describe('the scanner', () => {
    it('finds overlapping tokens, tokens inside others and tokens at both ends, as a naive search does', () => {
      const rules: Array<Partial<Rule> & Pick<Rule, 'id' | 'match'>> = [
        { id: 'a', match: { call: { global: true, callee: ['abab.abc'] } } },
        { id: 'b', match: { call: { global: true, callee: ['bab.babc'] } } },
        { id: 'c', match: { call: { module: 'ab', callee: ['cab*ab'] } } },
      ];
      const pf = prefilterOf(rules);
      const naive = (text: string) => naiveTokens(pf.tokens, text).map((t) => JSON.stringify(t));
      let seed = 7;
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
      const alphabet = ['a', 'b', 'c', 'ab', 'abc', 'bab', '.', "'", ' ', '$', 'x', 'node_modules/', 'node_module/'];
      for (let k = 0; k < 400; k++) {
        let text = '';
        const len = rnd(30);
        for (let i = 0; i < len; i++) text += alphabet[rnd(alphabet.length)];
        const got = pf.tokens.filter((t) => pf.presentTokens(text).includes(formulaToString(t))).map((t) => JSON.stringify(t));
        assert.deepStrictEqual(got, naive(text), `text: ${JSON.stringify(text)}`);
      }
    });
  });

  describe('the scanner on large token sets', () => {
    const naive = (tokens: readonly Token[], text: string) => naiveTokens(tokens, text).map(formulaToString).sort();
    const check = (pf: Prefilter, pieces: string[], texts: number, seed: number) => {
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
      const glue = [' ', '.', "'", '"', '/', '(', '_', 'x', '\n', '`', '-', '@', 'node_modules/', 'x/node_modules/'];
      for (let k = 0; k < texts; k++) {
        let text = '';
        const len = 1 + rnd(12);
        for (let i = 0; i < len; i++) {
          const p = pieces[rnd(pieces.length)];
          // Whole tokens, their prefixes and suffixes, with boundary characters between them.
          const cut = rnd(3) === 0 ? p.slice(0, 1 + rnd(p.length)) : rnd(3) === 0 ? p.slice(rnd(p.length)) : p;
          text += cut + glue[rnd(glue.length)];
        }
        // The raw scan (presentTokens would also drop library globals that are not code).
        const scanner = (pf as unknown as { scanner: { scan(t: string, h: Uint8Array): boolean; found: number[] } }).scanner;
        scanner.scan(text, new Uint8Array(pf.tokens.length));
        assert.deepStrictEqual(scanner.found.map((i) => formulaToString(pf.tokens[i])).sort(), naive(pf.tokens, text), `text: ${JSON.stringify(text)}`);
      }
    };
    it('the bundled rule set: every token and boundary agrees with a naive search', () => {
      const pf = prefilterFor(prepareRules(loadRuleSet()));
      check(pf, [...new Set(pf.tokens.map((t) => t.tok))], 1500, 11);
    });
    it('more states than 16-bit transitions hold (the 32-bit table) agrees too', () => {
      let seed = 5;
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
      const name = () => Array.from({ length: 24 }, () => 'abcdefghijklmnopqrstuvwxyz'[rnd(26)]).join('');
      const names = Array.from({ length: 1600 }, name);
      const pf = prefilterOf(names.map((n, i) => ({ id: `r${i}`, match: { call: { global: true, callee: [n] } } })));
      check(pf, names, 300, 3);
    });
  });

  describe('a stored prefilter (serialize, then read back in a later process)', () => {
    const ruleSet = loadRuleSet();
    const built = new Prefilter(ruleSet);
    const bytes = built.serialize();
    /** Everything a prefilter tells about a text. */
    const verdicts = (pf: Prefilter, text: string, file: string) => JSON.stringify([pf.classify(text, file), pf.candidateRules(text, file), pf.presentTokens(text), [...(pf.candidates(text, file).rules ?? [])]]);

    it('tells the same as the one built from the rules, on every rule-test snippet, doc example and the examples', () => {
      const read = new Prefilter(ruleSet, bytes);
      const snippets = [...ruleTestSnippets(path.join(root, 'test', 'rules')), ...docExamples(path.join(root, 'rules'))];
      const files = fs.readdirSync(path.join(root, 'examples'), { recursive: true }).map(String).filter((f) => /\.(js|ts|tsx|jsx|vue|html)$/.test(f));
      for (const f of files) snippets.push({ code: fs.readFileSync(path.join(root, 'examples', f), 'utf8'), file: f, origin: `examples/${f}` });
      assert.ok(snippets.length > 300, `found ${snippets.length}`);
      let candidates = 0;
      for (const sn of snippets) {
        assert.strictEqual(verdicts(read, sn.code, sn.file), verdicts(built, sn.code, sn.file), sn.origin);
        if (built.mayMatch(sn.code, sn.file)) candidates++;
      }
      assert.ok(candidates > 100, `the snippets exercise the rules' formulas (${candidates} candidates)`);
      assert.deepStrictEqual(read.alwaysRun, built.alwaysRun);
      assert.deepStrictEqual(read.rules.map((r) => [r.ruleId, formulaToString(r.formula)]), built.rules.map((r) => [r.ruleId, formulaToString(r.formula)]));
      assert.strictEqual(formulaToString(read.seedFormula), formulaToString(built.seedFormula));
    });

    it('the 32-bit table round-trips too', () => {
      let seed = 9;
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
      const names = Array.from({ length: 1600 }, () => Array.from({ length: 24 }, () => 'abcdefghijklmnopqrstuvwxyz'[rnd(26)]).join(''));
      const big = prefilterOf(names.map((n, i) => ({ id: `r${i}`, match: { call: { global: true, callee: [n] } } })));
      const read = new Prefilter((big as unknown as { ruleSet: ReturnType<typeof loadRuleSet> }).ruleSet, big.serialize());
      for (const n of names.slice(0, 200)) {
        const text = `x.${n}(1); y.${n.slice(0, 12)}();`;
        assert.strictEqual(verdicts(read, text, 'a.js'), verdicts(big, text, 'a.js'));
        assert.ok(read.mayMatch(text, 'a.js'));
      }
    });

    it('malformed bytes are refused (wrong magic, truncated, tables cut short, trailing junk)', () => {
      const bad = [Buffer.from('not a prefilter'), bytes.subarray(0, 20), bytes.subarray(0, bytes.length - 4), Buffer.concat([bytes, Buffer.from([1, 2, 3, 4])]), Buffer.concat([Buffer.from('PBDCC1\n'), bytes.subarray(7)])];
      for (const b of bad) assert.throws(() => new Prefilter(ruleSet, b), /stored prefilter|JSON|Unexpected/);
    });

    it('prefilterFor reads a stored one, and builds (and stores anew) when the stored one is unusable or the store fails', () => {
      const saved: Buffer[] = [];
      let stored: Buffer | undefined = bytes;
      let loads = 0;
      setPrefilterStore({
        load: () => {
          loads++;
          if (stored === undefined) throw new Error('unreadable');
          return stored;
        },
        save: (_rs, b) => saved.push(b),
      });
      try {
        const text = `navigator.geolocation.watchPosition(p => fetch('https://api.example.com/p?lat=' + p.coords.latitude));`;
        const fromStore = prefilterFor(prepareRules(loadRuleSet()));
        assert.strictEqual(loads, 1);
        assert.strictEqual(saved.length, 0, 'a usable stored prefilter is not written again');
        assert.strictEqual(verdicts(fromStore, text, 'a.js'), verdicts(built, text, 'a.js'));
        stored = Buffer.from('junk');
        const rebuilt = prefilterFor(prepareRules(loadRuleSet()));
        assert.strictEqual(saved.length, 1);
        assert.deepStrictEqual(saved[0], bytes, 'the same bytes as a build from the rules');
        assert.strictEqual(verdicts(rebuilt, text, 'a.js'), verdicts(built, text, 'a.js'));
        stored = undefined;
        const afterError = prefilterFor(prepareRules(loadRuleSet()));
        assert.strictEqual(saved.length, 2);
        assert.strictEqual(verdicts(afterError, text, 'a.js'), verdicts(built, text, 'a.js'));
      } finally {
        setPrefilterStore(undefined);
      }
    });

    it('the folder store keys files by rule set, reads back what it wrote, and keeps the newest few', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-pf-store-'));
      try {
        const store = prefilterStoreIn(dir, 'test');
        assert.strictEqual(store.load(ruleSet), undefined);
        store.save(ruleSet, bytes);
        assert.deepStrictEqual(store.load(ruleSet), bytes);
        const other = { ...ruleSet, rules: ruleSet.rules.slice(1) };
        assert.strictEqual(store.load(other), undefined, 'another rule set has another file');
        assert.strictEqual(prefilterStoreIn(dir, 'other-version').load(ruleSet), undefined, 'another engine version too');
        for (let i = 0; i < 10; i++) store.save({ ...ruleSet, rules: ruleSet.rules.slice(i + 2) }, Buffer.from([i]));
        const left = fs.readdirSync(dir);
        assert.strictEqual(left.length, 8, left.join(', '));
        assert.ok(left.every((n) => /^prefilter-[0-9a-f]{32}\.bin$/.test(n)), left.join(', '));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('analyzeText', () => {
    const prepared = () => prepareRules(loadRuleSet());
    it('a file without trigger tokens is not parsed: the parser is never loaded (fresh process)', () => {
      const engine = path.join(__dirname, '..', '..', 'src', 'engine', 'index.js');
      const script = `const e = require(${JSON.stringify(engine)}); const p = e.prepareRules(e.loadRuleSet());
        const r = e.analyzeText('export const interfaceFace = (a: number) => a + 1;\\n', 'a.ts', p);
        const before = e.isParserLoaded();
        const r2 = e.analyzeText('navigator.geolocation.watchPosition(cb);\\n', 'b.ts', p);
        console.log(JSON.stringify([r.findings.length, before, r2.findings.length > 0, e.isParserLoaded()]));`;
      const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      assert.strictEqual(out.status, 0, out.stderr);
      assert.deepStrictEqual(JSON.parse(out.stdout), [0, false, true, true]);
    });
    it('an unused suppression in a file without other tokens is still reported', () => {
      const code = `// privacy-by-design-disable-next-line location-watch -- kept from the old map\nconst zoom = 3;\n`;
      const on = analyzeText(code, 'a.ts', prepared());
      const off = analyzeText(code, 'a.ts', prepared(), { prefilter: false });
      assert.deepStrictEqual(on, off);
      assert.deepStrictEqual(on.findings.map((f) => `${f.ruleId}@${f.range.start.line}`), ['suppression-invalid@1']);
    });
  });

  describe('soundness: the whole rule set with and without the prefilter gives identical findings', () => {
    let prepared: PreparedRules;
    before(() => {
      prepared = prepareRules(loadRuleSet());
    });
    const differs = (s: Snippet, pass: (text: string, file: string) => boolean = (t, f) => prefilterFor(prepared).mayMatch(t, f)): string | undefined => {
      const full = analyzeText(s.code, s.file, prepared, { prefilter: false });
      // An accepted file takes the very same path as without the prefilter; a rejected one reports nothing.
      const filtered = pass(s.code, s.file) ? full : { findings: [] };
      const a = JSON.stringify(full.findings);
      const b = JSON.stringify(filtered.findings);
      return a === b ? undefined : `${s.origin}: ${full.findings.map((f) => f.ruleId).join(', ')}`;
    };

    it('on every code snippet of the rule tests (flagged and look-alike cases)', () => {
      const snippets = ruleTestSnippets(path.join(root, 'test', 'rules'));
      assert.ok(snippets.length > 100, `expected the rule tests' snippets, found ${snippets.length}`);
      const bad = snippets.map((s) => differs(s)).filter(Boolean);
      assert.deepStrictEqual(bad, []);
    });
    it('on every example of the rule docs', () => {
      const snippets = docExamples(path.join(root, 'rules'));
      assert.ok(snippets.length > 20, `expected doc examples, found ${snippets.length}`);
      assert.deepStrictEqual(snippets.map((s) => differs(s)).filter(Boolean), []);
    });
    it('the check can fail: a prefilter that drops a rule’s token is caught', () => {
      const snippets = ruleTestSnippets(path.join(root, 'test', 'rules'));
      const broken = (t: string, f: string) => prefilterFor(prepared).mayMatch(t.replace(/watchPosition/g, 'watchPositionX'), f);
      assert.ok(snippets.some((s) => differs(s, broken) !== undefined));
    });
    it('on third-party code: the files of node_modules the prefilter rejects (nearest misses first) have no findings', function () {
      // Accepted files take the same path either way; only rejected ones can differ. The nearest misses
      // (most tokens present) are analysed in full; PBD_PERF_FULL=1 analyses every rejected file.
      const full = process.env.PBD_PERF_FULL === '1';
      const budget = full ? Infinity : 4 * 1024 * 1024;
      const pf = prefilterFor(prepared);
      const rejected: Array<{ file: string; text: string; near: number }> = [];
      let accepted = 0;
      for (const file of corpusFiles(path.join(root, 'node_modules'))) {
        const text = fs.readFileSync(file, 'utf8');
        if (pf.mayMatch(text, file)) accepted++;
        else if (text.length <= 150 * 1024) rejected.push({ file, text: '', near: pf.presentTokens(text).length });
      }
      rejected.sort((a, b) => b.near - a.near || (a.file < b.file ? -1 : 1));
      let used = 0;
      const bad: string[] = [];
      let analysed = 0;
      for (const r of rejected) {
        if (used >= budget) break;
        const text = fs.readFileSync(r.file, 'utf8');
        used += text.length;
        analysed++;
        const res = analyzeText(text, path.relative(root, r.file), prepared, { prefilter: false, timeBudgetMs: 0 } as never);
        if (res.findings.length) bad.push(`${r.file}: ${res.findings.map((f) => `${f.ruleId}@${f.range.start.line}`).join(', ')}`);
      }
      assert.ok(rejected.length > 1000 && analysed > 50, `corpus too small: ${rejected.length} rejected, ${analysed} analysed, ${accepted} accepted`);
      assert.deepStrictEqual(bad, []);
    });
    it('whole scans (cross-file flows included) of the examples and a cross-file app are identical', () => {
      inCrossFileApp((dir) => {
        for (const [roots, cwd] of [[['.'], dir], [['examples'], root]] as Array<[string[], string]>) {
          const on = scanPaths(roots, prepared, {}, cwd).results;
          const off = scanPaths(roots, prepared, { prefilter: false }, cwd).results;
          assert.deepStrictEqual(
            on.map((r) => [r.file, r.findings]),
            off.map((r) => [r.file, r.findings]),
          );
          assert.ok(off.some((r) => r.findings.length), `no findings at all in ${roots.join(' ')}: the comparison would be empty`);
          if (cwd === dir) assert.ok(off.find((r) => r.file === 'store.ts')?.findings.length, 'the cross-file flow (position stored by store.ts, no token in app.ts) must be found');
        }
      });
    });
  });

  describe('library globals count only where they can be code', () => {
    const cases: Array<[string, string, boolean]> = [
      ['a line comment', '// uses Human here\nconst x = 1;', false],
      ['a doc comment', '/**\n * Human library config\n */\nexport const c = 1;', false],
      ['longer words only', 'HumanReadable(); myHuman(); Human_x;', false],
      ['code after a comment on the same line', '  /* Human */ new Human.Human();', true],
      ['plain code', 'const h = new Human.Human(cfg);', true],
      ['a template expression on a line starting with //', 'const s = `\n// ${Human}\n`;', true],
      ['a template literal closing after a line-start /*', 'const s = `\n/* x`; new Human(); /* y */', true],
      ['a string continued onto a // line', "const s = 'a\\\n// Human';", true],
      ['a line-start * that multiplies', 'const x = a\n  * Human.k;', true],
      ['a // line inside a block comment that closes before the name', '/*\n// old */ new Human()', true],
      ['a block comment opened mid-line (not recognised: counted as code)', '/* a */ x = 1; /* b\nHuman */', true],
      ['a string that is the name', "const cacheName = 'Human';", false],
      ['a string that starts with the name', 'log("Human: ready", x);', false],
      ['a quoted property of a global object', "const H = window['Human'];", true],
      ['a quoted property after a comment', "const H = window[/* x */ 'Human'];", true],
      ['a quoted key destructured from a global object', "const { 'Human': H } = window;", true],
      ['a string after a comma (could be a key)', "const { a, 'Human': H } = self;", true],
      ['a name after a string and an operator', "const s = 'a' + Human.version;", true],
    ];
    for (const [name, text, inCode] of cases) it(`${name}: ${inCode ? 'code' : 'not code'}`, () => assert.strictEqual(globalInCode(text, 'Human'), inCode));
    it('a module specifier only in comments wakes no rule; in code it does', () => {
      const pf = prefilterFor(prepareRules(loadRuleSet()));
      assert.strictEqual(pf.mayMatch("// const human = require('@vladmandic/human'); // when installed as a module\nconst x = require('./local');\n", 'a.js'), false);
      assert.strictEqual(pf.mayMatch("/*\nimport * as faceapi from 'face-api.js';\n*/\nexport const x = 1;\n", 'a.ts'), false);
      assert.strictEqual(pf.mayMatch("const faceapi = require('face-api.js'); // face-api.js\n", 'a.js'), true);
      // Only occurrences that are the token count: the name inside a longer specifier is none.
      assert.strictEqual(pf.mayMatch("// const h = require('@vladmandic/human');\nconst other = require('@vladmandic/human-like');\n", 'a.js'), false);
      assert.strictEqual(pf.mayMatch("// loads face-api.js\nimport * as faceapi from 'face-api.js';\n", 'a.ts'), true);
    });
    it('a file naming the Human global only in comments is not a candidate; one using it is', () => {
      const pf = prefilterFor(prepareRules(loadRuleSet()));
      assert.strictEqual(pf.mayMatch('/**\n * Configuration for the Human library\n */\nexport const config = { face: { enabled: true } };\n', 'config.ts'), false);
      assert.strictEqual(pf.mayMatch('// Human is loaded by a script tag\nconst human = new Human.Human({ face: { enabled: true } });\nhuman.detect(video);\n', 'app.js'), true);
    });
    it('an element matcher needs its module, its name and one of its attributes', () => {
      const pf = prefilterFor(prepareRules(loadRuleSet()));
      const imp = "import { Camera } from 'expo-camera';\n";
      assert.ok(pf.candidateRules(imp + 'export const A = () => <Camera onFacesDetected={f} />;\n', 'a.tsx').includes('face-detection'));
      assert.ok(!pf.candidateRules(imp + 'export const A = () => <Camera onCameraReady={f} />;\n', 'a.tsx').includes('face-detection'));
    });
    it('the Human global counts only next to one of its API names (globals.json `evidence`)', () => {
      const pf = prefilterFor(prepareRules(loadRuleSet()));
      assert.strictEqual(pf.mayMatch('class Board { spawn(y) { this.entities.push(new Human(y)); } }\n', 'board.js'), false);
      assert.strictEqual(pf.mayMatch('const human = new Human({ modelBasePath: "/models" });\n', 'app.js'), true);
    });
  });

  describe('library globals that a module\'s own imports shadow do not count', () => {
    // [name, text, shadowed]: true only when the name is certainly a module-scope import and no occurrence
    // can be a property of a global object or destructured from one.
    const cases: Array<[string, string, boolean]> = [
      ['a named import', "import { Human } from './human';\nnew Human();", true],
      ['a type-only import', "import type { Human } from './human';\nlet h: Human;", true],
      ['a default import', "import Human from './human';\nnew Human();", true],
      ['a default and named imports', "import Human, { a } from './human';\nnew Human();", true],
      ['an import renamed to the name', "import { X as Human } from './human';\nnew Human();", true],
      ['a string import name', "import { 'Human' as Human } from './h';\nHuman;", true],
      ['comments, a directive, type modifiers, a bare import, no semicolons', "// c\n/* x */\n'use strict';\nimport {\n  type Config,\n  Human,\n} from \"./human\"\nimport './style.css'\nnew Human()", true],
      ['a default import named type', "import type from './t';\nimport { Human } from './h';\nHuman;", true],
      ['an import named type', "import { type } from './h';\nimport { Human } from './h';\nHuman;", true],
      ['no spaces', "import{Human}from'./h';Human", true],
      ['the name in a string and as a type', "import { Human } from './human';\nconst c = { cacheName: 'Human' };\nlet h: Human;", true],
      ['an import renamed away from the name', "import { Human as H } from './human';\nnew Human();", false],
      ['a namespace import of that name, used as a namespace', "import * as Human from './human';\nnew Human.Human();", false],
      ['a property of window', "import { Human } from './human';\nwindow.Human.x();", false],
      ['a quoted property of window', "import { Human } from './human';\nwindow[\n 'Human'];", false],
      ['a property after a comment', "import { Human } from './h';\nwindow. /* c */ Human;", false],
      ['a quoted property after a comment', "import { Human } from './h';\nwindow[/* c */ 'Human'];", false],
      ['destructured from window', "import { Human } from './human';\nfunction f() { const { Human: H } = window; }", false],
      ['destructured from window, after another name', "import { Human } from './human';\nfunction f() { const { a, Human } = window; }", false],
      ['passed on after a comma (could be a shorthand property)', "import { Human } from './human';\nlog('x', Human);", false],
      ['an import inside a comment', "/* import { Human } from './human' */ new Human();", false],
      ['an import inside a template literal', "`import { Human } from './h'`; new Human();", false],
      ['an import after other code', "const x = 1;\nimport { Human } from './human';\nnew Human();", false],
      ['an import with attributes (not lexed)', "import { Human } from './h' with { type: 'json' };\nHuman;", false],
      ['import = require before it (not lexed)', "import x = require('y');\nimport { Human } from './h';\nHuman;", false],
      ['a longer imported name', "import { Humans } from './h';\nHuman;", false],
      ['a dynamic import', 'import("./h").then((Human) => Human);', false],
      ['a require (not an import)', "const Human = require('./human');\nnew Human();", false],
    ];
    for (const [name, text, shadowed] of cases) it(`${name}: ${shadowed ? 'shadowed' : 'may be the global'}`, () => assert.strictEqual(shadowedByImport(text, 'Human'), shadowed));

    it('the import run ends where the imports end', () => {
      const text = "import a from 'a';\nimport { b as c } from 'b';\nconst d = 1;\nimport e from 'e';\n";
      const p = importPrologue(text);
      assert.deepStrictEqual([...p.names], ['a', 'c']);
      assert.strictEqual(text.slice(p.end).trimStart().slice(0, 5), 'const');
    });

    it('a module of the library itself, importing its own Human class, is not a candidate; the same module using window.Human is, and reports', () => {
      const prepared = prepareRules(loadRuleSet());
      const pf = prefilterFor(prepared);
      const own = "import type { Human } from './human';\nexport async function warmup(instance: Human) {\n  return instance.detect(document.getElementById('v'));\n}\n";
      assert.strictEqual(pf.mayMatch(own, 'src/warmup.ts'), false);
      assert.deepStrictEqual(analyzeText(own, 'src/warmup.ts', prepared, { prefilter: false }).findings, [], 'and it has no finding without the prefilter either');
      const global = "import type { Human } from './human';\nexport async function warmup() {\n  const human = new window.Human({});\n  return human.detect(document.getElementById('v'));\n}\n";
      assert.strictEqual(pf.mayMatch(global, 'src/warmup.ts'), true);
      assert.ok(analyzeText(global, 'src/warmup.ts', prepared).findings.some((f) => f.ruleId === 'face-detection'), 'window.Human is the library global');
    });
  });

  describe('cross-file scope', () => {
    it('holds the import-graph component of a file with a flow source (importers and imported), not unrelated files', () => {
      inCrossFileApp((dir) => {
        fs.writeFileSync(path.join(dir, 'util.ts'), `export const twice = (n: number) => n * 2;\n`);
        fs.writeFileSync(path.join(dir, 'math.ts'), `import { twice } from './util';\nexport const four = twice(2);\n`);
        const files = fs.readdirSync(dir).sort().map((n) => ({ abs: path.join(dir, n), display: n }));
        const known = new Set(files.map((f) => f.display));
        const scope = crossFileGraph(files, prepareRules(loadRuleSet()), (from, spec) => resolveRelative(from, spec, (x) => known.has(x))).component;
        assert.deepStrictEqual([...scope].sort(), ['app.ts', 'geo.ts', 'relay.ts', 'store.ts']);
      });
    });
    it('files before the first flow source give the same graph from kept specifiers as when read again (past the budget)', () => {
      inCrossFileApp((dir) => {
        const files = fs.readdirSync(dir).sort().map((n) => ({ abs: path.join(dir, n), display: n }));
        const known = new Set(files.map((f) => f.display));
        const graph = (budget?: number) => {
          const g = crossFileGraph(files, prepareRules(loadRuleSet()), (from, spec) => resolveRelative(from, spec, (x) => known.has(x)), undefined, undefined, budget);
          return { component: [...g.component].sort(), starts: g.starts, importers: [...g.importers].sort() };
        };
        const kept = graph();
        assert.ok(kept.component.includes('app.ts') && kept.starts.length, 'app.ts, read before the source, is linked');
        assert.deepStrictEqual(graph(0), kept);
      });
    });
    it('a folder scan reads a file without trigger tokens once, and still reports it when it looks minified', () => {
      inCrossFileApp((dir) => {
        fs.writeFileSync(path.join(dir, 'plain.ts'), `export const twice = (n: number) => n * 2;\n`);
        fs.writeFileSync(path.join(dir, 'packed.js'), `var a=${'1+'.repeat(3000)}1;`);
        const prepared = prepareRules(loadRuleSet());
        const reads = new Map<string, number>();
        // The engine's modules read through the real module object, so a spy on it sees every read
        // (whole-file reads, and opens for reading: the scope pass opens, sizes and reads a file itself).
        const realFs = require('fs') as { readFileSync: typeof fs.readFileSync; openSync: typeof fs.openSync };
        const { readFileSync, openSync } = realFs;
        const count = (p: unknown) => {
          const name = path.basename(String(p));
          reads.set(name, (reads.get(name) ?? 0) + 1);
        };
        (realFs as { readFileSync: unknown }).readFileSync = (...args: Parameters<typeof fs.readFileSync>) => {
          count(args[0]);
          return readFileSync(...args);
        };
        (realFs as { openSync: unknown }).openSync = (...args: Parameters<typeof fs.openSync>) => {
          count(args[0]);
          return openSync(...args);
        };
        let once;
        try {
          once = scanPaths([dir], prepared, {}, dir);
        } finally {
          realFs.readFileSync = readFileSync;
          realFs.openSync = openSync;
        }
        assert.strictEqual(reads.get('plain.ts'), 1);
        assert.strictEqual(reads.get('packed.js'), 1);
        assert.ok((reads.get('app.ts') ?? 0) > 1, 'a file in the cross-file scope is read again (it is parsed)');
        const full = scanPaths([dir], prepared, { prefilter: false }, dir);
        const shape = (r: typeof once) => ({ findings: findingKeys(r), skipped: r.skipped });
        assert.deepStrictEqual(shape(once), shape(full));
        assert.deepStrictEqual(once.skipped.map((s) => s.file), ['packed.js']);
        assert.ok(once.results.find((r) => r.file === 'plain.ts'), 'the quiet file still has its (empty) result');
        const withMinified = scanPaths([dir], prepared, { includeMinified: true }, dir);
        assert.deepStrictEqual(withMinified.skipped, []);
      });
    });
    it('a data-only file in the scope is not parsed for a summary, and findings stay the same', () => {
      inCrossFileApp((dir) => {
        fs.writeFileSync(path.join(dir, 'table.ts'), `// anchor points\nexport const TABLE = [\n  { x: 1, y: 2 },\n  { x: 3, y: 4 },\n];\n`);
        fs.writeFileSync(path.join(dir, 'shape.ts'), `import { TABLE } from './table';\nexport const first = TABLE[0];\nexport const scale = (k: number) => TABLE.map((p) => p.x * k);\n`);
        fs.writeFileSync(path.join(dir, 'nets.ts'), `export const nets = faceapi.nets;\n`);
        fs.appendFileSync(path.join(dir, 'app.ts'), `import { scale } from './shape';\nfollow((p) => remember('scale', scale(p.coords.latitude)));\nimport { nets } from './nets';\nfollow((p) => nets.keep(p.coords));\n`);
        const files = fs.readdirSync(dir).sort().map((n) => ({ abs: path.join(dir, n), display: n }));
        const prepared = prepareRules(loadRuleSet());
        const { summaries } = collectSummaries(files, prepared);
        assert.ok(!summaries.files.has('table.ts'), 'plain data: no summary');
        assert.ok(summaries.files.has('shape.ts'), 'it imports, has a function and is handed a position: summarised');
        assert.deepStrictEqual(summaries.files.get('nets.ts')?.values, { nets: { module: 'face-api.js', path: ['nets'], global: true } }, 'a library global is a token: summarised (it is handed a position)');
        const once = scanPaths([dir], prepared, {}, dir);
        assert.ok(findingKeys(once).length > 0);
        assert.deepStrictEqual(findingKeys(once), findingKeys(scanPaths([dir], prepared, { prefilter: false }, dir)));
      });
    });
    it('relative specifiers: the search from each ./ finds what the pattern finds (tricky cases and every corpus file)', () => {
      const byPattern = (text: string) => [...new Set([...text.matchAll(RELATIVE_SPECIFIER)].map((m) => m[2]))];
      const tricky = [
        `import a from './a'; import b from "../b"; const c = require( './c' ); const d = await import(\`./d\`);`,
        `from'./x' import"../y" require('./z')`,
        `xfrom './no' myrequire('./no') $require('./yes') _import('./no')`,
        `import a from './a\n'; import b from './b"; import c from '.../c'; import d from './'; import e from '../';`,
        `// from './comment'\nconst s = 'from ./not'; export * from './star'; export { x } from '../x/index.js';`,
        `import x from '`,
        `./a' from ./b from'./c`,
        `require\n(\n'./multiline'\n)`,
      ];
      for (const t of tricky) assert.deepStrictEqual(relativeSpecifiers(t), byPattern(t), t);
      let files = 0;
      for (const file of corpusFiles(path.join(root, 'node_modules'))) {
        const text = fs.readFileSync(file, 'utf8');
        if (!text.includes('./')) continue;
        files++;
        assert.deepStrictEqual(relativeSpecifiers(text), byPattern(text), file);
      }
      assert.ok(files > 100, `only ${files} corpus files with a relative path`);
    });
    it('relative specifiers are found without parsing', () => {
      const text = `import a from './a';\nexport * from "../b/c";\nconst d = require('./d.js');\nconst e = await import(\`./e\`);\nimport './side';\nimport x from 'pkg';\n`;
      assert.deepStrictEqual(relativeSpecifiers(text), ['./a', '../b/c', './d.js', './e', './side']);
    });
  });
});

/** The tokens a naive search finds in a text (in the order given), with every boundary condition the scanner checks. */
function naiveTokens(tokens: readonly Token[], text: string): Token[] {
  const ident = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
  return tokens.filter((t) => {
    for (let i = text.indexOf(t.tok); i >= 0; i = text.indexOf(t.tok, i + 1)) {
      const before = text[i - 1];
      const after = text[i + t.tok.length];
      if (t.l && ident(before)) continue;
      if (t.r === 'w' && ident(after)) continue;
      if (t.r === 's' && (after === undefined || !`'"\`/`.includes(after))) continue;
      if (t.lset !== undefined && before !== undefined && !t.lset.includes(before)) continue;
      if (t.rset !== undefined && after !== undefined && !t.rset.includes(after)) continue;
      if (t.q && !(before !== undefined && `'"\``.includes(before)) && !text.slice(0, i).endsWith('node_modules/')) continue;
      return true;
    }
    return false;
  });
}

/** Runs `fn` in a fresh temporary folder holding the cross-file app (`writeCrossFileApp`), removed afterwards. */
function inCrossFileApp(fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-xf-'));
  try {
    writeCrossFileApp(dir);
    fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A scan's findings as sorted `file:line:ruleId` keys. */
function findingKeys(summary: ReturnType<typeof scanPaths>): string[] {
  return summary.results.flatMap((x) => x.findings.map((f) => `${f.file}:${f.range.start.line}:${f.ruleId}`)).sort();
}

/** A position read in one file, relayed by a second, stored by a fourth, wired together by a third that has no token at all. */
export function writeCrossFileApp(dir: string): void {
  fs.writeFileSync(path.join(dir, 'geo.ts'), `export function watchPlace(cb: (pos: GeolocationPosition) => void): number {\n  return navigator.geolocation.watchPosition(cb);\n}\n`);
  fs.writeFileSync(path.join(dir, 'relay.ts'), `import { watchPlace } from './geo';\nexport function follow(cb: (p: GeolocationPosition) => void) {\n  return watchPlace(cb);\n}\n`);
  fs.writeFileSync(path.join(dir, 'store.ts'), `export function remember(key: string, value: unknown) {\n  localStorage.setItem(key, JSON.stringify(value));\n}\n`);
  fs.writeFileSync(path.join(dir, 'app.ts'), `import { follow } from './relay';\nimport { remember } from './store';\nfollow((p) => remember('last', p.coords));\n`);
}

