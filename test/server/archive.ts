/**
 * A generated archive of Tweede Kamer written questions for the fixture server
 * (`startFixtureServer({ archive: 45000 })`): zaken in the portal's shape (the bulk zaken's shape of
 * corpus.ts), searched, ordered and paged as the portal does it (odata.ts), a zaak by Nummer, and
 * the questions' publication on repository.overheid.nl. Generated deterministically on demand from
 * the size; nothing of it is on disk. What is constructed: README.md ("The generated archive") and
 * archive.ts.source.txt next to this file.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { zaakOfRow, type BulkRow } from './corpus';
import { expansions, odataPage, shaped, odataError } from './odata';
import { prng } from '../support/generate';
import { compareBy, matches, parseFilter, parseOrderBy, QueryError, schemaOf, type OrderKey, type Schema } from './odataFilter';
import { cqlIdentifier } from './routes';

type Json = Record<string, unknown>;

export interface Archive {
  size: number;
  zaken: Json[];
  byNummer: Map<string, Json>;
  schema: Schema;
  /** Marks zaken changed at `at` (an ISO instant): their GewijzigdOp moves. */
  change(nummers: string[], at: string): void;
  /** Marks zaken deleted at `at` (Verwijderd true), as the portal does. */
  remove(nummers: string[], at: string): void;
}

const FIRST_YEAR = 2008;
const YEARS = 19;
const MEMBERS: [string, string][] = [
  ['P.H. Omtzigt', 'CDA'], ['L.M. Bikker', 'CU'], ['J.Z.C.M. Tielen', 'VVD'], ['S.R.T. Kat', 'D66'], ['H.M.L. Kröger', 'GroenLinks'],
  ['R.P. Thijssen', 'PvdA'], ['M. van Dijk', 'SP'], ['W.J.M. Gündoğan', 'Volt'], ['C.A. van der Plas', 'BBB'], ['G. Wilders', 'PVV'],
];
const MINISTERS = [
  'minister van Financiën', 'minister van Justitie en Veiligheid', 'minister van Volksgezondheid, Welzijn en Sport',
  'minister van Onderwijs, Cultuur en Wetenschap', 'minister van Buitenlandse Zaken', 'minister van Infrastructuur en Waterstaat',
  'staatssecretaris van Financiën', 'minister van Sociale Zaken en Werkgelegenheid',
];
const TOPICS = [
  'de douane', 'röntgencamera’s', 'de toeslagenaffaire', 'wachtlijsten in de jeugdzorg', 'het lerarentekort',
  'stikstofvergunningen', 'de woningmarkt', 'cyberveiligheid', 'de NS-dienstregeling', 'overbruggingsregelingen',
];


const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** The rows of an archive of `size` zaken: spread evenly over 2008–2026, numbered per year. */
export function archiveRows(size: number): BulkRow[] {
  const rnd = prng(11);
  const rows: BulkRow[] = [];
  const perYear = Math.ceil(size / YEARS);
  for (let i = 0; i < size; i++) {
    const year = FIRST_YEAR + Math.floor(i / perYear);
    const seq = (i % perYear) + 1;
    const dayOfYear = Math.floor((seq / (perYear + 1)) * 360);
    const month = Math.floor(dayOfYear / 30) + 1;
    const day = (dayOfYear % 28) + 1;
    const summer = month >= 4 && month <= 10;
    const s = `${year}-${pad(month, 2)}-${pad(day, 2)}T00:00:00${summer ? '+02:00' : '+01:00'}`;
    const vj = month >= 9 ? `${year}-${year + 1}` : `${year - 1}-${year}`;
    const member = MEMBERS[Math.floor(rnd() * MEMBERS.length)]!;
    const minister = MINISTERS[Math.floor(rnd() * MINISTERS.length)]!;
    const topic = TOPICS[Math.floor(rnd() * TOPICS.length)]!;
    rows.push({ n: `${year}Z${pad(seq, 5)}`, s, o: `Het bericht over ${topic} (${year}Z${pad(seq, 5)})`, i: member, m: null, g: minister, vj });
  }
  return rows;
}

const archives = new Map<number, Archive>();

