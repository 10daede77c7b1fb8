// One esbuild context per target. `node esbuild.mjs [--production] [--watch] [--tests] [--bench]`.
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

/** Every *.test.ts (or given suffix) file below a folder. */
function filesBelow(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesBelow(full, suffix));
    else if (name.endsWith(suffix)) out.push(full);
  }
  return out;
}

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // cheerio/slim keeps parse5 and undici out; nothing else is optional.
  external: ['vscode'],
  // The command line's --version.
  define: { KAMERVRAGEN_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

/** The PDF reader (PDF.js) stays in its own file, dist/pdf.js, loaded by `import()` when a PDF is opened. */
const pdfApart = {
  name: 'pdf-apart',
  setup(build) {
    build.onResolve({ filter: /[/\\]parse[/\\]pdf(?:\.js)?$/ }, () => ({ path: './pdf.js', external: true }));
  },
};

/** @type {esbuild.BuildOptions[]} */
const targets = [
  // Activation loads only extension.js; features.js (everything else) comes on first use.
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode', './features.js', './preview.js'] },
  { ...node, entryPoints: { preview: 'src/extension/preview.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { features: 'src/extension/features.ts' }, outdir: 'dist', plugins: [pdfApart] },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, plugins: [pdfApart] },
  // PDF.js's legacy build with its worker code, run in-process; import.meta is only used where PDF.js has a fallback.
  { ...node, entryPoints: { pdf: 'src/core/parse/pdf.ts' }, outdir: 'dist', logOverride: { 'empty-import-meta': 'silent' } },
  { ...node, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' },
  // The library's index is brought up to date in a worker thread (src/core/library/liveIndex.ts).
  { ...node, entryPoints: { indexWorker: 'src/core/library/indexWorker.ts' }, outdir: 'dist' },
  // The webview scripts: plain browser bundles, loaded by the panels with a nonce (no vscode import).
  {
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning',
    entryPoints: { 'webview/panel': 'src/webview/panel.ts', 'webview/statistics': 'src/webview/statistics.ts', 'webview/reuseReport': 'src/webview/reuseReport.ts' }, outdir: 'dist',
  },
];

if (args.has('--tests')) {
  const entries = {};
  for (const f of [...filesBelow('test/unit', '.test.ts')]) entries[f.replace(/\.ts$/, '')] = f;
  targets.push({ ...node, sourcemap: 'inline', entryPoints: entries, outdir: 'out', external: ['vscode', 'mocha'] });
  const integration = { 'test/integration/index': 'test/integration/index.ts' };
  for (const f of filesBelow('test/integration', '.test.ts')) integration[f.replace(/\.ts$/, '')] = f;
  targets.push({ ...node, sourcemap: 'inline', entryPoints: integration, outdir: 'out', external: ['vscode', 'mocha'] });
  // The same runner over the Restricted Mode suite (run in an untrusted workspace by scripts/test.mjs).
  const restricted = { 'test/restricted/index': 'test/integration/index.ts' };
  for (const f of filesBelow('test/restricted', '.test.ts')) restricted[f.replace(/\.ts$/, '')] = f;
  targets.push({ ...node, sourcemap: 'inline', entryPoints: restricted, outdir: 'out', external: ['vscode', 'mocha'] });
}
if (args.has('--bench')) {
  const entries = {};
  for (const f of filesBelow('bench', '.bench.ts')) entries[f.replace(/\.ts$/, '')] = f;
  targets.push({ ...node, sourcemap: false, minify: true, entryPoints: entries, outdir: 'out' });
}

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
