/**
 * Answer times of a library (pure): per ministry and per party, how many Kamervragen, how many
 * answered, how fast (median, 75th and 90th percentile of days to answer) and how punctually.
 *
 * - Status is derived again for `today` (`derivedOf`), so open and overdue are current however
 *   long ago an item was fetched.
 * - Ministry: from the addressees' roles, normalised — "Minister van Financiën" and
 *   "Staatssecretaris van Financiën" both count for "Financiën"; a minister without portfolio
 *   ("Minister voor Rechtsbescherming") counts for the ministry that hosts the portfolio where it
 *   is known, else under the portfolio's own name. A Kamervraag addressed to two ministries counts
 *   for both; one addressed to nobody known counts for none.
 * - Party: from the indieners' parties; a Kamervraag counts once for every party among its
 *   indieners. Indieners without a known party count for none.
 * - Days: calendar days from submitted to answered; answers without a submission date count as
 *   answered but not in the day figures. Percentiles interpolate linearly between the closest
 *   ranks (as spreadsheets' PERCENTILE.INC), rounded to one decimal.
 * - Shares are of the answered Kamervragen (on time + late = 1), null when none is answered.
 *   Withdrawn Kamervragen are counted in `count` and `withdrawn` only.
 * - Groups are ordered by count (most first), then by name (Dutch collation).
 */
import type { Kamervraag } from './model';
import { derivedOf, type StatusInput } from './kamervraag';
import { fold } from './text';

/**
 * What the statistics need of a Kamervraag, and no more (a library of the whole archive keeps this
 * in memory): the dates, the notices' kinds, whether each entry is answered, the addressees' roles
 * and the indieners' parties. A Kamervraag is one.
 */
export interface StatsItem extends StatusInput {
  addressees: ReadonlyArray<{ role: string }>;
  submitters: ReadonlyArray<{ party: string | null }>;
}

export interface AnswerTimes {
  /** The ministry ("Financiën") or party ("VVD"); "all" for the totals. */
  name: string;
  count: number;
  answered: number;
  answeredOnTime: number;
  answeredLate: number;
  /** Answered, but no source gives the date: not in `answered` nor in the day counts. */
  answeredDateUnknown: number;
  open: number;
  overdue: number;
  withdrawn: number;
  /** Days from submitted to answered, over the answered Kamervragen with both dates. */
  medianDays: number | null;
  p75Days: number | null;
  p90Days: number | null;
  /** answeredOnTime / answered, 0–1; null when nothing is answered. */
  onTimeShare: number | null;
  /** answeredLate / answered, 0–1; null when nothing is answered. */
  lateShare: number | null;
}

export interface LibraryStats {
  /** The date open and overdue were decided for. */
  today: string;
  total: AnswerTimes;
  byMinistry: AnswerTimes[];
  byParty: AnswerTimes[];
}

/** One Kamervraag as the figures count it: its status today, days to answer, year and groups. */
interface Counted {
  status: Kamervraag['status'];
  daysToAnswer: number | null;
  /** The year submitted (else answered); null without either date. */
  year: number | null;
  ministries: readonly string[];
  parties: readonly string[];
}

/** Status derived again for `today`; ministries normalised (each distinct office once: an archive has a few hundred). */
function counted(kvs: readonly StatsItem[], today: string): Counted[] {
  const ministries = new Map<string, string | undefined>();
  const ministryOfCached = (role: string): string | undefined => {
    if (!ministries.has(role)) ministries.set(role, ministryOf(role));
    return ministries.get(role);
  };
  return kvs.map((kv) => {
    const { status, daysToAnswer } = derivedOf(kv, today);
    const date = kv.submitted ?? kv.answered;
    return {
      status, daysToAnswer,
      year: date ? Number(date.slice(0, 4)) : null,
      ministries: distinct(kv.addressees.map((a) => ministryOfCached(a.role))),
      parties: distinct(kv.submitters.map((p) => p.party?.trim())),
    };
  });
}

function distinct(values: ReadonlyArray<string | undefined>): string[] {
  const out: string[] = [];
  for (const v of values) if (v && !out.includes(v)) out.push(v);
  return out;
}

export function answerStats(kvs: readonly StatsItem[], today: string): LibraryStats {
  return statsOf(counted(kvs, today), today);
}

