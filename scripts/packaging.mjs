// Builds the two things we publish:
//   the extension  out/kamervragen-<version>.vsix    (Marketplace, Open VSX)   vsce package
//   the CLI        out/kamervragen-cli-<version>.tgz (npm: kamervragen-cli)    npm pack in packages/cli
//
//   node scripts/packaging.mjs [vsix] [cli] [ls]     (default: both; `ls` prints the VSIX file list)
//   node scripts/packaging.mjs build-cli             only builds packages/cli (its prepack script)
//
// No public repository exists yet: package.json's repository/bugs/homepage point at example.invalid (see
// README, "Project links"). vsce only rewrites README's relative links by itself for GitHub and GitLab
// repositories, so for any other repository URL we pass the base URLs derived from it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const cliDir = join(repoRoot, 'packages', 'cli');
const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

function manifest() {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
}

/** vsce's options for README links: none for GitHub/GitLab (vsce guesses), else base URLs from `repository`. */
export function readmeLinkArgs() {
  const url = String(manifest().repository?.url ?? '').replace(/\.git$/, '');
  if (/^https:\/\/(github|gitlab)\.com\//.test(url)) return [];
  return ['--baseContentUrl', `${url}/blob/HEAD/`, '--baseImagesUrl', `${url}/raw/HEAD/`];
}

/** Runs a command in the repository; returns { status, stdout, stderr } (output also echoed unless quiet). */
function run(cmd, args, { cwd = repoRoot, quiet = false } = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (!quiet) {
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
  }
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').at(-1)}`);
  return r;
}

/** Production build + `vsce package`; returns { file, output } (output: everything vsce printed). */
export function packageVsix({ out = join(repoRoot, 'out', `kamervragen-${manifest().version}.vsix`), quiet = false } = {}) {
  run(process.execPath, ['esbuild.mjs', '--production'], { quiet });
  mkdirSync(join(out, '..'), { recursive: true });
  const r = run(process.execPath, [vsce, 'package', '--no-dependencies', ...readmeLinkArgs(), '--out', out], { quiet });
  return { file: out, output: `${r.stdout}${r.stderr}` };
}

/** The files `vsce package` would put in the VSIX, as vsce lists them. */
export function vsixFileList() {
  const r = run(process.execPath, [vsce, 'ls', '--no-dependencies'], { quiet: true });
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * Builds packages/cli: dist/cli.js bundled from src/cli by esbuild (the core included, no dependency left,
 * no VS Code module: a `vscode` import would fail the build), the LICENSE, and the version from the root
 * package.json (`npm version` keeps them equal; see scripts/version.mjs).
 */
export async function buildCli() {
  const esbuild = await import('esbuild');
  const version = manifest().version;
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: false, sourcemap: false, legalComments: 'eof', logLevel: 'warning' };
  // PDF.js stays in its own file, loaded only when a PDF is read (as in the extension: esbuild.mjs).
  const pdfApart = {
    name: 'pdf-apart',
    setup(build) {
      build.onResolve({ filter: /[/\\]parse[/\\]pdf(?:\.js)?$/ }, () => ({ path: './pdf.js', external: true }));
    },
  };
  await esbuild.build({
    ...common,
    entryPoints: [join(repoRoot, 'src', 'cli', 'main.ts')],
    outfile: join(cliDir, 'dist', 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
    define: { KAMERVRAGEN_VERSION: JSON.stringify(version) },
    plugins: [pdfApart],
  });
  await esbuild.build({
    ...common,
    entryPoints: [join(repoRoot, 'src', 'core', 'parse', 'pdf.ts')],
    outfile: join(cliDir, 'dist', 'pdf.js'),
    logOverride: { 'empty-import-meta': 'silent' },
  });
  copyFileSync(join(repoRoot, 'LICENSE'), join(cliDir, 'LICENSE'));
  writeFileSync(join(cliDir, 'README.md'), cliReadme(join(cliDir, 'dist', 'cli.js')));
  const pkgFile = join(cliDir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  if (pkg.version !== version) {
    pkg.version = version;
    writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  return join(cliDir, 'dist', 'cli.js');
}

/**
 * packages/cli/README.md from template/README.md: the usage block is the built CLI's own `--help`, and a section
 * marked `<!-- command: NAME -->…<!-- /command -->` stays only when that subcommand exists, so the README
 * follows whatever subcommands src/cli/main.ts has.
 */
function cliReadme(cli) {
  const usage = run(process.execPath, [cli, '--help'], { quiet: true }).stdout.trimEnd();
  const commands = new Set([...usage.matchAll(/^\s*kamervragen (\w+)/gm)].map((m) => m[1]));
  return readFileSync(join(cliDir, 'template', 'README.md'), 'utf8')
    .replace(/^<!-- usage:.*-->$/m, () => usage)
    .replace(/<!-- command: (\w+) -->\n([\s\S]*?)<!-- \/command -->\n/g, (_, name, body) => (commands.has(name) ? body : ''));
}

/** `npm pack` of packages/cli into `outDir`; returns the tarball's path. */
export async function packCli({ outDir = join(repoRoot, 'out'), quiet = false } = {}) {
  await buildCli();
  mkdirSync(outDir, { recursive: true });
  const r = run('npm', ['pack', '--json', '--pack-destination', outDir, '--ignore-scripts'], { cwd: cliDir, quiet: true });
  const [{ filename }] = JSON.parse(r.stdout);
  if (!quiet) console.log(join(outDir, filename));
  return join(outDir, filename);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const what = process.argv.slice(2);
  if (what.includes('build-cli')) await buildCli();
  const all = what.length === 0;
  if (all || what.includes('vsix')) console.log(packageVsix().file);
  if (all || what.includes('cli')) await packCli();
  if (what.includes('ls')) console.log(vsixFileList().join('\n'));
}
