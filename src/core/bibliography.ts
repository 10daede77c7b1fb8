/**
 * The bibliography file of a workspace (pure): exactly the Kamervragen its notes cite, as CSL-JSON
 * (`.json`) or BibTeX (`.bib`), in a stable order (by citation key) so that a change in the notes
 * makes a small diff. Pandoc (`--citeproc`), Zotero and LaTeX read both; the keys are those of
 * `citationKey.ts`, which notes use as `[@kamervraag2023Z11786]`.
 */
import { citationKey } from './citationKey';
import { bibtexOf } from './export/bibtex';
import { cslJsonOf } from './export/cslJson';
import type { KamervraagHead } from './model';

export type BibliographyFormat = 'csl-json' | 'bibtex';

/** The format a file name asks for, or undefined for any other extension. */
export function bibliographyFormatOf(fileName: string): BibliographyFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'csl-json';
  if (lower.endsWith('.bib')) return 'bibtex';
  return undefined;
}

/** A Kamervraag as a note cites it: by a Pandoc key (`key`), or otherwise (its own citation key). */
export interface Cited {
  kv: KamervraagHead;
  key?: string | undefined;
}

/**
 * The file's text for what the notes cite: one entry per key, ordered by key. A Kamervraag cited by
 * a key other than its own (`@kamervraagahtk202020213235` for one whose zaak is known) is written
 * under that key too, so that every citation in the notes resolves.
 */
export function bibliography(cited: readonly Cited[], format: BibliographyFormat): string {
  const byKey = new Map<string, KamervraagHead>();
  for (const { kv, key } of cited) {
    const k = key ?? citationKey(kv);
    if (!byKey.has(k)) byKey.set(k, kv);
  }
  const keys = [...byKey.keys()].sort();
  const kvs = keys.map((k) => byKey.get(k)!);
  return format === 'csl-json' ? cslJsonOf(kvs, keys) : bibtexOf(kvs, keys);
}
