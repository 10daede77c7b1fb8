import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import type { Kamervraag } from '../../src/core/model';
import { CSV_COLUMNS, toCsv } from '../../src/core/export/csv';
import { LIBRARY_FORMAT, toJson, type Kamervraag1 } from '../../src/core/export/json';
import { toCslItems, toCslJson } from '../../src/core/export/cslJson';
import { escapeLatex, toBibtex } from '../../src/core/export/bibtex';
import { splitName } from '../../src/core/export/names';

const read = (path: string): string => readFileSync(path, 'utf8');
const seed = parseKamervraag([read('test/fixtures/seeds/kamervraag-2023Z11786.txt')], '2026-11-27');
const tozo = parseKamervraag([read('test/fixtures/koop/ah-tk-20202021-3235.xml'), read('test/fixtures/koop/ah-tk-20202021-3235.metadata.xml')], '2026-11-27');

/** A Kamervraag whose every text field holds what breaks naive exporters. */
const hostile: Kamervraag = {
  ...seed,
  zaak: '2024Z00001',
  title: 'Het "bericht", over {accolades} & 100% $winst #1 a_b ~x^2 \\pad\nmet «regel»\r\neinde; ook',
  submitters: [{ name: 'Jan "Jantje" de Boer', party: 'A&B, "C"' }, { name: 'Piet', party: null }],
  addressees: [{ name: null, role: 'Minister van Financiën; Toeslagen' }],
  answeredBy: [{ name: 'Ank {Bijleveld} van der Laan', role: null, party: null }],
  topics: ['tweede; lijst', 'a,b'],
  documents: [{ id: 'ah-tk-20232024-7', kind: 'answer', date: '2024-01-05', url: 'https://zoek.officielebekendmakingen.nl/a b{c}?x=1%&y=%20' }],
  answered: '2024-01-05',
};

// ---------------------------------------------------------------------------------------------
// A small RFC 4180 reader, independent of the writer, to read the CSV back.

function parseCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') {
      assert.equal(field, '', `a quote inside an unquoted field at ${i}`);
      quoted = true; i++; continue;
    }
    if (c === separator) { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    assert.ok(c !== '\n' && c !== '\r', `a bare line break outside quotes at ${i}`);
    field += c; i++;
  }
  assert.equal(quoted, false, 'an unterminated quoted field');
  assert.ok(row.length === 0 && field === '', 'the last record ends in CRLF');
  return rows;
}

describe('CSV export', () => {
  it('writes a BOM, a header and one CRLF-terminated row per Kamervraag', () => {
    const csv = toCsv([seed, tozo]);
    assert.ok(csv.startsWith('\uFEFFzaak,title,house,submitted,answered,daysToAnswer,deadline,status,submitters,parties,addressees,answeredBy,topics,answerDocument,url,questions\r\n'));
    const rows = parseCsv(csv.slice(1));
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.length === CSV_COLUMNS.length));
    assert.deepEqual(rows[1], [
      '2023Z11786',
      'Het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s voor de douane, Nederland (nog) niet’',
      'tk', '2023-06-23', '2023-09-28', '97', '2023-08-04', 'answered-late',
      'Queeny Rajkowski (VVD); Nilüfer Gündoğan (Volt); Ruben Brekelmans (VVD)',
      'VVD; Volt',
      'Staatssecretaris van Financiën; Minister van Buitenlandse Zaken',
      'Wopke Hoekstra; Aukje de Vries',
      'economie; financieel toezicht; financiën; handel; internationaal; organisatie en beleid',
      'ah-tk-20232024-99',
      'https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html',
      '13',
    ]);
    assert.deepEqual(rows[2]!.slice(0, 8), ['2021Z09739', 'De TOZO', 'tk', '2021-06-03', '2021-06-21', '18', '2021-06-24', 'answered-on-time']);
    assert.equal(rows[2]![15], '9');
  });

  it('reads back field for field, with quotes, separators and line breaks inside', () => {
    for (const separator of [',', ';'] as const) {
      const rows = parseCsv(toCsv([hostile, seed], { separator, bom: false }), separator);
      assert.equal(rows[1]![0], '2024Z00001');
      assert.equal(rows[1]![1], hostile.title);
      assert.equal(rows[1]![8], 'Jan "Jantje" de Boer (A&B, "C"); Piet');
      assert.equal(rows[1]![9], 'A&B, "C"');
      assert.equal(rows[1]![12], 'tweede; lijst; a,b');
      assert.equal(rows[1]![14], 'https://zoek.officielebekendmakingen.nl/a%20b%7Bc%7D?x=1%&y=%20', 'as the URL policy writes it');
      assert.equal(rows[2]![0], '2023Z11786');
      assert.equal(rows.length, 3);
    }
  });

  it('quotes only what must be quoted, and leaves empty values empty', () => {
    const open: Kamervraag = { ...tozo, answered: null, daysToAnswer: null, documents: [], zaak: null };
    const [, line] = toCsv([open], { bom: false }).split('\r\n');
    assert.match(line!, /^,De TOZO,tk,2021-06-03,,,2021-06-24,answered-on-time,Van Weyenberg \(D66\); Romke de Jong \(D66\); Kat \(D66\),D66,/);
    assert.ok(!toCsv([hostile], { bom: false }).includes('""""'));
    assert.ok(toCsv([hostile], { bom: false }).includes('"Het ""bericht"", over'));
  });

  it('writes only the header for an empty library', () => {
    assert.equal(parseCsv(toCsv([], { bom: false })).length, 1);
  });
});

