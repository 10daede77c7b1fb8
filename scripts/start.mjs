// `npm start`: builds the extension for production, packages the VSIX, installs it into a local
// code-server (.tools/start/) and opens the sample notes there. Runs until Ctrl+C.
// PORT=9000 npm start picks the port (default 8080; a free one when that is taken).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ensureCodeServer, repoRoot } from './codeServer.mjs';
import { freePort } from './runInCodeServer.mjs';

const startDir = join(repoRoot, '.tools', 'start');
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
const entry = ensureCodeServer();
run(process.execPath, ['esbuild.mjs', '--production']);
run('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix]);
run(process.execPath, [entry, ...config, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
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
  }, null, 2)}\n`);
}
// Sample notes: copy what is missing, never overwrite a note the user has edited.
cpSync(join(repoRoot, 'samples', 'notes'), notesDir, { recursive: true, force: false });

const wanted = Number(process.env.PORT ?? 8080);
const port = (await isFree(wanted)) ? wanted : await freePort();
const server = spawn(process.execPath, [entry, ...config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--extensions-dir', extensionsDir,
  '--user-data-dir', userDataDir, notesDir], {
  env: serverEnv,
  detached: true, // own process group, so stopping it stops its children too
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ } };
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
process.once('exit', stop);
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (chunk.toString().includes('HTTP server listening')) {
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(notesDir)}`;
    console.log(`\n  Kamervragen is running in VS Code (code-server):\n\n    ${url}\n\n  Press Ctrl+C to stop.\n`);
  }
});
server.once('exit', (code, signal) => process.exit(signal ? 0 : code ?? 0));
