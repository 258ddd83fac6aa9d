import { ruleTester } from '../support/ruleTester';

const server = `import express from 'express';\nconst app = express();\n`;

ruleTester('retention-log', {
  valid: [
    { name: 'console in browser code is not kept', code: `navigator.geolocation.getCurrentPosition((p) => console.log(p.coords));` },
    { name: 'pino with redact paths', code: `import pino from 'pino';\nimport express from 'express';\nconst log = pino({ redact: ['lat', 'lng'] });\nconst app = express();\napp.post('/p', (req, res) => log.info({ lat: req.body.lat }));` },
    { name: 'winston with a rotating file that keeps 14 days', code: `import winston from 'winston';\nimport DailyRotateFile from 'winston-daily-rotate-file';\nimport express from 'express';\nconst logger = winston.createLogger({ transports: [new DailyRotateFile({ filename: 'app-%DATE%.log', maxFiles: '14d' })] });\nconst app = express();\napp.post('/p', (req, res) => logger.info('ping', { lat: req.body.lat }));` },
    { name: 'server log without location', code: server + `app.post('/p', (req, res) => console.log('ping from', req.body.name));` },
  ],
  invalid: [
    {
      name: 'console.log on a server: fix logs a redacted value',
      code: server + `app.post('/p', (req, res) => {\n  console.log('ping at', req.body.lat, req.body.name);\n});`,
      errors: [{ line: 4, column: 11, endColumn: 14, messageIncludes: ["'console.log'"] }],
      output: server + `app.post('/p', (req, res) => {\n  console.log('ping at', '[redacted request coordinates]', req.body.name);\n});`,
      fixKind: 'fix',
    },
    {
      name: 'winston logger',
      code: `import winston from 'winston';\nimport geoip from 'geoip-lite';\nconst logger = winston.createLogger({});\nexport const seen = (ip: string) => logger.info('visit', { geo: geoip.lookup(ip) });`,
      errors: [{ line: 4, column: 44 }],
      output: `import winston from 'winston';\nimport geoip from 'geoip-lite';\nconst logger = winston.createLogger({});\nexport const seen = (ip: string) => logger.info('visit', '[redacted IP geolocation]');`,
    },
    {
      name: 'pino without redact',
      code: `import pino from 'pino';\nimport geoip from 'geoip-lite';\nconst log = pino();\nexport const seen = (ip: string) => log.info({ geo: geoip.lookup(ip) }, 'visit');`,
      errors: [{ line: 4, column: 41 }],
    },
  ],
});
