import { ruleTester } from '../support/ruleTester';

ruleTester('platform-biometric-auth', {
  valid: [
    { name: 'password credentials are not biometric', code: `navigator.credentials.get({ password: true });` },
    { name: 'a local authenticate function', code: `function authenticateAsync() { return Promise.resolve(true); }\nauthenticateAsync();` },
    { name: 'jsonwebtoken verify is not biometric', code: `import jwt from 'jsonwebtoken';\njwt.verify(token, secret);` },
    { name: 'checking hardware only', code: `import * as LocalAuthentication from 'expo-local-authentication';\nLocalAuthentication.hasHardwareAsync();` },
  ],
  invalid: [
    {
      code: `import * as LocalAuthentication from 'expo-local-authentication';\nconst { success } = await LocalAuthentication.authenticateAsync({ promptMessage: 'Unlock' });`,
      errors: [{ line: 2, column: 47, endColumn: 64, severity: 'hint', messageIncludes: ['privacy-preserving'] }],
    },
    {
      code: `import ReactNativeBiometrics from 'react-native-biometrics';\nconst rnBiometrics = new ReactNativeBiometrics();\nrnBiometrics.simplePrompt({ promptMessage: 'Confirm' });`,
      errors: [{ line: 3, column: 14 }],
    },
    {
      code: `const cred = await navigator.credentials.create({ publicKey: options });\nconst a = await window.navigator.credentials.get({ publicKey: request });`,
      errors: [{ line: 1, column: 42 }, { line: 2, column: 46 }],
    },
    {
      code: `import { startAuthentication } from '@simplewebauthn/browser';\nawait startAuthentication({ optionsJSON });`,
      errors: [{ line: 2, column: 7 }],
    },
  ],
});
