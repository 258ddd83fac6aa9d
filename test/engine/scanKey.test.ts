import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scanKey } from '../../src/engine/cache';

/** The plain form of scanKey: stat, then readFileSync, per file. The real one reads into a reused buffer. */
function referenceKey(files: readonly string[], cwd: string, settings: unknown, maxFileBytes: number, now: Date): string {
  const h = crypto.createHash('sha1').update(JSON.stringify(settings ?? null)).update(now.toISOString().slice(0, 10));
  for (const f of files) {
    h.update('\0').update(path.relative(cwd, f));
    try {
      const st = fs.statSync(f);
      if (st.size > maxFileBytes) h.update(`\0size:${st.size}`);
      else h.update('\0').update(fs.readFileSync(f));
    } catch (e) {
      h.update(`\0unreadable:${(e as NodeJS.ErrnoException).code ?? ''}`);
    }
  }
  return h.digest('base64');
}

describe('engine: scanKey', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  let dir: string;
  let files: string[];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-scankey-'));
    const write = (rel: string, data: string | Buffer) => {
      const f = path.join(dir, rel);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, data);
      return f;
    };
    const big = crypto.randomBytes(700 * 1024);
    files = [
      write('src/big.ts', big), // larger than the reader's first buffer
      write('src/small.ts', big.subarray(0, 100)), // shorter than what the buffer held before
      write('src/empty.ts', ''),
      write('src/.hidden/a.ts', 'export const a = 1;\n'),
      write('at-cap.ts', Buffer.alloc(1000, 'x')),
      write('over-cap.ts', Buffer.alloc(1001, 'y')),
      write('other/x.js', 'x'),
      path.join(dir, 'gone.ts'),
      path.join(dir, 'src'),
    ];
    fs.symlinkSync(path.join(dir, 'src', 'small.ts'), path.join(dir, 'link.ts'));
    files.push(path.join(dir, 'link.ts'), `${dir}/src/../at-cap.ts`, `${dir}//other/./x.js`, `${dir}/src/.hidden/..`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('hashes the same bytes as stat-then-readFileSync, from inside and outside the folder', () => {
    for (const cwd of [dir, path.join(dir, 'src'), path.join(dir, 'src', '.hidden'), path.join(dir, 'other') + path.sep, `${dir}/src/..`, path.parse(dir).root]) {
      for (const cap of [1000, 2 * 1024 * 1024, 50]) {
        assert.strictEqual(scanKey(files, cwd, ['s'], cap, now), referenceKey(files, cwd, ['s'], cap, now), `cwd ${cwd}, cap ${cap}`);
      }
    }
  });

  it('changes with any byte of a file, the file list, the settings and the day', () => {
    const base = scanKey(files, dir, ['s'], 2 * 1024 * 1024, now);
    const f = files[1];
    const original = fs.readFileSync(f);
    const changed = Buffer.from(original);
    changed[50] ^= 1;
    fs.writeFileSync(f, changed);
    assert.notStrictEqual(scanKey(files, dir, ['s'], 2 * 1024 * 1024, now), base);
    fs.writeFileSync(f, original);
    assert.strictEqual(scanKey(files, dir, ['s'], 2 * 1024 * 1024, now), base);
    assert.notStrictEqual(scanKey(files.slice(1), dir, ['s'], 2 * 1024 * 1024, now), base);
    assert.notStrictEqual(scanKey(files, dir, ['t'], 2 * 1024 * 1024, now), base);
    assert.notStrictEqual(scanKey(files, dir, ['s'], 2 * 1024 * 1024, new Date('2026-03-02T12:00:00Z')), base);
  });
});
