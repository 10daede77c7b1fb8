// A stand-in for the desktop `code` executable: takes the arguments @vscode/test-electron (or
// @vscode/test-cli) passes to VS Code and performs the same run in code-server instead.
// Understood: --extensionDevelopmentPath, --extensionTestsPath, --user-data-dir, --extensions-dir
// (as `--flag=value` or `--flag value`) and the folder to open; other flags are ignored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite } from './runInCodeServer.mjs';

const VALUE_FLAGS = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir'];

function parse(argv) {
  const options = {};
  const folders = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (!match) { folders.push(arg); continue; }
    const [, name, inline] = match;
    if (!VALUE_FLAGS.includes(name)) continue; // --no-sandbox, --disable-extensions, ...
    const value = inline ?? argv[++i];
    options[name] ??= value; // the first --extensionDevelopmentPath wins
  }
  return { options, folder: folders[0] };
}

const { options, folder } = parse(process.argv.slice(2));
if (!options.extensionDevelopmentPath || !options.extensionTestsPath) {
  console.error('usage: vscode-shim --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--user-data-dir=DIR] [--extensions-dir=DIR] [FOLDER]');
  process.exit(2);
}
// code-server needs a folder to open; desktop VS Code would open an empty window instead.
const emptyFolder = folder ? undefined : mkdtempSync(join(tmpdir(), 'kamervragen-empty-'));
const result = await runSuite({
  extensionDevelopmentPath: options.extensionDevelopmentPath,
  extensionTestsPath: options.extensionTestsPath,
  workspace: folder ?? emptyFolder,
  userDataDir: options['user-data-dir'],
  extensionsDir: options['extensions-dir'],
});
if (emptyFolder) rmSync(emptyFolder, { recursive: true, force: true });
console.log(`[vscode-shim] ${result.label}: ${result.passed} passed, ${result.failed} failed, exit code ${result.exitCode}`);
process.exit(result.ok ? 0 : result.exitCode || 1);
