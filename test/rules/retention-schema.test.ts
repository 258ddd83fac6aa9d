import { ruleTester } from '../support/ruleTester';

const cjs = `const mongoose = require('mongoose');\n`;

ruleTester('retention-schema', {
  valid: [
    {
      name: 'a location history whose timestamp expires (`expires` on a nested date path)',
      code: cjs + `const Ping = new mongoose.Schema({\n  driverId: Number,\n  location: { type: { type: String, enum: ['Point'] }, coordinates: [Number] },\n  createdAt: { type: Date, default: Date.now, expires: 60 },\n});`,
    },
    {
      name: 'a TTL index on the schema',
      code: cjs + `const schema = new mongoose.Schema({ user: { type: mongoose.Schema.Types.ObjectId, ref: 'User' }, lat: Number, lng: Number }, { timestamps: true });\nschema.index({ createdAt: 1 }, { expireAfterSeconds: 86400 });`,
    },
    { name: 'a capped collection', code: cjs + `new mongoose.Schema({ userId: String, coords: [Number] }, { capped: { size: 4096, max: 100 } });` },
    { name: 'a place, not a person: no person field next to the coordinates', code: cjs + `new mongoose.Schema({ name: String, address: String, location: { type: { type: String }, coordinates: [Number] } });` },
    { name: 'an employee record: `position` is a job title and `allocation` is not a location', code: cjs + `new mongoose.Schema({ employeeId: String, position: String, allocation: Number, department: String });` },
    { name: 'text embeddings of a user are not face templates', code: cjs + `new mongoose.Schema({ user: { type: String }, embedding: [Number], text: String });` },
    { name: 'a numeric descriptor with no person it belongs to', code: cjs + `new mongoose.Schema({ sku: String, descriptor: [Number] });` },
    { name: 'a local class named Schema', code: `class Schema { constructor(public fields: object) {} }\nnew Schema({ userId: 'x', faceDescriptor: [0.1] });` },
  ],
  invalid: [
    {
      name: 'face descriptors per employee, no TTL: the fix expires the timestamp field',
      code: cjs + `const FaceSchema = new mongoose.Schema({\n  employee: { type: mongoose.Schema.Types.ObjectId, ref: 'Employee' },\n  faceDescriptors: { type: [[Number]], required: true },\n  createdAt: { type: Date, default: Date.now },\n});\nmodule.exports = mongoose.model('Face', FaceSchema);`,
      errors: [{ line: 2, column: 20, endColumn: 39, severity: 'warning', messageIncludes: ['location or face template', 'kept for as long as the database lives'] }],
      output: cjs + `const FaceSchema = new mongoose.Schema({\n  employee: { type: mongoose.Schema.Types.ObjectId, ref: 'Employee' },\n  faceDescriptors: { type: [[Number]], required: true },\n  createdAt: { type: Date, default: Date.now, expires: 2592000 },\n});\nmodule.exports = mongoose.model('Face', FaceSchema);`,
      fixKind: 'fix',
    },
    {
      name: 'a face-api.js descriptor keyed by e-mail with `timestamps: true`: the fix adds a TTL index',
      code: cjs + `const Face = new mongoose.Schema({ email: { type: String, unique: true }, descriptor: { type: [Number] } }, { timestamps: true });`,
      errors: [{ line: 2, column: 14 }],
      output: cjs + `const Face = new mongoose.Schema({ email: { type: String, unique: true }, descriptor: { type: [Number] } }, { timestamps: true });\nFace.index({ createdAt: 1 }, { expireAfterSeconds: 2592000 });`,
    },
    {
      name: 'a GeoJSON location per user (named imports): the fix adds an expiring createdAt',
      code: `import { Schema, model } from 'mongoose';\nconst trackSchema = new Schema({ userId: String, location: { type: { type: String, enum: ['Point'] }, coordinates: [Number] } });\nexport const Track = model('Track', trackSchema);`,
      errors: [{ line: 2, column: 21, endColumn: 31 }],
      output: `import { Schema, model } from 'mongoose';\nconst trackSchema = new Schema({ userId: String, location: { type: { type: String, enum: ['Point'] }, coordinates: [Number] }, createdAt: { type: Date, default: Date.now, expires: 2592000 } });\nexport const Track = model('Track', trackSchema);`,
    },
    {
      name: 'quoted field names through `var Schema = mongoose.Schema`',
      code: cjs + `var Schema = mongoose.Schema;\nvar usertrack = new Schema({\n  "user": { type: Schema.Types.ObjectId, ref: 'User' },\n  "locationCoords": { type: [Number], index: '2d' },\n});`,
      errors: [{ line: 3, column: 17 }],
    },
    {
      name: 'an index without expireAfterSeconds is no TTL',
      code: cjs + `const Visit = new mongoose.Schema({ courierId: String, lat: Number, lng: Number });\nconst Other = new mongoose.Schema({ at: Date });\nOther.index({ at: 1 });`,
      errors: [{ line: 2, column: 15 }],
    },
  ],
});
