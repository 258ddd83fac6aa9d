import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Minimatch } from 'minimatch';
import { runCli } from '../../src/cli/main';
import { analyzeText, bundledRulesDir, loadRuleSet, prepareRules } from '../../src/engine';
import { compileModulePattern, compilePathPattern, compileTextGlob, MAX_GLOB_SUBJECT, wildcardMatch } from '../../src/engine/patterns';
import { cleanup, ROOT, tempDir, writeTree } from './helpers';

// Broken rule files and bad settings are reported with the file, the JSON pointer and the bad value;
// the other rules keep running and nothing crashes. Rule files stay declarative: globs, no regular
// expressions, and the globs are matched in linear time.

const rule = (id: string, extra: Record<string, unknown>) =>
  JSON.stringify({
    id,
    title: `Rule ${id}`,
    category: 'location-once',
    severity: 'info',
    match: { call: { global: true, callee: 'navigator.geolocation.getCurrentPosition' } },
    message: 'A message that is long enough: {{callee}}.',
    recommendations: ['data-minimization-security'],
    ...extra,
  });

const RULE_FILES: Record<string, string> = {
  'broken-json.json': '{\n  "id": "broken-json",\n  "title": "x"\n  "severity": "warning"\n}\n',
  'bad-severity.json': rule('bad-severity', { severity: 'loud' }),
  'unknown-matcher.json': rule('unknown-matcher', { match: { regex: 'watchPosition\\(' } }),
  'renamed.json': rule('not-the-file-name', {}),
  'unknown-rec.json': rule('unknown-rec', { recommendations: ['no-such-recommendation'] }),
  'extra-good.json': rule('extra-good', {}),
};

const CODE = 'navigator.geolocation.getCurrentPosition(show);\nnavigator.geolocation.watchPosition(show);\n';

function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, cwd });
  return { code, stdout, stderr };
}

