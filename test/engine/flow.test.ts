import * as assert from 'assert';
import { findingsFor } from '../support/ruleTester';

/**
 * Taint tracking, one propagation step at a time. Every case stores a value in localStorage (the
 * starter rule) and checks where the finding sits, that its related location points at the
 * source call, and which steps the evidence chain names. Each has a twin that must stay quiet.
 */
interface FlowCase {
  name: string;
  code: string;
  /** Finding on the sink: line and column of the called property. */
  at?: [number, number];
  /** Related location: line and column of the source call. */
  source?: [number, number];
  /** Substrings the evidence chain must contain, in order. */
  chain?: string[];
  filename?: string;
  rule?: string;
}

const RULE = 'retention-local-storage';

const flagged: FlowCase[] = [
  {
    name: 'callback parameter, same function (the starter rule)',
    code: `navigator.geolocation.getCurrentPosition((pos) => {\n  localStorage.setItem('last', pos.coords.latitude);\n});`,
    at: [2, 16],
    source: [1, 23],
    chain: ['position from navigator.geolocation.getCurrentPosition (line 1)', 'localStorage.setItem (line 2)'],
  },
  {
    name: 'destructuring',
    code: `navigator.geolocation.getCurrentPosition(({ coords }) => {\n  const { latitude: lat, longitude } = coords;\n  localStorage.setItem('lat', lat);\n});`,
    at: [3, 16],
    source: [1, 23],
    chain: ["'lat' (line 2)"],
  },
  {
    name: 'property access',
    code: `navigator.geolocation.watchPosition((p) => {\n  const c = p.coords;\n  localStorage.setItem('lng', c.longitude.toFixed(5));\n});`,
    at: [3, 16],
    source: [1, 23],
    chain: ["'c' (line 2)"],
  },
  {
    name: 'object literal and spread',
    code: `navigator.geolocation.watchPosition((p) => {\n  const fix = { ...p.coords, at: Date.now() };\n  localStorage.setItem('fix', JSON.stringify(fix));\n});`,
    at: [3, 16],
    chain: ["'fix' (line 2)"],
  },
  {
    name: 'array literal and spread',
    code: `const trail: unknown[] = [];\nnavigator.geolocation.watchPosition((p) => {\n  const next = [...trail, [p.coords.latitude, p.coords.longitude]];\n  localStorage.setItem('trail', JSON.stringify(next));\n});`,
    at: [4, 16],
    chain: ["'next' (line 3)"],
  },
  {
    name: 'template literal',
    code: 'navigator.geolocation.getCurrentPosition((p) => {\n  const s = `${p.coords.latitude},${p.coords.longitude}`;\n  localStorage.setItem("s", s);\n});',
    at: [3, 16],
    chain: ["'s' (line 2)"],
  },
  {
    name: 'JSON.stringify',
    code: `navigator.geolocation.getCurrentPosition((p) => localStorage.setItem('p', JSON.stringify(p.coords)));`,
    at: [1, 62],
    source: [1, 23],
  },
  {
    name: 're-assignment of a module-level variable, stored from another function',
    code: `let last = null;\nnavigator.geolocation.watchPosition((p) => { last = p; });\nexport function persist() {\n  localStorage.setItem('last', JSON.stringify(last));\n}`,
    at: [4, 16],
    source: [2, 23],
    chain: ["'last' (line 2)"],
  },
  {
    name: 'parameter of a function in the same file',
    code: `function save(key: string, value: unknown) {\n  localStorage.setItem(key, JSON.stringify(value));\n}\nnavigator.geolocation.getCurrentPosition((p) => save('pos', p.coords));`,
    at: [2, 16],
    source: [4, 23],
    chain: ['save() (line 4)'],
  },
  {
    name: 'return value of a function in the same file',
    code: `function toFix(p: GeolocationPosition) {\n  return { lat: p.coords.latitude, lng: p.coords.longitude };\n}\nnavigator.geolocation.getCurrentPosition((p) => {\n  localStorage.setItem('fix', JSON.stringify(toFix(p)));\n});`,
    at: [5, 16],
    chain: ['toFix() returns it (line 5)'],
  },
  {
    name: 'promise callback (.then) on a promisified getCurrentPosition',
    code: `function current(): Promise<GeolocationPosition> {\n  return new Promise((resolve, reject) => navigator.geolocation.getCurrentPosition(resolve, reject));\n}\ncurrent().then((p) => localStorage.setItem('p', JSON.stringify(p.coords)));`,
    at: [4, 36],
    source: [2, 65],
  },
  {
    name: 'async/await',
    code: `import * as Location from 'expo-location';\nexport async function remember() {\n  const loc = await Location.getCurrentPositionAsync({});\n  localStorage.setItem('loc', JSON.stringify(loc.coords));\n}`,
    at: [4, 16],
    source: [3, 30],
    chain: ["position from Location.getCurrentPositionAsync (line 3)", "'loc' (line 3)"],
  },
  {
    name: 'React useState setter',
    code: `import { useEffect, useState } from 'react';\nexport function Map() {\n  const [pos, setPos] = useState<GeolocationPosition | null>(null);\n  useEffect(() => {\n    const id = navigator.geolocation.watchPosition((p) => setPos(p));\n    return () => navigator.geolocation.clearWatch(id);\n  }, []);\n  useEffect(() => {\n    if (pos) localStorage.setItem('pos', JSON.stringify(pos.coords));\n  }, [pos]);\n  return null;\n}`,
    filename: 'Map.tsx',
    at: [9, 27],
    source: [5, 38],
    chain: ['setPos() (line 5)'],
  },
  {
    name: 'class field written in one method, stored in another',
    code: `export class Tracker {\n  private last?: GeolocationPosition;\n  start() {\n    navigator.geolocation.watchPosition((p) => { this.last = p; });\n  }\n  save() {\n    localStorage.setItem('last', JSON.stringify(this.last));\n  }\n}`,
    at: [7, 18],
    source: [4, 27],
    chain: ['this.last (line 4)'],
  },
  {
    name: 'callback parameter handed through a local function',
    code: `function onFix(p: GeolocationPosition) {\n  localStorage.setItem('p', String(p.coords.latitude));\n}\nnavigator.geolocation.watchPosition(onFix);`,
    at: [2, 16],
    source: [4, 23],
  },
  {
    name: 'a callback kept in a listener list and called for each position (service class)',
    code: `class LocationService {\n  private listeners: Array<(p: GeolocationPosition) => void> = [];\n  subscribe(cb: (p: GeolocationPosition) => void) { this.listeners.push(cb); }\n  start() { navigator.geolocation.watchPosition((pos) => this.listeners.forEach((l) => l(pos))); }\n}\nconst svc = new LocationService();\nsvc.subscribe((p) => localStorage.setItem('p', JSON.stringify(p.coords)));`,
    at: [7, 35],
    source: [4, 35],
  },
  {
    name: 'a callback kept in a field and called later',
    code: `class Tracker {\n  private cb?: (p: GeolocationPosition) => void;\n  onFix(cb: (p: GeolocationPosition) => void) { this.cb = cb; }\n  start() { navigator.geolocation.watchPosition((p) => this.cb?.(p)); }\n}\nnew Tracker().onFix((p) => localStorage.setItem('q', String(p.coords.latitude)));`,
    at: [6, 41],
    source: [4, 35],
  },
  {
    name: 'an rxjs Observable that emits positions, subscribed to',
    code: `import { Observable } from 'rxjs';\nconst positions = new Observable<GeolocationPosition>((subscriber) => {\n  const id = navigator.geolocation.watchPosition((p) => subscriber.next(p));\n  return () => navigator.geolocation.clearWatch(id);\n});\npositions.subscribe((p) => localStorage.setItem('p', JSON.stringify(p.coords)));`,
    at: [6, 41],
    source: [3, 36],
    chain: ['subscriber.next() (line 3)'],
  },
  {
    name: 'a BehaviorSubject field fed by a watch',
    code: `import { BehaviorSubject } from 'rxjs';\nexport class Geo {\n  readonly position$ = new BehaviorSubject<GeolocationPosition | null>(null);\n  start() { navigator.geolocation.watchPosition((p) => this.position$.next(p)); }\n  persist() { this.position$.subscribe((p) => localStorage.setItem('p', JSON.stringify(p?.coords))); }\n}`,
    at: [5, 60],
    source: [4, 35],
  },
  {
    name: 'array push then stored',
    code: `const trail: number[][] = [];\nnavigator.geolocation.watchPosition((p) => {\n  trail.push([p.coords.latitude, p.coords.longitude]);\n  localStorage.setItem('trail', JSON.stringify(trail));\n});`,
    at: [4, 16],
    chain: ['trail.push() (line 3)'],
  },
  {
    name: 'face descriptor (face-api.js) stored',
    code: `import * as faceapi from 'face-api.js';\nexport async function enrol(img: HTMLImageElement) {\n  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();\n  if (r) localStorage.setItem('me', JSON.stringify(Array.from(r.descriptor)));\n}`,
    at: [4, 23],
    source: [3, 69],
    chain: ['face descriptor from'],
  },
  {
    name: 'human embedding (property-restricted source) stored',
    code: `import { Human } from '@vladmandic/human';\nconst human = new Human();\nexport async function keep(video: HTMLVideoElement) {\n  const result = await human.detect(video);\n  const emb = result.face[0].embedding;\n  localStorage.setItem('emb', JSON.stringify(emb));\n}`,
    at: [6, 16],
    // A property-restricted origin is anchored where the sensitive property is read.
    source: [5, 30],
  },
  {
    // Each assignment reads a variable that a later one writes: every round gets one link further (fixpoint).
    name: 'assignments in reverse order (several rounds of the fixpoint)',
    code: `let a: unknown, b: unknown, c: unknown;
export function flush() {
  c = b;
  b = a;
}
navigator.geolocation.getCurrentPosition((p) => { a = p.coords; flush(); localStorage.setItem('c', JSON.stringify(c)); });`,
    at: [6, 87],
    source: [6, 23],
  },
];

