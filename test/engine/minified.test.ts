import * as assert from 'assert';
import { looksMinified } from '../../src/engine/scan';

/** The plain definition: longest line over 1000 characters and over 300 characters per line on average. */
function reference(text: string): boolean {
  if (text.length < 2000) return false;
  const lines = text.split('\n');
  const longest = Math.max(...lines.map((l) => l.length));
  return longest > 1000 && text.length / lines.length > 300;
}

describe('engine: looksMinified', () => {
  it('decides at the thresholds as defined', () => {
    assert.strictEqual(looksMinified('a'.repeat(2500)), true);
    assert.strictEqual(looksMinified('a'.repeat(1000) + '\n' + 'b'.repeat(1000)), false, 'no line over 1000 characters');
    assert.strictEqual(looksMinified('a'.repeat(1001) + '\n' + 'b'.repeat(1000)), true);
    assert.strictEqual(looksMinified('a'.repeat(1999)), false, 'short files are never minified');
    assert.strictEqual(looksMinified('a'.repeat(1500) + '\n'.repeat(10) + 'b'.repeat(600)), false, 'many short lines pull the average down');
    assert.strictEqual(looksMinified('\n' + 'a'.repeat(3000) + '\n'), true, 'the longest line may be in the middle');
    assert.strictEqual(looksMinified('x\n'.repeat(3) + 'a'.repeat(3000)), true, 'or the last, without a newline');
  });
  it('agrees with the plain definition on generated texts (seeded)', () => {
    let seed = 7;
    const rnd = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    for (let t = 0; t < 3000; t++) {
      let s = '';
      const parts = rnd(20);
      for (let p = 0; p < parts; p++) {
        s += 'x'.repeat(rnd(t % 2 ? 3000 : 500));
        if (rnd(2)) s += '\n'.repeat(1 + rnd(3));
        if (rnd(5) === 0) s += '\r\n';
      }
      assert.strictEqual(looksMinified(s), reference(s), `case ${t} (${s.length} characters)`);
    }
  });
});
