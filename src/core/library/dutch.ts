/**
 * Text analysis for searching Dutch parliamentary text: folding, tokenising and a light stemmer.
 *
 * Index and query go through the same `terms()`, so whatever the stemmer does wrong it does wrong
 * on both sides alike; it only has to map the forms a user types and the forms a minister writes
 * to one key, not to produce real Dutch stems.
 *
 * Folding: lower case, diacritics removed ("Gündoğan" → "gundogan", "röntgen" → "rontgen",
 * "financiën" → "financien"), ligatures and letters without a decomposition spelled out
 * (ß → ss, ø → o, æ → ae, œ → oe, ł → l, đ → d, ı → i, ĳ → ij). Words are runs of letters and
 * digits (any script); hyphens split ("TOZO-regeling" → "tozo", "regeling"); an apostrophe inside
 * a word is dropped ("camera's" → "cameras"), so the plural rule below sees it.
 *
 * Stemming (`stem`), for words of 4+ letters without digits, in this order:
 *  1. -heid / -heden are taken off ("mogelijkheden", "mogelijkheid" → "mogelijk").
 *  2. One plural ending: -en after a consonant ("vragen" → "vrag", "regelingen" → "regeling"),
 *     with v → f and z → s at the new end ("bedrijven" → "bedrijf", "huizen" → "huis"); or -s
 *     (-'s) after a single vowel, -ie, -el/-em/-en/-er ("scanners" → "scanner", "camera's" →
 *     "camera", "types" → "type", "ministeries" → "ministerie", "huisjes" → "huisje"). Other -s
 *     is kept ("kans", "reis", "Chinees"); "proces" loses it, one it gets wrong.
 *  3. A diminutive: -etje after a doubled consonant ("balletje" → "ball"), -tje after a vowel, l, n
 *     or w ("stoeltje" → "stoel"), -pje after m ("bloempje" → "bloem"), else -je ("kaartje" →
 *     "kaart", "huisje" → "huis"); "deurtje" → "deurt" is one it gets wrong.
 *  4. An inflection -e after a consonant ("grote" → "grot", "douane" → "douan").
 *  5. A doubled final consonant is undoubled ("bussen" → "buss" → "bus", "ball" → "bal"), and a
 *     doubled vowel before the final consonant is made single ("vraag" → "vrag", "groot" → "grot",
 *     "zaak" → "zak"), which is what makes singular and -en plural meet.
 *
 * What it does not do: irregular plurals (kinderen/kind, steden/stad, schepen/schip, -eren in
 * general), verb forms beyond the accidental (vraagt/vragen stay apart), compound splitting
 * ("camera" does not find "röntgencamera"; prefix search only helps with the front of a word),
 * -ië(n) plurals ("financiën" stays "financien"), English words, or stop words (a word that is in
 * every document simply scores little).
 */

import { fold } from '../text';

export { fold };

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
/** Per UTF-16 code unit: 1 when it is a letter, mark or digit (a word character). */
let wordChar: Uint8Array | undefined;

function wordChars(): Uint8Array {
  if (wordChar) return wordChar;
  const table = new Uint8Array(65536);
  const test = /[\p{L}\p{M}\p{N}]/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates: characters outside the BMP are not word characters
    if (c < 0x80) table[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0;
    else table[c] = test.test(String.fromCharCode(c)) ? 1 : 0;
  }
  return (wordChar = table);
}

/** Apostrophes that join two word characters into one word ("camera's", "zo’n"). */
function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019 || c === 0x2018 || c === 0x60 || c === 0xb4;
}

/**
 * Finds the words of `text` as written (not folded): runs of letters, marks and digits, with
 * apostrophes inside them; hyphens, dots and everything else separate words. Calls `fn` with the
 * word's bounds and a 32-bit FNV-1a hash of its code units, so that callers can look words up
 * without cutting them out of the text first.
 */
export function scanWords(text: string, fn: (start: number, end: number, hash: number) => void): void {
  const table = wordChars();
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (table[c] === 0) { i++; continue; }
    const start = i;
    let hash = 0x811c9dc5;
    for (;;) {
      hash = Math.imul(hash ^ c, 0x01000193);
      i++;
      if (i >= n) break;
      c = text.charCodeAt(i);
      if (table[c] === 1) continue;
      if (i + 1 < n && isApostrophe(c) && table[text.charCodeAt(i + 1)] === 1) continue;
      break;
    }
    fn(start, i, hash | 0);
  }
}

/** Calls `fn` with every word of `text` as written (see scanWords). */
export function forEachRawWord(text: string, fn: (raw: string) => void): void {
  scanWords(text, (start, end) => fn(text.slice(start, end)));
}

/** A word as written → the folded form that is indexed (without apostrophes); '' when nothing is left. */
export function foldWord(raw: string): string {
  return fold(raw).replace(/['’‘`´]/g, '');
}

/** The folded words of `text`, unstemmed, in order. */
export function words(text: string): string[] {
  const out: string[] = [];
  forEachRawWord(text, (raw) => {
    const word = foldWord(raw);
    if (word !== '') out.push(word);
  });
  return out;
}

function isVowel(c: string | undefined): boolean {
  return c !== undefined && VOWELS.has(c);
}

/** The stem of one folded word; see the file comment. */
export function stem(word: string): string {
  if (word.length < 4 || /[^a-z]/.test(word)) return word;
  let w = word;
  // 1. -heid, -heden
  if (w.endsWith('heden') && w.length >= 8) w = w.slice(0, -5);
  else if (w.endsWith('heid') && w.length >= 7) w = w.slice(0, -4);
  else {
    // 2. one plural ending
    if (w.endsWith('en') && w.length >= 5 && !isVowel(w[w.length - 3])) {
      w = w.slice(0, -2);
      if (w.endsWith('v')) w = `${w.slice(0, -1)}f`;
      else if (w.endsWith('z')) w = `${w.slice(0, -1)}s`;
    } else if (w.endsWith('s') && w.length >= 5) {
      const before = w.slice(0, -1);
      if (/(?:[^aeiouy][aeiouy]|ie|e[lmnr])$/.test(before)) w = before;
    }
    // 3. diminutive
    if (w.length >= 7 && w.endsWith('etje') && !isVowel(w[w.length - 5]) && w[w.length - 5] === w[w.length - 6]) w = w.slice(0, -4);
    else if (w.length >= 6 && /(?:[aeiouylnw]t|mp)je$/.test(w)) w = w.slice(0, -3);
    else if (w.length >= 5 && w.endsWith('je')) w = w.slice(0, -2);
    // 4. inflection -e
    else if (w.length >= 5 && w.endsWith('e') && !isVowel(w[w.length - 2])) w = w.slice(0, -1);
  }
  // 5. undouble the final consonant, single the vowel before it
  const n = w.length;
  if (n >= 4 && w[n - 1] === w[n - 2] && !isVowel(w[n - 1])) return w.slice(0, -1);
  if (n >= 4 && !isVowel(w[n - 1]) && isVowel(w[n - 2]) && w[n - 2] === w[n - 3] && w[n - 2] !== 'i' && !isVowel(w[n - 4])) {
    return w.slice(0, n - 2) + w[n - 1];
  }
  return w;
}

/** Folded and stemmed terms of `text`, in order (with repeats). */
export function terms(text: string): string[] {
  return words(text).map(stem);
}
