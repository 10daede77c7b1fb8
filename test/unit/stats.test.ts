import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import type { Kamervraag } from '../../src/core/model';
import { answerFigures, answerStats, answerTrends, ministryOf, percentile, type StatsItem } from '../../src/core/stats';
import { generateKamervragen } from '../support/generate';
import { addDays } from '../../src/core/text';

const read = (path: string): string => readFileSync(path, 'utf8');
const seed = parseKamervraag([read('test/fixtures/seeds/kamervraag-2023Z11786.txt')], '2026-11-27');
const tozo = parseKamervraag([read('test/fixtures/koop/ah-tk-20202021-3235.xml'), read('test/fixtures/koop/ah-tk-20202021-3235.metadata.xml')], '2026-11-27');

/** A Kamervraag submitted on `submitted`, answered after `days` (null: not yet). */
function kv(submitted: string, days: number | null, roles: string[], parties: Array<string | null>, extra: Partial<Kamervraag> = {}): Kamervraag {
  return {
    ...tozo,
    zaak: `${submitted}-${days}`,
    submitted,
    answered: days === null ? null : addDays(submitted, days),
    // Unanswered means no answers in the entries either (otherwise: answered, date unknown).
    entries: days === null ? tozo.entries.map((e) => ({ ...e, answer: null })) : tozo.entries,
    notices: [],
    addressees: roles.map((role) => ({ name: null, role })),
    submitters: parties.map((party, i) => ({ name: `Lid ${i}`, party })),
    ...extra,
  };
}

