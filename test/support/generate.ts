/**
 * Kamervragen for benchmarks and tests, made by varying the real documents in test/fixtures/.
 *
 * Real (taken unchanged from the parsed fixtures): every question text, every answer paragraph,
 * submitter names with their parties, answerers, addressed offices, topic terms, and the words
 * that titles are made of (the real titles, the Mededeling's subject line, and the first question
 * of each document, which names its subject).
 * Varied (by a seeded PRNG, so the same seed gives the same library): zaak numbers (unique),
 * dates from 2010 to 2026, status and answer times, which submitters and answerers, titles
 * (real title words recombined), how many entries, which questions, and answers recombined
 * from one to three real answer paragraphs in shuffled order.
 *
 * Reads the fixtures relative to the working folder (the repository root for tests and bench).
 */
import { readFileSync } from 'node:fs';
import type { Answerer, Entry, Kamervraag, Status, Submitter } from '../../src/core/model';
import { FORMAT } from '../../src/core/model';
import { parseKamervraag } from '../../src/core/parse';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FragmentDoc {
  identifier: string;
  indiener: string[];
  ontvanger: string[];
  category: string;
  issued: string;
  vraagdata: Record<string, { vraag: [string, string]; antwoord: [string, string] }>;
}

/** The real documents of test/fixtures, parsed (fragment documents completed from their metadata). */
export function realKamervragen(): Kamervraag[] {
  const read = (path: string): string => readFileSync(`test/fixtures/${path}`, 'utf8');
  const out: Kamervraag[] = [
    parseKamervraag([read('seeds/kamervraag-2023Z11786.txt')], '2026-11-27'),
    parseKamervraag([read('koop/ah-tk-20202021-3235.xml'), read('koop/ah-tk-20202021-3235.metadata.xml')], '2026-11-27'),
  ];
  const fragments = JSON.parse(read('xml-fragments/ah-tk_vraag-antwoord_fragments_4docs.json')) as Record<string, FragmentDoc>;
  for (const [id, doc] of Object.entries(fragments)) {
    const keys = Object.keys(doc.vraagdata).sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]));
    const body = keys.flatMap((k) => [doc.vraagdata[k]!.vraag[1], doc.vraagdata[k]!.antwoord[1]]).join('');
    const kv = parseKamervraag([`<officiele-publicatie><kamervragen>${body}</kamervragen></officiele-publicatie>`], '2026-11-27');
    out.push({
      ...kv,
      title: '',
      answered: doc.issued,
      status: 'answered-on-time',
      submitters: doc.indiener.map((name) => ({ name, party: null })),
      answeredBy: doc.ontvanger.map((name) => ({ name, role: null, party: null })),
      topics: doc.category.split('|').map((t) => t.trim().toLowerCase()),
      documents: [{ id, kind: 'answer', date: doc.issued, url: null }],
    });
  }
  return out;
}

/** Titles and subject lines printed in the fixtures (metadata records and the seed's Mededeling). */
function realTitles(real: readonly Kamervraag[]): string[] {
  const titles = real.map((kv) => kv.title).filter((t) => t !== '');
  for (const file of ['kv-tk-2020Z13248.metadata_owms.xml', 'ah-ek-20192020-10.metadata_owms.xml', 'kv-ek-215160000.metadata_owms.xml']) {
    titles.push(parseKamervraag([readFileSync(`test/fixtures/koop/${file}`, 'utf8')], '2026-11-27').title);
  }
  for (const kv of real) for (const n of kv.notices) for (const m of n.text.matchAll(/«([^»]+)»/g)) titles.push(m[1]!);
  return titles;
}

export interface Pools {
  real: Kamervraag[];
  titleWords: string[];
  titles: string[];
  submitters: Submitter[];
  answerers: Answerer[];
  topics: string[];
  questions: string[];
  answerParagraphs: string[];
  /** Words of the real text (for queries). */
  vocabulary: string[];
}

