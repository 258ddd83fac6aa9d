import * as assert from 'assert';
import { findingsFor, ruleTester } from '../support/ruleTester';

const CLEAR = 'Clear the watch when the component or subscription is torn down';
const ONCE = 'Use a one-shot getCurrentPosition: only the first position is used';
const COARSE = 'Round the coordinates to 2 decimals where they are read';

ruleTester('location-watch', {
  valid: [
    { name: 'a local function named watchPosition', code: `function watchPosition(cb: () => void) { cb(); }\nwatchPosition(() => {});` },
    { name: 'window.location is the page address, not the device position', code: `const url = window.location.href;\nlocation.assign('/home');\nconsole.log(url);` },
    { name: 'one-shot reads belong to location-once', code: `navigator.geolocation.getCurrentPosition((p) => show(p));` },
    { name: 'a geolocation object declared in the file', code: `const geolocation = { watchPosition() {} };\ngeolocation.watchPosition();` },
    { name: 'a navigator parameter of your own', code: `function follow(navigator: { geolocation: { watchPosition(cb: () => void): void } }) {\n  navigator.geolocation.watchPosition(() => {});\n}` },
    { name: 'Location from a routing library', code: `import { Location } from '@angular/common';\nclass Back { constructor(private location: Location) {}\n  go() { this.location.back(); this.location.subscribe(() => {}); } }` },
    { name: 'a game piece with its own position methods', code: `class Piece { watchPosition(cb: () => void) { cb(); } }\nconst piece = new Piece();\npiece.watchPosition(() => {});` },
    { name: 'OpenLayers geolocation without tracking', code: `import Geolocation from 'ol/Geolocation';\nconst g = new Geolocation({ tracking: false });\ng.setTracking(false);` },
    { name: 'expo one-shot read', code: `import * as Location from 'expo-location';\nawait Location.getCurrentPositionAsync({});` },
    { name: 'Leaflet locate without watch is a one-shot read', code: `const map = L.map('map');\nmap.locate({ setView: true, maxZoom: 16 });` },
    { name: 'a GeolocateControl that does not track', code: `import maplibregl from 'maplibre-gl';\nmap.addControl(new maplibregl.GeolocateControl({ trackUserLocation: false }));` },
    { name: 'VueUse useGeolocation that starts paused', code: `import { useGeolocation } from '@vueuse/core';\nconst { coords, resume } = useGeolocation({ immediate: false });` },
    { name: 'a locate method of your own', code: `const finder = { locate(o: object) { return o; } };\nfinder.locate({ watch: true });` },
  ],
  invalid: [
    {
      name: 'W3C watch never cleared',
      code: `navigator.geolocation.watchPosition((p) => show(p));`,
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 36, severity: 'warning', messageIncludes: ['nothing in this file ever clears the watch'] }],
    },
    {
      name: 'destructured geolocation, cleared elsewhere in the file',
      code: `const { geolocation } = window.navigator;\nconst id = geolocation.watchPosition(cb);\nstop = () => navigator.geolocation.clearWatch(id);`,
      errors: [{ line: 2, column: 24, messageIncludes: ['until the watch is cleared'] }],
    },
    {
      name: 'optional chaining through globalThis',
      code: `globalThis.navigator?.geolocation?.watchPosition(cb);`,
      errors: [{ line: 1, column: 36 }],
    },
    {
      name: 'React effect without cleanup: clearWatch added in the returned teardown',
      code: `import { useEffect } from 'react';\nexport function Map() {\n  useEffect(() => {\n    navigator.geolocation.watchPosition((p) => setPos(p));\n  }, []);\n}`,
      errors: [{ line: 4, column: 27, messageIncludes: ['nothing in this file ever clears the watch', 'no end'] }],
      fixTitle: CLEAR,
      fixKind: 'fix',
      output: `import { useEffect } from 'react';\nexport function Map() {\n  useEffect(() => {\n    const watchId = navigator.geolocation.watchPosition((p) => setPos(p));\n    return () => navigator.geolocation.clearWatch(watchId);\n  }, []);\n}`,
    },
    {
      name: 'React effect with a teardown that forgets the watch',
      code: `import React from 'react';\nfunction Map() {\n  React.useEffect(() => {\n    const id = navigator.geolocation.watchPosition(onFix);\n    window.addEventListener('resize', onResize);\n    return () => {\n      window.removeEventListener('resize', onResize);\n    };\n  }, []);\n}`,
      errors: [{ line: 4, column: 38 }],
      fixTitle: CLEAR,
      output: `import React from 'react';\nfunction Map() {\n  React.useEffect(() => {\n    const id = navigator.geolocation.watchPosition(onFix);\n    window.addEventListener('resize', onResize);\n    return () => {\n      window.removeEventListener('resize', onResize);\n      navigator.geolocation.clearWatch(id);\n    };\n  }, []);\n}`,
    },
    {
      name: 'Capacitor watch in an effect: the id is a promise',
      code: `import { useEffect } from 'react';\nimport { Geolocation } from '@capacitor/geolocation';\nuseEffect(() => {\n  Geolocation.watchPosition({}, (pos) => setPos(pos));\n}, []);`,
      errors: [{ line: 4, column: 15 }],
      fixTitle: CLEAR,
      output: `import { useEffect } from 'react';\nimport { Geolocation } from '@capacitor/geolocation';\nuseEffect(() => {\n  const watchId = Geolocation.watchPosition({}, (pos) => setPos(pos));\n  return () => void watchId.then((id) => Geolocation.clearWatch({ id }));\n}, []);`,
    },
    {
      name: 'Expo watch awaited in an async IIFE of an effect: the subscription is kept and removed',
      code: `import { useEffect } from 'react';\nimport * as Location from 'expo-location';\nuseEffect(() => {\n  (async () => {\n    await Location.watchPositionAsync({ distanceInterval: 50 }, (loc) => setLoc(loc));\n  })();\n}, []);`,
      filename: 'Live.jsx',
      errors: [{ line: 5, column: 20 }],
      fixTitle: CLEAR,
      output: `import { useEffect } from 'react';\nimport * as Location from 'expo-location';\nuseEffect(() => {\n  let locationSubscription;\n  (async () => {\n    locationSubscription = await Location.watchPositionAsync({ distanceInterval: 50 }, (loc) => setLoc(loc));\n  })();\n  return () => locationSubscription?.remove();\n}, []);`,
    },
    {
      name: 'Expo watch in a TypeScript effect with an existing teardown',
      code: `import { useEffect } from 'react';\nimport { watchPositionAsync } from 'expo-location';\nuseEffect(() => {\n  const start = async (): Promise<void> => {\n    await watchPositionAsync({}, onMove);\n  };\n  void start();\n  return () => console.log('bye');\n}, []);`,
      errors: [{ line: 5, column: 11 }],
      fixTitle: CLEAR,
      output: `import { useEffect } from 'react';\nimport { watchPositionAsync } from 'expo-location';\nuseEffect(() => {\n  let locationSubscription: { remove(): void } | undefined;\n  const start = async (): Promise<void> => {\n    locationSubscription = await watchPositionAsync({}, onMove);\n  };\n  void start();\n  return () => {\n    console.log('bye');\n    locationSubscription?.remove();\n  };\n}, []);`,
    },
    {
      name: 'Vue setup: watch started in onMounted, onBeforeUnmount added and imported',
      filename: 'LiveMap.vue',
      code: `<template><p>{{ where }}</p></template>\n<script setup lang="ts">\nimport { onMounted, ref } from 'vue';\nconst where = ref('');\nlet watchId: number | undefined;\nonMounted(() => {\n  watchId = navigator.geolocation.watchPosition((pos) => (where.value = pos.coords.latitude.toFixed(2)));\n});\n</script>\n`,
      errors: [{ line: 7, column: 35 }],
      fixTitle: CLEAR,
      output: `<template><p>{{ where }}</p></template>\n<script setup lang="ts">\nimport { onMounted, ref, onBeforeUnmount } from 'vue';\nconst where = ref('');\nlet watchId: number | undefined;\nonMounted(() => {\n  watchId = navigator.geolocation.watchPosition((pos) => (where.value = pos.coords.latitude.toFixed(2)));\n});\n\nonBeforeUnmount(() => {\n  if (watchId !== undefined) navigator.geolocation.clearWatch(watchId);\n});\n</script>\n`,
    },
    {
      name: 'Vue setup with an onUnmounted hook that forgets the watch',
      code: `import { onMounted, onUnmounted } from 'vue';\nlet id: number | undefined;\nonMounted(() => {\n  id = navigator.geolocation.watchPosition(onMove);\n});\nonUnmounted(() => console.log('gone'));`,
      errors: [{ line: 4, column: 30 }],
      fixTitle: CLEAR,
      output: `import { onMounted, onUnmounted } from 'vue';\nlet id: number | undefined;\nonMounted(() => {\n  id = navigator.geolocation.watchPosition(onMove);\n});\nonUnmounted(() => {\n  console.log('gone');\n  if (id !== undefined) navigator.geolocation.clearWatch(id);\n});`,
    },
    {
      name: 'rxjs Observable whose subscriber function returns no teardown',
      code: `import { Observable } from 'rxjs';\nexport const position$ = new Observable<GeolocationPosition>((subscriber) => {\n  navigator.geolocation.watchPosition((p) => subscriber.next(p), (e) => subscriber.error(e));\n});`,
      errors: [{ line: 3, column: 25 }],
      fixTitle: CLEAR,
      output: `import { Observable } from 'rxjs';\nexport const position$ = new Observable<GeolocationPosition>((subscriber) => {\n  const watchId = navigator.geolocation.watchPosition((p) => subscriber.next(p), (e) => subscriber.error(e));\n  return () => navigator.geolocation.clearWatch(watchId);\n});`,
    },
    {
      name: 'Angular component keeping the id on this: ngOnDestroy added',
      code: `import { Component } from '@angular/core';\n@Component({ selector: 'app-map', template: '' })\nexport class MapComponent {\n  private watchId?: number;\n  start() {\n    this.watchId = navigator.geolocation.watchPosition((p) => this.show(p));\n  }\n  show(p: GeolocationPosition) {}\n}`,
      errors: [{ line: 6, column: 42 }],
      fixTitle: CLEAR,
      output: `import { Component } from '@angular/core';\n@Component({ selector: 'app-map', template: '' })\nexport class MapComponent {\n  private watchId?: number;\n  start() {\n    this.watchId = navigator.geolocation.watchPosition((p) => this.show(p));\n  }\n  show(p: GeolocationPosition) {}\n\n  ngOnDestroy(): void {\n    if (this.watchId !== undefined) navigator.geolocation.clearWatch(this.watchId);\n  }\n}`,
    },
    {
      name: 'React class component with a componentWillUnmount that forgets the watch',
      code: `import React from 'react';\nexport class Live extends React.Component {\n  id = 0;\n  componentDidMount() {\n    this.id = navigator.geolocation.watchPosition((p) => this.setState({ p }));\n  }\n  componentWillUnmount() {\n    this.props.onLeave();\n  }\n}`,
      errors: [{ line: 5, column: 37 }],
      fixTitle: CLEAR,
      output: `import React from 'react';\nexport class Live extends React.Component {\n  id = 0;\n  componentDidMount() {\n    this.id = navigator.geolocation.watchPosition((p) => this.setState({ p }));\n  }\n  componentWillUnmount() {\n    this.props.onLeave();\n    if (this.id !== undefined) navigator.geolocation.clearWatch(this.id);\n  }\n}`,
    },
    {
      name: 'a watch whose callback clears itself on the first fix is a one-shot read',
      code: `function locate() {\n  const id = navigator.geolocation.watchPosition((pos) => {\n    navigator.geolocation.clearWatch(id);\n    render(pos.coords.latitude, pos.coords.longitude);\n  });\n}`,
      errors: [{ line: 2, column: 36, messageIncludes: ['until the watch is cleared'] }],
      fixTitle: ONCE,
      fixKind: 'suggestion',
      output: `function locate() {\n  navigator.geolocation.getCurrentPosition((pos) => {\n    render(pos.coords.latitude, pos.coords.longitude);\n  });\n}`,
    },
    {
      name: 'one-shot fix for a watch kept on this, whose assignment stays',
      code: `class Locator {\n  start() {\n    this.id = navigator.geolocation.watchPosition((pos) => {\n      navigator.geolocation.clearWatch(this.id);\n      this.found(pos);\n    });\n  }\n}`,
      errors: [{ line: 3, column: 37 }],
      fixTitle: ONCE,
      output: `class Locator {\n  start() {\n    this.id = navigator.geolocation.getCurrentPosition((pos) => {\n      this.found(pos);\n    });\n  }\n}`,
    },
    {
      name: 'coordinates rounded where the callback reads them',
      code: `navigator.geolocation.watchPosition((pos) => {\n  post({ lat: pos.coords.latitude, lon: pos.coords.longitude, at: pos.timestamp });\n});`,
      errors: [{ line: 1, column: 23 }],
      fixTitle: COARSE,
      fixKind: 'suggestion',
      output: `navigator.geolocation.watchPosition((pos) => {\n  post({ lat: Number(pos.coords.latitude.toFixed(2)), lon: Number(pos.coords.longitude.toFixed(2)), at: pos.timestamp });\n});`,
    },
    {
      name: 'coarsening honours the configured number of decimals',
      code: `navigator.geolocation.watchPosition(({ coords }) => send(coords.latitude, coords.longitude));`,
      options: { coordinateDecimals: 1 },
      errors: [{ line: 1, column: 23 }],
      fixTitle: 'Round the coordinates to 1 decimals where they are read',
      output: `navigator.geolocation.watchPosition(({ coords }) => send(Number(coords.latitude.toFixed(1)), Number(coords.longitude.toFixed(1))));`,
    },
    {
      name: 'React Native community geolocation, cleared in the same file',
      code: `import Geolocation from '@react-native-community/geolocation';\nconst id = Geolocation.watchPosition(onFix);\nexport const stop = () => Geolocation.clearWatch(id);`,
      errors: [{ line: 2, column: 24, messageIncludes: ['until the watch is cleared'] }],
    },
    {
      name: 'react-native-geolocation-service with stopObserving',
      code: `import Geolocation from 'react-native-geolocation-service';\nGeolocation.watchPosition(onFix, onError, { distanceFilter: 50 });\nexport const stop = () => Geolocation.stopObserving();`,
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'expo watchPositionAsync with a subscription that is removed',
      code: `import * as Location from 'expo-location';\nlet sub: Location.LocationSubscription | null = null;\nexport async function start() {\n  sub = await Location.watchPositionAsync({}, (loc) => update(loc));\n}\nexport function stop() { sub?.remove(); }`,
      errors: [{ line: 4, column: 24, messageIncludes: ['until the watch is cleared'] }],
    },
    {
      name: 'expo watchPositionAsync never removed',
      code: `import { watchPositionAsync } from 'expo-location';\nwatchPositionAsync({ timeInterval: 60000 }, (loc) => update(loc));`,
      errors: [{ line: 2, column: 1, messageIncludes: ['nothing in this file ever clears'] }],
    },
    {
      name: 'Capacitor 2 Plugins.Geolocation',
      code: `import { Plugins } from '@capacitor/core';\nconst { Geolocation } = Plugins;\nGeolocation.watchPosition({}, (p) => show(p));`,
      errors: [{ line: 3, column: 13 }],
    },
    {
      name: 'Ionic Native geolocation injected into a class',
      code: `import { Geolocation } from '@awesome-cordova-plugins/geolocation/ngx';\nexport class Track {\n  constructor(private geolocation: Geolocation) {}\n  start() { return this.geolocation.watchPosition().subscribe((p) => this.save(p)); }\n}`,
      errors: [{ line: 4, column: 37 }],
    },
    {
      name: 'OpenLayers tracking: true and setTracking(true)',
      code: `import Geolocation from 'ol/Geolocation';\nconst geolocation = new Geolocation({ tracking: true, projection: view.getProjection() });\ngeolocation.setTracking(true);`,
      errors: [{ line: 2, column: 21, endColumn: 36 }, { line: 3, column: 13 }],
    },
    {
      name: 'OpenLayers through the ol global of a script tag',
      code: `const g = new ol.Geolocation({ tracking: true });`,
      errors: [{ line: 1, column: 11 }],
    },
    {
      name: 'Leaflet locate with watch: true (global L)',
      code: `const map = L.map('map');\nmap.locate({ setView: true, watch: true });`,
      errors: [{ line: 2, column: 5, messageIncludes: ['nothing in this file ever clears'] }],
    },
    {
      name: 'react-leaflet useMap().locate with watch, stopped with stopLocate',
      code: `import { useMap } from 'react-leaflet';\nexport function Follow() {\n  const map = useMap();\n  map.locate({ watch: true });\n  return () => map.stopLocate();\n}`,
      errors: [{ line: 4, column: 7, messageIncludes: ['until the watch is cleared'] }],
    },
    {
      name: 'Mapbox GeolocateControl with trackUserLocation (the control has its own off switch)',
      code: `import mapboxgl from 'mapbox-gl';\nmap.addControl(new mapboxgl.GeolocateControl({ trackUserLocation: true }));`,
      errors: [{ line: 2, column: 16, messageIncludes: ['until the watch is cleared'] }],
    },
    {
      name: 'MapLibre through its global',
      code: `const geolocate = new maplibregl.GeolocateControl({ positionOptions: { enableHighAccuracy: true }, trackUserLocation: true });`,
      errors: [{ line: 1, column: 19 }],
    },
    {
      name: 'VueUse useGeolocation (stopped with the component scope)',
      code: `import { useGeolocation } from '@vueuse/core';\nconst { coords, pause } = useGeolocation();`,
      errors: [{ line: 2, column: 27, messageIncludes: ['until the watch is cleared'] }],
    },
    {
      name: 'react-native-location subscription',
      code: `import RNLocation from 'react-native-location';\nconst unsubscribe = RNLocation.subscribeToLocationUpdates((locations) => setLocation(locations[0]));`,
      errors: [{ line: 2, column: 32, messageIncludes: ['until the watch is cleared'] }],
    },
  ],
});

