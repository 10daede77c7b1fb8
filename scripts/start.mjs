// `npm start`: builds the extension for production, packages the VSIX, installs it into a local
// code-server (.tools/start-current/) and opens the sample notes there. Runs until Ctrl+C.
// It runs the current VS Code (1.139), the one users have; `npm start -- --vscode=oldest` runs 1.100.3,
// the oldest engines.vscode allows (its state in .tools/start-oldest/).
// PORT=9000 npm start picks the port (default 8080; a free one when that is taken).
// `npm start -- --fixtures` points the endpoints at the fixture server: no internet needed.
// KAMERVRAGEN_START_DIR=… keeps the state (user data, extensions, notes) elsewhere (scripts/uiRun.mjs does).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ensureVsCode, repoRoot, selectVersions } from './codeServer.mjs';
import { readmeLinkArgs } from './packaging.mjs';
import { freePort } from './runInCodeServer.mjs';

const [version] = selectVersions(process.argv, 'current');
if (process.argv.includes('--vscode=both')) throw new Error('npm start runs one VS Code: --vscode=current or --vscode=oldest');
const startDir = process.env.KAMERVRAGEN_START_DIR || join(repoRoot, '.tools', `start-${version.name}`);
const vsix = join(startDir, 'kamervragen.vsix');
const extensionsDir = join(startDir, 'extensions');
const userDataDir = join(startDir, 'user-data');
const notesDir = join(startDir, 'notes');
const config = ['--config', join(startDir, 'config.yaml')]; // else code-server writes ~/.config/code-server
const serverEnv = {
  EXTENSIONS_GALLERY: '{}', // no marketplace calls unless you configure one
  ...process.env,
  // code-server keeps logs and a device id in these: keep them in .tools/start, not in ~.
  XDG_DATA_HOME: join(startDir, 'data'), XDG_CACHE_HOME: join(startDir, 'cache'),
};

function run(cmd, args, env = process.env) {
  const { status } = spawnSync(cmd, args, { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${status})`);
}

/** True when nothing listens on 127.0.0.1:port yet. */
function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

mkdirSync(startDir, { recursive: true });
const { entry, node, env: vscodeEnv, label } = ensureVsCode(version.name);
Object.assign(serverEnv, vscodeEnv); // PATH with the Node.js that runs this code-server first
run(process.execPath, ['esbuild.mjs', '--production']);
run('npx', ['vsce', 'package', '--no-dependencies', ...readmeLinkArgs(), '--out', vsix]);
run(node, [entry, ...config, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
  '--install-extension', vsix, '--force'], serverEnv);
// Quiet user settings (kept when the user has changed them): no git prompt for the repository
// around .tools/, no welcome page, no telemetry.
const settingsFile = join(userDataDir, 'User', 'settings.json');
if (!existsSync(settingsFile)) {
  mkdirSync(dirname(settingsFile), { recursive: true });
  writeFileSync(settingsFile, `${JSON.stringify({
    'git.openRepositoryInParentFolders': 'never',
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'workbench.secondarySideBar.defaultVisibility': 'hidden', // VS Code 1.10x+ opens a Chat view there
  }, null, 2)}\n`);
}
// A library to start with: Kamervragen parsed from the real documents in test/fixtures, written as
// bare kamervraag/1 JSON (the library migrates such files). Items the user has are left alone.
const items = join(userDataDir, 'User', 'globalStorage', 'kamervragen.kamervragen', 'library', 'items');
mkdirSync(items, { recursive: true });
for (const [key, files] of Object.entries({
  '2023Z11786': ['test/fixtures/seeds/kamervraag-2023Z11786.txt'],
  '2021Z09739': ['test/fixtures/koop/ah-tk-20202021-3235.xml', 'test/fixtures/koop/ah-tk-20202021-3235.metadata.xml'],
})) {
  const file = join(items, `${key}.json`);
  if (existsSync(file)) continue;
  const parsed = spawnSync(process.execPath, ['dist/cli.js', 'parse', ...files], { cwd: repoRoot, encoding: 'utf8' });
  if (parsed.status === 0) writeFileSync(file, parsed.stdout);
  else console.warn(`Could not seed ${key}: ${parsed.stderr.trim()}`);
}

// `npm start -- --fixtures`: no internet needed; the endpoints point at the fixture server, which
// answers like the official services from test/fixtures (for demos and offline work on the UI).
if (process.argv.includes('--fixtures')) {
  const bundle = join(startDir, 'fixtureServer.cjs');
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [join(repoRoot, 'test/server/fixtureServer.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
  const { createRequire } = await import('node:module');
  const { startFixtureServer } = createRequire(import.meta.url)(bundle);
  const fixtures = await startFixtureServer({ root: join(repoRoot, 'test', 'fixtures') });
  const current = JSON.parse(readFileSync(settingsFile, 'utf8'));
  for (const [key, value] of Object.entries(fixtures.endpoints)) current[`kamervragen.endpoints.${key}`] = value;
  writeFileSync(settingsFile, `${JSON.stringify(current, null, 2)}\n`);
  console.log(`Fixture server on ${fixtures.baseUrl}; the endpoints point at it.`);
} else if (existsSync(settingsFile)) {
  // Back to the official services after a --fixtures run.
  const current = JSON.parse(readFileSync(settingsFile, 'utf8'));
  const keys = Object.keys(current).filter((k) => k.startsWith('kamervragen.endpoints.'));
  for (const k of keys) delete current[k];
  if (keys.length > 0) writeFileSync(settingsFile, `${JSON.stringify(current, null, 2)}\n`);
}

// Sample notes: copy what is missing, never overwrite a note the user has edited.
cpSync(join(repoRoot, 'samples', 'notes'), notesDir, { recursive: true, force: false });

const wanted = Number(process.env.PORT ?? 8080);
const port = (await isFree(wanted)) ? wanted : await freePort();
const server = spawn(node, [entry, ...config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--extensions-dir', extensionsDir,
  '--user-data-dir', userDataDir, notesDir], {
  env: serverEnv,
  detached: true, // own process group, so stopping it stops its children too
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ } };
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
process.once('SIGHUP', stop); // the terminal closed
process.once('exit', stop);
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (chunk.toString().includes('HTTP server listening')) {
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(notesDir)}`;
    console.log(`\n  Kamervragen is running in ${label} (code-server ${version.codeServer}):\n\n    ${url}\n\n  Press Ctrl+C to stop.\n`);
  }
});
server.once('exit', (code, signal) => process.exit(signal ? 0 : code ?? 0));
