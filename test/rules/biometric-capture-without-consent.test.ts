import * as assert from 'assert';
import { analyzeText, applyEdits } from '../../src/engine';
import { bundled, findingsFor, ruleTester } from '../support/ruleTester';

ruleTester('biometric-capture-without-consent', {
  valid: [
    { name: 'inside an if on a consent check', code: `import * as faceapi from 'face-api.js';\nif (hasConsent('biometric')) faceapi.detectSingleFace(video);` },
    { name: 'after an early return on a consent flag', code: `import * as faceapi from 'face-api.js';\nasync function scan(user, video) {\n  if (!user.biometricConsent) return null;\n  return faceapi.detectSingleFace(video);\n}` },
    { name: 'after a camera permission check (expo)', code: `import * as FaceDetector from 'expo-face-detector';\nimport { Camera } from 'expo-camera';\nasync function scan(uri) {\n  const { status } = await Camera.requestCameraPermissionsAsync();\n  if (status !== 'granted') return;\n  await FaceDetector.detectFacesAsync(uri);\n}` },
    { name: 'inside a consent-manager callback', code: `import { Human } from '@vladmandic/human';\nconst human = new Human();\nOneTrust.OnConsentChanged(() => human.detect(video));\nwindow.addEventListener('CookiebotOnAccept', () => { human.detect(video); });` },
    { name: 'after an asserting guard call', code: `import * as faceapi from 'face-api.js';\nasync function run(v) {\n  await ensureBiometricConsent();\n  await faceapi.detectAllFaces(v);\n}` },
    { name: 'in a component that returns early without camera permission', code: `import { useCameraPermissions } from 'expo-camera';\nimport FaceDetection from '@react-native-ml-kit/face-detection';\nexport function Scan() {\n  const [permission] = useCameraPermissions();\n  const onShot = async (uri) => { await FaceDetection.detect(uri); };\n  if (!permission?.granted) return null;\n  return onShot;\n}` },
    { name: 'a configured guard name', code: `import * as faceapi from 'face-api.js';\nif (userAgreedToScan()) faceapi.detectSingleFace(video);`, options: { consentGuards: ['userAgreedToScan'] } },
    { name: 'a local detectSingleFace', code: `const detectSingleFace = (v) => v;\ndetectSingleFace(video);` },
  ],
  invalid: [
    {
      name: 'capture in a function with no check: early-return guard inserted',
      code: `import * as faceapi from 'face-api.js';\nasync function checkIn(video) {\n  const d = await faceapi.detectSingleFace(video);\n  return d;\n}`,
      errors: [{ line: 3, column: 27, endColumn: 43, severity: 'warning', messageIncludes: ['no consent or permission check'] }],
      fixKind: 'suggestion',
      output: `import * as faceapi from 'face-api.js';\nasync function checkIn(video) {\n  if (!hasConsent('biometric')) return;\n  const d = await faceapi.detectSingleFace(video);\n  return d;\n}`,
    },
    {
      name: 'module-level capture: wrapped in the configured guard',
      code: `import { Onfido } from 'onfido-sdk-ui';\nOnfido.init({ token, containerId: 'onfido' });`,
      options: { consentGuard: "await consent.ask('identity-check')" },
      errors: [{ line: 2, column: 8 }],
      output: `import { Onfido } from 'onfido-sdk-ui';\nif (await consent.ask('identity-check')) {\n  Onfido.init({ token, containerId: 'onfido' });\n}`,
    },
    {
      name: 'a check in an unrelated branch does not guard',
      code: `import * as faceapi from 'face-api.js';\nif (hasConsent('analytics')) track();\nelse showBanner();\nfaceapi.detectAllFaces(video);`,
      errors: [{ line: 4, column: 9 }],
    },
    {
      name: 'the else branch of a consent check',
      code: `import { Human } from '@vladmandic/human';\nconst human = new Human();\nif (consentGiven) start(); else human.detect(video);`,
      errors: [{ line: 3, column: 39 }],
    },
    {
      name: 'enrolment on the server and FaceIO in the browser',
      code: `import { RekognitionClient, IndexFacesCommand } from '@aws-sdk/client-rekognition';\nconst c = new RekognitionClient({});\nexport const enrol = (img) => c.send(new IndexFacesCommand({ CollectionId: 'x', Image: img }));\nconst fio = new faceIO('id');\nfio.enroll({ locale: 'auto' });`,
      errors: [{ line: 3, column: 38 }, { line: 5, column: 5 }],
    },
  ],
});

describe('biometric-capture-without-consent quick fix', () => {
  it('applying the guard makes the finding go away', () => {
    const code = `import * as faceapi from 'face-api.js';\nasync function checkIn(video) {\n  const d = await faceapi.detectSingleFace(video);\n  return d;\n}`;
    const [f] = findingsFor('biometric-capture-without-consent', code);
    const fixed = applyEdits(code, f.fixes[0].edits);
    const after = analyzeText(fixed, 'test.ts', bundled()).findings.filter((x) => x.ruleId === 'biometric-capture-without-consent');
    assert.deepStrictEqual(after, []);
  });
});
