/** Small text helpers shared by every parser. Pure, no dependencies. */

/** Collapse runs of white space (incl. no-break space) to one space and trim. */
export function squash(text: string): string {
  // Most text needs only a trim; the regex replace is the expensive part of parsing.
  return NEEDS_SQUASH.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** White space other than a single space: the characters of `\s` but the space, or two spaces. */
export const NEEDS_SQUASH = /[\t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/** Join paragraphs that are squashed already (DOM parsers), dropping empty ones. */
export function joinSquashed(paragraphs: readonly string[]): string {
  return paragraphs.filter((p) => p.length > 0).join('\n\n');
}

/** Join paragraphs into the model's plain-text form: squashed, blank-line separated, empties dropped. */
export function joinParagraphs(paragraphs: readonly string[]): string {
  return joinSquashed(paragraphs.map(squash));
}

/** Split model text back into its paragraphs. */
export function paragraphsOf(text: string): string[] {
  return text.split(/\n{2,}/).map((p) => p.trim()).filter((p) => p.length > 0);
}

const MONTHS: Record<string, number> = {
  januari: 1, februari: 2, maart: 3, april: 4, mei: 5, juni: 6,
  juli: 7, augustus: 8, september: 9, oktober: 10, november: 11, december: 12,
};

/** "23 juni 2023" → "2023-06-23"; undefined when the text holds no Dutch date. */
export function dutchDate(text: string): string | undefined {
  const m = /(\d{1,2})\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+(\d{4})/i.exec(text);
  if (!m) return undefined;
  const month = MONTHS[m[2]!.toLowerCase()]!;
  return `${m[3]}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

/** Accept "2023-06-23" or "2023-06-23T00:00:00+02:00"; return the date part or undefined. */
export function isoDate(text: string | null | undefined): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec((text ?? '').trim());
  return m ? m[1] : undefined;
}

/** Whole days from a to b (ISO dates), in calendar days regardless of time zones. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** ISO date plus n days. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A label with one number only, the common case ("Vraag 3"). */
const SINGLE_NUMBER = /^\D*?(\d+)\D*$/;

/** "Vraag 5, 6" / "Antwoord 5 en 6" / "Vragen 5 t/m 7" → [5, 6] / [5, 6] / [5, 6, 7]. */
export function numbersIn(label: string): number[] {
  const single = SINGLE_NUMBER.exec(label);
  if (single) return [Number(single[1])];
  const out: number[] = [];
  const range = /(?<!\d)(\d+)\s*(?:t\/m|tot en met|-|–)\s*(\d+)/g;
  // The label without its ranges, built in one pass (replacing each range in turn is quadratic).
  let rest = '';
  let at = 0;
  for (const m of label.matchAll(range)) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (to >= from && to - from < 100) for (let n = from; n <= to; n++) out.push(n);
    rest += `${label.slice(at, m.index)} `;
    at = m.index + m[0].length;
  }
  rest += label.slice(at);
  for (const m of rest.matchAll(/\d+/g)) out.push(Number(m[0]));
  return [...new Set(out)].sort((x, y) => x - y);
}

const SPECIAL: Record<string, string> = {
  ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i', ĳ: 'ij', þ: 'th', ð: 'd',
};

/**
 * Lower case without diacritics ("Gündoğan" → "gundogan", "financiën" → "financien"), for
 * comparing names and searching.
 */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Fast path: plain ASCII needs nothing else (most Dutch text is ASCII apart from ë, ï, é…).
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßøæœłđıĳþð]/g, (c) => SPECIAL[c] ?? c);
}
