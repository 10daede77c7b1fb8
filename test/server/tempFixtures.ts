/**
 * A small fixture tree in a temporary folder, for tests of the fixture server and the HTTP client
 * that must not depend on the real fixtures. Next to the root lies `secret.html`, which the server
 * must never serve.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SECRET = 'SECRET-OUTSIDE-ROOT';

/** A search.xml with `n` records, numbered from 1, in the shape of repository.overheid.nl's SRU. */
export function sruSearch(n: number): string {
  const records = Array.from({ length: n }, (_, i) =>
    `<sru:record><sru:recordSchema>gzd</sru:recordSchema><sru:recordData><gzd:gzd><dcterms:identifier>ah-tk-20232024-${i + 1}</dcterms:identifier></gzd:gzd></sru:recordData><sru:recordPosition>${i + 1}</sru:recordPosition></sru:record>`);
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

export const FILES: Record<string, string> = {
  'odata/Zaak.2023Z11786.json': JSON.stringify({ '@odata.context': 'x/$metadata#Zaak', value: [{ Nummer: '2023Z11786' }] }),
  'odata/Document.aanhangsel.232400099.json': JSON.stringify({ value: [{ Aanhangselnummer: '232400099' }] }),
  'odata/Zaak.search.json': JSON.stringify({
    '@odata.context': 'x/$metadata#Zaak',
    value: Array.from({ length: 7 }, (_, i) => ({ Nummer: `2023Z0000${i + 1}` })),
  }),
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
