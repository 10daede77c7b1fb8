import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import { Watcher, changesBetween, type WatchEvent } from '../../src/core/watch';
import type { Kamervraag } from '../../src/core/model';
import { withDerived } from '../../src/core/kamervraag';

const answered = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
/** The same Kamervraag as it stood before the answer: questions only, no Mededeling yet. */
const asked: Kamervraag = withDerived({
  ...answered,
  answered: null,
  answeredBy: [],
  notices: [],
  documents: answered.documents.filter((d) => d.kind === 'questions'),
  entries: answered.entries.map((e) => ({ ...e, answer: null })),
}, '2023-06-30');
const postponed: Kamervraag = withDerived({ ...asked, notices: answered.notices }, '2023-07-05');

describe('watch list: what changed', () => {
  it('reports a new answer document', () => {
    const events = changesBetween('2023Z11786', postponed, answered);
    assert.deepEqual(events.map((e) => [e.kind, e.document?.id]), [['answered', 'ah-tk-20232024-99']]);
  });

  it('reports an uitstel-Mededeling', () => {
    assert.deepEqual(changesBetween('2023Z11786', asked, postponed).map((e) => e.kind), ['notice']);
  });

  it('reports a nader antwoord', () => {
    const further: Kamervraag = { ...answered, documents: [...answered.documents, { id: 'ah-tk-20232024-99-n1', kind: 'further-answer', date: '2023-11-01', url: null }] };
    assert.deepEqual(changesBetween('2023Z11786', answered, further).map((e) => [e.kind, e.document?.id]), [['further-answer', 'ah-tk-20232024-99-n1']]);
  });

  it('reports nothing when nothing changed', () => {
    assert.deepEqual(changesBetween('2023Z11786', answered, answered), []);
  });
});

describe('watch list: the checking loop', () => {
  function setup(refresh: (key: string) => Promise<Kamervraag>) {
    let now = 0;
    const timers: Array<{ fn: () => void; at: number; live: boolean }> = [];
    const store = new Map<string, Kamervraag>([['2023Z11786', postponed]]);
    const calls: string[] = [];
    const watcher = new Watcher({
      intervalMs: 3_600_000,
      watched: () => [...store.keys()],
      stored: (key) => Promise.resolve(store.get(key)),
      refresh: async (key) => {
        calls.push(key);
        const kv = await refresh(key);
        store.set(key, kv);
        return kv;
      },
      now: () => now,
      setTimer: (fn, ms) => {
        const t = { fn, at: now + ms, live: true };
        timers.push(t);
        return { dispose: () => { t.live = false; } };
      },
    });
    const events: WatchEvent[] = [];
    watcher.onEvent((e) => events.push(e));
    const advance = async (ms: number): Promise<void> => {
      now += ms;
      for (const t of timers.filter((x) => x.live && x.at <= now)) {
        t.live = false;
        t.fn();
      }
      await new Promise((r) => setImmediate(r));
    };
    return { watcher, events, calls, advance, store };
  }

  it('checks on the interval and raises an event once for a new answer', async () => {
    const { watcher, events, calls, advance } = setup(async () => answered);
    watcher.start();
    await advance(3_599_999);
    assert.equal(calls.length, 0);
    await advance(1);
    assert.equal(calls.length, 1);
    assert.deepEqual(events.map((e) => e.kind), ['answered']);
    await advance(3_600_000);
    assert.equal(calls.length, 2);
    assert.equal(events.length, 1, 'no repeated event for the same answer');
    watcher.dispose();
  });

  it('backs off after failures, doubling the wait', async () => {
    const { watcher, calls, advance } = setup(async () => { throw new Error('503'); });
    watcher.start();
    await advance(3_600_000); // first try fails → wait 2 h
    assert.equal(calls.length, 1);
    assert.equal(watcher.backingOffUntil('2023Z11786'), 3_600_000 + 7_200_000);
    await advance(3_600_000); // round at 2 h: still backing off
    assert.equal(calls.length, 1);
    await advance(3_600_000); // round at 3 h: tries again, fails → wait 4 h
    assert.equal(calls.length, 2);
    assert.equal(watcher.backingOffUntil('2023Z11786'), 3 * 3_600_000 + 4 * 3_600_000);
    watcher.dispose();
  });

  it('forgets the failures of a Kamervraag that is no longer watched', async () => {
    const { watcher, calls, advance, store } = setup(async () => { throw new Error('503'); });
    watcher.start();
    await advance(3_600_000);
    assert.ok(watcher.backingOffUntil('2023Z11786'));
    assert.equal(watcher.problem('2023Z11786'), '503');
    const copy = store.get('2023Z11786')!;
    store.delete('2023Z11786');
    watcher.prune();
    store.set('2023Z11786', copy);
    assert.equal(watcher.backingOffUntil('2023Z11786'), undefined);
    assert.equal(watcher.problem('2023Z11786'), undefined);
    await watcher.checkNow();
    assert.equal(calls.length, 2, 'checked again at once');
    watcher.dispose();
  });

  it('stops when disposed', async () => {
    const { watcher, calls, advance } = setup(async () => answered);
    watcher.start();
    watcher.dispose();
    await advance(10 * 3_600_000);
    assert.equal(calls.length, 0);
  });
});
