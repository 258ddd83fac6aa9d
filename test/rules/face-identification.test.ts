import * as assert from 'assert';
import { findingsFor, ruleTester } from '../support/ruleTester';

ruleTester('face-identification', {
  valid: [
    { name: 'a celebrity lookup of the app itself (no Rekognition)', code: `const catalog = { recognizeCelebrities: (name: string) => name };\ncatalog.recognizeCelebrities('Ada');` },
    { name: 'another client of the v2 SDK from its subpath', code: `import S3 from 'aws-sdk/clients/s3';\nnew S3().searchFacesByImage({});` },
    { name: 'a nearest-neighbour query over product vectors', code: `import { Pinecone } from '@pinecone-database/pinecone';\nconst products = new Pinecone().index('products');\nexport const similar = (vector: number[]) => products.query({ vector, topK: 5 });` },
    { name: 'a local search function', code: `function searchFacesByImage(q) { return q; }\nsearchFacesByImage(1);` },
    { name: 'a search request to another API', code: `fetch('https://api.example.com/v3/search?q=faces');` },
    { name: 'FaceIO enrolment is not identification', code: `const fio = new faceIO('app');\nfio.enroll({ locale: 'auto' });` },
    { name: 'a local find on a match object', code: `const match = { find: (x) => x };\nmatch.find(1);` },
    { name: 'Milvus: a search of a document collection, and a scalar query of a face collection', code: `import { MilvusClient } from '@zilliz/milvus2-sdk-node';\nconst milvus = new MilvusClient({ address: 'localhost:19530' });\nawait milvus.search({ collection_name: 'articles', data: [v], limit: 5 });\nawait milvus.query({ collection_name: 'faces', filter: 'user_id == 1' });` },
  ],
  invalid: [
    {
      name: "the v2 client imported from its subpath (aws-sdk/clients/rekognition: globals.json modules), by import and require",
      code: `import Rekognition from 'aws-sdk/clients/rekognition';\nconst Rek2 = require('aws-sdk/clients/rekognition');\nconst rek = new Rekognition({ region: 'us-east-1' });\nexport const a = (b: Buffer) => rek.searchFacesByImage({ CollectionId: 'staff', Image: { Bytes: b } }).promise();\nexport const c = (b: Buffer) => new Rek2().searchFaces({ CollectionId: 'staff', FaceId: 'f' }).promise();`,
      errors: [{ line: 4, column: 37 }, { line: 5, column: 44 }],
    },
    {
      name: 'Rekognition celebrity recognition: a one-to-many search against the provider\'s gallery (v2 and v3)',
      code: `import AWS from 'aws-sdk';\nimport { RecognizeCelebritiesCommand } from '@aws-sdk/client-rekognition';\nconst rekognition = new AWS.Rekognition();\nrekognition.recognizeCelebrities({ Image: { Bytes: bytes } }, cb);\nconst cmd = new RecognizeCelebritiesCommand({ Image: { Bytes: bytes } });`,
      errors: [{ line: 4, column: 13 }, { line: 5, column: 13 }],
    },
    {
      name: 'Milvus: a vector search of a face collection (current and 1.x client)',
      code: `import { MilvusClient } from '@zilliz/milvus2-sdk-node';\nconst milvus = new MilvusClient(process.env.MILVUS_URL);\nexport const who = (v: number[]) => milvus.search({ collection_name: 'face_templates', data: [v], limit: 1 });\nexport const who2 = (v: number[]) => milvus.dataManager.search({ collection_name: 'faces', vectors: [v], topk: 1 });`,
      errors: [{ line: 3, column: 44, severity: 'warning', messageIncludes: ["'MilvusClient().search'"] }, { line: 4, column: 57 }],
    },
    {
      name: 'a top-k query of a face embedding against a vector index of faces (Pinecone, Chroma)',
      code: `import { Pinecone } from '@pinecone-database/pinecone';\nimport { ChromaClient } from 'chromadb';\nconst faces = new Pinecone().index('face-gallery');\nexport const who = (vector: number[]) => faces.query({ vector, topK: 1 });\nexport async function who2(e: number[]) {\n  const c = await new ChromaClient().getCollection({ name: 'faces' });\n  return c.query({ queryEmbeddings: [e], nResults: 3 });\n}`,
      errors: [{ line: 4, column: 48 }, { line: 7, column: 12 }],
    },
    {
      name: 'Qdrant: a search of a face collection (a search of another collection stays quiet)',
      code: `import { QdrantClient } from '@qdrant/js-client-rest';\nconst client = new QdrantClient({ url: 'http://localhost:6333' });\nexport const who = (vector: number[]) => client.search('faces', { vector, limit: 1 });\nexport const near = (vector: number[]) => client.search('products', { vector, limit: 5 });`,
      errors: [{ line: 3, column: 49 }],
    },
    {
      code: `import { RekognitionClient, SearchFacesByImageCommand } from '@aws-sdk/client-rekognition';\nconst client = new RekognitionClient({});\nconst res = await client.send(new SearchFacesByImageCommand({ CollectionId: 'visitors', Image: { Bytes: b }, MaxFaces: 5 }));`,
      errors: [{ line: 3, column: 31, endColumn: 60, severity: 'warning', messageIncludes: ['one-to-many'] }],
    },
    {
      name: 'Azure legacy identify and findSimilar, Azure REST identify',
      code: `import { FaceClient } from '@azure/cognitiveservices-face';\nimport createFaceClient from '@azure-rest/ai-vision-face';\nconst face = new FaceClient(cred, endpoint);\nawait face.face.identify(faceIds, { personGroupId: 'g' });\nawait face.face.findSimilar(faceId, { faceListId: 'l' });\nconst rest = createFaceClient(endpoint, cred);\nawait rest.path('/identify').post({ body: { faceIds, largePersonGroupId: 'g' } });`,
      errors: [{ line: 4, column: 17 }, { line: 5, column: 17 }, { line: 7, column: 12 }],
    },
    {
      name: 'Human match.find and FaceIO authenticate',
      code: `import { Human } from '@vladmandic/human';\nconst human = new Human();\nconst best = human.match.find(embedding, db.map((r) => r.embedding));\nconst faceio = new faceIO('fioa1234');\nconst user = await faceio.authenticate({ locale: 'auto' });`,
      errors: [{ line: 3, column: 26 }, { line: 5, column: 27 }],
    },
    {
      name: 'vendor search endpoints over HTTP',
      code: `import axios from 'axios';\nawait axios.post('https://api-us.faceplusplus.com/facepp/v3/search', form);\nawait fetch('https://api.luxand.cloud/photo/search/v2', { method: 'POST', body });\nawait fetch(\`https://api.kairos.com/recognize\`, { method: 'POST' });`,
      errors: [{ line: 2, column: 13, messageIncludes: ["'post to api-us.faceplusplus.com'"] }, { line: 3, column: 7, messageIncludes: ["'fetch to api.luxand.cloud'"] }, { line: 4, column: 7, messageIncludes: ["'fetch to api.kairos.com'"] }],
    },
    {
      code: `const AWS = require('aws-sdk');\nnew AWS.Rekognition().searchFacesByImage({ CollectionId: 'c', Image: img }, cb);`,
      errors: [{ line: 2, column: 23 }],
    },
  ],
});

describe('face-identification quick fix', () => {
  it('offers no rewrite, only the documentation on verifying one claimed identity', () => {
    const [f] = findingsFor('face-identification', `import { RekognitionClient, SearchFacesByImageCommand } from '@aws-sdk/client-rekognition';\nnew RekognitionClient({}).send(new SearchFacesByImageCommand({ CollectionId: 'c', Image: img }));`);
    assert.deepStrictEqual(f.fixes.map((x) => ({ title: x.title, kind: x.kind, docOnly: x.docOnly, edits: x.edits.length })), [
      { title: 'Verify against one claimed identity instead (open the rule documentation)', kind: 'suggestion', docOnly: true, edits: 0 },
    ]);
  });
});
