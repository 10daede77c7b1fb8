/**
 * What the fixture server searches: every Zaak of test/fixtures/odata/Zaak.search.json plus the
 * zaken of Zaak.bulk.json (compact rows, see its .source.txt) written out in the portal's shape, and
 * every SRU record of test/fixtures/sru/search.xml plus the records of the bulk zaken's publications
 * (their questions as kv-tk, their answer as ah-tk); and the Toezeggingen of Toezegging.corpus.json.
 * Read once per fixture root.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { schemaOf, type Schema } from './odataFilter';

type Json = Record<string, unknown>;

export interface SruRecordEntry {
  /** The `<sru:record>` element as it is served (recordPosition rewritten per page). */
  xml: string;
  identifier: string;
  /** dcterms:date, "2023-09-28". */
  date: string | null;
  publicatienaam: string | null;
  productArea: string | null;
  vraagnummer: string | null;
  /** Everything the record says, lower case, for cql.textAndIndexes. */
  text: string;
}

export interface Corpus {
  zaken: Json[];
  /** The Toezeggingen of Toezegging.corpus.json (see its .source.txt), as the portal writes them. */
  toezeggingen: Json[];
  /** Entity types as the fixtures show them, for checking queries. */
  schema: Schema;
  sru: SruRecordEntry[];
}

export interface BulkRow {
  n: string;
  s: string;
  o: string;
  i: [string, string];
  m: [string, string] | null;
  g: string;
  vj: string;
  a?: string;
  ah?: string;
  u?: string;
  deleted?: boolean;
  soort?: string;
}

const corpora = new Map<string, Promise<Corpus>>();

export function corpusOf(root: string): Promise<Corpus> {
  const key = resolve(root);
  let corpus = corpora.get(key);
  if (!corpus) {
    corpus = load(key);
    corpora.set(key, corpus);
  }
  return corpus;
}

async function readJson(file: string): Promise<Json | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Json;
  } catch (_) {
    return null;
  }
}

async function load(root: string): Promise<Corpus> {
  const search = await readJson(resolve(root, 'odata', 'Zaak.search.json'));
  const bulk = await readJson(resolve(root, 'odata', 'Zaak.bulk.json'));
  const rows = (bulk?.['rows'] as BulkRow[] | undefined) ?? [];
  const zaken = [...((search?.['value'] as Json[] | undefined) ?? []), ...rows.map(zaakOfRow)];
  const documents = zaken.flatMap((z) => (Array.isArray(z['Document']) ? (z['Document'] as Json[]) : []));
  const actors = zaken.flatMap((z) => (Array.isArray(z['ZaakActor']) ? (z['ZaakActor'] as Json[]) : []));
  const toezeggingen = ((await readJson(resolve(root, 'odata', 'Toezegging.corpus.json')))?.['value'] as Json[] | undefined) ?? [];
  const schema = schemaOf(
    {
      Zaak: zaken, Document: documents.length > 0 ? documents : [{ Aanhangselnummer: null, Verwijderd: false }], ZaakActor: actors,
      ...(toezeggingen.length > 0 ? { Toezegging: toezeggingen } : {}),
    },
    { Zaak: { Document: 'Document', ZaakActor: 'ZaakActor' }, Document: { Zaak: 'Zaak' }, ZaakActor: {} },
  );
  let sruXml: string | null = null;
  try {
    sruXml = await readFile(resolve(root, 'sru', 'search.xml'), 'utf8');
  } catch (_) {
    sruXml = null;
  }
  const found = sruXml ? [...sruXml.matchAll(/<sru:record>[\s\S]*?<\/sru:record>/g)].map((m) => m[0]) : [];
  // Generated records in a fixed shuffled order: without sortBy the service's order is not by date.
  const generated = shuffle(rows.filter((r) => !r.deleted && !r.soort).flatMap(recordsOfRow));
  const sru = [...found, ...generated].map(entryOf);
  return { zaken, toezeggingen, schema, sru };
}

