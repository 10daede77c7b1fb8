/**
 * The library as one JSON document (pure):
 *
 *   { "format": "kamervragen-library/1", "exported": "2026-11-27T10:00:00.000Z", "items": [ … ] }
 *
 * Every item is a Kamervraag in the kamervraag/1 format (README, "JSON format"): exactly its
 * documented fields in their documented order, so stray properties of a stored copy do not leak
 * into the file. `kamervragen parse --format json` output and an item here are interchangeable.
 */
import type { Entry, Kamervraag } from '../model';
import { FORMAT } from '../model';
import { findCommitments, type Commitment } from '../promises';
import { linkUrl, textUrl } from '../urls';

export const LIBRARY_FORMAT = 'kamervragen-library/1';

export interface LibraryExport {
  format: typeof LIBRARY_FORMAT;
  /** When the export was made (ISO 8601, UTC). */
  exported: string;
  items: Kamervraag1[];
}

/**
 * A Kamervraag as written out: each entry also carries the promises made in its answer
 * (`commitments`, README "Promises"), derived from the answer and the answer date, never stored.
 */
export type Kamervraag1 = Omit<Kamervraag, 'entries'> & { entries: Array<Entry & { commitments: Commitment[] }> };

export interface JsonOptions {
  /** The export time; now by default (for reproducible output in tests). */
  exported?: Date;
}

export function toJson(kvs: readonly Kamervraag[], options?: JsonOptions): string {
  const doc: LibraryExport = {
    format: LIBRARY_FORMAT,
    exported: (options?.exported ?? new Date()).toISOString(),
    items: kvs.map(asKamervraag1),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The kamervraag/1 fields of `kv`, in the documented order, and nothing else. */
export function asKamervraag1(kv: Kamervraag): Kamervraag1 {
  return {
    format: FORMAT,
    zaak: kv.zaak,
    house: kv.house,
    title: kv.title,
    submitted: kv.submitted,
    answered: kv.answered,
    daysToAnswer: kv.daysToAnswer,
    deadline: kv.deadline,
    status: kv.status,
    vergaderjaar: kv.vergaderjaar,
    submitters: kv.submitters.map((s) => ({ name: s.name, party: s.party })),
    addressees: kv.addressees.map((a) => ({ name: a.name, role: a.role })),
    answeredBy: kv.answeredBy.map((a) => ({ name: a.name, role: a.role, party: a.party, ...(a.onBehalfOf ? { onBehalfOf: [...a.onBehalfOf] } : {}) })),
    topics: [...kv.topics],
    documents: kv.documents.map((d) => ({ id: d.id, kind: d.kind, date: d.date, url: linkUrl(d.url) })),
    notices: kv.notices.map((n) => ({ kind: n.kind, date: n.date, text: n.text })),
    remarks: [...kv.remarks],
    entries: kv.entries.map((e) => ({
      numbers: [...e.numbers],
      question: e.question,
      answer: e.answer,
      refersTo: [...e.refersTo],
      footnotes: e.footnotes.map((f) => ({ number: f.number, text: f.text, url: textUrl(f.url), document: f.document, in: f.in })),
      commitments: e.answer ? findCommitments(e.answer, kv.answered) : [],
    })),
    warnings: [...(kv.warnings ?? [])],
  };
}
