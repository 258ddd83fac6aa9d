/**
 * Child-process entry for the fuzzer: runs a batch and prints the summary as JSON on the last line.
 * Before each case it writes the case index to the progress file, so a watchdog that kills a hung
 * child can name the exact case that hung.
 */
import * as fs from 'fs';
import { fuzz, fuzzTrees } from './fuzzer';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seed = Number(arg('--seed') ?? 1);
const cases = Number(arg('--cases') ?? 1000);
const from = Number(arg('--from') ?? 0);
const only = arg('--only') !== undefined ? Number(arg('--only')) : undefined;
const maxMs = arg('--max-ms') !== undefined ? Number(arg('--max-ms')) : undefined;
const progress = arg('--progress');
const fd = progress ? fs.openSync(progress, 'w') : undefined;

const trees = arg('--trees');
if (trees !== undefined) {
  // Folder-level run: one summary line in the same shape, counting files as cases.
  const started = Date.now();
  const t = fuzzTrees({ seed, trees: Number(trees), onTree: (i) => fd !== undefined && fs.writeSync(fd, `${i}\n`) });
  process.stdout.write(JSON.stringify({ seed, cases: 0, files: t.files, trees: t.trees, corpusFiles: 0, corpusDigest: '', counts: { findings: 0, clean: 0, error: 0, skipped: 0 }, failures: t.failures, slowest: { ms: -1, description: '' }, ms: Date.now() - started }) + '\n');
  process.exit(0);
}

const summary = fuzz({
  seed,
  cases,
  from,
  only,
  maxMs,
  onCase: (c) => {
    if (fd !== undefined) fs.writeSync(fd, `${c.index}\n`);
  },
});
if (fd !== undefined) fs.closeSync(fd);
process.stdout.write(JSON.stringify(summary) + '\n');
