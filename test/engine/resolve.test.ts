import * as assert from 'assert';
import { parseFile } from '../../src/engine/parse';
import { FileModel } from '../../src/engine/resolve';
import { hitsOf, inlineRules } from '../support/inlineRules';

const rules = inlineRules([
  { id: 'imp', match: { import: ['face-api.js', '@vladmandic/*', 'aws-sdk'] } },
  { id: 'detect', match: { call: { module: ['face-api.js', '@vladmandic/face-api'], callee: ['detectAllFaces', 'detectSingleFace'] } } },
  { id: 'emo', match: { call: { module: 'face-api.js', callee: ['detect*Face*().**.withFaceExpressions'] } } },
  { id: 'cmp', match: { call: { module: 'aws-sdk', callee: ['Rekognition().compareFaces'] } } },
  { id: 'cmd', match: { call: { module: '@aws-sdk/client-rekognition', callee: ['CompareFacesCommand'], new: true } } },
  { id: 'watch', match: { call: { global: true, callee: ['navigator.geolocation.watchPosition'] } } },
  { id: 'send', match: { call: { module: '@aws-sdk/client-rekognition', callee: ['RekognitionClient().send'] } } },
]);

function only(id: string, code: string, file = 'test.ts'): string[] {
  return hitsOf(rules, code, file).filter((h) => h.startsWith(id + '@'));
}

