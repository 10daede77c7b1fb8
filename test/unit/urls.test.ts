/**
 * The one URL policy (core/urls.ts) and the removal of control and bidi characters (core/sanitize.ts),
 * held against every output: a Kamervraag whose documents claim `javascript:`, `command:` and `data:`
 * addresses and whose text carries NUL, ESC and bidi overrides (built from the real seed text export).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import { merge } from '../../src/core/kamervraag';
import type { Kamervraag } from '../../src/core/model';
import { citation, CITATION_STYLES, officialUrl } from '../../src/core/cite';
import { quoteAnswer, quoteQuestion } from '../../src/core/quote';
import { renderCitationLine } from '../../src/core/template';
import { toMarkdown } from '../../src/core/render';
import { toCsv } from '../../src/core/export/csv';
import { toJson } from '../../src/core/export/json';
import { toCslJson } from '../../src/core/export/cslJson';
import { toBibtex } from '../../src/core/export/bibtex';
import { card, openPanelUri } from '../../src/server/features/card';
import { isLinkable, linkUrl, OFFICIAL_SITES, textUrl } from '../../src/core/urls';
import { cleanText } from '../../src/core/sanitize';

const SEED = readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8');
const TODAY = '2026-11-27';
const ANSWER_URL = 'https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html';
/** What must never reach an output. */
const HOSTILE = /javascript:|command:|data:|vbscript:|file:/i;
// eslint-disable-next-line no-control-regex -- the characters under test
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The seed with hostile source addresses and text. */
function hostileSeed(): string {
  let text = SEED
    .replace(/^Bron antwoord .*$/m, 'Bron antwoord javascript:alert(1)')
    .replace(/^Bron vraag .*$/m, 'Bron vraag command:workbench.action.quit');
  assert.notEqual(text, SEED);
  // ESC (a terminal colour), NUL, a right-to-left override and an isolate in question 1 and its answer.
  text = text.replace('\n  Ja.\n', '\n  Ja.\u001b[31m\u0000 \u202eNee\u202c \u2067x\u2069\n');
  text = text.replace('Bent u bekend met het bericht', 'Bent u\u0007 bekend met\u0085 het bericht');
  assert.ok(CONTROL.test(text));
  return text;
}

/** Every output a user can take a Kamervraag into. */
function everyOutput(kv: Kamervraag): Record<string, string> {
  const out: Record<string, string> = {
    'quote of an answer': quoteAnswer(kv, 1, { style: 'leidraad' }),
    'quote of a question': quoteQuestion(kv, 1, { style: 'apa' }),
    'quote with {url}': quoteAnswer(kv, 1, { style: 'short', template: '— {citation} ({url})' }),
    'citation line': renderCitationLine(kv, [1], 'apa', '{citation} {url}').line,
    markdown: toMarkdown(kv),
    csv: toCsv([kv]),
    json: toJson([kv], { exported: new Date(0) }),
    'csl-json': toCslJson([kv]),
    bibtex: toBibtex([kv]),
    // The card's own link to the reading panel is the one command: link it may have.
    hover: card({ key: '2023Z11786', kamervraag: kv }, [1], TODAY).replace(`(${openPanelUri('2023Z11786', 1)})`, ''),
  };
  for (const style of CITATION_STYLES) out[`citation (${style})`] = citation(kv, style, 1);
  return out;
}

