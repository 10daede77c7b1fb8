/**
 * Related Kamervragen (pure; no vscode): the most similar earlier ones by their questions, and the
 * explicit references both ways (this one cites / is cited by).
 *
 * Similar (`similarEarlier`)
 * - The questions of a Kamervraag (every entry's question text, not the answers) become a TF-IDF
 *   vector of the library's terms (dutch.ts `terms`: folded and stemmed), with idf = ln(1 + N/df)
 *   from the library's search index (search.ts), where N is the number of Kamervragen in it.
 * - Candidates: the search index's postings of the query's 24 highest-weighted terms, leaving out
 *   terms in more than half of the library (when it has 20 or more items), scored by Σ query
 *   weight × idf × the index's term weight; only Kamervragen dated (submitted, else answered)
 *   before this one. A Kamervraag without any date has no "earlier" and gets none.
 * - The best 30 candidates are scored again by the cosine of their own question vectors with the
 *   query's; those with cosine ≥ `MIN_SIMILARITY` (0.1) are kept, most similar first.
 *
 * References (`CitationIndex`, `referencesOf`)
 * - Cites: every Kamervraag named in the text of this one (questions, answers, remarks, footnotes
 *   and their document ids; crossrefs.ts `findKamervraagReferences`) that is in the library,
 *   found by zaak or document id; the Kamervraag itself is left out.
 * - Cited by: every Kamervraag in the library whose text names this one by its zaak or any of its
 *   document ids. The CitationIndex keeps, per Kamervraag, the ids it names, and is fed like the
 *   reuse index (reuse.ts `connectInBackground`).
 */
import { findKamervraagReferences } from './crossrefs';
import type { Kamervraag } from './model';
import type { PostingSource } from './library/search';
import { terms } from './library/dutch';

export const MIN_SIMILARITY = 0.1;
const QUERY_TERMS = 24;
const RERANK = 30;
/** The index's weight byte is the field score × 8. */
const WEIGHT_SCALE = 8;

export interface SimilarKamervraag {
  key: string;
  /** Cosine of the TF-IDF vectors of the two Kamervragen's questions, 0–1. */
  similarity: number;
}

function dateNumber(iso: string | null | undefined): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : 0;
}

function questionText(kv: Kamervraag): string {
  return kv.entries.map((e) => e.question).join('\n');
}

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** TF-IDF vector (1 + ln tf) × idf over the terms the index knows, with its norm. */
function vectorOf(counts: Map<string, number>, index: PostingSource): { weights: Map<string, number>; norm: number } {
  const weights = new Map<string, number>();
  let norm = 0;
  const n = Math.max(1, index.size);
  for (const [term, tf] of counts) {
    const id = index.termOf(term);
    const df = id === undefined ? 0 : index.dfOf(id);
    const w = (1 + Math.log(tf)) * Math.log(1 + n / Math.max(1, df));
    weights.set(term, w);
    norm += w * w;
  }
  return { weights, norm: Math.sqrt(norm) };
}

/**
 * The most similar Kamervragen dated before `kv` (stored under `key`), by their questions; at most
 * `limit` (default 10). `lookup` gives the library's copy of a candidate.
 */
