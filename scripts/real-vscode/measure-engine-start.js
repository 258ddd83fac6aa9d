#!/usr/bin/env node
// Measures what the engine worker costs before the first diagnostics: loading dist/engineWorker.js
// (through vm.Script, as engineClient.ts does), rules, parser warm-up and one fixture file; once
// without V8's code cache and then with it. Prints CPU time (stable on a busy machine) and wall time.
// usage: node scripts/real-vscode/measure-engine-start.js [file]   (after npm run build:extension)
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const file = path.resolve(process.argv[2] || path.join(root, 'test', 'vscode', 'fixtures', 'workspace', 'src', 'tracker.js'));
const cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-measure-')), 'engine.cache');
const child = `
const fs = require('fs'), vm = require('vm'), path = require('path'), Module = require('module');
const [bundle, cacheFile, target] = process.argv.slice(1);
const c0 = process.cpuUsage(), t0 = performance.now();
const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const m = { exports: {} };
script.runInThisContext().call(m.exports, m.exports, Module.createRequire(bundle), m, bundle, path.dirname(bundle));
const h = m.exports.handlers;
h.warmUp(); h.rules([]);
const r = h.analyzeText(fs.readFileSync(target, 'utf8'), target, [], {});
const cpu = process.cpuUsage(c0);
console.log(JSON.stringify({ cache: !!cachedData && !script.cachedDataRejected, cpuMs: Math.round((cpu.user + cpu.system) / 1000), wallMs: Math.round(performance.now() - t0), findings: r.findings.length }));
if (!cachedData || script.cachedDataRejected) fs.writeFileSync(cacheFile, script.createCachedData());
`;
for (let i = 0; i < 4; i++) {
  const out = execFileSync(process.execPath, ['-e', child, path.join(root, 'dist', 'engineWorker.js'), cache, file], { encoding: 'utf8' });
  console.log(out.trim());
}
fs.rmSync(path.dirname(cache), { recursive: true, force: true });
