import { ruleTester } from '../support/ruleTester';

ruleTester('location-watch', {
  valid: [
    { code: `function watchPosition(cb: () => void) { cb(); }\nwatchPosition(() => {});` },
    { code: `const url = window.location.href;\nconsole.log(url);` },
    { code: `navigator.geolocation.getCurrentPosition((p) => show(p));` },
    { code: `const geolocation = { watchPosition() {} };\ngeolocation.watchPosition();` },
  ],
  invalid: [
    {
      code: `navigator.geolocation.watchPosition((p) => show(p));`,
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 36, severity: 'warning', messageIncludes: ['ever calls clearWatch'] }],
      output: `navigator.geolocation.getCurrentPosition((p) => show(p));`,
      fixKind: 'suggestion',
    },
    {
      code: `const { geolocation } = window.navigator;\nconst id = geolocation.watchPosition(cb);\nstop = () => navigator.geolocation.clearWatch(id);`,
      errors: [{ line: 2, column: 24, messageIncludes: ['until clearWatch is called'] }],
    },
    {
      code: `globalThis.navigator?.geolocation?.watchPosition(cb);`,
      errors: [{ line: 1, column: 36 }],
    },
  ],
});
