/**
 * What a list of search results needs to show one Kamervraag, without fetching its documents:
 * made from one Open Data Portal Zaak (`summaryFromODataZaak` in odata.ts) or one KOOP SRU record
 * (`summaryFromSruRecord` in sru.ts). A summary is a view of a draft, so both sources go through
 * `summaryFromDraft`.
 */
import type { House, KamervraagDraft, Submitter } from '../model';

export interface KamervraagSummary {
  /** The zaaknummer ("2023Z11786"; Eerste Kamer: the vraagnummer), or the document id when no zaak is known. */
  key: string;
  zaak: string | null;
  house: House;
  title: string;
  /** ISO dates. `answered` is the date of the (first) answer, null while none is known. */
  submitted: string | null;
  answered: string | null;
  /** "2023-2024". */
  vergaderjaar: string | null;
  /** An uitstel-Mededeling was sent. */
  postponed: boolean;
  /** A Mededeling says the questions were withdrawn. */
  withdrawn: boolean;
  /**
   * The Open Data Portal's Afgedaan flag (the zaak is closed); null when the source does not say.
   * A closed zaak is not necessarily answered: only an answer document gives an answer date.
   */
  closed: boolean | null;
  submitters: Submitter[];
  /** Roles the questions were addressed to, e.g. "Minister van Buitenlandse Zaken". */
  addressees: string[];
  /** Ids of the documents known so far (kv-tk-…, ah-tk-…, or Tweede Kamer numbers 2023D…). */
  documents: string[];
}

/** The summary of a draft; `key` falls back to the first document id. */
export function summaryFromDraft(draft: KamervraagDraft, closed: boolean | null = null): KamervraagSummary {
  const documents = (draft.documents ?? []).map((d) => d.id);
  const notices = draft.notices ?? [];
  const zaak = draft.zaak ?? null;
  return {
    key: zaak ?? documents[0] ?? '',
    zaak,
    house: draft.house ?? 'tk',
    title: draft.title ?? '',
    submitted: draft.submitted ?? null,
    answered: draft.answered ?? null,
    vergaderjaar: draft.vergaderjaar ?? null,
    postponed: notices.some((n) => n.kind === 'uitstel'),
    withdrawn: notices.some((n) => n.kind === 'withdrawn'),
    closed,
    submitters: draft.submitters ?? [],
    addressees: (draft.addressees ?? []).map((a) => a.role),
    documents,
  };
}
