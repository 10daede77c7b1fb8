/**
 * The two sentences that open every Kamervragen publication (the XML calls them
 * kamervraagomschrijving), read from their plain text:
 *
 *   Vragen van de leden Rajkowski, Brekelmans (beiden VVD) en Gündoğan (Volt) aan de Staatssecretaris
 *   van Financiën en de Minister van Buitenlandse Zaken over het bericht «…» (ingezonden 23 juni 2023).
 *
 *   Antwoord van Minister Hoekstra (Buitenlandse Zaken) en Staatssecretaris De Vries (Financiën)
 *   (ontvangen 28 september 2023).
 *
 * Eerste Kamer questions read "Vragen van het lid Van Rooijen (50PLUS) op 29 april 2020 medegedeeld
 * aan de Minister van … inzake …".
 */
import type { Addressee, Answerer, Submitter } from '../model';
import { dutchDate, squash } from '../text';

export interface QuestionHeading {
  submitters: Submitter[];
  addressees: Addressee[];
  subject: string | undefined;
  submitted: string | undefined;
}

export interface AnswerHeading {
  answeredBy: Answerer[];
  answered: string | undefined;
}

const QUESTION_START = /^\s*(?:schriftelijke\s+)?vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+/i;
const ADDRESS = /\s+(?:op\s+\d{1,2}\s+\S+\s+\d{4}\s+medegedeeld\s+)?aan\s+(?:de|het)\s+/i;
const SUBJECT = /\s+(?:over|inzake)\s+/i;
const SUBMITTED = /\((?:ingezonden|ingediend)\s+([^)]*)\)/i;
const MEDEGEDEELD = /\bop\s+(\d{1,2}\s+\S+\s+\d{4})\s+medegedeeld/i;

/** True when the text opens like a question heading ("Vragen van het lid …"). */
export function isQuestionHeading(text: string): boolean {
  return QUESTION_START.test(text);
}

export function parseQuestionHeading(raw: string): QuestionHeading {
  const text = squash(raw);
  const submittedText = SUBMITTED.exec(text)?.[1] ?? MEDEGEDEELD.exec(text)?.[1];
  const submitted = submittedText ? dutchDate(submittedText) : undefined;
  const body = text.replace(QUESTION_START, '').replace(SUBMITTED, '').replace(/\s*\.?\s*$/, '');
  const address = ADDRESS.exec(body);
  const namesPart = address ? body.slice(0, address.index) : body;
  const afterNames = address ? body.slice(address.index + address[0].length) : '';
  const subjectAt = SUBJECT.exec(afterNames);
  const addresseePart = subjectAt ? afterNames.slice(0, subjectAt.index) : afterNames;
  const subject = subjectAt ? squash(afterNames.slice(subjectAt.index + subjectAt[0].length)) : undefined;
  return {
    submitters: parseSubmitters(namesPart),
    addressees: parseAddressees(addresseePart),
    subject: subject && subject.length > 0 ? subject.replace(/\s*\.$/, '') : undefined,
    submitted,
  };
}

/**
 * "Van Weyenberg, Romke de Jong en Kat (allen D66)" → three submitters of D66;
 * "Rajkowski, Brekelmans (beiden VVD) en Gündoğan (Volt)" → VVD, VVD, Volt;
 * names without a party in brackets get party null.
 */
export function parseSubmitters(namesPart: string): Submitter[] {
  const out: Submitter[] = [];
  const group = /([^()]*)\(([^)]*)\)/g;
  let consumed = 0;
  for (const m of namesPart.matchAll(group)) {
    const party = m[2]!.replace(/^\s*(?:allen|beiden|beide|alle)\s+/i, '').trim();
    for (const name of splitNames(m[1]!)) out.push({ name, party: party.length > 0 ? party : null });
    consumed = m.index + m[0].length;
  }
  for (const name of splitNames(namesPart.slice(consumed))) out.push({ name, party: null });
  return out;
}

function splitNames(list: string): string[] {
  return list
    .split(/\s*,\s*|\s+en\s+/)
    .map((n) => squash(n))
    .filter((n) => n.length > 0);
}

/** "de Minister van X en de Staatssecretaris van Y" → two addressees (offices; name null). */
export function parseAddressees(part: string): Addressee[] {
  return squash(part)
    .split(/\s+en\s+(?:de|het)\s+|,\s+(?:de|het)\s+/i)
    .map((r) => r.replace(/^(?:de|het)\s+/i, '').trim())
    .filter((r) => r.length > 0)
    .map((role) => ({ name: null, role: capitalise(role) }));
}

const ANSWER_START = /^\s*antwoord\s+(?:van\s+)?/i;
const RECEIVED = /\(\s*ontvangen\s+([^)]*)\)/i;
const OFFICE = String.raw`(?:Minister-president|Viceminister-president|Minister|Staatssecretaris)`;
const ANSWERER = new RegExp(String.raw`(${OFFICE})\s+(?:(?:van|voor)\s+[^()]+?\s+)?([^()]+?)\s*\(([^)]+)\)`, 'g');

/** True when the text opens like an answer heading ("Antwoord van Minister …"). */
export function isAnswerHeading(text: string): boolean {
  return ANSWER_START.test(text) && new RegExp(OFFICE, 'i').test(text.slice(0, 80));
}

export function parseAnswerHeading(raw: string): AnswerHeading {
  const text = squash(raw);
  const answeredText = RECEIVED.exec(text)?.[1];
  const answered = answeredText ? dutchDate(answeredText) : undefined;
  const end = RECEIVED.exec(text)?.index ?? text.length;
  const people = text.slice(0, end).replace(ANSWER_START, '');
  const answeredBy: Answerer[] = [];
  for (const m of people.matchAll(ANSWERER)) {
    const office = m[1]!;
    const name = squash(m[2]!.replace(/^(?:en|,)\s+/i, ''));
    const organisation = squash(m[3]!);
    answeredBy.push({ name, role: `${office} van ${organisation}`, party: null });
  }
  return { answeredBy, answered };
}

function capitalise(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}
