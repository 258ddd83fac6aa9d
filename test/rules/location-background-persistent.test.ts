import { ruleTester } from '../support/ruleTester';

ruleTester('location-background-persistent', {
  valid: [
    { name: 'stops on terminate, no start on boot', code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ stopOnTerminate: true, startOnBoot: false });` },
    { name: 'defaults (the libraries stop on terminate by default)', code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ distanceFilter: 50 });` },
    { name: 'the same options on an unrelated object', code: `const service = { ready(o: object) { return o; } };\nservice.ready({ stopOnTerminate: false, startOnBoot: true });` },
  ],
  invalid: [
    {
      name: 'stopOnTerminate: false',
      code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ distanceFilter: 10, stopOnTerminate: false });`,
      errors: [{ line: 2, column: 23, endColumn: 28, severity: 'warning', messageIncludes: ['stopOnTerminate: false'] }],
      fixTitle: 'Stop tracking when the app is terminated',
      fixKind: 'suggestion',
      output: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ distanceFilter: 10, stopOnTerminate: true });`,
    },
    {
      name: 'startOnBoot: true in a config constant (mauron85 configure)',
      code: `import BackgroundGeolocation from '@mauron85/react-native-background-geolocation';\nconst config = { startOnBoot: true, stopOnTerminate: true };\nBackgroundGeolocation.configure(config);`,
      errors: [{ line: 3, column: 23 }],
      fixTitle: 'Do not restart tracking on boot',
      output: `import BackgroundGeolocation from '@mauron85/react-native-background-geolocation';\nconst config = { startOnBoot: false, stopOnTerminate: true };\nBackgroundGeolocation.configure(config);`,
    },
    {
      name: 'both options through the Capacitor plugin: one finding',
      code: `import BackgroundGeolocation from '@transistorsoft/capacitor-background-geolocation';\nawait BackgroundGeolocation.setConfig({ stopOnTerminate: false, startOnBoot: true });`,
      errors: [{ line: 2, column: 29 }],
    },
  ],
});
