import { ruleTester } from '../support/ruleTester';

ruleTester('camera-face-capture', {
  valid: [
    { name: 'a video call with no face library', code: `const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });\nvideo.srcObject = stream;` },
    { name: 'audio only, even next to a face library', code: `import * as faceapi from 'face-api.js';\nconst s = await navigator.mediaDevices.getUserMedia({ audio: true });\nawait faceapi.nets.tinyFaceDetector.loadFromUri('/models');` },
    { name: 'video explicitly off', code: `import * as faceapi from 'face-api.js';\nawait navigator.mediaDevices.getUserMedia({ video: false, audio: true });\nfaceapi.detectAllFaces(img);` },
    { name: 'expo-camera photo in a file with no face library', code: `import { CameraView } from 'expo-camera';\nconst photo = await cameraRef.current.takePictureAsync();` },
  ],
  invalid: [
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
