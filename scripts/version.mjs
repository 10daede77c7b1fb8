// `npm version <patch|minor|major|x.y.z>` runs this as its "version" script, after it has bumped the root
// package.json and before it commits: the CLI package (packages/cli, published as kamervragen-cli) gets the
// same version, and CHANGELOG.md's unreleased section becomes that version's, dated today. Both files are
// staged so they are part of npm's version commit; the build writes the version into `kamervragen --version`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer.mjs';

const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

const cliFile = join(repoRoot, 'packages', 'cli', 'package.json');
const cli = JSON.parse(readFileSync(cliFile, 'utf8'));
cli.version = version;
writeFileSync(cliFile, `${JSON.stringify(cli, null, 2)}\n`);

const changelogFile = join(repoRoot, 'CHANGELOG.md');
const changelog = readFileSync(changelogFile, 'utf8');
const today = new Date().toISOString().slice(0, 10);
// The section being prepared is headed `## [x.y.z] - Unreleased` (or `## [Unreleased]`): it becomes this
// version's, dated today.
const released = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}`, 'm');
if (!released.test(changelog)) {
  const pending = /^## \[(?:[^\]]+\] - Unreleased|Unreleased\])[ \t]*$/m;
  if (!pending.test(changelog)) {
    console.error('CHANGELOG.md has no "## [Unreleased]" section to release: write down what changed there first.');
    process.exit(1);
  }
  writeFileSync(changelogFile, changelog.replace(pending, `## [${version}] - ${today}`));
}

// Inside `npm version` in a git checkout: add both to its commit (npm stages only package.json and the lock).
if (process.env.npm_lifecycle_event === 'version') {
  const r = spawnSync('git', ['add', cliFile, changelogFile], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log(`kamervragen and kamervragen-cli: ${version}`);
