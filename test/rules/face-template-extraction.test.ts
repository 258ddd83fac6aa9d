import { ruleTester } from '../support/ruleTester';

ruleTester('face-template-extraction', {
  valid: [
    { name: 'detection and landmarks only', code: `import * as faceapi from 'face-api.js';\nconst d = await faceapi.detectSingleFace(img).withFaceLandmarks();` },
    { name: 'fingerprint as a content hash', code: `import { createHash } from 'crypto';\nconst fingerprint = createHash('sha256').update(body).digest('hex');` },
    { name: 'a local withFaceDescriptors method', code: `const q = { withFaceDescriptors() { return this; } };\nq.withFaceDescriptors();` },
    { name: 'Eagle speaker check without exporting a profile', code: `import { Eagle } from '@picovoice/eagle-web';\nconst eagle = await Eagle.create(key, model, profile);\neagle.process(pcm);` },
  ],
  invalid: [
    {
      code: `import * as faceapi from 'face-api.js';\nconst d = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();`,
      errors: [{ line: 2, column: 67, endColumn: 85, severity: 'info', messageIncludes: ['numeric template'] }],
    },
    {
      code: `import { Human } from '@vladmandic/human';\nconst human = new Human();\nconst res = await human.detect(video);\nsave(res.face[0].embedding);`,
      errors: [{ line: 4, column: 18 }],
    },
    {
      code: `import { EagleProfiler } from '@picovoice/eagle-web';\nconst profiler = await EagleProfiler.create(key, model);\nawait profiler.enroll(pcm);\nconst voiceprint = await profiler.export();`,
      errors: [{ line: 4, column: 35 }],
    },
    {
      code: `const all = await faceapi.detectAllFaces(video).withFaceLandmarks().withFaceDescriptors();`,
      errors: [{ line: 1, column: 69 }],
    },
  ],
});