export function pools(): Pools {
  const real = realKamervragen();
  const titles = realTitles(real);
  const titleWords = new Set<string>();
  const addWords = (text: string): void => {
    for (const w of text.split(/\s+/)) {
      const word = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (word.length >= 3) titleWords.add(word);
    }
  };
  for (const t of titles) addWords(t);
  for (const kv of real) addWords(kv.entries[0]?.question.split(/[?.]/)[0] ?? '');
  const uniqueBy = <T>(xs: T[], key: (x: T) => string): T[] => [...new Map(xs.map((x) => [key(x), x])).values()];
  const submitters = uniqueBy(real.flatMap((kv) => kv.submitters), (s) => s.name);
  for (const file of ['kv-ek-215160000.metadata_owms.xml', 'ah-ek-20192020-10.metadata_owms.xml']) {
    submitters.push(...parseKamervraag([readFileSync(`test/fixtures/koop/${file}`, 'utf8')], '2026-11-27').submitters.filter((s) => s.party));
  }
  const questions = real.flatMap((kv) => kv.entries.map((e) => e.question));
  const answerParagraphs = real.flatMap((kv) => kv.entries.flatMap((e) => (e.answer ?? '').split('\n\n'))).filter((p) => p.length > 0);
  const vocabulary = new Set<string>();
  for (const text of [...questions, ...answerParagraphs]) {
    for (const w of text.split(/\s+/)) {
      const word = w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      if (word.length >= 4 && /^\p{L}+$/u.test(word)) vocabulary.add(word);
    }
  }
  return {
    real, titles, titleWords: [...titleWords],
    submitters: uniqueBy(submitters, (s) => `${s.name}|${s.party}`),
    answerers: uniqueBy(real.flatMap((kv) => kv.answeredBy), (a) => a.name),
    topics: [...new Set(real.flatMap((kv) => kv.topics))],
    questions, answerParagraphs, vocabulary: [...vocabulary],
  };
}

function isoDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function vergaderjaarOf(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const start = m >= 9 ? y : y - 1;
  return `${start}-${start + 1}`;
}

/**
 * `count` generated Kamervragen (deterministic for a seed). Strings are shared with the pools
 * (texts are not copied per document), as a library read from disk would not share them; the
 * benchmark measures the index, not the documents.
 */
export function generateKamervragen(count: number, seed = 1, from: Pools = pools()): Kamervraag[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  // Answers: 4,000 recombinations of 1–3 real paragraphs, shuffled, made once and shared.
  const answers = Array.from({ length: 4000 }, () =>
    Array.from({ length: between(1, 3) }, () => pick(from.answerParagraphs)).join('\n\n'));
  const start = Date.UTC(2010, 0, 1) / 86_400_000;
  const end = Date.UTC(2026, 11, 31) / 86_400_000;
  const out: Kamervraag[] = [];
  for (let i = 0; i < count; i++) {
    const day = between(start, end);
    const submitted = isoDate(day);
    const year = submitted.slice(0, 4);
    const zaak = `${year}Z${String(10000 + i).padStart(5, '0')}`;
    const roll = random();
    const answerDays = roll < 0.08 ? null : roll < 0.55 ? between(7, 21) : between(22, 150);
    const answered = answerDays === null ? null : isoDate(day + answerDays);
    const status: Status = roll < 0.01 ? 'withdrawn' : answerDays === null ? (roll < 0.04 ? 'open' : 'overdue')
      : answerDays <= 21 ? 'answered-on-time' : 'answered-late';
    const titleWords = Array.from({ length: between(3, 9) }, () => pick(from.titleWords));
    const title = random() < 0.5 ? `Het bericht ‘${titleWords.join(' ')}’` : titleWords.join(' ');
    const n = between(2, 9);
    const entries: Entry[] = Array.from({ length: n }, (_, k) => ({
      numbers: [k + 1],
      question: pick(from.questions),
      answer: answered === null ? null : pick(answers),
      refersTo: [],
      footnotes: [],
    }));
    const vj = vergaderjaarOf(answered ?? submitted);
    out.push({
      format: FORMAT,
      zaak,
      house: random() < 0.05 ? 'ek' : 'tk',
      title,
      submitted,
      answered,
      daysToAnswer: answerDays,
      deadline: isoDate(day + 21),
      status,
      vergaderjaar: vj,
      submitters: Array.from(new Set(Array.from({ length: between(1, 3) }, () => pick(from.submitters)))),
      addressees: [],
      answeredBy: answered === null ? [] : [pick(from.answerers)],
      topics: Array.from(new Set(Array.from({ length: between(1, 4) }, () => pick(from.topics)))),
      documents: [
        { id: `kv-tk-${zaak}`, kind: 'questions', date: submitted, url: null },
        ...(answered === null ? [] : [{ id: `ah-tk-${vj.replace('-', '')}-${i + 1}`, kind: 'answer' as const, date: answered, url: null }]),
      ],
      notices: [],
      remarks: [],
      entries,
    });
  }
  return out;
}

