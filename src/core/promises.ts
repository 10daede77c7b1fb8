/**
 * Promises in written answers (pure): the sentences in which the government commits itself to
 * inform the Kamer, to send it something, to study something or to act, with the promised moment
 * resolved to a date when the words give one.
 *
 * The rules, in order (README "Promises" explains them with their limits):
 * 1. Answers are split into sentences (`splitSentences`); questions ("…?") are never promises.
 * 2. A sentence is a promise when it has a committing form: a future of the first person or of the
 *    government ("ik zal", "zal ik", "wij zullen", "het kabinet zal", "de minister van X zal"), an
 *    intention ("ik ben voornemens", "ik ben van plan", "ik streef ernaar", "ik verwacht uw Kamer
 *    … te"), a present with a future moment ("ik informeer uw Kamer voor de zomer"), a passive
 *    towards the Kamer ("uw Kamer wordt … geïnformeerd", "ontvangt uw Kamer", "wordt … aan uw
 *    Kamer gestuurd"), "ik kom … terug", or a promise reported as made ("heeft toegezegd").
 * 3. … and none of the forms that only look like one: a negation of the commitment ("ik zal niet",
 *    "ben niet voornemens", "geen onderzoek"), the answer describing itself ("ik zal eerst ingaan
 *    op", "zal ik … beantwoorden"), a past ("heb ik … geïnformeerd") or a condition ("indien",
 *    "mocht", "zodra … dan").
 * 4. The kind comes from the verb: inform (informeren, terugkomen, op de hoogte houden), send
 *    (sturen, zenden, doen toekomen, aanbieden, ontvangen), study (onderzoeken, onderzoek,
 *    evalueren, verkennen, in kaart brengen, laten uitzoeken), otherwise act.
 * 5. The moment (`calendar.ts`): explicit dates and months, quarters, "begin/medio/eind 2024",
 *    seasons, recesses, Prinsjesdag, budget debates, "binnen zes weken", relative to the answer's
 *    date; "op korte termijn", "binnenkort", "zo spoedig mogelijk" give no date (said in dueText).
 */
import {
  christmasRecessStart, dayBefore, iso, lastDayOfMonth, plus, prinsjesdag, summerRecessEnd, summerRecessStart,
} from './calendar';
import { splitSentences } from './repeats';
import { paragraphsOf } from './text';

export type CommitmentKind = 'inform' | 'send' | 'act' | 'study';

export interface Commitment {
  /** The sentence, as in the answer. */
  text: string;
  /** The last day on which the promise is kept (ISO), or null when the words give no date. */
  due: string | null;
  /** The words that name the moment ("voor de zomer"), or null when none are given. */
  dueText: string | null;
  kind: CommitmentKind;
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september',
  'oktober', 'november', 'december'];
const MONTH = `(${MONTHS.join('|')})`;
const NUMBER_WORDS: Record<string, number> = {
  een: 1, één: 1, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9, tien: 10, twaalf: 12,
};
const ORDINAL_QUARTERS: Record<string, number> = { eerste: 1, tweede: 2, derde: 3, vierde: 4, laatste: 4 };

/** Subjects whose future is the government's (a minister, the cabinet, "we"). */
const GOVERNMENT = String.raw`(?:ik|wij|we|het kabinet|de regering|mijn ministerie|mijn departement|(?:de|mijn) (?:ambtgeno(?:o|te)|collega)(?: van(?: [\p{L}-]+){1,6}?)?|de (?:minister|staatssecretaris|minister-president)(?: (?:van|voor)(?: [\p{L}-]+){1,6}?)?)`;