describe('JSON export', () => {
  it('wraps the items in the kamervragen-library/1 envelope', () => {
    const json = toJson([seed, tozo], { exported: new Date('2026-11-27T10:00:00Z') });
    const doc = JSON.parse(json) as { format: string; exported: string; items: Kamervraag1[] };
    assert.equal(doc.format, LIBRARY_FORMAT);
    assert.equal(doc.exported, '2026-11-27T10:00:00.000Z');
    assert.deepEqual(doc.items.map((kv) => ({ ...kv, entries: kv.entries.map(({ commitments: _c, ...e }) => e) })), [seed, tozo]);
    assert.ok(json.endsWith('}\n'));
  });

  it('writes the kamervraag/1 fields in their order and nothing else', () => {
    const stray = { ...tozo, fetchedAt: '2026-01-01', entries: tozo.entries.map((e) => ({ ...e, extra: 1 })) } as Kamervraag;
    const [item] = (JSON.parse(toJson([stray])) as { items: Array<Record<string, unknown>> }).items;
    assert.deepEqual(Object.keys(item!), ['format', 'zaak', 'house', 'title', 'submitted', 'answered', 'daysToAnswer', 'deadline', 'status',
      'vergaderjaar', 'submitters', 'addressees', 'answeredBy', 'topics', 'documents', 'notices', 'remarks', 'entries', 'warnings']);
    assert.deepEqual(Object.keys((item!['entries'] as object[])[0]!), ['numbers', 'question', 'answer', 'refersTo', 'footnotes', 'commitments']);
    assert.equal(item!['format'], 'kamervraag/1');
  });

  it('survives hostile text and stamps the time by default', () => {
    const doc = JSON.parse(toJson([hostile])) as { exported: string; items: Kamervraag[] };
    assert.equal(doc.items[0]!.title, hostile.title);
    assert.ok(Math.abs(Date.parse(doc.exported) - Date.now()) < 60_000);
  });
});

// ---------------------------------------------------------------------------------------------
// A structural check of CSL-JSON: the shape the CSL-JSON schema (csl-data.json) asks for.

const CSL_TYPES = new Set(['article', 'article-journal', 'article-magazine', 'article-newspaper', 'bill', 'book', 'broadcast', 'chapter',
  'classic', 'collection', 'dataset', 'document', 'entry', 'entry-dictionary', 'entry-encyclopedia', 'event', 'figure', 'graphic', 'hearing',
  'interview', 'legal_case', 'legislation', 'manuscript', 'map', 'motion_picture', 'musical_score', 'pamphlet', 'paper-conference', 'patent',
  'performance', 'periodical', 'personal_communication', 'post', 'post-weblog', 'regulation', 'report', 'review', 'review-book', 'software',
  'song', 'speech', 'standard', 'thesis', 'treaty', 'webpage']);
