import { ruleTester } from '../support/ruleTester';

ruleTester('location-background', {
  valid: [
    { name: 'foreground watch belongs to location-watch', code: `import * as Location from 'expo-location';\nawait Location.watchPositionAsync({}, (l) => show(l));` },
    { name: 'stopping background updates', code: `import * as Location from 'expo-location';\nawait Location.stopLocationUpdatesAsync('bg-task');` },
    { name: 'a local start() on an unrelated object', code: `const engine = { start() {} };\nengine.start();` },
    { name: 'a media player native module', code: `import { NativeModules } from 'react-native';\nNativeModules.AudioPlayer.startPlayback();` },
    { name: 'RN community geolocation without background updates', code: `import Geolocation from '@react-native-community/geolocation';\nGeolocation.setRNConfiguration({ skipPermissionRequests: false, enableBackgroundLocationUpdates: false });` },
    { name: 'background-fetch is not location', code: `import BackgroundFetch from 'react-native-background-fetch';\nBackgroundFetch.start();` },
  ],
  invalid: [
    {
      name: 'expo startLocationUpdatesAsync with a TaskManager task',
      code: `import * as Location from 'expo-location';\nimport * as TaskManager from 'expo-task-manager';\nTaskManager.defineTask('bg', ({ data }) => save(data));\nawait Location.startLocationUpdatesAsync('bg', { accuracy: Location.Accuracy.Balanced });`,
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 41, severity: 'warning', messageIncludes: ['TaskManager.defineTask'] }],
    },
    {
      name: 'expo geofencing without a task in this file',
      code: `import { startGeofencingAsync } from 'expo-location';\nawait startGeofencingAsync('fences', [{ latitude: 52.5, longitude: 13.4, radius: 200 }]);`,
      errors: [{ line: 2, column: 7, messageIncludes: ['background or closed'] }],
    },
    {
      name: 'react-native-background-geolocation start',
      code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ distanceFilter: 50 }).then((state) => {\n  if (!state.enabled) BackgroundGeolocation.start();\n});`,
      errors: [{ line: 2, column: 23 }, { line: 3, column: 45 }],
    },
    {
      name: 'ready() alone resumes tracking that was enabled before',
      code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.onLocation((location) => upload(location));\nawait BackgroundGeolocation.ready({ distanceFilter: 50 });`,
      errors: [{ line: 3, column: 29 }],
    },
    {
      name: 'mauron85 background geolocation start',
      code: `import BackgroundGeolocation from '@mauron85/react-native-background-geolocation';\nBackgroundGeolocation.configure({ distanceFilter: 50 });\nBackgroundGeolocation.start();`,
      errors: [{ line: 2, column: 23 }, { line: 3, column: 23 }],
    },
    {
      name: 'Transistorsoft Capacitor plugin geofences',
      code: `import BackgroundGeolocation from '@transistorsoft/capacitor-background-geolocation';\nawait BackgroundGeolocation.startGeofences();`,
      errors: [{ line: 2, column: 29 }],
    },
    {
      name: 'Capacitor community plugin registered by name',
      code: `import { registerPlugin } from '@capacitor/core';\nconst BackgroundGeolocation = registerPlugin<any>('BackgroundGeolocation');\nBackgroundGeolocation.addWatcher({ backgroundMessage: 'Tracking', requestPermissions: true }, (loc: any) => send(loc));`,
      errors: [{ line: 3, column: 23 }],
    },
    {
      name: 'RN community geolocation with background updates enabled',
      code: `import Geolocation from '@react-native-community/geolocation';\nGeolocation.setRNConfiguration({ authorizationLevel: 'whenInUse', enableBackgroundLocationUpdates: true });`,
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'a native location foreground service started from JS',
      code: `import { NativeModules } from 'react-native';\nconst { LocationServiceModule } = NativeModules;\nLocationServiceModule.startService({ interval: 10000 });`,
      errors: [{ line: 3, column: 23 }],
    },
    {
      name: 'react-native-location with background updates allowed',
      code: `import RNLocation from 'react-native-location';\nRNLocation.configure({ distanceFilter: 50, allowsBackgroundLocationUpdates: true });`,
      errors: [{ line: 2, column: 12 }],
    },
  ],
});
