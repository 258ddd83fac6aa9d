import { ruleTester } from '../support/ruleTester';

const FIX = 'Lower the accuracy level to about 100 m';

ruleTester('location-accuracy-level', {
  valid: [
    { name: 'expo balanced accuracy', code: `import * as Location from 'expo-location';\nawait Location.getCurrentPositionAsync({ accuracy: Location.Accuracy.Balanced });` },
    { name: 'expo Low (about 1 km)', code: `import * as Location from 'expo-location';\nawait Location.watchPositionAsync({ accuracy: Location.Accuracy.Low }, cb);` },
    { name: 'an Accuracy enum of your own', code: `enum Accuracy { Highest, Low }\nconst Location = { getCurrentPositionAsync(o: object) { return o; } };\nLocation.getCurrentPositionAsync({ accuracy: Accuracy.Highest });` },
    { name: 'react-native-geolocation-service balanced', code: `import Geolocation from 'react-native-geolocation-service';\nGeolocation.getCurrentPosition(ok, fail, { accuracy: { android: 'balanced', ios: 'hundredMeters' } });` },
    { name: 'background-geolocation low accuracy', code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ desiredAccuracy: BackgroundGeolocation.DESIRED_ACCURACY_LOW });` },
  ],
  invalid: [
    {
      name: 'expo Accuracy.Highest',
      code: `import * as Location from 'expo-location';\nawait Location.getCurrentPositionAsync({ accuracy: Location.Accuracy.Highest });`,
      errors: [{ line: 2, column: 16, endColumn: 39, severity: 'warning' }],
      fixTitle: FIX,
      fixKind: 'suggestion',
      output: `import * as Location from 'expo-location';\nawait Location.getCurrentPositionAsync({ accuracy: Location.Accuracy.Balanced });`,
    },
    {
      name: 'expo Accuracy.High (about 10 m; GPS priority on Android) and its number 4, lowered to Balanced, not to the Transistorsoft mapping',
      code: `import * as Location from 'expo-location';\nawait Location.watchPositionAsync({ accuracy: Location.Accuracy.High, distanceInterval: 10 }, cb);`,
      errors: [{ line: 2, column: 16 }],
      output: `import * as Location from 'expo-location';\nawait Location.watchPositionAsync({ accuracy: Location.Accuracy.Balanced, distanceInterval: 10 }, cb);`,
    },
    {
      name: 'expo accuracy 4 (High)',
      code: `import * as Location from 'expo-location';\nawait Location.getCurrentPositionAsync({ accuracy: 4 });`,
      errors: [{ line: 2, column: 16 }],
      output: `import * as Location from 'expo-location';\nawait Location.getCurrentPositionAsync({ accuracy: 3 });`,
    },
    {
      name: 'expo BestForNavigation in background updates (options second)',
      code: `import { startLocationUpdatesAsync, Accuracy } from 'expo-location';\nawait startLocationUpdatesAsync('bg', { accuracy: Accuracy.BestForNavigation, timeInterval: 60000 });`,
      errors: [{ line: 2, column: 7 }],
      output: `import { startLocationUpdatesAsync, Accuracy } from 'expo-location';\nawait startLocationUpdatesAsync('bg', { accuracy: Accuracy.Balanced, timeInterval: 60000 });`,
    },
    {
      name: 'expo numeric accuracy 6',
      code: `import * as Location from 'expo-location';\nawait Location.watchPositionAsync({ accuracy: 6 }, cb);`,
      errors: [{ line: 2, column: 16 }],
      output: `import * as Location from 'expo-location';\nawait Location.watchPositionAsync({ accuracy: 3 }, cb);`,
    },
    {
      name: "react-native-geolocation-service android 'high' / ios 'best'",
      code: `import Geolocation from 'react-native-geolocation-service';\nGeolocation.watchPosition(ok, fail, { accuracy: { android: 'high', ios: 'best' }, distanceFilter: 100 });`,
      errors: [{ line: 2, column: 13 }],
      output: `import Geolocation from 'react-native-geolocation-service';\nGeolocation.watchPosition(ok, fail, { accuracy: { android: 'balanced', ios: 'hundredMeters' }, distanceFilter: 100 });`,
    },
    {
      name: 'background-geolocation DESIRED_ACCURACY_HIGH',
      code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ desiredAccuracy: BackgroundGeolocation.DESIRED_ACCURACY_HIGH, distanceFilter: 10 });`,
      errors: [{ line: 2, column: 23 }],
      output: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ desiredAccuracy: BackgroundGeolocation.DESIRED_ACCURACY_LOW, distanceFilter: 10 });`,
    },
    {
      name: 'background-geolocation v5 DesiredAccuracy.Navigation',
      code: `import BackgroundGeolocation, { DesiredAccuracy } from 'react-native-background-geolocation';\nawait BackgroundGeolocation.ready({ desiredAccuracy: DesiredAccuracy.Navigation });`,
      errors: [{ line: 2, column: 29 }],
      output: `import BackgroundGeolocation, { DesiredAccuracy } from 'react-native-background-geolocation';\nawait BackgroundGeolocation.ready({ desiredAccuracy: DesiredAccuracy.Low });`,
    },
    {
      name: 'background-geolocation numeric -1',
      code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.setConfig({ desiredAccuracy: -1 });`,
      errors: [{ line: 2, column: 23 }],
      output: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.setConfig({ desiredAccuracy: 100 });`,
    },
    {
      name: 'mauron85 HIGH_ACCURACY',
      code: `import BackgroundGeolocation from '@mauron85/react-native-background-geolocation';\nBackgroundGeolocation.configure({ desiredAccuracy: BackgroundGeolocation.HIGH_ACCURACY });`,
      errors: [{ line: 2, column: 23 }],
      output: `import BackgroundGeolocation from '@mauron85/react-native-background-geolocation';\nBackgroundGeolocation.configure({ desiredAccuracy: BackgroundGeolocation.MEDIUM_ACCURACY });`,
    },
    {
      name: 'react-native-location desiredAccuracy',
      code: `import RNLocation from 'react-native-location';\nRNLocation.configure({ distanceFilter: 100, desiredAccuracy: { ios: 'best', android: 'highAccuracy' } });`,
      errors: [{ line: 2, column: 12 }],
      output: `import RNLocation from 'react-native-location';\nRNLocation.configure({ distanceFilter: 100, desiredAccuracy: { ios: 'hundredMeters', android: 'balancedPowerAccuracy' } });`,
    },
  ],
});