export async function similarEarlier(key: string, kv: Kamervraag, index: PostingSource, lookup: (key: string) => Promise<Kamervraag | undefined>,
  options: { limit?: number } = {}): Promise<SimilarKamervraag[]> {
  const date = dateNumber(kv.submitted ?? kv.answered);
  if (date === 0) return [];
  const query = vectorOf(termCounts(questionText(kv)), index);
  if (query.norm === 0) return [];
  const n = index.size;
  const chosen = [...query.weights]
    .map(([term, w]) => ({ term, id: index.termOf(term), w }))
    .filter((t): t is { term: string; id: number; w: number } => t.id !== undefined && !(n >= 20 && index.dfOf(t.id) * 2 > n))
    .sort((a, b) => b.w - a.w || a.term.localeCompare(b.term))
    .slice(0, QUERY_TERMS);
  const scores = new Float64Array(index.docLimit);
  const touched: number[] = [];
  for (const t of chosen) {
    const idf = Math.log(1 + n / Math.max(1, index.dfOf(t.id)));
    index.forEachPosting(t.id, (doc, weight) => {
      if (scores[doc] === 0) touched.push(doc);
      scores[doc]! += t.w * idf * (weight / WEIGHT_SCALE);
    });
  }
  const candidates: Array<{ doc: number; score: number }> = [];
  for (const doc of touched) {
    const score = scores[doc]!;
    if (!index.isAlive(doc)) continue;
    const d = index.dateOf(doc);
    if (d === 0 || d >= date) continue;
    if (index.keyAt(doc) === key) continue;
    candidates.push({ doc, score });
  }
  candidates.sort((a, b) => b.score - a.score || a.doc - b.doc);
  const out: SimilarKamervraag[] = [];
  const reranked = candidates.slice(0, RERANK).map((c) => index.keyAt(c.doc));
  const read = await Promise.all(reranked.map((k) => lookup(k)));
  for (let i = 0; i < reranked.length; i++) {
    const otherKey = reranked[i]!;
    const other = read[i];
    if (!other) continue;
    const v = vectorOf(termCounts(questionText(other)), index);
    if (v.norm === 0) continue;
    let dot = 0;
    for (const [term, w] of query.weights) dot += w * (v.weights.get(term) ?? 0);
    const similarity = dot / (query.norm * v.norm);
    if (similarity >= MIN_SIMILARITY) out.push({ key: otherKey, similarity });
  }
  out.sort((a, b) => b.similarity - a.similarity || a.key.localeCompare(b.key));
  return out.slice(0, options.limit ?? 10);
}

// ---------------------------------------------------------------------------------------------
// Explicit references

/** The ids by which a Kamervraag is known: its key, zaak and document ids. */
export function ownIds(key: string, kv: Kamervraag): string[] {
  return [...new Set([key, ...(kv.zaak ? [kv.zaak] : []), ...kv.documents.map((d) => d.id)])];
}

/** The Kamervragen a Kamervraag names (canonical ids), its own ids left out. */
export function citedIds(key: string, kv: Kamervraag): string[] {
  const own = new Set(ownIds(key, kv));
  const texts: string[] = [];
  for (const e of kv.entries) {
    texts.push(e.question);
    if (e.answer) texts.push(e.answer);
    for (const f of e.footnotes) texts.push(f.text, f.document ?? '', f.url ?? '');
  }
  texts.push(...kv.remarks);
  const out = new Set<string>();
  for (const text of texts) for (const id of findKamervraagReferences(text)) if (!own.has(id)) out.add(id);
  return [...out];
}

/** Per Kamervraag of the library, the ids it names; and per id, who names it. */
export class CitationIndex {
  private readonly cites = new Map<string, string[]>();
  private readonly citedBy = new Map<string, Set<string>>();

  add(key: string, kv: Kamervraag): void {
    this.remove(key);
    const ids = citedIds(key, kv);
    this.cites.set(key, ids);
    for (const id of ids) {
      let set = this.citedBy.get(id);
      if (!set) this.citedBy.set(id, (set = new Set()));
      set.add(key);
    }
  }

  remove(key: string): boolean {
    const ids = this.cites.get(key);
    if (!ids) return false;
    this.cites.delete(key);
    for (const id of ids) {
      const set = this.citedBy.get(id);
      set?.delete(key);
      if (set?.size === 0) this.citedBy.delete(id);
    }
    return true;
  }

  /** Keys of the Kamervragen that name any of `ids`. */
  citing(ids: readonly string[]): string[] {
    const out = new Set<string>();
    for (const id of ids) for (const key of this.citedBy.get(id) ?? []) out.add(key);
    return [...out];
  }
}

export interface References {
  /** Keys of Kamervragen in the library that this one names. */
  cites: string[];
  /** Keys of Kamervragen in the library that name this one. */
  citedBy: string[];
}

/**
 * The explicit references of `kv` both ways, as library keys. `resolve` finds the library key of
 * a canonical id (a zaak or document id), undefined when the library does not have it.
 */
export function referencesOf(key: string, kv: Kamervraag, citations: CitationIndex, resolve: (id: string) => string | undefined): References {
  const cites = [...new Set(citedIds(key, kv).map(resolve).filter((k): k is string => k !== undefined && k !== key))];
  const citedBy = citations.citing(ownIds(key, kv)).filter((k) => k !== key).sort();
  return { cites, citedBy };
}
