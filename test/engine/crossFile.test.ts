import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeText, collectSummaries, refreshSummary, scanPaths } from '../../src/engine';
import * as parse from '../../src/engine/parse';
import { bundled } from '../support/ruleTester';
import { tempTree } from '../support/tempTree';

/** Writes a small project to a temporary folder. */
const project = (files: Record<string, string>) => tempTree(files, 'pbd-flow-');

const FLOW = /^(retention-|sensitive-data-shared)/;

function flowFindings(dir: string) {
  const s = scanPaths(['.'], bundled(), {}, dir);
  return { summary: s, findings: s.results.flatMap((r) => r.findings.filter((f) => FLOW.test(f.ruleId)).map((f) => ({ ...f, file: r.file }))) };
}

const hook = `import { useEffect, useState } from 'react';\n\nexport function useLocation() {\n  const [position, setPosition] = useState<GeolocationPosition | null>(null);\n  useEffect(() => {\n    const id = navigator.geolocation.watchPosition((p) => setPosition(p));\n    return () => navigator.geolocation.clearWatch(id);\n  }, []);\n  return position;\n}\n`;

describe('data flow across files (folder scans)', () => {
  it('a hook in one file, storage in another: the finding sits on the storage call, related points into the hook', () => {
    const dir = project({
      'src/useLocation.ts': hook,
      'src/Profile.tsx': `import { useLocation } from './useLocation';\nexport function Profile() {\n  const pos = useLocation();\n  if (pos) localStorage.setItem('last', JSON.stringify(pos.coords));\n  return null;\n}\n`,
    });
    const { findings } = flowFindings(dir);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}`), ['src/Profile.tsx:4:25 retention-local-storage']);
    assert.strictEqual(findings[0].related[0].file, 'src/useLocation.ts');
    assert.strictEqual(findings[0].related[0].range.start.line, 6);
    assert.ok(findings[0].evidence.chain?.some((s) => s.includes('useLocation() returns it')));
  });

  it('a service class wrapping watchPosition, used by a component that posts coordinates', () => {
    const dir = project({
      'src/location.service.ts': `export class LocationService {\n  watch(onFix: (p: GeolocationPosition) => void) {\n    return navigator.geolocation.watchPosition((p) => onFix(p));\n  }\n}\n`,
      'src/map.component.ts': `import { LocationService } from './location.service';\nexport class MapComponent {\n  constructor(private readonly location: LocationService) {}\n  start() {\n    this.location.watch((p) => {\n      fetch('https://fleet.example.org/track', { method: 'POST', body: JSON.stringify(p.coords) });\n    });\n  }\n}\n`,
    });
    const { findings } = flowFindings(dir);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}`), ['src/map.component.ts:6:7 sensitive-data-shared']);
    assert.ok(findings[0].message.includes('fleet.example.org'));
    assert.deepStrictEqual([findings[0].related[0].file, findings[0].related[0].range.start.line], ['src/location.service.ts', 3]);
  });

  it('an Angular service returning an Observable, a component posting with HttpClient', () => {
    const dir = project({
      'src/app/geolocation.service.ts': `import { Injectable } from '@angular/core';\nimport { Observable } from 'rxjs';\n@Injectable({ providedIn: 'root' })\nexport class GeolocationService {\n  watch(): Observable<GeolocationPosition> {\n    return new Observable((subscriber) => {\n      const id = navigator.geolocation.watchPosition((pos) => subscriber.next(pos));\n      return () => navigator.geolocation.clearWatch(id);\n    });\n  }\n}\n`,
      'src/app/map.component.ts': `import { HttpClient } from '@angular/common/http';\nimport { GeolocationService } from './geolocation.service';\nexport class MapComponent {\n  constructor(private readonly geo: GeolocationService, private readonly http: HttpClient) {}\n  ngOnInit() {\n    this.geo.watch().subscribe((pos) => {\n      this.http.post('https://fleet.example.org/api/track', { lat: pos.coords.latitude }).subscribe();\n      this.http.post('/api/heartbeat', {}).subscribe();\n    });\n  }\n}\n`,
    });
    const { findings } = flowFindings(dir);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} <- ${f.related[0].file}:${f.related[0].range.start.line}`), ['src/app/map.component.ts:7 sensitive-data-shared <- src/app/geolocation.service.ts:7']);
  });

  it('"passes its first argument to localStorage": a store helper reports where the other file calls it with a position', () => {
    const dir = project({
      'store.js': `export function remember(key, value) {\n  localStorage.setItem(key, JSON.stringify(value));\n}\n`,
      'app.js': `import { remember } from './store.js';\nnavigator.geolocation.getCurrentPosition((p) => remember('pos', p.coords));\nremember('theme', 'dark');\n`,
    });
    const { findings } = flowFindings(dir);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} <- ${f.related[0].file}:${f.related[0].range.start.line}`), ['store.js:2 retention-local-storage <- app.js:2']);
  });

  it('module-level state and a chain of three files (CommonJS)', () => {
    const dir = project({
      'state.js': `let last = null;\nfunction onFix(p) { last = p; }\nfunction lastFix() { return last; }\nmodule.exports = { onFix, lastFix };\n`,
      'gps.js': `const { onFix } = require('./state');\nnavigator.geolocation.watchPosition((p) => onFix({ lat: p.coords.latitude, lng: p.coords.longitude }));\n`,
      'sync.js': `const { lastFix } = require('./state');\nexports.sync = () => navigator.sendBeacon('https://collect.example.com/fix', JSON.stringify(lastFix()));\n`,
    });
    const { findings } = flowFindings(dir);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} <- ${f.related[0].file}`), ['sync.js:2 sensitive-data-shared <- gps.js']);
  });

  it('a Mongoose model and a logger defined in other files are recognised, and the model TTL there is honoured', () => {
    const dir = project({
      'models.js': `const mongoose = require('mongoose');\nexports.Ping = mongoose.model('Ping', new mongoose.Schema({ lat: Number }));\nexports.Live = mongoose.model('Live', new mongoose.Schema({ lat: Number, at: { type: Date, expires: 60 } }));\n`,
      'log.js': `const pino = require('pino');\nmodule.exports = pino();\n`,
      'route.js': `const express = require('express');\nconst { Ping, Live } = require('./models');\nconst log = require('./log');\nconst app = express();\napp.post('/p', async (req, res) => {\n  await Ping.create({ lat: req.body.lat });\n  await Live.create({ lat: req.body.lat });\n  log.info({ lat: req.body.lat });\n});\n`,
    });
    const { findings } = flowFindings(dir);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`).sort(), ['route.js:6 retention-mongoose', 'route.js:8 retention-log']);
  });

  it('through a barrel file (export { … } from, export * from)', () => {
    const dir = project({
      'src/hooks/useLocation.ts': hook,
      'src/hooks/index.ts': `export { useLocation } from './useLocation';\n`,
      'src/lib/store.ts': `export function remember(key: string, value: unknown) {\n  localStorage.setItem(key, JSON.stringify(value));\n}\n`,
      'src/lib/index.ts': `export * from './store';\n`,
      'src/App.tsx': `import { useLocation } from './hooks';\nimport { remember } from './lib';\nexport function App() {\n  const pos = useLocation();\n  if (pos) remember('pos', pos.coords);\n  return null;\n}\n`,
    });
    const { findings } = flowFindings(dir);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} <- ${f.related[0].file}`), ['src/lib/store.ts:2 retention-local-storage <- src/hooks/useLocation.ts']);
  });

  it('only files that another file can taint are analysed again: a pass-through helper taints no importer by itself', () => {
    const dir = project({
      'fmt.js': `export function fmt(x) {\n  return String(x);\n}\n`,
      'gps.js': `import { fmt } from './fmt.js';\nnavigator.geolocation.getCurrentPosition((p) => fetch('https://t.example.com/p?q=' + fmt(p.coords.latitude)));\n`,
      'label.js': `import { fmt } from './fmt.js';\nexport const label = (n) => console.log(fmt(n));\n`,
      'where.js': `import { here } from './here.js';\nexport const show = () => localStorage.setItem('here', JSON.stringify(here()));\n`,
      'here.js': `export function here() {\n  let last;\n  navigator.geolocation.getCurrentPosition((p) => { last = p.coords; });\n  return last;\n}\n`,
    });
    const { summary, findings } = flowFindings(dir);
    const sums = summary.summaries!;
    // fmt.js receives a position from gps.js; where.js imports an export that returns one; label.js only formats numbers.
    assert.deepStrictEqual(['fmt.js', 'gps.js', 'label.js', 'where.js', 'here.js'].map((f) => `${f} ${sums.affects(f)}`), ['fmt.js true', 'gps.js false', 'label.js false', 'where.js true', 'here.js false']);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`).sort(), ['gps.js:2 sensitive-data-shared', 'where.js:2 retention-local-storage']);
  });

  it('summaries grow from the sources along the flows only, over as many rounds as the chain needs', () => {
    const dir = project({
      // Round 1: the source. Round 2: its importer (it returns a position). Round 3: the barrel the importer calls
      // with it. Round 4: the file behind the barrel. Round 5: the helper that file passes the position to.
      'gps.js': `export function fix() {\n  let last;\n  navigator.geolocation.getCurrentPosition((p) => { last = p.coords; });\n  return last;\n}\nexport const unit = 'deg';\n`,
      'track.js': `import { fix } from './gps.js';\nimport { keep } from './lib/index.js';\nimport { pad } from './pad.js';\nexport const go = () => keep(pad(1), fix());\n`,
      'lib/index.js': `export * from './keep.js';\n`,
      'lib/keep.js': `import { put } from '../put.js';\nexport function keep(k, v) {\n  put(k, v);\n}\n`,
      'put.js': `export function put(k, v) {\n  localStorage.setItem(k, JSON.stringify(v));\n}\n`,
      // In the same import graph, but no position reaches it: not summarised.
      'pad.js': `export const pad = (n) => String(n).padStart(2, '0');\n`,
      // An importer of a file that hands out positions is summarised, whichever name it imports.
      'label.js': `import { unit } from './gps.js';\nimport { pad } from './pad.js';\nexport const label = (n) => pad(n) + unit;\n`,
    });
    const prepared = bundled();
    const { summary, findings } = flowFindings(dir);
    assert.deepStrictEqual([...summary.summaries!.files.keys()].sort(), ['gps.js', 'label.js', 'lib/index.js', 'lib/keep.js', 'put.js', 'track.js']);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} <- ${f.related[0].file}`), ['put.js:2 retention-local-storage <- gps.js']);
    // Summarising every file finds the same.
    const all = scanPaths(['.'], prepared, { prefilter: false }, dir);
    assert.strictEqual(all.summaries!.files.size, 7);
    assert.deepStrictEqual(
      all.results.map((r) => [r.file, r.findings]),
      summary.results.map((r) => [r.file, r.findings]),
    );
  });

  it('a file whose source token is a false alarm is summarised only when a sensitive value reaches it', () => {
    const dir = project({
      // Names the geolocation API in a string only: a source token, but no source call.
      'help.js': `import { fmt } from './fmt.js';\nexport const hint = 'uses navigator.geolocation.getCurrentPosition';\nexport function show(x) {\n  return fmt(x);\n}\n`,
      'fmt.js': `export function fmt(x) {\n  return String(x);\n}\n`,
      'gps.js': `import { show } from './help.js';\nnavigator.geolocation.getCurrentPosition((p) => localStorage.setItem('p', show(p.coords)));\n`,
      // Same false alarm, and no position ever reaches it.
      'about.js': `import { fmt } from './fmt.js';\nexport const about = () => fmt('navigator.geolocation.watchPosition is not called here');\n`,
    });
    const { summary, findings } = flowFindings(dir);
    assert.deepStrictEqual([...summary.summaries!.files.keys()].sort(), ['fmt.js', 'gps.js', 'help.js']);
    assert.deepStrictEqual(findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`), ['gps.js:2 retention-local-storage']);
    const all = scanPaths(['.'], bundled(), { prefilter: false }, dir);
    assert.deepStrictEqual(
      all.results.map((r) => [r.file, r.findings]),
      summary.results.map((r) => [r.file, r.findings]),
    );
  });

  it('the flow fixtures give the same findings with summaries grown on demand and with every file summarised', () => {
    const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'flow');
    for (const app of fs.readdirSync(fixtures)) {
      const dir = path.join(fixtures, app);
      const demand = scanPaths(['.'], bundled(), {}, dir);
      const all = scanPaths(['.'], bundled(), { prefilter: false }, dir);
      assert.ok(all.results.some((r) => r.findings.length), `${app}: no findings, the comparison would be empty`);
      assert.deepStrictEqual(
        demand.results.map((r) => [r.file, r.findings]),
        all.results.map((r) => [r.file, r.findings]),
        app,
      );
    }
  });

  it('parses each file once: the summary pass keeps its parses for the analysis pass', () => {
    const dir = project({ 'src/useLocation.ts': hook, 'src/Profile.tsx': `import { useLocation } from './useLocation';\nexport const P = () => { const p = useLocation(); localStorage.setItem('p', String(p?.coords.latitude)); return null; };\n` });
    const original = parse.parseFile;
    const counts = new Map<string, number>();
    (parse as { parseFile: typeof parse.parseFile }).parseFile = (text, file) => {
      counts.set(file, (counts.get(file) ?? 0) + 1);
      return original(text, file);
    };
    try {
      const { findings } = flowFindings(dir);
      assert.strictEqual(findings.length, 1);
    } finally {
      (parse as { parseFile: typeof parse.parseFile }).parseFile = original;
    }
    assert.deepStrictEqual([...counts.values()], [1, 1]);
  });

  it('single-file analysis in the editor uses the last scan summaries', () => {
    const dir = project({ 'src/useLocation.ts': hook, 'src/Profile.tsx': `import { useLocation } from './useLocation';\nexport const P = () => { const p = useLocation(); return p; };\n` });
    const { summary } = flowFindings(dir);
    assert.ok(summary.summaries);
    const edited = `import { useLocation } from './useLocation';\nexport const P = () => { const p = useLocation(); localStorage.setItem('p', JSON.stringify(p)); return p; };\n`;
    const without = analyzeText(edited, 'src/Profile.tsx', bundled()).findings.filter((f) => FLOW.test(f.ruleId));
    const withSummaries = analyzeText(edited, 'src/Profile.tsx', bundled(), { summaries: summary.summaries }).findings.filter((f) => FLOW.test(f.ruleId));
    assert.deepStrictEqual(without.length, 0);
    assert.deepStrictEqual(withSummaries.map((f) => `${f.range.start.line} ${f.related[0].file}`), ['2 src/useLocation.ts']);
  });
});

