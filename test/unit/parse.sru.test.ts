import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { merge } from '../../src/core/kamervraag';
import { ParseError } from '../../src/core/model';
import { draftFromODataZaak } from '../../src/core/parse/odata';
import { draftFromSruRecord, isKamervraagRecord, parseSruResponse, summaryFromSruRecord, type SruRecord } from '../../src/core/parse/sru';

const read = (name: string): string => readFileSync(`test/fixtures/sru/${name}`, 'utf8');
const REPO = 'https://repository.overheid.nl/frbr/officielepublicaties';

function record(file: string, identifier: string): SruRecord {
  const found = parseSruResponse(read(file)).records.find((r) => r.identifier === identifier);
  assert.ok(found, `${identifier} in ${file}`);
  return found;
}

describe('parseSruResponse', () => {
  it('reads the answer record in a real mixed response', () => {
    const response = parseSruResponse(read('sru_searchRetrieveResponse_mixed_incl_ah-tk.xml'));
    // The file says 3 although it holds 5 records (PLOOI's test data); the count is read as given.
    assert.equal(response.numberOfRecords, 3);
    assert.equal(response.nextRecordPosition, null);
    assert.deepEqual(response.diagnostics, []);
    assert.deepEqual(response.records.map((r) => r.identifier), ['kst-32545-143', 'ah-tk-20202021-3235', 'blg-1007826', 'blg-1025203', 'kst-32545-144']);
    const mock = 'http://__MOCK_SERVICE__/repository.overheid.nl/frbr/officielepublicaties/ah-tk/20202021/ah-tk-20202021-3235/1';
    assert.deepEqual(record('sru_searchRetrieveResponse_mixed_incl_ah-tk.xml', 'ah-tk-20202021-3235'), {
      identifier: 'ah-tk-20202021-3235',
      title: 'Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo',
      types: ['Aanhangsel van de Handelingen'],
      creator: 'Tweede Kamer der Staten-Generaal',
      house: 'tk',
      date: '2021-06-21',
      available: '2021-06-21',
      issued: '2021-06-21',
      publicatienaam: 'Kamervragen (Aanhangsel)',
      subrubriek: 'Antwoord',
      vraagnummer: '2021Z09739',
      aanhangselnummer: '3235',
      datumIndiening: null,
      datumOntvangst: '2021-06-21',
      indieners: ['S.P.R.A. van Weyenberg', 'R.H. (Romke) de Jong', 'H. Kat'],
      ontvangers: ['W. Koolmees'],
      vergaderjaar: '2020-2021',
      subjects: ['Economie | Ondernemen', 'Sociale zekerheid | Organisatie en beleid'],
      urls: {
        preferred: 'https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html',
        xml: `${mock}/xml/ah-tk-20202021-3235.xml`,
        html: `${mock}/html/ah-tk-20202021-3235.html`,
        pdf: `${mock}/pdf/ah-tk-20202021-3235.pdf`,
        metadata: `${mock}/metadata/metadata.xml`,
        metadataowms: `${mock}/metadataowms/metadata_owms.xml`,
      },
    });
    assert.deepEqual(response.records.map(isKamervraagRecord), [false, true, false, false, false]);
  });

  it('reads the paging of a real 76-hit page', () => {
    const response = parseSruResponse(read('sru_searchRetrieveResponse_76hits_page1.xml'));
    assert.equal(response.numberOfRecords, 76);
    assert.equal(response.nextRecordPosition, 11);
    assert.equal(response.records.length, 10);
    assert.ok(response.records.every((r) => !isKamervraagRecord(r)));
    const blg = response.records[0]!;
    assert.equal(blg.identifier, 'blg-998035');
    // No xml manifestation: the main url is a pdf, and is not taken for xml.
    assert.equal(blg.urls.xml, null);
    assert.equal(blg.urls.pdf, `${REPO}/blg/onopgemaakt/blg-998035/1/pdf/blg-998035.pdf`);
    assert.deepEqual(response.records.map((r) => r.house), ['tk', 'ek', 'tk', 'tk', 'tk', 'tk', 'tk', 'tk', 'tk', 'ek']);
  });

  it('reads an old questions record (kv-2989900822): no zaaknummer, the vraagnummer kept on the record', () => {
    const r = record('kv-2989900822.xml', 'kv-2989900822');
    assert.equal(r.vraagnummer, '2989900822');
    assert.equal(r.publicatienaam, 'Kamervragen zonder antwoord');
    assert.equal(r.subrubriek, 'Schriftelijke vragen');
    assert.equal(r.datumIndiening, '1998-09-28');
    assert.equal(r.urls.xml, `${REPO}/kv/onopgemaakt/kv-2989900822/1/xml/kv-2989900822.xml`);
    assert.equal(r.urls.pdf, null);
    const summary = summaryFromSruRecord(r);
    assert.equal(summary.key, 'kv-2989900822');
    assert.equal(summary.zaak, null);
    assert.equal(summary.submitted, '1998-09-28');
    assert.equal(summary.answered, null);
    // The title is a whole "Mondelinge vragen van het lid Atsma (CDA) …" sentence, which the heading
    // parser does not take for a question heading: the party stays unknown.
    assert.deepEqual(summary.submitters, [{ name: 'Atsma', party: null }]);
    assert.match(summary.title, /^Mondelinge vragen van het lid Atsma \(CDA\)/);
    assert.deepEqual(summary.documents, ['kv-2989900822']);
  });

  it('reads the constructed records of 2023Z11786 like the real ones', () => {
    const kv = record('kv-tk-2023Z11786.xml', 'kv-tk-2023Z11786');
    assert.equal(kv.urls.xml, `${REPO}/kv-tk/20222023/kv-tk-2023Z11786/1/xml/kv-tk-2023Z11786.xml`);
    assert.deepEqual(summaryFromSruRecord(kv), {
      key: '2023Z11786',
      zaak: '2023Z11786',
      house: 'tk',
      title: 'Het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s voor de douane, Nederland (nog) niet’',
      submitted: '2023-06-23',
      answered: null,
      vergaderjaar: '2022-2023',
      postponed: false,
      withdrawn: false,
      closed: null,
      submitters: [{ name: 'Q.M. Rajkowski', party: null }, { name: 'N. Gündoğan', party: null }, { name: 'R.P. Brekelmans', party: null }],
      addressees: [],
      documents: ['kv-tk-2023Z11786'],
    });
    const ah = record('ah-tk-20232024-99.xml', 'ah-tk-20232024-99');
    assert.equal(ah.vraagnummer, '2023Z11786');
    assert.equal(ah.aanhangselnummer, '99');
    assert.deepEqual(ah.ontvangers, ['W.B. Hoekstra', 'A. de Vries']);
    assert.equal(ah.urls.metadata, `${REPO}/ah-tk/20232024/ah-tk-20232024-99/1/metadata/metadata.xml`);
    assert.deepEqual(draftFromSruRecord(ah).documents, [
      { id: 'ah-tk-20232024-99', kind: 'answer', date: '2023-09-28', url: 'https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html' },
    ]);

    // A w.vraagnummer lookup finds both publications of the zaak.
    const byZaak = parseSruResponse(read('2023Z11786.xml'));
    assert.deepEqual(byZaak.records.map((r) => r.identifier), ['ah-tk-20232024-99', 'kv-tk-2023Z11786']);
    const kamervraag = merge([
      draftFromODataZaak((JSON.parse(readFileSync('test/fixtures/odata/Zaak.2023Z11786.json', 'utf8')) as { value: unknown[] }).value[0]),
      ...byZaak.records.map(draftFromSruRecord),
    ], '2024-06-01');
    assert.equal(kamervraag.answered, '2023-09-28');
    assert.deepEqual(kamervraag.submitters.map((s) => [s.name, s.party]), [['Q.M. Rajkowski', 'VVD'], ['N. Gündoğan', 'Volt'], ['R.P. Brekelmans', 'VVD']]);
  });

  it('reads the search fixture: Kamervragen records only, with repository addresses', () => {
    const response = parseSruResponse(read('search.xml'));
    assert.equal(response.numberOfRecords, 11);
    assert.equal(response.records.length, 11);
    assert.ok(response.records.every(isKamervraagRecord));
    assert.ok(response.records.every((r) => r.urls.xml?.startsWith(`${REPO}/`)), 'every record has its xml on the real host');
    const summaries = response.records.map(summaryFromSruRecord);
    assert.deepEqual(summaries.map((s) => s.key), [
      '2024Z04113', '2024Z02987', '2023Z18822', '2023Z18822', '2023Z11786', '2023Z11786', '2021Z09739', '2020Z13248',
      '2020Z02131', '2018Z03521', 'kv-2989900822',
    ]);
    const real = summaries[6]!;
    assert.equal(real.answered, '2021-06-21');
    assert.deepEqual(real.documents, ['ah-tk-20202021-3235']);
  });

  it('reports the diagnostics of a refused query', () => {
    assert.deepEqual(parseSruResponse(read('diagnostic.xml')), {
      records: [],
      numberOfRecords: 0,
      nextRecordPosition: null,
      diagnostics: ['Query syntax error: w.vraagnummer=='],
    });
  });

  it('reads records escaped as text (recordXMLEscaping=string) and older originalData without overheidwetgeving:meta', () => {
    const inner = '<gzd:gzd xmlns:gzd="http://standaarden.overheid.nl/sru"><gzd:originalData><owms-metadata><owmskern>' +
      '<dcterms:identifier xmlns:dcterms="http://purl.org/dc/terms/">ah-tk-20082009-1234</dcterms:identifier>' +
      '<dcterms:creator xmlns:dcterms="http://purl.org/dc/terms/">Tweede Kamer der Staten-Generaal</dcterms:creator></owmskern>' +
      '<oep><overheidop:vraagnummer xmlns:overheidop="x">2009Z01234</overheidop:vraagnummer><overheidop:publicationName xmlns:overheidop="x">Kamervragen (Aanhangsel)</overheidop:publicationName></oep>' +
      '</owms-metadata></gzd:originalData></gzd:gzd>';
    const escaped = inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const xml = `<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"><sru:numberOfRecords>1</sru:numberOfRecords>
      <sru:records><sru:record><sru:recordPacking>string</sru:recordPacking><sru:recordData>${escaped}</sru:recordData></sru:record></sru:records></sru:searchRetrieveResponse>`;
    const [r] = parseSruResponse(xml).records;
    assert.equal(r?.identifier, 'ah-tk-20082009-1234');
    assert.equal(r?.vraagnummer, '2009Z01234');
    assert.equal(r?.publicatienaam, 'Kamervragen (Aanhangsel)');
    assert.equal(r?.house, 'tk');
  });

  it('refuses malformed, truncated or foreign XML', () => {
    const full = read('kv-tk-2023Z11786.xml');
    assert.throws(() => parseSruResponse(full.slice(0, full.length - 200)), (e: unknown) => e instanceof ParseError && /The SRU response is incomplete/.test(e.message));
    assert.throws(() => parseSruResponse('<sru:searchRetrieveResponse><sru:records></sru:searchRetrieveResponse>'), /The SRU response is malformed/);
    assert.throws(() => parseSruResponse('<html><body>Service Unavailable</body></html>'), /Not an SRU search response: the root element is <html>/);
    assert.throws(() => parseSruResponse('Service Unavailable'), ParseError);
  });
});
