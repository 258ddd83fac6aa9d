import { ruleTester } from '../support/ruleTester';

ruleTester('face-gallery-matching', {
  valid: [
    {
      name: 'a matcher over one claimed identity is verification, not identification',
      code: `import * as faceapi from 'face-api.js';\nconst matcher = new faceapi.FaceMatcher([new faceapi.LabeledFaceDescriptors('user', [stored])], 0.37);\nmatcher.findBestMatch(avg);`,
    },
    { name: 'a local class named FaceMatcher', code: `class FaceMatcher { constructor(public items: string[]) {} findBestMatch(x: string) { return x; } }\nclass LabeledFaceDescriptors {}\nnew LabeledFaceDescriptors();\nnew FaceMatcher(['a']).findBestMatch('a');` },
    { name: 'FaceMatcher over the faces of one reference photo (no labelled gallery)', code: `import * as faceapi from 'face-api.js';\nconst ref = await faceapi.detectAllFaces(img).withFaceLandmarks().withFaceDescriptors();\nconst matcher = new faceapi.FaceMatcher(ref);\nmatcher.findBestMatch(query.descriptor);` },
    { name: 'card game matcher', code: `const matcher = { findBestMatch: (hand) => hand[0] };\nmatcher.findBestMatch(cards);` },
  ],
  invalid: [
    {
      code: `import * as faceapi from 'face-api.js';\nconst labeled = users.map((u) => new faceapi.LabeledFaceDescriptors(u.name, [new Float32Array(u.descriptor)]));\nconst matcher = new faceapi.FaceMatcher(labeled, 0.6);\nconst best = matcher.findBestMatch(probe.descriptor);`,
      errors: [{ line: 4, column: 22, endColumn: 35, severity: 'warning', messageIncludes: ['one-to-many'] }],
    },
    {
      code: `import { FaceMatcher, LabeledFaceDescriptors } from '@vladmandic/face-api';\nconst m = new FaceMatcher([new LabeledFaceDescriptors('ana', [d1]), new LabeledFaceDescriptors('ben', [d2])]);\nresults.forEach((r) => m.findBestMatch(r.descriptor));\nm.matchDescriptor(x);`,
      errors: [{ line: 3, column: 26 }, { line: 4, column: 3 }],
    },
    {
      name: 'a serialised gallery loaded back',
      code: `import * as faceapi from 'face-api.js';\nconst matcher = faceapi.FaceMatcher.fromJSON(await (await fetch('/gallery.json')).json());\nmatcher.findBestMatch(d);`,
      errors: [{ line: 3, column: 9 }],
    },
  ],
});
