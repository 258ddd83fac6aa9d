import { ruleTester } from '../support/ruleTester';

ruleTester('face-data-sent-to-vendor', {
  valid: [
    { name: 'a request to the app own API about faces', code: `await fetch('/api/face/profile', { method: 'POST', body });` },
    { name: 'a lookalike host', code: `await fetch('https://faceplusplus.com.example.org/blog');\nawait fetch('https://luxand.cloud/pricing');` },
    { name: 'a local fetch function', code: `function fetch(url) { return url; }\nfetch('https://api-us.faceplusplus.com/facepp/v3/detect');` },
    { name: 'Azure Computer Vision OCR is not a face route', code: `await fetch(\`\${endpoint}/vision/v3.2/ocr\`, { method: 'POST' });` },
  ],
  invalid: [
    {
      code: `await fetch('https://api-us.faceplusplus.com/facepp/v3/detect', { method: 'POST', body: form });`,
      errors: [{ line: 1, column: 7, endColumn: 12, severity: 'warning', messageIncludes: ['third party'] }],
    },
    {
      code: `import axios from 'axios';\nconst API = 'https://api.luxand.cloud';\nawait axios.post(\`\${API}/photo/search/v2\`, form, { headers: { token } });`,
      errors: [{ line: 3, column: 13 }],
    },
    {
      code: `const res = await fetch(\`\${process.env.AZURE_ENDPOINT}/face/v1.0/detect?returnFaceId=true\`, { method: 'POST' });`,
      errors: [{ line: 1, column: 19 }],
    },
    {
      code: `const got = require('got');\nawait got.post('https://api.kairos.com/enroll', { json: { image, subject_id, gallery_name } });`,
      errors: [{ line: 2, column: 11 }],
    },
    {
      name: 'jQuery, XMLHttpRequest and an axios config object',
      code: `$.ajax({ url: 'https://westeurope.api.cognitive.microsoft.com/face/v1.0/detect?returnFaceAttributes=emotion', type: 'POST', data });\nconst xhr = new XMLHttpRequest();\nxhr.open('POST', 'https://api.luxand.cloud/photo/detect');\nimport axios from 'axios';\naxios({ method: 'post', url: 'https://api-cn.faceplusplus.com/facepp/v3/detect', data: form });`,
      errors: [{ line: 1, column: 3 }, { line: 3, column: 5 }, { line: 5, column: 1 }],
    },
  ],
});
