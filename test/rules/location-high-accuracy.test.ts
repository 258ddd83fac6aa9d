import { ruleTester } from '../support/ruleTester';

const FIX = 'Use enableHighAccuracy: false and accept a cached position (maximumAge)';

ruleTester('location-high-accuracy', {
  valid: [
    { name: 'default accuracy', code: `navigator.geolocation.getCurrentPosition(onFix, onError, { timeout: 5000 });` },
    { name: 'explicitly low accuracy', code: `navigator.geolocation.watchPosition(onFix, onError, { enableHighAccuracy: false, maximumAge: 60000 });` },
    { name: 'the option on something that is not a location call', code: `const settings = { enableHighAccuracy: true };\nsaveSettings(settings);` },
    { name: 'a local getCurrentPosition', code: `function getCurrentPosition(a: unknown, b: unknown, o: { enableHighAccuracy: boolean }) { return o; }\ngetCurrentPosition(null, null, { enableHighAccuracy: true });` },
    { name: 'a value we cannot evaluate is not assumed true', code: `navigator.geolocation.getCurrentPosition(onFix, onError, { enableHighAccuracy: userWantsGps });` },
  ],
  invalid: [
    {
      name: 'W3C getCurrentPosition: false plus a maximumAge',
      code: `navigator.geolocation.getCurrentPosition(onFix, onError, { enableHighAccuracy: true, timeout: 5000 });`,
      errors: [{ line: 1, column: 23, endColumn: 41, severity: 'warning', messageIncludes: ['enableHighAccuracy: true'] }],
      fixTitle: FIX,
      fixKind: 'suggestion',
      output: `navigator.geolocation.getCurrentPosition(onFix, onError, { enableHighAccuracy: false, timeout: 5000, maximumAge: 60000 });`,
    },
    {
      name: 'options in a constant, maximumAge kept when present',
      code: `const opts = { enableHighAccuracy: true, maximumAge: 0 };\nnavigator.geolocation.watchPosition(onFix, onError, opts);`,
      errors: [{ line: 2, column: 23 }],
      fixTitle: FIX,
      output: `const opts = { enableHighAccuracy: false, maximumAge: 0 };\nnavigator.geolocation.watchPosition(onFix, onError, opts);`,
    },
    {
      name: 'Capacitor: options come first',
      code: `import { Geolocation } from '@capacitor/geolocation';\nconst p = await Geolocation.getCurrentPosition({ enableHighAccuracy: true });`,
      errors: [{ line: 2, column: 29 }],
      fixTitle: FIX,
      output: `import { Geolocation } from '@capacitor/geolocation';\nconst p = await Geolocation.getCurrentPosition({ enableHighAccuracy: false, maximumAge: 60000 });`,
    },
    {
      name: 'React Native community geolocation watch',
      code: `import Geolocation from '@react-native-community/geolocation';\nGeolocation.watchPosition(onFix, onError, { enableHighAccuracy: true, distanceFilter: 10 });`,
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'OpenLayers trackingOptions',
      code: `import Geolocation from 'ol/Geolocation';\nconst g = new Geolocation({ trackingOptions: { enableHighAccuracy: true }, projection: view.getProjection() });`,
      errors: [{ line: 2, column: 11 }],
      fixTitle: FIX,
      output: `import Geolocation from 'ol/Geolocation';\nconst g = new Geolocation({ trackingOptions: { enableHighAccuracy: false, maximumAge: 60000 }, projection: view.getProjection() });`,
    },
    {
      name: 'Ionic Native geolocation',
      code: `import { Geolocation } from '@ionic-native/geolocation/ngx';\nexport class P { constructor(private geo: Geolocation) {}\n  where() { return this.geo.getCurrentPosition({ enableHighAccuracy: true }); } }`,
      errors: [{ line: 3, column: 29 }],
    },
    {
      name: 'Leaflet locate with enableHighAccuracy',
      code: `const map = L.map('map');\nmap.locate({ setView: true, enableHighAccuracy: true });`,
      errors: [{ line: 2, column: 5 }],
      fixTitle: FIX,
      output: `const map = L.map('map');\nmap.locate({ setView: true, enableHighAccuracy: false, maximumAge: 60000 });`,
    },
    {
      name: 'Mapbox GeolocateControl positionOptions',
      code: `import mapboxgl from 'mapbox-gl';\nconst g = new mapboxgl.GeolocateControl({ positionOptions: { enableHighAccuracy: true }, trackUserLocation: true });`,
      errors: [{ line: 2, column: 11 }],
      fixTitle: FIX,
      output: `import mapboxgl from 'mapbox-gl';\nconst g = new mapboxgl.GeolocateControl({ positionOptions: { enableHighAccuracy: false, maximumAge: 60000 }, trackUserLocation: true });`,
    },
    {
      name: 'VueUse useGeolocation',
      code: `import { useGeolocation } from '@vueuse/core';\nconst { coords } = useGeolocation({ enableHighAccuracy: true });`,
      errors: [{ line: 2, column: 20 }],
      fixTitle: FIX,
      output: `import { useGeolocation } from '@vueuse/core';\nconst { coords } = useGeolocation({ enableHighAccuracy: false, maximumAge: 60000 });`,
    },
    {
      name: 'react-native-get-location',
      code: `import GetLocation from 'react-native-get-location';\nGetLocation.getCurrentPosition({ enableHighAccuracy: true, timeout: 60000 });`,
      errors: [{ line: 2, column: 13 }],
    },
  ],
});
