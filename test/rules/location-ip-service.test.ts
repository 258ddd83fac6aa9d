import { ruleTester } from '../support/ruleTester';

ruleTester('location-ip-service', {
  valid: [
    { name: 'ipify only returns the caller’s own address', code: `const { ip } = await (await fetch('https://api.ipify.org?format=json')).json();` },
    { name: 'ipinfo.io/ip and ipapi.co/ip/ echo the address only', code: `const a = await fetch('https://ipinfo.io/ip');\nconst b = await fetch('https://ipapi.co/ip/');\nimport axios from 'axios';\nawait axios.get('https://ipinfo.io/ip?token=x');` },
    { name: 'a first-party API', code: `await fetch('/api/geo');\nawait fetch('https://api.example.com/ipinfo.io');` },
    { name: 'a URL we cannot read', code: `await fetch(process.env.GEO_URL!);` },
    { name: 'axios to a reverse geocoder is not an IP lookup', code: `import axios from 'axios';\nawait axios.get('https://nominatim.openstreetmap.org/reverse?format=json');` },
    { name: 'a local fetch function', code: `function fetch(u: string) { return u; }\nfetch('https://ipinfo.io/json');` },
  ],
  invalid: [
    {
      name: 'fetch to ipinfo.io',
      code: `const res = await fetch('https://ipinfo.io/json?token=abc');`,
      errors: [{ line: 1, column: 19, endColumn: 24, severity: 'warning', messageIncludes: ["'fetch to ipinfo.io'"] }],
    },
    {
      name: 'a template URL with the address to ip-api.com',
      code: `export async function where(ip: string) {\n  return fetch(\`http://ip-api.com/json/\${ip}?fields=lat,lon\`);\n}`,
      errors: [{ line: 2, column: 10 }],
    },
    {
      name: 'URL in a constant, window.fetch',
      code: `const GEO = 'https://ipapi.co/json/';\nwindow.fetch(GEO).then((r) => r.json());`,
      errors: [{ line: 2, column: 8 }],
    },
    {
      name: 'axios.get to ipgeolocation.io',
      code: `import axios from 'axios';\nconst { data } = await axios.get(\`https://api.ipgeolocation.io/ipgeo?apiKey=\${key}&ip=\${ip}\`);`,
      errors: [{ line: 2, column: 30 }],
    },
    {
      name: 'axios config object with url',
      code: `const axios = require('axios');\naxios({ method: 'get', url: 'https://api.ipdata.co/?api-key=' + key });`,
      errors: [{ line: 2, column: 1 }],
    },
    {
      name: 'jQuery getJSON to freegeoip',
      code: `$.getJSON('//freegeoip.app/json/', (data) => show(data.city));`,
      errors: [{ line: 1, column: 3 }],
    },
    {
      name: 'XMLHttpRequest to geolocation-db.com',
      code: `const xhr = new XMLHttpRequest();\nxhr.open('GET', 'https://geolocation-db.com/json/');\nxhr.send();`,
      errors: [{ line: 2, column: 5 }],
    },
    {
      name: 'Angular HttpClient',
      code: `import { HttpClient } from '@angular/common/http';\nexport class GeoService {\n  constructor(private http: HttpClient) {}\n  lookup() { return this.http.get('https://ipwho.is/'); }\n}`,
      errors: [{ line: 4, column: 31 }],
    },
    {
      name: 'node-ipinfo',
      code: `import { IPinfoWrapper } from 'node-ipinfo';\nconst ipinfo = new IPinfoWrapper(process.env.IPINFO_TOKEN!);\nconst info = await ipinfo.lookupIp(req.ip);`,
      errors: [{ line: 3, column: 27 }],
    },
    {
      name: 'MaxMind web service client',
      code: `import { WebServiceClient } from '@maxmind/geoip2-node';\nconst client = new WebServiceClient('1234', 'key');\nconst r = await client.city(ip);`,
      errors: [{ line: 3, column: 24 }],
    },
  ],
});
