import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ParseError } from '../../src/core/model';
import { parseKoopHtml } from '../../src/core/parse/koopHtml';
import { parseKoopXml } from '../../src/core/parse/koopXml';

const HTML = readFileSync('test/fixtures/koop/ah-tk-20202021-3235.repository.html', 'utf8');
const XML = readFileSync('test/fixtures/koop/ah-tk-20202021-3235.xml', 'utf8');
/** Questions of kv-tk-2016Z00020 with the notes of kv-tk-2016Z00047 (see its .source.txt). */
const PAGE_2016 = readFileSync('test/fixtures/openkamer-2016/kv-tk-2016_combined_page.html', 'utf8');

describe('parseKoopHtml: repository HTML of ah-tk-20202021-3235', () => {
  const html = parseKoopHtml(HTML);
  const xml = parseKoopXml(XML);

  it('gives the same entries as the official XML', () => {
    assert.equal(html.entries?.length, 9);
    assert.deepEqual(html.entries, xml.entries);
    assert.deepEqual(html.entries?.[3]?.refersTo, [2, 3]);
  });

  it('gives the same dates, submitters and answerer as the XML', () => {
    assert.equal(html.submitted, xml.submitted);
    assert.equal(html.answered, xml.answered);
    assert.deepEqual(html.submitters, xml.submitters);
    assert.deepEqual(html.answeredBy?.map((a) => a.name), ['Koolmees']);
    assert.deepEqual(html.answeredBy, xml.answeredBy);
    assert.deepEqual(html.addressees, xml.addressees);
    assert.equal(html.vergaderjaar, xml.vergaderjaar);
    assert.equal(html.house, 'tk');
  });

  it('reads the meta tags of the head', () => {
    assert.equal(html.zaak, '2021Z09739');
    assert.equal(html.title, 'Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo');
    assert.deepEqual(html.topics, ['economie', 'ondernemen', 'sociale zekerheid', 'organisatie en beleid']);
    assert.deepEqual(html.documents, [{
      id: 'ah-tk-20202021-3235', kind: 'answer', date: '2021-06-21',
      url: 'https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html',
    }]);
  });
});

describe('parseKoopHtml: zoek.officielebekendmakingen.nl page (2016 template)', () => {
  it('reads four questions without answers', () => {
    const draft = parseKoopHtml(PAGE_2016);
    assert.deepEqual(draft.entries?.map((e) => [e.numbers, e.answer]), [[[1], null], [[2], null], [[3], null], [[4], null]]);
    assert.match(draft.entries?.[3]?.question ?? '', /^Bent u bereid de Inspectie SZW per direct onderzoek te laten doen naar deze situatie\? Zo ja,/);
  });

  it('takes the footnote marks out and attaches the notes of div#noten', () => {
    const draft = parseKoopHtml(PAGE_2016);
    const first = draft.entries?.[0];
    assert.equal(first?.question, 'Wat is uw reactie op het bericht «Veel beginnende ggz-krachten krijgen alleen onkostenvergoeding»?');
    assert.deepEqual(first?.footnotes, [
      { number: 1, text: 'http://nos.nl/l/2077649', url: 'http://nos.nl/l/2077649', document: null, in: 'question' },
      { number: 2, text: 'VOG: verklaring omtrent gedrag', url: null, document: null, in: 'question' },
    ]);
    assert.ok(draft.entries?.slice(1).every((e) => e.footnotes.length === 0));
  });

  it('matches a mark to its note by href before its number', () => {
    // Point mark 1 at note 2 and mark 2 at note 1: the ids decide.
    const page = PAGE_2016
      .replace('href="#ID-2016Z00020-d37e57"', 'href="#ID-2016Z00047-d37e69"')
      .replace('href="#n2"', 'href="#ID-2016Z00047-d37e61"');
    const notes = parseKoopHtml(page).entries?.[0]?.footnotes ?? [];
    assert.deepEqual(notes.map((f) => [f.number, f.url]), [[2, null], [1, 'http://nos.nl/l/2077649']]);
  });
});

