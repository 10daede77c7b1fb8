/**
 * Merging what several documents tell about one Kamervraag, and the facts derived from it:
 * days to answer, the deadline and the status by the Reglement van Orde of the Tweede Kamer
 * (an answer is due three weeks after the questions were submitted; when the minister sends a
 * Mededeling that the answer will be late, six weeks after submission).
 */
import type {
  Addressee, Answerer, DocumentRef, Entry, Kamervraag, KamervraagDraft, Notice, Status, Submitter,
} from './model';
import { FORMAT, ParseError } from './model';
import { addDays, daysBetween, fold } from './text';
import { cleanKamervraag } from './sanitize';

export const ANSWER_DAYS = 21;
export const ANSWER_DAYS_AFTER_UITSTEL = 42;

/**
 * Documents of two different Kamervragen were given to merge. `first` and `second` are their
 * positions in the list (so that a caller can name the files), `names` how the documents name
 * themselves (a zaak or a document id), `reason` what differs.
 */
export class MergeError extends ParseError {
  constructor(
    readonly first: number,
    readonly second: number,
    readonly names: readonly [string, string],
    readonly reason: string,
  ) {
    super(`${names[0]} and ${names[1]} are documents of different Kamervragen (${reason}); merge only the documents of one Kamervraag.`);
  }
}

/**
 * Throws MergeError when two drafts are of different Kamervragen: their zaken or Kamers differ,
 * or, when they share neither a zaak nor a document, the dates the questions were submitted.
 * Drafts that do not say (a fragment, a constructed draft) agree with everything.
 */
export function checkSameKamervraag(drafts: readonly KamervraagDraft[]): void {
  const ids = drafts.map((d) => new Set((d.documents ?? []).map((doc) => doc.id)));
  const name = (i: number): string => {
    const d = drafts[i]!;
    return d.zaak ? `zaak ${d.zaak}` : d.documents?.[0]?.id ?? (d.title ? `"${d.title.slice(0, 60)}"` : `document ${i + 1}`);
  };
  const houseName = (h: string): string => (h === 'ek' ? 'Eerste Kamer' : 'Tweede Kamer');
  for (let i = 0; i < drafts.length; i++) {
    for (let j = i + 1; j < drafts.length; j++) {
      const a = drafts[i]!;
      const b = drafts[j]!;
      let reason: string | undefined;
      if (a.zaak && b.zaak && a.zaak !== b.zaak) reason = `zaak ${a.zaak} and zaak ${b.zaak}`;
      else if (a.house && b.house && a.house !== b.house) reason = `${houseName(a.house)} and ${houseName(b.house)}`;
      else {
        const linked = (a.zaak !== undefined && a.zaak === b.zaak) || [...ids[i]!].some((id) => ids[j]!.has(id));
        if (!linked && a.submitted && b.submitted && a.submitted !== b.submitted) reason = `submitted on ${a.submitted} and on ${b.submitted}`;
      }
      if (reason !== undefined) throw new MergeError(i, j, [name(i), name(j)], reason);
    }
  }
}

/**
 * Merge drafts (any order) into one Kamervraag; `today` decides open vs overdue. Throws MergeError
 * when the drafts are of different Kamervragen.
 */
