/**
 * Real texts of official documents that other people and tools produced (test/fixtures/real-text,
 * each with its .source.txt), read against what a careful reader gets from them (`.truth.json`).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectFormat, parseKamervraag } from '../../src/core/parse';
import type { Kamervraag } from '../../src/core/model';
import { joinSplitAccents, splitOffices } from '../../src/core/parse/plainText';

const dir = 'test/fixtures/real-text';
const read = (name: string): string => readFileSync(`${dir}/${name}`, 'utf8');

interface Truth {
  id?: string;
  vergaderjaar?: string;
  submitters: Array<{ name: string; party: string }>;
  addressees: string[];
  title: string;
  submitted: string;
  answered: string;
  answeredBy: Array<{ name: string; role: string; medeNamens?: string[] }>;
  relatedDocuments?: string[];
  entries?: number[][];
  inExcerpt?: { entries: number[][]; answered: number[] };
  refersTo?: Record<string, number[]>;
  footnotes?: Array<{ n: number; in: string; text: string }> | { marks: Record<string, string> | string; bodies?: Record<string, string> };
}

/** "ah-tk-20232024-387 (text has only …)" → "ah-tk-20232024-387"; "Minister voor X (text: …)" → "Minister voor X". */
const bare = (s: string): string => s.replace(/\s+\(.*\)$/, '');
/** The truth's footnote texts are shortened with "..." : compare the part before it. */
const prefix = (s: string): string => s.split('...')[0]!.replace(/\s+$/, '').replace(/^\(?/, '');

function checkMetadata(kv: Kamervraag, truth: Truth): void {
  assert.deepEqual(kv.submitters, truth.submitters);
  assert.deepEqual(kv.addressees.map((a) => a.role), truth.addressees);
  assert.equal(kv.title.toLowerCase(), truth.title.toLowerCase());
  assert.equal(kv.submitted, truth.submitted);
  assert.equal(kv.answered, truth.answered);
  assert.ok(kv.status.startsWith('answered-') && kv.status !== 'answered-date-unknown', kv.status);
  assert.deepEqual(kv.answeredBy.map((a) => ({ name: a.name, role: a.role, ...(a.onBehalfOf ? { medeNamens: a.onBehalfOf } : {}) })),
    truth.answeredBy.map((a) => ({ name: a.name, role: bare(a.role), ...(a.medeNamens ? { medeNamens: a.medeNamens } : {}) })));
  if (truth.id) {
    const answer = kv.documents.filter((d) => d.kind === 'answer').map((d) => d.id);
    assert.deepEqual(answer, [bare(truth.id)]);
  }
  if (truth.vergaderjaar) assert.equal(kv.vergaderjaar, truth.vergaderjaar);
  // "Zie ook Aanhangsel Handelingen, vergaderjaar 2022–2023, nr. 3276": an earlier publication, not the answer.
  const related = (truth.relatedDocuments ?? []).map((r) => {
    const m = /(\d{4})-(\d{4}) nr\. (\d+)/.exec(r)!;
    return `ah-tk-${m[1]}${m[2]}-${m[3]}`;
  });
  assert.deepEqual(kv.documents.filter((d) => d.kind === 'related').map((d) => d.id), related);
}

describe('real texts: a PDF text extraction (ah-tk-20222023-3649)', () => {
  const text = read('ah-tk-20222023-3649.pdftext.txt');
  const truth = JSON.parse(read('ah-tk-20222023-3649.pdftext.truth.json')) as Truth;
  const kv = parseKamervraag([text], '2026-11-27');

  it('is read as page text, with the metadata of the truth', () => {
    assert.equal(detectFormat(text), 'page-text');
    checkMetadata(kv, truth);
  });

  it('pairs every question with its answer, also where the label is glued to the page footer', () => {
    assert.deepEqual(kv.entries.map((e) => e.numbers), truth.entries);
    for (const e of kv.entries) assert.ok(e.answer && e.answer.length > 2, `answer ${e.numbers[0]}`);
    const a3 = kv.entries[2]!.answer!;
    assert.match(a3, /^Binnen het kader van de aanpak piekbelasting en de Lbv wordt uitgegaan van de emissiefactoren/);
    assert.doesNotMatch(kv.entries.map((e) => `${e.question} ${e.answer}`).join(' '), /ISSN|Gravenhage|Aanhangsel \d|ah-tk-/);
  });

  it('attaches every footnote body to its mark, in the question or answer the truth says', () => {
    const notes = kv.entries.flatMap((e) => e.footnotes.map((f) => ({ ...f, entry: e.numbers[0]! })));
    const expected = truth.footnotes as Array<{ n: number; in: string; text: string }>;
    assert.deepEqual(notes.map((f) => `${f.number} ${f.in} ${f.entry}`), expected.map((f) => `${f.n} ${f.in}`));
    for (const f of expected) {
      const note = notes.find((x) => x.number === f.n)!;
      assert.ok(note.text.replace(/^\(/, '').startsWith(prefix(f.text)), `${f.n}: ${note.text}`);
    }
    assert.equal(notes[0]!.url?.startsWith('https://www.bd.nl/binnenland/verguisde-stalvloer'), true);
    // The mark is taken out of the text, which runs on as one sentence.
    assert.match(kv.entries[2]!.answer!, /In de Kamerbrief van 30 juni 2023 is aangegeven dat/);
    assert.match(kv.entries[13]!.answer!, /van het lid Bromet \(GL\) is de problematiek/);
  });

  it('finds the cross-references of the truth', () => {
    for (const [n, refs] of Object.entries(truth.refersTo!)) assert.deepEqual(kv.entries[Number(n) - 1]!.refersTo, refs);
  });

  it('has nothing to warn about', () => {
    assert.deepEqual(kv.warnings, []);
  });

  it('reads the same when the whole document is flattened to one line', () => {
    const flat = parseKamervraag([text.replace(/\s*\n\s*/g, ' ')], '2026-11-27');
    assert.deepEqual(flat.entries.map((e) => e.numbers), truth.entries);
    for (const e of flat.entries) assert.ok(e.answer, `answer ${e.numbers[0]}`);
    checkMetadata(flat, truth);
  });
});

describe('real texts: pymupdf4llm Markdown of a PDF (ah-tk-20232024-387)', () => {
  const text = read('ah-tk-20232024-387.pymupdf.md');
  const truth = JSON.parse(read('ah-tk-20232024-387.pymupdf.truth.json')) as Truth;
  const kv = parseKamervraag([text], '2026-11-27');

  it('reads the metadata of the truth, the id from the mangled footer', () => {
    assert.equal(detectFormat(text), 'page-text');
    checkMetadata(kv, truth);
  });

  it('pairs every question, "Vraag 4 en 5" as one combined entry', () => {
    assert.deepEqual(kv.entries.map((e) => e.numbers), truth.entries);
    for (const e of kv.entries) assert.ok(e.answer, `answer ${e.numbers.join(',')}`);
    assert.deepEqual(kv.entries[3]!.refersTo, truth.refersTo!['4,5']);
  });

  it('attaches all nine footnotes where the marks stand, also after a page break', () => {
    const fn = truth.footnotes as { marks: Record<string, string>; bodies: Record<string, string> };
    const label = (e: { numbers: number[] }, where: string): string => `${where === 'question' ? 'Q' : 'A'}${e.numbers[0]}`;
    const notes = kv.entries.flatMap((e) => e.footnotes.map((f) => ({ ...f, at: label(e, f.in) })));
    assert.deepEqual(notes.map((f) => f.number), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const f of notes) {
      assert.equal(f.at, bare(fn.marks[String(f.number)]!), `mark ${f.number}`);
      assert.ok(f.text.startsWith(prefix(fn.bodies[String(f.number)]!)), `${f.number}: ${f.text}`);
    }
  });

  it('keeps a superscript that is no footnote as text ("11e") and drops the Markdown', () => {
    assert.match(kv.entries[6]!.answer!, /met het 11e sanctiepakket/);
    const texts = kv.entries.flatMap((e) => [e.question, e.answer ?? '', ...e.footnotes.map((f) => f.text)]).join('\n');
    assert.doesNotMatch(texts, /\*\*|\[\d+ ?\]|-----|h tk 2023|^#/m);
  });

  it('joins wrapped lines into paragraphs and a sentence across a page break', () => {
    const a2 = kv.entries[1]!.answer!;
    assert.equal(a2.split('\n\n').length, 1);
    assert.match(a2, /over op basis van feiten \(12-10-2023\)\.$/);
    assert.ok(!kv.entries[0]!.question.includes('\n'));
  });
});

describe('real texts: a page-text copy cut off mid-answer (tk-2022D31072)', () => {
  const text = read('tk-2022D31072.partial.txt');
  const truth = JSON.parse(read('tk-2022D31072.partial.truth.json')) as Truth;
  const kv = parseKamervraag([text], '2026-11-27');

  it('reads three indieners, four addressees, and who answered on whose behalf', () => {
    checkMetadata(kv, truth);
  });

  it('reads the two entries there are, and warns that the text is cut off', () => {
    assert.deepEqual(kv.entries.map((e) => e.numbers), truth.inExcerpt!.entries);
    assert.deepEqual(kv.entries.filter((e) => e.answer).map((e) => e.numbers[0]), truth.inExcerpt!.answered);
    assert.ok(kv.warnings!.some((w) => /ends mid-sentence in answer 2/.test(w)), kv.warnings!.join('\n'));
  });

  it('takes "»1?, 2" as two footnote marks and says their bodies are missing', () => {
    const q1 = kv.entries[0]!;
    assert.equal(q1.question, 'Bent u bekend met het bericht «Unicef: Nederland biedt kinderen geen gezonde leefomgeving»?');
    assert.deepEqual(q1.footnotes.map((f) => [f.number, f.in, f.text]), [[1, 'question', ''], [2, 'question', '']]);
    assert.ok(kv.warnings!.some((w) => /^Footnote 1 .*the mark is there, its text is not/.test(w)));
    assert.ok(kv.warnings!.some((w) => /^Footnote 2 /.test(w)));
  });
});

describe('page text: the harder shapes', () => {
  it('joins letters that PDF text split from their accents', () => {
    assert.equal(joinSplitAccents('Kostic ´ en Yes¸ilgöz'), 'Kostić en Yeşilgöz');
    assert.equal(joinSplitAccents('Cafe´ en ´ecole'), 'Café en école');
    assert.equal(joinSplitAccents('x ˛ 2 ¨ 3'), 'x ˛ 2 ¨ 3');
    assert.equal(joinSplitAccents('e\u0301'), 'é');
  });

  it('splits several addressees and keeps "voor" as printed', () => {
    assert.deepEqual(splitOffices('Ministers van Landbouw, Natuur en Voedselkwaliteit en voor Natuur en Stikstof'),
      ['Minister van Landbouw, Natuur en Voedselkwaliteit', 'Minister voor Natuur en Stikstof']);
    assert.deepEqual(splitOffices('de Staatssecretarissen van Financiën en van Justitie en Veiligheid'),
      ['Staatssecretaris van Financiën', 'Staatssecretaris van Justitie en Veiligheid']);
  });

  const page = (lines: string[]): string => lines.join('\n');

  it('reads a heading over several lines, also inside its brackets, and inline labels', () => {
    const kv = parseKamervraag([page([
      'Vragen van het lid Kostic ´ (PvdD) aan de Ministers van Justitie en Veiligheid en voor Klimaat',
      'en Energie over stikstof (ingezonden', '4 februari 2025).',
      'Antwoord van Minister Van Weel (Justitie en Veiligheid), mede namens de Minister voor Klimaat en Energie (ontvangen',
      '4 maart 2025).',
      'Kamerstuk 36 600, nr. 403 Vraag 1 Kent u het bericht? Antwoord 1 Ja. Vraag 2, 3 Waarom? En hoe? Antwoord 2, 3 Zie het antwoord op vraag 1.',
    ])], '2026-01-01');
    assert.deepEqual(kv.submitters, [{ name: 'Kostić', party: 'PvdD' }]);
    assert.deepEqual(kv.addressees.map((a) => a.role), ['Minister van Justitie en Veiligheid', 'Minister voor Klimaat en Energie']);
    assert.equal(kv.submitted, '2025-02-04');
    assert.equal(kv.answered, '2025-03-04');
    assert.deepEqual(kv.answeredBy, [{ name: 'Van Weel', role: 'Minister van Justitie en Veiligheid', party: null, onBehalfOf: ['Minister voor Klimaat en Energie'] }]);
    assert.deepEqual(kv.entries.map((e) => [e.numbers, e.question, e.answer]), [
      [[1], 'Kent u het bericht?', 'Ja.'],
      [[2, 3], 'Waarom? En hoe?', 'Zie het antwoord op vraag 1.'],
    ]);
    assert.deepEqual(kv.entries[1]!.refersTo, [1]);
  });

  it('warns about a duplicate number, a lost label, a question without answer and a missing date', () => {
    const kv = parseKamervraag([page([
      'Vraag 1', 'Eerste vraag?', 'Antwoord 1', 'Eerste antwoord.',
      'Vraag 1', 'Nog eens?',
      'Vraag 3', 'Derde vraag?', 'Antwoord 3', 'Derde antwoord.',
      'Vraag 4', 'Vierde vraag?',
    ])], '2026-01-01');
    assert.equal(kv.status, 'answered-date-unknown');
    const w = kv.warnings!.join('\n');
    assert.match(w, /Question 1 occurs twice/);
    assert.match(w, /No "Vraag 2" label found/);
    assert.match(w, /Question 4 has no answer/);
    assert.match(w, /No answer date found/);
    assert.equal(kv.entries[0]!.question, 'Eerste vraag?\n\nNog eens?');
  });

  it('keeps lists and undoes a hyphen at a line end', () => {
    const kv = parseKamervraag([page([
      'Vraag 1', 'Welke stappen zet u?', 'Antwoord 1', 'Ik zet de volgende stappen:', '• een eerste stap die over twee regels loopt',
      'en hier verder gaat;', '• een tweede stap met emissiefacto-', 'ren.', 'Daarna volgt de evaluatie.',
    ])], '2026-01-01');
    assert.equal(kv.entries[0]!.answer, 'Ik zet de volgende stappen:\n\n- een eerste stap die over twee regels loopt en hier verder gaat;\n\n- een tweede stap met emissiefactoren.\n\nDaarna volgt de evaluatie.');
  });
});

describe('page text and export: linear time', () => {
  const time = (f: () => unknown): number => {
    const t0 = process.hrtime.bigint();
    try { f(); } catch { /* refusals count as well */ }
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const ratio = (make: (n: number) => string, n: number): number => {
    time(() => parseKamervraag([make(n)]));
    const small = Math.max(time(() => parseKamervraag([make(n)])), 1);
    const large = time(() => parseKamervraag([make(n * 8)]));
    return large / small;
  };

  it('a long "Beantwoord door" line (export) does not take quadratic time', () => {
    const make = (n: number): string => `Kamervraag 2023Z11786\nTitel\nBeantwoord door ${'Wopke Hoekstra minister '.repeat(n)}\n • Vraag 1\nVraag?\n\nAntwoord.\nKamervraag document nummer: kv-tk-2023Z11786\n`;
    assert.ok(ratio(make, 2000) < 40, 'an 8× longer line took more than 40× the time');
  });

  it('long lines without brackets or labels in page text do not take quadratic time', () => {
    const make = (n: number): string => `Vragen van het lid ${'Jansen en '.repeat(n)}\nAntwoord van Minister ${'De Vries en '.repeat(n)}\nVraag 1\n${'Is dit 1 zo? '.repeat(n)}\nAntwoord 1\n${'Ja 2 en [3 nee. '.repeat(n)}\n`;
    assert.ok(ratio(make, 2000) < 40, 'an 8× longer text took more than 40× the time');
  });

  it('a whole document on one line with many questions stays linear', () => {
    const make = (n: number): string => Array.from({ length: n }, (_, i) => `Vraag ${i + 1} Klopt het?1 Antwoord ${i + 1} Ja, zie vraag ${i}.`).join(' ');
    assert.ok(ratio(make, 300) < 40, 'an 8× longer text took more than 40× the time');
  });
});

describe('text export: cut off', () => {
  const seed = readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8');
  it('refuses an export cut mid-answer with one line that says so', () => {
    const cut = seed.slice(0, 1246);
    assert.throws(() => parseKamervraag([cut]), (err: Error) => /^The text export is incomplete: it ends in answer 2, .*cut off/.test(err.message) && !err.message.includes('\n'));
  });
});