const CSL_NAME_FIELDS = new Set(['author', 'editor', 'translator', 'recipient', 'contributor', 'container-author', 'collection-editor']);
const CSL_DATE_FIELDS = new Set(['issued', 'submitted', 'accessed', 'event-date', 'original-date', 'available-date']);
const CSL_STRING_FIELDS = new Set(['title', 'container-title', 'authority', 'genre', 'URL', 'language', 'keyword', 'note', 'publisher',
  'publisher-place', 'abstract', 'DOI', 'title-short', 'status', 'jurisdiction', 'source']);
const CSL_NUMBER_FIELDS = new Set(['number', 'volume', 'issue', 'page', 'edition', 'section']);
const CSL_NAME_PARTS = new Set(['family', 'given', 'dropping-particle', 'non-dropping-particle', 'suffix', 'literal']);

function cslProblems(data: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(data)) return ['not an array'];
  data.forEach((item: unknown, i) => {
    const at = (msg: string): void => { problems.push(`item ${i}: ${msg}`); };
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return at('not an object');
    const record = item as Record<string, unknown>;
    if (typeof record['id'] !== 'string' && typeof record['id'] !== 'number') at('id missing');
    if (typeof record['type'] !== 'string' || !CSL_TYPES.has(record['type'])) at(`bad type ${String(record['type'])}`);
    for (const [key, value] of Object.entries(record)) {
      if (key === 'id' || key === 'type') continue;
      if (CSL_STRING_FIELDS.has(key)) { if (typeof value !== 'string') at(`${key} is not a string`); } else if (CSL_NUMBER_FIELDS.has(key)) {
        if (typeof value !== 'string' && typeof value !== 'number') at(`${key} is not a string or number`);
      } else if (CSL_NAME_FIELDS.has(key)) {
        if (!Array.isArray(value)) { at(`${key} is not an array`); continue; }
        for (const name of value as unknown[]) {
          if (typeof name !== 'object' || name === null) { at(`${key} has a non-object name`); continue; }
          for (const [part, text] of Object.entries(name)) {
            if (!CSL_NAME_PARTS.has(part)) at(`${key} has name part ${part}`);
            if (typeof text !== 'string' || text.length === 0) at(`${key}.${part} is not a non-empty string`);
          }
          if (!('family' in name) && !('literal' in name)) at(`${key} has a name without family or literal`);
        }
      } else if (CSL_DATE_FIELDS.has(key)) {
        const parts = (value as { 'date-parts'?: unknown })['date-parts'];
        if (Object.keys(value as object).some((k) => !['date-parts', 'literal', 'raw', 'season', 'circa', 'edtf'].includes(k))) at(`${key} has unknown keys`);
        if (!Array.isArray(parts) || parts.length < 1 || parts.length > 2) { at(`${key}.date-parts is not 1–2 arrays`); continue; }
        for (const p of parts as unknown[]) {
          if (!Array.isArray(p) || p.length < 1 || p.length > 3 || !p.every((n) => Number.isInteger(n))) at(`${key}.date-parts has a bad part`);
          else if ((p[1] !== undefined && (p[1] < 1 || p[1] > 12)) || (p[2] !== undefined && (p[2] < 1 || p[2] > 31))) at(`${key} has an impossible date`);
        }
      } else {
        at(`unknown field ${key}`);
      }
    }
  });
  return problems;
}