function statsOf(current: readonly Counted[], today: string): LibraryStats {
  const byMinistry = new Map<string, Counted[]>();
  const byParty = new Map<string, Counted[]>();
  for (const kv of current) {
    for (const ministry of kv.ministries) push(byMinistry, ministry, kv);
    for (const party of kv.parties) push(byParty, party, kv);
  }
  return {
    today,
    total: times('all', current),
    byMinistry: ordered(byMinistry),
    byParty: ordered(byParty),
  };
}

/** One year of a ministry or party: the year the Kamervragen were submitted (else answered). */
export interface YearTimes extends AnswerTimes {
  year: number;
}

export interface GroupTrend {
  name: string;
  count: number;
  years: YearTimes[];
  /**
   * The trend of the yearly median days to answer: the least-squares slope over the years that
   * have a median, in days per year (negative: answers come faster). Null with fewer than two.
   */
  trendDaysPerYear: number | null;
}

export interface AnswerTrends {
  today: string;
  byMinistry: GroupTrend[];
  byParty: GroupTrend[];
}

/**
 * Answer times per ministry and per party, per year, with the trend (one pass to group, then the
 * figures of `answerStats` per group and year). Kamervragen without any date count for no year.
 */
export function answerTrends(kvs: readonly StatsItem[], today: string): AnswerTrends {
  return trendsOf(counted(kvs, today), today);
}

function trendsOf(current: readonly Counted[], today: string): AnswerTrends {
  const byMinistry = new Map<string, Map<number, Counted[]>>();
  const byParty = new Map<string, Map<number, Counted[]>>();
  const add = (groups: Map<string, Map<number, Counted[]>>, name: string, year: number, kv: Counted): void => {
    let years = groups.get(name);
    if (!years) groups.set(name, years = new Map());
    push(years, year, kv);
  };
  for (const kv of current) {
    if (kv.year === null) continue;
    for (const ministry of kv.ministries) add(byMinistry, ministry, kv.year, kv);
    for (const party of kv.parties) add(byParty, party, kv.year, kv);
  }
  return { today, byMinistry: trends(byMinistry), byParty: trends(byParty) };
}

/** Both at once, the status of every Kamervraag derived once: what the statistics panel shows. */
export function answerFigures(kvs: readonly StatsItem[], today: string): { stats: LibraryStats; trends: AnswerTrends } {
  const current = counted(kvs, today);
  return { stats: statsOf(current, today), trends: trendsOf(current, today) };
}

