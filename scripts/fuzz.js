#!/usr/bin/env node
'use strict';
// npm run fuzz [-- --seed N --cases N --seconds S --jobs J --only I]
// Seeded mutation fuzzing of the engine in child processes guarded by a watchdog: an exception, an
// internal error, a position outside the text or a hang fails the run, and the seed and case index
// to replay it are printed. The mocha suite test/reliability/fuzz.test.ts runs the same code.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHILD = path.join(__dirname, '..', 'out', 'scripts', 'fuzz', 'child.js');

/** Runs cases [from, from+count) (or only `only`) in one child; resolves with its summary or a crash/hang report. */
function runChild(o, from, count) {
  const progress = path.join(os.tmpdir(), `pbd-fuzz-${process.pid}-${from}-${Date.now()}.progress`);
  const args = [CHILD, '--seed', String(o.seed), '--from', String(from), '--cases', String(count), '--progress', progress, '--max-ms', String(o.seconds * 1000)];
  if (o.only !== undefined) args.push('--only', String(o.only));
  if (count === 'trees') args.push('--trees', String(o.trees));
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let lastIndex = -1;
    let lastChange = Date.now();
    let hung = false;
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    const timer = setInterval(() => {
      let idx = lastIndex;
      try {
        const lines = fs.readFileSync(progress, 'utf8').trim().split('\n');
        idx = Number(lines[lines.length - 1]);
      } catch {
        /* not started yet */
      }
      if (idx !== lastIndex) {
        lastIndex = idx;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > o.hangMs) {
        hung = true;
        p.kill('SIGKILL');
      }
    }, 250);
    p.on('close', (code, signal) => {
      clearInterval(timer);
      try {
        fs.unlinkSync(progress);
      } catch {
        /* gone */
      }
      const last = out.trim().split('\n').pop();
      if (code === 0 && last) return resolve(JSON.parse(last));
      const what = hung ? `hung for more than ${o.hangMs} ms` : `exited with ${signal ?? code}${err ? ': ' + err.trim().split('\n').slice(0, 5).join(' | ') : ''}`;
      const replay = count === 'trees' ? `folder scan ${lastIndex} of seed ${o.seed}` : `case ${o.seed}:${lastIndex} (replay: npm run fuzz -- --seed ${o.seed} --only ${lastIndex})`;
      resolve({ crashed: `${replay} ${what}` });
    });
  });
}

/**
 * Runs `cases` cases split over `jobs` children and merges their summaries.
 * @param {{ seed: number, cases: number, trees?: number, jobs?: number, seconds?: number, hangMs?: number, only?: number }} options
 */
async function runFuzz(options) {
  const o = { jobs: 2, seconds: 300, hangMs: 30000, ...options };
  if (!fs.existsSync(CHILD)) throw new Error('fuzz: not built yet; run `npx tsc -p .` first');
  const started = Date.now();
  const per = Math.ceil(o.cases / o.jobs);
  const batches = o.only !== undefined ? [[o.only, 1]] : Array.from({ length: o.jobs }, (_, j) => [j * per, Math.min(per, o.cases - j * per)]).filter(([, n]) => n > 0);
  // Folder-level cases (scanPaths over small trees of mutated files that import each other) in one more child.
  if (o.trees && o.only === undefined) batches.push([0, 'trees']);
  const sums = await Promise.all(batches.map(([from, n]) => runChild(o, from, n)));
  const total = { seed: o.seed, cases: 0, trees: 0, treeFiles: 0, counts: { findings: 0, clean: 0, error: 0, skipped: 0 }, failures: [], slowest: { ms: -1, description: '' }, corpusFiles: 0, corpusDigest: '', ms: 0 };
  for (const s of sums) {
    if (s.crashed) {
      total.failures.push({ description: s.crashed, problems: ['crash or hang'] });
      continue;
    }
    total.cases += s.cases;
    if (s.trees) {
      total.trees = s.trees;
      total.treeFiles = s.files;
    }
    for (const k of Object.keys(total.counts)) total.counts[k] += s.counts[k];
    total.failures.push(...s.failures);
    if (s.slowest.ms > total.slowest.ms) total.slowest = s.slowest;
    if (s.corpusDigest) {
      total.corpusFiles = s.corpusFiles;
      total.corpusDigest = s.corpusDigest;
    }
  }
  total.ms = Date.now() - started;
  return total;
}

/** The report lines printed by `npm run fuzz` and by the mocha suite. */
function describe(t) {
  const lines = [
    `fuzz: seed ${t.seed}, ${t.cases} cases and ${t.trees} folder scans (${t.treeFiles} files), corpus ${t.corpusFiles} inputs (digest ${t.corpusDigest}), ${(t.ms / 1000).toFixed(1)} s`,
    `fuzz: ${t.counts.findings} with findings, ${t.counts.clean} clean, ${t.counts.error} with a parse error, ${t.counts.skipped} skipped; slowest case ${t.slowest.ms} ms (${t.slowest.description})`,
  ];
  for (const f of t.failures.slice(0, 20)) lines.push(`FAIL ${f.description}\n  ${f.problems.slice(0, 3).join('\n  ')}`);
  if (t.failures.length) lines.push(`fuzz: ${t.failures.length} failing cases; replay one with: npm run fuzz -- --seed ${t.seed} --only <index>`);
  return lines.join('\n');
}

module.exports = { runFuzz, describe };

if (require.main === module) {
  const opt = (name, def) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : def;
  };
  const only = opt('--only');
  runFuzz({
    seed: Number(opt('--seed', String(Date.now() % 2147483647))),
    cases: Number(opt('--cases', '50000')),
    trees: Number(opt('--trees', '300')),
    seconds: Number(opt('--seconds', '300')),
    jobs: Math.max(1, Number(opt('--jobs', String(Math.min(2, os.cpus().length))))),
    hangMs: Number(opt('--hang-ms', '30000')),
    only: only === undefined ? undefined : Number(only),
  }).then(
    (t) => {
      console.log(describe(t));
      process.exit(t.failures.length ? 1 : 0);
    },
    (e) => {
      console.error(e.message);
      process.exit(2);
    },
  );
}
