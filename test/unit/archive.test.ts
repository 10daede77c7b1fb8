/**
 * Downloading the archive through the real HTTP client, parsers and library store, against the
 * fixture server's generated archive (test/server/archive.ts; constructed, see its .source.txt):
 * cancelled and resumed, killed and resumed, then updated incrementally.
 *
 * The same file is the child process of the crash test: with KV_ARCHIVE_CHILD set it only runs a
 * download (reporting every saved zaak on stdout) until the parent kills it.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';
import { HttpClient } from '../../src/core/sources/http';
import type { SourceContext } from '../../src/core/sources/resolve';
import { LibraryStore } from '../../src/core/library/store';
import { archiveFilterText, countArchive, downloadArchive, estimateOf, readCheckpoint, updateArchive, type ArchiveResult } from '../../src/core/sources/archive';

const TODAY = '2026-11-27';
const SIZE = 2000;
/** Runs "finish" in 2027, after every generated zaak's GewijzigdOp; changes come after that. */
const RUN_AT = '2027-01-01T00:00:00Z';
const CHANGED_AT = '2027-01-05T09:30:00Z';

function client(): HttpClient {
  return new HttpClient({ userAgent: 'kamervragen-test', timeoutMs: 5000, retries: 1, backoffMs: () => 1 });
}

function contextOf(endpoints: FixtureServer['endpoints'], signal?: AbortSignal): SourceContext {
  return { http: client(), endpoints, today: TODAY, signal };
}

function itemFiles(dir: string): string[] {
  return readdirSync(join(dir, 'items')).filter((n) => n.endsWith('.json'));
}