describe('the URL policy', () => {
  it('links only http(s) addresses of the official sites', () => {
    for (const url of [
      ANSWER_URL,
      'https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99/1/xml/ah-tk-20232024-99.xml',
      'https://wetten.overheid.nl/BWBR0005537/',
      'https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023Z11786',
      'https://opendata.tweedekamer.nl/',
      'https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak',
      'https://www.eerstekamer.nl/',
      'http://www.rijksoverheid.nl/documenten/rapporten/2023/06/01/x',
      'HTTPS://ZOEK.OFFICIELEBEKENDMAKINGEN.NL/kv-tk-2023Z11786.html',
    ]) assert.ok(isLinkable(url), url);
    for (const url of [
      'javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\nscript:alert(1)',
      'command:workbench.action.quit', 'vscode://file/etc/passwd', 'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd', 'https://www.example.org/', 'https://tweedekamer.nl.attacker.example/',
      'https://nottweedekamer.nl/', 'https://user:pw@www.tweedekamer.nl/', 'https://www.tweedekamer.nl:8443/',
'//www.tweedekamer.nl/', '/relative', '', 'https://' + 'a'.repeat(3000) + '.tweedekamer.nl/',
    ]) assert.equal(linkUrl(url), null, url);
  });

  it('links the configured endpoints too, by origin', () => {
    assert.equal(linkUrl('http://127.0.0.1:8080/zoek/ah-tk-20232024-99.html', ['http://127.0.0.1:8080/zoek/']), 'http://127.0.0.1:8080/zoek/ah-tk-20232024-99.html');
    assert.equal(linkUrl('http://127.0.0.1:8081/x', ['http://127.0.0.1:8080/zoek/']), null);
    assert.equal(linkUrl('javascript:alert(1)', ['javascript:alert(1)']), null);
  });

  it('gives addresses that cannot end a Markdown link, a LaTeX group or an attribute', () => {
    assert.equal(linkUrl('https://www.tweedekamer.nl/\u202egnp.exe'), 'https://www.tweedekamer.nl/%E2%80%AEgnp.exe');
    assert.equal(linkUrl('https://zoek.officielebekendmakingen.nl/x) [a](javascript:alert(1)'),
      'https://zoek.officielebekendmakingen.nl/x%29%20%5Ba%5D%28javascript:alert%281%29');
    assert.equal(linkUrl('https://www.tweedekamer.nl/a{b}\\c"d\'e<f>'), 'https://www.tweedekamer.nl/a%7Bb%7D/c%22d%27e%3Cf%3E');
  });

  it('shows other web addresses as text, and nothing else', () => {
    assert.equal(textUrl('https://www.example.org/a?b=c'), 'https://www.example.org/a?b=c');
    assert.equal(textUrl('javascript:alert(1)'), null);
    assert.equal(textUrl('data:text/plain,hi'), null);
  });

  it('names the official sites it documents', () => {
    assert.deepEqual([...OFFICIAL_SITES].sort(), ['eerstekamer.nl', 'officielebekendmakingen.nl', 'overheid.nl', 'rijksoverheid.nl', 'tweedekamer.nl']);
  });
});

