// Back end of the check-in app: enrols each person's face and identifies visitors.
const AWS = require('aws-sdk');
const express = require('express');

const rekognition = new AWS.Rekognition({ region: 'eu-west-1' });
const COLLECTION = 'checkin-people';
const app = express();
app.use(express.json({ limit: '5mb' }));

app.post('/api/enrol', async (req, res) => {
  const image = Buffer.from(req.body.selfie, 'base64');
  await rekognition.createCollection({ CollectionId: COLLECTION }).promise().catch(() => undefined);
  const indexed = await rekognition
    .indexFaces({ CollectionId: COLLECTION, Image: { Bytes: image }, ExternalImageId: req.body.caseId, DetectionAttributes: ['ALL'] })
    .promise();
  res.json({ faceId: indexed.FaceRecords[0].Face.FaceId });
});

app.post('/api/identify', async (req, res) => {
  const image = Buffer.from(req.body.selfie, 'base64');
  const found = await rekognition
    .searchFacesByImage({ CollectionId: COLLECTION, Image: { Bytes: image }, FaceMatchThreshold: 90, MaxFaces: 5 })
    .promise();
  res.json(found.FaceMatches.map((m) => ({ caseId: m.Face.ExternalImageId, similarity: m.Similarity })));
});

app.listen(3000);
