import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { merge } from '../../src/core/kamervraag';
import { type KamervraagDraft, ParseError } from '../../src/core/model';
import { parseKoopXml } from '../../src/core/parse/koopXml';
import { parseMetadata } from '../../src/core/parse/metadata';
import {
  draftFromODataZaak, parseODataDocumentResponse, parseODataDocuments, parseODataZaakResponse,
  parseODataZaakSummaries, summaryFromODataZaak,
} from '../../src/core/parse/odata';
import { parsePlainText } from '../../src/core/parse/plainText';

const read = (path: string): string => readFileSync(`test/fixtures/${path}`, 'utf8');
const zoek = (id: string): string => `https://zoek.officielebekendmakingen.nl/${id}.html`;
const TITLE = 'Het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s voor de douane, Nederland (nog) niet’';

/** The one zaak of a fixture response, as raw JSON. */
function rawZaak(path: string): Record<string, unknown> {
  return (JSON.parse(read(path)) as { value: Array<Record<string, unknown>> }).value[0]!;
}

function only(path: string): KamervraagDraft {
  const { zaken } = parseODataZaakResponse(read(path));
  assert.equal(zaken.length, 1);
  return zaken[0]!;
}

describe('parseODataZaakResponse', () => {
  it('reads zaak 2023Z11786 with its documents and actors, leaving out deleted ones', () => {
    const response = parseODataZaakResponse(read('odata/Zaak.2023Z11786.json'));
    assert.equal(response.nextLink, null);
    assert.equal(response.count, null);
    assert.deepEqual(response.zaken[0], {
      zaak: '2023Z11786',
      house: 'tk',
      title: TITLE,
      submitted: '2023-06-23',
      // Not 2023-09-27: that answer document is Verwijderd.
      answered: '2023-09-28',
      vergaderjaar: '2023-2024',
      // The Indiener first although a Medeindiener comes first in the response; a deleted Indiener is left out.
      submitters: [
        { name: 'Q.M. Rajkowski', party: 'VVD' },
        { name: 'N. Gündoğan', party: 'Volt' },
        { name: 'R.P. Brekelmans', party: 'VVD' },
      ],
      addressees: [
        { name: 'A. de Vries', role: 'Staatssecretaris van Financiën' },
        { name: 'W.B. Hoekstra', role: 'Minister van Buitenlandse Zaken' },
      ],
      documents: [
        { id: 'kv-tk-2023Z11786', kind: 'questions', date: '2023-06-23', url: zoek('kv-tk-2023Z11786') },
        { id: '2023D28934', kind: 'notice', date: '2023-07-03', url: null },
        { id: 'ah-tk-20232024-99', kind: 'answer', date: '2023-09-28', url: zoek('ah-tk-20232024-99') },
      ],
      notices: [{
        kind: 'uitstel',
        date: '2023-07-03',
        text: 'Mededeling van de staatssecretaris van Financiën over het uitstel van de beantwoording van de vragen van de leden Rajkowski, Brekelmans en Gündoğan over het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s voor de douane, Nederland (nog) niet’',
      }],
    });
  });

  it('merged with the KOOP XML and metadata gives the facts of the seed export', () => {
    const today = '2024-06-01';
    const merged = merge([
      only('odata/Zaak.2023Z11786.json'),
      parseKoopXml(read('koop/ah-tk-20232024-99.xml')),
      parseMetadata(read('koop/ah-tk-20232024-99.metadata.xml')),
      parseKoopXml(read('koop/kv-tk-2023Z11786.xml')),
      parseMetadata(read('koop/kv-tk-2023Z11786.metadata.xml')),
    ], today);
    const seed = merge([parsePlainText(read('seeds/kamervraag-2023Z11786.txt'))], today);

    for (const key of ['zaak', 'house', 'title', 'submitted', 'answered', 'daysToAnswer', 'deadline', 'status', 'vergaderjaar'] as const) {
      assert.deepEqual(merged[key], seed[key], key);
    }
    assert.equal(merged.daysToAnswer, 97);
    assert.equal(merged.status, 'answered-late');
    assert.deepEqual(merged.submitters.map((s) => s.party), seed.submitters.map((s) => s.party));
    assert.deepEqual(merged.submitters.map((s) => s.name.split(' ').pop()), seed.submitters.map((s) => s.name.split(' ').pop()));
    assert.deepEqual(merged.addressees.map((a) => a.role), ['Staatssecretaris van Financiën', 'Minister van Buitenlandse Zaken']);
    assert.deepEqual(merged.answeredBy, [
      { name: 'Hoekstra', role: 'Minister van Buitenlandse Zaken', party: null },
      { name: 'De Vries', role: 'Staatssecretaris van Financiën', party: null },
    ]);
    assert.deepEqual(merged.notices.map((n) => [n.kind, n.date]), [['uitstel', '2023-07-03']]);
    assert.deepEqual(merged.documents.map((d) => [d.id, d.kind, d.date]), [
      ['kv-tk-2023Z11786', 'questions', '2023-06-23'],
      ['2023D28934', 'notice', '2023-07-03'],
      ['ah-tk-20232024-99', 'answer', '2023-09-28'],
    ]);
    assert.deepEqual([...merged.topics].sort(), [...seed.topics].sort());
    assert.equal(merged.entries.length, 13);
    assert.deepEqual(
      merged.entries.map(({ numbers, question, answer, refersTo }) => ({ numbers, question, answer, refersTo })),
      seed.entries.map(({ numbers, question, answer, refersTo }) => ({ numbers, question, answer, refersTo })),
    );
    assert.deepEqual(merged.entries.flatMap((e) => e.footnotes.map((f) => [e.numbers[0], f.number, f.in])), [[1, 1, 'question'], [5, 2, 'question']]);
  });

  it('merged with the real answer XML of ah-tk-20202021-3235 (zaak 2021Z09739)', () => {
    const draft = only('odata/Zaak.2021Z09739.json');
    assert.deepEqual(draft.submitters, [
      { name: 'S.P.R.A. van Weyenberg', party: 'D66' },
      { name: 'R.H. de Jong', party: 'D66' },
      { name: 'H. Kat', party: 'D66' },
    ]);
    assert.deepEqual(draft.addressees, [{ name: 'W. Koolmees', role: 'Minister van Sociale Zaken en Werkgelegenheid' }]);
    assert.deepEqual(draft.documents?.map((d) => d.id), ['kv-tk-2021Z09739', 'ah-tk-20202021-3235']);
    const kv = merge([draft, parseKoopXml(read('koop/ah-tk-20202021-3235.xml')), parseMetadata(read('koop/ah-tk-20202021-3235.metadata.xml'))]);
    assert.equal(kv.zaak, '2021Z09739');
    assert.equal(kv.submitted, '2021-06-03');
    assert.equal(kv.answered, '2021-06-21');
    assert.equal(kv.vergaderjaar, '2020-2021');
    assert.equal(kv.status, 'answered-on-time');
    assert.equal(kv.entries.length, 9);
    assert.equal(kv.submitters.length, 3);
    assert.deepEqual(kv.answeredBy.map((a) => a.name), ['Koolmees']);
  });

  it('reads a search page: every zaak, newest first, with nader antwoord, withdrawal and uitstel', () => {
    const { zaken } = parseODataZaakResponse(read('odata/Zaak.search.json'));
    assert.equal(zaken.length, 28);
    const dates = zaken.map((z) => z.submitted!);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const byNummer = new Map(zaken.map((z) => [z.zaak, z]));
    assert.ok(byNummer.has('2023Z11786') && byNummer.has('2021Z09739') && byNummer.has('2020Z13248'));

    const nader = byNummer.get('2023Z18822')!;
    assert.deepEqual(nader.documents?.map((d) => [d.id, d.kind]), [
      ['kv-tk-2023Z18822', 'questions'], ['ah-tk-20232024-431', 'answer'], ['ah-tk-20232024-877', 'further-answer'],
    ]);
    assert.equal(nader.answered, '2023-11-20', 'the first answer, not the nader antwoord');

    const withdrawn = byNummer.get('2024Z01544')!;
    assert.deepEqual(withdrawn.notices?.map((n) => n.kind), ['withdrawn']);
    assert.equal(merge([withdrawn]).status, 'withdrawn');

    // Afgedaan without an answer document: no answer date is invented.
    const closed = byNummer.get('2023Z17105')!;
    assert.equal(closed.answered, undefined);
    assert.equal(byNummer.get('2018Z01010')!.answered, undefined);
    // Winter time: the +01:00 date is the local date.
    assert.equal(byNummer.get('2018Z01010')!.submitted, '2018-01-23');
  });

  it('gives search results as summaries', () => {
    const { summaries } = parseODataZaakSummaries(read('odata/Zaak.search.json'));
    const byKey = new Map(summaries.map((s) => [s.key, s]));
    assert.deepEqual(byKey.get('2023Z11786'), {
      key: '2023Z11786',
      zaak: '2023Z11786',
      house: 'tk',
      title: TITLE,
      submitted: '2023-06-23',
      answered: '2023-09-28',
      vergaderjaar: '2023-2024',
      postponed: true,
      withdrawn: false,
      closed: true,
      submitters: [
        { name: 'Q.M. Rajkowski', party: 'VVD' },
        { name: 'N. Gündoğan', party: 'Volt' },
        { name: 'R.P. Brekelmans', party: 'VVD' },
      ],
      addressees: ['Staatssecretaris van Financiën', 'Minister van Buitenlandse Zaken'],
      documents: ['kv-tk-2023Z11786', '2023D28934', 'ah-tk-20232024-99'],
    });
    assert.deepEqual(pick(byKey.get('2023Z17105')!), { answered: null, closed: true, withdrawn: false, postponed: false });
    assert.deepEqual(pick(byKey.get('2024Z01544')!), { answered: null, closed: true, withdrawn: true, postponed: false });
    assert.deepEqual(pick(byKey.get('2024Z04113')!), { answered: null, closed: false, withdrawn: false, postponed: false });
    assert.deepEqual(summaryFromODataZaak(rawZaak('odata/Zaak.2021Z09739.json')).documents, ['kv-tk-2021Z09739', 'ah-tk-20202021-3235']);
  });

  it('reads @odata.nextLink and @odata.count, and a single entity asked for by key', () => {
    const zaak = rawZaak('odata/Zaak.2021Z09739.json');
    const next = 'https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak?$skip=250';
    const page = parseODataZaakResponse(JSON.stringify({ '@odata.context': 'x', '@odata.count': 1234, value: [zaak], '@odata.nextLink': next }));
    assert.equal(page.nextLink, next);
    assert.equal(page.count, 1234);
    assert.equal(parseODataZaakResponse(JSON.stringify({ value: [], '@odata.count': '17' })).count, 17);
    assert.deepEqual(parseODataZaakResponse(JSON.stringify({ '@odata.context': 'x#Zaak/$entity', ...zaak })).zaken.map((z) => z.zaak), ['2021Z09739']);
    // A zaak that is itself deleted is left out of a page.
    assert.deepEqual(parseODataZaakResponse(JSON.stringify({ value: [{ ...zaak, Verwijderd: true }] })).zaken, []);
  });

  it('tolerates nulls and missing expansions', () => {
    const draft = draftFromODataZaak({
      Nummer: '2024Z00001', Soort: 'Schriftelijke vragen', Onderwerp: null, Titel: 'Een titel', GestartOp: null,
      Vergaderjaar: null, Organisatie: null, Afgedaan: null, Document: null,
      ZaakActor: [{ Relatie: 'Indiener', ActorNaam: 'A. Lid', ActorFractie: null }, { Relatie: null, ActorNaam: null }, { Relatie: 'Gericht aan', ActorNaam: null, Functie: null }],
    });
    assert.deepEqual(draft, {
      zaak: '2024Z00001', house: 'tk', title: 'Een titel', submitted: undefined, answered: undefined, vergaderjaar: undefined,
      submitters: [{ name: 'A. Lid', party: null }], addressees: undefined, documents: undefined, notices: undefined,
    });
  });

  it('reads the date as written, whatever the offset', () => {
    const draft = draftFromODataZaak({
      Nummer: '2023Z00002', GestartOp: '2023-06-23T00:00:00+02:00',
      Document: [{ Soort: 'Antwoord schriftelijke vragen', Datum: '2023-12-01T00:00:00+01:00', Aanhangselnummer: '232400500', Vergaderjaar: '2023-2024' }],
    });
    assert.equal(draft.submitted, '2023-06-23');
    assert.equal(draft.answered, '2023-12-01');
    assert.deepEqual(draft.documents, [{ id: 'ah-tk-20232024-500', kind: 'answer', date: '2023-12-01', url: zoek('ah-tk-20232024-500') }]);
  });

  it('ignores deleted answers even when the zaak is Afgedaan', () => {
    const zaak = rawZaak('odata/Zaak.2023Z11786.json');
    const documents = (zaak['Document'] as Array<Record<string, unknown>>).map((d) =>
      (String(d['Soort']).startsWith('Antwoord') ? { ...d, Verwijderd: true } : d));
    const draft = draftFromODataZaak({ ...zaak, Document: documents });
    assert.equal(draft.answered, undefined);
    assert.equal(draft.vergaderjaar, '2022-2023');
    assert.deepEqual(draft.documents?.map((d) => d.kind), ['questions', 'notice']);
  });

  it('refuses what is not a Kamervraag or not JSON, with a message that says why', () => {
    assert.throws(() => parseODataZaakResponse('{"value": [ {"Nummer": '), (e: unknown) =>
      e instanceof ParseError && /^The Open Data Portal sent invalid JSON \(/.test(e.message));
    assert.throws(() => parseODataZaakResponse('<html>502 Bad Gateway</html>'), /invalid JSON/);
    assert.throws(() => parseODataZaakResponse('{"error":{"code":"","message":"The query specified in the URI is not valid."}}'),
      /answered with an error: The query specified in the URI is not valid\./);
    assert.throws(() => parseODataZaakResponse('{"value": {}}'), /not a list of Zaak/);
    assert.throws(() => parseODataZaakResponse('[1, 2]'), (e: unknown) => e instanceof ParseError && /not a JSON object/.test(e.message));
    assert.throws(() => parseODataZaakResponse('{"@odata.context": "x"}'), /holds no Zaak/);
    assert.throws(() => parseODataZaakResponse('{"value": ["2023Z11786"]}'), /Zaak 1 of the Open Data Portal response is not a JSON object/);
    assert.throws(() => draftFromODataZaak({ Soort: 'Schriftelijke vragen' }), /without a Nummer/);
    assert.throws(() => draftFromODataZaak({ Nummer: '2023Z00003', Soort: 'Motie' }), /Zaak 2023Z00003 is not a Kamervraag: its Soort is "Motie"/);
    assert.throws(() => draftFromODataZaak({ Nummer: '2023Z00004', GestartOp: 20230623 }), /Zaak 2023Z00004: GestartOp should be text but is number 20230623/);
    assert.throws(() => draftFromODataZaak({ Nummer: '2023Z00005', Document: 'none' }), /Document 1 is not a JSON object/);
    assert.throws(() => draftFromODataZaak({ Nummer: '2023Z00006', Verwijderd: true }), /deleted/);
  });
});

describe('parseODataDocumentResponse', () => {
  it('finds the zaak of an Aanhangselnummer', () => {
    assert.deepEqual(parseODataDocumentResponse(read('odata/Document.aanhangsel.232400099.json')), ['2023Z11786']);
    assert.deepEqual(parseODataDocumentResponse(read('odata/Document.aanhangsel.202103235.json')), ['2021Z09739']);
    assert.deepEqual(parseODataDocumentResponse('{"value": []}'), []);
  });

  it('tells the document it found', () => {
    assert.deepEqual(parseODataDocuments(read('odata/Document.aanhangsel.232400099.json')).documents, [{
      documentNummer: '2023D39102',
      soort: 'Antwoord schriftelijke vragen',
      aanhangselnummer: '232400099',
      id: 'ah-tk-20232024-99',
      date: '2023-09-28',
      zaken: ['2023Z11786'],
    }]);
    // A single expanded Zaak (not a list) and deleted zaken.
    const one = parseODataDocuments(JSON.stringify({ value: [{ DocumentNummer: '2019D16854', Aanhangselnummer: '181902411', Zaak: { Nummer: '2019Z05743' } }] }));
    assert.deepEqual(one.zaken, ['2019Z05743']);
    assert.equal(one.documents[0]!.id, 'ah-tk-20182019-2411');
    const deleted = parseODataDocuments(JSON.stringify({ value: [{ DocumentNummer: 'x', Zaak: [{ Nummer: '2019Z00001', Verwijderd: true }] }] }));
    assert.deepEqual(deleted.zaken, []);
  });

  it('refuses malformed JSON', () => {
    assert.throws(() => parseODataDocumentResponse('{'), (e: unknown) => e instanceof ParseError && /invalid JSON/.test(e.message));
  });
});

function pick(s: { answered: string | null; closed: boolean | null; withdrawn: boolean; postponed: boolean }): object {
  return { answered: s.answered, closed: s.closed, withdrawn: s.withdrawn, postponed: s.postponed };
}
