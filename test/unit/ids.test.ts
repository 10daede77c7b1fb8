import * as assert from 'node:assert/strict';
import {
  idToAanhangselnummer,
  IdError,
  aanhangselnummerToId,
  canonicalId,
  findIds,
  openKamerUrl,
  parseId,
  repositoryUrl,
  tryParseId,
  tweedeKamerUrl,
  vergaderjaarLabel,
  vergaderjaarShort,
  zaakOf,
  zoekUrl,
  type KamervraagId,
} from '../../src/core/ids';

const ZAAK: KamervraagId = { kind: 'zaak', house: 'tk', zaak: '2023Z11786' };
const QUESTIONS: KamervraagId = { kind: 'questions', house: 'tk', document: 'kv-tk-2023Z11786', zaak: '2023Z11786' };
const ANSWER: KamervraagId = {
  kind: 'answer',
  house: 'tk',
  document: 'ah-tk-20232024-99',
  vergaderjaar: '20232024',
  number: 99,
  suffix: null,
};

/** Asserts that `input` is rejected with an IdError naming it and listing every accepted form. */
function assertRejected(input: string): void {
  assert.throws(
    () => parseId(input),
    (e: unknown) => {
      assert.ok(e instanceof IdError, `expected IdError for ${JSON.stringify(input)}`);
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'IdError');
      assert.equal(e.input, input);
      const shown = input.trim().replace(/\s+/g, ' ');
      assert.ok(e.message.startsWith(`"${shown.length > 80 ? shown.slice(0, 79) : shown}`), e.message);
      assert.match(e.message, /is not a Kamervraag identifier/);
      for (const example of ['2023Z11786', 'kv-tk-2023Z11786', 'ah-tk-20232024-99', '181902411']) {
        assert.ok(e.message.includes(`(${example})`), `message lists ${example}: ${e.message}`);
      }
      for (const site of ['zoek.officielebekendmakingen.nl', 'repository.overheid.nl', 'tweedekamer.nl', 'openkamer.org']) {
        assert.ok(e.message.includes(site), `message names ${site}`);
      }
      return true;
    },
  );
  assert.equal(tryParseId(input), undefined);
}

