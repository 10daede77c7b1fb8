/**
 * The Kamervraag model: one source of truth for every layer (parsers, CLI, extension, server).
 *
 * A `Kamervraag` is what we know about one set of written questions (one zaak), merged from
 * every official document we have seen for it. It serialises to JSON as-is; the format is
 * named by `format` and documented in README ("JSON format"). Later versions may add fields,
 * they never drop or rename the ones here.
 */

export const FORMAT = 'kamervraag/1';

/** `tk` = Tweede Kamer, `ek` = Eerste Kamer. */
export type House = 'tk' | 'ek';

/**
 * `answered-date-unknown`: the source has answers but no date of the answer (e.g. a PDF or text
 * export that lost its heading), so neither "open" nor on time / late can be said.
 */
export type Status = 'open' | 'overdue' | 'answered-on-time' | 'answered-late' | 'answered-date-unknown' | 'withdrawn';

/** Every status, in the order lists and tables show them. */
export const STATUSES: readonly Status[] = ['open', 'overdue', 'answered-on-time', 'answered-late', 'answered-date-unknown', 'withdrawn'];

/**
 * `related`: an earlier publication of this zaak that a document names ("Zie ook Aanhangsel
 * Handelingen, vergaderjaar 2022–2023, nr. 3276", usually the uitstel-Mededeling), not the answer itself.
 */
export type DocumentKind = 'questions' | 'answer' | 'further-answer' | 'notice' | 'related';

/** `uitstel`: a Mededeling that the answer will be late; `withdrawn`: the questions were ingetrokken. */
export type NoticeKind = 'uitstel' | 'withdrawn' | 'other';

export interface Submitter {
  /** As printed by the source, e.g. "Queeny Rajkowski" or "Van Weyenberg". */
  name: string;
  party: string | null;
}

export interface Addressee {
  /** Personal name where the source gives one; questions are usually addressed to an office. */
  name: string | null;
  /** e.g. "Minister van Sociale Zaken en Werkgelegenheid". */
  role: string;
}

export interface Answerer {
  name: string;
  /** As printed, e.g. "Minister voor Natuur en Stikstof" (not normalised to "van"). */
  role: string | null;
  party: string | null;
  /** "mede namens …": the offices on whose behalf this person answered, as printed. Absent when none. */
  onBehalfOf?: string[] | undefined;
}

export interface DocumentRef {
  /** Official KOOP id (kv-tk-…, ah-tk-…) or Tweede Kamer document number (2023D…). */
  id: string;
  kind: DocumentKind;
  date: string | null;
  url: string | null;
}

export interface Notice {
  kind: NoticeKind;
  date: string | null;
  text: string;
}

export interface Footnote {
  number: number;
  text: string;
  /** A web address, or the zoek.officielebekendmakingen.nl page of `document`. */
  url: string | null;
  /** Official id of a referenced publication (extref soort="document"), e.g. "stb-2020-118". */
  document: string | null;
  /** Whether the mark stands in the question or in the answer. */
  in: 'question' | 'answer';
}

export interface Entry {
  /** One number, or several for a combined entry ("Vraag 5, 6" → [5, 6]). */
  numbers: number[];
  /** Plain text; paragraphs separated by a blank line; footnote marks and bodies taken out. */
  question: string;
  /** Plain text as `question`; null while unanswered. */
  answer: string | null;
  /** Numbers of other questions whose answers this answer points to ("Zie antwoord vraag 3"). */
  refersTo: number[];
  footnotes: Footnote[];
}

export interface Kamervraag {
  format: typeof FORMAT;
  /** Zaaknummer, e.g. "2023Z11786" (Eerste Kamer: the vraagnummer). Null when no source names it. */
  zaak: string | null;
  house: House;
  title: string;
  /** ISO dates (YYYY-MM-DD). */
  submitted: string | null;
  answered: string | null;
  /** Calendar days from submitted to answered. */
  daysToAnswer: number | null;
  /** The date the answer is due by the Reglement van Orde (3 weeks; 6 weeks after an uitstel). */
  deadline: string | null;
  status: Status;
  /** e.g. "2023-2024", the vergaderjaar of the answer (or of the questions while unanswered). */
  vergaderjaar: string | null;
  submitters: Submitter[];
  addressees: Addressee[];
  answeredBy: Answerer[];
  topics: string[];
  documents: DocumentRef[];
  notices: Notice[];
  /** Remarks printed with the questions or answer (kamervraagopmerking), e.g. related questions. */
  remarks: string[];
  entries: Entry[];
  /**
   * What the parsers could not establish, in plain words (no answer date, a question without an
   * answer, a footnote mark without its text, a number that occurs twice, a label that was lost, a
   * text that seems cut off). Empty when all is well; absent in copies stored by older versions.
   */
  warnings?: string[] | undefined;
}

/**
 * What a library keeps in memory of a Kamervraag: everything but the text of its questions,
 * answers and remarks (and the parsers' warnings), which are read from the item file when needed.
 * A Kamervraag is a KamervraagHead too, so what needs only the head takes either.
 */
export type KamervraagHead = Omit<Kamervraag, 'entries' | 'remarks' | 'warnings'> & {
  /** How many entries (questions, or combined questions) it has, and how many have an answer (set by headOf). */
  readonly questionCount?: number;
  readonly answerCount?: number;
};

/** The head of a Kamervraag: a new object without the text (the arrays it keeps are shared). */
export function headOf(kv: Kamervraag): KamervraagHead {
  return {
    format: kv.format, zaak: kv.zaak, house: kv.house, title: kv.title, submitted: kv.submitted, answered: kv.answered,
    daysToAnswer: kv.daysToAnswer, deadline: kv.deadline, status: kv.status, vergaderjaar: kv.vergaderjaar,
    submitters: kv.submitters, addressees: kv.addressees, answeredBy: kv.answeredBy, topics: kv.topics,
    documents: kv.documents, notices: kv.notices,
    questionCount: kv.entries.length, answerCount: kv.entries.filter((e) => e.answer !== null).length,
  };
}

/**
 * What one source document tells about a Kamervraag. Parsers return drafts; `merge` in
 * `kamervraag.ts` combines drafts from several documents and derives dates and status.
 */
export interface KamervraagDraft {
  zaak?: string | undefined;
  house?: House | undefined;
  title?: string | undefined;
  submitted?: string | undefined;
  answered?: string | undefined;
  vergaderjaar?: string | undefined;
  submitters?: Submitter[] | undefined;
  addressees?: Addressee[] | undefined;
  answeredBy?: Answerer[] | undefined;
  topics?: string[] | undefined;
  documents?: DocumentRef[] | undefined;
  notices?: Notice[] | undefined;
  remarks?: string[] | undefined;
  entries?: Entry[] | undefined;
  warnings?: string[] | undefined;
}

/** A source could not be read as a Kamervraag. The message is meant for the user. */
export class ParseError extends Error {
  override readonly name = 'ParseError';

  /** Also a ParseError thrown by another bundle's copy of this class (the PDF reader is bundled apart, dist/pdf.js). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'ParseError';
  }
}
