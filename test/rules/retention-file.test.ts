import { ruleTester } from '../support/ruleTester';

ruleTester('retention-file', {
  valid: [
    { name: 'the same file is unlinked afterwards', code: `import * as fs from 'fs';\nimport geoip from 'geoip-lite';\nexport function f(ip: string) {\n  fs.writeFileSync('/tmp/geo.json', JSON.stringify(geoip.lookup(ip)));\n  fs.unlinkSync('/tmp/geo.json');\n}` },
    { name: 'S3 bucket with a lifecycle expiration rule', code: `import { S3Client, PutObjectCommand, PutBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';\nimport geoip from 'geoip-lite';\nconst s3 = new S3Client({});\nawait s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'b', LifecycleConfiguration: { Rules: [{ ID: 'x', Status: 'Enabled', Expiration: { Days: 7 } }] } }));\nexport const f = (ip: string) => s3.send(new PutObjectCommand({ Bucket: 'b', Key: ip, Body: JSON.stringify(geoip.lookup(ip)) }));` },
    { name: 'a file write with no location', code: `import * as fs from 'fs';\nnavigator.geolocation.getCurrentPosition(() => fs.writeFileSync('/tmp/x', 'ok'));` },
  ],
  invalid: [
    {
      name: 'fs.appendFile of positions',
      code: `import { appendFile } from 'fs/promises';\nimport geoip from 'geoip-lite';\nexport async function f(ip: string) {\n  await appendFile('visits.log', JSON.stringify(geoip.lookup(ip)) + '\\n');\n}`,
      errors: [{ line: 4, column: 9, endColumn: 19, messageIncludes: ["'appendFile'", 'IP geolocation'] }],
    },
    {
      name: 'S3 PutObject: the Expires header is a cache hint, not deletion',
      code: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nimport { RekognitionClient, IndexFacesCommand } from '@aws-sdk/client-rekognition';\nconst s3 = new S3Client({});\nconst rek = new RekognitionClient({});\nexport async function enrol(bytes: Uint8Array) {\n  const res = await rek.send(new IndexFacesCommand({ CollectionId: 'c', Image: { Bytes: bytes } }));\n  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'faces.json', Body: JSON.stringify(res.FaceRecords), Expires: new Date(Date.now() + 864e5) }));\n}`,
      errors: [{ line: 7, column: 17, messageIncludes: ['face record'] }],
    },
  ],
});
