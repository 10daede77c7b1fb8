/**
 * CQL queries for KOOP's SRU 2.0 service at repository.overheid.nl/sru (pure). The index names
 * (c.product-area, w.publicatienaam, dt.identifier, w.vraagnummer, dt.date) are those the service's
 * records carry (see test/fixtures/sru/) and KOOP's own PLOOI code queries (`dt.date>=` in the
 * echoed request of test/fixtures/sru/sru_searchRetrieveResponse_mixed_incl_ah-tk.xml). Sorting is
 * a CQL `sortBy` clause (CQL 1.2, as SRU 2.0 has it), as public clients of this service send it.
 */

const KAMERVRAGEN = 'c.product-area==officielepublicaties and (w.publicatienaam=="Kamervragen (Aanhangsel)" or w.publicatienaam=="Kamervragen zonder antwoord")';

/** A CQL string literal. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** The record of one publication. */
export function identifierQuery(id: string): string {
  return `dt.identifier==${quoted(id)}`;
}

/** Every Kamervragen publication of one zaak (questions, answer, nader antwoord). */
export function vraagnummerQuery(zaak: string): string {
  return `${KAMERVRAGEN} and w.vraagnummer==${quoted(zaak)}`;
}

/** Newest first on the server: without it the service answers in order of relevance, page by page. */
export const NEWEST_FIRST = 'sortBy dt.date/sort.descending';

/**
 * Full text over the Kamervragen publications, all words, newest first. `dt.date` holds a day
 * (dcterms:date, "2023-09-28", no time and no zone), so `>=` the first and `<=` the last day asked
 * takes in exactly those days.
 */
export function fullTextQuery(text: string, from?: string, to?: string): string {
  const words = text.split(/\s+/).filter((w) => w.length > 0).map((w) => `cql.textAndIndexes=${quoted(w)}`);
  const dates = [from ? `dt.date>=${quoted(from)}` : '', to ? `dt.date<=${quoted(to)}` : ''].filter((d) => d.length > 0);
  return `${[KAMERVRAGEN, ...words, ...dates].join(' and ')} ${NEWEST_FIRST}`;
}

export const SRU_PAGE_SIZE = 50;

export function sruUrl(base: string, cql: string, startRecord = 1, maximumRecords = SRU_PAGE_SIZE): string {
  const params = new URLSearchParams({
    operation: 'searchRetrieve',
    version: '2.0',
    query: cql,
    startRecord: String(startRecord),
    maximumRecords: String(maximumRecords),
  });
  return `${base}?${params.toString()}`;
}
