import { ruleTester } from '../support/ruleTester';

ruleTester('biometric-sdk-import', {
  valid: [
    { name: 'MediaPipe Tasks for hands and pose only', code: `import { FilesetResolver, HandLandmarker, PoseLandmarker } from '@mediapipe/tasks-vision';` },
    { name: 'CSS @font-face is not a face library', code: `const css = '@font-face { font-family: Inter; }';\nimport('./face-utils');` },
    { name: 'a local module named like a face library', code: `import { detectFace } from './faceapi';\ndetectFace();` },
    { name: 'platform biometrics are not reported here', code: `import * as LocalAuthentication from 'expo-local-authentication';\nLocalAuthentication.authenticateAsync();` },
    { name: 'general-purpose cloud vision SDKs alone', code: `import { ImageAnnotatorClient } from '@google-cloud/vision';\nconst AWS = require('aws-sdk');` },
    { name: 'a script that is not a face library', code: `<script src="https://cdn.jsdelivr.net/npm/chart.js@4"></script>`, filename: 'index.html' },
    {
      name: 'own modules named like a library, and files named like a bundle with another extension',
      code: `import { Human } from './human';\nimport svc from './face-api-service';\nimport * as faceapi from './face-api';\nconst t = require('./tracking.js');\nimport map from './human.esm.js.map';`,
    },
    {
      name: 'Rekognition for labels, text or moderation only: the import names no face operation',
      code: `import { RekognitionClient, DetectLabelsCommand } from '@aws-sdk/client-rekognition';\nconst { DetectTextCommand } = require('@aws-sdk/client-rekognition');\nexport { DetectModerationLabelsCommand } from '@aws-sdk/client-rekognition';`,
    },
    { name: 'a folder merely named like node_modules', code: `import * as faceapi from '../my_node_modules/face-api.js/src/index';\nimport * as h from './node_modules_old/@vladmandic/human';` },
  ],
  invalid: [
    {
      name: 'MediaPipe Tasks face classes (named import), and a namespace import',
      code: `import { FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';\nimport * as vision from '@mediapipe/tasks-vision';`,
      errors: [{ line: 1, column: 49 }, { line: 2, column: 25 }],
    },
    {
      code: `import * as faceapi from 'face-api.js';`,
      errors: [{ line: 1, column: 26, endColumn: 39, severity: 'info', messageIncludes: ["'face-api.js'"] }],
    },
    {
      code: `const { Human } = require('@vladmandic/human');\nconst { RekognitionClient, IndexFacesCommand } = require('@aws-sdk/client-rekognition');\nimport { SearchUsersByImageCommand } from '@aws-sdk/client-rekognition';\nimport * as rek from '@aws-sdk/client-rekognition';`,
      errors: [{ line: 1, column: 27 }, { line: 2, column: 58 }, { line: 3, column: 43 }, { line: 4, column: 22 }],
    },
    {
      name: 'KYC, voiceprint and FaceIO packages',
      code: `import { Onfido } from 'onfido-sdk-ui';\nimport { EagleProfiler } from '@picovoice/eagle-web';\nimport faceIO from '@faceio/fiojs';\nexport * from '@veriff/incontext-sdk';`,
      errors: [{ line: 1, column: 24 }, { line: 2, column: 31 }, { line: 3, column: 20 }, { line: 4, column: 15 }],
    },
    {
      name: 'CDN and vendored script tags',
      filename: 'index.html',
      code: `<script src="https://cdn.jsdelivr.net/npm/@vladmandic/face-api/dist/face-api.js"></script>\n<script src="js/face-api.min.js"></script>\n<script src="https://cdn.faceio.net/fio.js"></script>`,
      errors: [{ line: 1, column: 14, messageIncludes: ['@vladmandic/face-api'] }, { line: 2, column: 14, messageIncludes: ['face-api.js'] }, { line: 3, column: 14, messageIncludes: ['faceio'] }],
    },
    {
      name: 'a path into node_modules names the package (demos and tutorials do this)',
      code: `import * as faceapi from '../node_modules/face-api.js/dist/face-api.js';\nconst human = require('./node_modules/@vladmandic/human');`,
      errors: [{ line: 1, column: 26, messageIncludes: ["'face-api.js/dist/face-api.js'"] }, { line: 2, column: 23, messageIncludes: ["'@vladmandic/human'"] }],
    },
    {
      name: 'a vendored copy of a library bundle, imported or required by path or URL',
      code: `import Human from '../dist/human.esm.js';\nconst H = require('../../dist/human.node.js');\nimport * as faceapi from './lib/face-api.min.js?v=3';\nconst clm = await import('/js/clmtrackr.module.js');\nimport { Human as H2 } from 'https://cdn.example.org/human/human.esm.js';`,
      errors: [
        { line: 1, column: 19, endColumn: 41, messageIncludes: ["'@vladmandic/human'"] },
        { line: 2, column: 19, messageIncludes: ["'@vladmandic/human'"] },
        { line: 3, column: 26, messageIncludes: ["'face-api.js'"] },
        { line: 4, column: 26, messageIncludes: ["'clmtrackr'"] },
        { line: 5, column: 29, messageIncludes: ["'@vladmandic/human'"] },
      ],
    },
    {
      name: 'Persona for React and React Native',
      code: `import PersonaReact from 'persona-react';\nimport { Inquiry } from 'react-native-persona';`,
      errors: [{ line: 1, column: 26 }, { line: 2, column: 25 }],
    },
    {
      name: 'on-device mobile face detectors',
      code: `import * as FaceDetector from 'expo-face-detector';\nimport FaceDetection from '@react-native-ml-kit/face-detection';\nimport { useFaceDetector } from 'react-native-vision-camera-face-detector';`,
      errors: [{ line: 1, column: 31 }, { line: 2, column: 27 }, { line: 3, column: 33 }],
    },
  ],
});