/** Every finding of a folder scan as `file:line ruleId`, with and without the prefilter (which must agree). */
function scanBoth(dir: string): string[] {
  const key = (prefilter: boolean) => scanPaths(['.'], bundled(), { prefilter }, dir).results.flatMap((r) => r.findings.map((f) => `${r.file}:${f.range.start.line} ${f.ruleId}`)).sort();
  const on = key(true);
  assert.deepStrictEqual(on, key(false), 'the prefilter changes no finding');
  return on;
}

describe('library objects made in one file and used in another (folder scans)', () => {
  it('a Milvus client exported by a module: its importers enrol into and search a face collection', () => {
    const dir = project({
      'src/milvus.js': `import { MilvusClient } from '@zilliz/milvus2-sdk-node'\nlet milvus = null\ntry { milvus = new MilvusClient(process.env.MILVUS_URL) } catch (e) { console.error(e) }\nexport default milvus\n`,
      'src/faces.js': `import milvus from './milvus.js'\nexport const enrol = (rows) => milvus.dataManager.insert({ collection_name: 'faces', fields_data: rows })\nexport const who = (v) => milvus.dataManager.search({ collection_name: 'faces', vectors: [v] })\nexport const docs = (rows) => milvus.insert({ collection_name: 'articles', data: rows })\n`,
    });
    assert.deepStrictEqual(scanBoth(dir), ['src/faces.js:2 face-enrolment', 'src/faces.js:3 face-identification']);
  });

  it('a configured SDK re-exported by a config module (module.exports = AWS): Rekognition calls in another file', () => {
    const dir = project({
      'server/aws-config.js': `const AWS = require('aws-sdk');\nAWS.config.update({ region: process.env.AWS_REGION });\nmodule.exports = AWS;\n`,
      'server/utils/rekognition.js': `const AWS = require('../aws-config');\nconst rekognition = new AWS.Rekognition();\nexports.search = (bytes) => rekognition.searchFacesByImage({ CollectionId: 'staff', Image: { Bytes: bytes } }).promise();\n`,
      'server/utils/s3.js': `const AWS = require('../aws-config');\nconst s3 = new AWS.S3();\nexports.upload = (k, b) => s3.putObject({ Bucket: 'b', Key: k, Body: b }).promise();\n`,
    });
    assert.deepStrictEqual(scanBoth(dir), ['server/utils/rekognition.js:3 face-identification']);
  });

  it('through a barrel and a named export', () => {
    const dir = project({
      'lib/clients.ts': `import { QdrantClient } from '@qdrant/js-client-rest';\nexport const qdrant = new QdrantClient({ url: 'http://localhost:6333' });\n`,
      'lib/index.ts': `export { qdrant } from './clients';\n`,
      'app/match.ts': `import { qdrant } from '../lib';\nexport const who = (vector: number[]) => qdrant.search('faces', { vector, limit: 1 });\n`,
    });
    assert.deepStrictEqual(scanBoth(dir), ['app/match.ts:2 face-identification']);
  });

  it('a flow sink on an imported client (a Supabase client from lib/): the position written there is reported with and without the prefilter', () => {
    const dir = project({
      'lib/supabase.ts': `import { createClient } from '@supabase/supabase-js';\nexport const supabase = createClient(process.env.URL!, process.env.KEY!);\n`,
      'track.ts': `import * as Location from 'expo-location';\nimport { supabase } from './lib/supabase';\nexport async function sync(id: string) {\n  const { coords } = await Location.getCurrentPositionAsync({});\n  await supabase.from('drivers').update({ lat: coords.latitude, lng: coords.longitude }).eq('id', id);\n}\n`,
    });
    assert.deepStrictEqual(scanBoth(dir), ['track.ts:4 location-once', 'track.ts:5 retention-database']);
  });

  it('look-alikes stay quiet: an app module of the same shape for another library, a local object, a method any object has', () => {
    const dir = project({
      'db.js': `const { Pool } = require('pg');\nmodule.exports = new Pool();\n`,
      'camera.js': `import Webcam from 'react-webcam';\nexport const cam = Webcam;\n`,
      'store.js': `export default { insert: (x) => x, search: (x) => x };\n`,
      'use.js': `const db = require('./db');\nimport store from './store.js';\nimport { cam } from './camera.js';\ndb.query('select 1');\nstore.insert({ collection_name: 'faces' });\nstore.search({ collection_name: 'faces' });\ncam.getScreenshot();\n`,
    });
    assert.deepStrictEqual(scanBoth(dir), []);
  });

  it('single-file analysis in the editor links the imported client through the last scan summaries', () => {
    const dir = project({
      'src/milvus.js': `import { MilvusClient } from '@zilliz/milvus2-sdk-node'\nexport default new MilvusClient(process.env.MILVUS_URL)\n`,
      'src/faces.js': `import milvus from './milvus.js'\nexport const who = (v) => v\n`,
    });
    const scan = scanPaths(['.'], bundled(), {}, dir);
    assert.ok(scan.summaries?.files.has('src/milvus.js'));
    const edited = `import milvus from './milvus.js'\nexport const who = (v) => milvus.search({ collection_name: 'faces', data: [v] })\n`;
    assert.deepStrictEqual(analyzeText(edited, 'src/faces.js', bundled()).findings.map((f) => f.ruleId), []);
    assert.deepStrictEqual(analyzeText(edited, 'src/faces.js', bundled(), { summaries: scan.summaries }).findings.map((f) => `${f.range.start.line} ${f.ruleId}`), ['2 face-identification']);
  });
});

