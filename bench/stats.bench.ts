/**
 * The statistics panel's figures at archive size: answer times per ministry and per party, all years
 * and per year with the trend (`answerFigures`), on 60,000 Kamervragen as a library of the whole
 * archive keeps them for statistics (only the fields they count: dates, notices' kinds, whether each
 * entry is answered, the addressees' roles, the indieners' parties). Goal: < 1 s. The baseline, in the
 * same run, is the all-years figures alone (`answerStats`, what the panel showed before the trends).
 * `npm run bench`, or `node out/bench/stats.bench.js [--items N]`.
 *
 * The generated set (seeded): submitted 2008–2026; ~60 distinct offices as the documents write them
 * (ministers, staatssecretarissen, ministers without portfolio, the odd lower-case or two-office
 * role) over the real ministries; 17 parties; one to four indieners; days to answer spread like the
 * real ones (a long tail past the six-week deadline); some open, overdue, withdrawn, postponed
 * (uitstel), answered without a date.
 */
import { answerFigures, answerStats, type StatsItem } from '../src/core/stats';
import { addDays } from '../src/core/text';
import { prng } from '../test/support/generate';

const MINISTRIES = [
  'Financiën', 'Justitie en Veiligheid', 'Volksgezondheid, Welzijn en Sport', 'Onderwijs, Cultuur en Wetenschap', 'Buitenlandse Zaken',
  'Infrastructuur en Waterstaat', 'Sociale Zaken en Werkgelegenheid', 'Binnenlandse Zaken en Koninkrijksrelaties', 'Defensie',
  'Economische Zaken en Klimaat', 'Landbouw, Natuur en Voedselkwaliteit', 'Algemene Zaken', 'Veiligheid en Justitie', 'Infrastructuur en Milieu',
];
const PORTFOLIOS = ['Rechtsbescherming', 'Medische Zorg', 'Klimaat en Energie', 'Armoedebeleid, Participatie en Pensioenen', 'Primair en Voortgezet Onderwijs', 'Wonen en Integratie'];
const PARTIES = ['VVD', 'PVV', 'CDA', 'D66', 'GroenLinks', 'PvdA', 'SP', 'ChristenUnie', 'PvdD', 'SGP', 'DENK', '50PLUS', 'FvD', 'Volt', 'JA21', 'BBB', 'NSC'];

function offices(): string[] {
  const out: string[] = [];
  for (const m of MINISTRIES) out.push(`Minister van ${m}`, `Staatssecretaris van ${m}`, `minister van ${m.toLowerCase()}`);
  for (const p of PORTFOLIOS) out.push(`Minister voor ${p}`);
  out.push('Minister-President, Minister van Algemene Zaken', 'Staatssecretaris van Financiën – Toeslagen en Douane');
  return out;
}

export function statsItems(count: number, seed = 7): StatsItem[] {
  const rnd = prng(seed);
  const roles = offices();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const items: StatsItem[] = [];
  for (let i = 0; i < count; i++) {
    const year = 2008 + Math.floor((i / count) * 19);
    const submitted = addDays(`${year}-01-01`, Math.floor(rnd() * 365));
    // Days to answer: mostly three to eight weeks, a tail of months (exp of a normal-ish sum).
    const days = Math.round(Math.exp(3.3 + (rnd() + rnd() + rnd() - 1.5) * 0.9));
    const fate = rnd();
    const answered = fate < 0.86 ? addDays(submitted, days) : null;
    const undated = fate >= 0.86 && fate < 0.88;
    const entries = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => ({ answer: answered || undated ? 'antwoord' : null }));
    const notices: Array<StatsItem['notices'][number]> = [];
    if (rnd() < 0.3) notices.push({ kind: 'uitstel' });
    if (fate >= 0.995) notices.push({ kind: 'withdrawn' });
    const addressees = Array.from({ length: rnd() < 0.12 ? 2 : 1 }, () => ({ role: pick(roles) }));
    const submitters = Array.from({ length: 1 + Math.floor(rnd() * rnd() * 4) }, () => ({ party: rnd() < 0.02 ? null : pick(PARTIES) }));
    items.push({ submitted, answered, entries, notices, addressees, submitters });
  }
  return items;
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median milliseconds of each, measured in alternating rounds (so that the machine's load falls on both alike). */
function measure(runs: ReadonlyArray<() => unknown>, rounds: number): number[] {
  for (const run of runs) run(); // warm up
  const times = runs.map(() => [] as number[]);
  for (let i = 0; i < rounds; i++) {
    runs.forEach((run, j) => {
      const started = performance.now();
      run();
      times[j]!.push(performance.now() - started);
    });
  }
  return times.map(median);
}

function main(): void {
  const at = process.argv.indexOf('--items');
  const size = at > 0 ? Number(process.argv[at + 1]) : 60_000;
  const items = statsItems(size);
  const today = '2026-11-27';
  const figures = answerFigures(items, today);
  const [baseline, both] = measure([() => answerStats(items, today), () => answerFigures(items, today)], 9) as [number, number];
  const message = JSON.stringify(figures).length;
  console.log(`statistics of ${size} Kamervragen, medians of 9 alternating rounds (${figures.stats.byMinistry.length} ministries, ${figures.stats.byParty.length} parties, `
    + `${figures.trends.byMinistry.reduce((n, g) => n + g.years.length, 0)} ministry-years):`);
  console.log(`  all years (baseline, answerStats): ${baseline.toFixed(0)} ms`);
  console.log(`  all years + per year with trend (answerFigures, the panel): ${both.toFixed(0)} ms = ${(both / baseline).toFixed(2)}× the baseline (goal < 1000 ms: ${both < 1000 ? 'met' : 'NOT met'})`);
  console.log(`  the figures as JSON: ${(message / 1024).toFixed(0)} KB`);
  if (both >= 1000) process.exitCode = 1;
}

main();