describe('CSL-JSON export', () => {
  it('describes an answered Kamervraag as a document in the Aanhangsel', () => {
    const [item] = JSON.parse(toCslJson([seed])) as Array<Record<string, unknown>>;
    assert.deepEqual(item, {
      id: 'kamervraag2023Z11786',
      type: 'document',
      title: 'Het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s voor de douane, Nederland (nog) niet’',
      author: [{ family: 'Hoekstra', given: 'Wopke' }, { family: 'Vries', given: 'Aukje', 'non-dropping-particle': 'de' }],
      issued: { 'date-parts': [[2023, 9, 28]] },
      submitted: { 'date-parts': [[2023, 6, 23]] },
      'container-title': 'Aanhangsel van de Handelingen II 2023/24',
      number: '99',
      authority: 'Tweede Kamer der Staten-Generaal',
      genre: 'Antwoord op schriftelijke vragen',
      URL: 'https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html',
      language: 'nl',
      keyword: 'economie, financieel toezicht, financiën, handel, internationaal, organisatie en beleid',
      note: 'Kamervraag 2023Z11786',
    });
  });

  it('is valid CSL-JSON for the fixtures, a hostile item and an unanswered one', () => {
    const open: Kamervraag = { ...seed, answered: null, documents: seed.documents.filter((d) => d.kind === 'questions') };
    const data = JSON.parse(toCslJson([seed, tozo, hostile, open])) as unknown;
    assert.deepEqual(cslProblems(data), []);
    const [, t, h, o] = data as Array<Record<string, unknown>>;
    assert.equal(t!['container-title'], 'Aanhangsel van de Handelingen II 2020/21');
    assert.equal(t!['number'], '3235');
    assert.deepEqual(t!['author'], [{ family: 'Koolmees' }]);
    assert.equal(h!['title'], hostile.title);
    assert.deepEqual(h!['author'], [{ family: 'Laan', given: 'Ank {Bijleveld}', 'non-dropping-particle': 'van der' }]);
    // Unanswered: by the indieners, issued when submitted, in the Kamervragen of that vergaderjaar.
    assert.equal(o!['container-title'], 'Kamervragen II 2022/23');
    assert.equal(o!['number'], '2023Z11786');
    assert.deepEqual(o!['issued'], { 'date-parts': [[2023, 6, 23]] });
    assert.deepEqual((o!['author'] as Array<{ family: string }>).map((a) => a.family), ['Rajkowski', 'Gündoğan', 'Brekelmans']);
  });

  it('gives every item a unique id', () => {
    const ids = toCslItems([seed, seed, tozo, seed]).map((i) => i.id);
    assert.deepEqual(ids, ['kamervraag2023Z11786', 'kamervraag2023Z11786-2', 'kamervraag2021Z09739', 'kamervraag2023Z11786-3']);
    assert.deepEqual(cslProblems(JSON.parse(toCslJson([]))), []);
  });

  it('notices its own validator catching mistakes', () => {
    assert.ok(cslProblems([{ id: 'x', type: 'parliamentary-answer' }]).length > 0);
    assert.ok(cslProblems([{ id: 'x', type: 'document', author: [{ surname: 'Vries' }] }]).length > 0);
    assert.ok(cslProblems([{ id: 'x', type: 'document', issued: { 'date-parts': [[2023, 13, 1]] } }]).length > 0);
  });
});

describe('names for reference managers', () => {
  it('splits given names, Dutch particles and surnames', () => {
    assert.deepEqual(splitName('Aukje de Vries'), { given: 'Aukje', particle: 'de', family: 'Vries' });
    assert.deepEqual(splitName('S.P.R.A. van Weyenberg'), { given: 'S.P.R.A.', particle: 'van', family: 'Weyenberg' });
    assert.deepEqual(splitName('Van Weyenberg'), { given: '', particle: 'Van', family: 'Weyenberg' });
    assert.deepEqual(splitName('Hanke Bruins Slot'), { given: 'Hanke Bruins', particle: '', family: 'Slot' });
    assert.deepEqual(splitName('Kat (D66)'), { given: '', particle: '', family: 'Kat' });
    assert.deepEqual(splitName("Jan in 't Veld"), { given: 'Jan', particle: "in 't", family: 'Veld' });
    assert.deepEqual(splitName('Nilüfer Gündoğan'), { given: 'Nilüfer', particle: '', family: 'Gündoğan' });
  });
});

// ---------------------------------------------------------------------------------------------
// BibTeX well-formedness: entries, balanced braces (escaped ones aside), unique keys.

interface BibEntry { type: string; key: string; fields: Map<string, string> }

