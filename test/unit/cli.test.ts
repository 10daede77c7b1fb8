/** The `kamervragen` CLI as a user runs it: the built dist/cli.js in a child process. */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SEED = 'test/fixtures/seeds/kamervraag-2023Z11786.txt';
const XML = 'test/fixtures/koop/ah-tk-20202021-3235.xml';
const HTML = 'test/fixtures/koop/ah-tk-20202021-3235.repository.html';
const META = 'test/fixtures/koop/ah-tk-20202021-3235.metadata.xml';

/** Every official Kamervragen document among the fixtures, with its number of entries (0: metadata only). */
const DOCUMENTS: Array<[string, number]> = [
  [SEED, 13],
  [XML, 9],
  [HTML, 9],
  [META, 0],
  ['test/fixtures/koop/ah-tk-20202021-3235.metadata_owms.xml', 0],
  ['test/fixtures/koop/kv-tk-2020Z13248.metadata_owms.xml', 0],
  ['test/fixtures/koop/kv-ek-215160000.metadata_owms.xml', 0],
  ['test/fixtures/koop/ah-ek-20192020-10.metadata_owms.xml', 0],
];

describe('kamervragen CLI', () => {
  for (const [file, entries] of DOCUMENTS) {
    it(`parse ${file.split('/').pop()} → valid JSON with ${entries} entries`, () => {
      const r = cli('parse', file);
      assert.equal(r.code, 0, r.stderr);
      const kv = JSON.parse(r.stdout);
      assert.equal(kv.format, 'kamervraag/1');
      assert.equal(kv.entries.length, entries);
    });
  }

  it('merges several documents of one Kamervraag', () => {
    const r = cli('parse', XML, META);
    assert.equal(r.code, 0, r.stderr);
    const kv = JSON.parse(r.stdout);
    assert.equal(kv.zaak, '2021Z09739');
    assert.equal(kv.entries.length, 9);
    assert.equal(kv.status, 'answered-on-time');
  });

  it("writes the promises of each answer as entries[].commitments, dated from the answer date", () => {
    const r = cli('parse', SEED, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const kv = JSON.parse(r.stdout) as { entries: Array<{ numbers: number[]; commitments: Array<Record<string, unknown>> }> };
    const all = kv.entries.flatMap((e) => e.commitments.map((c) => ({ n: e.numbers[0], ...c })));
    assert.equal(all.length, 1);
    assert.deepEqual({ ...all[0], text: undefined }, { n: 12, text: undefined, due: '2023-10-31', dueText: 'voor de begrotingsbehandeling', kind: 'send' });
  });

  it('renders Markdown', () => {
    const r = cli('parse', SEED, '--format', 'markdown');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Het bericht ‘België/);
    assert.match(r.stdout, /^## Vraag 13$/m);
    assert.match(r.stdout, /- \*\*Citeren als:\*\* Aanhangsel Handelingen II 2023\/24, nr\. 99/);
  });

  it('cites and quotes', () => {
    assert.equal(cli('cite', SEED, '--question', '3').stdout, 'Aanhangsel Handelingen II 2023/24, nr. 99, antwoord op vraag 3\n');
    assert.equal(cli('cite', XML, '--question', '4', '--style', 'short').stdout, 'Kamervraag ah-tk-20202021-3235, antwoord op vraag 4\n');
    const quote = cli('cite', SEED, '--question', '1', '--quote');
    assert.equal(quote.stdout, '> Ja.\n>\n> — [Aanhangsel Handelingen II 2023/24, nr. 99](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html), antwoord op vraag 1 <!-- kamervraag:2023Z11786 vraag=1 -->\n');
  });

  describe('bad input: one clear line on stderr, exit code 2', () => {
    // The files are made in before() (and removed in after()), not while the suite is collected:
    // a run that leaves this suite out (--grep) would leave them behind.
    const dir = join(tmpdir(), `kamervragen-cli-${process.pid}-${randomBytes(4).toString('hex')}`);
    const truncated = join(dir, 'truncated.xml');
    const other = join(dir, 'other.xml');
    const handelingen = 'test/fixtures/koop/h-tk.metadata_owms.xml';
    const fifo = join(dir, 'kamervraag.xml');
    const deep = join(dir, 'deep.xml');
    const hostileName = join(dir, 'a\nb\u001b[31mred\u202egpj.xml');
    before(() => {
      mkdirSync(dir);
      writeFileSync(truncated, readFileSync(XML, 'utf8').slice(0, 4000));
      writeFileSync(other, '<?xml version="1.0"?><rss><channel><title>Nieuws</title></channel></rss>');
      execFileSync('mkfifo', [fifo]);
      writeFileSync(deep, `<officiele-publicatie><kamervragen>${'<al>'.repeat(10_000)}</kamervragen></officiele-publicatie>`);
      writeFileSync(hostileName, 'not a document');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const cases: Array<[string, string[], RegExp]> = [
      ['a missing file', ['parse', join(dir, 'nope.xml')], /nope\.xml: no such file\./],
      ['a non-Kamervraag XML', ['parse', other], /other\.xml: Not a Kamervragen document/],
      ['a truncated XML', ['parse', truncated], /truncated\.xml: .*(incomplete|truncated)/i],
      ['a Handelingen metadata record', ['parse', handelingen], /h-tk\.metadata_owms\.xml: /],
      ['an unknown command', ['convert', SEED], /Unknown command "convert"/],
      ['an unknown style', ['cite', SEED, '--question', '1', '--style', 'mla'], /--style must be one of leidraad, apa, short/],
      ['a question that does not exist', ['cite', SEED, '--question', '40'], /no question 40 .* numbered 1–13/],
      ['no file', ['parse'], /Name at least one FILE/],
      ['an unknown option', ['parse', SEED, '--bogus'], /^kamervragen: unknown option --bogus\. Run "kamervragen --help"/],
      ['an unknown option with a value', ['parse', SEED, '--bogus=1'], /unknown option --bogus\./],
      ['/dev/zero', ['parse', '/dev/zero'], /^kamervragen: \/dev\/zero: is a device, not a regular file; save the document to a file first\.\n$/],
      ['a FIFO (which would block until someone writes)', ['parse', fifo], /kamervraag\.xml: is a pipe \(FIFO\), not a regular file/],
      ['10,000 levels of nesting', ['parse', deep], /^kamervragen: .*deep\.xml: The XML is nested too deeply: more than \d+ levels at line 1/],
      ['a file name with a line break, an escape sequence and a bidi override', ['parse', hostileName], /a\\u000ab\\u001b\[31mred\\u202egpj\.xml: Not a Kamervragen document/],
      ['documents of two different Kamervragen', ['parse', XML, SEED],
        /^kamervragen: .*ah-tk-20202021-3235\.xml \(ah-tk-20202021-3235\) and .*kamervraag-2023Z11786\.txt \(zaak 2023Z11786\) are documents of different Kamervragen \(submitted on 2021-06-03 and on 2023-06-23\)/],
      ['metadata of another zaak', ['parse', HTML, 'test/fixtures/koop/ah-tk-20232024-99.metadata.xml'], /\(zaak 2021Z09739\) and .*\(zaak 2023Z11786\) are documents of different Kamervragen \(zaak 2021Z09739 and zaak 2023Z11786\)/],
    ];
    for (const [what, args, message] of cases) {
      it(what, () => {
        const r = cli(...args);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, message);
        assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
        // eslint-disable-next-line no-control-regex -- no raw control or bidi characters reach the terminal
        assert.doesNotMatch(r.stderr.trimEnd(), /[\u0000-\u001f\u202e]/);
      });
    }

    it('reads a file in the encoding it declares (Latin-1 XML)', () => {
      const latin1 = join(dir, 'latin1.xml');
      writeFileSync(latin1, Buffer.from(readFileSync(XML, 'utf8').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace(/[’–]/g, '-'), 'latin1'));
      const r = cli('parse', latin1);
      assert.equal(r.code, 0, r.stderr);
      const kv = JSON.parse(r.stdout);
      assert.equal(kv.title, 'De TOZO');
      assert.ok(!r.stdout.includes('\uFFFD'));
      assert.match(r.stdout, /«/);
    });
  });
});