const COMMITTING: readonly RegExp[] = [
  new RegExp(String.raw`\b${GOVERNMENT} (?:zal|zullen|ga|gaan|gaat)\b`, 'u'),
  new RegExp(String.raw`\b(?:zal|zullen|ga|gaan|gaat) (?:ik|wij|we|het kabinet|de regering)\b`, 'u'),
  /\b(?:ik ben|wij zijn|we zijn|het kabinet is) (?:voornemens|van plan|van zins)\b/u,
  /\b(?:ik|wij|we|het kabinet) (?:streef|streven|streeft) (?:ernaar|er naar)\b/u,
  /\b(?:ik|wij|we|het kabinet) (?:verwacht|verwachten) (?:uw|de) kamer\b/u,
  /\b(?:verwacht|verwachten) (?:ik|wij|we|het kabinet) (?:uw|de) kamer\b/u,
  /\b(?:kom|komen) (?:ik|wij|we)\b[^.]*\bterug\b/u,
  /\b(?:ik|wij|we) (?:kom|komen)\b[^.]*\bterug\b/u,
  /\b(?:ik|wij|we) (?:zeg|zeggen) (?:u |uw kamer )?toe\b/u,
  /\b(?:uw|de) kamer (?:wordt|zal|ontvangt)\b/u,
  /\b(?:ontvangt|zal) (?:uw|de) kamer\b/u,
  /\b(?:wordt|worden|zal|zullen)\b[^.]*\b(?:aan|naar) (?:uw|de) kamer\b[^.]*\b(?:gestuurd|verzonden|toegezonden|aangeboden|gezonden)\b/u,
  /\b(?:heeft|hebben|heb)\b[^.]*\btoegezegd\b/u,
  /\bis\b[^.]*\btoegezegd (?:dat|om)\b/u,
  /\b(?:uw|de) kamer\b(?: [\p{L}]+){0,6}? (?:wordt|zal worden)\b[^.]*\b(?:geïnformeerd|geinformeerd|ingelicht|toegezonden|gestuurd)\b/u,
  /\b(?:informeer|stuur|zend|bied) (?:ik|wij|we) (?:uw|de) kamer\b/u,
];

/**
 * Every committing form above (and the present with a moment below) needs one of these words, as
 * a whole word: text without any of them holds no promise. One test instead of seventeen, so that
 * the paragraphs of a large library that cannot hold a promise are not even cut into sentences.
 */
const TRIGGER = /\b(?:zal|zullen|ga|gaan|gaat|voornemens|plan|zins|streef|streven|streeft|verwacht|verwachten|terug|toe|kamer|toegezegd|informeer|informeren|stuur|sturen|zend|zenden|bied|kom|komen|komt)\b/;

/** A present tense that commits only together with a moment ("Ik informeer uw Kamer voor de zomer"). */
const PRESENT_WITH_MOMENT = /\b(?:ik|wij|we) (?:informeer|informeren|stuur|sturen|zend|zenden)\b|\b(?:ik|wij|we|het kabinet|de regering) (?:kom|komen|komt)\b[^.]*\bmet (?:een|de|het)\b/u;

const NOT_A_PROMISE: readonly RegExp[] = [
  /\b(?:zal|zullen) (?:ik|wij|we|het kabinet) (?:niet|geen)\b/u,
  /\b(?:ik|wij|we|het kabinet) (?:zal|zullen|ga|gaan|gaat) (?:niet|geen)\b/u,
  /\b(?:niet|geen) (?:voornemens|van plan)\b/u,
  /\bgeen (?:aanleiding|reden|noodzaak|mogelijkheid|plannen)\b/u,
  /\b(?:zal|zullen) (?:ik|wij|we)\b[^.]*\b(?:ingaan|in gaan|beantwoorden|toelichten hieronder)\b/u,
  /\b(?:ik|wij|we) (?:zal|zullen)\b[^.]*\b(?:eerst|hieronder|hierna|achtereenvolgens|in deze beantwoording|in dit antwoord)\b[^.]*\b(?:ingaan|in gaan|beantwoorden|bespreken|toelichten)\b/u,
  /\b(?:ik|wij|we) (?:zal|zullen)\b[^.]*\b(?:vragen|vraag \d+)\b[^.]*\b(?:beantwoorden|behandelen)\b/u,
  /\b(?:gezamenlijk|tezamen|samen|in samenhang) (?:beantwoorden|beantwoord)\b/u,
  /\b(?:indien|mocht|mochten|als dat|wanneer dat|tenzij)\b/u,
  /\b(?:zou|zouden|kan|kunnen) (?:ik|wij|we)\b/u,
];

