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
import { NEEDS_SQUASH, dutchDate, squash } from '../text';

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
// Quantifiers that may run over a whole line are bounded (a date is short) or anchored, so that
// no regex here backtracks over a long line: headings come from documents, and documents can be hostile.
const SUBMITTED = /\((?:ingezonden|ingediend)\s+([^)]{0,120})\)/i;
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
  // Each group is "names (party)": the names after the previous ")" up to a "(", the party up to
  // the next ")". Found with indexOf: a regex with a free-running group before "(" takes
  // quadratic time on a long line without one.
  let consumed = 0;
  for (;;) {
    const open = namesPart.indexOf('(', consumed);
    const close = open === -1 ? -1 : namesPart.indexOf(')', open + 1);
    if (close === -1) break;
    const namesFrom = Math.max(consumed, namesPart.lastIndexOf(')', open) + 1);
    const party = namesPart.slice(open + 1, close).replace(/^\s*(?:allen|beiden|beide|alle)\s+/i, '').trim();
    for (const name of splitNames(namesPart.slice(namesFrom, open))) out.push({ name, party: party.length > 0 ? party : null });
    consumed = close + 1;
  }
  for (const name of splitNames(namesPart.slice(consumed))) out.push({ name, party: null });
  return out;
}

function splitNames(list: string): string[] {
  // White space collapsed first (not trimmed: " en X" splits), so that the split does not backtrack
  // over long runs; only when there is any to collapse (a replace of every single space of a long
  // line costs more than all the rest).
  return (NEEDS_SQUASH.test(list) ? list.replace(/\s+/g, ' ') : list)
    .split(/ ?, ?| en /)
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
const RECEIVED = /\(\s*ontvangen\s+([^)]{0,120})\)/i;
const OFFICE = String.raw`(?:Minister-president|Viceminister-president|Minister|Staatssecretaris)`;

/** True when the text opens like an answer heading ("Antwoord van Minister …"). */
export function isAnswerHeading(text: string): boolean {
  return ANSWER_START.test(text) && new RegExp(OFFICE, 'i').test(text.slice(0, 80));
}

export function parseAnswerHeading(raw: string): AnswerHeading {
  const text = squash(raw);
  const received = RECEIVED.exec(text);
  const answered = received?.[1] ? dutchDate(received[1]) : undefined;
  const people = text.slice(0, received?.index ?? text.length).replace(ANSWER_START, '');
  return { answeredBy: answerers(people), answered };
}

/**
 * "Minister [van|voor X] Name (Organisation)", in order: the office, white space, an optional
 * "van X " (X one word), the name up to the "(", the organisation up to the ")"; neither the
 * name nor its preamble holds a bracket. In one pass with indexOf: a regex with two lazy groups
 * before the "(" took quadratic time on a long line without one.
 */
function answerers(people: string): Answerer[] {
  const out: Answerer[] = [];
  const office = new RegExp(OFFICE, 'g');
  // The next "(" and ")" at or after a position, each found once for a run of office words.
  let open = -1;
  let close = -1;
  let closeAfterOffice = -1;
  for (let m = office.exec(people); m !== null; m = office.exec(people)) {
    const from = m.index + m[0].length;
    if (open < from) open = people.indexOf('(', from);
    if (open === -1) break;
    if (close <= open) close = people.indexOf(')', open + 1);
    if (close === -1) break;
    if (closeAfterOffice < from) closeAfterOffice = people.indexOf(')', from);
    const name = closeAfterOffice < open && closeAfterOffice !== -1 ? undefined : nameBefore(people.slice(from, open));
    if (name === undefined || close === open + 1) {
      office.lastIndex = m.index + 1;
      continue;
    }
    out.push({ name: squash(name.replace(/^(?:en|,)\s+/i, '')), role: `${m[0]} van ${squash(people.slice(open + 1, close))}`, party: null });
    office.lastIndex = close + 1;
  }
  return out;
}

/** The name in " van Financiën De Vries " → "De Vries"; undefined when the text does not start with white space or holds none. */
function nameBefore(segment: string): string | undefined {
  const body = segment.trimStart();
  if (body.length === segment.length) return undefined;
  const text = body.trimEnd();
  if (text.length === 0) return undefined;
  return /^(?:van|voor)\s+\S+\s+(\S[^]*)$/.exec(text)?.[1] ?? text;
}

function capitalise(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}