describe('ids', () => {
  describe('parseId: zaaknummers', () => {
    it('reads a zaaknummer', () => {
      assert.deepEqual(parseId('2023Z11786'), ZAAK);
    });

    it('accepts a lower-case z and gives a capital Z', () => {
      assert.deepEqual(parseId('2023z11786'), ZAAK);
    });

    it('trims and strips surrounding punctuation', () => {
      for (const input of ['  2023Z11786\n', '<2023Z11786>', '(2023Z11786)', '"2023Z11786"', "'2023Z11786'", '2023Z11786.', '“2023Z11786”.']) {
        assert.deepEqual(parseId(input), ZAAK, input);
      }
    });

    it('rejects zaaknummers of the wrong length', () => {
      assertRejected('2023Z1178');
      assertRejected('2023Z117860');
      assertRejected('23Z11786');
    });

    it('does not read a Tweede Kamer document number (2023D…) as a zaak', () => {
      assertRejected('2023D27519');
    });
  });

  describe('parseId: questions documents', () => {
    it('reads kv-tk-{zaak} and knows its zaak', () => {
      assert.deepEqual(parseId('kv-tk-2023Z11786'), QUESTIONS);
    });

    it('is case-insensitive and canonicalises case', () => {
      assert.deepEqual(parseId('KV-TK-2023z11786'), QUESTIONS);
    });

    it('reads the older kv-tk-{vergaderjaar}-KVR{n} form, without zaak', () => {
      const expected = { kind: 'questions', house: 'tk', document: 'kv-tk-20062007-KVR27039', zaak: null };
      assert.deepEqual(parseId('kv-tk-20062007-KVR27039'), expected);
      assert.deepEqual(parseId('kv-tk-20062007-kvr27039'), expected);
    });

    it('rejects KVR ids with a vergaderjaar of non-consecutive years', () => {
      assertRejected('kv-tk-20062008-KVR27039');
    });

    it('reads pre-2006 kv-{10 digits} as Tweede Kamer questions without zaak', () => {
      assert.deepEqual(parseId('kv-2989900822'), { kind: 'questions', house: 'tk', document: 'kv-2989900822', zaak: null });
      assertRejected('kv-298990082');
    });

    it('reads Eerste Kamer kv-ek-{vraagnummer}, the vraagnummer standing for the zaak', () => {
      assert.deepEqual(parseId('kv-ek-215160000'), { kind: 'questions', house: 'ek', document: 'kv-ek-215160000', zaak: '215160000' });
      assert.deepEqual(parseId('KV-EK-215160000'), parseId('kv-ek-215160000'));
    });
  });

  describe('parseId: answer documents', () => {
    it('reads ah-tk-{vergaderjaar}-{n}', () => {
      assert.deepEqual(parseId('ah-tk-20232024-99'), ANSWER);
      assert.deepEqual(parseId('AH-TK-20232024-99'), ANSWER);
    });

    it('keeps a nader-antwoord suffix', () => {
      assert.deepEqual(parseId('ah-tk-20232024-99-n1'), { ...ANSWER, document: 'ah-tk-20232024-99-n1', suffix: 'n1' });
      assert.equal(canonicalId(parseId('AH-TK-20232024-99-N2')), 'ah-tk-20232024-99-n2');
    });

    it('keeps a herdruk suffix', () => {
      assert.deepEqual(parseId('ah-tk-20232024-99-h1'), { ...ANSWER, document: 'ah-tk-20232024-99-h1', suffix: 'h1' });
    });

    it('drops leading zeros from the number', () => {
      assert.deepEqual(parseId('ah-tk-20232024-099'), ANSWER);
    });

    it('reads Eerste Kamer answers', () => {
      assert.deepEqual(parseId('ah-ek-20192020-10'), {
        kind: 'answer',
        house: 'ek',
        document: 'ah-ek-20192020-10',
        vergaderjaar: '20192020',
        number: 10,
        suffix: null,
      });
      assert.equal(canonicalId(parseId('ah-ek-20192020-10-n1')), 'ah-ek-20192020-10-n1');
    });

    it('rejects non-consecutive years, number 0 and unknown suffixes', () => {
      assertRejected('ah-tk-20232025-99');
      assertRejected('ah-tk-20242023-99');
      assertRejected('ah-tk-20232024-0');
      assertRejected('ah-tk-20232024-99-x1');
      assertRejected('ah-tk-20232024-99-n');
      assertRejected('ah-xx-20232024-99');
      assertRejected('ah-tk-2023-2024-99');
    });
  });

  describe('Aanhangselnummers', () => {
    it('maps 181902411 to ah-tk-20182019-2411', () => {
      assert.equal(aanhangselnummerToId('181902411'), 'ah-tk-20182019-2411');
      assert.deepEqual(parseId('181902411'), {
        kind: 'answer',
        house: 'tk',
        document: 'ah-tk-20182019-2411',
        vergaderjaar: '20182019',
        number: 2411,
        suffix: null,
      });
    });

    it('handles the last five digits with leading zeros, and the century', () => {
      assert.equal(aanhangselnummerToId('232400099'), 'ah-tk-20232024-99');
      assert.equal(aanhangselnummerToId('091000001'), 'ah-tk-20092010-1');
      assert.equal(aanhangselnummerToId('989900822'), 'ah-tk-19981999-822');
      assert.equal(aanhangselnummerToId('990000822'), 'ah-tk-19992000-822');
      assert.equal(aanhangselnummerToId(' 181902411 '), 'ah-tk-20182019-2411');
    });

    it('rejects non-consecutive years', () => {
      assert.equal(aanhangselnummerToId('181802411'), undefined);
      assert.equal(aanhangselnummerToId('182002411'), undefined);
      assert.equal(aanhangselnummerToId('191802411'), undefined);
      assertRejected('181802411');
    });

    it('rejects other lengths, number 0 and non-digits', () => {
      assert.equal(aanhangselnummerToId('18190241'), undefined);
      assert.equal(aanhangselnummerToId('1819024111'), undefined);
      assert.equal(aanhangselnummerToId('181900000'), undefined);
      assert.equal(aanhangselnummerToId('1819O2411'), undefined);
      assert.equal(aanhangselnummerToId(''), undefined);
    });
  });

  describe('parseId: links', () => {
    it('reads zoek.officielebekendmakingen.nl in its variants', () => {
      for (const url of [
        'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html',
        'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.pdf',
        'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.xml',
        'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786',
        'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786/',
        'http://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html',
        'https://www.officielebekendmakingen.nl/kv-tk-2023Z11786.html',
        'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html?zoekcriteria=foo&resultIndex=3',
        'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html#anchor',
        'HTTPS://ZOEK.OFFICIELEBEKENDMAKINGEN.NL/KV-TK-2023Z11786.HTML',
        'zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html',
        '<https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html>',
        '(https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html).',
      ]) {
        assert.deepEqual(parseId(url), QUESTIONS, url);
      }
    });

    it('reads older zoek links to answers with query strings', () => {
      const url =
        'https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html?zoekcriteria=%3fzkt%3dUitgebreid%26pst%3d&resultIndex=12&sorttype=1&sortorder=4';
      assert.deepEqual(parseId(url), ANSWER);
      assert.equal(canonicalId(parseId('https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99-n1.html')), 'ah-tk-20232024-99-n1');
    });

    it('reads repository.overheid.nl FRBR paths', () => {
      assert.deepEqual(
        parseId('https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20202021/ah-tk-20202021-3235/1/xml/ah-tk-20202021-3235.xml'),
        { kind: 'answer', house: 'tk', document: 'ah-tk-20202021-3235', vergaderjaar: '20202021', number: 3235, suffix: null },
      );
      assert.deepEqual(
        parseId('https://repository.overheid.nl/frbr/officielepublicaties/kv/onopgemaakt/kv-2989900822/1/html/kv-2989900822.html'),
        { kind: 'questions', house: 'tk', document: 'kv-2989900822', zaak: null },
      );
      assert.deepEqual(
        parseId('https://repository.overheid.nl/frbr/officielepublicaties/kv-tk/20222023/kv-tk-2023Z11786/1/metadata/metadata.xml'),
        QUESTIONS,
      );
      assert.deepEqual(parseId('https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99'), ANSWER);
    });

    it('reads tweedekamer.nl detail pages by their id parameter', () => {
      assert.deepEqual(parseId('https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023Z11786&did=2023D27519'), ZAAK);
      assert.deepEqual(parseId('https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023z11786'), ZAAK);
      assert.deepEqual(parseId('https://tweedekamer.nl/kamerstukken/kamervragen/detail?did=2023D27519&id=2023Z11786'), ZAAK);
    });

    it('reads openkamer.org questions and answers', () => {
      assert.deepEqual(parseId('https://www.openkamer.org/kamervraag/2023Z11786/'), ZAAK);
      assert.deepEqual(parseId('https://openkamer.org/kamervraag/2023Z11786'), ZAAK);
      assert.deepEqual(parseId('https://www.openkamer.org/kamerantwoord/ah-tk-20232024-99/'), ANSWER);
    });

    it('rejects other sites and unknown paths on known sites', () => {
      assertRejected('https://example.com/kv-tk-2023Z11786.html');
      assertRejected('https://www.google.com/search?q=2023Z11786');
      assertRejected('ftp://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html');
      assertRejected('https://zoek.officielebekendmakingen.nl/');
      assertRejected('https://zoek.officielebekendmakingen.nl/stb-2020-118.html');
      assertRejected('https://zoek.officielebekendmakingen.nl/2023Z11786.html');
      assertRejected('https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20202021');
      assertRejected('https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2023D27519');
      assertRejected('https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023D27519');
      assertRejected('https://www.openkamer.org/kamervraag/');
      assertRejected('https://www.openkamer.org/persoon/2023Z11786/');
      assertRejected('https://');
    });
  });

  describe('parseId: garbage', () => {
    it('rejects empty and non-id input with a message listing the accepted forms', () => {
      for (const input of ['', '   ', '""', 'hello', 'foo', '2023', 'kv-tk-', 'ah-tk-20232024', 'kv-xx-2023Z11786', '12345678', 'kv-tk-2023Z11786 extra']) {
        assertRejected(input);
      }
    });

    it('gives the exact documented message', () => {
      assert.throws(() => parseId('foo'), {
        name: 'IdError',
        message:
          '"foo" is not a Kamervraag identifier. Use a zaaknummer (2023Z11786), a question document (kv-tk-2023Z11786), ' +
          'an answer document (ah-tk-20232024-99), an Aanhangselnummer (181902411) or a link to ' +
          'zoek.officielebekendmakingen.nl, repository.overheid.nl, tweedekamer.nl or openkamer.org.',
      });
    });

    it('shortens very long input in the message', () => {
      const long = 'x'.repeat(500);
      assert.throws(
        () => parseId(long),
        (e: unknown) => e instanceof IdError && e.message.startsWith(`"${'x'.repeat(79)}…" is not`) && e.input === long,
      );
    });
  });

  describe('canonicalId and round trips', () => {
    const samples = [
      '2023Z11786',
      'kv-tk-2023Z11786',
      'kv-tk-20062007-KVR27039',
      'kv-2989900822',
      'kv-ek-215160000',
      'ah-tk-20232024-99',
      'ah-tk-20232024-99-n1',
      'ah-tk-20232024-99-h1',
      'ah-ek-20192020-10',
      'ah-tk-20182019-2411',
    ];

    it('gives back the canonical string it was given', () => {
      for (const s of samples) assert.equal(canonicalId(parseId(s)), s);
    });

    it('parse(canonicalId(x)) equals x', () => {
      for (const s of [...samples, '2023z11786', 'KV-TK-2023z11786', '181902411', 'AH-TK-20232024-99-N1']) {
        const id = parseId(s);
        assert.deepEqual(parseId(canonicalId(id)), id, s);
      }
    });

    it('parse(zoekUrl(doc)) gives the same document', () => {
      for (const s of samples.filter((x) => x.includes('-'))) {
        const url = zoekUrl(s);
        assert.equal(url, `https://zoek.officielebekendmakingen.nl/${s}.html`);
        assert.deepEqual(parseId(url), parseId(s), s);
      }
    });

    it('parse(repositoryUrl(doc)) gives the same document', () => {
      for (const s of samples.filter((x) => x.includes('-'))) {
        for (const m of ['xml', 'html', 'pdf', 'metadata', 'metadataowms'] as const) {
          const url = repositoryUrl(s, m, '20222023');
          assert.ok(url, `${s} ${m}`);
          assert.deepEqual(parseId(url), parseId(s), url);
        }
      }
    });

    it('zaakOf gives the zaak when the id names one', () => {
      assert.equal(zaakOf(ZAAK), '2023Z11786');
      assert.equal(zaakOf(QUESTIONS), '2023Z11786');
      assert.equal(zaakOf(parseId('kv-ek-215160000')), '215160000');
      assert.equal(zaakOf(parseId('kv-2989900822')), null);
      assert.equal(zaakOf(ANSWER), null);
    });
  });

  describe('URLs out', () => {
    it('zoekUrl takes any form; a zaak gives its questions document', () => {
      assert.equal(zoekUrl('kv-tk-2023Z11786'), 'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html');
      assert.equal(zoekUrl('2023z11786'), 'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html');
      assert.equal(zoekUrl('181902411'), 'https://zoek.officielebekendmakingen.nl/ah-tk-20182019-2411.html');
      assert.throws(() => zoekUrl('hello'), IdError);
    });

    it('repositoryUrl builds each manifestation', () => {
      const base = 'https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99/1';
      assert.equal(repositoryUrl('ah-tk-20232024-99', 'xml'), `${base}/xml/ah-tk-20232024-99.xml`);
      assert.equal(repositoryUrl('ah-tk-20232024-99', 'html'), `${base}/html/ah-tk-20232024-99.html`);
      assert.equal(repositoryUrl('ah-tk-20232024-99', 'pdf'), `${base}/pdf/ah-tk-20232024-99.pdf`);
      assert.equal(repositoryUrl('ah-tk-20232024-99', 'metadata'), `${base}/metadata/metadata.xml`);
      assert.equal(repositoryUrl('ah-tk-20232024-99', 'metadataowms'), `${base}/metadataowms/metadata_owms.xml`);
    });

    it('repositoryUrl matches the documented example paths', () => {
      assert.equal(
        repositoryUrl('ah-tk-20202021-3235', 'xml'),
        'https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20202021/ah-tk-20202021-3235/1/xml/ah-tk-20202021-3235.xml',
      );
      assert.equal(
        repositoryUrl('kv-2989900822', 'html'),
        'https://repository.overheid.nl/frbr/officielepublicaties/kv/onopgemaakt/kv-2989900822/1/html/kv-2989900822.html',
      );
      assert.equal(
        repositoryUrl('kv-tk-20062007-KVR27039', 'xml'),
        'https://repository.overheid.nl/frbr/officielepublicaties/kv-tk/20062007/kv-tk-20062007-KVR27039/1/xml/kv-tk-20062007-KVR27039.xml',
      );
      assert.equal(
        repositoryUrl('ah-ek-20192020-10-n1', 'xml'),
        'https://repository.overheid.nl/frbr/officielepublicaties/ah-ek/20192020/ah-ek-20192020-10-n1/1/xml/ah-ek-20192020-10-n1.xml',
      );
    });

    it('repositoryUrl needs a group for questions named by zaak or vraagnummer', () => {
      assert.equal(repositoryUrl('kv-tk-2023Z11786', 'xml'), undefined);
      assert.equal(
        repositoryUrl('kv-tk-2023Z11786', 'xml', '20222023'),
        'https://repository.overheid.nl/frbr/officielepublicaties/kv-tk/20222023/kv-tk-2023Z11786/1/xml/kv-tk-2023Z11786.xml',
      );
      assert.equal(repositoryUrl('kv-tk-2023Z11786', 'xml', '2022-2023'), repositoryUrl('kv-tk-2023Z11786', 'xml', '20222023'));
      assert.equal(repositoryUrl('2023Z11786', 'metadata', '20222023'), repositoryUrl('kv-tk-2023Z11786', 'metadata', '20222023'));
      assert.equal(
        repositoryUrl('kv-ek-215160000', 'xml', '20152016'),
        'https://repository.overheid.nl/frbr/officielepublicaties/kv-ek/20152016/kv-ek-215160000/1/xml/kv-ek-215160000.xml',
      );
      assert.equal(repositoryUrl('kv-tk-2023Z11786', 'xml', '20222024'), undefined);
      assert.equal(repositoryUrl('kv-tk-2023Z11786', 'xml', 'nonsense'), undefined);
    });

    it('repositoryUrl ignores a group when the document has its own', () => {
      assert.equal(repositoryUrl('ah-tk-20232024-99', 'xml', '20102011'), repositoryUrl('ah-tk-20232024-99', 'xml'));
      assert.equal(repositoryUrl('kv-2989900822', 'xml', '20102011'), repositoryUrl('kv-2989900822', 'xml'));
    });

    it('repositoryUrl throws IdError for garbage', () => {
      assert.throws(() => repositoryUrl('hello', 'xml'), IdError);
    });

    it('tweedeKamerUrl and openKamerUrl take anything naming a Tweede Kamer zaak', () => {
      assert.equal(tweedeKamerUrl('2023Z11786'), 'https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023Z11786');
      assert.equal(tweedeKamerUrl('kv-tk-2023z11786'), 'https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023Z11786');
      assert.equal(openKamerUrl('2023z11786'), 'https://www.openkamer.org/kamervraag/2023Z11786/');
      assert.equal(openKamerUrl('https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html'), 'https://www.openkamer.org/kamervraag/2023Z11786/');
      assert.deepEqual(parseId(tweedeKamerUrl('2023Z11786')), ZAAK);
      assert.deepEqual(parseId(openKamerUrl('2023Z11786')), ZAAK);
    });

    it('tweedeKamerUrl and openKamerUrl reject ids without a Tweede Kamer zaak', () => {
      for (const input of ['ah-tk-20232024-99', 'kv-2989900822', 'kv-ek-215160000', 'kv-tk-20062007-KVR27039']) {
        assert.throws(() => tweedeKamerUrl(input), (e: unknown) => e instanceof IdError && /Tweede Kamer zaaknummer/.test(e.message), input);
        assert.throws(() => openKamerUrl(input), IdError, input);
      }
      assert.throws(() => tweedeKamerUrl('hello'), /is not a Kamervraag identifier/);
    });
  });

  describe('vergaderjaren', () => {
    it('labels eight digits and dashed forms as YYYY-YYYY', () => {
      assert.equal(vergaderjaarLabel('20232024'), '2023-2024');
      assert.equal(vergaderjaarLabel('2023-2024'), '2023-2024');
      assert.equal(vergaderjaarLabel('2023/2024'), '2023-2024');
      assert.equal(vergaderjaarLabel('2023/24'), '2023-2024');
      assert.equal(vergaderjaarLabel(' 2023 – 2024 '), '2023-2024');
    });

    it('gives the short citation form', () => {
      assert.equal(vergaderjaarShort('20232024'), '2023/24');
      assert.equal(vergaderjaarShort('2008-2009'), '2008/09');
      assert.equal(vergaderjaarShort('20092010'), '2009/10');
      assert.equal(vergaderjaarShort('19992000'), '1999/2000');
      assert.equal(vergaderjaarShort('1999/00'), '1999/2000');
    });

    it('rejects anything but two consecutive years', () => {
      for (const v of ['20232025', '2023-2025', '2023/25', '202324', '2023', '', 'abcdefgh', '20242023']) {
        assert.throws(() => vergaderjaarLabel(v), IdError, v);
        assert.throws(() => vergaderjaarShort(v), /is not a vergaderjaar/, v);
      }
    });
  });

  describe('findIds', () => {
    const paragraph =
      'De vragen 2023Z11786 (zie kv-tk-2023Z11786) zijn beantwoord in ah-tk-20232024-99, ' +
      'met een nader antwoord ah-tk-20232024-99-n1. Zie ook https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html, ' +
      '<https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023Z11786&did=2023D27519> en de Eerste Kamer: ' +
      'kv-ek-215160000 en ah-ek-20192020-10. Oud: kv-tk-20062007-KVR27039 en kv-2989900822.';

    it('finds every id in a paragraph, in order, with offsets', () => {
      const found = findIds(paragraph);
      assert.deepEqual(
        found.map((f) => f.text),
        [
          '2023Z11786',
          'kv-tk-2023Z11786',
          'ah-tk-20232024-99',
          'ah-tk-20232024-99-n1',
          'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html',
          'https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023Z11786&did=2023D27519',
          'kv-ek-215160000',
          'ah-ek-20192020-10',
          'kv-tk-20062007-KVR27039',
          'kv-2989900822',
        ],
      );
      for (const f of found) {
        assert.equal(paragraph.slice(f.start, f.end), f.text);
        assert.deepEqual(f.id, parseId(f.text));
      }
      assert.deepEqual(found[5]?.id, ZAAK);
    });

    it('reports a link once, not the id inside it again', () => {
      const text = 'Bron: https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html.';
      const found = findIds(text);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.text, 'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html');
      assert.deepEqual(found[0]?.id, QUESTIONS);
    });

    it('finds links in Markdown links', () => {
      const text = '[vragen](https://www.openkamer.org/kamervraag/2023Z11786/) en [antwoord](https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99/1/xml/ah-tk-20232024-99.xml)';
      const found = findIds(text);
      assert.deepEqual(found.map((f) => canonicalId(f.id)), ['2023Z11786', 'ah-tk-20232024-99']);
    });

    it('finds links written without scheme', () => {
      const text = 'zie www.openkamer.org/kamervraag/2023Z11786/ en zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html.';
      const found = findIds(text);
      assert.deepEqual(found.map((f) => f.text), ['www.openkamer.org/kamervraag/2023Z11786/', 'zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html']);
      assert.deepEqual(found.map((f) => f.id), [ZAAK, QUESTIONS]);
    });

    it('does not report ids inside links to other sites', () => {
      assert.deepEqual(findIds('zie https://example.com/2023Z11786/kv-tk-2023Z11786 en www.example.org/ah-tk-20232024-99'), []);
    });

    it('does not match inside longer words or numbers', () => {
      for (const text of ['x2023Z11786', '2023Z117861', '12023Z11786', '2023Z11786abc', 'xkv-tk-2023Z11786', 'ah-tk-20232024-99x', 'ah-tk-20232024-99-x1', 'pre-2023Z11786', '2023Z11786-foo']) {
        assert.deepEqual(findIds(text), [], text);
      }
    });

    it('skips id-looking tokens that are not valid', () => {
      assert.deepEqual(findIds('ah-tk-20232025-99 en kv-tk-20062008-KVR1'), []);
    });

    it('ignores bare nine-digit numbers unless asked', () => {
      const text = 'Aanhangselnummer 181902411, BSN 123456782.';
      assert.deepEqual(findIds(text), []);
      const found = findIds(text, { aanhangselnummers: true });
      assert.equal(found.length, 1);
      assert.equal(found[0]?.text, '181902411');
      assert.equal(found[0]?.start, text.indexOf('181902411'));
      assert.equal(canonicalId(found[0]!.id), 'ah-tk-20182019-2411');
    });

    it('accepts ids at the edges of the text and before punctuation', () => {
      const found = findIds('2023Z11786, ah-tk-20232024-99.');
      assert.deepEqual(found.map((f) => [f.start, f.end]), [[0, 10], [12, 29]]);
    });

    it('returns nothing for text without ids', () => {
      assert.deepEqual(findIds(''), []);
      assert.deepEqual(findIds('Geen Kamervragen hier, alleen 2023 en 11786.'), []);
    });
  });
});

describe('idToAanhangselnummer', () => {
  it('is the inverse of aanhangselnummerToId for Tweede Kamer answers', () => {
    assert.equal(idToAanhangselnummer('ah-tk-20232024-99'), '232400099');
    assert.equal(idToAanhangselnummer('ah-tk-20182019-2411'), '181902411');
    assert.equal(aanhangselnummerToId(idToAanhangselnummer('ah-tk-20202021-3235')!), 'ah-tk-20202021-3235');
    assert.equal(idToAanhangselnummer('ah-ek-20192020-10'), undefined);
    assert.equal(idToAanhangselnummer('kv-tk-2023Z11786'), undefined);
  });
});
