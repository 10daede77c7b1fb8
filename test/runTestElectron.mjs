// Runs the integration suite through @vscode/test-electron's runTests, the standard runner.
//   node test/runTestElectron.mjs           downloads desktop VS Code (needs internet)
//   node test/runTestElectron.mjs --shim    runs it in code-server through scripts/vscode-shim (offline)
//   … --vscode=oldest|current|both          which VS Code: 1.100.3 (engines minimum), today's 1.139, or both
//                                           (default: oldest)
//   KAMERVRAGEN_VSCODE_EXECUTABLE=/path/to/code node test/runTestElectron.mjs
// Build first: `node esbuild.mjs --tests`.
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectVersions } from '../scripts/codeServer.mjs';
import { copyWorkspace } from '../scripts/runInCodeServer.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const vscodeExecutablePath = process.env.KAMERVRAGEN_VSCODE_EXECUTABLE
  || (process.argv.includes('--shim') ? join(root, 'scripts', 'vscode-shim') : undefined);

for (const version of selectVersions(process.argv, 'oldest')) {
  const workspace = copyWorkspace(join(root, 'test', 'workspace'));
  const profile = mkdtempSync(join(tmpdir(), 'kamervragen-profile-')); // fresh user data per run
  process.env.KAMERVRAGEN_VSCODE = version.name; // the shim runs this code-server version
  try {
    console.log(`integration tests on VS Code ${version.vscode}`);
    await runTests({
      version: version.name === 'oldest' ? version.vscode : 'stable',
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace.path, '--disable-extensions',
        `--user-data-dir=${join(profile, 'user-data')}`, `--extensions-dir=${join(profile, 'extensions')}`],
      extensionTestsEnv: { KAMERVRAGEN_TEST: '1' },
    });
  } catch (err) {
    console.error(`integration tests failed on VS Code ${version.vscode}: ${err.message}`);
    process.exitCode = 1;
  } finally {
    workspace.dispose();
    rmSync(profile, { recursive: true, force: true });
  }
}
