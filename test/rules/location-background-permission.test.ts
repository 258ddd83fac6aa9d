import { ruleTester } from '../support/ruleTester';

ruleTester('location-background-permission', {
  valid: [
    { name: 'foreground permission only', code: `import * as Location from 'expo-location';\nawait Location.requestForegroundPermissionsAsync();` },
    { name: 'fine location on Android', code: `import { PermissionsAndroid } from 'react-native';\nawait PermissionsAndroid.request(PermissionsAndroid.PERMISSIONS.ACCESS_FINE_LOCATION);` },
    { name: 'requestMultiple for foreground permissions only', code: `import { PermissionsAndroid } from 'react-native';\nawait PermissionsAndroid.requestMultiple([PermissionsAndroid.PERMISSIONS.ACCESS_FINE_LOCATION, PermissionsAndroid.PERMISSIONS.ACCESS_COARSE_LOCATION]);` },
    { name: 'checking is not requesting', code: `import { PermissionsAndroid } from 'react-native';\nawait PermissionsAndroid.check(PermissionsAndroid.PERMISSIONS.ACCESS_BACKGROUND_LOCATION);` },
    { name: 'while-in-use authorization', code: `import Geolocation from 'react-native-geolocation-service';\nawait Geolocation.requestAuthorization('whenInUse');` },
    { name: 'iOS when-in-use through react-native-permissions', code: `import { request, PERMISSIONS } from 'react-native-permissions';\nawait request(PERMISSIONS.IOS.LOCATION_WHEN_IN_USE);` },
    { name: 'a request helper of your own', code: `function request(p: string) { return p; }\nrequest('android.permission.ACCESS_BACKGROUND_LOCATION');` },
  ],
  invalid: [
    {
      name: 'expo background permission',
      code: `import * as Location from 'expo-location';\nconst { status } = await Location.requestBackgroundPermissionsAsync();`,
      errors: [{ line: 2, column: 35, endColumn: 68, severity: 'warning', messageIncludes: ['any time'] }],
    },
    {
      name: 'Android ACCESS_BACKGROUND_LOCATION through PermissionsAndroid',
      code: `import { PermissionsAndroid } from 'react-native';\nawait PermissionsAndroid.request(PermissionsAndroid.PERMISSIONS.ACCESS_BACKGROUND_LOCATION, { title: 'Location', buttonPositive: 'OK' });`,
      errors: [{ line: 2, column: 26 }],
    },
    {
      name: 'Android requestMultiple with the background permission among others',
      code: `import { PermissionsAndroid } from 'react-native';\nconst granted = await PermissionsAndroid.requestMultiple([\n  PermissionsAndroid.PERMISSIONS.ACCESS_FINE_LOCATION,\n  PermissionsAndroid.PERMISSIONS.ACCESS_BACKGROUND_LOCATION,\n]);`,
      errors: [{ line: 2, column: 42 }],
    },
    {
      name: 'Android requestMultiple with permission strings in a constant',
      code: `import { PermissionsAndroid } from 'react-native';\nconst PERMS = ['android.permission.ACCESS_FINE_LOCATION', 'android.permission.ACCESS_BACKGROUND_LOCATION'];\nawait PermissionsAndroid.requestMultiple(PERMS);`,
      errors: [{ line: 3, column: 26 }],
    },
    {
      name: 'Android permission as a string',
      code: `import { PermissionsAndroid } from 'react-native';\nawait PermissionsAndroid.request('android.permission.ACCESS_BACKGROUND_LOCATION');`,
      errors: [{ line: 2, column: 26 }],
    },
    {
      name: "react-native-geolocation-service 'always'",
      code: `import Geolocation from 'react-native-geolocation-service';\nawait Geolocation.requestAuthorization('always');`,
      errors: [{ line: 2, column: 19 }],
    },
    {
      name: 'react-native-permissions LOCATION_ALWAYS',
      code: `import { request, PERMISSIONS } from 'react-native-permissions';\nawait request(PERMISSIONS.IOS.LOCATION_ALWAYS);`,
      errors: [{ line: 2, column: 7 }],
    },
    {
      name: "RN community geolocation authorizationLevel 'always'",
      code: `import Geolocation from '@react-native-community/geolocation';\nGeolocation.setRNConfiguration({ skipPermissionRequests: false, authorizationLevel: 'always' });`,
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: "background-geolocation locationAuthorizationRequest 'Always'",
      code: `import BackgroundGeolocation from 'react-native-background-geolocation';\nBackgroundGeolocation.ready({ locationAuthorizationRequest: 'Always' });`,
      errors: [{ line: 2, column: 23 }],
    },
  ],
});