describe('path aliases (tsconfig/jsconfig paths)', () => {
  it('an aliased import links files as a relative one does: a hook, a client and a library object behind @/ (tsconfig with comments and trailing commas)', () => {
    const dir = project({
      'tsconfig.json': `{\n  // Next.js default\n  "compilerOptions": {\n    "baseUrl": ".",\n    "paths": { "@/*": ["./src/*"], },\n  },\n}\n`,
      'src/lib/supabase.ts': `import { createClient } from '@supabase/supabase-js';\nexport const supabase = createClient(process.env.URL!, process.env.KEY!);\n`,
      'src/lib/milvus.ts': `import { MilvusClient } from '@zilliz/milvus2-sdk-node';\nexport default new MilvusClient(process.env.MILVUS_URL!);\n`,
      'src/hooks/useLocation.ts': hook,
      'src/app/page.tsx': `import { useLocation } from '@/hooks/useLocation';\nimport { supabase } from '@/lib/supabase';\nimport milvus from '@/lib/milvus';\nexport default function Page() {\n  const pos = useLocation();\n  if (pos) supabase.from('trail').insert({ lat: pos.coords.latitude });\n  const who = (v: number[]) => milvus.search({ collection_name: 'faces', data: [v] });\n  return null;\n}\n`,
    });
    assert.deepStrictEqual(scanBoth(dir), ['src/app/page.tsx:6 retention-database', 'src/app/page.tsx:7 face-identification', 'src/hooks/useLocation.ts:6 location-watch']);
  });

  it("in a monorepo the nearest config applies (apps/web's @/ is its own src/, not the root's); without a config @/ stays a package", () => {
    const app = {
      'apps/web/jsconfig.json': `{ "compilerOptions": { "paths": { "@/*": ["src/*"] } } }`,
      'apps/web/src/lib/milvus.js': `import { MilvusClient } from '@zilliz/milvus2-sdk-node';\nexport default new MilvusClient(process.env.MILVUS_URL);\n`,
      'apps/web/src/faces.js': `import milvus from '@/lib/milvus';\nexport const who = (v) => milvus.search({ collection_name: 'faces', data: [v] });\n`,
    };
    const dir = project({ ...app, 'tsconfig.json': `{ "compilerOptions": { "paths": { "@/*": ["./elsewhere/*"], "*": ["./types/*"] } } }` });
    assert.deepStrictEqual(scanBoth(dir), ['apps/web/src/faces.js:2 face-identification']);
    const bare = project({ 'apps/web/src/lib/milvus.js': app['apps/web/src/lib/milvus.js'], 'apps/web/src/faces.js': app['apps/web/src/faces.js'] });
    assert.deepStrictEqual(scanBoth(bare), []);
  });
});

