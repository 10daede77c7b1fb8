/**
 * A small fixture tree in a temporary folder, for tests of the fixture server and the HTTP client
 * that must not depend on the real fixtures. Next to the root lies `secret.html`, which the server
 * must never serve.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SECRET = 'SECRET-OUTSIDE-ROOT';

/**
 * A search.xml with `n` records, numbered from 1, in the shape of repository.overheid.nl's SRU: the
 * odd ones mention "douane" once, the even ones twice (so relevance puts them first); record i is
 * dated 2023-10-i.
 */
export function sruSearch(n: number): string {
  const records = Array.from({ length: n }, (_, i) =>
    `<sru:record><sru:recordSchema>gzd</sru:recordSchema><sru:recordData><gzd:gzd><dcterms:identifier>ah-tk-20232024-${i + 1}</dcterms:identifier>` +
    `<dcterms:title>Antwoord over de douane${(i + 1) % 2 === 0 ? ' en de douane' : ''}</dcterms:title><dcterms:date>2023-10-${String(i + 1).padStart(2, '0')}</dcterms:date>` +
    `<c:product-area>officielepublicaties</c:product-area><overheidwetgeving:publicatienaam>Kamervragen (Aanhangsel)</overheidwetgeving:publicatienaam>` +
    `</gzd:gzd></sru:recordData><sru:recordPosition>${i + 1}</sru:recordPosition></sru:record>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse">
<sru:version>2.0</sru:version>
<sru:numberOfRecords>12345</sru:numberOfRecords>
<sru:records>
${records.join('\n')}
</sru:records>
<sru:nextRecordPosition>51</sru:nextRecordPosition>
</sru:searchRetrieveResponse>
`;
}

/** How many zaken the temporary Zaak.search.json has: more than two portal pages of 250. */
export const SEARCH_ZAKEN = 610;

/**
 * Zaken numbered 2023Z00001…, every tenth of another Soort, every seventh deleted; zaak i started on
 * day i of 2023 at local midnight (+01:00 in winter, +02:00 in summer: 26 March to 29 October).
 */
export function searchZaken(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const day = new Date(Date.UTC(2023, 0, 1) + ((i - 1) % 365) * 86_400_000).toISOString().slice(0, 10);
    const summer = day >= '2023-03-26' && day < '2023-10-29' && day !== '2023-03-26';
    return {
      Id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      Nummer: `2023Z${String(i).padStart(5, '0')}`,
      Soort: i % 10 === 0 ? 'Motie' : 'Schriftelijke vragen',
      Onderwerp: i % 2 === 0 ? `Zorg in regio ${i}` : `Onderwijs in regio ${i}`,
      GestartOp: `${day}T00:00:00${summer ? '+02:00' : '+01:00'}`,
      Verwijderd: i % 7 === 0,
      Document: [{ Id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`, Soort: 'Schriftelijke vragen', Aanhangselnummer: null, Verwijderd: false }],
      ZaakActor: [{ Id: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`, ActorNaam: `Lid ${i}`, Relatie: 'Indiener', Verwijderd: i % 3 === 0 }],
    };
  });
}

export const FILES: Record<string, string> = {
  'odata/Zaak.2023Z11786.json': JSON.stringify({ '@odata.context': 'x/$metadata#Zaak', value: [{ Nummer: '2023Z11786' }] }),
  'odata/Document.aanhangsel.232400099.json': JSON.stringify({ value: [{ Aanhangselnummer: '232400099' }] }),
  'odata/Zaak.search.json': JSON.stringify({ '@odata.context': 'x/$metadata#Zaak', value: searchZaken(SEARCH_ZAKEN) }),
  'koop/ah-tk-20232024-99.xml': '<?xml version="1.0" encoding="UTF-8"?>\n<officiele-publicatie><titel>Vragen over röntgencamera’s</titel></officiele-publicatie>\n',
  'koop/ah-tk-20232024-99.repository.html': '<!DOCTYPE html><html><body><p>repository</p></body></html>\n',
  'koop/ah-tk-20232024-99.metadata.xml': '<metadata><meta name="DC.identifier" content="ah-tk-20232024-99"/></metadata>\n',
  'koop/ah-tk-20232024-99.metadata_owms.xml': '<owms-metadata><owmskern/></owms-metadata>\n',
  'sru/search.xml': sruSearch(5),
  'sru/kv-tk-2023Z11786.xml': '<sru:searchRetrieveResponse xmlns:sru="x"><sru:numberOfRecords>1</sru:numberOfRecords></sru:searchRetrieveResponse>\n',
  'sru/2023Z11786.xml': '<sru:searchRetrieveResponse xmlns:sru="x"><sru:numberOfRecords>3</sru:numberOfRecords></sru:searchRetrieveResponse>\n',
  'zoek/ah-tk-20232024-99.html': '<!DOCTYPE html><html><head><title>Aanhangsel</title></head><body><p>zoek</p></body></html>\n',
};

/** Writes FILES to a fresh temporary root; `cleanup` removes it. */
export function makeFixtureRoot(): { root: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kamervragen-fixtures-'));
  const root = join(dir, 'fixtures');
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  writeFileSync(join(dir, 'secret.html'), SECRET);
  writeFileSync(join(dir, 'secret.xml'), SECRET);
  return { root, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
