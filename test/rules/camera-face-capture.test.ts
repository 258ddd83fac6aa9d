import { ruleTester } from '../support/ruleTester';

ruleTester('camera-face-capture', {
  valid: [
    { name: 'MediaPipe camera_utils feeding Hands (globals from script tags): no face library', code: `const hands = new Hands({ locateFile: (f) => f });\nconst camera = new Camera(video, { onFrame: async () => { await hands.send({ image: video }); } });\ncamera.start();` },
    { name: 'a Camera class of the app, next to FaceMesh', code: `class Camera { constructor(v, o) { this.v = v; } }\nconst fm = new FaceMesh({});\nnew Camera(video, { onFrame: () => fm.send({ image: video }) });` },
    { name: 'a video call with no face library', code: `const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });\nvideo.srcObject = stream;` },
    { name: 'audio only, even next to a face library', code: `import * as faceapi from 'face-api.js';\nconst s = await navigator.mediaDevices.getUserMedia({ audio: true });\nawait faceapi.nets.tinyFaceDetector.loadFromUri('/models');` },
    { name: 'video explicitly off', code: `import * as faceapi from 'face-api.js';\nawait navigator.mediaDevices.getUserMedia({ video: false, audio: true });\nfaceapi.detectAllFaces(img);` },
    { name: 'expo-camera photo in a file with no face library', code: `import { CameraView } from 'expo-camera';\nconst photo = await cameraRef.current.takePictureAsync();` },
  ],
  invalid: [
    {
      name: "MediaPipe FaceMesh and camera_utils loaded by script tags (their globals)",
      code: `const faceMesh = new FaceMesh({ locateFile: (f) => 'https://cdn.jsdelivr.net/npm/@mediapipe/face_mesh/' + f });\nfaceMesh.onResults(draw);\nconst camera = new Camera(video, { onFrame: async () => { await faceMesh.send({ image: video }); }, width: 640 });\ncamera.start();`,
      errors: [{ line: 3, column: 16, severity: 'info' }],
    },
    {
      code: `import * as faceapi from 'face-api.js';\nconst stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' } });\nconst d = await faceapi.detectSingleFace(videoEl);`,
      errors: [{ line: 2, column: 45, endColumn: 57, severity: 'info', messageIncludes: ['face library'] }],
    },
    {
      name: 'face-api from a script tag (global)',
      code: `navigator.mediaDevices.getUserMedia({ video: {} }).then((s) => { video.srcObject = s; });\nsetInterval(() => faceapi.detectAllFaces(video), 100);`,
      errors: [{ line: 1, column: 24 }],
    },
    {
      name: 'expo-camera picture passed to expo-face-detector',
      code: `import { useRef } from 'react';\nimport * as FaceDetector from 'expo-face-detector';\nconst cameraRef = useRef(null);\nasync function snap() {\n  const photo = await cameraRef.current.takePictureAsync();\n  return FaceDetector.detectFacesAsync(photo.uri);\n}`,
      errors: [{ line: 5, column: 41 }],
    },
    {
      name: 'vision-camera frame processor with a face detector',
      code: `import { useFrameProcessor } from 'react-native-vision-camera';\nimport { useFaceDetector } from 'react-native-vision-camera-face-detector';\nconst { detectFaces } = useFaceDetector({});\nconst fp = useFrameProcessor((frame) => { 'worklet'; detectFaces(frame); }, []);`,
      errors: [{ line: 4, column: 12 }],
    },
  ],
});
