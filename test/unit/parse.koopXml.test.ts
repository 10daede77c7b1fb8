import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ParseError } from '../../src/core/model';
import type { Entry, KamervraagDraft } from '../../src/core/model';
import { parseKoopXml } from '../../src/core/parse/koopXml';
import { joinParagraphs, paragraphsOf } from '../../src/core/text';

const XML = readFileSync('test/fixtures/koop/ah-tk-20202021-3235.xml', 'utf8');

interface FragmentDoc {
  vraagdata: Record<string, { vraag: [string, string]; antwoord: [string, string] }>;
}
const FRAGMENTS = JSON.parse(readFileSync('test/fixtures/xml-fragments/ah-tk_vraag-antwoord_fragments_4docs.json', 'utf8')) as Record<string, FragmentDoc>;

/** The JSON holds only vraag/antwoord elements; wrap them, in document order, as a publication. */
function fragmentDoc(id: string): KamervraagDraft {
  return parseKoopXml(wrap(fragmentKeys(id).flatMap((nr) => [FRAGMENTS[id]!.vraagdata[nr]!.vraag[1], FRAGMENTS[id]!.vraagdata[nr]!.antwoord[1]]).join('')));
}

/** The vraagdata keys ("1", "5 6", …) in document order. */
function fragmentKeys(id: string): string[] {
  return Object.keys(FRAGMENTS[id]!.vraagdata).sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]));
}

function wrap(body: string): string {
  return `<officiele-publicatie><kamervragen>${body}</kamervragen></officiele-publicatie>`;
}

function entry(draft: KamervraagDraft, n: number): Entry {
  const found = draft.entries?.find((e) => e.numbers.includes(n));
  assert.ok(found, `entry ${n}`);
  return found;
}