const quiet: FlowCase[] = [
  { name: 'a value not derived from the position', code: `navigator.geolocation.getCurrentPosition((pos) => {\n  localStorage.setItem('seen', 'yes');\n  show(pos);\n});` },
  { name: 'sessionStorage is bounded by the tab', code: `navigator.geolocation.getCurrentPosition((pos) => sessionStorage.setItem('p', JSON.stringify(pos.coords)));` },
  { name: 'a local function named getCurrentPosition', code: `function getCurrentPosition(cb: (p: { lat: number }) => void) { cb({ lat: 1 }); }\ngetCurrentPosition((p) => localStorage.setItem('p', String(p.lat)));` },
  { name: 'removed again on a path (removeItem of the same key)', code: `navigator.geolocation.getCurrentPosition((p) => localStorage.setItem('last', JSON.stringify(p.coords)));\nexport function logout() { localStorage.removeItem('last'); }` },
  { name: 'comparison result is not the position', code: `navigator.geolocation.getCurrentPosition((p) => localStorage.setItem('near', String(p.coords.latitude > 50)));` },
  { name: 'a helper called with both: only the tainted call site reaches', code: `function fmt(x: unknown) { return String(x); }\nnavigator.geolocation.getCurrentPosition((p) => show(fmt(p.coords.latitude)));\nlocalStorage.setItem('theme', fmt('dark'));` },
  { name: 'human detect result other than the embedding (face count)', code: `import { Human } from '@vladmandic/human';\nconst human = new Human();\nexport async function count(video: HTMLVideoElement) {\n  const result = await human.detect(video);\n  localStorage.setItem('faces', String(result.face.length));\n}` },
  { name: 'assignments in reverse order, but the stored variable is not among them', code: `let a: unknown, b: unknown, c: unknown, d = 'x';\nexport function flush() {\n  c = b;\n  b = a;\n}\nnavigator.geolocation.getCurrentPosition((p) => { a = p.coords; flush(); localStorage.setItem('d', d); });` },
  { name: 'a setter of another state', code: `import { useState } from 'react';\nexport function A() {\n  const [pos, setPos] = useState<unknown>(null);\n  const [theme, setTheme] = useState('light');\n  navigator.geolocation.getCurrentPosition((p) => setPos(p));\n  localStorage.setItem('theme', theme);\n  return pos;\n}`, filename: 'A.tsx' },
];

