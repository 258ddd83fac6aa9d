import { ruleTester } from '../support/ruleTester';

const COARSE = 'Round the coordinates to 2 decimals where they are read';

ruleTester('location-once', {
  valid: [
    { name: 'a read that a timer repeats is location-polling, not a one-shot read', code: `setInterval(() => navigator.geolocation.getCurrentPosition(show), 3000);` },
    { name: 'a game piece reporting its own position', code: `const piece = board.pieceAt(3, 4);\nconst where = piece.getCurrentPosition();` },
    { name: 'a typed game piece from a local module', code: `import { Pawn } from './pieces';\nfunction move(p: Pawn) { return p.getCurrentPosition(); }` },
    { name: 'clmtrackr face tracker positions are not the device location', code: `const ctrack = new clm.tracker();\nctrack.start(video);\nconst points = ctrack.getCurrentPosition();` },
    { name: 'router location', code: `import { useLocation } from 'react-router-dom';\nconst location = useLocation();\nconsole.log(location.pathname, window.location.href);` },
    { name: 'a geolocation object of your own', code: `const geolocation = { getCurrentPosition(cb: (p: number) => void) { cb(1); } };\ngeolocation.getCurrentPosition(() => {});` },
    { name: 'a shadowed navigator', code: `const navigator = useNavigation();\nnavigator.geolocation.getCurrentPosition(() => {});` },
    { name: 'Leaflet locate with watch belongs to location-watch', code: `const map = L.map('map');\nmap.locate({ watch: true });` },
  ],
  invalid: [
    {
      name: 'W3C getCurrentPosition; coordinates rounded where read',
      code: `navigator.geolocation.getCurrentPosition((pos) => {\n  checkIn(pos.coords.latitude, pos.coords.longitude);\n});`,
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 41, severity: 'info', messageIncludes: ["'navigator.geolocation.getCurrentPosition'"] }],
      fixTitle: COARSE,
      fixKind: 'suggestion',
      output: `navigator.geolocation.getCurrentPosition((pos) => {\n  checkIn(Number(pos.coords.latitude.toFixed(2)), Number(pos.coords.longitude.toFixed(2)));\n});`,
    },
    {
      // The fix finds the reads of the callback's own parameter; other callbacks' parameters share its name.
      name: 'two reads whose callbacks both name the position p: the first fix rounds only its own reads',
      code: `const p = { coords: { latitude: 0 } };\nnavigator.geolocation.getCurrentPosition((p) => checkIn(p.coords.latitude, p.coords.longitude));\nnavigator.geolocation.getCurrentPosition((p) => mark(p.coords.latitude));\nshow(p.coords.latitude);`,
      errors: [{ line: 2, column: 23 }, { line: 3, column: 23 }],
      fixTitle: COARSE,
      output: `const p = { coords: { latitude: 0 } };\nnavigator.geolocation.getCurrentPosition((p) => checkIn(Number(p.coords.latitude.toFixed(2)), Number(p.coords.longitude.toFixed(2))));\nnavigator.geolocation.getCurrentPosition((p) => mark(p.coords.latitude));\nshow(p.coords.latitude);`,
    },
    {
      name: 'destructured coordinates in shorthand properties',
      code: `navigator.geolocation.getCurrentPosition(({ coords: { latitude, longitude, accuracy } }) => save({ latitude, longitude, accuracy }));`,
      errors: [{ line: 1, column: 23 }],
      fixTitle: COARSE,
      output: `navigator.geolocation.getCurrentPosition(({ coords: { latitude, longitude, accuracy } }) => save({ latitude: Number(latitude.toFixed(2)), longitude: Number(longitude.toFixed(2)), accuracy }));`,
    },
    {
      name: 'no coarsening when the whole position escapes the callback',
      code: `navigator.geolocation.getCurrentPosition((pos) => {\n  show(pos.coords.latitude);\n  upload(pos);\n});`,
      errors: [{ line: 1, column: 23 }],
      fixTitle: 'Read about coarse one-shot positions',
      output: `navigator.geolocation.getCurrentPosition((pos) => {\n  show(pos.coords.latitude);\n  upload(pos);\n});`,
    },
    {
      name: 'expo getCurrentPositionAsync awaited into a variable',
      code: `import * as Location from 'expo-location';\nexport async function here() {\n  const loc = await Location.getCurrentPositionAsync({});\n  return { lat: loc.coords.latitude, lng: loc.coords.longitude };\n}`,
      errors: [{ line: 3, column: 30 }],
      fixTitle: COARSE,
      output: `import * as Location from 'expo-location';\nexport async function here() {\n  const loc = await Location.getCurrentPositionAsync({});\n  return { lat: Number(loc.coords.latitude.toFixed(2)), lng: Number(loc.coords.longitude.toFixed(2)) };\n}`,
    },
    {
      name: 'already rounded reads are left alone',
      code: `navigator.geolocation.getCurrentPosition((p) => send(p.coords.latitude.toFixed(2), Math.round(p.coords.longitude * 100) / 100));`,
      errors: [{ line: 1, column: 23 }],
      fixTitle: 'Read about coarse one-shot positions',
      output: `navigator.geolocation.getCurrentPosition((p) => send(p.coords.latitude.toFixed(2), Math.round(p.coords.longitude * 100) / 100));`,
    },
    {
      name: 'expo last known position (named import)',
      code: `import { getLastKnownPositionAsync } from 'expo-location';\nconst last = await getLastKnownPositionAsync({ maxAge: 60000 });`,
      errors: [{ line: 2, column: 20 }],
    },
    {
      name: 'React Native community geolocation',
      code: `import Geolocation from '@react-native-community/geolocation';\nGeolocation.getCurrentPosition((info) => console.log(info));`,
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'react-native-geolocation-service (require)',
      code: `const Geolocation = require('react-native-geolocation-service');\nGeolocation.getCurrentPosition(onFix, onError);`,
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'Capacitor Geolocation with then()',
      code: `import { Geolocation } from '@capacitor/geolocation';\nGeolocation.getCurrentPosition().then((pos) => mark(pos.coords.latitude, pos.coords.longitude));`,
      errors: [{ line: 2, column: 13 }],
      fixTitle: COARSE,
      output: `import { Geolocation } from '@capacitor/geolocation';\nGeolocation.getCurrentPosition().then((pos) => mark(Number(pos.coords.latitude.toFixed(2)), Number(pos.coords.longitude.toFixed(2))));`,
    },
    {
      name: 'Ionic Native geolocation (Cordova plugin)',
      code: `import { Geolocation } from '@ionic-native/geolocation/ngx';\nexport class Page {\n  constructor(private geo: Geolocation) {}\n  async locate() { const r = await this.geo.getCurrentPosition(); return r; }\n}`,
      errors: [{ line: 4, column: 45 }],
    },
    {
      name: 'Cordova plugin installs navigator.geolocation; window prefix',
      code: `document.addEventListener('deviceready', () => {\n  window.navigator.geolocation.getCurrentPosition(onSuccess, onError, { timeout: 10000 });\n});`,
      errors: [{ line: 2, column: 32 }],
    },
    {
      name: 'background-geolocation one-shot',
      code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nconst location = await BackgroundGeolocation.getCurrentPosition({ samples: 1 });`,
      errors: [{ line: 2, column: 46 }],
    },
    {
      name: 'Leaflet locate without watch',
      code: `import L from 'leaflet';\nconst map = L.map('map');\nmap.locate({ setView: true });`,
      errors: [{ line: 3, column: 5 }],
    },
    {
      name: 'Mapbox GeolocateControl without tracking',
      code: `map.addControl(new mapboxgl.GeolocateControl());`,
      errors: [{ line: 1, column: 16 }],
    },
    {
      name: 'react-native-get-location',
      code: `import GetLocation from 'react-native-get-location';\nconst loc = await GetLocation.getCurrentPosition({ enableHighAccuracy: false, timeout: 15000 });`,
      errors: [{ line: 2, column: 31 }],
    },
    {
      name: 'react-native-location latest location',
      code: `import RNLocation from 'react-native-location';\nconst latest = await RNLocation.getLatestLocation({ timeout: 60000 });`,
      errors: [{ line: 2, column: 33 }],
    },
  ],
});