describe('answer statistics', () => {
  it('normalises offices to ministries', () => {
    assert.equal(ministryOf('Minister van Financiën'), 'Financiën');
    assert.equal(ministryOf('Staatssecretaris van Financiën'), 'Financiën');
    assert.equal(ministryOf('Staatssecretaris van Financiën – Toeslagen en Douane'), 'Financiën');
    assert.equal(ministryOf('minister van financien'), 'Financiën');
    assert.equal(ministryOf('Minister van Landbouw, Natuur en Voedselkwaliteit'), 'Landbouw, Natuur en Voedselkwaliteit');
    assert.equal(ministryOf('Minister voor Rechtsbescherming'), 'Justitie en Veiligheid');
    assert.equal(ministryOf('Minister voor Klimaat en Energie'), 'Economische Zaken en Klimaat');
    assert.equal(ministryOf('Minister voor Wonen en Integratie'), 'Wonen en Integratie');
    assert.equal(ministryOf('Minister-President, Minister van Algemene Zaken'), 'Algemene Zaken');
    assert.equal(ministryOf('Minister-president'), 'Algemene Zaken');
    assert.equal(ministryOf('viceminister-president, minister buitenlandse zaken'), 'Buitenlandse Zaken');
    assert.equal(ministryOf('Minister van Binnenlandse Zaken en Koninkrijksrelaties'), 'Binnenlandse Zaken en Koninkrijksrelaties');
    assert.equal(ministryOf('Voorzitter van de Tweede Kamer'), undefined);
  });

  it('interpolates percentiles between the closest ranks', () => {
    assert.equal(percentile([], 0.5), null);
    assert.equal(percentile([7], 0.9), 7);
    assert.equal(percentile([10, 20], 0.5), 15);
    assert.equal(percentile([1, 2, 3, 4], 0.75), 3.3);
    assert.equal(percentile([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9), 90);
  });

  it('counts per ministry and per party, with times and punctuality', () => {
    const today = '2024-03-01';
    const list = [
      kv('2024-01-01', 10, ['Minister van Financiën'], ['VVD']),
      kv('2024-01-01', 30, ['Staatssecretaris van Financiën', 'Minister van Defensie'], ['VVD', 'VVD', 'D66']),
      kv('2024-01-01', 20, ['Minister van Financiën'], ['D66']),
      kv('2024-02-20', null, ['Minister van Financiën'], ['SP']), // open: due 2024-03-12
      kv('2024-01-20', null, ['Minister van Defensie'], [null]), // overdue
      kv('2024-01-01', null, ['Minister van Defensie'], ['SP'], { notices: [{ kind: 'withdrawn', date: '2024-01-05', text: '' }] }),
    ];
    const stats = answerStats(list, today);
    assert.equal(stats.today, today);
    assert.deepEqual(stats.total, {
      name: 'all', count: 6, answered: 3, answeredOnTime: 2, answeredLate: 1, answeredDateUnknown: 0, open: 1, overdue: 1, withdrawn: 1,
      medianDays: 20, p75Days: 25, p90Days: 28, onTimeShare: 2 / 3, lateShare: 1 / 3,
    });
    assert.deepEqual(stats.byMinistry.map((m) => [m.name, m.count, m.answered, m.open, m.overdue, m.medianDays]), [
      ['Financiën', 4, 3, 1, 0, 20],
      ['Defensie', 3, 1, 0, 1, 30],
    ]);
    // Counted once per party, however many indieners it has; no party, no count.
    assert.deepEqual(stats.byParty.map((p) => [p.name, p.count, p.answered, p.onTimeShare]), [
      ['D66', 2, 2, 0.5],
      ['SP', 2, 0, null],
      ['VVD', 2, 2, 0.5],
    ]);
  });

  it('decides open and overdue for the day asked, not the day of parsing', () => {
    const open = kv('2024-02-20', null, ['Minister van Financiën'], ['SP'], { status: 'open' });
    assert.equal(answerStats([open], '2024-03-12').total.open, 1);
    assert.equal(answerStats([open], '2024-03-13').total.overdue, 1);
  });

  it('reads the real fixtures', () => {
    const stats = answerStats([seed, tozo], '2026-11-27');
    assert.equal(stats.total.count, 2);
    assert.equal(stats.total.medianDays, 57.5);
    assert.deepEqual(stats.byMinistry.map((m) => [m.name, m.count, m.medianDays, m.lateShare]), [
      ['Buitenlandse Zaken', 1, 97, 1],
      ['Financiën', 1, 97, 1],
      ['Sociale Zaken en Werkgelegenheid', 1, 18, 0],
    ]);
    assert.deepEqual(stats.byParty.map((p) => [p.name, p.count]), [['D66', 1], ['Volt', 1], ['VVD', 1]]);
  });

  it('is empty for an empty library', () => {
    const stats = answerStats([], '2026-11-27');
    assert.deepEqual([stats.total.count, stats.total.medianDays, stats.total.onTimeShare, stats.byMinistry, stats.byParty], [0, null, null, [], []]);
  });
});

describe('answer statistics per year, with the trend', () => {
  it('gives per ministry and per party the figures of each year and the slope of the yearly medians', () => {
    const fin = 'Minister van Financiën';
    const kvs = [
      kv('2020-03-02', 10, [fin], ['VVD']), kv('2020-05-04', 30, [fin], ['VVD', 'D66']),
      kv('2021-03-01', 30, [fin], ['VVD']), kv('2021-06-01', 40, [fin], [null]),
      kv('2022-02-01', 50, [fin, 'Minister van Defensie'], ['D66']), kv('2022-09-01', null, [fin], ['D66']),
      kv('2019-01-01', null, [], [], { submitted: null, answered: null }),
    ];
    const trends = answerTrends(kvs, '2026-11-27');
    const financien = trends.byMinistry.find((g) => g.name === 'Financiën')!;
    assert.equal(financien.count, 6);
    assert.deepEqual(financien.years.map((y) => [y.year, y.count, y.answered, y.medianDays, y.overdue]), [
      [2020, 2, 2, 20, 0], [2021, 2, 2, 35, 0], [2022, 2, 1, 50, 1],
    ]);
    assert.equal(financien.trendDaysPerYear, 15, 'medians 20, 35, 50: 15 days slower every year');
    assert.equal(trends.byMinistry.find((g) => g.name === 'Defensie')!.trendDaysPerYear, null, 'one year: no trend');
    assert.deepEqual(trends.byParty.map((g) => [g.name, g.count]), [['D66', 3], ['VVD', 3]]);
    const vvd = trends.byParty.find((g) => g.name === 'VVD')!;
    assert.deepEqual(vvd.years.map((y) => [y.year, y.medianDays]), [[2020, 20], [2021, 30]]);
    assert.equal(vvd.trendDaysPerYear, 10);
  });

  it('agrees with the all-years figures, group by group', () => {
    const kvs = generateKamervragen(3000, 4).map((k, i) => ({ ...k, addressees: [{ name: null, role: i % 2 ? 'Minister van Financiën' : 'Minister van Defensie' }] }));
    const all = answerStats(kvs, '2026-11-27');
    const trends = answerTrends(kvs, '2026-11-27');
    for (const [groups, totals] of [[trends.byMinistry, all.byMinistry], [trends.byParty, all.byParty]] as const) {
      assert.deepEqual(groups.map((g) => [g.name, g.count]), totals.map((t) => [t.name, t.count]));
      for (const g of groups) {
        const total = totals.find((t) => t.name === g.name)!;
        assert.equal(g.years.reduce((n, y) => n + y.answeredLate, 0), total.answeredLate, g.name);
        assert.equal(g.years.reduce((n, y) => n + y.overdue, 0), total.overdue, g.name);
      }
    }
  });

  it('needs only the fields it counts, and gives both at once as it gives them apart', () => {
    const roles = ['Minister van Financiën', 'Staatssecretaris van Defensie', 'Minister voor Rechtsbescherming'];
    const kvs = generateKamervragen(2000, 9).map((k, i) => ({ ...k, addressees: [{ name: null, role: roles[i % roles.length]! }] }));
    // What a library of the whole archive keeps in memory for the statistics: no texts, no titles.
    const items: StatsItem[] = kvs.map((k) => ({
      submitted: k.submitted, answered: k.answered, notices: k.notices.map((n) => ({ kind: n.kind })),
      entries: k.entries.map((e) => ({ answer: e.answer === null ? null : '' })),
      addressees: k.addressees.map((a) => ({ role: a.role })), submitters: k.submitters.map((p) => ({ party: p.party })),
    }));
    const both = answerFigures(items, '2026-11-27');
    assert.deepEqual(both.stats, answerStats(kvs, '2026-11-27'));
    assert.deepEqual(both.trends, answerTrends(kvs, '2026-11-27'));
    assert.ok(both.trends.byMinistry.length > 0 && both.trends.byParty.length > 0);
  });
});