describe('data flow: propagation steps', () => {
  for (const c of flagged) {
    it(`follows ${c.name}`, () => {
      const found = findingsFor(c.rule ?? RULE, c.code, c.filename ?? 'test.ts');
      assert.strictEqual(found.length, 1, `expected one finding, got ${found.map((f) => `${f.range.start.line}:${f.range.start.column}`).join(', ')}`);
      const f = found[0];
      assert.strictEqual(f.category, 'retention-unbounded');
      if (c.at) assert.deepStrictEqual([f.range.start.line, f.range.start.column], c.at, 'sink position');
      assert.strictEqual(f.related.length >= 1, true, 'a related location');
      assert.ok(/obtained here/.test(f.related[0].message), f.related[0].message);
      if (c.source) assert.deepStrictEqual([f.related[0].range.start.line, f.related[0].range.start.column], c.source, 'source position');
      const chain = f.evidence.chain ?? [];
      let from = 0;
      for (const step of c.chain ?? []) {
        const i = chain.findIndex((s, k) => k >= from && s.includes(step));
        assert.ok(i >= 0, `chain step '${step}' missing (in order) from ${JSON.stringify(chain)}`);
        from = i + 1;
      }
      assert.ok(chain[chain.length - 1].includes(`(line ${f.range.start.line})`), 'the chain ends at the sink');
    });
  }
  for (const c of quiet) {
    it(`stays quiet: ${c.name}`, () => {
      assert.deepStrictEqual(findingsFor(c.rule ?? RULE, c.code, c.filename ?? 'test.ts').map((f) => `${f.range.start.line}:${f.range.start.column}`), []);
    });
  }
});

