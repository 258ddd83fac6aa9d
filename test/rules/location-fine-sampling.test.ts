import { ruleTester } from '../support/ruleTester';

ruleTester('location-fine-sampling', {
  valid: [
    { name: 'expo watch every 50 m / 30 s', code: `import * as Location from 'expo-location';\nawait Location.watchPositionAsync({ distanceInterval: 50, timeInterval: 30000 }, cb);` },
    { name: 'interval of exactly 5 s is not below the threshold', code: `import Geolocation from 'react-native-geolocation-service';\nGeolocation.watchPosition(ok, fail, { interval: 5000, distanceFilter: 20 });` },
    { name: 'distanceFilter on something else', code: `const map = { watchPosition(a: unknown, b: unknown, o: object) { return o; } };\nmap.watchPosition(null, null, { distanceFilter: 0 });` },
    { name: 'a one-shot read with a zero interval is no trace', code: `import * as Location from 'expo-location';\nawait Location.getCurrentPositionAsync({ timeInterval: 0 });` },
    { name: 'background-geolocation every 100 m', code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ distanceFilter: 100, locationUpdateInterval: 60000 });` },
  ],
  invalid: [
    {
      name: 'expo distanceInterval 0',
      code: `import * as Location from 'expo-location';\nawait Location.watchPositionAsync({ distanceInterval: 0 }, cb);`,
      errors: [{ line: 2, column: 16, endColumn: 34, severity: 'warning', messageIncludes: ['every movement'] }],
    },
    {
      name: 'expo timeInterval 1 s in background updates',
      code: `import * as Location from 'expo-location';\nawait Location.startLocationUpdatesAsync('bg', { timeInterval: 1000, distanceInterval: 25 });`,
      errors: [{ line: 2, column: 16 }],
    },
    {
      name: 'RN geolocation distanceFilter 0 and a 1 s interval: one finding',
      code: `import Geolocation from 'react-native-geolocation-service';\nGeolocation.watchPosition(ok, fail, { distanceFilter: 0, interval: 1000, fastestInterval: 500 });`,
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'background-geolocation locationUpdateInterval 1 s',
      code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nconst config = { distanceFilter: 3, locationUpdateInterval: 1000 };\nBackgroundGeolocation.ready(config);`,
      errors: [{ line: 3, column: 23 }],
    },
    {
      name: 'mauron85 fastestInterval 500 ms',
      code: `import BackgroundGeolocation from '@mauron85/react-native-background-geolocation';\nBackgroundGeolocation.configure({ interval: 10000, fastestInterval: 500 });`,
      errors: [{ line: 2, column: 23 }],
    },
    {
      name: 'Capacitor community plugin distanceFilter 0',
      code: `import { registerPlugin } from '@capacitor/core';\nconst BackgroundGeolocation = registerPlugin<any>('BackgroundGeolocation');\nBackgroundGeolocation.addWatcher({ distanceFilter: 0 }, cb);`,
      errors: [{ line: 3, column: 23 }],
    },
    {
      name: 'react-native-location distanceFilter 0',
      code: `import RNLocation from 'react-native-location';\nRNLocation.configure({ distanceFilter: 0 });`,
      errors: [{ line: 2, column: 12 }],
    },
  ],
});
