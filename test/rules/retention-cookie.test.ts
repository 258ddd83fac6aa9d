import { ruleTester } from '../support/ruleTester';

const express = `import express from 'express';\nconst app = express();\n`;

ruleTester('retention-cookie', {
  valid: [
    { name: 'js-cookie with expires (days)', code: `import Cookies from 'js-cookie';\nnavigator.geolocation.getCurrentPosition((p) => Cookies.set('pos', JSON.stringify(p.coords), { expires: 1 }));` },
    { name: 'Express cookie with maxAge', code: express + `app.post('/p', (req, res) => {\n  res.cookie('pos', String(req.body.lat), { maxAge: 60000 });\n});` },
    { name: 'document.cookie with Max-Age', code: 'navigator.geolocation.getCurrentPosition((p) => {\n  document.cookie = `pos=${p.coords.latitude}; Max-Age=3600`;\n});' },
    { name: 'removed again on logout', code: `import Cookies from 'js-cookie';\nnavigator.geolocation.getCurrentPosition((p) => Cookies.set('pos', String(p.coords.latitude)));\nexport const logout = () => Cookies.remove('pos');` },
    { name: 'a cookie with no location in it', code: `import Cookies from 'js-cookie';\nnavigator.geolocation.getCurrentPosition(() => Cookies.set('seen', '1'));` },
  ],
  invalid: [
    {
      name: 'js-cookie: expiry added in days',
      code: `import Cookies from 'js-cookie';\nnavigator.geolocation.getCurrentPosition((p) => Cookies.set('pos', JSON.stringify(p.coords)));`,
      errors: [{ line: 2, column: 57, endColumn: 60, messageIncludes: ["'Cookies.set'", 'position'] }],
      output: `import Cookies from 'js-cookie';\nnavigator.geolocation.getCurrentPosition((p) => Cookies.set('pos', JSON.stringify(p.coords), { expires: 30 }));`,
      fixKind: 'fix',
    },
    {
      name: 'Express res.cookie: maxAge added in milliseconds',
      code: express + `app.post('/p', (req, res) => {\n  res.cookie('pos', String(req.body.lat), { httpOnly: true });\n});`,
      errors: [{ line: 4, column: 7 }],
      output: express + `app.post('/p', (req, res) => {\n  res.cookie('pos', String(req.body.lat), { httpOnly: true, maxAge: 2592000000 });\n});`,
    },
    {
      name: 'Next.js cookies().set: maxAge added in seconds',
      code: `import { cookies } from 'next/headers';\nimport geoip from 'geoip-lite';\nexport function remember(ip: string) {\n  const geo = geoip.lookup(ip);\n  cookies().set('city', JSON.stringify(geo));\n}`,
      errors: [{ line: 5, column: 13 }],
      output: `import { cookies } from 'next/headers';\nimport geoip from 'geoip-lite';\nexport function remember(ip: string) {\n  const geo = geoip.lookup(ip);\n  cookies().set('city', JSON.stringify(geo), { maxAge: 2592000 });\n}`,
    },
    {
      name: 'document.cookie without Max-Age or Expires',
      code: 'navigator.geolocation.getCurrentPosition((p) => {\n  document.cookie = `pos=${p.coords.latitude},${p.coords.longitude}; path=/`;\n});',
      errors: [{ line: 2, column: 12, endColumn: 18 }],
      output: 'navigator.geolocation.getCurrentPosition((p) => {\n  document.cookie = `pos=${p.coords.latitude},${p.coords.longitude}; path=/; Max-Age=2592000`;\n});',
    },
  ],
});
