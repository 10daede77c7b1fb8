/**
 * The library as BibTeX for LaTeX (pure), one entry per Kamervraag:
 *
 *   @misc{kamervraag2023Z11786,
 *     author       = {Hoekstra, Wopke and De Vries, Aukje},
 *     title        = {{Het bericht ‘België verbiedt …’}},
 *     year         = {2023},
 *     month        = sep,
 *     howpublished = {Aanhangsel Handelingen II 2023/24, nr. 99},
 *     note         = {Kamervraag 2023Z11786, ingezonden 23 juni 2023},
 *     url          = {https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html},
 *     langid       = {dutch},
 *   }
 *
 * Entry type `@misc`: an answer in the Aanhangsel is no technical report (`@techreport` needs an
 * institution and prints "Technical report"), and `@misc` with `howpublished` carrying the
 * Leidraad citation prints right in every standard BibTeX and biblatex style.
 *
 * Authors are the answering ministers (the indieners while unanswered), "Family, Given"; a Dutch
 * particle is capitalised and kept with the surname ("De Vries, Aukje"), so styles sort and print
 * it the Dutch way. The title is wrapped in an extra pair of braces so styles keep its capitals.
 * LaTeX's special characters (& % $ # _ { } ~ ^ \) are escaped; other text stays UTF-8 (biblatex
 * with biber, or BibTeX with inputenc). Keys are "kamervraag" + the zaaknummer (else the document
 * id without punctuation), made unique.
 */
import type { KamervraagHead } from '../model';
import { formatDutchDate, officialUrl, quoteKey, sourceCitation } from '../cite';
import { authorsOf, splitName, uniqueKeys } from './names';
import { citationKey } from '../citationKey';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function toBibtex(kvs: readonly KamervraagHead[]): string {
  return bibtexOf(kvs, uniqueKeys(kvs, citationKey));
}

/** BibTeX with the given entry keys, one per Kamervraag (the bibliography file's keys). */
export function bibtexOf(kvs: readonly KamervraagHead[], keys: readonly string[]): string {
  return kvs.map((kv, i) => bibtexEntry(kv, keys[i]!)).join('\n');
}

function bibtexEntry(kv: KamervraagHead, key: string): string {
  const date = kv.answered ?? kv.submitted;
  const authors = authorsOf(kv).map(bibtexName);
  const note = [kv.zaak ? `Kamervraag ${kv.zaak}` : undefined, kv.submitted ? `ingezonden ${formatDutchDate(kv.submitted)}` : undefined]
    .filter((s): s is string => !!s).join(', ');
  const url = urlOf(kv);
  const fields: Array<[string, string]> = [];
  if (authors.length > 0) fields.push(['author', `{${authors.join(' and ')}}`]);
  fields.push(['title', `{{${escapeLatex(kv.title.length > 0 ? kv.title : quoteKey(kv))}}}`]);
  if (date) {
    fields.push(['year', `{${date.slice(0, 4)}}`]);
    fields.push(['month', MONTHS[Number(date.slice(5, 7)) - 1] ?? `{${date.slice(5, 7)}}`]);
  }
  fields.push(['howpublished', `{${escapeLatex(sourceCitation(kv))}}`]);
  if (note) fields.push(['note', `{${escapeLatex(note)}}`]);
  if (url) fields.push(['url', `{${url}}`]);
  fields.push(['langid', '{dutch}']);
  const width = Math.max(...fields.map(([name]) => name.length));
  return `@misc{${key},\n${fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value},\n`).join('')}}\n`;
}

/** "Aukje de Vries" → "De Vries, Aukje"; "Koolmees" → "Koolmees"; "Van Weyenberg" → "{Van Weyenberg}". */
function bibtexName(name: string): string {
  const { given, particle, family } = splitName(name);
  const particleCap = particle ? `${particle[0]!.toUpperCase()}${particle.slice(1)} ` : '';
  const surname = escapeLatex(`${particleCap}${family}`);
  if (given) return `${surname}, ${escapeLatex(given)}`;
  // Without given names BibTeX would read the first word as one; braces keep the surname whole.
  return surname.includes(' ') ? `{${surname}}` : surname;
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  '$': '\\$',
  '#': '\\#',
  '_': '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Escape LaTeX's special characters; line breaks become spaces (a blank line would end a paragraph). */
export function escapeLatex(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\{}&%$#_~^]/g, (c) => LATEX_SPECIALS[c]!);
}

/**
 * The URL field is read verbatim by biblatex and the url package, so it is not LaTeX-escaped: only
 * what would break the entry (braces, backslash, white space, double quote) and a "%" that starts
 * no percent-escape are percent-encoded.
 */
function urlOf(kv: KamervraagHead): string | undefined {
  return officialUrl(kv)?.replace(/%(?![0-9A-Fa-f]{2})|[{}\\\s"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
