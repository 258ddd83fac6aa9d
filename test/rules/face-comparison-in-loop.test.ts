import { ruleTester } from '../support/ruleTester';

ruleTester('face-comparison-in-loop', {
  valid: [
    { name: 'a single comparison', code: `import * as faceapi from 'face-api.js';\nconst d = faceapi.euclideanDistance(a, b);` },
    { name: 'card game compare in a loop', code: `for (const h of hands) deck.compare(h, best);\nplayers.forEach((p) => compareFaces(p.card, top));` },
    { name: 'JWT verify in a loop', code: `import jwt from 'jsonwebtoken';\ntokens.map((t) => jwt.verify(t, key));` },
  ],
  invalid: [
    {
      code: `import * as faceapi from 'face-api.js';\nconst scores = people.map((p) => faceapi.euclideanDistance(probe, p.descriptor));`,
      errors: [{ line: 2, column: 42, endColumn: 59, severity: 'warning', messageIncludes: ['in a loop'] }],
    },
    {
      code: `import { RekognitionClient, CompareFacesCommand } from '@aws-sdk/client-rekognition';\nconst client = new RekognitionClient({});\nfor (const person of watchlist) {\n  await client.send(new CompareFacesCommand({ SourceImage: probe, TargetImage: person.photo }));\n}`,
      errors: [{ line: 4, column: 21 }],
    },
    {
      code: `import { Human } from '@vladmandic/human';\nconst human = new Human();\nlet i = 0;\nwhile (i < db.length) { human.match.similarity(e, db[i++]); }`,
      errors: [{ line: 4, column: 37 }],
    },
  ],
});