describe('hostile documents in every output', () => {
  const kv = parseKamervraag([hostileSeed()], TODAY);

  it('keeps the hostile addresses in no output, and links the official publication by its id', () => {
    assert.deepEqual(kv.documents.map((d) => d.url), [null, null], 'the model keeps no address that is not a web address');
    assert.doesNotMatch(JSON.stringify(kv), HOSTILE, 'so neither does `kamervragen parse --format json` nor the library');
    assert.equal(officialUrl(kv), ANSWER_URL);
    for (const [name, text] of Object.entries(everyOutput(kv))) {
      assert.doesNotMatch(text, HOSTILE, name);
    }
    assert.equal(quoteAnswer(kv, 2, { style: 'leidraad' }).split('\n').pop(), '');
    assert.match(quoteAnswer(kv, 2, { style: 'leidraad' }), /— \[Aanhangsel Handelingen II 2023\/24, nr\. 99\]\(https:\/\/zoek\.officielebekendmakingen\.nl\/ah-tk-20232024-99\.html\), antwoord op vraag 2 <!--/);
  });

  it('drops data: and unreadable addresses where no official id stands behind them', () => {
    const odd = merge([{
      zaak: '2099Z00001', title: 'Noot', submitted: '2024-01-10',
      documents: [{ id: 'weird id)](x', kind: 'questions', date: '2024-01-10', url: 'data:text/html;base64,PHNjcmlwdD4=' }],
      entries: [{ numbers: [1], question: 'Vraag?', answer: 'Antwoord.', refersTo: [], footnotes: [
        { number: 1, text: '', url: 'javascript:alert(1)', document: null, in: 'question' },
        { number: 2, text: 'Bericht', url: 'https://www.example.org/nieuws', document: null, in: 'answer' },
        { number: 3, text: 'Wet', url: 'https://wetten.overheid.nl/BWBR0005537/', document: null, in: 'answer' },
      ] }],
    }], TODAY);
    assert.equal(officialUrl(odd), null);
    for (const [name, text] of Object.entries(everyOutput(odd))) assert.doesNotMatch(text, HOSTILE, name);
    const md = toMarkdown(odd);
    assert.match(md, /^2\. Bericht `https:\/\/www\.example\.org\/nieuws`$/m, 'another site: text, not a link');
    assert.match(md, /^3\. Wet <https:\/\/wetten\.overheid\.nl\/BWBR0005537\/>$/m, 'an official site: a link');
    assert.match(md, /^1\. $/m);
    const json = JSON.parse(toJson([odd])) as { items: Kamervraag[] };
    assert.equal(json.items[0]!.documents[0]!.url, null);
    assert.deepEqual(json.items[0]!.entries[0]!.footnotes.map((f) => f.url), [null, 'https://www.example.org/nieuws', 'https://wetten.overheid.nl/BWBR0005537/']);
  });

  it('removes NUL, ESC, C1 and bidi controls where documents enter the model', () => {
    assert.equal(kv.entries[0]!.answer, 'Ja.[31m Nee x');
    assert.match(kv.entries[0]!.question, /^Bent u bekend met het bericht/);
    for (const [name, text] of Object.entries(everyOutput(kv))) assert.doesNotMatch(text.replace(/\r\n/g, '\n'), CONTROL, name);
  });

  it('cleans every string of drafts from any source', () => {
    const kv2 = merge([{ zaak: '2099Z00001', title: 'T\u202eitel\u0000', submitters: [{ name: 'A\u001bB', party: 'X\u2066' }], notices: [{ kind: 'other', date: null, text: 'a\r\nb\rc' }] }], TODAY);
    assert.equal(kv2.title, 'Titel');
    assert.deepEqual(kv2.submitters, [{ name: 'AB', party: 'X' }]);
    assert.equal(kv2.notices[0]!.text, 'a\nb\nc');
  });

  it('leaves real Dutch text alone and scans long text in linear time', () => {
    const real = 'Café «België» – 8%\u00a0rente; ‘quote’ ĳ ß \u200b';
    assert.equal(cleanText(real), real);
    const long = 'a\u001b'.repeat(200_000);
    const t0 = performance.now();
    assert.equal(cleanText(long).length, 200_000);
    assert.ok(performance.now() - t0 < 2000);
  });
});

describe('the URL policy on the footnotes of real answers', () => {
  interface FragmentDoc {
    vraagdata: Record<string, { vraag: [string, string]; antwoord: [string, string] }>;
  }
  const FRAGMENTS = JSON.parse(readFileSync('test/fixtures/xml-fragments/ah-tk_vraag-antwoord_fragments_4docs.json', 'utf8')) as Record<string, FragmentDoc>;

  /** Each document's vraag/antwoord elements in order, wrapped as a publication (as parse.koopXml.test does). */
  function kamervraagOf(id: string): Kamervraag {
    const keys = Object.keys(FRAGMENTS[id]!.vraagdata).sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]));
    const body = keys.flatMap((nr) => [FRAGMENTS[id]!.vraagdata[nr]!.vraag[1], FRAGMENTS[id]!.vraagdata[nr]!.antwoord[1]]).join('');
    return parseKamervraag([`<officiele-publicatie><kamervragen>${body}</kamervragen></officiele-publicatie>`], TODAY);
  }

  it('links the government sites the answers cite, and shows news and EU sites as text', () => {
    const links: string[] = [];
    const texts: string[] = [];
    for (const id of Object.keys(FRAGMENTS)) {
      const md = toMarkdown(kamervraagOf(id));
      for (const m of md.matchAll(/^\d+\. .*?<(https?:[^>]+)>$/gm)) links.push(new URL(m[1]!).hostname);
      for (const m of md.matchAll(/^\d+\. .*?`(https?:[^`]+)`$/gm)) texts.push(new URL(m[1]!).hostname);
    }
    assert.ok(links.includes('www.rijksoverheid.nl'), links.join(' '));
    assert.ok(links.includes('open.overheid.nl'), links.join(' '));
    assert.ok(texts.includes('nos.nl'), texts.join(' '));
    assert.ok(texts.includes('ec.europa.eu'), texts.join(' '));
    assert.ok(links.every((host) => isLinkable(`https://${host}/`)));
    assert.ok(texts.every((host) => !isLinkable(`https://${host}/`)));
  });
});
