import { ruleTester } from '../support/ruleTester';

ruleTester('face-verification', {
  valid: [
    { name: 'compare in a card game', code: `function compareFaces(a, b) { return a.rank - b.rank; }\nhand.sort(compareFaces);\ndeck.compare(a, b);` },
    { name: 'verify of a JWT', code: `import jwt from 'jsonwebtoken';\nconst claims = jwt.verify(token, process.env.SECRET);` },
    { name: 'comparison in a loop is identification (other rule)', code: `import * as faceapi from 'face-api.js';\nfor (const p of people) faceapi.euclideanDistance(probe, p.descriptor);` },
    { name: 'a local euclideanDistance', code: `const euclideanDistance = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);\neuclideanDistance(p, q);` },
  ],
  invalid: [
    {
      name: 'FaceMatcher over one stored descriptor is a 1:1 check',
      code: `import * as faceapi from 'face-api.js';\nconst faceMatcher = new faceapi.FaceMatcher([storedDescriptor]);\nconst best = faceMatcher.findBestMatch(detection.descriptor);`,
      errors: [{ line: 3, column: 26, severity: 'info' }],
    },
    {
      name: 'FaceMatcher over an array literal holding one labelled person is a 1:1 check',
      code: `import * as faceapi from 'face-api.js';\nconst m = new faceapi.FaceMatcher([new faceapi.LabeledFaceDescriptors('user', [stored])], 0.4);\nm.findBestMatch(probe);`,
      errors: [{ line: 3, column: 3 }],
    },
    {
      code: `import { RekognitionClient, CompareFacesCommand } from '@aws-sdk/client-rekognition';\nconst client = new RekognitionClient({ region });\nconst out = await client.send(new CompareFacesCommand({ SourceImage: selfie, TargetImage: idPhoto, SimilarityThreshold: 90 }));`,
      errors: [{ line: 3, column: 31, endColumn: 54, severity: 'info', messageIncludes: ['one-to-one'] }],
    },
    {
      code: `import * as faceapi from 'face-api.js';\nconst distance = faceapi.euclideanDistance(selfie.descriptor, document.descriptor);`,
      errors: [{ line: 2, column: 26 }],
    },
    {
      code: `const AWS = require('aws-sdk');\nconst rekognition = new AWS.Rekognition();\nrekognition.compareFaces({ SourceImage: a, TargetImage: b }).promise();`,
      errors: [{ line: 3, column: 13 }],
    },
    {
      code: `import { Human } from '@vladmandic/human';\nconst human = new Human();\nconst score = human.match.similarity(a.embedding, b.embedding);`,
      errors: [{ line: 3, column: 27 }],
    },
  ],
});
