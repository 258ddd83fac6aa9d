import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Repository root (tests run from out/test/reliability). */
export const ROOT = path.join(__dirname, '..', '..', '..');
export const BIN = path.join(ROOT, 'bin', 'privacy-by-design.js');

/** A fresh folder under the OS temp dir, removed by `cleanup`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pbd-${prefix}-`));
}

export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes files (relative path → text or bytes) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/** Runs `node [nodeArgs] bin/privacy-by-design.js args` in `cwd`, with the tsc build (out/) unless `env` picks the bundle (PBD_CLI=dist). */
export function runBin(args: string[], opts: { cwd?: string; nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', PBD_CLI: 'out', ...opts.env },
    timeout: 120000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Source files that each produce findings with the bundled rules. */
export const SAMPLE_TREE: Record<string, string> = {
  'src/track.ts': "export function start(cb: PositionCallback) {\n  return navigator.geolocation.watchPosition(cb);\n}\n",
  'src/faces.js': "const AWS = require('aws-sdk');\nconst rek = new AWS.Rekognition();\nexports.find = (img) => rek.searchFacesByImage({ CollectionId: 'visitors', Image: { Bytes: img } }).promise();\n",
  'src/clean.ts': 'export const add = (a: number, b: number) => a + b;\n',
  'web/page.html': '<!doctype html>\n<script>\nnavigator.geolocation.watchPosition((p) => console.log(p));\n</script>\n',
};
