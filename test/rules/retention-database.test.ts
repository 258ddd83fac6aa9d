import { ruleTester } from '../support/ruleTester';

const ddb = `import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\nimport { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport geoip from 'geoip-lite';\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n`;

ruleTester('retention-database', {
  valid: [
    { name: 'DynamoDB item with a ttl attribute', code: ddb + `export async function seen(ip: string) {\n  await doc.send(new PutCommand({ TableName: 'visits', Item: { ip, geo: geoip.lookup(ip), ttl: Math.floor(Date.now() / 1000) + 86400 } }));\n}` },
    { name: 'DynamoDB item with the attribute named in UpdateTimeToLiveCommand', code: ddb + `import { UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';\nnew UpdateTimeToLiveCommand({ TableName: 'visits', TimeToLiveSpecification: { AttributeName: 'purgeOn', Enabled: true } });\nexport async function seen(ip: string) {\n  await doc.send(new PutCommand({ TableName: 'visits', Item: { ip, geo: geoip.lookup(ip), purgeOn: 1 } }));\n}` },
    { name: 'Firestore document with an expireAt field', code: `import { doc, setDoc, getFirestore } from 'firebase/firestore';\nnavigator.geolocation.getCurrentPosition((p) => setDoc(doc(getFirestore(), 'pos', 'me'), { lat: p.coords.latitude, expireAt: new Date(Date.now() + 864e5) }));` },
    { name: 'Prisma rows deleted by the same model', code: `import { PrismaClient } from '@prisma/client';\nimport geoip from 'geoip-lite';\nconst prisma = new PrismaClient();\nexport const seen = (ip: string) => prisma.visit.create({ data: { geo: JSON.stringify(geoip.lookup(ip)) } });\nexport const purge = () => prisma.visit.deleteMany({ where: {} });` },
    { name: 'Supabase rows deleted from the same table', code: `import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient('https://x.supabase.co', 'anon');\nnavigator.geolocation.getCurrentPosition(async (p) => { await supabase.from('visits').insert({ lat: p.coords.latitude }); });\nexport const purge = () => supabase.from('visits').delete().lt('at', cutoff);` },
    { name: 'Supabase update without location', code: `import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient('https://x.supabase.co', 'anon');\nexport const rename = (id: string, name: string) => supabase.from('profiles').update({ name }).eq('id', id);` },
    { name: 'Realtime Database writes without location, and a position written with an expiry field', code: `import firebase from 'firebase/compat/app';\nimport { getDatabase, ref, set } from 'firebase/database';\nfirebase.database().ref('status/' + uid).set({ online: true });\nnavigator.geolocation.getCurrentPosition((p) => set(ref(getDatabase(), 'last'), { lat: p.coords.latitude, expireAt: Date.now() + 3600e3 }));` },
    { name: 'a local set() and a local database() object', code: `const set = (k: string, v: unknown) => v;\nconst database = () => ({ ref: (p: string) => ({ set: (v: unknown) => v }) });\nnavigator.geolocation.getCurrentPosition((p) => { set('k', p.coords); database().ref('x').set(p.coords); });` },
    { name: 'DynamoDB item without location', code: ddb + `export async function seen(ip: string) {\n  await doc.send(new PutCommand({ TableName: 'visits', Item: { ip } }));\n}` },
  ],
  invalid: [
    {
      name: 'DynamoDB PutCommand without a TTL attribute',
      code: ddb + `export async function seen(ip: string) {\n  await doc.send(new PutCommand({ TableName: 'visits', Item: { ip, geo: geoip.lookup(ip) } }));\n}`,
      errors: [{ line: 6, column: 18, endColumn: 32, messageIncludes: ["'new PutCommand'", 'IP geolocation'] }],
    },
    {
      name: 'Firestore setDoc without an expiry field',
      code: `import { doc, setDoc, getFirestore } from 'firebase/firestore';\nnavigator.geolocation.getCurrentPosition((p) => setDoc(doc(getFirestore(), 'pos', 'me'), { lat: p.coords.latitude }));`,
      errors: [{ line: 2, column: 49 }],
    },
    {
      name: 'Supabase insert and update of a position (supabase-js and @supabase/ssr clients)',
      code: `import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient('https://x.supabase.co', 'anon');\nimport { createBrowserClient } from '@supabase/ssr';\nconst browser = createBrowserClient('u', 'k');\nnavigator.geolocation.watchPosition(async (p) => {\n  await supabase.from('drivers').update({ lat: p.coords.latitude, lng: p.coords.longitude }).eq('id', me);\n  await browser.from('trail').insert({ lat: p.coords.latitude });\n});`,
      errors: [{ line: 6, column: 34, messageIncludes: ["'createClient().from().update'"] }, { line: 7, column: 31 }],
    },
    {
      name: 'Firebase Realtime Database (modular set/push, namespaced ref().update, a ref kept in a variable) and React Native Firebase',
      code: `import firebase from 'firebase/compat/app';\nimport { getDatabase, ref, set, push } from 'firebase/database';\nimport database from '@react-native-firebase/database';\nimport firestore from '@react-native-firebase/firestore';\nnavigator.geolocation.watchPosition((pos) => {\n  const { latitude, longitude } = pos.coords;\n  firebase.database().ref('drivers/' + uid).update({ latitude, longitude });\n  set(ref(getDatabase(), 'drivers/' + uid), { lat: latitude, lng: longitude });\n  push(ref(getDatabase(), 'trail'), { lat: latitude });\n  const drivers = firebase.database().ref('drivers');\n  drivers.child(uid).set({ latitude });\n  database().ref(\`/drivers/\${uid}\`).set({ latitude, longitude });\n  firestore().collection('positions').add({ latitude, longitude });\n});`,
      errors: [{ line: 7, column: 45, messageIncludes: ["'database().ref().update'"] }, { line: 8, column: 3 }, { line: 9, column: 3 }, { line: 11, column: 22 }, { line: 12, column: 37, messageIncludes: ["'database().ref().set'"] }, { line: 13, column: 39, messageIncludes: ["'firestore().collection().add'"] }],
    },
    {
      name: 'Prisma create with no deletion anywhere',
      code: `import { PrismaClient } from '@prisma/client';\nimport geoip from 'geoip-lite';\nconst prisma = new PrismaClient();\nexport const seen = (ip: string) => prisma.visit.create({ data: { geo: JSON.stringify(geoip.lookup(ip)) } });`,
      errors: [{ line: 4, column: 50 }],
    },
  ],
});