describe('refreshing one summary after an edit (the editor, after a workspace scan)', () => {
  const position = `export function currentPosition() {\n  return new Promise((resolve, reject) => navigator.geolocation.getCurrentPosition(resolve, reject));\n}\n`;
  const report = `import { currentPosition } from './position.js';\nexport async function reportVisit() {\n  const pos = await currentPosition();\n  await fetch('https://analytics.example.com/visit', { method: 'POST', body: JSON.stringify({ lat: pos.coords.latitude }) });\n}\n`;

  it('a saved file that no longer returns a position stops the flow in the files that import it, and back', () => {
    const dir = project({ 'src/position.js': position, 'src/report.js': report });
    const abs = (f: string) => path.join(dir, f);
    const files = ['src/position.js', 'src/report.js'].map((f) => ({ abs: abs(f), display: abs(f) }));
    const { summaries } = collectSummaries(files, bundled());
    const shared = () => analyzeText(report, abs('src/report.js'), bundled(), { summaries }).findings.filter((f) => f.ruleId === 'sensitive-data-shared').map((f) => f.range.start.line);
    const exists = (f: string) => fs.existsSync(f);
    assert.deepStrictEqual(shared(), [4]);

    const fixed = `export function currentPosition() {\n  return Promise.resolve({ coords: { latitude: 0, longitude: 0 } });\n}\n`;
    assert.strictEqual(refreshSummary(summaries, abs('src/position.js'), fixed, bundled(), exists), true);
    assert.deepStrictEqual(shared(), []);
    assert.strictEqual(refreshSummary(summaries, abs('src/position.js'), fixed, bundled(), exists), false, 'the same text changes nothing');

    assert.strictEqual(refreshSummary(summaries, abs('src/position.js'), 'export function currentPosition( {', bundled(), exists), false, 'a text that does not parse keeps the summary');
    assert.deepStrictEqual(shared(), []);
    assert.strictEqual(refreshSummary(summaries, abs('src/position.js'), position, bundled(), exists), true);
    assert.deepStrictEqual(shared(), [4]);
    assert.strictEqual(refreshSummary(summaries, abs('src/other.js'), position, bundled(), exists), false, 'a file the scan did not summarise needs a new scan');
  });
});
