/** `kamervragen check` as a user runs it: the built dist/cli.js in a child process, on sample notes. */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryStore } from '../../src/core/library/store';
import { parseKamervraag } from '../../src/core/parse';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';

function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['dist/cli.js', 'check', ...args], { encoding: 'utf8', env: { ...process.env, KAMERVRAGEN_LIBRARY: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}

const SEED = 'test/fixtures/seeds/kamervraag-2023Z11786.txt';
const HOLDS = 'test/fixtures/notes/holds.md';
const DIFFERS = 'test/fixtures/notes/differs.md';

describe('kamervragen check', () => {
  it('passes a note whose quotes hold (offline, --with): exit 0, nothing printed', async () => {
    const r = await check(HOLDS, '--with', SEED);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0);
  });

  it('fails a note with a changed quote: one line file:line:col: warning, exit 1', async () => {
    const r = await check(HOLDS, DIFFERS, '--with', SEED);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stdout);
    assert.match(lines[0]!, /^test\/fixtures\/notes\/differs\.md:16:\d+: warning: The quote differs from the answer to question 2 of 2023Z11786 at “…zijn er ruim 80 .*ruim 70 .*\[quote-differs\]$/);
  });

  it('reports JSON with --format json', async () => {
    const r = await check(DIFFERS, '--with', SEED, '--format', 'json');
    assert.equal(r.code, 1);
    const items = JSON.parse(r.stdout) as Array<{ file: string; line: number; column: number; severity: string; code: string; message: string }>;
    assert.deepEqual(items.map((i) => [i.file, i.line, i.severity, i.code]), [[DIFFERS, 16, 'warning', 'quote-differs']]);
  });

  it('takes the Kamervragen from a library folder (--library)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kv-check-'));
    try {
      const store = await LibraryStore.open(dir);
      await store.save(parseKamervraag([readFileSync(SEED, 'utf8')], '2026-11-27'));
      assert.equal((await check(HOLDS, '--library', dir)).code, 0);
      assert.equal((await check(DIFFERS, '--library', dir)).code, 1);
      // A library folder that is not there is bad input, not an empty library.
      const empty = await check(DIFFERS, '--library', join(dir, 'missing'));
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /no such library folder/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('--fetch, through the real fetching code, from the fixture server', () => {
    let server: FixtureServer;
    before(async () => { server = await startFixtureServer(); });
    after(() => server.close());

    it('fetches what the notes name and checks against it', async () => {
      const e = server.endpoints;
      const endpoints = ['--odata', e.odata, '--repository', e.repository, '--sru', e.sru, '--zoek', e.zoek];
      const holds = await check(HOLDS, '--fetch', ...endpoints);
      assert.equal(holds.code, 0, holds.stdout + holds.stderr);
      assert.ok(server.requests.length > 0);
      assert.equal((await check(DIFFERS, '--fetch', ...endpoints)).code, 1);
    });
  });

  it('bundles no language-server library: the check uses their types only (the server\'s diagnostics, pure)', () => {
    // dist/cli.js is the unminified build, which names every bundled module's path in a comment.
    const bundled = [...readFileSync('dist/cli.js', 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]!);
    assert.ok(bundled.includes('vscode-languageserver-textdocument'), 'the bundle names its modules');
    assert.deepEqual([...new Set(bundled.filter((p) => /^vscode-(?:jsonrpc|languageserver(?:-protocol|-types)?)$/.test(p)))], []);
  });

  describe('bad input: one line on stderr, exit code 2', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['no file', [], /Name at least one Markdown FILE/],
      ['a missing note', ['test/fixtures/notes/nope.md'], /nope\.md: no such file/],
      ['an unknown option', [HOLDS, '--strict'], /Unknown option --strict/],
      ['a bad format', [HOLDS, '--format', 'xml'], /--format must be text or json/],
      ['a document that is not official', [HOLDS, '--with', HOLDS], /holds\.md: /],
      ['an endpoint that is no address', [HOLDS, '--fetch', '--odata', 'localhost'], /--odata must be a web address/],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const r = await check(...args);
        assert.equal(r.code, 2);
        assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
        assert.match(r.stderr, message);
      });
    }
  });
});