function parseBibtex(text: string): BibEntry[] {
  const entries: BibEntry[] = [];
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) { assert.equal(text.slice(i).trim(), '', 'text outside entries'); break; }
    assert.equal(text.slice(i, at).trim(), '', 'text between entries');
    const head = /^@(\w+)\{([^,\s{}]+),/.exec(text.slice(at));
    assert.ok(head, `bad entry head at ${at}`);
    let depth = 1;
    let j = at + head[0].length;
    const bodyStart = j;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '\\') { j++; continue; }
      if (text[j] === '{') depth++;
      if (text[j] === '}') depth--;
    }
    assert.equal(depth, 0, `unbalanced braces in ${head[2]}`);
    const body = text.slice(bodyStart, j - 1);
    const fields = new Map<string, string>();
    const field = /\s*(\w+)\s*=\s*(\{(?:[^{}\\]|\\.|\{(?:[^{}\\]|\\.|\{(?:[^{}\\]|\\.)*\})*\})*\}|\w+),\n/gy;
    let m: RegExpExecArray | null;
    let last = 0;
    while ((m = field.exec(body))) { fields.set(m[1]!, m[2]!); last = field.lastIndex; }
    assert.equal(body.slice(last).trim(), '', `unparsed fields in ${head[2]}: ${body.slice(last)}`);
    entries.push({ type: head[1]!, key: head[2]!, fields });
    i = j;
  }
  return entries;
}

describe('BibTeX export', () => {
  it('writes a @misc entry with the Leidraad citation', () => {
    const bib = toBibtex([seed]);
    assert.equal(bib, [
      '@misc{kamervraag2023Z11786,',
      '  author       = {Hoekstra, Wopke and De Vries, Aukje},',
      '  title        = {{Het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s voor de douane, Nederland (nog) niet’}},',
      '  year         = {2023},',
      '  month        = sep,',
      '  howpublished = {Aanhangsel Handelingen II 2023/24, nr. 99},',
      '  note         = {Kamervraag 2023Z11786, ingezonden 23 juni 2023},',
      '  url          = {https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html},',
      '  langid       = {dutch},',
      '}',
      '',
    ].join('\n'));
  });

  it('is well formed: one entry per item, unique keys, balanced braces', () => {
    const kvs = [seed, tozo, hostile, seed, { ...tozo, zaak: null }];
    const entries = parseBibtex(toBibtex(kvs));
    assert.equal(entries.length, kvs.length);
    assert.deepEqual(entries.map((e) => e.key), ['kamervraag2023Z11786', 'kamervraag2021Z09739', 'kamervraag2024Z00001', 'kamervraag2023Z11786-2', 'kamervraagahtk202020213235']);
    assert.ok(entries.every((e) => e.type === 'misc'));
    assert.equal(entries[1]!.fields.get('author'), '{Koolmees}');
    assert.equal(entries[1]!.fields.get('howpublished'), '{Aanhangsel Handelingen II 2020/21, nr. 3235}');
    assert.equal(entries[1]!.fields.get('month'), 'jun');
  });

  it('escapes LaTeX specials in hostile text and keeps UTF-8', () => {
    const [entry] = parseBibtex(toBibtex([hostile]));
    assert.equal(entry!.fields.get('title'),
      '{{Het "bericht", over \\{accolades\\} \\& 100\\% \\$winst \\#1 a\\_b \\textasciitilde{}x\\textasciicircum{}2 \\textbackslash{}pad met «regel» einde; ook}}');
    assert.equal(entry!.fields.get('author'), '{Van der Laan, Ank \\{Bijleveld\\}}');
    assert.equal(entry!.fields.get('url'), '{https://zoek.officielebekendmakingen.nl/a%20b%7Bc%7D?x=1%25&y=%20}');
    assert.equal(escapeLatex('Gündoğan – ‘t’'), 'Gündoğan – ‘t’');
    assert.equal(escapeLatex('\\{}'), '\\textbackslash{}\\{\\}');
  });

  it('keeps a surname without given names whole', () => {
    const kv: Kamervraag = { ...tozo, answeredBy: [{ name: 'Van Weyenberg', role: null, party: null }] };
    assert.equal(parseBibtex(toBibtex([kv]))[0]!.fields.get('author'), '{{Van Weyenberg}}');
  });

  it('writes nothing for an empty library', () => {
    assert.equal(toBibtex([]), '');
  });
});