function trends(groups: Map<string, Map<number, Counted[]>>): GroupTrend[] {
  return [...groups].map(([name, years]) => {
    const list = [...years].sort((a, b) => a[0] - b[0]).map(([year, kvs]) => ({ ...times(name, kvs), year }));
    return { name, count: list.reduce((n, y) => n + y.count, 0), years: list, trendDaysPerYear: slope(list) };
  }).sort((a, b) => b.count - a.count || collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Least-squares slope of medianDays over year, rounded to one decimal; null with fewer than two points. */
function slope(years: readonly YearTimes[]): number | null {
  const points = years.filter((y) => y.medianDays !== null).map((y) => [y.year, y.medianDays!] as const);
  if (points.length < 2) return null;
  const mx = points.reduce((n, [x]) => n + x, 0) / points.length;
  const my = points.reduce((n, [, y]) => n + y, 0) / points.length;
  const sxy = points.reduce((n, [x, y]) => n + (x - mx) * (y - my), 0);
  const sxx = points.reduce((n, [x]) => n + (x - mx) ** 2, 0);
  return Math.round((sxy / sxx) * 10) / 10;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

function ordered(groups: Map<string, Counted[]>): AnswerTimes[] {
  return [...groups].map(([name, kvs]) => times(name, kvs))
    .sort((a, b) => b.count - a.count || collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function times(name: string, kvs: readonly Counted[]): AnswerTimes {
  let answeredOnTime = 0, answeredLate = 0, answeredDateUnknown = 0, open = 0, overdue = 0, withdrawn = 0;
  // Days are whole numbers: a typed array sorts them numerically, several times faster than a comparator.
  const days = new Float64Array(kvs.length);
  let n = 0;
  for (const kv of kvs) {
    switch (kv.status) {
      case 'answered-on-time': answeredOnTime++; break;
      case 'answered-late': answeredLate++; break;
      case 'answered-date-unknown': answeredDateUnknown++; break;
      case 'open': open++; break;
      case 'overdue': overdue++; break;
      case 'withdrawn': withdrawn++; break;
    }
    if (kv.daysToAnswer !== null && kv.status !== 'open' && kv.status !== 'overdue' && kv.status !== 'withdrawn') days[n++] = kv.daysToAnswer;
  }
  const sorted = days.subarray(0, n).sort();
  const answered = answeredOnTime + answeredLate;
  return {
    name,
    count: kvs.length,
    answered,
    answeredOnTime,
    answeredLate,
    answeredDateUnknown,
    open,
    overdue,
    withdrawn,
    medianDays: percentile(sorted, 0.5),
    p75Days: percentile(sorted, 0.75),
    p90Days: percentile(sorted, 0.9),
    onTimeShare: answered > 0 ? answeredOnTime / answered : null,
    lateShare: answered > 0 ? answeredLate / answered : null,
  };
}

/** The p-quantile of sorted values, interpolating between the closest ranks; null for none. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  const value = sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
  return Math.round(value * 10) / 10;
}

// ---------------------------------------------------------------------------------------------
// Ministries

/** The ministries by their current and recent names, spelled as the government spells them. */
const MINISTRIES = [
  'Algemene Zaken',
  'Asiel en Migratie',
  'Binnenlandse Zaken en Koninkrijksrelaties',
  'Buitenlandse Zaken',
  'Defensie',
  'Economische Zaken',
  'Economische Zaken en Klimaat',
  'Economische Zaken, Landbouw en Innovatie',
  'Financiën',
  'Infrastructuur en Milieu',
  'Infrastructuur en Waterstaat',
  'Justitie',
  'Justitie en Veiligheid',
  'Klimaat en Groene Groei',
  'Landbouw, Natuur en Voedselkwaliteit',
  'Landbouw, Visserij, Voedselzekerheid en Natuur',
  'Onderwijs, Cultuur en Wetenschap',
  'Sociale Zaken en Werkgelegenheid',
  'Veiligheid en Justitie',
  'Verkeer en Waterstaat',
  'Volksgezondheid, Welzijn en Sport',
  'Volkshuisvesting en Ruimtelijke Ordening',
  'Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer',
];
const MINISTRY_BY_KEY = new Map(MINISTRIES.map((m) => [keyOf(m), m]));

/**
 * Ministers without portfolio ("Minister voor …") and the ministry that hosts them. Portfolios
 * not listed count under their own name.
 */
const HOSTS: Record<string, string> = Object.fromEntries(Object.entries({
  'rechtsbescherming': 'Justitie en Veiligheid',
  'medische zorg': 'Volksgezondheid, Welzijn en Sport',
  'medische zorg en sport': 'Volksgezondheid, Welzijn en Sport',
  'langdurige zorg en sport': 'Volksgezondheid, Welzijn en Sport',
  'jeugd en gezin': 'Volksgezondheid, Welzijn en Sport',
  'basis- en voortgezet onderwijs en media': 'Onderwijs, Cultuur en Wetenschap',
  'primair en voortgezet onderwijs': 'Onderwijs, Cultuur en Wetenschap',
  'buitenlandse handel en ontwikkelingssamenwerking': 'Buitenlandse Zaken',
  'ontwikkelingssamenwerking': 'Buitenlandse Zaken',
  'klimaat en energie': 'Economische Zaken en Klimaat',
  'natuur en stikstof': 'Landbouw, Natuur en Voedselkwaliteit',
  'armoedebeleid, participatie en pensioenen': 'Sociale Zaken en Werkgelegenheid',
  'volkshuisvesting en ruimtelijke ordening': 'Binnenlandse Zaken en Koninkrijksrelaties',
  'wonen en rijksdienst': 'Binnenlandse Zaken en Koninkrijksrelaties',
  'immigratie, integratie en asiel': 'Binnenlandse Zaken en Koninkrijksrelaties',
}).map(([portfolio, ministry]) => [keyOf(portfolio), ministry]));

/**
 * The ministry of an office: "Minister van Financiën", "Staatssecretaris van Financiën" →
 * "Financiën"; "Minister voor Rechtsbescherming" → "Justitie en Veiligheid"; "Minister-President,
 * Minister van Algemene Zaken" → "Algemene Zaken"; "minister buitenlandse zaken" → "Buitenlandse
 * Zaken". Undefined when the role names no ministry.
 */
export function ministryOf(role: string): string | undefined {
  // Offices are joined by "," or "en" before the next office; ministry names have commas of their own.
  const parts = role.split(/\s*(?:,|;|\s+en\s+)\s*(?=(?:vice-?)?(?:minister|staatssecretaris)\b)/i).map((p) => p.trim());
  for (const part of parts) {
    const m = /^(?:minister|staatssecretaris)\s+(?:(van|voor)\s+)?(?:de\s+)?(.+)$/i.exec(part);
    if (!m) continue;
    // "Staatssecretaris van Financiën – Toeslagen en Douane": the part after the dash is the portfolio.
    const office = m[2]!.split(/\s+[-–—]\s+/)[0]!.trim();
    const known = MINISTRY_BY_KEY.get(keyOf(office));
    if (known) return known;
    return (m[1]?.toLowerCase() === 'voor' ? HOSTS[keyOf(office)] : undefined) ?? capitalise(office);
  }
  return parts.some((p) => /^minister-?president$/i.test(p)) ? 'Algemene Zaken' : undefined;
}

/**
 * The usual abbreviations of the ministries (as the Tweede Kamer and the government write them in
 * lists and registers), folded like `keyOf`: "BZ" → Buitenlandse Zaken, "J&V" and "JenV" → Justitie
 * en Veiligheid. Only the current and recent ones; an unknown abbreviation names no ministry.
 */
const ABBREVIATIONS: Record<string, string> = Object.fromEntries(Object.entries({
  'az': 'Algemene Zaken',
  'aenm': 'Asiel en Migratie',
  'a m': 'Asiel en Migratie',
  'bz': 'Buitenlandse Zaken',
  'bhos': 'Buitenlandse Zaken',
  'bzk': 'Binnenlandse Zaken en Koninkrijksrelaties',
  'def': 'Defensie',
  'ez': 'Economische Zaken',
  'ezk': 'Economische Zaken en Klimaat',
  'fin': 'Financiën',
  'ienw': 'Infrastructuur en Waterstaat',
  'i w': 'Infrastructuur en Waterstaat',
  'jenv': 'Justitie en Veiligheid',
  'j v': 'Justitie en Veiligheid',
  'kgg': 'Klimaat en Groene Groei',
  'lnv': 'Landbouw, Natuur en Voedselkwaliteit',
  'lvvn': 'Landbouw, Visserij, Voedselzekerheid en Natuur',
  'ocw': 'Onderwijs, Cultuur en Wetenschap',
  'szw': 'Sociale Zaken en Werkgelegenheid',
  'vws': 'Volksgezondheid, Welzijn en Sport',
  'vro': 'Volkshuisvesting en Ruimtelijke Ordening',
}).map(([abbreviation, ministry]) => [keyOf(abbreviation), ministry]));

/**
 * The ministry a register names, in whichever form: "Buitenlandse Zaken", "Ministerie van
 * Buitenlandse Zaken", "BZ", "buitenlandse zaken", a portfolio ("Ontwikkelingssamenwerking") or an
 * office ("minister van Buitenlandse Zaken", through `ministryOf`). Spelled as `ministryOf` spells
 * it, so the two compare with ===. Undefined when it names none this file knows.
 */
export function ministryNamed(name: string): string | undefined {
  const key = keyOf(name).replace(/^(?:het |de )?(?:ministerie|min) (?:van |voor )?(?:de )?/, '');
  if (key === '') return undefined;
  const named = MINISTRY_BY_KEY.get(key) ?? HOSTS[key] ?? ABBREVIATIONS[key];
  if (named) return named;
  const office = /^(?:minister|staatssecretaris)\b/.test(key) ? ministryOf(name) : undefined;
  return office && MINISTRY_BY_KEY.has(keyOf(office)) ? office : undefined;
}

function keyOf(name: string): string {
  return fold(name).replace(/[^a-z]+/g, ' ').trim();
}

function capitalise(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}