describe('reliability: malformed rules and settings', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir('rules');
    writeTree(dir, Object.fromEntries(Object.entries(RULE_FILES).map(([k, v]) => [path.join('rules', k), v])));
    writeTree(dir, { 'src/app.js': CODE });
  });
  afterEach(() => cleanup(dir));

  it('loadRuleSet names the file and JSON pointer of each problem, and loads every other rule', () => {
    const bundled = loadRuleSet();
    const rs = loadRuleSet([path.join(dir, 'rules')]);
    const errs = rs.errors.map((e) => `${path.basename(e.file)} ${e.pointer} ${e.message}`);
    const expect: Array<[string, string, RegExp]> = [
      ['broken-json.json', '', /cannot read rule file: .*JSON.*\(line 4, column 3\)/],
      ['bad-severity.json', '/severity', /allowed values: "error", "warning", "info", "hint"/],
      ['unknown-matcher.json', '/match', /additional properties \('regex'\)/],
      ['renamed.json', '/id', /must equal the file name 'renamed'/],
      ['unknown-rec.json', '/recommendations/0', /unknown recommendation id 'no-such-recommendation'/],
    ];
    for (const [file, pointer, re] of expect) {
      assert.ok(
        rs.errors.some((e) => path.basename(e.file) === file && e.file.startsWith(dir) && e.pointer === pointer && re.test(e.message)),
        `no error for ${file} at '${pointer}' matching ${re}; got:\n${errs.join('\n')}`,
      );
    }
    assert.ok(!rs.errors.some((e) => e.file.endsWith('extra-good.json')));
    const ids = rs.rules.map((r) => r.id);
    assert.ok(ids.includes('extra-good'));
    for (const r of bundled.rules) assert.ok(ids.includes(r.id), `bundled rule ${r.id} was dropped`);
  });

  it('a malformed globals.json entry is reported with its pointer; the well-formed ones still resolve', () => {
    const rulesDir = path.join(dir, 'bundled');
    fs.cpSync(bundledRulesDir(), rulesDir, { recursive: true });
    const globals = {
      globals: {
        faceapi: { module: 'face-api.js', bundles: ['face-api.esm.js'] },
        Human: { module: '@vladmandic/human', bundles: 'human.esm.js' },
        clm: { scripts: ['*clmtrackr.js'] },
        ml5: 'ml5',
        FaceMesh: { module: '@mediapipe/face_mesh', named: 'yes' },
        tracking: { module: 'tracking', evidence: 'track' },
      },
      modules: { 'aws-sdk/clients/rekognition': { module: 'aws-sdk', path: 'Rekognition' } },
    };
    fs.writeFileSync(path.join(rulesDir, 'globals.json'), JSON.stringify(globals));
    const rs = loadRuleSet([], rulesDir);
    const errs = rs.errors.map((e) => `${e.pointer} ${e.message}`);
    assert.deepStrictEqual(errs, ["/globals/Human 'bundles' must be a list of file names", "/globals/clm needs a 'module' string", '/globals/ml5 must be an object', "/globals/FaceMesh 'named' must be true or false", "/globals/tracking 'evidence' must be a list of names", "/modules/aws-sdk/clients/rekognition needs a 'module' string and a 'path' list of names"]);
    assert.deepStrictEqual([...rs.globals.keys()], ['faceapi']);
    const r = analyzeText(`import * as f from './face-api.esm.js';\nimport H from './human.esm.js';\nfaceapi.detectAllFaces(v);\nHuman.x();`, 'a.js', prepareRules(rs));
    assert.deepStrictEqual(
      r.findings.filter((f) => f.ruleId === 'biometric-sdk-import').map((f) => f.range.start.line),
      [1],
    );
  });

  it('the rules that loaded still run next to the broken ones', () => {
    const prepared = prepareRules(loadRuleSet([path.join(dir, 'rules')]));
    const r = analyzeText(CODE, 'app.js', prepared);
    const ids = r.findings.map((f) => `${f.ruleId}@${f.range.start.line}`);
    assert.ok(ids.includes('extra-good@1'), ids.join());
    assert.ok(ids.some((x) => x.startsWith('location-') && x.endsWith('@2')), ids.join());
  });

  it('CLI --rules: exit 2, each problem on stderr with file and pointer, and the report still has findings', () => {
    const r = cli(['scan', 'src', '--rules', 'rules', '--format', 'json'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /rules[/\\]bad-severity\.json at \/severity: /);
    assert.match(r.stderr, /rules[/\\]unknown-matcher\.json at \/match: /);
    assert.match(r.stderr, /rules[/\\]broken-json\.json: cannot read rule file/);
    const report = JSON.parse(r.stdout);
    const ids = report.findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(ids.includes('extra-good'));
    assert.ok(ids.some((id: string) => id.startsWith('location-')));
  });

  const badSettings: Array<[string[], RegExp]> = [
    [['--include', '['], /invalid glob for --include: '\['/],
    [['--exclude', '{a,b'], /invalid glob for --exclude: '\{a,b'/],
    [['--include', ''], /--include/],
    [['--fail-on', 'bogus'], /invalid --fail-on 'bogus'/],
    [['--format', 'xml'], /invalid --format 'xml'/],
    [['--severity', 'location-watch=loud'], /invalid --severity 'location-watch=loud'/],
    [['--severity', 'no-such-rule=off'], /unknown rule 'no-such-rule'/],
    [['--max-file-size', '-5'], /invalid --max-file-size '-5'/],
    [['--max-file-size', 'lots'], /invalid --max-file-size 'lots'/],
    [['--rules', 'no-such-folder'], /--rules 'no-such-folder'/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['--format'], /--format needs a value/],
  ];
  for (const [args, re] of badSettings) {
    it(`CLI ${args.join(' ') || '(empty)'}: exit 2 with a message naming the bad value, no crash`, () => {
      const r = cli(['scan', 'src', ...args], dir);
      assert.strictEqual(r.code, 2, r.stderr);
      assert.match(r.stderr, re);
      assert.strictEqual(r.stdout, '');
    });
  }
});

