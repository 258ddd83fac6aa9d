import { ruleTester } from '../support/ruleTester';

ruleTester('location-ip-lookup', {
  valid: [
    { name: 'a DNS lookup is not a GeoIP lookup', code: `import * as dns from 'dns';\ndns.lookup('example.org', (err, address) => console.log(address));` },
    { name: 'a Map lookup of your own', code: `const geoip = { lookup(ip: string) { return ip; } };\ngeoip.lookup(req.ip);` },
    { name: 'validating an address is no lookup', code: `import maxmind from 'maxmind';\nif (!maxmind.validate(ip)) throw new Error('bad ip');` },
    { name: 'the ASN database says which network, not where', code: `import { Reader } from '@maxmind/geoip2-node';\nconst reader = await Reader.open('GeoLite2-ASN.mmdb');\nconst asn = reader.asn(ip);` },
  ],
  invalid: [
    {
      name: 'geoip-lite lookup of the request address',
      code: `const geoip = require('geoip-lite');\napp.use((req, res, next) => {\n  req.geo = geoip.lookup(req.ip);\n  next();\n});`,
      errors: [{ line: 3, column: 19, endColumn: 25, severity: 'info', messageIncludes: ["'lookup'"] }],
    },
    {
      name: 'maxmind open().get',
      code: `import maxmind, { CityResponse } from 'maxmind';\nconst lookup = await maxmind.open<CityResponse>('/db/GeoLite2-City.mmdb');\nconst city = lookup.get(ip);`,
      errors: [{ line: 3, column: 21 }],
    },
    {
      name: '@maxmind/geoip2-node Reader city',
      code: `import { Reader } from '@maxmind/geoip2-node';\nconst reader = await Reader.open('/db/GeoLite2-City.mmdb');\nconst response = reader.city('128.101.101.101');`,
      errors: [{ line: 3, column: 25 }],
    },
    {
      name: 'openBuffer is synchronous',
      code: `import { Reader } from '@maxmind/geoip2-node';\nconst r = Reader.openBuffer(buf).country(ip);`,
      errors: [{ line: 2, column: 34 }],
    },
  ],
});