const KINDS: ReadonlyArray<[CommitmentKind, RegExp]> = [
  ['study', /\b(?:onderzo(?:ek|eken|cht)|laten onderzoeken|evalu(?:eren|atie|eer)|verken(?:nen|ning)|in kaart (?:brengen|gebracht)|inventaris(?:eren|atie)|analys(?:eren|e)|uitzoeken|laten uitzoeken|nagaan|bezien|bestuderen)\b/gu],
  ['send', /\b(?:(?:toe )?(?:te )?(?:sturen|zenden)|toesturen|toezenden|toe te (?:sturen|zenden)|gestuurd|verzonden|toegezonden|aangeboden|aan(?: te)? ?bieden|aanbieden|doen toekomen|ontvangt|ontvangen|brief|rapportage|voortgangsrapportage)\b/gu],
  ['inform', /\b(?:informeren|geïnformeerd|geinformeerd|informeer|inlichten|ingelicht|op de hoogte (?:houden|stellen|brengen)|terug(?:komen|kom|te komen)?|rapporteren|berichten)\b/gu],
];

/** Finds the promises in one answer; `answered` (ISO) anchors relative moments. */
export function findCommitments(answer: string, answered: string | null): Commitment[] {
  return findCommitmentSpans(answer, answered).map((c) => c.commitment);
}

/** A promise with where its sentence stands: paragraph index (`paragraphsOf`) and offsets in it. */
export interface CommitmentSpan {
  paragraph: number;
  start: number;
  end: number;
  commitment: Commitment;
}

/** The promises of one answer with their places, for marking them in the text. */
export function findCommitmentSpans(answer: string, answered: string | null): CommitmentSpan[] {
  const found: CommitmentSpan[] = [];
  paragraphsOf(answer).forEach((paragraph, p) => {
    if (!TRIGGER.test(paragraph.toLowerCase())) return;
    for (const span of splitSentences(paragraph)) {
      const raw = paragraph.slice(span.start, span.end);
      const text = raw.trim();
      const commitment = commitmentOf(text, answered);
      if (!commitment) continue;
      const start = span.start + (raw.length - raw.trimStart().length);
      found.push({ paragraph: p, start, end: start + text.length, commitment });
    }
  });
  return found;
}

/** The promise one sentence makes, or null. */
export function commitmentOf(sentence: string, answered: string | null): Commitment | null {
  if (sentence.length > 2000 || sentence.endsWith('?')) return null;
  const s = ` ${sentence.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ')} `;
  if (!TRIGGER.test(s)) return null;
  // The moment is looked for only where a committing form could use it (the costlier test).
  const form = COMMITTING.some((re) => re.test(s));
  if (!form && !PRESENT_WITH_MOMENT.test(s)) return null;
  const moment = momentOf(s, answered);
  const committing = form || moment !== null;
  if (!committing || NOT_A_PROMISE.some((re) => re.test(s))) return null;
  if (/\btoegezegd\b/u.test(s) && !/\b(?:te (?:sturen|zenden|informeren)|toe te|om\b|dat\b)/u.test(s)) return null;
  return { text: sentence, due: moment?.due ?? null, dueText: moment?.text ?? null, kind: kindOf(s) };
}

/** The kind of the last action verb: Dutch puts the main infinitive at the end of the clause. */
function kindOf(s: string): CommitmentKind {
  let kind: CommitmentKind = 'act';
  let last = -1;
  for (const [k, re] of KINDS) {
    for (const m of s.matchAll(re)) {
      if (m.index > last) {
        last = m.index;
        kind = k;
      }
    }
  }
  return kind;
}

