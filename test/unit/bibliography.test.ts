import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bibliography, bibliographyFormatOf } from '../../src/core/bibliography';
import { citationKey, findCitationKeys } from '../../src/core/citationKey';
import { merge } from '../../src/core/kamervraag';
import { parseKoopXml } from '../../src/core/parse/koopXml';
import { parsePlainText } from '../../src/core/parse/plainText';

const seed = merge([parsePlainText(readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8'))]);
const other = merge([parseKoopXml(readFileSync('test/fixtures/koop/ah-tk-20202021-3235.xml', 'utf8'))]);

describe('citation keys and the bibliography file', () => {
  it('gives one key per Kamervraag and finds keys in Pandoc citations', () => {
    assert.equal(citationKey(seed), 'kamervraag2023Z11786');
    assert.deepEqual(findCitationKeys('Zie [@kamervraag2023Z11786, vraag 3; @kamervraagahtk2023202499] en @kamervraag2023Z11786x.')
      .map((k) => [k.key, k.id]), [['kamervraag2023Z11786', '2023Z11786'], ['kamervraagahtk2023202499', 'ah-tk-20232024-99']]);
  });

  it('writes each cited Kamervraag once, in a stable order, in either format', () => {
    assert.equal(bibliographyFormatOf('refs/Bronnen.JSON'), 'csl-json');
    assert.equal(bibliographyFormatOf('bronnen.bib'), 'bibtex');
    assert.equal(bibliographyFormatOf('bronnen.yaml'), undefined);
    const json = bibliography([{ kv: seed }, { kv: other }, { kv: seed }], 'csl-json');
    assert.equal(json, bibliography([{ kv: other }, { kv: seed }], 'csl-json'), 'order and repeats of the notes do not matter');
    const ids = (JSON.parse(json) as Array<{ id: string }>).map((i) => i.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(ids.length, 2);
    assert.equal(bibliography([], 'csl-json'), '[]\n');
    assert.match(bibliography([{ kv: seed }], 'bibtex'), /^@misc\{kamervraag2023Z11786,/);
  });

  it('writes a Kamervraag under every key the notes cite it by', () => {
    const ids = (JSON.parse(bibliography([{ kv: seed }, { kv: seed, key: 'kamervraagahtk2023202499' }], 'csl-json')) as Array<{ id: string }>).map((i) => i.id);
    assert.deepEqual(ids, ['kamervraag2023Z11786', 'kamervraagahtk2023202499']);
  });

  it('takes a note to a document with a reference list through pandoc --citeproc', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kamervragen-pandoc-'));
    try {
      writeFileSync(join(dir, 'references.json'), bibliography([{ kv: seed }], 'csl-json'));
      writeFileSync(join(dir, 'artikel.md'), readFileSync('samples/notes/artikel.md', 'utf8'));
      const run = spawnSync('pandoc', ['--citeproc', '-t', 'plain', '--wrap=none', 'artikel.md'], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.error, undefined, 'pandoc is installed (Debian package pandoc; npm test installs it as root)');
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /not found/i, run.stderr);
      assert.doesNotMatch(run.stdout, /@kamervraag|\?\?\?/);
      // The reference list names the answering document and links the official publication.
      assert.match(run.stdout, /Aanhangsel van de Handelingen II 2023\/24/);
      assert.match(run.stdout, /zoek\.officielebekendmakingen\.nl\/ah-tk-20232024-99/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