if (process.env['KV_ARCHIVE_CHILD']) {
  // The crash test's child: download into the given library until killed.
  void (async () => {
    const endpoints = JSON.parse(process.env['KV_ARCHIVE_ENDPOINTS']!) as FixtureServer['endpoints'];
    const store = await LibraryStore.open(process.env['KV_ARCHIVE_CHILD']!);
    await downloadArchive(store, {}, contextOf(endpoints), {
      resume: true, now: () => RUN_AT,
      onProgress: (p) => { if (p.zaak) process.stdout.write(`saved ${p.counts.fetched}\n`); },
    });
    process.stdout.write('finished\n');
  })();
} else {
  describe('downloading the archive', function () {
    this.timeout(120_000);
    let server: FixtureServer;
    let root: string;
    let dir: string;

    before(async () => {
      server = await startFixtureServer({ archive: SIZE, freshArchive: true });
      root = mkdtempSync(join(tmpdir(), 'kv-archive-'));
      // A library folder that does not exist yet, as a new library's.
      dir = join(root, 'library');
    });
    after(async () => {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('asks the portal for written questions that are not deleted, ordered by the key, changes with deleted ones', () => {
      const text = archiveFilterText({}, TODAY);
      assert.match(text, /^Soort eq 'Schriftelijke vragen' and Verwijderd eq false and GestartOp ge 2008-01-01T00:00:00\+01:00/);
      const since = archiveFilterText({ party: 'SP' }, TODAY, RUN_AT);
      assert.doesNotMatch(since, /^Soort eq 'Schriftelijke vragen' and Verwijderd eq false/);
      assert.match(since, /GewijzigdOp gt 2027-01-01T00:00:00Z or Document\/any/);
    });

    it('counts what a download would fetch with one request, as the portal counts it', async () => {
      server.requests.length = 0;
      assert.equal(await countArchive({}, contextOf(server.endpoints)), SIZE);
      const sp = server.archive!.zaken.filter((z) => JSON.stringify(z['ZaakActor']).includes('"ActorFractie":"SP"')).length;
      assert.ok(sp > 0 && sp < SIZE);
      assert.equal(await countArchive({ party: 'SP' }, contextOf(server.endpoints)), sp);
      assert.equal(await countArchive({ from: '2010-01-01', to: '2010-12-31' }, contextOf(server.endpoints)), server.archive!.zaken.filter((z) => String(z['GestartOp']).startsWith('2010')).length);
      assert.equal(server.requests.length, 3);
      assert.ok(server.requests.every((r) => r.query['$top'] === '1' && r.query['$count'] === 'true'));
      assert.deepEqual(estimateOf(1000), { zaken: 1000, pages: 4, requests: { least: 2004, most: 3004 } });
    });

    it('downloads every zaak once after two cancels and a killed process, then updates only what changed', async () => {
      const expected = new Set(server.archive!.zaken.map((z) => z['Nummer'] as string));
      assert.equal(expected.size, SIZE);

      // 1. Cancelled after 300 saved zaken, and again 500 later (the counts go on across resumes).
      let result: ArchiveResult | undefined;
      for (const stopAt of [300, 800]) {
        const store = await LibraryStore.open(dir);
        const cancel = new AbortController();
        result = await downloadArchive(store, {}, contextOf(server.endpoints, cancel.signal), {
          resume: true, now: () => RUN_AT,
          onProgress: (p) => { if (p.counts.fetched >= stopAt) cancel.abort(); },
        });
        assert.equal(result.complete, false);
        // Nothing is still being saved once the run returned: the files are the store's items.
        assert.equal(itemFiles(dir).length, store.size);
        const cp = await readCheckpoint(dir);
        assert.ok(cp?.page, 'the checkpoint keeps the page at work');
      }
      const afterCancels = itemFiles(dir).length;
      assert.ok(afterCancels >= 800 && afterCancels < 900, `${afterCancels} saved after the cancels`);

      // 2. A process killed (SIGKILL) in the middle of its run.
      const child = spawn(process.execPath, [__filename], {
        env: { ...process.env, KV_ARCHIVE_CHILD: dir, KV_ARCHIVE_ENDPOINTS: JSON.stringify(server.endpoints) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const killed = await new Promise<string>((done) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const counts = [...out.matchAll(/saved (\d+)/g)].map((m) => Number(m[1]));
          if (counts.length > 0 && counts[counts.length - 1]! - counts[0]! >= 400) child.kill('SIGKILL');
        });
        child.on('exit', (_code, signal) => done(`${signal ?? ''}${out.includes('finished') ? ' finished' : ''}`));
      });
      assert.equal(killed, 'SIGKILL', 'the child was killed, not finished');
      const afterKill = itemFiles(dir).length;
      assert.ok(afterKill >= afterCancels + 400, `${afterKill} saved after the killed run`);

      // 3. Resumed to the end: every zaak once; what was stored was not fetched again.
      server.requests.length = 0;
      const store = await LibraryStore.open(dir);
      result = await downloadArchive(store, {}, contextOf(server.endpoints), { resume: true, now: () => RUN_AT });
      assert.equal(result.complete, true);
      assert.deepEqual(result.failures, []);
      // The counts went on across the cancels and the kill, each zaak counted once (fetched, or found stored).
      assert.equal(result.counts.fetched + result.counts.skipped, SIZE);
      assert.equal(result.counts.listed, SIZE);
      const zaakLookups = server.requests.filter((r) => r.path.endsWith('/Zaak') && /Nummer eq/.test(r.query['$filter'] ?? ''));
      assert.equal(zaakLookups.length, SIZE - afterKill, 'only the zaken not stored yet were fetched');
      const files = itemFiles(dir);
      assert.equal(files.length, SIZE, 'no zaak lost or doubled');
      assert.deepEqual(new Set(store.list().map((i) => i.key)), expected);
      assert.equal(store.get('2008Z00001')?.head.zaak, '2008Z00001');
      // Saved as fetched from the services: opening it later does not fetch it again.
      assert.ok(store.list().every((i) => i.fetchedAt !== null && /^https?:/.test(i.source ?? '')));
      // With their text: the questions' publication was read for every one.
      assert.ok(store.list().every((i) => (i.head.questionCount ?? 0) > 0), 'every zaak with its questions');
      const done = await readCheckpoint(dir);
      assert.equal(done?.page, null);
      assert.equal(done?.lastRun, RUN_AT);

      // 4. The portal changes five zaken and deletes two: the update fetches those five only.
      const changed = ['2009Z00017', '2012Z00100', '2015Z00002', '2020Z00050', '2026Z00090'];
      const deleted = ['2010Z00003', '2024Z00011'];
      server.archive!.change(changed, CHANGED_AT);
      server.archive!.remove(deleted, CHANGED_AT);
      server.requests.length = 0;
      assert.equal(await countArchive(done!.filter, contextOf(server.endpoints), RUN_AT), changed.length + deleted.length);
      server.requests.length = 0;
      const update = await updateArchive(store, contextOf(server.endpoints), { now: () => '2027-01-06T00:00:00Z' });
      assert.ok(update?.complete);
      assert.equal(update.counts.fetched, changed.length);
      assert.equal(update.counts.removed, deleted.length);
      const lookups = server.requests.filter((r) => /Nummer eq/.test(r.query['$filter'] ?? '')).map((r) => /'(\d{4}Z\d{5})'/.exec(r.query['$filter']!)![1]);
      assert.deepEqual(lookups.sort(), changed);
      const listings = server.requests.filter((r) => r.path.endsWith('/Zaak') && !/Nummer eq/.test(r.query['$filter'] ?? ''));
      assert.equal(listings.length, 1, 'one page of changes');
      // Unanswered questions: the zaak, KOOP's record of its questions (kv-tk folders are not derived from the id), the questions.
      assert.equal(server.requests.length, listings.length + changed.length * 3, 'a listing, then a zaak, its SRU record and its publication per change');
      for (const d of deleted) assert.equal(store.get(d), undefined);
      assert.equal(itemFiles(dir).length, SIZE - deleted.length);

      // 5. Nothing changed since: one listing request, nothing fetched.
      server.requests.length = 0;
      const again = await updateArchive(store, contextOf(server.endpoints), { now: () => '2027-01-07T00:00:00Z' });
      assert.equal(again?.counts.fetched, 0);
      assert.equal(server.requests.length, 1);
    });
  });
}
