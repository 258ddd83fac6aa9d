import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Writes files (relative path → text) into a new temporary folder and returns it. */
export function tempTree(files: Record<string, string>, prefix = 'pbd-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
