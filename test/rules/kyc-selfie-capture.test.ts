import { ruleTester } from '../support/ruleTester';

ruleTester('kyc-selfie-capture', {
  valid: [
    { name: 'an app component named like the liveness detector', filename: 'Check.tsx', code: `const FaceLivenessDetector = (p: { id: string }) => null;\nexport const Check = () => <FaceLivenessDetector id="x" />;` },
    { name: 'Onfido document-only flow', code: `import { Onfido } from 'onfido-sdk-ui';\nOnfido.init({ token, containerId: 'onfido', steps: ['welcome', 'document', 'complete'] });` },
    { name: 'object steps without a face step', code: `import { Onfido } from 'onfido-sdk-ui';\nOnfido.init({ token, containerId: 'c', steps: [{ type: 'document', options: { documentTypes: { passport: true } } }, 'complete'] });` },
    { name: 'a Persona inquiry built but never started', code: `import Inquiry from 'react-native-persona';\nexport const make = (t) => Inquiry.fromTemplate(t).build();` },
    { name: 'Sumsub mobile SDK imported but not launched', code: `import SNSMobileSDK from '@sumsub/react-native-mobilesdk-module';\nexport const builder = () => SNSMobileSDK.init(token, refresh);` },
    { name: 'a local init function', code: `function init(opts) { return opts; }\ninit({ steps: ['face'] });` },
    { name: 'Persona imported but not started', code: `import Persona from 'persona';\nexport type Client = typeof Persona;` },
    { name: 'Onfido React Native without a face step', code: `import { Onfido } from '@onfido/react-native-sdk';\nOnfido.start({ sdkToken, flowSteps: { captureDocument: {} } });` },
  ],
  invalid: [
    {
      name: 'React components that run a liveness or identity check (Amplify FaceLivenessDetector, persona-react Inquiry)',
      filename: 'Verify.tsx',
      code: `import { FaceLivenessDetector } from '@aws-amplify/ui-react-liveness';\nimport Persona from 'persona-react';\nexport const Live = ({ sessionId }: { sessionId: string }) => (\n  <FaceLivenessDetector sessionId={sessionId} region="us-east-1" onAnalysisComplete={done} />\n);\nexport const Kyc = () => <Persona.Inquiry templateId="itmpl_123" environmentId="env_1" onComplete={done} />;`,
      errors: [{ line: 4, column: 4, messageIncludes: ["'<FaceLivenessDetector>'"] }, { line: 6, column: 27, messageIncludes: ["'<Persona.Inquiry>'"] }],
    },
    {
      code: `import { Onfido } from 'onfido-sdk-ui';\nconst handle = Onfido.init({ token, containerId: 'onfido-mount', steps: ['welcome', 'document', 'face', 'complete'] });`,
      errors: [{ line: 2, column: 23, endColumn: 27, severity: 'info', messageIncludes: ['face'] }],
    },
    {
      name: 'Onfido default steps include the face step; Studio workflows decide server-side',
      code: `import { init } from 'onfido-sdk-ui';\ninit({ token, containerId: 'a' });\ninit({ token, workflowRunId: run.id, steps: ['document'] });`,
      errors: [{ line: 2, column: 1 }, { line: 3, column: 1 }],
    },
    {
      name: 'a face step given as an object',
      code: `import { Onfido } from 'onfido-sdk-ui';\nOnfido.init({ token, containerId: 'c', steps: ['welcome', { type: 'document', options: { forceCrossDevice: true } }, { type: 'face', options: { requestedVariant: 'video' } }] });`,
      errors: [{ line: 2, column: 8 }],
    },
    {
      code: `import { Veriff } from '@veriff/js-sdk';\nimport { createVeriffFrame } from '@veriff/incontext-sdk';\nconst veriff = Veriff({ host, apiKey, parentId: 'veriff-root', onSession: (err, res) => createVeriffFrame({ url: res.verification.url }) });\nveriff.mount();`,
      errors: [{ line: 3, column: 89 }, { line: 4, column: 8 }],
    },
    {
      code: `import snsWebSdk from '@sumsub/websdk';\nsnsWebSdk.init(token, refresh).withConf({ lang: 'en' }).build().launch('#sumsub');\nimport Persona from 'persona';\nconst client = new Persona.Client({ templateId, onReady: () => client.open() });`,
      errors: [{ line: 2, column: 65 }, { line: 4, column: 16 }],
    },
    {
      name: 'Persona on React Native: an inquiry built from a template and started',
      code: `import { Inquiry, Environment } from 'react-native-persona';\nconst instance = Inquiry.fromTemplate(TEMPLATE)\n  .environment(Environment.SANDBOX)\n  .onComplete((id, status) => done(id, status))\n  .build();\ninstance.start();`,
      errors: [{ line: 6, column: 10 }],
    },
    {
      name: 'Sumsub mobile SDK: React Native (default import) and Cordova/Ionic (named import)',
      code: `import SNSMobileSDK from '@sumsub/react-native-mobilesdk-module';\nSNSMobileSDK.init(token, refresh).withHandlers({ onStatusChanged }).withLocale('en').build().launch();\nimport { SNSMobileSDK as Sdk } from '@sumsub/cordova-idensic-mobile-sdk-plugin';\nconst sdk = Sdk.init(token, refresh).build();\nsdk.launch().then(done);`,
      errors: [{ line: 2, column: 94 }, { line: 5, column: 5 }],
    },
  ],
});
