import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import {
  QUOTE_MARKER, citation, escapeMarkdown, sourceCitation, unescapeMarkdown, vergaderjaarOf,
} from '../../src/core/cite';
import type { Kamervraag } from '../../src/core/model';
import { quoteAnswer } from '../../src/core/quote';

const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');

describe('citations', () => {
  it('uses the Leidraad form for an answered Kamervraag', () => {
    assert.equal(citation(seed, 'leidraad'), 'Aanhangsel Handelingen II 2023/24, nr. 99');
    assert.equal(citation(seed, 'leidraad', 3), 'Aanhangsel Handelingen II 2023/24, nr. 99, antwoord op vraag 3');
  });

  it('cites questions without an answer document by zaaknummer and ingezonden date', () => {
    const open: Kamervraag = { ...seed, documents: seed.documents.filter((d) => d.kind === 'questions'), answered: null };
    assert.equal(sourceCitation(open), 'Kamervragen II 2022/23, 2023Z11786 (ingezonden 23 juni 2023)');
    assert.equal(citation(open, 'leidraad', 2), 'Kamervragen II 2022/23, 2023Z11786 (ingezonden 23 juni 2023), vraag 2');
  });

  it('writes the Eerste Kamer as I', () => {
    const ek: Kamervraag = { ...seed, house: 'ek', documents: [{ id: 'ah-ek-20192020-10', kind: 'answer', date: null, url: null }] };
    assert.equal(sourceCitation(ek), 'Aanhangsel Handelingen I 2019/20, nr. 10');
  });

  it('names combined answers', () => {
    const combined: Kamervraag = { ...seed, entries: [{ ...seed.entries[4]!, numbers: [5, 6] }] };
    assert.equal(citation(combined, 'leidraad', 6), 'Aanhangsel Handelingen II 2023/24, nr. 99, antwoord op de vragen 5 en 6');
  });

  it('has an APA and a short form', () => {
    assert.equal(citation(seed, 'short', 3), 'Kamervraag 2023Z11786, antwoord op vraag 3');
    assert.equal(
      citation(seed, 'apa', 3),
      'Hoekstra, W. & De Vries, A. (2023, 28 september). Het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s voor de douane, Nederland (nog) niet’ [Aanhangsel Handelingen II 2023/24, nr. 99, antwoord op vraag 3]. https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html',
    );
  });

  it('says which questions exist when asked for one that does not', () => {
    assert.throws(() => citation(seed, 'leidraad', 14), /no question 14 .* numbered 1–13/);
  });

  it('knows when a vergaderjaar starts (Prinsjesdag)', () => {
    assert.equal(vergaderjaarOf('2023-06-23'), '2022-2023');
    assert.equal(vergaderjaarOf('2023-09-18'), '2022-2023');
    assert.equal(vergaderjaarOf('2023-09-19'), '2023-2024');
    assert.equal(vergaderjaarOf('2024-09-17'), '2024-2025');
  });
});

describe('quotes', () => {
  it('quotes an answer as a block with citation, link and marker', () => {
    assert.equal(
      quoteAnswer(seed, 4, { style: 'leidraad' }),
      '> Zie antwoord vraag 3.\n>\n> — [Aanhangsel Handelingen II 2023/24, nr. 99](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html), antwoord op vraag 4 <!-- kamervraag:2023Z11786 vraag=4 -->\n',
    );
  });

  it('keeps every paragraph of the answer inside the block, with CRLF when asked', () => {
    const q = quoteAnswer(seed, 3, { style: 'short', eol: '\r\n' });
    const lines = q.split('\r\n');
    assert.equal(lines.filter((l) => l === '>').length, 6);
    assert.ok(lines.slice(0, -1).every((l) => l.startsWith('>')));
    assert.ok(!q.replace(/\r\n/g, '').includes('\n'));
  });

  it('is recognisable by its marker', () => {
    const m = QUOTE_MARKER.exec(quoteAnswer(seed, 7, { style: 'leidraad' }));
    assert.deepEqual([m?.[1], m?.[2]], ['2023Z11786', '7']);
  });

  it('refuses to quote an unanswered question', () => {
    const open: Kamervraag = { ...seed, entries: [{ ...seed.entries[0]!, answer: null }] };
    assert.throws(() => quoteAnswer(open, 1, { style: 'leidraad' }), /has no answer yet/);
  });

  it('escapes Markdown so the text renders as written, and unescapes back', () => {
    const raw = '1. De *kosten* zijn <b>hoog</b> [zie bijlage] en_ook `code` | #1';
    const esc = escapeMarkdown(raw);
    assert.equal(esc, '1\\. De \\*kosten\\* zijn \\<b\\>hoog\\</b\\> \\[zie bijlage\\] en\\_ook \\`code\\` \\| #1');
    assert.equal(unescapeMarkdown(esc), raw);
    assert.equal(escapeMarkdown('- een opsomming'), '\\- een opsomming');
  });
});

describe('vergaderjaar in citations', () => {
  it('writes the turn of the century in full', () => {
    const old: Kamervraag = { ...seed, documents: [{ id: 'ah-tk-19992000-12', kind: 'answer', date: null, url: null }] };
    assert.equal(sourceCitation(old), 'Aanhangsel Handelingen II 1999/2000, nr. 12');
  });
});
