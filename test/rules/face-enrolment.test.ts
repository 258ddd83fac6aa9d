import { ruleTester } from '../support/ruleTester';

const v3 = `import { RekognitionClient, IndexFacesCommand } from '@aws-sdk/client-rekognition';
const client = new RekognitionClient({});
export async function enrol(userId: string, bytes: Uint8Array) {
  await client.send(new IndexFacesCommand({ CollectionId: 'members', Image: { Bytes: bytes }, ExternalImageId: userId }));
}`;

const pinecone = `import { Pinecone } from '@pinecone-database/pinecone';\nconst pc = new Pinecone({ apiKey: process.env.PINECONE_API_KEY! });\n`;

ruleTester('face-enrolment', {
  valid: [
    { name: 'a vector index of documents, not faces', code: pinecone + `const docs = pc.index('business-documents');\nexport const add = (id: string, values: number[]) => docs.upsert([{ id, values }]);` },
    { name: 'a Chroma collection of notes', code: `const { ChromaClient } = require('chromadb');\nconst client = new ChromaClient();\nasync function f() {\n  const notes = await client.getOrCreateCollection({ name: 'notes' });\n  await notes.add({ ids: ['1'], documents: ['hello'] });\n}` },
    { name: 'a local indexFaces function', code: `function indexFaces(list) { return list.map((f, i) => i); }\nindexFaces(faces);` },
    { name: 'searching is not enrolment (other rule)', code: `import { SearchFacesByImageCommand } from '@aws-sdk/client-rekognition';\nnew SearchFacesByImageCommand({ CollectionId: 'c', Image: img });` },
    { name: 'a local LabeledFaceDescriptors class', code: `class LabeledFaceDescriptors { constructor(public label: string) {} }\nnew LabeledFaceDescriptors('x');` },
    {
      name: 'face-api.js: the one reference face of a 1:1 check is no gallery (face-verification reports the match)',
      code: `import * as faceapi from 'face-api.js';\nconst reference = new faceapi.LabeledFaceDescriptors(user.id, [refDescriptor]);\nconst match = new faceapi.FaceMatcher(reference, 0.5).findBestMatch(probe);`,
    },
    { name: 'FaceIO authenticate only', code: `const fio = new faceIO('id');\nfio.authenticate({ locale: 'auto' });` },
  ],
  invalid: [
    {
      name: 'Weaviate (TypeScript client 2.x): an object created in a face class, through a class field; other classes stay quiet',
      code: `import weaviate from 'weaviate-ts-client';\nclass Gallery {\n  constructor() { this.client = weaviate.client({ scheme: 'http', host: 'localhost:8080' }); }\n  add(vector, name) { return this.client.data.creator().withClassName('Face').withProperties({ name }).withVector(vector).do(); }\n  note(text) { return this.client.data.creator().withClassName('Article').withProperties({ text }).do(); }\n}`,
      errors: [{ line: 4, column: 57, severity: 'warning' }],
    },
    {
      name: 'Weaviate: a batch of face objects, with a class deleter in the file (info)',
      code: `const weaviate = require('weaviate-ts-client').default;\nconst client = weaviate.client({ host: 'localhost:8080' });\nclient.batch.objectsBatcher().withObject({ class: 'StudentFace', properties: p, vector: v }).do();\nexports.reset = () => client.schema.classDeleter().withClassName('StudentFace').do();`,
      errors: [{ line: 3, column: 31, severity: 'info', messageIncludes: ['also deletes'] }],
    },
    {
      name: 'Milvus: face descriptors inserted into a face collection; another collection stays quiet',
      code: `import { MilvusClient } from '@zilliz/milvus2-sdk-node';\nconst milvus = new MilvusClient(process.env.MILVUS_URL);\nawait milvus.insert({ collection_name: 'faces', data: rows });\nawait milvus.dataManager.insert({ collection_name: 'faces', fields_data: rows });\nawait milvus.insert({ collection_name: 'articles', data: rows });`,
      errors: [{ line: 3, column: 14, severity: 'warning', messageIncludes: ["'MilvusClient().insert'"] }, { line: 4, column: 26 }],
    },
    {
      name: 'Milvus: a deletion path in the file lowers the enrolment to info',
      code: `import { MilvusClient } from '@zilliz/milvus2-sdk-node';\nconst milvus = new MilvusClient(process.env.MILVUS_URL);\nexport const enrol = (rows: object[]) => milvus.insert({ collection_name: 'faces', data: rows });\nexport const forget = (id: number) => milvus.delete({ collection_name: 'faces', filter: \`id == \${id}\` });`,
      errors: [{ line: 3, column: 49, severity: 'info', messageIncludes: ['also deletes'] }],
    },
    {
      name: 'face embeddings upserted into a Pinecone index named for faces (through a const name)',
      code: pinecone + `const INDEX = 'face-embeddings';\nconst index = pc.index(INDEX);\nexport async function storeFace(id: string, vector: number[]) {\n  await index.upsert([{ id, values: vector }]);\n}`,
      errors: [{ line: 6, column: 15, severity: 'warning', messageIncludes: ["'Pinecone().index().upsert'", 'nothing in this file ever deletes it'] }],
    },
    {
      name: 'a Chroma face collection (awaited factory), with a deletion path in the file',
      code: `const { ChromaClient } = require('chromadb');\nconst client = new ChromaClient();\nasync function enrol(id, embedding) {\n  const faces = await client.getOrCreateCollection({ name: 'known_faces' });\n  await faces.add({ ids: [id], embeddings: [embedding] });\n}\nasync function forget(id) {\n  const faces = await client.getCollection({ name: 'known_faces' });\n  await faces.delete({ ids: [id] });\n}`,
      errors: [{ line: 5, column: 15, severity: 'info', messageIncludes: ['also deletes'] }],
    },
    {
      name: 'Qdrant: points upserted into a face collection',
      code: `import { QdrantClient } from '@qdrant/js-client-rest';\nconst qdrant = new QdrantClient({ url: 'http://localhost:6333' });\nexport const enrol = (id: number, vector: number[]) => qdrant.upsert('employee_faces', { points: [{ id, vector }] });\nexport const cities = (id: number, vector: number[]) => qdrant.upsert('cities', { points: [{ id, vector }] });`,
      errors: [{ line: 3, column: 63, severity: 'warning' }],
    },
    {
      name: 'Rekognition v3 IndexFaces with no deletion path: deletion suggested',
      code: v3,
      errors: [{ line: 4, column: 21, endColumn: 42, severity: 'warning', messageIncludes: ['nothing in this file ever deletes it'] }],
      fixKind: 'suggestion',
      output: `import { RekognitionClient, IndexFacesCommand, DeleteFacesCommand } from '@aws-sdk/client-rekognition';
const client = new RekognitionClient({});
export async function enrol(userId: string, bytes: Uint8Array) {
  await client.send(new IndexFacesCommand({ CollectionId: 'members', Image: { Bytes: bytes }, ExternalImageId: userId }));
  // Undo the enrolment when its purpose ends (request, account closure, retention period).
  const deleteEnrolledFaces = (faceIds: string[]) => client.send(new DeleteFacesCommand({ CollectionId: 'members', FaceIds: faceIds }));
}`,
    },
    {
      name: 'a deletion call in the same file lowers the severity',
      code: `import { RekognitionClient, IndexFacesCommand, DeleteFacesCommand } from '@aws-sdk/client-rekognition';
const client = new RekognitionClient({});
await client.send(new IndexFacesCommand({ CollectionId: 'members', Image: img }));
export const forget = (ids: string[]) => client.send(new DeleteFacesCommand({ CollectionId: 'members', FaceIds: ids }));`,
      errors: [{ line: 3, column: 19, severity: 'info', messageIncludes: ['also deletes'] }],
    },
    {
      name: 'aws-sdk v2 createCollection: deleteCollection suggested',
      code: `const AWS = require('aws-sdk');
const rekognition = new AWS.Rekognition();
rekognition.createCollection({ CollectionId: COLLECTION }).promise();`,
      errors: [{ line: 3, column: 13 }],
      output: `const AWS = require('aws-sdk');
const rekognition = new AWS.Rekognition();
rekognition.createCollection({ CollectionId: COLLECTION }).promise();
// Undo the enrolment when its purpose ends (request, account closure, retention period).
const deleteFaceCollection = () => rekognition.deleteCollection({ CollectionId: COLLECTION }).promise();`,
    },
    {
      name: 'a command built first and sent later',
      code: `import { RekognitionClient, IndexFacesCommand } from '@aws-sdk/client-rekognition';
class Faces {
  private client = new RekognitionClient({});
  async add(collectionId: string, bytes: Uint8Array) {
    const command = new IndexFacesCommand({ CollectionId: collectionId, Image: { Bytes: bytes } });
    return this.client.send(command);
  }
}`,
      errors: [{ line: 5, column: 21 }],
      output: `import { RekognitionClient, IndexFacesCommand, DeleteFacesCommand } from '@aws-sdk/client-rekognition';
class Faces {
  private client = new RekognitionClient({});
  async add(collectionId: string, bytes: Uint8Array) {
    const command = new IndexFacesCommand({ CollectionId: collectionId, Image: { Bytes: bytes } });
    // Undo the enrolment when its purpose ends (request, account closure, retention period).
    const deleteEnrolledFaces = (faceIds: string[]) => this.client.send(new DeleteFacesCommand({ CollectionId: collectionId, FaceIds: faceIds }));
    return this.client.send(command);
  }
}`,
    },
    {
      name: 'face-api labelled gallery, FaceIO enrol, Azure person group face',
      code: `import * as faceapi from 'face-api.js';
import { FaceClient } from '@azure/cognitiveservices-face';
const gallery = people.map((p) => new faceapi.LabeledFaceDescriptors(p.name, [p.descriptor]));
const fio = new faceIO('fioa');
await fio.enroll({ locale: 'auto', payload: { userId } });
const client = new FaceClient(cred, endpoint);
await client.personGroupPerson.addFaceFromUrl(groupId, personId, url);`,
      errors: [{ line: 3, column: 35 }, { line: 5, column: 11 }, { line: 7, column: 32 }],
    },
    {
      name: 'Face++ faceset addface over HTTP',
      code: `await fetch('https://api-us.faceplusplus.com/facepp/v3/faceset/addface', { method: 'POST', body: form });`,
      errors: [{ line: 1, column: 7 }],
    },
  ],
});
