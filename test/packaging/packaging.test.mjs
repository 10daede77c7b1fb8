// The two published packages as a user receives them: the VSIX (Marketplace, Open VSX) built by
// `vsce package`, and the kamervragen-cli tarball from `npm pack`, installed into an empty folder and run.
// Slow-ish (a production build, vsce, npm): its own tier in `npm test`; `npm run test:packaging` alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packCli, packageVsix, repoRoot, vsixFileList } from '../../scripts/packaging.mjs';

const require = createRequire(import.meta.url);
const { readZip } = require('@vscode/vsce/out/zip.js'); // vsce's own VSIX reader

const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const fixture = (name) => join(repoRoot, 'test', 'fixtures', 'koop', name);

/** The Marketplace's categories (https://code.visualstudio.com/api/references/extension-manifest). */
const MARKETPLACE_CATEGORIES = ['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs',
  'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other',
  'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization'];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buffer) {
  assert.equal(buffer.subarray(1, 4).toString('latin1'), 'PNG', 'not a PNG');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

describe('the VSIX (vsce package)', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'kamervragen-vsix-'));
  let vsix;
  let files; // Map: lower-cased path in the VSIX → Buffer
  let manifest;

  before(async () => {
    vsix = packageVsix({ out: join(dir, 'kamervragen.vsix'), quiet: true });
    files = await readZip(vsix.file, () => true);
    manifest = JSON.parse(files.get('extension/package.json').toString('utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packages without a single warning', () => {
    assert.match(vsix.output, /DONE\s+Packaged:/);
    assert.doesNotMatch(vsix.output, /warn/i, vsix.output);
  });

  it('ships only what runs: the bundles, their assets, the listing files', () => {
    const allowed = [
      /^extension\/dist\/(extension|features|server|preview|pdf|indexworker)\.js$/, /^extension\/dist\/webview\/\w+\.js$/,
      /^extension\/media\/[\w-]+\.(svg|css|png)$/, /^extension\/l10n\/bundle\.l10n(\.\w+)?\.json$/,
      /^extension\/package(\.nls(\.\w+)?)?\.json$/, /^extension\/(readme|changelog)\.md$/, /^extension\/license\.txt$/,
      /^extension\.vsixmanifest$/, /^\[content_types\]\.xml$/,
    ];
    const unexpected = [...files.keys()].filter((f) => !allowed.some((re) => re.test(f)));
    assert.deepEqual(unexpected, []);
    // vsce ls (what `vsce package` would include) agrees with the archive.
    const listed = vsixFileList().map((f) => `extension/${f.toLowerCase()}`.replace(/license$/, 'license.txt'));
    assert.deepEqual(listed.sort(), [...files.keys()].filter((f) => f.startsWith('extension/')).sort());
  });

  it('every shipped asset is used: named by the manifest or the bundles', () => {
    // The paths are lower-cased (readZip's keys): compare the code lower-cased too.
    const code = [...files].filter(([f]) => /\.(js|json)$/.test(f)).map(([, b]) => b.toString('utf8')).join('\n').toLowerCase();
    const unused = [...files.keys()].filter((f) => f.startsWith('extension/media/'))
      .map((f) => f.slice('extension/'.length))
      .filter((f) => !code.includes(f.split('/').pop()));
    assert.deepEqual(unused, []);
    for (const file of ['dist/extension.js', 'dist/features.js', 'dist/server.js', manifest.icon]) {
      assert.ok(files.has(`extension/${file}`), `${file} is missing`);
    }
  });

  it('has a 128×128 PNG icon, a gallery banner, Marketplace categories and keywords', () => {
    assert.match(manifest.icon, /\.png$/);
    assert.deepEqual(pngSize(files.get(`extension/${manifest.icon}`)), { width: 128, height: 128 });
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    assert.ok(manifest.categories.length > 0 && manifest.categories.every((c) => MARKETPLACE_CATEGORIES.includes(c)), String(manifest.categories));
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30, 'vsce allows at most 30 keywords');
    assert.ok(manifest.keywords.includes('kamervragen'));
  });

  it('declares Restricted Mode and virtual workspace support, with a reason where limited', () => {
    const { untrustedWorkspaces, virtualWorkspaces } = manifest.capabilities;
    for (const c of [untrustedWorkspaces, virtualWorkspaces]) {
      assert.ok([true, false, 'limited'].includes(c.supported));
      if (c.supported !== true) assert.ok(c.description?.length > 20, 'a limited or unsupported capability says why');
    }
  });

  it('names its repository, bugs and homepage; license, version and engines match what we test', () => {
    for (const url of [manifest.repository.url, manifest.bugs.url, manifest.homepage]) assert.match(url, /^https:\/\//);
    assert.equal(manifest.license, 'MIT');
    assert.equal(manifest.version, rootManifest.version);
    assert.equal(manifest.engines.vscode, '^1.100.0'); // the oldest VS Code `npm test` runs on
    // README images point at absolute https URLs (the Marketplace and Open VSX show no relative ones).
    const readme = files.get('extension/readme.md').toString('utf8');
    for (const [, src] of readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)) assert.match(src, /^https:\/\//);
  });

  it('has a changelog entry for its version, in the Marketplace form', () => {
    const changelog = files.get('extension/changelog.md').toString('utf8');
    assert.match(changelog, /^# Changelog/m);
    assert.match(changelog, new RegExp(`^## \\[?${manifest.version.replace(/\./g, '\\.')}\\]?`, 'm'));
  });
});

describe('the CLI package (npm pack, installed into an empty folder)', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'kamervragen-cli-pkg-'));
  const project = join(dir, 'project');
  let tarball;
  let bin;
  const kamervragen = (...args) => spawnSync(bin, args, { cwd: project, encoding: 'utf8' });

  before(async () => {
    tarball = await packCli({ outDir: dir, quiet: true });
    // An empty folder and --offline: installing must not need the registry (no dependencies).
    const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', project, tarball], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    bin = join(project, 'node_modules', '.bin', 'kamervragen');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('contains the bundle, the manifest, README and LICENSE, nothing else', () => {
    const r = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    assert.deepEqual(r.stdout.trim().split('\n').sort(),
      ['package/LICENSE', 'package/README.md', 'package/dist/cli.js', 'package/dist/pdf.js', 'package/package.json']);
  });

  it('has the extension\'s version and needs nothing but Node.js builtins (no vscode)', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'kamervragen-cli', 'package.json'), 'utf8'));
    assert.equal(pkg.version, rootManifest.version);
    assert.equal(pkg.engines.node, rootManifest.engines.node);
    assert.equal(pkg.dependencies, undefined);
    const code = readFileSync(join(project, 'node_modules', 'kamervragen-cli', 'dist', 'cli.js'), 'utf8');
    const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1].replace(/^node:/, ''));
    // Node's builtins, and PDF.js's own file of the package (loaded when a PDF is read).
    assert.deepEqual(required.filter((m) => !builtinModules.includes(m) && m !== './pdf.js'), []);
    assert.equal(kamervragen('--version').stdout.trim(), rootManifest.version);
  });

  it('runs `kamervragen parse` on an official document', () => {
    const r = kamervragen('parse', fixture('ah-tk-20202021-3235.xml'), fixture('ah-tk-20202021-3235.metadata.xml'));
    assert.equal(r.status, 0, r.stderr);
    const kv = JSON.parse(r.stdout);
    assert.equal(kv.format, 'kamervraag/1');
    assert.equal(kv.zaak, '2021Z09739');
    assert.ok(kv.entries.length >= 9 && kv.entries.every((e) => e.answer));
  });

  it('reads an official PDF with the PDF.js file it ships', () => {
    const pdf = join(repoRoot, 'test', 'fixtures', 'pdf', 'ah-tk-20232024-99.official.pdf');
    const r = kamervragen('parse', pdf);
    assert.equal(r.status, 0, r.stderr);
    const kv = JSON.parse(r.stdout);
    assert.equal(kv.entries.length, 13);
    assert.ok(kv.entries.every((e) => e.answer));
  });

  it('runs `kamervragen cite`, in each style', () => {
    const leidraad = kamervragen('cite', fixture('ah-tk-20202021-3235.xml'), '--question', '3');
    assert.equal(leidraad.status, 0, leidraad.stderr);
    assert.equal(leidraad.stdout.trim(), 'Aanhangsel Handelingen II 2020/21, nr. 3235, antwoord op vraag 3');
    const quote = kamervragen('cite', fixture('ah-tk-20202021-3235.xml'), '--question', '3', '--quote');
    assert.match(quote.stdout, /^> /m);
    assert.match(quote.stdout, /<!-- kamervraag:\S+ vraag=3 -->/);
  });

  it('has every subcommand of src/cli/main.ts, each failing on bad input with one line and exit code 2', () => {
    const usage = kamervragen('--help').stdout;
    const commands = [...usage.matchAll(/^\s*kamervragen (\w+)/gm)].map((m) => m[1]);
    assert.ok(commands.includes('parse') && commands.includes('cite'), usage);
    for (const command of commands) {
      const r = kamervragen(command, join(project, 'no-such-file.md'));
      assert.equal(r.status, 2, `${command}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `${command}: ${r.stderr}`);
    }
  });
});
