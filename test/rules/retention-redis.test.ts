import { ruleTester } from '../support/ruleTester';

const nodeRedis = `import express from 'express';\nimport { createClient } from 'redis';\nconst app = express();\nconst redis = createClient();\n`;
const ioredis = `import express from 'express';\nimport Redis from 'ioredis';\nconst app = express();\nconst redis = new Redis();\n`;

ruleTester('retention-redis', {
  valid: [
    { name: 'node-redis v4 EX option', code: nodeRedis + `app.post('/p', async (req, res) => {\n  await redis.set('pos', JSON.stringify(req.body.lat), { EX: 600 });\n});` },
    { name: 'node-redis v5 expiration option', code: nodeRedis + `app.post('/p', async (req, res) => {\n  await redis.set('pos', String(req.body.lat), { expiration: { type: 'EX', value: 600 } });\n});` },
    { name: 'ioredis positional EX', code: ioredis + `app.post('/p', async (req, res) => {\n  await redis.set('pos', req.body.lat, 'EX', 600);\n});` },
    { name: 'expire on the same key in the same function', code: nodeRedis + 'app.post(\'/p\', async (req, res) => {\n  const key = `courier:${req.params.id}`;\n  await redis.hSet(key, { lat: req.body.lat, lng: req.body.lng });\n  await redis.expire(key, 3600);\n});' },
    { name: 'a capped list (ltrim on the same key)', code: ioredis + `app.post('/p', async (req, res) => {\n  await redis.lpush('trail', JSON.stringify({ lat: req.body.lat }));\n  await redis.ltrim('trail', 0, 99);\n});` },
    { name: 'a value that is not location', code: nodeRedis + `app.post('/p', async (req, res) => {\n  await redis.set('name', req.body.name);\n});` },
    { name: 'a local object with a set method', code: `const cache = { set(k: string, v: unknown) {} };\nnavigator.geolocation.getCurrentPosition((p) => cache.set('p', p));` },
  ],
  invalid: [
    {
      name: 'node-redis set without TTL: fix adds EX',
      code: nodeRedis + `app.post('/p', async (req, res) => {\n  await redis.set('pos', JSON.stringify({ lat: req.body.lat }));\n});`,
      errors: [{ line: 6, column: 15, endLine: 6, endColumn: 18, severity: 'warning', messageIncludes: ["'redis.set'", 'request coordinates', "'app.post'"] }],
      output: nodeRedis + `app.post('/p', async (req, res) => {\n  await redis.set('pos', JSON.stringify({ lat: req.body.lat }), { EX: 2592000 });\n});`,
      fixKind: 'fix',
    },
    {
      name: 'ioredis set: fix adds positional EX in seconds',
      code: ioredis + `app.post('/p', async (req, res) => {\n  await redis.set('pos', req.body.latitude);\n});`,
      errors: [{ line: 6, column: 15 }],
      output: ioredis + `app.post('/p', async (req, res) => {\n  await redis.set('pos', req.body.latitude, 'EX', 2592000);\n});`,
    },
    {
      name: 'an options object without EX gets one (retention option honoured)',
      code: nodeRedis + `app.post('/p', async (req, res) => {\n  await redis.set('pos', String(req.body.lat), { NX: true });\n});`,
      options: { defaultRetentionDays: 1 },
      errors: [{ line: 6, column: 15 }],
      output: nodeRedis + `app.post('/p', async (req, res) => {\n  await redis.set('pos', String(req.body.lat), { NX: true, EX: 86400 });\n});`,
    },
    {
      name: 'hSet with an expire in another function does not count: fix adds expire after it',
      code: nodeRedis + `app.post('/p', async (req, res) => {\n  await redis.hSet('c1', { lat: req.body.lat });\n});\nexport async function later() { await redis.expire('c1', 60); }`,
      errors: [{ line: 6, column: 15 }],
      output: nodeRedis + `app.post('/p', async (req, res) => {\n  await redis.hSet('c1', { lat: req.body.lat });\n  await redis.expire('c1', 2592000);\n});\nexport async function later() { await redis.expire('c1', 60); }`,
    },
    {
      name: 'IP geolocation stored with GEOADD-style write',
      code: `import geoip from 'geoip-lite';\nimport Redis from 'ioredis';\nconst redis = new Redis();\nexport function seen(ip: string) {\n  const geo = geoip.lookup(ip);\n  if (geo) redis.geoadd('visitors', geo.ll[1], geo.ll[0], ip);\n}`,
      errors: [{ line: 6, column: 18, messageIncludes: ['IP geolocation', "'geoip.lookup'"] }],
    },
  ],
});
