/**
 * A labelled set of quotes for the quote check (unit test and `npm run bench`), built from the real
 * official documents in test/fixtures (realKamervragen: the seed 2023Z11786, ah-tk-20202021-3235
 * and four answers from KOOP XML fragments), deterministically.
 *
 * Faithful copies (label `holds`), each typeset as real copies are:
 * - the insert command's quote block; the same with decomposed accents (NFD, as macOS and many
 *   PDFs give "België"), soft hyphens, ligatures (ﬁ ﬂ ﬀ ﬃ), zero-width spaces and joiners, no-break
 *   and thin spaces, curly quotes, words split by a line-end hyphen ("lever-\n> ancier") and PDF
 *   text's inline hyphens ("emissiefacto-ren", as in /work/shared/fixtures/real-text), Markdown
 *   emphasis and escapes;
 * - quotes without our marker: a block quote of whole sentences with a Leidraad citation in the
 *   next paragraph or in its own "> —" line, quotations in running text („…”, “…”, "…", '…') with a
 *   short citation, a link to the official publication, or a Pandoc key; elided passages with […];
 * - quotes of other sources next to a Kamervraag citation ((NRC, 2023), [@other2020], a footnote).
 * Alterations (label `differs`): a word changed, a word added, a word left out, a number changed,
 * a negation dropped, a sentence left out without an elision mark, a quote that starts or ends in
 * the middle of a sentence without one, and a passage of another Kamervraag (misattributed).
 */
import { escapeMarkdown, sourceCitation } from '../../src/core/cite';
import { quoteAnswer } from '../../src/core/quote';
import type { Kamervraag } from '../../src/core/model';
import { prng, realKamervragen } from './generate';

export interface LabelledQuote {
  name: string;
  label: 'holds' | 'differs';
  /** The Markdown note. */
  note: string;
}

const LIGATURES: Array<[RegExp, string]> = [[/ffi/g, 'ﬃ'], [/fi/g, 'ﬁ'], [/fl/g, 'ﬂ'], [/ff/g, 'ﬀ']];
const NEGATIONS = /\b(niet|geen|nooit)\s/;

