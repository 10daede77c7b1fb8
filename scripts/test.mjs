// THE test command (`npm test`): typecheck, lint, build, unit tests (core and the built CLI), the
// integration suite inside a real VS Code (code-server) on the oldest VS Code engines.vscode allows
// (1.100.3) and on the current one (1.139), each also in Restricted Mode (test/restricted), then the
// packaging tests (the VSIX and the CLI tarball).
// Prints a summary per tier (one integration line per version, and the tests whose outcome differs
// between them) and, as the very last line, `tests: N passed, M failed` summed over everything.
// Exits non-zero on any failure or any tier not run.
//   npm test                          both VS Code versions
//   npm test -- --vscode=oldest       only 1.100.3 (or current; KAMERVRAGEN_VSCODE=… does the same)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackages, repoRoot, selectVersions } from './codeServer.mjs';

process.chdir(repoRoot);
const versions = selectVersions(process.argv, 'both'); // fails early on a bad --vscode= value
const stdio = ['ignore', 'inherit', 'inherit']; // CI has no stdin
const tiers = []; // { name, status: 'ok' | 'failed' | 'skipped' | 'not run', passed, failed, seconds, note }

/** Runs one tier; `body` returns { passed, failed, note? } or throws (a crash counts as 1 failed). */
async function tier(name, body) {
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  let result;
  try {
    result = await body();
  } catch (err) {
    console.error(`${name} crashed: ${err.stack ?? err}`);
    result = { passed: 0, failed: 1, note: 'crashed' };
  }
  const status = result.skipped ? 'skipped' : result.failed > 0 ? 'failed' : 'ok';
  tiers.push({ name, status, seconds: (Date.now() - started) / 1000, ...result });
  return status === 'ok' || status === 'skipped';
}

/** A step that passes or fails as a whole (typecheck, lint, build): 1 passed or 1 failed. */
function step(cmd, args) {
  const { status, error } = spawnSync(cmd, args, { stdio });
  if (error) throw error;
  return status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/** Runs mocha in a child process with the spec reporter and reads its counts. */
function mocha(args) {
  const statsDir = mkdtempSync(join(tmpdir(), 'kamervragen-mocha-'));
  const statsFile = join(statsDir, 'stats.json');
  try {
    const { status, error } = spawnSync(process.execPath,
      ['node_modules/mocha/bin/mocha.js', '--reporter', './scripts/specWithCounts.cjs', ...args],
      { stdio, env: { ...process.env, KAMERVRAGEN_MOCHA_STATS: statsFile } });
    if (error) throw error;
    if (!existsSync(statsFile)) throw new Error(`mocha exited with ${status} before reporting (no test files?)`);
    const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
    if (status !== 0 && stats.failed === 0) throw new Error(`mocha exited with ${status}`);
    if (stats.passed + stats.failed === 0) throw new Error('no tests ran');
    return stats;
  } finally {
    rmSync(statsDir, { recursive: true, force: true });
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!existsSync('node_modules')) {
  console.log('node_modules is missing: npm ci');
  if (spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio }).status !== 0) {
    console.error('npm ci failed');
    process.exit(1);
  }
}