/** The archive of `size` zaken, generated at the first use. A fresh one with `fresh` (tests that change it). */
export function archiveOf(size: number, fresh = false): Archive {
  const known = archives.get(size);
  if (known && !fresh) return known;
  const zaken = archiveRows(size).map(zaakOfRow);
  const byNummer = new Map(zaken.map((z) => [z['Nummer'] as string, z]));
  const documents = zaken.slice(0, 50).flatMap((z) => z['Document'] as Json[]);
  const actors = zaken.slice(0, 50).flatMap((z) => z['ZaakActor'] as Json[]);
  const schema = schemaOf(
    { Zaak: zaken.slice(0, 50), Document: [...documents, { Aanhangselnummer: null, Verwijderd: false }], ZaakActor: actors },
    { Zaak: { Document: 'Document', ZaakActor: 'ZaakActor' }, Document: { Zaak: 'Zaak' }, ZaakActor: {} },
  );
  const listings = new Map<string, Json[]>();
  const archive: Archive = {
    size, zaken, byNummer, schema,
    change(nummers, at) {
      for (const n of nummers) {
        const z = byNummer.get(n);
        if (z) z['GewijzigdOp'] = at;
      }
      listings.clear();
    },
    remove(nummers, at) {
      for (const n of nummers) {
        const z = byNummer.get(n);
        if (!z) continue;
        z['Verwijderd'] = true;
        z['GewijzigdOp'] = at;
      }
      listings.clear();
    },
  };
  listingCache.set(archive, listings);
  if (!fresh) archives.set(size, archive);
  return archive;
}

/** Filtered and ordered zaken per `$filter` and `$orderby`, so that paging does not sort again for every page. */
const listingCache = new WeakMap<Archive, Map<string, Json[]>>();

export interface Answer {
  status: number;
  body: string;
  contentType: 'json' | 'xml';
}

let questionsTemplate: Promise<string> | null = null;
let recordTemplate: Promise<string> | null = null;
const SEED = '2023Z11786';

/**
 * Answers a request the archive serves, or null for the fixture files' routes: Zaak searches and
 * lookups by Nummer of archive zaken, the SRU record of their kv-tk publication, and the publication.
 */
export async function archiveRoute(archive: Archive, root: string, segments: string[], query: URLSearchParams, rawPath: string, baseUrl: string): Promise<Answer | null> {
  if (segments[0] === 'OData' && segments.length === 4 && segments[3] === 'Zaak') {
    try {
      return odata(archive, query, rawPath, baseUrl);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      return { ...odataError(400, `The query specified in the URI is not valid. ${err.message}`), contentType: 'json' };
    }
  }
  // KOOP's SRU record of an archive zaak's questions (the resolver finds the publication by it).
  if (segments[0] === 'sru' && segments.length === 1) {
    const id = cqlIdentifier(query.get('query') ?? '');
    const nummer = id?.startsWith('kv-tk-') ? id.slice('kv-tk-'.length) : null;
    if (nummer === null || nummer === SEED || !archive.byNummer.has(nummer)) return null;
    recordTemplate ??= readFile(resolve(root, 'sru', `kv-tk-${SEED}.xml`), 'utf8');
    return { status: 200, body: (await recordTemplate).split(SEED).join(nummer), contentType: 'xml' };
  }
  if (segments[0] === 'frbr' && segments.length === 8 && segments[2] === 'kv-tk' && segments[6] === 'xml') {
    const id = segments[4]!;
    const nummer = id.slice('kv-tk-'.length);
    const zaak = archive.byNummer.get(nummer);
    if (!zaak || segments[7] !== `${id}.xml`) return null;
    questionsTemplate ??= readFile(resolve(root, 'koop', `kv-tk-${SEED}.xml`), 'utf8');
    return { status: 200, body: (await questionsTemplate).split(SEED).join(nummer), contentType: 'xml' };
  }
  return null;
}

function odata(archive: Archive, query: URLSearchParams, rawPath: string, baseUrl: string): Answer | null {
  const { schema } = archive;
  const filterText = query.get('$filter') ?? '';
  const expand = expansions(query.get('$expand'), schema, 'Zaak');
  const byNummer = /^\s*Nummer eq '(\d{4}Z\d{5})'/.exec(filterText);
  if (byNummer) {
    const zaak = archive.byNummer.get(byNummer[1]!);
    if (!zaak) return null;
    const value = zaak['Verwijderd'] === true && /Verwijderd eq false/.test(filterText) ? [] : [shaped(zaak, expand, schema)];
    return { status: 200, body: JSON.stringify({ '@odata.context': `${baseUrl}/OData/v4/2.0/$metadata#Zaak`, value }), contentType: 'json' };
  }
  const orderText = query.get('$orderby');
  const keys: OrderKey[] = [...(orderText ? parseOrderBy(orderText, schema, 'Zaak') : []), { property: 'Id', type: 'Edm.Guid', descending: false }];
  const cache = listingCache.get(archive)!;
  const cacheKey = `${filterText}\n${orderText ?? ''}`;
  let all = cache.get(cacheKey);
  if (!all) {
    const filter = filterText !== '' ? parseFilter(filterText, schema, 'Zaak') : null;
    all = archive.zaken.filter((z) => filter === null || matches(filter, z)).sort((a, b) => compareBy(keys, a, b));
    cache.set(cacheKey, all);
  }
  const out = odataPage(all, keys, query, `${baseUrl}/OData/v4/2.0/$metadata#Zaak`, `${baseUrl}${rawPath.split('?')[0]!}`, (z) => shaped(z, expand, schema));
  return { status: 200, body: JSON.stringify(out), contentType: 'json' };
}