function sentencesOf(text: string): string[] {
  return text.replace(/\n\n/g, ' ').split(/(?<=[.?!])\s+(?=[A-Z„“"'(])/).filter((s) => s.length > 0);
}

/** Splits a long word of `line` at the end of a line, as a PDF's hyphenation does. */
function hyphenate(body: string, eol: string): string {
  return body.replace(/\b(\p{L}{4,})(\p{L}{4,})\b/u, `$1-${eol}$2`);
}

export function labelledQuotes(): { library: Kamervraag[]; quotes: LabelledQuote[] } {
  const random = prng(16);
  const library = realKamervragen().map((kv, i) => (kv.zaak ? kv : { ...kv, zaak: `2020Z0${1000 + i}` }));
  const quotes: LabelledQuote[] = [];
  const add = (name: string, label: LabelledQuote['label'], note: string): void => { quotes.push({ name, label, note }); };

  library.forEach((kv, k) => {
    const answered = kv.entries.filter((e) => e.answer && sentencesOf(e.answer).length >= 3).slice(0, 3);
    const other = library[(k + 1) % library.length]!;
    const cite = sourceCitation(kv);
    const doc = kv.documents.find((d) => d.kind === 'answer')!.id;
    for (const entry of answered) {
      const n = entry.numbers[0]!;
      const tag = `${kv.zaak} ${n}`;
      const block = quoteAnswer(kv, n, { style: 'leidraad' });
      const answer = entry.answer!;
      const sentences = sentencesOf(answer);
      const two = sentences.slice(1, 3).join(' ');
      /** A sentence long enough to be quoted in running text (four words or more, eight to cut). */
      const long = sentences.find((x, i) => i > 0 && x.split(' ').length >= 8) ?? sentences[1]!;
      const first = sentences.find((x) => x.split(' ').length >= 4)!;

      // ── faithful copies ──────────────────────────────────────────────────────────────────
      add(`${tag}: quote block as inserted`, 'holds', block);
      add(`${tag}: NFD accents`, 'holds', block.normalize('NFD'));
      add(`${tag}: soft hyphens and zero-width characters`, 'holds', block.replace(/(\p{L}{4})(\p{L}{4,})/gu, (_, a: string, b: string) => (random() < 0.5 ? `${a}\u00ad${b}` : `${a}\u200b${b}`)).replace(/ (?=\p{L})/u, ' \u200d'));
      add(`${tag}: ligatures, no-break and thin spaces`, 'holds', LIGATURES.reduce((t, [re, lig]) => t.replace(re, lig), block).replace(/ (\d)/g, '\u00a0$1').replace(/ (?=[.,;:])/g, '\u202f'));
      add(`${tag}: a word split at a line end`, 'holds', hyphenate(block, '\n> '));
      add(`${tag}: PDF text's inline hyphen`, 'holds', block.replace(/\b(\p{L}{5,})(\p{L}{4,})\b/u, '$1-$2'));
      add(`${tag}: Markdown emphasis and escapes`, 'holds', block.replace(/> (\S+ \S+)/, '> *$1*').replace(/ (\p{L}{6,}) /u, ' **$1** '));
      add(`${tag}: curly quotes and dashes typed straight`, 'holds', block.replace(/[“”„]/g, '"').replace(/[‘’]/g, "'").replace(/–/g, '-'));
      add(`${tag}: block quote, Leidraad citation in the next paragraph`, 'holds', `Het antwoord:\n\n> ${escapeMarkdown(two)}\n\n${cite}, antwoord op vraag ${n}.\n`);
      add(`${tag}: block quote with its own citation line, PDF line breaks`, 'holds', `> ${hyphenate(escapeMarkdown(two), '\n> ')}\n>\n> — ${cite}\n`);
      add(`${tag}: „…” in running text, short citation`, 'holds', `De minister schreef: „${escapeMarkdown(first)}” (Kamervraag ${kv.zaak}).\n`);
      add(`${tag}: "…" in running text with a link`, 'holds', `Zie [het antwoord](https://zoek.officielebekendmakingen.nl/${doc}.html), waarin staat: "${escapeMarkdown(sentences[1]!.normalize('NFD'))}"\n`);
      add(`${tag}: “…” with a Pandoc key`, 'holds', `Het kabinet: “${escapeMarkdown(two)}” [@kamervraag${kv.zaak}].\n`);
      add(`${tag}: elided passage in running text`, 'holds', `„[…] ${escapeMarkdown(long.split(' ').slice(2).join(' '))}” (${cite}).\n`);
      add(`${tag}: another source next to the citation`, 'holds', `Volgens de krant „was het helemaal mis met de gang van zaken” (NRC, 3 mei 2023), maar zie ${cite}.\n\nOok 'dit zijn de woorden van iemand anders' [@jansen2020] en "nog een citaat van elders hier"[^1].\n`);

      // ── alterations ──────────────────────────────────────────────────────────────────────
      const words = answer.split(' ');
      const w = words.findIndex((x, i) => i > 2 && /^\p{Ll}{5,}$/u.test(x));
      const changed = [...words];
      changed[w] = `${changed[w]!.slice(0, -1)}${changed[w]!.endsWith('e') ? 'a' : 'e'}`;
      const body = (text: string): string => block.replace(/^[\s\S]*?(?=\n>\n> —)/, () => `> ${escapeMarkdown(text)}`);
      add(`${tag}: a word changed`, 'differs', body(changed.join(' ').replace(/\n\n/g, ' ')));
      add(`${tag}: a word added`, 'differs', body(answer.replace(/\n\n/g, ' ').replace(` ${words[w]!} `, ` ${words[w]!} echt `)));
      add(`${tag}: a word left out`, 'differs', body(answer.replace(/\n\n/g, ' ').replace(` ${words[w]!} `, ' ')));
      const number = /\d+/.exec(answer);
      if (number) add(`${tag}: a number changed`, 'differs', body(answer.replace(/\n\n/g, ' ').replace(number[0], String(Number(number[0]) + 1))));
      if (NEGATIONS.test(answer)) add(`${tag}: a negation dropped`, 'differs', body(answer.replace(/\n\n/g, ' ').replace(NEGATIONS, '')));
      add(`${tag}: a sentence left out without […]`, 'differs', body(sentences.filter((_, i) => i !== 1).join(' ')));
      add(`${tag}: attributed quote, a word changed`, 'differs', `De minister schreef: „${escapeMarkdown(two.replace(/\b(\p{Ll}{5,})\b/u, '$1s'))}” (${cite}).\n`);
      add(`${tag}: attributed quote starts mid-sentence`, 'differs', `Het antwoord:\n\n> ${escapeMarkdown(long.split(' ').slice(3).join(' '))}\n\n${cite}.\n`);
      add(`${tag}: attributed quote ends mid-sentence`, 'differs', `De minister: „${escapeMarkdown(long.split(' ').slice(0, -3).join(' '))}” [@kamervraag${kv.zaak}].\n`);
      const foreign = other.entries.find((e) => e.answer && sentencesOf(e.answer).length >= 2)!;
      add(`${tag}: misattributed`, 'differs', `> ${escapeMarkdown(sentencesOf(foreign.answer!)[1]!)}\n\n${cite}\n`);
    }
  });
  return { library, quotes };
}