export function merge(drafts: readonly KamervraagDraft[], today?: string): Kamervraag {
  checkSameKamervraag(drafts);
  const first = <K extends keyof KamervraagDraft>(key: K): KamervraagDraft[K] =>
    drafts.map((d) => d[key]).find((v) => v !== undefined && v !== '');
  const earliest = (key: 'submitted' | 'answered'): string | null =>
    drafts.map((d) => d[key]).filter((v): v is string => !!v).sort()[0] ?? null;

  const kv: Kamervraag = {
    format: FORMAT,
    zaak: first('zaak') ?? null,
    house: first('house') ?? 'tk',
    title: bestTitle(drafts.map((d) => d.title)),
    submitted: earliest('submitted'),
    answered: earliest('answered'),
    daysToAnswer: null,
    deadline: null,
    status: 'open',
    vergaderjaar: first('vergaderjaar') ?? null,
    submitters: mergePeople(drafts.flatMap((d) => d.submitters ?? []), (a, b) => ({ name: a.name, party: a.party ?? b.party })),
    addressees: uniqueBy(drafts.flatMap((d) => d.addressees ?? []), (a: Addressee) => a.role.toLowerCase()),
    answeredBy: mergePeople(drafts.flatMap((d) => d.answeredBy ?? []), (a: Answerer, b: Answerer) => {
      const onBehalfOf = a.onBehalfOf ?? b.onBehalfOf;
      return { name: a.name, role: a.role ?? b.role, party: a.party ?? b.party, ...(onBehalfOf ? { onBehalfOf } : {}) };
    }),
    topics: [...new Set(drafts.flatMap((d) => d.topics ?? []))],
    documents: mergeDocuments(drafts.flatMap((d) => d.documents ?? [])),
    notices: uniqueBy(drafts.flatMap((d) => d.notices ?? []), (n: Notice) => `${n.kind}|${n.date ?? ''}`),
    remarks: [...new Set(drafts.flatMap((d) => d.remarks ?? []))],
    entries: mergeEntries(drafts.map((d) => d.entries ?? [])),
  };
  kv.warnings = [...new Set([...drafts.flatMap((d) => d.warnings ?? []), ...resultWarnings(kv)])];
  // Where documents enter the model: no control or bidi-control character gets past this point.
  return withDerived(cleanKamervraag(kv), today);
}

/**
 * What the merged result itself shows to be missing: answers without an answer date, questions
 * without an answer while others have one, footnote marks without their text.
 */
function resultWarnings(kv: Kamervraag): string[] {
  const out: string[] = [];
  const answered = kv.entries.filter((e) => e.answer !== null);
  if (answered.length > 0 && !kv.answered) out.push('No answer date found: the answers are there, but not the date they were received ("ontvangen …").');
  if (answered.length > 0) {
    for (const e of kv.entries) if (e.answer === null) out.push(`Question ${e.numbers.join(', ')} has no answer in the source.`);
  }
  for (const e of kv.entries) {
    for (const f of e.footnotes) {
      if (!f.text && !f.url && !f.document) out.push(`Footnote ${f.number} (${f.in === 'question' ? 'question' : 'answer'} ${e.numbers.join(', ')}): the mark is there, its text is not.`);
    }
  }
  return out;
}

/** What deciding deadline, days to answer and status needs of a Kamervraag (statistics keep no more). */
export interface StatusInput {
  submitted: string | null;
  answered: string | null;
  notices: ReadonlyArray<{ kind: Kamervraag['notices'][number]['kind'] }>;
  /** The entries (a Kamervraag), or how many of them have an answer (a head, model.ts). */
  entries?: ReadonlyArray<{ answer: string | null }>;
  answerCount?: number;
}

/** Recompute daysToAnswer, deadline and status (e.g. after loading a stored copy). */
export function withDerived(kv: Kamervraag, today?: string): Kamervraag {
  return { ...kv, ...derivedOf(kv, today) };
}

/**
 * Deadlines by submission date and days allowed, remembered: the statistics derive them for the whole
 * archive at every redraw, from a few thousand distinct dates, and each costs a Date and a string.
 */
const deadlines = new Map<string, string>();

function deadlineOf(submitted: string, days: number): string {
  const key = `${submitted}+${days}`;
  let deadline = deadlines.get(key);
  if (deadline === undefined) {
    deadline = addDays(submitted, days);
    if (deadlines.size >= 20_000) deadlines.clear();
    deadlines.set(key, deadline);
  }
  return deadline;
}