describe('parseKoopHtml: shapes built from the templates', () => {
  it('reads lists, tables, links to publications and footnotes in answers', () => {
    const draft = parseKoopHtml(`<html><body><div id="broodtekst">
      <div class="vraag"><h2 class="stuktitel">Vraag 1</h2><p>Kent u het bericht?<sup><a class="nootnum" href="#n1">1</a></sup></p></div>
      <div class="antwoord"><h2 class="stuktitel">Antwoord 1</h2>
        <p>Ja, zie <a href="kst-31066-77.html">Kamerstuk 31 066, nr. 77</a>.<sup><a class="nootnum" href="#n2">2</a></sup></p>
        <ul><li>een</li><li>– twee</li></ul><ol><li>drie</li></ol>
        <table><tr><th>Jaar</th><th>Aantal</th></tr><tr><td>2020</td><td>12</td></tr></table></div>
      <div id="noten">
        <div class="voet noot" id="n1"><sup><span class="nootnum">1</span></sup><p>Zie <a href="https://example.org/bericht">het bericht</a>.</p></div>
        <div class="voet noot" id="n2"><sup><span class="nootnum">2</span></sup><p><a href="kst-31066-77.html">Kamerstuk 31 066, nr. 77</a></p></div>
      </div></div></body></html>`);
    const e = draft.entries?.[0];
    assert.equal(e?.question, 'Kent u het bericht?');
    assert.equal(e?.answer, 'Ja, zie Kamerstuk 31 066, nr. 77.\n\n- een\n\n- twee\n\n1. drie\n\nJaar | Aantal\n\n2020 | 12');
    assert.deepEqual(e?.footnotes, [
      { number: 1, text: 'Zie het bericht.', url: 'https://example.org/bericht', document: null, in: 'question' },
      { number: 2, text: 'Kamerstuk 31 066, nr. 77', url: 'https://zoek.officielebekendmakingen.nl/kst-31066-77.html', document: 'kst-31066-77', in: 'answer' },
    ]);
  });

  it('refuses a page without question blocks', () => {
    assert.throws(
      () => parseKoopHtml('<html><head><title>Kamerstuk 31066, nr. 77</title></head><body><p>Brief</p></body></html>'),
      (e: unknown) => e instanceof ParseError && /^Not a Kamervragen page: the HTML has no question blocks \(div\.vraag\) — its title is "Kamerstuk 31066, nr\. 77"\.$/.test(e.message),
    );
    assert.throws(() => parseKoopHtml(''), ParseError);
  });
});

describe('parseKoopHtml: what it refuses', () => {
  const SEED_HTML = readFileSync('test/fixtures/koop/ah-tk-20232024-99.repository.html', 'utf8');
  const truncated = (e: unknown): boolean => e instanceof ParseError && /^The HTML is incomplete \(truncated\): it ends inside /.test(e.message) && !e.message.includes('\n');

  it('refuses a page cut off mid-answer (no closing structure), as the XML path does', () => {
    // The cut of the issue: two of 13 entries, the last answer ending mid-sentence.
    const cut = SEED_HTML.indexOf('</p>', SEED_HTML.indexOf('class="antwoord"', SEED_HTML.indexOf('class="antwoord"') + 1)) - 20;
    assert.throws(() => parseKoopHtml(SEED_HTML.slice(0, cut)), (e: unknown) =>
      truncated(e) && /it ends inside <(?:div|p)>, and <\/html> is missing\.$/.test((e as Error).message));
    assert.throws(() => parseKoopHtml(HTML.slice(0, HTML.lastIndexOf('</body>'))), (e: unknown) =>
      truncated(e) && /it ends inside <body>, and <\/html> is missing\.$/.test((e as Error).message));
    assert.throws(() => parseKoopHtml(HTML.slice(0, HTML.lastIndexOf('</html>') + 4)), /ends inside a tag at line \d+/);
  });

  it('refuses every cut of the repository HTML and the 2016 page, wherever it falls', () => {
    for (const page of [HTML, SEED_HTML, PAGE_2016]) {
      const end = page.lastIndexOf('</html>') + '</html>'.length - 1;
      for (let cut = 50; cut < end; cut += 397) {
        assert.throws(() => parseKoopHtml(page.slice(0, cut)), (e: unknown) => e instanceof ParseError, `cut at ${cut}`);
      }
      assert.equal(parseKoopHtml(page.slice(0, end + 1)).entries?.length, parseKoopHtml(page).entries?.length);
    }
  });

  it('reads a fragment of question blocks that are all closed, and refuses one that is not', () => {
    const fragment = readFileSync('test/fixtures/openkamer-2016/kv-tk-2016Z00020_vragen_fragment.html', 'utf8');
    assert.equal(parseKoopHtml(fragment).entries?.length, 4);
    assert.throws(() => parseKoopHtml(fragment.slice(0, fragment.lastIndexOf('</div>'))), truncated);
  });
});
