import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ParseError } from '../../src/core/model';
import { parseMetadata } from '../../src/core/parse/metadata';

const read = (name: string): string => readFileSync(`test/fixtures/koop/${name}`, 'utf8');

describe('parseMetadata', () => {
  it('reads metadata.xml of an answer document', () => {
    const draft = parseMetadata(read('ah-tk-20202021-3235.metadata.xml'));
    assert.deepEqual(draft, {
      zaak: '2021Z09739',
      house: 'tk',
      title: 'Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo',
      submitted: undefined,
      answered: '2021-06-21',
      vergaderjaar: '2020-2021',
      submitters: [
        { name: 'S.P.R.A. van Weyenberg', party: null },
        { name: 'R.H. (Romke) de Jong', party: null },
        { name: 'H. Kat', party: null },
      ],
      answeredBy: [{ name: 'W. Koolmees', role: null, party: null }],
      topics: ['economie', 'ondernemen', 'sociale zekerheid', 'organisatie en beleid'],
      documents: [{ id: 'ah-tk-20202021-3235', kind: 'answer', date: '2021-06-21', url: 'https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html' }],
    });
  });

  it('reads metadata_owms.xml of the same document the same way', () => {
    assert.deepEqual(parseMetadata(read('ah-tk-20202021-3235.metadata_owms.xml')), parseMetadata(read('ah-tk-20202021-3235.metadata.xml')));
  });

  it('reads a questions record (kv-tk) and the answer it points to', () => {
    const draft = parseMetadata(read('kv-tk-2020Z13248.metadata_owms.xml'));
    assert.equal(draft.zaak, '2020Z13248');
    assert.equal(draft.submitted, '2020-07-02');
    assert.equal(draft.answered, undefined);
    assert.equal(draft.vergaderjaar, '2019-2020');
    assert.equal(draft.title, 'Huisbazen die weigeren loden leidingen te vervangen');
    assert.deepEqual(draft.submitters, [{ name: 'H. Nijboer', party: null }]);
    assert.equal(draft.answeredBy, undefined);
    assert.deepEqual(draft.topics, ['huisvesting', 'huren en verhuren']);
    assert.deepEqual(draft.documents, [
      { id: 'kv-tk-2020Z13248', kind: 'questions', date: '2020-07-02', url: 'https://zoek.officielebekendmakingen.nl/kv-tk-2020Z13248.html' },
      { id: 'ah-tk-20192020-3799', kind: 'answer', date: null, url: 'https://zoek.officielebekendmakingen.nl/ah-tk-20192020-3799.html' },
    ]);
  });

  it('reads Eerste Kamer records: the vraagnummer as zaak, names written surname first, parties from the title', () => {
    const kv = parseMetadata(read('kv-ek-215160000.metadata_owms.xml'));
    assert.equal(kv.house, 'ek');
    assert.equal(kv.zaak, '215160000');
    assert.equal(kv.submitted, '2015-09-25');
    assert.equal(kv.submitters?.length, 12);
    assert.deepEqual(kv.submitters?.[8], { name: 'D.J.H. van Dijk', party: 'SGP' });
    assert.deepEqual(kv.submitters?.[11], { name: 'Ten Hoeve', party: 'OSF' });
    assert.equal(kv.title, 'het meerjarenplan van de Raad voor de Rechtspraak 2015-2020');
    assert.deepEqual(kv.addressees, [{ name: null, role: 'Minister van Veiligheid en Justitie' }]);
    assert.deepEqual(kv.documents?.map((d) => [d.id, d.kind, d.date]), [
      ['kv-ek-215160000', 'questions', '2015-09-25'],
      ['ah-ek-20152016-3', 'answer', null],
    ]);

    const ah = parseMetadata(read('ah-ek-20192020-10.metadata_owms.xml'));
    assert.equal(ah.house, 'ek');
    assert.equal(ah.zaak, '219200007');
    assert.equal(ah.answered, '2020-06-10');
    assert.equal(ah.vergaderjaar, '2019-2020');
    assert.deepEqual(ah.submitters, [{ name: 'Van Rooijen', party: '50PLUS' }]);
    assert.equal(ah.submitted, '2020-04-29');
    assert.deepEqual(ah.topics, ['sociale zekerheid', 'organisatie en beleid', 'ouderen']);
    assert.deepEqual(ah.documents, [{ id: 'ah-ek-20192020-10', kind: 'answer', date: '2020-06-10', url: 'https://zoek.officielebekendmakingen.nl/ah-ek-20192020-10.html' }]);
  });

  it('refuses a record of another publication, saying what it is', () => {
    assert.throws(() => parseMetadata(read('h-tk.metadata_owms.xml')), (e: unknown) =>
      e instanceof ParseError && /^Not a Kamervraag: .*h-tk-20202021-87-3.*Handeling/.test(e.message));
  });

  it('refuses other XML and broken records', () => {
    assert.throws(() => parseMetadata('<officiele-publicatie><kamervragen/></officiele-publicatie>'), (e: unknown) =>
      e instanceof ParseError && /^Not a KOOP metadata record: the root element is <officiele-publicatie>/.test(e.message));
    const cut = read('ah-tk-20202021-3235.metadata.xml').slice(0, 900);
    assert.throws(() => parseMetadata(cut), (e: unknown) => e instanceof ParseError && /incomplete \(truncated\)/.test(e.message));
  });
});
