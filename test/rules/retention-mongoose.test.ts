import { ruleTester } from '../support/ruleTester';

const head = `import express from 'express';\nimport mongoose from 'mongoose';\nconst app = express();\n`;
const route = `app.post('/ping', async (req, res) => {\n  await Ping.create({ lat: req.body.lat, lng: req.body.lng });\n});`;

ruleTester('retention-mongoose', {
  valid: [
    { name: '`expires` on the timestamp field', code: head + `const Ping = mongoose.model('Ping', new mongoose.Schema({ lat: Number, lng: Number, at: { type: Date, default: Date.now, expires: 3600 } }));\n` + route },
    { name: 'an expireAfterSeconds index on the schema', code: head + `const schema = new mongoose.Schema({ lat: Number, lng: Number }, { timestamps: true });\nschema.index({ createdAt: 1 }, { expireAfterSeconds: 86400 });\nconst Ping = mongoose.model('Ping', schema);\n` + route },
    { name: 'deleted on a path (deleteMany on logout)', code: head + `const Ping = mongoose.model('Ping', new mongoose.Schema({ lat: Number, lng: Number }));\n` + route + `\napp.post('/logout', async (req, res) => { await Ping.deleteMany({ courier: req.body.id }); });` },
    { name: 'a capped collection', code: head + `const Ping = mongoose.model('Ping', new mongoose.Schema({ lat: Number, lng: Number }, { capped: { size: 1024, max: 100 } }));\n` + route },
    { name: 'MongoDB driver with a TTL index on the collection', code: `import { MongoClient } from 'mongodb';\nimport geoip from 'geoip-lite';\nconst db = new MongoClient('mongodb://x').db('app');\nconst visits = db.collection('visits');\nvisits.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });\nexport function seen(ip: string) { return visits.insertOne({ geo: geoip.lookup(ip), at: new Date() }); }` },
    { name: 'a job posting: `location` and `position` fields are not coordinates', code: head + `const Job = mongoose.model('Job', new mongoose.Schema({ title: String, location: String, position: String }));\napp.post('/jobs', async (req, res) => { await Job.create({ location: req.body.location, position: req.body.position }); });` },
    { name: 'not location data', code: head + `const User = mongoose.model('User', new mongoose.Schema({ name: String }));\napp.post('/u', async (req, res) => { await User.create({ name: req.body.name }); });` },
  ],
  invalid: [
    {
      name: 'Model.create on a schema without TTL: fix adds `expires` to the timestamp field',
      code: head + `const Ping = mongoose.model('Ping', new mongoose.Schema({\n  lat: Number,\n  lng: Number,\n  createdAt: { type: Date, default: Date.now },\n}));\n` + route,
      errors: [{ line: 10, column: 14, endColumn: 20, messageIncludes: ["'Ping.create'", 'request coordinates', 'no TTL'] }],
      output: head + `const Ping = mongoose.model('Ping', new mongoose.Schema({\n  lat: Number,\n  lng: Number,\n  createdAt: { type: Date, default: Date.now, expires: 2592000 },\n}));\n` + route,
      fixKind: 'fix',
    },
    {
      name: '`new Model(…)` with `timestamps: true`: fix adds a TTL index on createdAt',
      code: head + `const schema = new mongoose.Schema({ lat: Number, lng: Number }, { timestamps: true });\nconst Ping = mongoose.model('Ping', schema);\napp.post('/ping', async (req, res) => {\n  await new Ping({ lat: req.body.lat }).save();\n});`,
      errors: [{ line: 7, column: 9, endColumn: 17 }],
      output: head + `const schema = new mongoose.Schema({ lat: Number, lng: Number }, { timestamps: true });\nschema.index({ createdAt: 1 }, { expireAfterSeconds: 2592000 });\nconst Ping = mongoose.model('Ping', schema);\napp.post('/ping', async (req, res) => {\n  await new Ping({ lat: req.body.lat }).save();\n});`,
    },
    {
      name: 'an expireAfterSeconds index on another schema does not count',
      code: head + `const other = new mongoose.Schema({ a: Number });\nother.index({ at: 1 }, { expireAfterSeconds: 60 });\nconst Ping = mongoose.model('Ping', new mongoose.Schema({ lat: Number }));\napp.post('/ping', async (req, res) => { await Ping.updateOne({ _id: req.params.id }, { lat: req.body.lat }, { upsert: true }); });`,
      errors: [{ line: 7, column: 52 }],
    },
  ],
});
