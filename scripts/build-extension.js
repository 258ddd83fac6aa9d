#!/usr/bin/env node
'use strict';
// Bundles the extension with esbuild into dist/:
//   dist/extension.js  the VS Code adapter only (small, so activation stays light)
//   dist/engine.js     the engine, the TypeScript parser, ajv, minimatch, ignore; required on the first analysis
//   dist/cli.js        the CLI (bin/privacy-by-design.js falls back to it when out/ is absent)
// usage: node scripts/build-extension.js [--watch] [--no-minify] [--no-cli]
const esbuild = require('esbuild');
const path = require('path');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);
const minify = !argv.includes('--no-minify');

/** The adapter requires './engineBundle' lazily; in the bundle that becomes the sibling file dist/engine.js. */
const lazyEngine = {
  name: 'lazy-engine',
  setup(build) {
    build.onResolve({ filter: /^\.\/engineBundle$/ }, () => ({ path: './engine.js', external: true }));
  },
};

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
  const builds = [
    esbuild.build({ ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyEngine], metafile: true }),
    esbuild.build({ ...common, entryPoints: ['src/vscode/engineBundle.ts'], outfile: 'dist/engine.js', external: ['vscode'], metafile: true }),
  ];
  if (!argv.includes('--no-cli')) builds.push(esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', metafile: true }));
  const results = await Promise.all(builds);
  const ext = results[0].metafile.outputs['dist/extension.js'];
  if (Object.keys(ext.inputs).some((f) => f.includes('node_modules/typescript/') || f.includes('src/engine/'))) {
    throw new Error('dist/extension.js must not contain the engine or the parser: load them through ./engineBundle');
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
