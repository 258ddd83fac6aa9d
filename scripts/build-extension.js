#!/usr/bin/env node
'use strict';
// Bundles the extension with esbuild into dist/:
//   dist/extension.js     the VS Code adapter only (small, so activation stays light)
//   dist/engineWorker.js  the engine, the TypeScript parser, ajv, minimatch, ignore: a worker thread started on
//                         the first analysis, so parsing never blocks the extension host
//   dist/cli.js           the CLI in one minified file, with dist/compileCache.js beside it: bin/privacy-by-design.js
//                         runs it when it is at least as new as the tsc build in out/ (loading one file instead
//                         of about 170 modules takes a tenth off a cold scan), and out/ otherwise
// usage: node scripts/build-extension.js [--watch] [--no-minify] [--no-cli] [--cli-only]
const esbuild = require('esbuild');
const path = require('path');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);
const minify = !argv.includes('--no-minify');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
};

async function main() {
  const t0 = Date.now();
  const cliOnly = argv.includes('--cli-only');
  const builds = cliOnly
    ? []
    : [
        esbuild.build({ ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], metafile: true }),
        esbuild.build({ ...common, entryPoints: ['src/vscode/engineWorker.ts'], outfile: 'dist/engineWorker.js', external: ['vscode'], metafile: true }),
      ];
  if (cliOnly || !argv.includes('--no-cli')) {
    builds.push(esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', metafile: true }));
    builds.push(esbuild.build({ ...common, entryPoints: ['src/cli/compileCache.ts'], outfile: 'dist/compileCache.js', metafile: true }));
  }
  const results = await Promise.all(builds);
  const ext = cliOnly ? undefined : results[0].metafile.outputs['dist/extension.js'];
  if (ext && Object.keys(ext.inputs).some((f) => f.includes('node_modules/typescript/') || f.includes('src/engine/'))) {
    throw new Error('dist/extension.js must not contain the engine or the parser: they belong in the worker (engineWorker.ts)');
  }
  for (const r of results) {
    for (const [file, out] of Object.entries(r.metafile.outputs)) console.log(`${file}  ${(out.bytes / 1024).toFixed(0)} KiB`);
  }
  console.log(`built in ${Date.now() - t0} ms`);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