describe('engine: binding resolution', () => {
  describe('ESM imports', () => {
    it('namespace import', () => assert.deepStrictEqual(only('detect', `import * as faceapi from 'face-api.js';\nfaceapi.detectAllFaces(v);`), ['detect@2:9']));
    it('default import', () => assert.deepStrictEqual(only('detect', `import faceapi from 'face-api.js';\nfaceapi.detectAllFaces(v);`), ['detect@2:9']));
    it('named import with alias', () => assert.deepStrictEqual(only('detect', `import { detectAllFaces as daf } from 'face-api.js';\ndaf(v);`), ['detect@2:1']));
    it('scoped package fork', () => assert.deepStrictEqual(only('detect', `import * as fa from '@vladmandic/face-api';\nfa.detectSingleFace(v);`), ['detect@2:4']));
    it('import of a subpath counts as the package', () => assert.deepStrictEqual(only('imp', `import x from 'face-api.js/dist/face-api.esm.js';`), ['imp@1:15']));
    it('a path into node_modules resolves to the package (import, require, import())', () => {
      assert.deepStrictEqual(only('detect', `import * as faceapi from '../node_modules/face-api.js/dist/face-api.js';\nfaceapi.detectAllFaces(v);`), ['detect@2:9']);
      assert.deepStrictEqual(only('detect', `const faceapi = require('/srv/app/node_modules/face-api.js');\nfaceapi.detectAllFaces(v);`), ['detect@2:9']);
      assert.deepStrictEqual(only('detect', `const faceapi = await import('./node_modules/face-api.js');\nfaceapi.detectAllFaces(v);`), ['detect@2:9']);
      assert.deepStrictEqual(only('detect', `import * as faceapi from '../vendor_node_modules/face-api.js/build/index';\nfaceapi.detectAllFaces(v);`), []);
    });
    it('a path or URL to a vendored bundle of a library resolves to the library (globals.json `bundles`)', () => {
      assert.deepStrictEqual(only('detect', `import * as faceapi from '../vendor/face-api.esm.js';\nfaceapi.detectAllFaces(v);`), ['detect@2:9']);
      assert.deepStrictEqual(only('detect', `const faceapi = require('./face-api.min.js');\nfaceapi.detectSingleFace(v);`, 'a.js'), ['detect@2:9']);
      assert.deepStrictEqual(only('detect', `const { detectAllFaces } = await import('https://cdn.example.org/x/face-api.esm.js?v=1');\ndetectAllFaces(v);`), ['detect@2:1']);
      assert.deepStrictEqual(only('imp', `import H from '../../dist/human.esm.js';\nimport x from './face-api';\nimport y from 'other-lib/dist/face-api.esm.js';`), ['imp@1:15']);
    });
    it('export … from is an import', () => assert.deepStrictEqual(only('imp', `export { detectAllFaces } from 'face-api.js';\nexport * from 'aws-sdk';`), ['imp@1:32', 'imp@2:15']));
    it('dynamic import()', () => {
      assert.deepStrictEqual(only('imp', `const m = await import('face-api.js');`), ['imp@1:24']);
      assert.deepStrictEqual(only('detect', `const faceapi = await import('face-api.js');\nfaceapi.detectAllFaces(v);`), ['detect@2:9']);
      assert.deepStrictEqual(only('detect', `const { detectAllFaces } = await import('face-api.js');\ndetectAllFaces(v);`), ['detect@2:1']);
    });
    it('the first parameter of a then callback on import() is the module (lazy loading), destructured too', () => {
      assert.deepStrictEqual(only('detect', `import('face-api.js').then((faceapi) => faceapi.detectAllFaces(v));`), ['detect@1:49']);
      assert.deepStrictEqual(only('detect', `import('face-api.js').then(({ detectSingleFace }) => detectSingleFace(v));`), ['detect@1:54']);
      assert.deepStrictEqual(only('detect', `import('./local.js').then((m) => m.detectAllFaces(v));\nfetch(u).then((faceapi) => faceapi.detectAllFaces(v));\nimport('face-api.js').then(ok, (faceapi) => faceapi.detectAllFaces(v));`), []);
    });
    it('TS import-equals', () => assert.deepStrictEqual(only('detect', `import faceapi = require('face-api.js');\nfaceapi.detectAllFaces(v);`), ['detect@2:9']));
    it('chained calls', () =>
      assert.deepStrictEqual(only('emo', `import * as faceapi from 'face-api.js';\nawait faceapi.detectAllFaces(v).withFaceLandmarks().withFaceExpressions();`), ['emo@2:53']));
  });

  describe('CommonJS', () => {
    it('plain require', () => assert.deepStrictEqual(only('cmp', `const AWS = require('aws-sdk');\nconst r = new AWS.Rekognition();\nr.compareFaces(p);`, 'a.js'), ['cmp@3:3']));
    it('destructured require', () => assert.deepStrictEqual(only('cmp', `const { Rekognition } = require('aws-sdk');\nnew Rekognition().compareFaces(p);`, 'a.js'), ['cmp@2:19']));
    it("require('x').y", () => assert.deepStrictEqual(only('cmp', `const Rek = require('aws-sdk').Rekognition;\nconst r = new Rek({});\nr.compareFaces(p, cb);`, 'a.cjs'), ['cmp@3:3']));
    it("require('x').default", () => assert.deepStrictEqual(only('detect', `const faceapi = require('face-api.js').default;\nfaceapi.detectAllFaces(v);`, 'a.js'), ['detect@2:9']));
    it('a shadowed require is not a module load', () =>
      assert.deepStrictEqual(only('imp', `function f(require) { return require('aws-sdk'); }`, 'a.js'), []));
  });

  describe('instances and re-assignment', () => {
    it('const alias of a client', () =>
      assert.deepStrictEqual(only('cmp', `import AWS from 'aws-sdk';\nconst client = new AWS.Rekognition();\nconst c = client;\nc.compareFaces(p);`), ['cmp@4:3']));
    it('let assigned later', () =>
      assert.deepStrictEqual(only('cmp', `import AWS from 'aws-sdk';\nlet c;\nc = new AWS.Rekognition();\nc.compareFaces(p);`), ['cmp@4:3']));
    it('React state typed with an imported class holds an instance (`useState<Rekognition | null>`)', () => {
      const code = `import { useState } from 'react';\nimport type { Rekognition } from 'aws-sdk';\nexport function App() {\n  const [client, setClient] = useState<Rekognition | null>(null);\n  client?.compareFaces(p);\n  const [other] = React.useState<Rekognition>();\n  other.compareFaces(p);\n}`;
      assert.deepStrictEqual(only('cmp', code, 'a.tsx'), ['cmp@5:11', 'cmp@7:9']);
    });
    it('a type with no import (a local interface named like a library global) is no library instance', () => {
      const code = `interface faceapi { detectAllFaces(v: unknown): void }\nlet f: faceapi;\nf.detectAllFaces(v);\nconst [g] = useState<faceapi>();\ng.detectAllFaces(v);`;
      assert.deepStrictEqual(only('detect', code), []);
    });
    it('new X().method()', () => assert.deepStrictEqual(only('cmp', `import { Rekognition } from 'aws-sdk';\nnew Rekognition().compareFaces(p);`), ['cmp@2:19']));
    it('client.send(new Command())', () => {
      const code = `import { RekognitionClient, CompareFacesCommand } from '@aws-sdk/client-rekognition';\nconst client = new RekognitionClient({});\nawait client.send(new CompareFacesCommand({}));`;
      assert.deepStrictEqual(only('cmd', code), ['cmd@3:19']);
      assert.deepStrictEqual(only('send', code), ['send@3:14']);
    });
    it('class field and this.member', () => {
      const code = `import { Rekognition } from 'aws-sdk';\nclass Faces {\n  private rek = new Rekognition();\n  run() { return this.rek.compareFaces(p); }\n}`;
      assert.deepStrictEqual(only('cmp', code), ['cmp@4:27']);
    });
    it('assigned in the constructor', () => {
      const code = `import { Rekognition } from 'aws-sdk';\nclass Faces {\n  constructor() { this.rek = new Rekognition(); }\n  run() { return this.rek.compareFaces(p); }\n}`;
      assert.deepStrictEqual(only('cmp', code), ['cmp@4:27']);
    });
    it('typed parameter and constructor parameter property', () => {
      const code = `import { RekognitionClient } from '@aws-sdk/client-rekognition';\nfunction go(c: RekognitionClient) { return c.send(x); }\nclass S { constructor(private readonly client: RekognitionClient) {}\n  run() { return this.client.send(x); } }`;
      assert.deepStrictEqual(only('send', code), ['send@2:46', 'send@4:30']);
    });
  });

  describe('globals', () => {
    it('navigator.geolocation and its spellings', () => {
      const code = [
        `navigator.geolocation.watchPosition(cb);`,
        `window.navigator.geolocation.watchPosition(cb);`,
        `globalThis.navigator.geolocation.watchPosition(cb);`,
        `self.navigator.geolocation.watchPosition(cb);`,
        `navigator?.geolocation?.watchPosition(cb);`,
        `navigator['geolocation']['watchPosition'](cb);`,
      ].join('\n');
      assert.deepStrictEqual(only('watch', code), ['watch@1:23', 'watch@2:30', 'watch@3:34', 'watch@4:28', 'watch@5:25', 'watch@6:26']);
    });
    it('destructured global', () => assert.deepStrictEqual(only('watch', `const { geolocation } = navigator;\ngeolocation.watchPosition(cb);`), ['watch@2:13']));
    it('alias of a global object', () => assert.deepStrictEqual(only('watch', `const geo = window.navigator.geolocation;\ngeo.watchPosition(cb);`), ['watch@2:5']));
    it('library global (faceapi) resolves to its module', () => assert.deepStrictEqual(only('detect', `faceapi.detectAllFaces(v);`, 'a.js'), ['detect@1:9']));
    it('a declared faceapi variable is not the library', () => assert.deepStrictEqual(only('detect', `const faceapi = { detectAllFaces() {} };\nfaceapi.detectAllFaces(v);`), []));
  });

  describe('look-alikes stay quiet', () => {
    it('a local function named watchPosition', () => assert.deepStrictEqual(only('watch', `function watchPosition(cb) {}\nwatchPosition(cb);`), []));
    it('a local object with a geolocation member', () => assert.deepStrictEqual(only('watch', `const navigator = { geolocation: { watchPosition() {} } };\nnavigator.geolocation.watchPosition(cb);`), []));
    it('window.location', () => assert.deepStrictEqual(hitsOf(rules, `window.location.assign('/');\nconst h = location.href;`), []));
    it('@font-face in a CSS string', () => assert.deepStrictEqual(hitsOf(rules, `const css = '@font-face { font-family: x }';`), []));
    it('a compareFaces that sorts cards', () => assert.deepStrictEqual(hitsOf(rules, `function compareFaces(a, b) { return a.rank - b.rank; }\ncards.sort(compareFaces);\ncompareFaces(c1, c2);`), []));
    it('a fingerprint that hashes a build', () =>
      assert.deepStrictEqual(hitsOf(rules, `import * as crypto from 'crypto';\nexport const fingerprint = crypto.createHash('sha256').update(src).digest('hex');`), []));
    it('compareFaces on an unknown object', () => assert.deepStrictEqual(only('cmp', `game.compareFaces(a, b);`), []));
  });
});

