// extensionTestsPath module: runs the in-host mocha suite inside a real VS Code extension host and
// writes its counts to $PBD_SUMMARY_FILE from inside the host (scripts/test.js adds them up).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000 });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        console.log(`e2e: ${passed} passed, ${failures} failed`);
        const file = process.env.PBD_SUMMARY_FILE;
        if (file) fs.writeFileSync(file, JSON.stringify({ passed, failed: failures, pending: runner.stats?.pending ?? 0 }));
        if (failures > 0) reject(new Error(`${failures} tests failed.`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