/** Whitespace as the JSON's text export leaves it: runs collapsed, none before punctuation. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/ (?=[,.;:?!)])/g, '').trim();
}

describe('parseKoopXml: ah-tk-20202021-3235', () => {
  const draft = parseKoopXml(XML);

  it('reads nine numbered questions, each with its answer', () => {
    assert.deepEqual(draft.entries?.map((e) => e.numbers), [[1], [2], [3], [4], [5], [6], [7], [8], [9]]);
    for (const e of draft.entries ?? []) {
      assert.ok(e.question.length > 20, `question ${e.numbers[0]}`);
      assert.ok(e.answer !== null && e.answer.length > 0, `answer ${e.numbers[0]}`);
      assert.deepEqual(e.footnotes, []);
    }
    assert.match(entry(draft, 1).question, /^Klopt het dat de Tijdelijke overbruggingsregeling zelfstandig ondernemers \(TOZO\)/);
  });

  it('finds the cross-reference of answer 4 to answers 2 and 3', () => {
    assert.deepEqual(entry(draft, 4).refersTo, [2, 3]);
    assert.deepEqual(entry(draft, 1).refersTo, []);
  });

  it('keeps paragraphs apart and inline extrefs as their text', () => {
    assert.equal(entry(draft, 9).answer?.split('\n\n').length, 2);
    assert.match(entry(draft, 9).answer ?? '', /concurrentievervalsing\.\n\nBovendien kent het Bbz/);
    assert.match(entry(draft, 2).answer ?? '', /bepaald op 2% \(Staatsblad 2020, 118\)\. Bij de keuze/);
  });

  it('normalises white space', () => {
    for (const e of draft.entries ?? []) {
      for (const p of [...e.question.split('\n\n'), ...(e.answer ?? '').split('\n\n')]) {
        assert.equal(p, p.replace(/\s+/g, ' ').trim());
      }
    }
  });

  it('reads the submitters, addressee, answerer and dates from the kamervraagomschrijving', () => {
    assert.deepEqual(draft.submitters, [
      { name: 'Van Weyenberg', party: 'D66' },
      { name: 'Romke de Jong', party: 'D66' },
      { name: 'Kat', party: 'D66' },
    ]);
    assert.deepEqual(draft.addressees, [{ name: null, role: 'Minister van Sociale Zaken en Werkgelegenheid' }]);
    assert.deepEqual(draft.answeredBy, [{ name: 'Koolmees', role: 'Minister van Sociale Zaken en Werkgelegenheid', party: null }]);
    assert.equal(draft.submitted, '2021-06-03');
    assert.equal(draft.answered, '2021-06-21');
    assert.equal(draft.title, 'de TOZO');
  });

  it('reads the kop and the Aanhangsel number as the document id', () => {
    assert.equal(draft.vergaderjaar, '2020-2021');
    assert.equal(draft.house, 'tk');
    assert.deepEqual(draft.documents, [{
      id: 'ah-tk-20202021-3235', kind: 'answer', date: '2021-06-21',
      url: 'https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html',
    }]);
    assert.equal(draft.zaak, undefined);
  });
});

describe('parseKoopXml: vraag/antwoord fragments of four more documents', () => {
  it('counts the entries of each document', () => {
    for (const id of Object.keys(FRAGMENTS)) {
      const draft = fragmentDoc(id);
      const expected = fragmentKeys(id).map((k) => k.split(' ').map(Number));
      assert.deepEqual(draft.entries?.map((e) => e.numbers), expected, id);
      assert.ok(draft.entries?.every((e) => e.answer !== null), id);
    }
    assert.equal(fragmentDoc('ah-tk-20192020-2197').entries?.length, 8);
    assert.equal(fragmentDoc('ah-tk-20172018-1547').entries?.length, 48);
    assert.equal(fragmentDoc('ah-tk-20202021-876').entries?.length, 16);
    assert.equal(fragmentDoc('ah-tk-20222023-2824').entries?.length, 15);
  });

  it('keeps "Vraag 5, 6" as one entry with both numbers', () => {
    const e = entry(fragmentDoc('ah-tk-20192020-2197'), 5);
    assert.deepEqual(e.numbers, [5, 6]);
    const saved = FRAGMENTS['ah-tk-20192020-2197']!.vraagdata['5 6']!;
    assert.equal(e.question, joinParagraphs(paragraphsOf(saved.vraag[0])));
    assert.equal(e.question.split('\n\n').length, 2);
    assert.equal(e.answer, joinParagraphs(paragraphsOf(saved.antwoord[0])));
    assert.deepEqual(entry(fragmentDoc('ah-tk-20192020-2197'), 2).refersTo, [8]);
  });

  it('writes lists as one paragraph per item with its mark', () => {
    const doc = fragmentDoc('ah-tk-20172018-1547');
    const q16 = entry(doc, 16).question.split('\n\n');
    assert.equal(q16.length, 4);
    assert.equal(q16[0], 'Kunt u heel precies aangeven:');
    assert.match(q16[1]!, /^- welke contacten \(telefonisch, per e-mail, brief of fysiek\)/);
    assert.match(q16[3]!, /^- wie aanwezig was\/waren bij elke van deze contacten/);
    const a30 = entry(doc, 30).answer?.split('\n\n') ?? [];
    assert.deepEqual(a30.map((p) => p.slice(0, 3)), ['Art', 'a. ', 'b. ', 'c. ', 'Aan']);
    assert.match(a30[1]!, /als bedoeld in titel XXVIII van het Tweede Boek van het Wetboek van Strafrecht, dan wel$/);
    assert.match(entry(doc, 44).question, /\n\na\. de adviezen van het OM en de landsadvocaat uit 2009 over deze zaak;\n\nb\. alle memo’s/);
  });

  it('collects footnotes with their number, text, link and place', () => {
    const q1 = entry(fragmentDoc('ah-tk-20192020-2197'), 1);
    assert.deepEqual(q1.footnotes, [{
      number: 1,
      text: 'Nieuwsuur, 4 februari 2020 (https://nos.nl/nieuwsuur/artikel/2321556-nooit-meer-aa-86-zomaar-kopieren-als-het-aan-cda-ligt.html)',
      url: 'https://nos.nl/nieuwsuur/artikel/2321556-nooit-meer-aa-86-zomaar-kopieren-als-het-aan-cda-ligt.html',
      document: null,
      in: 'question',
    }]);
    assert.deepEqual(entry(fragmentDoc('ah-tk-20192020-2197'), 7).footnotes, [{
      number: 2,
      text: 'Handelingen II, vergaderjaar 2019–2020, nr. 28, item 3',
      url: 'https://zoek.officielebekendmakingen.nl/h-tk-20192020-28-3.html',
      document: 'h-tk-20192020-28-3',
      in: 'question',
    }]);
    const q876 = entry(fragmentDoc('ah-tk-20202021-876'), 1).footnotes;
    assert.deepEqual(q876.map((f) => [f.number, f.url, f.document, f.in]), [
      [1, 'https://ec.europa.eu/commission/presscorner/detail/en/ip_20_1340', null, 'question'],
      [2, 'https://zoek.officielebekendmakingen.nl/ah-tk-20192020-3975.html', 'ah-tk-20192020-3975', 'question'],
    ]);
  });

  it('collects footnotes in answers, with URLs, documents or neither', () => {
    const doc2824 = fragmentDoc('ah-tk-20222023-2824');
    assert.deepEqual(entry(doc2824, 7).footnotes.map((f) => [f.number, f.url, f.in]), [
      [4, 'https://www.rijksoverheid.nl/documenten/rapporten/2022/09/12/bijlage-4-uitvoeringstoets-prorail-herziening-ten-t-verordening', 'answer'],
    ]);
    assert.deepEqual(entry(doc2824, 6).footnotes.map((f) => [f.number, f.in]), [[2, 'question'], [3, 'answer']]);
    const doc1547 = fragmentDoc('ah-tk-20172018-1547');
    assert.deepEqual(entry(doc1547, 1).footnotes.map((f) => [f.number, f.document, f.in]), [[1, 'kst-31066-119', 'answer']]);
    assert.deepEqual(entry(doc1547, 10).footnotes.map((f) => [f.number, f.text, f.url, f.in]), [
      [6, 'ECLI:NL:RBZWB:2014:5503', null, 'question'],
      [7, 'ECLI:NL:RBZWB:2014:5503.', null, 'answer'],
    ]);
    const total = (id: string): number => fragmentDoc(id).entries?.reduce((n, e) => n + e.footnotes.length, 0) ?? 0;
    assert.deepEqual(Object.keys(FRAGMENTS).map(total), [2, 13, 5, 5]);
  });

  it('keeps footnote marks and bodies out of the running text', () => {
    const doc1547 = fragmentDoc('ah-tk-20172018-1547');
    const a10 = entry(doc1547, 10).answer ?? '';
    assert.match(a10, /bij de Rechtbank Zeeland-West-Brabant van een opsporingsambtenaar/);
    assert.doesNotMatch(a10, /ECLI/);
    const q22 = entry(doc1547, 22);
    assert.doesNotMatch(q22.question, /Ontbinding en vernietiging/);
    assert.equal(q22.footnotes[0]?.text.split('\n\n').length, 2, 'a footnote of two noot.al paragraphs');
    const q1 = entry(fragmentDoc('ah-tk-20192020-2197'), 1).question;
    assert.equal(q1, 'Bent u bekend met de uitzending van Nieuwsuur van dinsdag 4 februari 2020?');
    const q876 = entry(fragmentDoc('ah-tk-20202021-876'), 1).question;
    assert.match(q876, /van 15 juli jl\. over onder andere .* de schriftelijke vragen die u heeft beantwoord hieromtrent\?$/);
  });

  it('keeps the text of extrefs outside footnotes', () => {
    assert.match(entry(fragmentDoc('ah-tk-20222023-2824'), 8).question, /de motie Alkaya\/Van Ginneken \(Kamerstuk 35 925-A, nr\. 68\)\?$/);
    assert.match(entry(fragmentDoc('ah-tk-20172018-1547'), 46).answer ?? '', /begeleidende brief \(25 087 \/ 31 066, nr\.191\)/);
  });

  it('gives the same text as the plain text saved with the fragments', () => {
    // The saved plain text leaves out lists and the text of extref elements, and lets text after
    // an extref inside a footnote leak into the running text. Compare every block free of both.
    let compared = 0;
    for (const id of Object.keys(FRAGMENTS)) {
      const draft = fragmentDoc(id);
      for (const key of fragmentKeys(id)) {
        const data = FRAGMENTS[id]!.vraagdata[key]!;
        const e = entry(draft, Number(key.split(' ')[0]));
        for (const [[plain, xml], ours] of [[data.vraag, e.question], [data.antwoord, e.answer ?? '']] as const) {
          if (/<lijst|<extref/.test(xml)) continue;
          assert.equal(normalise(ours), normalise(plain), `${id} ${key}`);
          compared++;
        }
      }
    }
    assert.ok(compared >= 150, `compared ${compared} blocks`);
  });
});

describe('parseKoopXml: shapes built from the schema', () => {
  it('pairs answers to questions by number, not position', () => {
    const draft = parseKoopXml(wrap(`
      <vraag><nr>Vraag 1</nr><al>Een?</al></vraag>
      <vraag><nr>Vraag 2</nr><al>Twee?</al></vraag>
      <antwoord><nr>Antwoord 2</nr><al>Twee.</al></antwoord>
      <antwoord><nr>Antwoord 1</nr><al>Een.</al></antwoord>`));
    assert.deepEqual(draft.entries?.map((e) => [e.numbers, e.question, e.answer]), [[[1], 'Een?', 'Een.'], [[2], 'Twee?', 'Twee.']]);
  });

  it('joins questions answered together ("Antwoord 2 en 3")', () => {
    const draft = parseKoopXml(wrap(`
      <vraag><nr>Vraag 1</nr><al>Een?</al></vraag><antwoord><nr>Antwoord 1</nr><al>Een. Zie ook het antwoord op vraag 3.</al></antwoord>
      <vraag><nr>Vraag 2</nr><al>Twee?</al></vraag><vraag><nr>Vraag 3</nr><al>Drie?</al></vraag>
      <antwoord><nr>Antwoord 2 en 3</nr><al>Samen.</al></antwoord>`));
    assert.deepEqual(draft.entries?.map((e) => [e.numbers, e.question, e.answer, e.refersTo]), [
      [[1], 'Een?', 'Een. Zie ook het antwoord op vraag 3.', [3]],
      [[2, 3], 'Twee?\n\nDrie?', 'Samen.', []],
    ]);
  });

  it('reads tables row by row, and remarks', () => {
    const draft = parseKoopXml(wrap(`
      <kamervraagopmerking>Zie ook Aanhangsel Handelingen, vergaderjaar 2020–2021, nr. 3000.</kamervraagopmerking>
      <vraag><nr>Vraag 1</nr><al>Hoeveel?</al></vraag>
      <antwoord><nr>Antwoord 1</nr><al>Zie de tabel.</al>
        <tabel><titel>Aantallen</titel><tgroup cols="2"><thead><row><entry><al>Jaar</al></entry><entry><al>Aantal</al></entry></row></thead>
        <tbody><row><entry><al>2020</al></entry><entry><al>12</al></entry></row></tbody></tgroup></tabel></antwoord>`));
    assert.equal(draft.entries?.[0]?.answer, 'Zie de tabel.\n\nAantallen\n\nJaar | Aantal\n\n2020 | 12');
    assert.deepEqual(draft.remarks, ['Zie ook Aanhangsel Handelingen, vergaderjaar 2020–2021, nr. 3000.']);
  });

  it('reads mixed party groups and several answerers', () => {
    const draft = parseKoopXml(wrap(`
      <kamervraagomschrijving type="vraag">Vragen van de leden <naam><achternaam>Rajkowski</achternaam></naam>, <naam><achternaam>Brekelmans</achternaam></naam> (beiden VVD) en <naam><achternaam>Gündoğan</achternaam></naam> (Volt) aan de Staatssecretaris van Financiën en de Minister van Buitenlandse Zaken over <kamervraagonderwerp>het bericht «X»</kamervraagonderwerp> (ingezonden <datum isodatum="2023-06-23">23 juni 2023</datum>).</kamervraagomschrijving>
      <kamervraagomschrijving type="antwoord">Antwoord van Minister <naam><achternaam>Hoekstra</achternaam></naam> (<organisatie>Buitenlandse Zaken</organisatie>) en Staatssecretaris <naam><achternaam>De Vries</achternaam></naam> (<organisatie>Financiën</organisatie>) (ontvangen <datum isodatum="2023-09-28">28 september 2023</datum>).</kamervraagomschrijving>
      <vraag><nr>Vraag 1</nr><al>Een?</al></vraag><antwoord><nr>Antwoord 1</nr><al>Ja.</al></antwoord>`));
    assert.deepEqual(draft.submitters, [
      { name: 'Rajkowski', party: 'VVD' }, { name: 'Brekelmans', party: 'VVD' }, { name: 'Gündoğan', party: 'Volt' },
    ]);
    assert.deepEqual(draft.addressees?.map((a) => a.role), ['Staatssecretaris van Financiën', 'Minister van Buitenlandse Zaken']);
    assert.deepEqual(draft.answeredBy, [
      { name: 'Hoekstra', role: 'Minister van Buitenlandse Zaken', party: null },
      { name: 'De Vries', role: 'Staatssecretaris van Financiën', party: null },
    ]);
    assert.equal(draft.title, 'het bericht «X»');
    assert.equal(draft.answered, '2023-09-28');
  });

  it('reads a questions-only document (kv) and its zaak', () => {
    const draft = parseKoopXml(`<?xml version="1.0" encoding="UTF-8"?>
      <officiele-publicatie><metadata><meta name="OVERHEIDop.externMetadataRecord" content="https://zoek.officielebekendmakingen.nl/kv-tk-2020Z13248/metadata.xml"/></metadata>
      <kamervragen><kamervraagkop><tekstregel inhoud="vergaderjaar">Vergaderjaar 2019-2020</tekstregel><tekstregel inhoud="kameraanduiding">Tweede Kamer der Staten-Generaal</tekstregel></kamervraagkop>
      <kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>Nijboer</achternaam></naam> (PvdA) aan de Minister van Binnenlandse Zaken en Koninkrijksrelaties over huisbazen die weigeren loden leidingen te vervangen (ingezonden <datum isodatum="2020-07-02">2 juli 2020</datum>).</kamervraagomschrijving>
      <vraag><nr>Vraag 1</nr><al>Een?</al></vraag></kamervragen></officiele-publicatie>`);
    assert.equal(draft.zaak, '2020Z13248');
    assert.deepEqual(draft.documents, [{ id: 'kv-tk-2020Z13248', kind: 'questions', date: '2020-07-02', url: 'https://zoek.officielebekendmakingen.nl/kv-tk-2020Z13248.html' }]);
    assert.deepEqual(draft.entries, [{ numbers: [1], question: 'Een?', answer: null, refersTo: [], footnotes: [] }]);
    assert.equal(draft.title, 'huisbazen die weigeren loden leidingen te vervangen');
  });
});

describe('parseKoopXml: what it refuses', () => {
  const refuses = (xml: string, message: RegExp): void => {
    assert.throws(() => parseKoopXml(xml), (e: unknown) => e instanceof ParseError && message.test(e.message) && !e.message.includes('\n'));
  };

  it('refuses an XML that is not a Kamervragen publication', () => {
    refuses('<foo><bar/></foo>', /^Not a Kamervragen publication: the XML has no <kamervragen> element \(root is <foo>/);
    refuses(`<foo>${wrap('')}</foo>`, /^Not a Kamervragen publication: the root element is <foo>, not <officiele-publicatie>\.$/);
    refuses('<officiele-publicatie><kamerstuk><al>x</al></kamerstuk></officiele-publicatie>', /no <kamervragen> element \(root is <officiele-publicatie>, holding <kamerstuk>\)/);
  });

  it('refuses malformed XML', () => {
    refuses(wrap('<vraag><nr>Vraag 1</nr><al>Een?</vraag>'), /malformed: <\/vraag> at line 1 does not close <al>/);
    refuses('not xml at all', /not XML/);
    refuses(`${wrap('')}<extra/>`, /malformed: a second root element <extra>/);
  });

  it('refuses truncated XML, wherever it is cut', () => {
    refuses(XML.slice(0, 4000), /^The XML is incomplete \(truncated\): it ends inside <[a-z]+>, and <\/officiele-publicatie> is missing\.$/);
    refuses(XML.slice(0, XML.lastIndexOf('</officiele-publicatie>')), /incomplete \(truncated\)/);
    refuses(XML.slice(0, XML.indexOf('status="officieel"') + 5), /incomplete \(truncated\): it ends inside a tag at line \d+/);
    for (let cut = 100; cut < XML.length - 30; cut += 997) refuses(XML.slice(0, cut), /incomplete \(truncated\)/);
  });
});