/** A stable GUID-shaped id for a name. */
function guid(name: string): string {
  const h = createHash('sha1').update(`kamervragen-fixtures:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function surname(name: string): string {
  return name.replace(/^(?:[A-Z]\.)+\s*/, '');
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

const ENTITY_BASE = { GewijzigdOp: null as string | null, ApiGewijzigdOp: null as string | null, Verwijderd: false };

function documentOf(id: string, soort: string, nummer: string, onderwerp: string, datum: string, vj: string, aanhangsel: string | null): Json {
  return {
    Id: guid(`doc:${id}`), Soort: soort, DocumentNummer: nummer, Titel: null, Onderwerp: onderwerp, Datum: datum,
    Vergaderjaar: vj, Kamer: 2, Volgnummer: -1, Citeertitel: null, Alias: null, DatumRegistratie: datum,
    DatumOntvangst: aanhangsel ? datum : null, Aanhangselnummer: aanhangsel, KenmerkAfzender: null, Organisatie: 'Tweede Kamer',
    ContentType: 'application/pdf', ContentLength: 30000 + (parseInt(guid(id).slice(0, 4), 16) % 20000),
    ...ENTITY_BASE, GewijzigdOp: datum.replace('T00:00:00', 'T10:12:31.447'), ApiGewijzigdOp: `${datum.slice(0, 10)}T09:14:02.1234567Z`,
    HuidigeDocumentVersie_Id: guid(`versie:${id}`), Kamerstukdossier_Id: null,
  };
}

function actorOf(zaakId: string, key: string, naam: string | null, fractie: string | null, functie: string, relatie: string, changed: string): Json {
  return {
    Id: guid(`actor:${key}`), Zaak_Id: zaakId, ActorNaam: naam, ActorFractie: fractie, ActorAfkorting: null, Functie: functie,
    Relatie: relatie, SidActor: null, GewijzigdOp: changed.replace('T00:00:00', 'T10:12:31.447'),
    ApiGewijzigdOp: `${changed.slice(0, 10)}T09:14:02.1234567Z`, Verwijderd: false,
    Persoon_Id: naam ? guid(`persoon:${naam}`) : null, Fractie_Id: fractie ? guid(`fractie:${fractie}`) : null, Commissie_Id: null,
  };
}

/** A bulk row as the portal writes the Zaak, with its Document and ZaakActor expanded. */
export function zaakOfRow(r: BulkRow): Json {
  const id = guid(`zaak:${r.n}`);
  const year = r.n.slice(0, 4);
  const docNr = (k: number): string => `${year}D${String((parseInt(r.n.slice(5), 10) * 3 + k) % 100000).padStart(5, '0')}`;
  const indiener = `${surname(r.i[0])} (${r.i[1]})`;
  const documents = [documentOf(`${r.n}:q`, r.soort ?? 'Schriftelijke vragen', docNr(0), `Vragen van het lid ${indiener} over ${lowerFirst(r.o)}`, r.s, r.vj, null)];
  if (r.u) documents.push(documentOf(`${r.n}:u`, 'Mededeling (uitstel antwoord)', docNr(1), `Mededeling over uitstel van de beantwoording van vragen van het lid ${indiener}`, r.u, r.vj, null));
  if (r.a) documents.push(documentOf(`${r.n}:a`, 'Antwoord schriftelijke vragen', docNr(2), `Antwoord op vragen van het lid ${indiener} over ${lowerFirst(r.o)}`, r.a, vergaderjaarOfAanhangsel(r.ah ?? null) ?? r.vj, r.ah ?? null));
  const actors = [actorOf(id, `${r.n}:i`, r.i[0], r.i[1], 'Tweede Kamerlid', 'Indiener', r.s)];
  if (r.m) actors.push(actorOf(id, `${r.n}:m`, r.m[0], r.m[1], 'Tweede Kamerlid', 'Medeindiener', r.s));
  actors.push(actorOf(id, `${r.n}:g`, null, null, r.g, 'Gericht aan', r.s));
  return {
    Id: id, Nummer: r.n, Soort: r.soort ?? 'Schriftelijke vragen', Titel: null, Citeertitel: null, Alias: null, Status: 'Vrijgegeven',
    Onderwerp: r.o, GestartOp: r.s, Organisatie: 'Tweede Kamer', Grondslagvoorhang: null, Termijn: null, Vergaderjaar: r.vj,
    Volgnummer: null, HuidigeBehandelstatus: null, Afgedaan: r.a !== undefined, GrootProject: false,
    GewijzigdOp: r.s.replace('T00:00:00', 'T10:12:31.447'), ApiGewijzigdOp: `${r.s.slice(0, 10)}T09:14:02.1234567Z`,
    Verwijderd: r.deleted === true, Kabinetsappreciatie: null, Document: documents, ZaakActor: actors,
  };
}

/** "232490012" → "2023-2024". */
function vergaderjaarOfAanhangsel(ah: string | null): string | null {
  if (!ah) return null;
  return `20${ah.slice(0, 2)}-20${ah.slice(2, 4)}`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The SRU records of a bulk zaak's publications, in the shape of search.xml's records. */
function recordsOfRow(r: BulkRow): string[] {
  const folder = r.vj.replace('-', '');
  const day = r.s.slice(0, 10);
  const out = [record({
    id: `kv-tk-${r.n}`, folder, title: r.o, date: day, publicatienaam: 'Kamervragen zonder antwoord',
    types: ['<dcterms:type scheme="OVERHEIDop.KamervraagTypen">Schriftelijke vragen</dcterms:type>', '<dcterms:type scheme="OVERHEIDop.Parlementair">Kamervragen zonder Antwoord</dcterms:type>'],
    tp: `<overheidwetgeving:datumIndiening>${day}</overheidwetgeving:datumIndiening>
                                <overheidwetgeving:indiener>${escapeXml(r.i[0])}</overheidwetgeving:indiener>`,
    vj: r.vj, vraagnummer: r.n, subrubriek: '<overheidwetgeving:subrubriek scheme="OVERHEIDop.KamervraagTypen">Schriftelijke vragen</overheidwetgeving:subrubriek>',
  })];
  if (r.a && r.ah) {
    const ahVj = vergaderjaarOfAanhangsel(r.ah)!;
    const nr = String(parseInt(r.ah.slice(4), 10));
    const answered = r.a.slice(0, 10);
    out.push(record({
      id: `ah-tk-${ahVj.replace('-', '')}-${nr}`, folder: ahVj.replace('-', ''), title: `Antwoord op vragen van het lid ${surname(r.i[0])} over ${lowerFirst(r.o)}`,
      date: answered, publicatienaam: 'Kamervragen (Aanhangsel)',
      types: ['<dcterms:type scheme="OVERHEIDop.Parlementair">Aanhangsel van de Handelingen</dcterms:type>'],
      tp: `<overheidwetgeving:aanhangselnummer>${nr}</overheidwetgeving:aanhangselnummer>
                                <overheidwetgeving:datumOntvangst>${answered}</overheidwetgeving:datumOntvangst>
                                <overheidwetgeving:indiener>${escapeXml(r.i[0])}</overheidwetgeving:indiener>`,
      vj: ahVj, vraagnummer: r.n, subrubriek: '<overheidwetgeving:subrubriek scheme="OVERHEIDop.AanhangselTypen">Antwoord</overheidwetgeving:subrubriek>',
    }));
  }
  return out;
}

function record(f: { id: string; folder: string; title: string; date: string; publicatienaam: string; types: string[]; tp: string; vj: string; vraagnummer: string; subrubriek: string }): string {
  const type = f.id.startsWith('kv-') ? 'kv-tk' : 'ah-tk';
  const base = `https://repository.overheid.nl/frbr/officielepublicaties/${type}/${f.folder}/${f.id}/1`;
  const manifestations = ['html', 'metadata', 'metadataowms', 'pdf', 'xml'].map((m) => {
    const file = m === 'metadata' ? 'metadata.xml' : m === 'metadataowms' ? 'metadata_owms.xml' : `${f.id}.${m}`;
    return `<gzd:itemUrl manifestation="${m}">${base}/${m}/${file}</gzd:itemUrl>`;
  });
  return `<sru:record>
            <sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>
            <sru:recordPacking>xml</sru:recordPacking>
            <sru:recordData>
                <gzd:gzd>
                    <gzd:originalData>
                        <overheidwetgeving:meta>
                            <overheidwetgeving:owmskern>
                                <dcterms:identifier>${f.id}</dcterms:identifier>
                                <dcterms:title>${escapeXml(f.title)}</dcterms:title>
                                <dcterms:language>nl</dcterms:language>
                                ${f.types.join('\n                                ')}
                                <dcterms:creator scheme="OVERHEID.StatenGeneraal">Tweede Kamer der Staten-Generaal</dcterms:creator>
                                <dcterms:modified>${f.date}</dcterms:modified>
                            </overheidwetgeving:owmskern>
                            <overheidwetgeving:owmsmantel>
                                <dcterms:available>${f.date}</dcterms:available>
                                <dcterms:date>${f.date}</dcterms:date>
                                <dcterms:hasVersion resourceIdentifier="https://zoek.officielebekendmakingen.nl/${f.id}.html">1</dcterms:hasVersion>
                                <dcterms:issued>${f.date}</dcterms:issued>
                            </overheidwetgeving:owmsmantel>
                            <overheidwetgeving:tpmeta>
                                <c:product-area>officielepublicaties</c:product-area>
                                <c:content-area>officielepublicaties/${type}/${f.folder}</c:content-area>
                                ${f.tp}
                                <overheidwetgeving:documentstatus>Opgemaakt na onopgemaakt</overheidwetgeving:documentstatus>
                                <overheidwetgeving:organisatietype scheme="OVERHEID.Organisatietype">staten generaal</overheidwetgeving:organisatietype>
                                <overheidwetgeving:publicatienaam>${f.publicatienaam}</overheidwetgeving:publicatienaam>
                                <overheidwetgeving:vergaderjaar>${f.vj}</overheidwetgeving:vergaderjaar>
                                ${f.subrubriek}
                                <overheidwetgeving:vraagnummer>${f.vraagnummer}</overheidwetgeving:vraagnummer>
                            </overheidwetgeving:tpmeta>
                        </overheidwetgeving:meta>
                    </gzd:originalData>
                    <gzd:enrichedData>
                        <gzd:url>${base}/xml/${f.id}.xml</gzd:url>
                        <gzd:preferredUrl>https://zoek.officielebekendmakingen.nl/${f.id}.html</gzd:preferredUrl>
                        ${manifestations.join('\n                        ')}
                        <gzd:timestamp>${f.date}T16:40:51.5529101+02:00</gzd:timestamp>
                    </gzd:enrichedData>
                </gzd:gzd>
            </sru:recordData>
            <sru:recordPosition>0</sru:recordPosition>
        </sru:record>`;
}

function field(xml: string, name: string): string | null {
  const m = new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*>([^<]*)<`).exec(xml);
  return m ? m[1]!.trim() : null;
}

function entryOf(xml: string): SruRecordEntry {
  const text = xml.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').toLowerCase();
  return {
    xml,
    identifier: field(xml, 'identifier') ?? '',
    date: field(xml, 'date'),
    publicatienaam: field(xml, 'publicatienaam'),
    productArea: field(xml, 'product-area'),
    vraagnummer: field(xml, 'vraagnummer'),
    text,
  };
}

/** A fixed permutation (a linear congruential generator with a fixed seed). */
function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 14;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