interface Moment { text: string; due: string | null }

/** Moments, most specific first. Each returns the due date given the answer's year and date. */
const MOMENTS: ReadonlyArray<[RegExp, (m: RegExpExecArray, year: number, answered: string | null) => string | null]> = [
  [new RegExp(String.raw`\b(?:voor|vóór|uiterlijk|uiterlijk op|op|per) (\d{1,2}) ${MONTH}(?: (\d{4}))?`, 'u'),
    (m, year, answered) => {
      const date = inYear(Number(m[3] ?? year), MONTHS.indexOf(m[2]!) + 1, Number(m[1]), answered, !m[3]);
      return /^ ?(?:voor|vóór)/u.test(m[0]) ? dayBefore(date) : date;
    }],
  [/\b(?:in het|het) (eerste|tweede|derde|vierde|laatste) kwartaal(?: van)?(?: (\d{4}))?/u,
    (m, year, answered) => quarterEnd(m[2] ? Number(m[2]) : year, ORDINAL_QUARTERS[m[1]!]!, answered, !m[2])],
  [/\bq([1-4])(?: |-)?(\d{4})?\b/u, (m, year, answered) => quarterEnd(m[2] ? Number(m[2]) : year, Number(m[1]), answered, !m[2])],
  [new RegExp(String.raw`\b(?:in|eind|einde|uiterlijk eind|voor eind|begin|medio|half) ${MONTH}(?: (\d{4}))?`, 'u'),
    (m, year, answered) => {
      const month = MONTHS.indexOf(m[1]!) + 1;
      const y = m[2] ? Number(m[2]) : nextOccurrenceYear(year, month, answered);
      if (/^ ?begin/u.test(m[0])) return iso(y, month, 10);
      if (/^ ?(?:medio|half)/u.test(m[0])) return iso(y, month, 20);
      return lastDayOfMonth(y, month);
    }],
  [/\b(?:begin|voorjaar|in het voorjaar van) (\d{4})\b/u, (m) => (m[0].includes('voorjaar') ? iso(Number(m[1]), 6, 20) : iso(Number(m[1]), 3, 31))],
  [/\bin de loop van (\d{4})\b/u, (m) => iso(Number(m[1]), 12, 31)],
  [/\b(?:medio|halverwege|midden) (\d{4})\b/u, (m) => iso(Number(m[1]), 7, 31)],
  [/\b(?:eind|einde|eind van|het einde van|voor het einde van|najaar|in het najaar van) (\d{4})\b/u,
    (m) => (m[0].includes('najaar') ? iso(Number(m[1]), 12, 20) : iso(Number(m[1]), 12, 31))],
  [/\b(?:in|voor) (\d{4})\b/u, (m) => (m[0].startsWith(' voor') || m[0].startsWith('voor') ? iso(Number(m[1]) - 1, 12, 31) : iso(Number(m[1]), 12, 31))],
  [/\b(?:voor|vóór|tijdens|in) (?:de |het )?(?:zomer|zomerreces)\b/u, (_m, year, answered) => {
    const start = summerRecessStart(year);
    return answered && answered >= start ? dayBefore(summerRecessStart(year + 1)) : dayBefore(start);
  }],
  [/\bna (?:de |het )?(?:zomer|zomerreces)\b/u, (_m, year, answered) => {
    const y = answered && answered > summerRecessEnd(year) ? year + 1 : year;
    return iso(y, 12, 20);
  }],
  [/\b(?:dit|in het|komend|komende|het komende) najaar\b/u, (_m, year, answered) => iso(answered && answered > iso(year, 12, 20) ? year + 1 : year, 12, 20)],
  [/\b(?:dit|in het|komend|komende|het komende) voorjaar\b/u, (_m, year, answered) => iso(answered && answered > iso(year, 6, 20) ? year + 1 : year, 6, 20)],
  [/\b(?:deze|in de|komende) zomer\b/u, (_m, year, answered) => iso(answered && answered > iso(year, 9, 22) ? year + 1 : year, 9, 22)],
  [/\b(?:voor|vóór) (?:de |het )?(?:kerst|kerstreces|jaarwisseling)\b/u, (_m, year, answered) => {
    const start = christmasRecessStart(year);
    return answered && answered >= start ? dayBefore(christmasRecessStart(year + 1)) : dayBefore(start);
  }],
  [/\b(?:voor|vóór|tegen|aan|rond) (?:het )?(?:einde?|eind) van (?:dit|het) jaar\b|\b(?:eind|einde) (?:van )?dit jaar\b|\bdit jaar nog\b|\bnog dit jaar\b/u,
    (_m, year) => iso(year, 12, 31)],
  [/\b(?:begin|aan het begin van) (?:volgend|komend) jaar\b/u, (_m, year) => iso(year + 1, 3, 31)],
  [/\b(?:volgend|komend) jaar\b/u, (_m, year) => iso(year + 1, 12, 31)],
  [/\b(?:voor|vóór|bij|met|op) prinsjesdag\b/u, (_m, year, answered) => {
    const day = prinsjesdag(year);
    return answered && answered > day ? prinsjesdag(year + 1) : day;
  }],
  [/\b(?:voor|vóór|bij|rond) (?:de )?(?:begrotingsbehandeling|begrotingsbehandelingen|behandeling van de begroting)\b/u,
    (_m, year, answered) => (answered && answered > iso(year, 10, 31) ? iso(year + 1, 10, 31) : iso(year, 10, 31))],
  [/\b(?:voor|vóór|bij|met) de voorjaarsnota\b/u, (_m, year, answered) => (answered && answered > iso(year, 6, 1) ? iso(year + 1, 6, 1) : iso(year, 6, 1))],
  [/\bbinnen (\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf) (dag|dagen|week|weken|maand|maanden)\b/u,
    (m, _year, answered) => {
      if (!answered) return null;
      const amount = NUMBER_WORDS[m[1]!] ?? Number(m[1]);
      const unit = m[2]!.startsWith('dag') ? 'day' : m[2]!.startsWith('we') ? 'week' : 'month';
      return plus(answered, amount, unit);
    }],
  [/\b(?:op korte termijn|binnenkort|zo spoedig mogelijk|zo snel mogelijk|spoedig|te zijner tijd|t\.z\.t\.|in de loop van het jaar|op afzienbare termijn)\b/u,
    () => null],
];

/** The promised moment named in a (lower-cased, padded) sentence, or null when none is named. */
function momentOf(s: string, answered: string | null): Moment | null {
  const year = answered ? Number(answered.slice(0, 4)) : new Date().getUTCFullYear();
  for (const [re, due] of MOMENTS) {
    const m = re.exec(s);
    if (m) return { text: m[0].trim(), due: due(m, year, answered) };
  }
  return null;
}

/** A day in a month; without a written year, the next such day on or after the answer. */
function inYear(year: number, month: number, day: number, answered: string | null, guessYear: boolean): string {
  const date = iso(year, month, Math.min(day, 31));
  return guessYear && answered && date < answered ? iso(year + 1, month, Math.min(day, 31)) : date;
}

function quarterEnd(year: number, quarter: number, answered: string | null, guessYear: boolean): string {
  const end = lastDayOfMonth(year, quarter * 3);
  return guessYear && answered && end < answered ? lastDayOfMonth(year + 1, quarter * 3) : end;
}

/** Without a written year, a month not yet past at the answer's date (this year, else next year). */
function nextOccurrenceYear(year: number, month: number, answered: string | null): number {
  return answered && lastDayOfMonth(year, month) < answered ? year + 1 : year;
}
