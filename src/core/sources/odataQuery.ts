/**
 * OData v4 queries for the Tweede Kamer Open Data Portal (pure: strings in, URLs out).
 *
 * A Kamervraag is a `Zaak` with Soort 'Schriftelijke vragen'; its documents and actors come along
 * with `$expand`. Deleted records stay in the portal with `Verwijderd eq true`: every query and
 * every expansion filters them out.
 */
import { withSlash } from './endpoints';
import { addDays } from '../text';

export const ZAAK_SOORT = 'Schriftelijke vragen';

/** A string literal in an OData filter: quotes doubled. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const EXPAND =
  'Document($filter=Verwijderd eq false),ZaakActor($filter=Verwijderd eq false)';

function url(base: string, entity: string, params: Record<string, string>): string {
  const query = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${withSlash(base)}${entity}?${query}`;
}

/** The Zaak with this number, with its documents and actors. */
export function zaakByNummerUrl(base: string, nummer: string): string {
  return url(base, 'Zaak', {
    $filter: `Nummer eq ${literal(nummer)} and Soort eq ${literal(ZAAK_SOORT)} and Verwijderd eq false`,
    $expand: EXPAND,
  });
}

/** The answer document with this Aanhangselnummer, with the Zaak it belongs to. */
export function documentByAanhangselnummerUrl(base: string, aanhangselnummer: string): string {
  return url(base, 'Document', {
    $filter: `Aanhangselnummer eq ${literal(aanhangselnummer)} and Verwijderd eq false`,
    $expand: 'Zaak($filter=Verwijderd eq false)',
  });
}

export type SearchStatus = 'open' | 'overdue' | 'answered' | 'answered-late';

/** What a user can search Kamervragen by. Every part is optional; together they narrow. */
export interface SearchQuery {
  /** Words that must all occur in the subject (Onderwerp). */
  text?: string | undefined;
  /** Part of an indiener's name. */
  submitter?: string | undefined;
  /** Party (fractie) abbreviation of an indiener, e.g. "VVD". */
  party?: string | undefined;
  /** Part of the name or office of the addressed minister ("Financiën", "Hoekstra"). */
  addressee?: string | undefined;
  /** ISO dates: submitted on or after `from`, before or on `to`. */
  from?: string | undefined;
  to?: string | undefined;
  status?: SearchStatus | undefined;
}

const SUBMITTER = "(a/Relatie eq 'Indiener' or a/Relatie eq 'Medeindiener')";
const ANSWERED = "Document/any(d: d/Verwijderd eq false and (d/Soort eq 'Antwoord schriftelijke vragen' or d/Soort eq 'Antwoord schriftelijke vragen (nader)'))";

/**
 * The $filter for a search. Status "overdue" is approximated here (no answer and submitted more than
 * three weeks ago); an uitstel moves the deadline, so results are checked again on the client, as
 * is "answered-late", which the portal cannot express.
 */
export function searchFilter(q: SearchQuery, today: string): string {
  const parts = [`Soort eq ${literal(ZAAK_SOORT)}`, 'Verwijderd eq false'];
  for (const word of (q.text ?? '').split(/\s+/).filter((w) => w.length > 0)) {
    parts.push(`contains(Onderwerp,${literal(word)})`);
  }
  if (q.submitter?.trim()) {
    parts.push(`ZaakActor/any(a: ${SUBMITTER} and contains(a/ActorNaam,${literal(q.submitter.trim())}))`);
  }
  if (q.party?.trim()) {
    parts.push(`ZaakActor/any(a: ${SUBMITTER} and a/ActorFractie eq ${literal(q.party.trim())})`);
  }
  if (q.addressee?.trim()) {
    const v = literal(q.addressee.trim());
    parts.push(`ZaakActor/any(a: a/Relatie eq 'Gericht aan' and (contains(a/ActorNaam,${v}) or contains(a/Functie,${v})))`);
  }
  if (q.from) parts.push(`GestartOp ge ${q.from}T00:00:00Z`);
  if (q.to) parts.push(`GestartOp lt ${addDays(q.to, 1)}T00:00:00Z`);
  switch (q.status) {
    case 'open':
      parts.push(`not ${ANSWERED}`);
      break;
    case 'overdue':
      parts.push(`not ${ANSWERED}`, `GestartOp lt ${addDays(today, -21)}T00:00:00Z`);
      break;
    case 'answered':
    case 'answered-late':
      parts.push(ANSWERED);
      break;
    case undefined:
      break;
  }
  return parts.join(' and ');
}

export const SEARCH_PAGE_SIZE = 50;

/** The first page of a search, newest first, with a total count. Further pages: follow @odata.nextLink. */
export function searchUrl(base: string, q: SearchQuery, today: string): string {
  return url(base, 'Zaak', {
    $filter: searchFilter(q, today),
    $expand: EXPAND,
    $orderby: 'GestartOp desc',
    $top: String(SEARCH_PAGE_SIZE),
    $count: 'true',
  });
}

