// Entry point VS Code loads as `extensionTestsPath`: runs every compiled *.test.js next to this file
// with mocha (bdd: describe/it). Works in code-server (scripts/runInCodeServer.mjs) and in desktop
// VS Code (@vscode/test-electron). When KAMERVRAGEN_TEST_RESULT is set, writes the counts there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

interface SuiteResult {
  passed: number;
  failed: number;
  failures: { title: string; message: string }[];
  /** Titles of the tests that passed, so runs on two VS Code versions can be compared test by test. */
  passes: string[];
}

export async function run(): Promise<void> {
  // In the web workbench the extension host's console shows mocha's format strings raw ("%s%s").
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(util.format(...args));

  // KAMERVRAGEN_TEST_GREP runs only the tests whose full title matches (for a quick look while working).
  const grep = process.env['KAMERVRAGEN_TEST_GREP'];
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const file of testFiles(__dirname)) mocha.addFile(file);

  const result: SuiteResult = { passed: 0, failed: 0, failures: [], passes: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      result.passed++;
      result.passes.push(test.fullTitle());
    });
    runner.on('fail', (test, err: Error) => {
      result.failed++;
      result.failures.push({ title: test.fullTitle(), message: err?.message ?? String(err) });
    });
  });

  const resultFile = process.env['KAMERVRAGEN_TEST_RESULT'];
  if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}

/** Every *.test.js below a folder, sorted so the order is stable. */
function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => path.join(dir, name));
}
