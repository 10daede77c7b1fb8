/**
 * Activation cost and package size.
 *
 * - require + activate of the production bundle dist/extension.js, against a baseline extension
 *   built in the same run that registers one command and nothing else. Both run in fresh Node
 *   processes against a stand-in `vscode` module (every API call returns a stand-in): this measures
 *   our own work at activation — loading and running our code — not VS Code's.
 * - the VSIX that `vsce package` makes, against the 1 MB bound (it carries PDF.js, dist/pdf.js, loaded only for PDFs).
 *
 *   npm run bench   (after `node esbuild.mjs --production`, which bench/run.mjs does)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RUNS = 25;

/** A child process that stubs `vscode`, then requires and activates `bundle`; prints ms. */
const PROBE = `
const Module = require('module');
const load = Module._load;
const stub = new Proxy(function () {}, {
  get: (_t, key) => (key === 'then' ? undefined : stub),
  apply: () => stub,
  construct: () => stub,
});
// Bundlers copy the module's own properties: give the namespaces as own properties.
const vscode = {};
for (const name of ['window', 'commands', 'workspace', 'languages', 'env', 'l10n', 'extensions', 'Uri', 'EventEmitter', 'Disposable', 'ThemeIcon', 'ThemeColor', 'TreeItem', 'ViewColumn', 'ProgressLocation', 'ConfigurationTarget', 'RelativePattern', 'DocumentDropOrPasteEditKind', 'DocumentDropEdit']) vscode[name] = stub;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const context = { subscriptions: [], globalState: { get: (_k, d) => d }, extension: { packageJSON: {} } };
const start = process.hrtime.bigint();
const ext = require(process.argv[1]);
const loaded = process.hrtime.bigint();
ext.activate(context);
const end = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ require: Number(loaded - start) / 1e6, activate: Number(end - loaded) / 1e6, modules: Object.keys(require.cache).length }));
process.exit(0); // before any deferred loading: only activation itself is measured
`;

const BASELINE = `"use strict";
const vscode = require('vscode');
exports.activate = (context) => { context.subscriptions.push(vscode.commands.registerCommand('baseline.hello', () => undefined)); };
exports.deactivate = () => undefined;
`;

function measure(bundle: string): { total: number; require: number; activate: number } {
  const totals: number[] = [];
  const requires: number[] = [];
  const activates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ['-e', PROBE, bundle], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const m = JSON.parse(r.stdout) as { require: number; activate: number };
    totals.push(m.require + m.activate);
    requires.push(m.require);
    activates.push(m.activate);
  }
  return { total: median(totals), require: median(requires), activate: median(activates) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const root = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'kamervragen-activation-'));
try {
  const baselineFile = join(dir, 'baseline.js');
  writeFileSync(baselineFile, BASELINE);
  const ours = measure(join(root, 'dist', 'extension.js'));
  const base = measure(baselineFile);
  console.log(`activation benchmark: median of ${RUNS} fresh processes, node ${process.version}`);
  console.log(`  baseline (one command)   : require ${base.require.toFixed(2)} ms + activate ${base.activate.toFixed(2)} ms = ${base.total.toFixed(2)} ms`);
  console.log(`  kamervragen extension.js : require ${ours.require.toFixed(2)} ms + activate ${ours.activate.toFixed(2)} ms = ${ours.total.toFixed(2)} ms`);
  console.log(`  ratio ${(ours.total / base.total).toFixed(2)}× the baseline; goal < 20 ms: ${ours.total < 20 ? 'holds' : 'MISSED'}`);
  console.log(`  bundle sizes: extension.js ${kb(join(root, 'dist', 'extension.js'))}, loaded on first use: features.js ${kb(join(root, 'dist', 'features.js'))}`);

  // As `npm run package` packages it (scripts/packaging.mjs: vsce with the README's link bases); it prints the file.
  const packed = spawnSync(process.execPath, ['scripts/packaging.mjs', 'vsix'], { cwd: root, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`packaging failed: ${packed.stderr || packed.stdout}`);
  const vsix = packed.stdout.trim().split('\n').pop()!;
  const size = statSync(vsix).size;
  console.log(`  VSIX ${(size / 1024).toFixed(0)} KB (${size} bytes); bound < 1 MB: ${size < 1024 * 1024 ? 'holds' : 'MISSED'} (dist/pdf.js, PDF.js, is ${kb(join(root, 'dist', 'pdf.js'))} before compression)`);
  const listing = spawnSync(process.execPath, ['scripts/packaging.mjs', 'ls'], { cwd: root, encoding: 'utf8' }).stdout.trim().split('\n');
  console.log(`  ${listing.length} files in the VSIX: ${listing.join(', ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function kb(file: string): string {
  return `${(readFileSync(file).length / 1024).toFixed(0)} KB`;
}
