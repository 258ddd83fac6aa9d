import { ruleTester } from '../support/ruleTester';

ruleTester('retention-local-storage', {
  valid: [
    { name: 'sessionStorage ends with the tab', code: `navigator.geolocation.getCurrentPosition((p) => sessionStorage.setItem('p', JSON.stringify(p.coords)));` },
    { name: 'removed again (removeItem of the same key)', code: `navigator.geolocation.getCurrentPosition((p) => localStorage.setItem('p', JSON.stringify(p.coords)));\nexport const forget = () => localStorage.removeItem('p');` },
    { name: 'cleared on sign-out', code: `import AsyncStorage from '@react-native-async-storage/async-storage';\nimport * as Location from 'expo-location';\nexport async function f() { await AsyncStorage.setItem('p', JSON.stringify(await Location.getCurrentPositionAsync())); }\nexport const signOut = () => AsyncStorage.clear();` },
    { name: 'not derived from a position', code: `navigator.geolocation.getCurrentPosition(() => localStorage.setItem('asked', 'yes'));` },
    { name: 'a local storage object', code: `const localStorage = { setItem(k: string, v: string) {} };\nnavigator.geolocation.getCurrentPosition((p) => localStorage.setItem('p', String(p.coords.latitude)));` },
  ],
  invalid: [
    {
      name: 'the starter rule: localStorage.setItem of a position in the same function; suggestion uses sessionStorage',
      code: `navigator.geolocation.getCurrentPosition((pos) => {\n  localStorage.setItem('lastPosition', JSON.stringify({ lat: pos.coords.latitude, lng: pos.coords.longitude }));\n});`,
      errors: [{ line: 2, column: 16, endLine: 2, endColumn: 23, severity: 'warning', messageIncludes: ["'localStorage.setItem'", 'position', "'navigator.geolocation.getCurrentPosition'"] }],
      output: `navigator.geolocation.getCurrentPosition((pos) => {\n  sessionStorage.setItem('lastPosition', JSON.stringify({ lat: pos.coords.latitude, lng: pos.coords.longitude }));\n});`,
      fixKind: 'suggestion',
    },
    {
      name: 'window.localStorage keeps its prefix in the fix',
      code: `navigator.geolocation.getCurrentPosition((p) => window.localStorage.setItem('p', String(p.coords.latitude)));`,
      errors: [{ line: 1, column: 69 }],
      output: `navigator.geolocation.getCurrentPosition((p) => window.sessionStorage.setItem('p', String(p.coords.latitude)));`,
    },
    {
      name: 'removing another key does not count',
      code: `navigator.geolocation.getCurrentPosition((p) => localStorage.setItem('p', JSON.stringify(p.coords)));\nexport const forget = () => localStorage.removeItem('q');`,
      errors: [{ line: 1, column: 62 }],
    },
    {
      name: 'AsyncStorage (no sessionStorage fix offered)',
      code: `import AsyncStorage from '@react-native-async-storage/async-storage';\nimport * as Location from 'expo-location';\nexport async function f() {\n  const loc = await Location.getCurrentPositionAsync();\n  await AsyncStorage.setItem('p', JSON.stringify(loc));\n}`,
      errors: [{ line: 5, column: 22 }],
    },
    {
      name: 'localforage',
      code: `import localforage from 'localforage';\nnavigator.geolocation.watchPosition((p) => localforage.setItem('p', p.coords));`,
      errors: [{ line: 2, column: 56 }],
    },
    {
      name: 'idb put',
      code: `import { openDB } from 'idb';\nexport async function f() {\n  const db = await openDB('geo', 1);\n  navigator.geolocation.watchPosition((p) => db.put('fixes', { lat: p.coords.latitude }));\n}`,
      errors: [{ line: 4, column: 49 }],
    },
    {
      name: 'raw IndexedDB object store put',
      code: `const req = indexedDB.open('geo', 1);\nreq.onsuccess = () => {\n  const db = req.result;\n  navigator.geolocation.watchPosition((p) => db.transaction('fixes', 'readwrite').objectStore('fixes').put({ lat: p.coords.latitude }));\n};`,
      errors: [{ line: 4, column: 104 }],
    },
    {
      name: 'Dexie table add',
      code: `import Dexie from 'dexie';\nconst db = new Dexie('geo');\nnavigator.geolocation.watchPosition((p) => db.fixes.add({ lat: p.coords.latitude }));`,
      errors: [{ line: 3, column: 53 }],
    },
  ],
});
