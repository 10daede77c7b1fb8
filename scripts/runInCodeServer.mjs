// Runs a mocha suite inside a real VS Code extension host, offline: code-server (VS Code server
// from npm) serves the workbench and headless Debian chromium opens it with a `payload` that carries
// extensionDevelopmentPath and extensionTestsPath. Recipe: /work/shared/VSCODE-TESTING.md.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureVsCode } from './codeServer.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Workbench chatter that would bury the extension host output (shown with KAMERVRAGEN_VERBOSE=1). */
const NOISE = new RegExp('^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin'
  + '|Updating additional builtin|ChatSessionStore|\\[ChatModelSelection\\]|\\[Service Worker\\]|\\[reconnection-grace-time\\]'
  + '|\\[AccountPolicyGate\\]|\\[AgentHost|Creation of workbench contribution'
  + "|Timed out waiting for authentication provider 'github')"); // the last six: VS Code 1.139

/** User settings that keep the workbench quiet and offline. */
const QUIET_SETTINGS = {
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.autofetch': false,
};

/** Copies a workspace template into a fresh temp folder, so tests may modify its files. */
export function copyWorkspace(template) {
  const dir = mkdtempSync(join(tmpdir(), 'kamervragen-workspace-'));
  cpSync(template, dir, { recursive: true });
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove); // also on Ctrl+C, which ends the run with process.exit
  return { path: dir, dispose: () => { process.removeListener('exit', remove); remove(); } };
}

/** A free TCP port on 127.0.0.1 (the OS picks one; we release it right away). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Runs the suite and resolves to { exitCode, passed, failed, failures, passes (titles), label, ok }. `ok` is true
 * only when the workbench reported exit code 0 and the suite's result file says 0 failed.
 * Options: extensionDevelopmentPath, extensionTestsPath (compiled index.js), workspace (folder to
 * open), env (extra variables for the extension host), userDataDir / extensionsDir (default: fresh
 * temp dirs), timeoutMs (default 5 min), vscode ('oldest' | 'current', the VS Code version to run in;
 * default 'oldest' or $KAMERVRAGEN_VSCODE), untrusted (true: workspace trust on and the folder not trusted,
 * i.e. Restricted Mode; default: trust off, as in most test runs).
 */
export async function runSuite({ extensionDevelopmentPath, extensionTestsPath, workspace, env = {},
  userDataDir, extensionsDir, timeoutMs = 5 * 60_000, vscode = process.env.KAMERVRAGEN_VSCODE || 'oldest', untrusted = false }) {
  const { entry, node, env: vscodeEnv, testArgs, label } = ensureVsCode(vscode);
  const runDir = mkdtempSync(join(tmpdir(), 'kamervragen-run-'));
  const dir = (name) => { const d = join(runDir, name); mkdirSync(d, { recursive: true }); return d; };
  const userData = userDataDir ? resolve(userDataDir) : dir('user-data');
  const extensions = extensionsDir ? resolve(extensionsDir) : dir('extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  const trust = untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...trust }, null, 2));
  const resultFile = join(runDir, 'result.json');

  // code-server, git and chromium write into HOME and XDG folders: point them all at the run dir.
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_')));
  Object.assign(childEnv, {
    HOME: dir('home'), TMPDIR: dir('tmp'),
    XDG_CONFIG_HOME: dir('xdg-config'), XDG_DATA_HOME: dir('xdg-data'), XDG_CACHE_HOME: dir('xdg-cache'),
    EXTENSIONS_GALLERY: '{}', // no marketplace calls
    KAMERVRAGEN_TEST: '1',
    KAMERVRAGEN_TEST_RESULT: resultFile, // the suite's run() writes {passed, failed, failures} here
    ...vscodeEnv, // PATH starts with the Node.js that runs this code-server
    ...env,
  });

  const port = await freePort();
  const server = spawn(node, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', ...(untrusted ? [] : ['--disable-workspace-trust']), ...testArgs,
    '--user-data-dir', userData, '--extensions-dir', extensions, '--ignore-last-opened', resolve(workspace)],
  { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }); // own process group
  const serverLog = [];
  const killServer = () => { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ } };
  process.once('exit', killServer); // even when our caller exits abruptly
  const onSignal = (signal) => { killServer(); rmSync(runDir, { recursive: true, force: true }); process.exit(128 + (signal === 'SIGINT' ? 2 : 15)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let browser;
  let timer;
  let exitCode = 1;
  try {
    const run = (async () => {
      await waitForListening(server, serverLog);
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: childEnv });
      const page = await browser.newPage();
      let exited;
      const exitPromise = new Promise((r) => { exited = r; });
      // Everything the extension host prints (mocha's reporter included) arrives here.
      await page.exposeFunction('codeAutomationLog', (level, msg) => {
        const text = String(msg);
        if (NOISE.test(text) && !process.env.KAMERVRAGEN_VERBOSE) return;
        (level === 'error' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : text + '\n');
      });
      await page.exposeFunction('codeAutomationExit', (code) => exited(Number(code)));
      page.on('pageerror', (err) => console.error(`[workbench] ${err.message}`));
      const payload = [
        ['extensionDevelopmentPath', `vscode-remote://remote${resolve(extensionDevelopmentPath)}`],
        ['extensionTestsPath', `vscode-remote://remote${resolve(extensionTestsPath)}`],
      ];
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(resolve(workspace))}`
        + `&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return exitPromise;
    })();
    run.catch(() => {}); // after a timeout its late rejection must not crash the process
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    exitCode = await Promise.race([run, timeout]);
  } catch (err) {
    console.error(`[runInCodeServer] ${err.message}`);
    if (serverLog.length) console.error(`[runInCodeServer] code-server output:\n${serverLog.join('')}`);
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    killServer();
    process.removeListener('exit', killServer);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : undefined;
  if (!result) console.error('[runInCodeServer] the suite wrote no result file');
  rmSync(runDir, { recursive: true, force: true });
  const passed = result?.passed ?? 0;
  const failed = result?.failed ?? 0;
  return { exitCode, passed, failed, failures: result?.failures ?? [], passes: result?.passes ?? [], label,
    ok: exitCode === 0 && !!result && failed === 0 };
}

/** Resolves once code-server prints that it listens; rejects if it exits first. */
function waitForListening(server, log) {
  return new Promise((resolveReady, reject) => {
    const onData = (chunk) => {
      log.push(chunk.toString());
      if (log.join('').includes('HTTP server listening')) resolveReady();
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', (chunk) => log.push(chunk.toString()));
    server.once('exit', (code) => reject(new Error(`code-server exited early (code ${code})`)));
    server.once('error', reject);
  });
}