// ── A realistic corpus: real Dutch vocabulary at archive size ─────────────────────────────────

/** The Debian `wdutch` word list (413,288 words), one word a line. */
export const DUTCH_WORDS = '/usr/share/dict/dutch';

/** The words of a word list file; throws with the package to install when it is missing. */
export function dutchWords(path = DUTCH_WORDS): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing: install the Debian package wdutch (apt-get install wdutch)`);
  }
  return text.split('\n').map((w) => w.trim()).filter((w) => w !== '');
}

/**
 * Draws word ranks with Zipf–Mandelbrot frequencies (weight 1 / (rank + 2.7)^s; s = 1.37 gives the
 * ~348,000 distinct words that 60,000 Kamervragen of 2,600 words have) in O(1) per draw
 * (Walker's alias method), so a long-tailed vocabulary appears as in real text: a few thousand
 * words make most of it, and most of the hundreds of thousands occur only a few times.
 */
export function zipfSampler(n: number, random: () => number, s = 1.37): () => number {
  const weights = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) total += weights[r] = 1 / (r + 2.7) ** s;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let r = 0; r < n; r++) {
    prob[r] = (weights[r]! * n) / total;
    (prob[r]! < 1 ? small : large).push(r);
  }
  while (small.length > 0 && large.length > 0) {
    const l = small.pop()!;
    const g = large.pop()!;
    alias[l] = g;
    prob[g] = prob[g]! + prob[l]! - 1;
    (prob[g]! < 1 ? small : large).push(g);
  }
  for (const r of [...small, ...large]) prob[r] = 1;
  return () => {
    const u = random() * n;
    const r = Math.floor(u);
    return u - r < prob[r]! ? r : alias[r]!;
  };
}

/** A sentence of the fixtures with its content words (4+ letters) as slots. */
interface Shape {
  /** Text between slots: parts.length = slots.length + 1. */
  parts: string[];
  /** Per slot: 1 when the word was capitalised. */
  capital: number[];
  words: number;
}

function shapesOf(texts: readonly string[]): Shape[] {
  const shapes: Shape[] = [];
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.?!])\s+/)) {
      const parts: string[] = [];
      const capital: number[] = [];
      let last = 0;
      for (const m of sentence.matchAll(/\p{L}{4,}/gu)) {
        parts.push(sentence.slice(last, m.index));
        capital.push(/^\p{Lu}/u.test(m[0]) ? 1 : 0);
        last = m.index + m[0].length;
      }
      parts.push(sentence.slice(last));
      const words = sentence.split(/\s+/).filter((w) => w !== '').length;
      if (capital.length > 0) shapes.push({ parts, capital, words });
    }
  }
  return shapes;
}

const MINISTRY_ROLES = [
  'Minister van Financiën', 'Staatssecretaris van Financiën', 'Minister van Sociale Zaken en Werkgelegenheid',
  'Minister van Buitenlandse Zaken', 'Minister van Justitie en Veiligheid', 'Minister voor Rechtsbescherming',
  'Minister van Volksgezondheid, Welzijn en Sport', 'Minister van Infrastructuur en Waterstaat',
  'Minister van Onderwijs, Cultuur en Wetenschap', 'Minister van Defensie', 'Minister van Economische Zaken en Klimaat',
  'Minister van Binnenlandse Zaken en Koninkrijksrelaties', 'Minister van Landbouw, Natuur en Voedselkwaliteit',
];

export interface RealisticOptions {
  /** Words per Kamervraag on average (questions and answers; default 2,600). */
  wordsPerItem?: number;
  /** The vocabulary (default: the wdutch list). */
  dictionary?: readonly string[];
  /** Share of sentences kept verbatim from the fixtures, so real phrases occur (default 0.04). */
  verbatim?: number;
}

/**
 * `count` Kamervragen of archive size, one at a time (deterministic for a seed), so that a caller
 * can write 1 GB of them without holding them. The metadata is as in generateKamervragen (real
 * names with diacritics, parties, dates 2010–2026, statuses, answer times); the text is made of
 * the fixtures' sentences with every word of 4+ letters replaced by a Zipf-sampled word of the
 * Dutch word list (its rank order shuffled by the seed), keeping the short function words
 * ("de", "het", "van") and the punctuation of the real sentence. A few sentences are verbatim.
 */
export function* realisticKamervragen(count: number, seed = 1, from: Pools = pools(), options: RealisticOptions = {}): Generator<Kamervraag> {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const dictionary = [...(options.dictionary ?? dutchWords())];
  for (let i = dictionary.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [dictionary[i], dictionary[j]] = [dictionary[j]!, dictionary[i]!];
  }
  const zipf = zipfSampler(dictionary.length, random);
  const capitals = dictionary.map((w) => w[0]!.toUpperCase() + w.slice(1));
  const questionShapes = shapesOf(from.questions);
  const answerShapes = shapesOf(from.answerParagraphs);
  const realSentences = [...from.questions, ...from.answerParagraphs].flatMap((t) => t.split(/(?<=[.?!])\s+/));
  const verbatim = options.verbatim ?? 0.04;
  const perItem = options.wordsPerItem ?? 2600;

  const sentence = (shapes: readonly Shape[]): [string, number] => {
    if (random() < verbatim) {
      const real = pick(realSentences);
      return [real, real.split(/\s+/).length];
    }
    const shape = pick(shapes);
    let out = shape.parts[0]!;
    for (let k = 0; k < shape.capital.length; k++) {
      const r = zipf();
      out += (shape.capital[k] ? capitals[r] : dictionary[r]) + shape.parts[k + 1]!;
    }
    return [out, shape.words];
  };
  const paragraph = (shapes: readonly Shape[], words: number): string => {
    const out: string[] = [];
    let n = 0;
    while (n < words) {
      const [text, w] = sentence(shapes);
      out.push(text);
      n += w;
    }
    return out.join(' ');
  };

  const start = Date.UTC(2010, 0, 1) / 86_400_000;
  const end = Date.UTC(2026, 11, 31) / 86_400_000;
  for (let i = 0; i < count; i++) {
    const day = between(start, end);
    const submitted = isoDate(day);
    const zaak = `${submitted.slice(0, 4)}Z${String(10000 + i).padStart(5, '0')}`;
    const roll = random();
    const answerDays = roll < 0.08 ? null : roll < 0.55 ? between(7, 21) : between(22, 150);
    const answered = answerDays === null ? null : isoDate(day + answerDays);
    const status: Status = roll < 0.01 ? 'withdrawn' : answerDays === null ? (roll < 0.04 ? 'open' : 'overdue')
      : answerDays <= 21 ? 'answered-on-time' : 'answered-late';
    const titleWords = Array.from({ length: between(3, 9) }, () => (random() < 0.5 ? pick(from.titleWords) : dictionary[zipf()]!));
    const title = random() < 0.5 ? `Het bericht ‘${titleWords.join(' ')}’` : titleWords.join(' ');
    const n = between(2, 9);
    // About 15 % of the words in the questions, the rest in the answers.
    const words = Math.round(perItem * (0.8 + random() * 0.4));
    const entries: Entry[] = Array.from({ length: n }, (_, k) => ({
      numbers: [k + 1],
      question: paragraph(questionShapes, Math.round((words * 0.15) / n)),
      answer: answered === null ? null : paragraph(answerShapes, Math.round((words * 0.85) / n)),
      refersTo: [],
      footnotes: [],
    }));
    const vj = vergaderjaarOf(answered ?? submitted);
    const ministry = pick(MINISTRY_ROLES);
    const answerer = pick(from.answerers);
    yield {
      format: FORMAT,
      zaak,
      house: random() < 0.05 ? 'ek' : 'tk',
      title,
      submitted,
      answered,
      daysToAnswer: answerDays,
      deadline: isoDate(day + 21),
      status,
      vergaderjaar: vj,
      submitters: Array.from(new Set(Array.from({ length: between(1, 3) }, () => pick(from.submitters)))),
      addressees: [{ name: null, role: ministry }],
      answeredBy: answered === null ? [] : [{ ...answerer, role: ministry }],
      topics: Array.from(new Set(Array.from({ length: between(1, 4) }, () => pick(from.topics)))),
      documents: [
        { id: `kv-tk-${zaak}`, kind: 'questions', date: submitted, url: null },
        ...(answered === null ? [] : [{ id: `ah-tk-${vj.replace('-', '')}-${i + 1}`, kind: 'answer' as const, date: answered, url: null }]),
      ],
      notices: [],
      remarks: [],
      entries,
    };
  }
}