describe('rule location-watch: fixes are offered only when they are sound', () => {
  const titles = (code: string) => findingsFor('location-watch', code).flatMap((f) => f.fixes.map((x) => x.title));
  const cases: Array<[string, string, string]> = [
    ['no cleanup fix for a class without a known teardown method', `class Tracker {\n  id = 0;\n  start() { this.id = navigator.geolocation.watchPosition(() => {}); }\n}`, CLEAR],
    ['no cleanup fix when the watch is nested inside a condition of the effect', `import { useEffect } from 'react';\nuseEffect(() => {\n  if (on) navigator.geolocation.watchPosition(cb);\n}, [on]);`, CLEAR],
    ['no cleanup fix when the effect teardown already clears', `import { useEffect } from 'react';\nuseEffect(() => {\n  const id = navigator.geolocation.watchPosition(cb);\n  return () => navigator.geolocation.clearWatch(id);\n}, []);`, CLEAR],
    ['no cleanup fix for an expo watch whose subscription promise is dropped', `import { useEffect } from 'react';\nimport * as Location from 'expo-location';\nuseEffect(() => {\n  Location.watchPositionAsync({}, cb);\n}, []);`, CLEAR],
    ['no Vue cleanup fix when the id is local to onMounted', `import { onMounted } from 'vue';\nonMounted(() => {\n  let id;\n  id = navigator.geolocation.watchPosition(onMove);\n});`, CLEAR],
    ['no one-shot fix when the callback clears the watch only under a condition', `const id = navigator.geolocation.watchPosition((p) => {\n  if (p.coords.accuracy < 20) navigator.geolocation.clearWatch(id);\n  draw(p.coords.latitude);\n});`, ONCE],
    ['no one-shot fix when the callback clears another watch', `const id = navigator.geolocation.watchPosition((p) => {\n  navigator.geolocation.clearWatch(previousId);\n  draw(p.coords.latitude);\n});`, ONCE],
    ['no one-shot fix for Capacitor (its one-shot call takes other arguments)', `import { Geolocation } from '@capacitor/geolocation';\nconst id = await Geolocation.watchPosition({}, (p) => {\n  Geolocation.clearWatch({ id });\n});`, ONCE],
    ['no coarsening when the coords object itself leaves the callback', `navigator.geolocation.watchPosition(({ coords }) => {\n  label(coords.latitude);\n  send(coords);\n});`, COARSE],
  ];
  for (const [name, code, title] of cases) {
    it(name, () => {
      const t = titles(code);
      assert.strictEqual(findingsFor('location-watch', code).length, 1, 'the watch itself is still reported');
      assert.ok(!t.includes(title), `unexpected fix '${title}' in ${JSON.stringify(t)}`);
    });
  }
});