describe('reliability: rule files stay declarative, globs stay linear', function () {
  this.timeout(10000);

  it('the rule schema has no regular-expression, script or code field', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules', 'schema.json'), 'utf8'));
    const fields: string[] = [];
    const formats: string[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (o.properties && typeof o.properties === 'object') fields.push(...Object.keys(o.properties));
      if (typeof o.format === 'string') formats.push(o.format);
      Object.values(o).forEach(walk);
    };
    walk(schema);
    assert.ok(fields.includes('callee') && fields.includes('matches'), 'schema walk found no rule fields');
    assert.deepStrictEqual(fields.filter((f) => /^(re|regex|regexp|pattern|script|code|eval|js|function)$/i.test(f)), []);
    assert.deepStrictEqual(formats.filter((f) => f === 'regex'), []);
  });

  it('text globs treat regular-expression syntax literally', () => {
    assert.strictEqual(compileTextGlob('a.c')('abc'), false);
    assert.strictEqual(compileTextGlob('a.c')('a.c'), true);
    assert.strictEqual(compileTextGlob('(a+)+$')('aaaa'), false);
    assert.strictEqual(compileTextGlob('(a+)+$')('(a+)+$'), true);
    assert.strictEqual(compileTextGlob('*//ipinfo.io*')('https://ipinfo.io/json'), true);
  });

  it('adversarial globs on long input finish at once (no backtracking blow-up)', () => {
    const many = '*a'.repeat(40) + 'b';
    assert.strictEqual(compileTextGlob(many)('a'.repeat(200000)), false);
    assert.strictEqual(wildcardMatch('*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(MAX_GLOB_SUBJECT)), false);
    assert.strictEqual(compilePathPattern('*a*a*a*a*a*a*a*a*b').match(['a'.repeat(MAX_GLOB_SUBJECT)]), false);
    assert.strictEqual(compileModulePattern('**/*a*a*a*a*a*b/**')('a/'.repeat(500) + 'a'), false);
    assert.strictEqual(compileModulePattern('**/*face*/**')('a/'.repeat(500) + 'a'), false);
    // Subjects past the cap never match a glob: no module name or identifier is that long.
    assert.strictEqual(compileModulePattern('face*')('face' + 'x'.repeat(MAX_GLOB_SUBJECT)), false);
  });

  it('the linear module-glob matcher agrees with minimatch on 20,000 generated cases', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
    let tried = 0;
    const diffs: string[] = [];
    while (tried < 20000) {
      const segs: string[] = [];
      for (let i = 0, k = 1 + Math.floor(rnd() * 3); i < k; i++) {
        let s = '';
        if (rnd() < 0.2) s = '**';
        else for (let j = 0, m = 1 + Math.floor(rnd() * 4); j < m; j++) s += pick(['a', 'b', '*', '?', '-', '.', '@']);
        segs.push(s);
      }
      const pat = segs.join('/');
      if (!/[*?]/.test(pat) || /\*\*\*|[^/]\*\*|\*\*[^/]/.test(pat)) continue;
      const subj: string[] = [];
      for (let i = 0, k = 1 + Math.floor(rnd() * 3); i < k; i++) {
        let s = '';
        for (let j = 0, m = 1 + Math.floor(rnd() * 5); j < m; j++) s += pick(['a', 'b', '-', '.', '@']);
        subj.push(s);
      }
      const name = subj.join('/');
      tried++;
      const mm = new Minimatch(pat, { nocomment: true, nonegate: true, dot: true }).match(name);
      if (compileModulePattern(pat)(name) !== mm) diffs.push(`${pat} ~ ${name}: minimatch ${mm}`);
    }
    assert.deepStrictEqual(diffs.slice(0, 10), []);
  });

  it('callee-segment globs agree with minimatch on identifiers', () => {
    const pats = ['detect*Face*', '*Face*', 'with?ace*', 'compare*', '*'];
    const names = ['detectAllFaces', 'detectSingleFace', 'withFaceLandmarks', 'withRaceX', 'compareFaces', 'Face', '', 'x', 'detectFace'];
    for (const p of pats) {
      const mm = new Minimatch(p, { nocomment: true, nonegate: true, dot: true });
      for (const n of names.filter(Boolean)) assert.strictEqual(compilePathPattern(p).match([n]), mm.match(n), `${p} ~ ${n}`);
    }
  });
});
