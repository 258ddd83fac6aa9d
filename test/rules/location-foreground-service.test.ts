import { ruleTester } from '../support/ruleTester';

ruleTester('location-foreground-service', {
  valid: [
    {
      name: 'a foreground service for a call, with no location in the file',
      code: `import ReactNativeForegroundService from '@supersami/rn-foreground-service';\nexport async function startCallService() {\n  await ReactNativeForegroundService.start({ id: 3456, title: 'Call', message: 'Call in progress' });\n}`,
    },
    {
      name: 'background actions that sync data only',
      code: `import BackgroundService from 'react-native-background-actions';\nawait BackgroundService.start(sync, { taskName: 'sync', taskTitle: 'Syncing', taskDesc: '' });`,
    },
    {
      name: 'a start() of your own next to a location read',
      code: `const service = { start(o: object) { return o; } };\nservice.start({ id: 1 });\nnavigator.geolocation.getCurrentPosition(show);`,
    },
  ],
  invalid: [
    {
      name: 'rn-foreground-service with a location task',
      code: `import ReactNativeForegroundService from '@supersami/rn-foreground-service';\nimport Geolocation from '@react-native-community/geolocation';\nReactNativeForegroundService.add_task(() => Geolocation.getCurrentPosition(upload), { delay: 10000, onLoop: true, taskId: 'loc' });\nReactNativeForegroundService.start({ id: 144, title: 'Location Tracking', serviceType: 'location' });`,
      errors: [{ line: 4, column: 30, endColumn: 35, severity: 'warning', messageIncludes: ["'start'"] }],
    },
    {
      name: 'react-native-background-actions running a watch',
      code: `import BackgroundService from 'react-native-background-actions';\nimport Geolocation from 'react-native-geolocation-service';\nconst task = async () => { Geolocation.watchPosition(send, fail, { distanceFilter: 50 }); };\nawait BackgroundService.start(task, { taskName: 'track', taskTitle: 'Tracking', taskDesc: 'Sharing your location' });`,
      errors: [{ line: 4, column: 25 }],
    },
  ],
});