describe('engine: the scope model keeps nodes by kind', () => {
  it('calls, member reads, module references and the flow index nodes are exactly those kinds, in walk order', () => {
    const code = [
      "import * as faceapi from 'face-api.js';",
      "import x = require('y');",
      "export * from './all';",
      "export { a } from './a';",
      'export const k = 1;',
      'export default function f() { return faceapi.nets.x; }',
      'const m = require("m"); const g = (p) => p * 2;',
      'class C { v = 1; m() { for (const q of [1]) this.v = q; } }',
      "async function h() { const r = await import('./lazy'); return new r.D(); }",
    ].join('\n');
    const parsed = parseFile(code, 'kinds.ts');
    assert.ok(!('error' in parsed));
    const model = new FileModel(parsed.ast);
    const of = (types: string[], extra: (n: { type: string; name?: string }) => boolean = () => false) => model.nodes.filter((n) => types.includes(n.type) || extra(n as { type: string; name?: string }));
    assert.deepStrictEqual(model.calls, of(['CallExpression', 'NewExpression']));
    assert.deepStrictEqual(model.members, of(['MemberExpression']));
    assert.deepStrictEqual(model.moduleRefs, of(['ImportDeclaration', 'TSImportEqualsDeclaration', 'ExportAllDeclaration', 'ExportNamedDeclaration', 'ImportExpression']));
    const flowKinds = ['ReturnStatement', 'ArrowFunctionExpression', 'CallExpression', 'NewExpression', 'AssignmentExpression', 'ForOfStatement', 'VariableDeclarator', 'MethodDefinition', 'PropertyDefinition', 'ImportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration'];
    assert.deepStrictEqual(model.flowNodes, of(flowKinds, (n) => n.type === 'Identifier' && n.name === 'require'));
    for (const list of [model.calls, model.members, model.moduleRefs, model.flowNodes]) assert.ok(list.length > 0);
  });
});
