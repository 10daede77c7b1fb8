import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import type { Kamervraag } from '../../src/core/model';
import { quoteAnswer } from '../../src/core/quote';
import { DEFAULT_QUOTE_TEMPLATE, TEMPLATE_PLACEHOLDERS, renderCitationLine } from '../../src/core/template';

const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
const URL = 'https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html';

describe('citation line templates', () => {
  it('renders the default like the citation line of a quote', () => {
    for (const style of ['leidraad', 'short'] as const) {
      const quote = quoteAnswer(seed, 4, { style });
      const last = quote.trimEnd().split('\n').pop()!.replace(/^> /, '').replace(/ <!--.*-->$/, '');
      assert.equal(renderCitationLine(seed, [4], style, DEFAULT_QUOTE_TEMPLATE).line, last);
    }
    assert.deepEqual(renderCitationLine(seed, [4], 'leidraad', '— {citation}'), {
      line: `— [Aanhangsel Handelingen II 2023/24, nr. 99](${URL}), antwoord op vraag 4`, unknown: [],
    });
  });

  it('links the source part in APA, and the whole citation in the short style', () => {
    assert.equal(renderCitationLine(seed, [3], 'short', '{citation}').line, `[Kamervraag 2023Z11786, antwoord op vraag 3](${URL})`);
    const apa = renderCitationLine(seed, [3], 'apa', '{citation}').line;
    assert.ok(apa.startsWith('Hoekstra, W. & De Vries, A. (2023, 28 september). Het bericht ‘België verbiedt'));
    assert.ok(apa.includes(` \\[[Aanhangsel Handelingen II 2023/24, nr. 99](${URL}), antwoord op vraag 3\\]. ${URL}`));
  });

  it('fills every placeholder', () => {
    const template = TEMPLATE_PLACEHOLDERS.map((p) => `${p}={${p}}`).join(' | ');
    const { line, unknown } = renderCitationLine(seed, [3], 'leidraad', template);
    assert.deepEqual(unknown, []);
    assert.equal(line, [
      `citation=[Aanhangsel Handelingen II 2023/24, nr. 99](${URL}), antwoord op vraag 3`,
      'title=Het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s voor de douane, Nederland (nog) niet’',
      'zaak=2023Z11786',
      'question=vraag 3',
      'numbers=3',
      'date=28 september 2023',
      'submitted=23 juni 2023',
      'answeredBy=Wopke Hoekstra, Aukje de Vries',
      'submitters=Queeny Rajkowski (VVD), Nilüfer Gündoğan (Volt), Ruben Brekelmans (VVD)',
      `url=${URL}`,
    ].join(' | '));
  });

  it('names combined questions by their whole entry', () => {
    const combined: Kamervraag = { ...seed, entries: [{ ...seed.entries[4]!, numbers: [5, 6] }] };
    assert.equal(renderCitationLine(combined, [6], 'leidraad', '{question} ({numbers}): {citation}').line,
      `de vragen 5 en 6 (5, 6): [Aanhangsel Handelingen II 2023/24, nr. 99](${URL}), antwoord op de vragen 5 en 6`);
  });

  it('cites the whole Kamervraag without numbers, and a question quote without "antwoord op"', () => {
    assert.equal(renderCitationLine(seed, [], 'leidraad', '— {citation}{question}').line, `— [Aanhangsel Handelingen II 2023/24, nr. 99](${URL})`);
    assert.equal(renderCitationLine(seed, [2], 'leidraad', '— {citation}', { part: 'question' }).line,
      `— [Aanhangsel Handelingen II 2023/24, nr. 99](${URL}), vraag 2`);
  });

  it('leaves unknown placeholders as written and reports each once', () => {
    assert.deepEqual(renderCitationLine(seed, [1], 'leidraad', '{auteur} {citation} {auteur} {Bron} { title }'), {
      line: `{auteur} [Aanhangsel Handelingen II 2023/24, nr. 99](${URL}), antwoord op vraag 1 {auteur} {Bron} { title }`,
      unknown: ['auteur', 'Bron'],
    });
  });

  it('accepts names in any case and literal braces', () => {
    assert.equal(renderCitationLine(seed, [1], 'leidraad', '{{zaak}} {ZAAK} {AnsweredBy}}}').line, '{zaak} 2023Z11786 Wopke Hoekstra, Aukje de Vries}');
  });

  it('escapes Markdown in document text but not in the template, and keeps one line', () => {
    const odd: Kamervraag = { ...seed, title: '*Vet* [link](x) <b>\nnieuwe regel', submitters: [{ name: 'A_B', party: null }] };
    assert.equal(renderCitationLine(odd, [1], 'leidraad', '*{title}*\n— {submitters}').line,
      '*\\*Vet\\* \\[link\\](x) \\<b\\> nieuwe regel* — A\\_B');
  });

  it('leaves dates and links empty when they are unknown', () => {
    const bare: Kamervraag = { ...seed, answered: null, submitted: null, zaak: null, documents: [] };
    assert.equal(renderCitationLine(bare, [1], 'short', '{date}|{submitted}|{zaak}|{url}|{citation}').line, '||||Kamervraag , vraag 1');
  });

  it('refuses a question the Kamervraag does not have', () => {
    assert.throws(() => renderCitationLine(seed, [14], 'leidraad', '{citation}'), /no question 14/);
  });
});