describe('data flow: sources', () => {
  const cases: Array<[string, string, string]> = [
    ['react-native-geolocation-service', `import Geolocation from 'react-native-geolocation-service';\nimport AsyncStorage from '@react-native-async-storage/async-storage';\nGeolocation.getCurrentPosition((p) => AsyncStorage.setItem('p', JSON.stringify(p.coords)));`, 'position'],
    ['expo watchPositionAsync callback (arg 1)', `import * as Location from 'expo-location';\nimport AsyncStorage from '@react-native-async-storage/async-storage';\nLocation.watchPositionAsync({}, (loc) => AsyncStorage.setItem('loc', JSON.stringify(loc)));`, 'position'],
    ['expo background task data.locations', `import * as TaskManager from 'expo-task-manager';\nimport AsyncStorage from '@react-native-async-storage/async-storage';\nTaskManager.defineTask('t', async ({ data }) => {\n  const { locations } = data as any;\n  await AsyncStorage.setItem('l', JSON.stringify(locations));\n});`, 'background locations'],
    ['capacitor getCurrentPosition result', `import { Geolocation } from '@capacitor/geolocation';\nexport async function f() {\n  const p = await Geolocation.getCurrentPosition();\n  localStorage.setItem('p', JSON.stringify(p.coords));\n}`, 'position'],
    ['background-geolocation onLocation', `import BackgroundGeolocation from 'react-native-background-geolocation';\nimport AsyncStorage from '@react-native-async-storage/async-storage';\nBackgroundGeolocation.onLocation((l) => AsyncStorage.setItem('l', JSON.stringify(l.coords)));`, 'position'],
    ['captured frame (toDataURL) in a file that opens the camera', `export async function snap(video: HTMLVideoElement, canvas: HTMLCanvasElement) {\n  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: true });\n  canvas.getContext('2d')!.drawImage(video, 0, 0);\n  localStorage.setItem('selfie', canvas.toDataURL('image/jpeg'));\n}`, 'captured camera frame'],
    ['Eagle voiceprint export', `import { EagleProfiler } from '@picovoice/eagle-web';\nexport async function enrol(key: string) {\n  const profiler = await EagleProfiler.create(key, { publicPath: '/eagle.pv' });\n  const profile = await profiler.export();\n  localStorage.setItem('voice', JSON.stringify(profile));\n}`, 'voiceprint'],
  ];
  for (const [name, code, label] of cases) {
    it(`knows ${name}`, () => {
      const found = findingsFor(RULE, code, 'src.tsx');
      assert.strictEqual(found.length, 1, JSON.stringify(found.map((f) => f.message)));
      assert.ok(found[0].message.includes(`the ${label} from`), found[0].message);
    });
  }
  it('a canvas toDataURL in a file without camera capture is not a source', () => {
    assert.deepStrictEqual(findingsFor(RULE, `export function chart(canvas: HTMLCanvasElement) {\n  localStorage.setItem('chart', canvas.toDataURL());\n}`), []);
  });
});

describe('data flow: parts of a source value that are not sensitive', () => {
  it('a position timestamp is not location', () => {
    assert.deepStrictEqual(findingsFor(RULE, `navigator.geolocation.getCurrentPosition((p) => localStorage.setItem('at', String(p.timestamp)));`), []);
  });
  it('a destructured timestamp is not location, the coords next to it are', () => {
    const found = findingsFor(RULE, `navigator.geolocation.getCurrentPosition(({ coords, timestamp }) => {\n  localStorage.setItem('at', String(timestamp));\n  localStorage.setItem('where', JSON.stringify(coords));\n});`);
    assert.deepStrictEqual(found.map((f) => f.range.start.line), [3]);
  });
  it('a face detection box is not a face template', () => {
    assert.deepStrictEqual(findingsFor(RULE, `import * as faceapi from 'face-api.js';\nexport async function f(img: HTMLImageElement) {\n  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();\n  if (r) localStorage.setItem('box', JSON.stringify(r.detection.box));\n}`), []);
  });
});

describe('data flow: React geolocation hooks', () => {
  it('react-use useGeolocation: latitude and longitude are the position', () => {
    const found = findingsFor(RULE, `import { useGeolocation } from 'react-use';\nexport function Pin() {\n  const { latitude, longitude, loading } = useGeolocation();\n  localStorage.setItem('loading', String(loading));\n  localStorage.setItem('pin', JSON.stringify([latitude, longitude]));\n  return null;\n}`, 'Pin.tsx');
    assert.deepStrictEqual(found.map((f) => f.range.start.line), [5]);
  });
  it('react-geolocated useGeolocated: coords', () => {
    const found = findingsFor(RULE, `import { useGeolocated } from 'react-geolocated';\nexport function Pin() {\n  const { coords, isGeolocationEnabled } = useGeolocated();\n  localStorage.setItem('on', String(isGeolocationEnabled));\n  if (coords) localStorage.setItem('pin', JSON.stringify(coords));\n  return null;\n}`, 'Pin.tsx');
    assert.deepStrictEqual(found.map((f) => f.range.start.line), [5]);
  });
});
