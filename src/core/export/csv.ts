/**
 * The library as a CSV table (RFC 4180), one row per Kamervraag, for spreadsheets (pure).
 *
 * Fields are quoted when they hold the separator, a double quote, a line break or leading or
 * trailing white space; quotes inside are doubled. Records end in CRLF, the first is a header.
 * A UTF-8 byte order mark (on by default) makes Excel read the accents right; `separator: ';'`
 * suits spreadsheets in locales with a decimal comma (Dutch Excel). Lists inside a field (indieners,
 * topics) are joined with "; ". Values are written as they are: nothing is prefixed to text that
 * starts with "=", "+", "-" or "@", so a field reads back exactly.
 */
import type { Kamervraag } from '../model';
import { answerDocument, officialUrl } from '../cite';
import { personLabel } from '../people';

export interface CsvOptions {
  /** "," (default) or ";". */
  separator?: ',' | ';';
  /** Start with a UTF-8 byte order mark (default true). */
  bom?: boolean;
}

/** The columns, in order, with how each is read from a Kamervraag. */
export const CSV_COLUMNS: ReadonlyArray<readonly [string, (kv: Kamervraag) => string | number | null]> = [
  ['zaak', (kv) => kv.zaak],
  ['title', (kv) => kv.title],
  ['house', (kv) => kv.house],
  ['submitted', (kv) => kv.submitted],
  ['answered', (kv) => kv.answered],
  ['daysToAnswer', (kv) => kv.daysToAnswer],
  ['deadline', (kv) => kv.deadline],
  ['status', (kv) => kv.status],
  ['submitters', (kv) => list(kv.submitters.map(personLabel))],
  ['parties', (kv) => list([...new Set(kv.submitters.map((s) => s.party).filter((p): p is string => !!p))])],
  ['addressees', (kv) => list(kv.addressees.map((a) => (a.name ? `${a.name} (${a.role})` : a.role)))],
  ['answeredBy', (kv) => list(kv.answeredBy.map((a) => a.name))],
  ['topics', (kv) => list(kv.topics)],
  ['answerDocument', (kv) => answerDocument(kv)?.id ?? null],
  ['url', (kv) => officialUrl(kv)],
  ['questions', (kv) => kv.entries.reduce((n, e) => n + e.numbers.length, 0)],
];

export function toCsv(kvs: readonly Kamervraag[], options?: CsvOptions): string {
  const separator = options?.separator ?? ',';
  const rows = [
    CSV_COLUMNS.map(([name]) => name),
    ...kvs.map((kv) => CSV_COLUMNS.map(([, read]) => {
      const value = read(kv);
      return value === null ? '' : String(value);
    })),
  ];
  const body = rows.map((row) => row.map((field) => csvField(field, separator)).join(separator)).join('\r\n');
  return `${options?.bom === false ? '' : '\uFEFF'}${body}\r\n`;
}

/** One field, quoted when it must be. */
export function csvField(value: string, separator: string): string {
  const needsQuotes = value.includes(separator) || /["\r\n]/.test(value) || value !== value.trim();
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

function list(items: readonly string[]): string {
  return items.join('; ');
}
