import { ruleTester } from '../support/ruleTester';

ruleTester('location-polling', {
  valid: [
    { name: 'a one-shot read on a click', code: `button.addEventListener('click', () => navigator.geolocation.getCurrentPosition(show));` },
    { name: 'a single delayed read (a setTimeout that does not re-arm)', code: `setTimeout(() => navigator.geolocation.getCurrentPosition(show), 1000);\nfunction later() { navigator.geolocation.getCurrentPosition(show); }\nsetTimeout(later, 500);` },
    { name: 'a timer that polls something else', code: `setInterval(() => fetch('/api/status'), 5000);\nnavigator.geolocation.getCurrentPosition(show);` },
    { name: 'a local setInterval function', code: `function setInterval(fn) { fn(); }\nsetInterval(() => navigator.geolocation.getCurrentPosition(show));` },
    { name: 'a retry loop that does not wait, and a wait before a single read', code: `async function first() {\n  let pos = null;\n  while (!pos) pos = await new Promise((ok) => navigator.geolocation.getCurrentPosition(ok));\n  return pos;\n}\nasync function later() {\n  for (let i = 0; i < 3; i++) await sleep(100);\n  navigator.geolocation.getCurrentPosition(show);\n}` },
    { name: 'a function named like the timed one, in another scope', code: `function tick() { return 1; }\nsetInterval(tick, 1000);\nfunction read() { navigator.geolocation.getCurrentPosition(show); }\nread();` },
  ],
  invalid: [
    {
      name: 'a background task loop that waits on each round (react-native-background-actions), reading through a promise-wrapped helper',
      code: `import Geolocation from 'react-native-geolocation-service';\nconst getCurrentLocation = () => new Promise((resolve, reject) => {\n  Geolocation.getCurrentPosition(resolve, reject, { timeout: 15000 });\n});\nexport const task = async ({ delay }) => {\n  while (BackgroundService.isRunning()) {\n    await upload(await getCurrentLocation());\n    await new Promise((r) => setTimeout(r, delay));\n  }\n};`,
      errors: [{ line: 3, column: 15 }],
    },
    {
      name: 'a promise-wrapped read inside a waiting loop',
      code: `export async function track() {\n  while (running) {\n    const pos = await new Promise((ok) => navigator.geolocation.getCurrentPosition(ok));\n    send(pos);\n    await delay(10000);\n  }\n}`,
      errors: [{ line: 3, column: 65 }],
    },
    {
      name: 'a for loop with an awaited sleep around a read',
      code: `export async function track() {\n  for (let i = 0; running; i++) {\n    navigator.geolocation.getCurrentPosition(send);\n    await sleep(30000);\n  }\n}`,
      errors: [{ line: 3, column: 27 }],
    },
    {
      name: 'setInterval callback',
      code: `setInterval(() => {\n  navigator.geolocation.getCurrentPosition((p) => send(p.coords));\n}, 3000);`,
      errors: [{ line: 2, column: 25, severity: 'warning', messageIncludes: ["'navigator.geolocation.getCurrentPosition'", 'continuous tracking'] }],
    },
    {
      name: 'a function named in setInterval, and window.setInterval',
      code: `async function poll() {\n  const here = await Location.getCurrentPositionAsync({});\n  upload(here);\n}\nwindow.setInterval(poll, 10000);\nimport * as Location from 'expo-location';`,
      errors: [{ line: 2, column: 31 }],
    },
    {
      name: 'a re-arming setTimeout, through one caller',
      code: `const markLocation = () => {\n  navigator.geolocation.getCurrentPosition((position) => map.setView([position.coords.latitude, position.coords.longitude]));\n};\nconst updateLocation = () => {\n  markLocation();\n  setTimeout(updateLocation, 3000);\n};\nupdateLocation();`,
      errors: [{ line: 2, column: 25 }],
    },
    {
      // The timer checks remember their answer per loop and per function: each read here still gets its own.
      name: 'in one file, only the reads that a waiting loop, a timer or a timed caller repeats',
      code: [
        'async function mixed() {',
        '  while (a) { navigator.geolocation.getCurrentPosition(one); await sleep(1000); }',
        '  while (b) { navigator.geolocation.getCurrentPosition(two); await fetchNext(); }',
        '  while (c) { navigator.geolocation.getCurrentPosition(three); await new Promise((r) => setTimeout(r, 500)); }',
        '  navigator.geolocation.getCurrentPosition(four);',
        '}',
        'function timed() { navigator.geolocation.getCurrentPosition(five); navigator.geolocation.getCurrentPosition(six); }',
        'setInterval(timed, 1000);',
        'function viaTimed() { navigator.geolocation.getCurrentPosition(seven); }',
        'function tick() { viaTimed(); }',
        'setInterval(tick, 1000);',
        'function once() { navigator.geolocation.getCurrentPosition(eight); }',
        'once();',
      ].join('\n'),
      errors: [{ line: 2, column: 37 }, { line: 4, column: 37 }, { line: 7, column: 42 }, { line: 7, column: 90 }, { line: 9, column: 45 }],
    },
  ],
});
