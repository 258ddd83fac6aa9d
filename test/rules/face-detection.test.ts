import { ruleTester } from '../support/ruleTester';

ruleTester('face-detection', {
  valid: [
    { name: 'camera components that take photos or scan barcodes, and an app component named Camera', filename: 'Shot.tsx', code: `import { Camera, CameraView } from 'expo-camera';\nimport { RNCamera } from 'react-native-camera';\nimport MyCamera from './Camera';\nexport const A = () => <Camera ref={ref} type={type} onCameraReady={ready} />;\nexport const B = () => <CameraView onBarcodeScanned={scan} />;\nexport const C = () => <RNCamera onBarCodeRead={read} />;\nexport const D = () => <MyCamera onFacesDetected={faces} />;` },
    { name: 'React state holding a pose detector (MoveNet), set in an effect', filename: 'Pose.jsx', code: `import { useState } from 'react';\nimport * as poseDetection from '@tensorflow-models/pose-detection';\nexport function Pose() {\n  const [detector, setDetector] = useState(null);\n  const init = async () => setDetector(await poseDetection.createDetector(poseDetection.SupportedModels.MoveNet));\n  const run = (v) => detector.estimatePoses(v);\n  return null;\n}` },
    { name: 'a React ref holding a hand landmarker (not a face model)', filename: 'Hands.tsx', code: `import { useRef } from 'react';\nimport { HandLandmarker } from '@mediapipe/tasks-vision';\nexport function Hands() {\n  const ref = useRef(null);\n  const start = async (fs) => { ref.current = await HandLandmarker.createFromOptions(fs, {}); };\n  const loop = (v) => ref.current.detectForVideo(v, 0);\n  return null;\n}` },
    { name: 'CSS @font-face', code: `const style = document.createElement('style');\nstyle.textContent = '@font-face { font-family: Inter; src: url(x.woff2); }';` },
    { name: 'a local detectAllFaces helper', code: `function detectAllFaces(img) { return []; }\ndetectAllFaces(photo);` },
    { name: 'Rekognition label detection is not face detection', code: `import { RekognitionClient, DetectLabelsCommand } from '@aws-sdk/client-rekognition';\nawait new RekognitionClient({}).send(new DetectLabelsCommand({ Image: img }));` },
    { name: 'tracking.js colour tracking', code: `const tracker = new tracking.ColorTracker(['magenta']);\nconst t2 = new tracking.ObjectTracker('eye');` },
    { name: "a class of the app's own named like the library", code: `import { Human } from './human';\nconst h = new Human('Ada');\nh.detect(obstacle);` },
    { name: 'model loading only', code: `import * as faceapi from 'face-api.js';\nawait faceapi.nets.ssdMobilenetv1.loadFromUri('/models');` },
  ],
  invalid: [
    {
      name: 'camera components that detect faces while filming (Expo legacy Camera, RNCamera, the vision-camera face detector)',
      filename: 'Scan.tsx',
      code: `import { Camera } from 'expo-camera/legacy';\nimport * as FaceDetector from 'expo-face-detector';\nimport { RNCamera } from 'react-native-camera';\nimport { Camera as FaceCamera } from 'react-native-vision-camera-face-detector';\nexport const A = () => (\n  <Camera style={s} type={front} onFacesDetected={onFaces} faceDetectorSettings={{ mode: FaceDetector.FaceDetectorMode.fast }} />\n);\nexport const B = () => <RNCamera faceDetectionLandmarks={RNCamera.Constants.FaceDetection.Landmarks.all} onFacesDetected={this.onFaces} />;\nexport const C = () => <FaceCamera device={device} faceDetectionCallback={handleFaces} />;\nimport { CameraView } from 'expo-camera';\nexport const D = () => <CameraView facing="front" onFacesDetected={onFaces} />;`,
      errors: [{ line: 6, column: 4, messageIncludes: ["'<Camera>'"] }, { line: 8, column: 25, messageIncludes: ["'<RNCamera>'"] }, { line: 9, column: 25 }, { line: 11, column: 25, messageIncludes: ["'<CameraView>'"] }],
    },
    {
      name: 'React state set in an effect (untyped JavaScript): setDetector(await createDetector()), setModel(await blazeface.load())',
      filename: 'App.jsx',
      code: `import { useEffect, useState } from 'react';\nimport * as faceLandmarksDetection from '@tensorflow-models/face-landmarks-detection';\nimport * as blazeface from '@tensorflow-models/blazeface';\nexport default function App() {\n  const [detector, setDetector] = useState(null);\n  const [model, setModel] = useState();\n  useEffect(() => { (async () => {\n    setDetector(await faceLandmarksDetection.createDetector(faceLandmarksDetection.SupportedModels.MediaPipeFaceMesh, { runtime: 'tfjs' }));\n    setModel(await blazeface.load());\n  })(); }, []);\n  const run = async (video) => [await detector.estimateFaces(video), await model.estimateFaces(video, false)];\n  return null;\n}`,
      errors: [{ line: 11, column: 48 }, { line: 11, column: 82 }],
    },
    {
      name: 'React refs holding a face model: assigned in an effect (MediaPipe FaceLandmarker), or typed (useRef<Human>)',
      filename: 'Scan.tsx',
      code: `import { useEffect, useRef } from 'react';\nimport { FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';\nimport { Human } from '@vladmandic/human';\nexport function Scan() {\n  const landmarkerRef = useRef(null);\n  const humanRef = useRef<Human | null>(null);\n  useEffect(() => { (async () => { landmarkerRef.current = await FaceLandmarker.createFromOptions(await FilesetResolver.forVisionTasks('/wasm'), {}); })(); }, []);\n  const loop = async (video: HTMLVideoElement) => {\n    const r = landmarkerRef.current.detectForVideo(video, performance.now());\n    const h = await humanRef.current?.detect(video);\n  };\n  return null;\n}`,
      errors: [{ line: 9, column: 37 }, { line: 10, column: 39 }],
    },
    {
      code: `import * as faceapi from 'face-api.js';\nconst det = await faceapi.detectSingleFace(video, new faceapi.TinyFaceDetectorOptions());`,
      errors: [{ line: 2, column: 27, endColumn: 43, severity: 'info', messageIncludes: ["'detectSingleFace'"] }],
    },
    {
      name: 'face-api loaded from a script tag (global faceapi)',
      code: `const detections = await faceapi.detectAllFaces(input).withFaceLandmarks();`,
      errors: [{ line: 1, column: 34 }],
    },
    {
      name: 'Human, TensorFlow.js and MediaPipe Tasks',
      code: `import { Human } from '@vladmandic/human';\nimport * as fld from '@tensorflow-models/face-landmarks-detection';\nimport { FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';\nconst human = new Human();\nconst result = await human.detect(video);\nconst detector = await fld.createDetector(fld.SupportedModels.MediaPipeFaceMesh, { runtime: 'tfjs' });\nconst faces = await detector.estimateFaces(video);\nconst lm = await FaceLandmarker.createFromOptions(fs, { numFaces: 1 });\nlm.detectForVideo(video, performance.now());`,
      errors: [{ line: 5, column: 28 }, { line: 7, column: 30 }, { line: 9, column: 4 }],
    },
    {
      name: 'MediaPipe FaceMesh from a script tag: the global is the class (globals.json `named`)',
      code: `const faceMesh = new FaceMesh({ locateFile: (f) => 'https://cdn.jsdelivr.net/npm/@mediapipe/face_mesh/' + f });\nfaceMesh.onResults(draw);\nconst camera = new Camera(video, { onFrame: async () => { await faceMesh.send({ image: video }); }, width: 640 });\ncamera.start();`,
      errors: [{ line: 3, column: 74, messageIncludes: ["'FaceMesh().send'"] }],
    },
    {
      name: 'a default import: the message quotes the call as written',
      code: `import Human from '@vladmandic/human';\nconst human = new Human({ face: { emotion: { enabled: false } } });\nconst res = await human.detect(video);`,
      errors: [{ line: 3, column: 25, messageIncludes: ["'human.detect'"] }],
    },
    {
      name: 'Human loaded lazily with import(): the message names the class the chain starts from',
      code: `import('@vladmandic/human').then(({ default: Human }) => new Human().detect(video));`,
      errors: [{ line: 1, column: 70, messageIncludes: ["'Human().detect'"] }],
    },
    {
      name: "a vendored copy of Human's bundle (its own demos): namespace import and require",
      code: `import * as H from '../../dist/human.esm.js';\nconst human = new H.Human({ face: { enabled: true } });\nawait human.detect(video);\nconst Human = require('../dist/human.node.js');\nconst h2 = new Human.Human();\nh2.detect(tensor);`,
      errors: [{ line: 3, column: 13 }, { line: 6, column: 4 }],
    },
    {
      name: 'cloud detection: Rekognition v3 and v2, Google Vision',
      code: `import { RekognitionClient, DetectFacesCommand } from '@aws-sdk/client-rekognition';\nconst AWS = require('aws-sdk');\nconst vision = require('@google-cloud/vision');\nconst client = new RekognitionClient({});\nawait client.send(new DetectFacesCommand({ Image: { Bytes: bytes } }));\nnew AWS.Rekognition().detectFaces(params, cb);\nconst [result] = await new vision.ImageAnnotatorClient().faceDetection(file);`,
      errors: [{ line: 5, column: 19 }, { line: 6, column: 23 }, { line: 7, column: 58 }],
    },
    {
      name: 'mobile: expo-face-detector and ML Kit',
      code: `import * as FaceDetector from 'expo-face-detector';\nimport FaceDetection from '@react-native-ml-kit/face-detection';\nconst { faces } = await FaceDetector.detectFacesAsync(uri, { mode: FaceDetector.FaceDetectorMode.fast });\nconst found = await FaceDetection.detect(uri, { landmarkMode: 'all' });`,
      errors: [{ line: 3, column: 38 }, { line: 4, column: 35 }],
    },
    {
      name: 'Face++ detect through axios',
      code: `import axios from 'axios';\nconst FACEPP = 'https://api-us.faceplusplus.com/facepp/v3/';\nawait axios.post(FACEPP + 'detect', form);`,
      errors: [{ line: 3, column: 13 }],
    },
  ],
});