/** Deadline, days to answer and status of a Kamervraag on `today` (today by default). */
export function derivedOf(kv: StatusInput, today?: string): Pick<Kamervraag, 'deadline' | 'daysToAnswer' | 'status'> {
  const uitstel = kv.notices.some((n) => n.kind === 'uitstel');
  const deadline = kv.submitted ? deadlineOf(kv.submitted, uitstel ? ANSWER_DAYS_AFTER_UITSTEL : ANSWER_DAYS) : null;
  const daysToAnswer = kv.submitted && kv.answered ? daysBetween(kv.submitted, kv.answered) : null;
  let status: Status;
  if (kv.notices.some((n) => n.kind === 'withdrawn')) status = 'withdrawn';
  else if (kv.answered) status = deadline && kv.answered > deadline ? 'answered-late' : 'answered-on-time';
  else if (kv.entries ? kv.entries.some((e) => e.answer !== null) : (kv.answerCount ?? 0) > 0) status = 'answered-date-unknown';
  else status = deadline && (today ?? todayIso()) > deadline ? 'overdue' : 'open';
  return { deadline, daysToAnswer, status };
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The entry that holds question `n` (combined entries hold several). */
export function entryFor(kv: Kamervraag, n: number): Entry | undefined {
  return kv.entries.find((e) => e.numbers.includes(n));
}

// ---------------------------------------------------------------------------------------------

/**
 * The subject of the questions makes the best title ("Het bericht ‘…’"); a document title such as
 * "Antwoord op vragen van de leden … over de Tozo" or a whole "Vragen van het lid …" sentence is a
 * fallback. The first letter is capitalised (the XML's kamervraagonderwerp reads "de TOZO").
 */
function bestTitle(titles: ReadonlyArray<string | undefined>): string {
  const present = titles.filter((t): t is string => !!t && t.trim().length > 0);
  const title = present.find((t) => !/^\s*(?:antwoord\s+op\s+(?:de\s+)?vragen|(?:schriftelijke\s+)?vragen\s+van)\b/i.test(t)) ?? present[0] ?? '';
  return title.length > 0 ? title[0]!.toUpperCase() + title.slice(1) : title;
}

/** People match on their surname (last word, case and diacritics folded): "S.P.R.A. van Weyenberg" = "Van Weyenberg". */
function personKey(name: string): string {
  const words = name.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/);
  return fold(words[words.length - 1] ?? name);
}


function mergePeople<T extends Submitter | Answerer>(people: T[], combine: (a: T, b: T) => T): T[] {
  const byKey = new Map<string, T>();
  for (const p of people) {
    const key = personKey(p.name);
    const seen = byKey.get(key);
    byKey.set(key, seen ? combine(seen, p) : p);
  }
  return [...byKey.values()];
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

function mergeDocuments(docs: DocumentRef[]): DocumentRef[] {
  const byId = new Map<string, DocumentRef>();
  for (const d of docs) {
    const seen = byId.get(d.id);
    byId.set(d.id, seen ? { id: d.id, kind: seen.kind, date: seen.date ?? d.date, url: seen.url ?? d.url } : d);
  }
  const order: Record<DocumentRef['kind'], number> = { questions: 0, related: 1, notice: 1, answer: 2, 'further-answer': 3 };
  return [...byId.values()].sort((a, b) => order[a.kind] - order[b.kind] || (a.date ?? '').localeCompare(b.date ?? ''));
}

/**
 * The entries of the most complete source (most answers, then most entries), with footnotes and
 * answers that only another source has filled in.
 */
function mergeEntries(lists: Entry[][]): Entry[] {
  const score = (l: Entry[]): number => l.filter((e) => e.answer).length * 1000 + l.length;
  const ranked = [...lists].sort((a, b) => score(b) - score(a));
  const best = ranked[0] ?? [];
  return best.map((entry) => {
    const key = entry.numbers.join(',');
    const others = ranked.slice(1).flatMap((l) => l.filter((e) => e.numbers.join(',') === key));
    const withNotes = others.find((e) => e.footnotes.some((f) => f.text || f.url));
    const richerNotes = entry.footnotes.every((f) => !f.text && !f.url) && withNotes ? withNotes.footnotes : entry.footnotes;
    const answer = entry.answer ?? others.find((e) => e.answer)?.answer ?? null;
    return { ...entry, answer, footnotes: richerNotes };
  });
}
