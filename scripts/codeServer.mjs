// Installs code-server (a real VS Code server published on npm) into the git-ignored .tools/ folder,
// on demand and cached, like @vscode/test-electron caches its download in .vscode-test/.
// See /work/shared/VSCODE-TESTING.md for why each environment fix below is needed.
//
//   node scripts/codeServer.mjs                     installs (Debian packages too, when running as root)
//   node scripts/codeServer.mjs --debian-packages   only the Debian packages
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3'; // bundles VS Code 1.100.3; 4.103+ need Node 22
const RIPGREP_PACKAGE_VERSION = '1.15.11'; // @vscode/ripgrep as pinned by code-server 4.100.3
const RIPGREP_VERSION = 'v13.0.0-10';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const toolDir = join(repoRoot, '.tools', 'code-server');
const marker = join(toolDir, `.installed-${CODE_SERVER_VERSION}`);
const entry = join(toolDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Debian packages we need, each with a file that proves it is installed. */
const DEBIAN_PACKAGES = {
  chromium: '/usr/bin/chromium', // the browser that opens the workbench
  'libkrb5-dev': '/usr/include/gssapi/gssapi.h', // headers for code-server's `kerberos` module
  ripgrep: '/usr/bin/rg', // replaces the rg that @vscode/ripgrep would download from GitHub
};

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

/** Returns the path of code-server's out/node/entry.js, installing it (and the Debian packages) when needed. */
export function ensureCodeServer() {
  ensureDebianPackages(); // chromium is needed to run it, even when code-server is cached
  if (existsSync(marker) && existsSync(entry)) return entry;
  console.log(`[codeServer] installing code-server@${CODE_SERVER_VERSION} into ${toolDir} (about a minute)`);
  rmSync(toolDir, { recursive: true, force: true });
  mkdirSync(toolDir, { recursive: true });

  // @vscode/ripgrep looks for a cached tarball in $TMPDIR before downloading from GitHub:
  // give it one made from Debian's rg (the same version, 13.0.0).
  const tmp = mkdtempSync(join(tmpdir(), 'kamervragen-code-server-'));
  try {
    const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
    const cache = join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
    const staging = join(tmp, 'rg-staging');
    mkdirSync(cache, { recursive: true });
    mkdirSync(staging);
    copyFileSync('/usr/bin/rg', join(staging, 'rg'));
    const tarball = join(cache, `ripgrep-${RIPGREP_VERSION}-${arch}-unknown-linux-musl.tar.gz`);
    run('tar', ['-czf', tarball, '-C', staging, 'rg']);

    const env = {
      ...process.env,
      TMPDIR: tmp,
      npm_config_unsafe_perm: 'true', // as root, code-server's postinstall refuses to run otherwise
      npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp` and would prompt
    };
    run('npm', ['install', '--prefix', toolDir, '--no-audit', '--no-fund', '--loglevel=error',
      `code-server@${CODE_SERVER_VERSION}`], { env });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!existsSync(entry)) throw new Error(`code-server installed but ${entry} is missing`);
  writeFileSync(marker, new Date().toISOString() + '\n');
  return entry;
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
  else console.log(ensureCodeServer());
  console.log(`[codeServer] ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