await tier('typecheck', () => step(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']));
await tier('lint', () => step(npm, ['run', '--silent', 'lint']));
const built = await tier('build', () => {
  const result = step(process.execPath, ['esbuild.mjs', '--tests']);
  return { ...result, passed: 0, note: result.failed ? '' : 'dist/ and out/test/' }; // counted only when it fails
});

if (built) {
  await tier('unit', () => {
    ensureDebianPackages(); // pandoc, for the bibliography's road to a document
    return mocha(['--config', '.mocharc.json']);
  });
  const runs = []; // { version, result } per VS Code version, to compare them test by test
  for (const version of versions) {
    await tier(`integration ${version.vscode}`, async () => {
      const { ensureVsCode } = await import('./codeServer.mjs');
      const { runSuite, copyWorkspace } = await import('./runInCodeServer.mjs');
      const ready = ensureVsCode(version.name); // installs Debian packages and code-server on first use
      const workspace = copyWorkspace('test/workspace');
      try {
        const result = await runSuite({
          extensionDevelopmentPath: repoRoot,
          extensionTestsPath: join(repoRoot, 'out/test/integration/index.js'),
          workspace: workspace.path,
          vscode: version.name,
        });
        runs.push({ version, result });
        const note = `${ready.label} (code-server ${version.codeServer})`;
        if (result.ok) return { ...result, note };
        return { ...result, failed: Math.max(result.failed, 1), note: `${note}, VS Code exit code ${result.exitCode}` };
      } finally {
        workspace.dispose();
      }
    });
    // package.json declares Restricted Mode support: the same runner in an untrusted workspace.
    await tier(`restricted ${version.vscode}`, async () => {
      const { runSuite, copyWorkspace } = await import('./runInCodeServer.mjs');
      const workspace = copyWorkspace('test/workspace');
      try {
        const result = await runSuite({
          extensionDevelopmentPath: repoRoot,
          extensionTestsPath: join(repoRoot, 'out/test/restricted/index.js'),
          workspace: workspace.path,
          vscode: version.name,
          untrusted: true,
        });
        if (result.ok) return { ...result, note: 'Restricted Mode (untrusted workspace)' };
        return { ...result, failed: Math.max(result.failed, 1), note: `VS Code exit code ${result.exitCode}` };
      } finally {
        workspace.dispose();
      }
    });
  }
  if (runs.length === 2) reportDifferences(runs);
  // Last, because it rebuilds dist/ for production: the VSIX and the CLI tarball as users get them.
  await tier('packaging', () => mocha(['--no-config', '--timeout', '300000', 'test/packaging/*.test.mjs']));
} else {
  for (const name of ['unit', ...versions.flatMap((v) => [`integration ${v.vscode}`, `restricted ${v.vscode}`]), 'packaging']) {
    tiers.push({ name, status: 'not run', passed: 0, failed: 0, note: 'build failed' });
  }
}

/** Prints every test whose outcome differs between the two VS Code versions. */
function reportDifferences([a, b]) {
  const outcome = (r) => new Map([...r.passes.map((t) => [t, 'passed']), ...r.failures.map((f) => [f.title, `failed: ${f.message.split('\n')[0]}`])]);
  const [oa, ob] = [outcome(a.result), outcome(b.result)];
  const lines = [];
  for (const title of new Set([...oa.keys(), ...ob.keys()])) {
    const [x, y] = [oa.get(title) ?? 'did not run', ob.get(title) ?? 'did not run'];
    if (x !== y) lines.push(`  ${title}\n    ${a.version.vscode}: ${x}\n    ${b.version.vscode}: ${y}`);
  }
  console.log(`\n━━ differences between VS Code ${a.version.vscode} and ${b.version.vscode} ━━`);
  console.log(lines.length ? lines.join('\n') : '  none: every test has the same outcome on both');
}

// Summary: one line per tier, then the total as the very last line.
console.log('\n━━ summary ━━');
for (const t of tiers) {
  const counts = t.passed + t.failed === 0 ? '' : `${t.passed} passed, ${t.failed} failed`;
  const time = t.seconds === undefined ? '' : `${t.seconds.toFixed(1)} s`;
  console.log(`${t.name.padEnd(20)} ${t.status.padEnd(8)} ${counts.padEnd(22)} ${time.padStart(7)}  ${t.note ?? ''}`.trimEnd());
}
const passed = tiers.reduce((n, t) => n + t.passed, 0);
const failed = tiers.reduce((n, t) => n + t.failed, 0);
const incomplete = tiers.some((t) => t.status === 'not run');
process.exitCode = failed > 0 || incomplete ? 1 : 0;
console.log(`tests: ${passed} passed, ${failed} failed`);
