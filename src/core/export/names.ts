/**
 * Personal names as reference managers want them: given names, the Dutch particle ("de", "van der",
 * "in 't") and the family name apart. Shared by the CSL-JSON and BibTeX exports (pure).
 */
import type { KamervraagHead } from '../model';
import { answerDocument } from '../cite';

export interface NameParts {
  /** "Aukje", "S.P.R.A."; empty when the source gives only a surname ("Koolmees"). */
  given: string;
  /** "de", "van der", "Van" as written; empty when there is none. */
  particle: string;
  /** "Vries", "Weyenberg", "Hoekstra". */
  family: string;
}

const PARTICLES = new Set(['van', 'de', 'der', 'den', 'het', 'ten', 'ter', 'te', 'in', "'t", '’t', 'op', 'uit', 'la', 'le', 'du', 'von', 'zu', 'di', 'da', 'dos', 'des', 'del']);

/**
 * "Aukje de Vries" → Aukje | de | Vries; "S.P.R.A. van Weyenberg" → S.P.R.A. | van | Weyenberg;
 * "Van Weyenberg" → "" | Van | Weyenberg; "Wopke Hoekstra" → Wopke | "" | Hoekstra. Text in
 * parentheses ("Kat (D66)") is left out. The particle is the run of particle words before the
 * last word; the given names are the words before it.
 */
export function splitName(name: string): NameParts {
  const words = name.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return { given: '', particle: '', family: name.trim() };
  const family = words.pop()!;
  let first = words.length;
  while (first > 0 && PARTICLES.has(words[first - 1]!.toLowerCase())) first--;
  // "Van Weyenberg": a leading particle is part of the surname; given names are never particles only.
  return { given: words.slice(0, first).join(' '), particle: words.slice(first).join(' '), family };
}

/** Who the reference is by: the answering ministers, or the indieners while there is no answer. */
export function authorsOf(kv: KamervraagHead): string[] {
  const answered = answerDocument(kv) !== undefined && kv.answeredBy.length > 0;
  return (answered ? kv.answeredBy : kv.submitters).map((p) => p.name).filter((n) => n.trim().length > 0);
}

/** `keyOf` of every Kamervraag, made unique by a suffix ("-2", "-3") where two would be equal. */
export function uniqueKeys(kvs: readonly KamervraagHead[], keyOf: (kv: KamervraagHead) => string): string[] {
  const used = new Set<string>();
  return kvs.map((kv) => {
    const key = keyOf(kv);
    let unique = key;
    for (let n = 2; used.has(unique); n++) unique = `${key}-${n}`;
    used.add(unique);
    return unique;
  });
}
