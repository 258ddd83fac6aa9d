import { ruleTester } from '../support/ruleTester';

ruleTester('face-attribute-inference', {
  valid: [
    { name: 'detection and descriptors without expressions', code: `import * as faceapi from 'face-api.js';\nawait faceapi.detectAllFaces(v).withFaceLandmarks().withFaceDescriptors();` },
    { name: 'Human with emotion switched off', code: `import { Human } from '@vladmandic/human';\nconst human = new Human({ face: { emotion: { enabled: false } } });` },
    { name: 'Human with face models off (body tracking only)', code: `import { Human } from '@vladmandic/human';\nconst human = new Human({ face: { enabled: false }, body: { enabled: true } });` },
    { name: 'Rekognition DEFAULT attributes', code: `import { DetectFacesCommand } from '@aws-sdk/client-rekognition';\nnew DetectFacesCommand({ Image: img, Attributes: ['DEFAULT'] });` },
    { name: 'Azure quality attributes only', code: `import { FaceClient } from '@azure/cognitiveservices-face';\nnew FaceClient(c, e).face.detectWithUrl(url, { returnFaceAttributes: ['blur', 'exposure', 'headPose'] });` },
    { name: 'a game\'s own Human class from another script (a global with none of the library\'s API names)', code: `class Board {\n  spawn(y: number) { this.entities.push(new Human(y)); }\n  draw() { for (const e of this.entities) if (e instanceof Human) e.draw(); }\n}`, filename: 'board.js' },
    { name: 'camera components that detect faces without classifications', filename: 'Cam.tsx', code: `import { Camera } from 'expo-camera';\nimport * as FaceDetector from 'expo-face-detector';\nimport { RNCamera } from 'react-native-camera';\nexport const A = () => <Camera onFacesDetected={f} faceDetectorSettings={{ mode: FaceDetector.FaceDetectorMode.fast, runClassifications: FaceDetector.FaceDetectorClassifications.none }} />;\nexport const B = () => <RNCamera onFacesDetected={f} faceDetectionClassifications={RNCamera.Constants.FaceDetection.Classifications.none} />;` },
    { name: 'an emotion word in a game', code: `const mood = { emotions: ['happy', 'sad'] };\nconsole.log(mood.emotions, 'withFaceExpressions');` },
  ],
  invalid: [
    {
      name: 'camera components that classify each detected face (smiling, eyes open): Expo legacy Camera and RNCamera',
      filename: 'Smile.tsx',
      code: `import { Camera } from 'expo-camera';\nimport * as FaceDetector from 'expo-face-detector';\nimport { RNCamera } from 'react-native-camera';\nconst settings = { mode: FaceDetector.FaceDetectorMode.fast, runClassifications: FaceDetector.FaceDetectorClassifications.all };\nexport const A = () => <Camera onFacesDetected={f} faceDetectorSettings={settings} />;\nexport const B = () => <RNCamera onFacesDetected={f} faceDetectionClassifications={RNCamera.Constants.FaceDetection.Classifications.all} />;`,
      errors: [{ line: 5, column: 25, messageIncludes: ["'<Camera>'"] }, { line: 6, column: 25, messageIncludes: ["'<RNCamera>'"] }],
      output: `import { Camera } from 'expo-camera';\nimport * as FaceDetector from 'expo-face-detector';\nimport { RNCamera } from 'react-native-camera';\nconst settings = { mode: FaceDetector.FaceDetectorMode.fast, runClassifications: FaceDetector.FaceDetectorClassifications.none };\nexport const A = () => <Camera onFacesDetected={f} faceDetectorSettings={settings} />;\nexport const B = () => <RNCamera onFacesDetected={f} faceDetectionClassifications={RNCamera.Constants.FaceDetection.Classifications.all} />;`,
    },
    {
      name: 'RNCamera classifications: the quick fix switches them to none',
      filename: 'Smile2.tsx',
      code: `import { RNCamera } from 'react-native-camera';\nexport const B = () => <RNCamera onFacesDetected={f} faceDetectionClassifications={RNCamera.Constants.FaceDetection.Classifications.all} />;`,
      errors: [{ line: 2, column: 25 }],
      output: `import { RNCamera } from 'react-native-camera';\nexport const B = () => <RNCamera onFacesDetected={f} faceDetectionClassifications={RNCamera.Constants.FaceDetection.Classifications.none} />;`,
    },
    {
      name: 'Human loaded by a script tag (a global), used for detection in the same file',
      code: `const human = new Human({ modelBasePath: '/models' });\nasync function loop(video) { const res = await human.detect(video); requestAnimationFrame(() => loop(video)); }`,
      filename: 'app.js',
      errors: [{ line: 1, column: 15 }],
    },
    {
      code: `import * as faceapi from 'face-api.js';\nconst d = await faceapi.detectAllFaces(video).withFaceLandmarks().withFaceExpressions();`,
      errors: [{ line: 2, column: 67, endColumn: 86, severity: 'warning', messageIncludes: ['emotion, age or gender'] }],
      fixKind: 'suggestion',
      output: `import * as faceapi from 'face-api.js';\nconst d = await faceapi.detectAllFaces(video).withFaceLandmarks();`,
    },
    {
      code: `const d = await faceapi.detectSingleFace(img).withAgeAndGender().withFaceDescriptor();`,
      errors: [{ line: 1, column: 47 }],
      output: `const d = await faceapi.detectSingleFace(img).withFaceDescriptor();`,
    },
    {
      name: 'Rekognition ALL becomes DEFAULT',
      code: `import { RekognitionClient, DetectFacesCommand } from '@aws-sdk/client-rekognition';\nawait new RekognitionClient({}).send(new DetectFacesCommand({ Image: img, Attributes: ['ALL'] }));`,
      errors: [{ line: 2, column: 38 }],
      output: `import { RekognitionClient, DetectFacesCommand } from '@aws-sdk/client-rekognition';\nawait new RekognitionClient({}).send(new DetectFacesCommand({ Image: img, Attributes: ['DEFAULT'] }));`,
    },
    {
      name: 'aws-sdk v2 EMOTIONS removed, other attributes kept',
      code: `const AWS = require('aws-sdk');\nnew AWS.Rekognition().detectFaces({ Image: img, Attributes: ['EMOTIONS', 'EYEGLASSES'] }, cb);`,
      errors: [{ line: 2, column: 23 }],
      output: `const AWS = require('aws-sdk');\nnew AWS.Rekognition().detectFaces({ Image: img, Attributes: ['EYEGLASSES'] }, cb);`,
    },
    {
      name: 'Azure legacy: emotion, age and gender removed from the list',
      code: `import { FaceClient } from '@azure/cognitiveservices-face';\nconst client = new FaceClient(cred, endpoint);\nawait client.face.detectWithStream(stream, { returnFaceId: false, returnFaceAttributes: ['emotion', 'age', 'gender', 'headPose'] });`,
      errors: [{ line: 3, column: 19 }],
      output: `import { FaceClient } from '@azure/cognitiveservices-face';\nconst client = new FaceClient(cred, endpoint);\nawait client.face.detectWithStream(stream, { returnFaceId: false, returnFaceAttributes: ['headPose'] });`,
    },
    {
      name: 'Azure over axios: comma-separated attributes',
      code: `import axios from 'axios';\nawait axios.post(url, data, { params: { returnFaceId: false, returnFaceAttributes: 'emotion,blur' } });`,
      errors: [{ line: 2, column: 13 }],
      output: `import axios from 'axios';\nawait axios.post(url, data, { params: { returnFaceId: false, returnFaceAttributes: 'blur' } });`,
    },
    {
      name: 'Azure parameters built for jQuery or superagent',
      code: `const params = { returnFaceId: 'true', returnFaceAttributes: 'age,gender,headPose,smile,emotion' };\n$.ajax({ url: endpoint + '/face/v1.0/detect?' + $.param(params), type: 'POST' });\nimport request from 'superagent';\nrequest.post(url).query({ returnFaceAttributes: 'emotion' }).send(body);`,
      errors: [{ line: 2, column: 51 }, { line: 4, column: 19 }],
      output: `const params = { returnFaceId: 'true', returnFaceAttributes: 'headPose' };\n$.ajax({ url: endpoint + '/face/v1.0/detect?' + $.param(params), type: 'POST' });\nimport request from 'superagent';\nrequest.post(url).query({ returnFaceAttributes: 'emotion' }).send(body);`,
    },
    {
      name: 'Human with the default config: emotion switched off in a nested object',
      code: `import { Human } from '@vladmandic/human';\nconst config = { modelBasePath: '/models', face: { enabled: true } };\nconst human = new Human(config);`,
      errors: [{ line: 3, column: 15 }],
      output: `import { Human } from '@vladmandic/human';\nconst config = { modelBasePath: '/models', face: { enabled: true, emotion: { enabled: false } } };\nconst human = new Human(config);`,
    },
    {
      name: 'Human with no config at all',
      code: `import Human from '@vladmandic/human';\nconst human = new Human();`,
      errors: [{ line: 2, column: 15 }],
      output: `import Human from '@vladmandic/human';\nconst human = new Human({ face: { emotion: { enabled: false } } });`,
    },
    {
      name: 'Human with emotion on and gear on',
      code: `import { Human } from '@vladmandic/human';\nnew Human({ face: { emotion: { enabled: true }, gear: { enabled: true } } });`,
      errors: [{ line: 2, column: 1 }],
      output: `import { Human } from '@vladmandic/human';\nnew Human({ face: { emotion: { enabled: false }, gear: { enabled: false } } });`,
    },
    {
      name: 'ML Kit smile classification switched off',
      code: `import FaceDetection from '@react-native-ml-kit/face-detection';\nconst faces = await FaceDetection.detect(uri, { classificationMode: 'all', landmarkMode: 'all' });`,
      errors: [{ line: 2, column: 35 }],
      output: `import FaceDetection from '@react-native-ml-kit/face-detection';\nconst faces = await FaceDetection.detect(uri, { classificationMode: 'none', landmarkMode: 'all' });`,
    },
    {
      name: 'expo-face-detector classifications',
      code: `import * as FaceDetector from 'expo-face-detector';\nawait FaceDetector.detectFacesAsync(uri, { runClassifications: FaceDetector.FaceDetectorClassifications.all });`,
      errors: [{ line: 2, column: 20 }],
      output: `import * as FaceDetector from 'expo-face-detector';\nawait FaceDetector.detectFacesAsync(uri, { runClassifications: FaceDetector.FaceDetectorClassifications.none });`,
    },
    {
      name: 'reading Rekognition emotions and Google Vision likelihoods',
      code: `import { RekognitionClient, DetectFacesCommand } from '@aws-sdk/client-rekognition';\nimport vision from '@google-cloud/vision';\nconst res = await new RekognitionClient({}).send(new DetectFacesCommand(params));\nconsole.log(res.FaceDetails[0].Emotions);\nconst [r] = await new vision.ImageAnnotatorClient().faceDetection(file);\nconst joy = r.faceAnnotations[0].joyLikelihood;`,
      errors: [{ line: 4, column: 32 }, { line: 6, column: 34 }],
    },
  ],
});
