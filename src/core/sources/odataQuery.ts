/**
 * OData v4 queries for the Tweede Kamer Open Data Portal (pure: strings in, URLs out).
 *
 * A Kamervraag is a `Zaak` with Soort 'Schriftelijke vragen'; its documents and actors come along
 * with `$expand`. Deleted records stay in the portal with `Verwijderd eq true`: every query and
 * every expansion filters them out.
 *
 * How the portal really behaves (README "Where the data comes from"): it pages by itself at 250
 * with an opaque `$skiptoken` nextLink, but sends no nextLink when `$top` is given (OpenDataPortaal
 * issues #82 and #70), so a search pages with `$top`/`$skip` itself, in a total order. Its dates
 * are local midnight with the Dutch offset ("2019-04-24T00:00:00+02:00"), so day bounds are
 * Europe/Amsterdam midnights. Whether `contains` ignores case is not documented: words are
 * compared through `tolower` on both sides, which is right either way.
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

/** An indiener of the zaak (a deleted ZaakActor record is no longer one). */
const SUBMITTER = "a/Verwijderd eq false and (a/Relatie eq 'Indiener' or a/Relatie eq 'Medeindiener')";
const ANSWERED = "Document/any(d: d/Verwijderd eq false and (d/Soort eq 'Antwoord schriftelijke vragen' or d/Soort eq 'Antwoord schriftelijke vragen (nader)'))";

/**
 * The $filter for a search. Status "overdue" is approximated here (no answer and submitted more than
 * three weeks ago); an uitstel moves the deadline, so results are checked again on the client, as
 * is "answered-late", which the portal cannot express.
 */
export function searchFilter(q: SearchQuery, today: string): string {
  const parts = [`Soort eq ${literal(ZAAK_SOORT)}`, 'Verwijderd eq false'];
  for (const word of (q.text ?? '').split(/\s+/).filter((w) => w.length > 0)) {
    parts.push(containsFolded('Onderwerp', word));
  }
  if (q.submitter?.trim()) {
    parts.push(`ZaakActor/any(a: ${SUBMITTER} and ${containsFolded('a/ActorNaam', q.submitter.trim())})`);
  }
  if (q.party?.trim()) {
    parts.push(`ZaakActor/any(a: ${SUBMITTER} and a/ActorFractie eq ${literal(q.party.trim())})`);
  }
  if (q.addressee?.trim()) {
    const v = q.addressee.trim();
    parts.push(`ZaakActor/any(a: a/Verwijderd eq false and a/Relatie eq 'Gericht aan' and (${containsFolded('a/ActorNaam', v)} or ${containsFolded('a/Functie', v)}))`);
  }
  // Submitted on the days asked, in the Netherlands: from the first day's local midnight up to (not
  // including) the local midnight after the last day.
  if (q.from) parts.push(`GestartOp ge ${amsterdamMidnight(q.from)}`);
  if (q.to) parts.push(`GestartOp lt ${amsterdamMidnight(addDays(q.to, 1))}`);
  switch (q.status) {
    case 'open':
      parts.push(`not ${ANSWERED}`);
      break;
    case 'overdue':
      parts.push(`not ${ANSWERED}`, `GestartOp lt ${amsterdamMidnight(addDays(today, -21))}`);
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

/** `contains` that ignores case whether or not the portal's own `contains` does. */
function containsFolded(property: string, value: string): string {
  return `contains(tolower(${property}),${literal(value.toLowerCase())})`;
}

export const SEARCH_PAGE_SIZE = 50;

/**
 * One page of a search, newest first, with a total count: `$top`/`$skip` paging, so the next page
 * is `$skip` + `SEARCH_PAGE_SIZE` (the portal sends no nextLink next to `$top`). The order is total
 * (the zaaknummer breaks ties between zaken of one day), so pages neither repeat nor skip a zaak.
 */
export function searchUrl(base: string, q: SearchQuery, today: string, skip = 0): string {
  return url(base, 'Zaak', {
    $filter: searchFilter(q, today),
    $expand: EXPAND,
    $orderby: 'GestartOp desc,Nummer desc',
    $top: String(SEARCH_PAGE_SIZE),
    ...(skip > 0 ? { $skip: String(skip) } : {}),
    $count: 'true',
  });
}

// ---------------------------------------------------------------------------------------------
// Days in the Netherlands

const AMSTERDAM = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });

/** The offset of Europe/Amsterdam at an instant, as OData writes it: "+01:00", "+02:00". */
export function amsterdamOffset(instantMs: number): string {
  const name = AMSTERDAM.formatToParts(new Date(instantMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!m) return '+00:00';
  return `${m[1]}${m[2]!.padStart(2, '0')}:${m[3] ?? '00'}`;
}

function offsetMs(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/**
 * Midnight at the start of an ISO date in the Netherlands, as an OData DateTimeOffset literal:
 * "2019-04-24" → "2019-04-24T00:00:00+02:00", "2019-01-10" → "2019-01-10T00:00:00+01:00". Daylight
 * saving time starts and ends at night, never at midnight, but the offset is looked up at the
 * instant itself, so the day a change happens gets the offset its midnight really had.
 */
export function amsterdamMidnight(date: string): string {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  let offset = amsterdamOffset(utcMidnight);
  const again = amsterdamOffset(utcMidnight - offsetMs(offset));
  if (again !== offset) offset = again;
  return `${date}T00:00:00${offset}`;
}

/** Today's date in the Netherlands (the portal's and the Reglement's days). */
export function amsterdamToday(now = Date.now()): string {
  const local = now + offsetMs(amsterdamOffset(now));
  return new Date(local).toISOString().slice(0, 10);
}

