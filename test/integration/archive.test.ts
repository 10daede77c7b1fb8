/**
 * Download Archive and Update Archive in a real VS Code, against the fixture server's generated
 * archive (test/server/archive.ts, constructed: see its .source.txt): the portal's count before the
 * download, a download cancelled midway (what the notification's Cancel does) and resumed with every
 * zaak once, a failed zaak reported and tried again, and an update that fetches only what changed
 * and never loses a stored copy. The library is a fresh one of its own (isolatedServices).
 */
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FixtureServer } from '../server/fixtureServer';
import { isolatedServices, startSources, stopSources } from './support';
import { archiveTesting, costSentence, estimateArchive, runDownload, runUpdate } from '../../src/extension/commands/archive';
import { interrupted, readCheckpoint } from '../../src/core/sources/archive';
import type { ReportedFailure } from '../../src/extension/services';

const SIZE = 300;
const CANCEL_AT = 120;

function itemFiles(dir: string): string[] {
  return readdirSync(join(dir, 'items')).filter((n) => n.endsWith('.json'));
}

/** The zaken the server was asked for one by one (the fetches), in order. */
function lookups(server: FixtureServer): string[] {
  return server.requests.flatMap((r) => /^Nummer eq '(\d{4}Z\d{5})'/.exec(r.query['$filter'] ?? '')?.slice(1) ?? []);
}

describe('downloading the archive', function () {
  this.timeout(120_000);
  let server: FixtureServer;
  let env: ReturnType<typeof isolatedServices>;
  let dir: string;
  const reported: ReportedFailure[] = [];

  before(async () => {
    server = await startSources({ archive: SIZE });
    env = isolatedServices('archive');
    env.services.onDidReportFailure((f) => reported.push(f));
    dir = (await env.services.library()).store.dir;
  });

  after(async () => {
    env.dispose();
    await stopSources(server);
  });

  it('contributes the commands', async () => {
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes('kamervragen.downloadArchive') && all.includes('kamervragen.updateArchive'));
  });

  it('tells the number of zaken and the requests before starting, from the portal\'s count', async () => {
    server.requests.length = 0;
    const zaken = await estimateArchive(env.services, {});
    assert.equal(zaken, SIZE);
    assert.equal(server.requests.length, 1, 'one counting request');
    const sentence = costSentence(zaken, {});
    // 300 zaken: 2 listing pages, then 2 to 3 requests a zaak.
    assert.match(sentence, /\b300\b/);
    assert.match(sentence, /\b602\b/);
    assert.match(sentence, /\b902\b/);
  });

  it('downloads every zaak once after a cancel midway and a resume, and reports a failed one', async () => {
    const expected = new Set(server.archive!.zaken.map((z) => z['Nummer'] as string));
    // One zaak's publication arrives damaged at first: it fails, is reported, and the next download gets it.
    const missing = '2009Z00003';
    assert.ok(expected.has(missing));
    server.inject(new RegExp(`^/frbr/.*kv-tk-${missing}`), { malformed: true });

    server.requests.length = 0;
    const cancelling = archiveTesting.onDidProgress((p) => {
      if (p.counts.fetched >= CANCEL_AT) archiveTesting.cancel();
    });
    const first = await runDownload(env.services, {});
    cancelling.dispose();
    assert.equal(first?.complete, false, `cancelled (${reported.map((r) => `${r.failure.message} ${r.failure.details}`).join('; ')})`);
    const cp = await readCheckpoint(dir);
    assert.ok(interrupted(cp), 'the checkpoint keeps the page at work');
    const library = await env.services.library();
    const storedAfterCancel = new Set(library.store.list().map((i) => i.key));
    assert.equal(itemFiles(dir).length, storedAfterCancel.size);
    assert.ok(storedAfterCancel.size >= CANCEL_AT && storedAfterCancel.size < SIZE, `${storedAfterCancel.size} stored when cancelled`);

    server.requests.length = 0;
    const second = await runDownload(env.services, 'resume');
    assert.equal(second?.complete, true);
    const fetched = lookups(server);
    assert.equal(new Set(fetched).size, fetched.length, 'no zaak fetched twice in one run');
    assert.deepEqual(fetched.filter((n) => storedAfterCancel.has(n)), [], 'nothing stored was fetched again');
    assert.equal(second!.counts.failed, 1, 'the missing zaak failed once');
    const c = second!.counts;
    assert.equal(c.fetched + c.skipped + c.failed, SIZE, 'the counts go on across the resume without counting a zaak twice');
    assert.match(second!.failures.join('\n'), new RegExp(missing));
    assert.equal(library.store.get(missing), undefined);
    assert.equal(itemFiles(dir).length, SIZE - 1, 'every other zaak stored once');
    // The failure was told, with its details behind "Show Details".
    assert.ok(reported.some((r) => r.failure.details.includes(missing) && r.actions.at(-1) === vscode.l10n.t('Show Details')));

    // Tried again: only the failed zaak is fetched.
    server.clearFaults();
    server.requests.length = 0;
    const retry = await runDownload(env.services, {});
    assert.equal(retry?.complete, true);
    assert.deepEqual(lookups(server), [missing]);
    assert.equal(retry?.counts.skipped, SIZE - 1);
    assert.equal(itemFiles(dir).length, SIZE);
    assert.deepEqual(new Set(library.store.list().map((i) => i.key)), expected);
    assert.ok(library.store.list().every((i) => (i.head.questionCount ?? 0) > 0 && i.fetchedAt !== null), 'each with its questions, as fetched');
  });

  it('updates only what changed since the last run, removes deleted zaken and keeps a copy it cannot refresh', async () => {
    const cp = await readCheckpoint(dir);
    const since = Date.parse(cp!.lastRun!);
    const at = new Date(since + 60_000).toISOString();
    const changed = ['2008Z00002', '2012Z00005', '2020Z00001'];
    const deleted = ['2015Z00004'];
    // Its refresh fails (the publication arrives damaged): the stored copy stays as it was.
    const unreachable = '2018Z00003';
    server.archive!.change([...changed, unreachable], at);
    server.archive!.remove(deleted, at);
    server.inject(new RegExp(`^/frbr/.*kv-tk-${unreachable}`), { malformed: true });
    const library = await env.services.library();
    const kept = library.store.get(unreachable)!;
    // Zaken the portal itself dates after the last run (the generated archive's latest) count as changed too.
    const laterAnyway = server.archive!.zaken.filter((z) => Date.parse(String(z['GewijzigdOp'])) > since && z['GewijzigdOp'] !== at).map((z) => z['Nummer'] as string);

    server.requests.length = 0;
    const update = await runUpdate(env.services, false);
    server.clearFaults();
    assert.equal(update?.complete, true);
    assert.deepEqual(lookups(server).sort(), [...changed, unreachable, ...laterAnyway].sort(), 'only the changed zaken were fetched');
    assert.equal(update?.counts.removed, deleted.length);
    assert.equal(update?.counts.failed, 1);
    for (const d of deleted) assert.equal(library.store.get(d), undefined);
    assert.equal(library.store.get(unreachable)?.savedAt, kept.savedAt, 'the copy that could not be refreshed is kept');
    assert.equal(itemFiles(dir).length, SIZE - deleted.length);
  });
});
