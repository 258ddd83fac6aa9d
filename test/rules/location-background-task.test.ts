import { ruleTester } from '../support/ruleTester';

const TM = `import * as TaskManager from 'expo-task-manager';\n`;

ruleTester('location-background-task', {
  valid: [
    { name: 'a background fetch task that never reads locations', code: TM + `TaskManager.defineTask('refresh', async () => { await fetch('/feed'); });` },
    { name: 'a geofencing task that reads only the region', code: TM + `TaskManager.defineTask('fence', ({ data: { eventType, region } }) => { notify(eventType, region.identifier); });` },
    {
      name: 'the same file starts the updates (location-background reports the start)',
      code: TM + `import * as Location from 'expo-location';\nTaskManager.defineTask('bg', ({ data }) => { const { locations } = data; save(locations); });\nexport const start = () => Location.startLocationUpdatesAsync('bg', {});`,
    },
    { name: 'a local defineTask', code: `const TaskManager = { defineTask(n: string, f: Function) { return f; } };\nTaskManager.defineTask('bg', ({ data }) => data.locations);` },
  ],
  invalid: [
    {
      name: 'a task file that receives and uploads background locations (destructured)',
      code: TM + `export const TASK = 'background-location-task';\nTaskManager.defineTask(TASK, async ({ data, error }) => {\n  if (error) return;\n  const { locations } = data as any;\n  await upload(locations[0].coords);\n});`,
      errors: [{ line: 3, column: 13, severity: 'warning', messageIncludes: ["'defineTask'", 'background'] }],
    },
    {
      name: 'a named handler function (data.locations)',
      code: `import { defineTask } from 'expo-task-manager';\nfunction onLocations({ data }) { store(data.locations); }\ndefineTask('bg', onLocations);`,
      errors: [{ line: 3, column: 1 }],
    },
  ],
});
