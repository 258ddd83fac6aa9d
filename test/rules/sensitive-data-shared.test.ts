import { ruleTester } from '../support/ruleTester';

ruleTester('sensitive-data-shared', {
  valid: [
    { name: 'own origin (relative URL)', code: `navigator.geolocation.getCurrentPosition((p) => fetch('/api/checkin', { method: 'POST', body: JSON.stringify(p.coords) }));` },
    { name: 'unknown URL (configuration): not named, not reported', code: `declare const API: string;\nnavigator.geolocation.getCurrentPosition((p) => fetch(API, { method: 'POST', body: JSON.stringify(p.coords) }));` },
    { name: 'another origin, but no location in the request', code: `navigator.geolocation.getCurrentPosition(() => fetch('https://api.example.com/ping', { method: 'POST' }));` },
    { name: 'axios instance with a relative baseURL', code: `import axios from 'axios';\nconst api = axios.create({ baseURL: '/api' });\nnavigator.geolocation.getCurrentPosition((p) => api.post('/track', p.coords));` },
    { name: 'a gtag defined in the file is not Google Analytics', code: `function gtag(...a: unknown[]) { console.debug(a); }\nnavigator.geolocation.getCurrentPosition((p) => gtag('event', 'checkin', { lat: p.coords.latitude }));` },
    { name: 'a local track function', code: `function track(e: string, props: unknown) {}\nnavigator.geolocation.getCurrentPosition((p) => track('pos', p.coords));` },
  ],
  invalid: [
    {
      name: 'fetch to another origin names the host',
      code: `navigator.geolocation.getCurrentPosition((p) => {\n  fetch('https://tracking.example.org/v1/fix', { method: 'POST', body: JSON.stringify({ lat: p.coords.latitude }) });\n});`,
      errors: [{ line: 2, column: 3, endColumn: 8, messageIncludes: ["'fetch'", "to tracking.example.org"] }],
    },
    {
      name: 'coordinates in a template URL',
      code: 'navigator.geolocation.getCurrentPosition((p) => fetch(`https://maps.vendor.io/rev?lat=${p.coords.latitude}&lng=${p.coords.longitude}`));',
      errors: [{ line: 1, column: 49, messageIncludes: ['maps.vendor.io'] }],
    },
    {
      name: 'axios instance with an absolute baseURL',
      code: `import axios from 'axios';\nconst api = axios.create({ baseURL: 'https://fleet.example.net' });\nnavigator.geolocation.watchPosition((p) => api.post('/track', { lat: p.coords.latitude }));`,
      errors: [{ line: 3, column: 48, messageIncludes: ['fleet.example.net'] }],
    },
    {
      name: 'sendBeacon',
      code: `navigator.geolocation.getCurrentPosition((p) => navigator.sendBeacon('https://collect.example.com/b', JSON.stringify(p.coords)));`,
      errors: [{ line: 1, column: 59, messageIncludes: ['collect.example.com'] }],
    },
    {
      name: 'WebSocket send (host from the constructor)',
      code: `const ws = new WebSocket('wss://live.example.com/socket');\nnavigator.geolocation.watchPosition((p) => ws.send(JSON.stringify(p.coords)));`,
      errors: [{ line: 2, column: 47, messageIncludes: ['live.example.com'] }],
    },
    {
      name: 'XMLHttpRequest send (host from open)',
      code: `const xhr = new XMLHttpRequest();\nxhr.open('POST', 'https://geo.partner.net/v2/ingest');\nnavigator.geolocation.getCurrentPosition((p) => xhr.send(JSON.stringify(p.coords)));`,
      errors: [{ line: 3, column: 53, messageIncludes: ['geo.partner.net'] }],
    },
    {
      name: 'socket.io emit (host from io(url))',
      code: `import { io } from 'socket.io-client';\nconst socket = io('https://live.fleet.example');\nnavigator.geolocation.watchPosition((p) => socket.emit('position', { lat: p.coords.latitude }));`,
      errors: [{ line: 3, column: 51, messageIncludes: ['live.fleet.example'] }],
    },
    {
      name: 'Segment snippet global analytics.track',
      code: `navigator.geolocation.getCurrentPosition((p) => analytics.track('Checked In', { lat: p.coords.latitude }));`,
      errors: [{ line: 1, column: 59, messageIncludes: ['to Segment'] }],
    },
    {
      name: 'Mixpanel track',
      code: `import mixpanel from 'mixpanel-browser';\nnavigator.geolocation.getCurrentPosition((p) => mixpanel.track('checkin', { lat: p.coords.latitude }));`,
      errors: [{ line: 2, column: 58, messageIncludes: ['to Mixpanel'] }],
    },
    {
      name: 'Sentry setUser',
      code: `import * as Sentry from '@sentry/browser';\nnavigator.geolocation.getCurrentPosition((p) => Sentry.setUser({ id: 'u1', geo: { lat: p.coords.latitude } }));`,
      errors: [{ line: 2, column: 56, messageIncludes: ['to Sentry'] }],
    },
    {
      name: 'global gtag event',
      code: `navigator.geolocation.getCurrentPosition((p) => gtag('event', 'checkin', { lat: p.coords.latitude }));`,
      errors: [{ line: 1, column: 49, messageIncludes: ['to Google Analytics'] }],
    },
    {
      name: 'PostHog capture of a face descriptor',
      code: `import posthog from 'posthog-js';\nimport * as faceapi from 'face-api.js';\nexport async function f(img: HTMLImageElement) {\n  const d = await faceapi.computeFaceDescriptor(img);\n  posthog.capture('enrolled', { d });\n}`,
      errors: [{ line: 5, column: 11, messageIncludes: ['face descriptor', 'to PostHog'] }],
    },
  ],
});
