import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import type { Kamervraag } from '../../src/core/model';
import { findKamervraagReferences } from '../../src/core/crossrefs';
import { LibraryIndex } from '../../src/core/library/search';
import { CitationIndex, citedIds, referencesOf, similarEarlier } from '../../src/core/related';
import { readerMessage, reuseReportMessage } from '../../src/shared/webviewProtocol';
import { generateKamervragen, pools } from '../support/generate';

const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');

describe('related Kamervragen', () => {
  describe('references to other Kamervragen in text', () => {
    it('reads Aanhangsel citations, zaaknummers, document ids and links', () => {
      assert.deepEqual(findKamervraagReferences('in antwoord op eerdere vragen van het lid Omtzigt (Aanhangsel Handelingen II 2022/23, nr. 1234)'), ['ah-tk-20222023-1234']);
      assert.deepEqual(findKamervraagReferences('Zie ook Aanhangsel Handelingen, vergaderjaar 2022–2023, nr. 3276.'), ['ah-tk-20222023-3276']);
      assert.deepEqual(findKamervraagReferences('Aanhangsel Handelingen I 2019/2020, nr. 10'), ['ah-ek-20192020-10']);
      assert.deepEqual(findKamervraagReferences('vragen 2023Z11786 en https://zoek.officielebekendmakingen.nl/kv-tk-2020Z13248.html, en weer 2023Z11786'),
        ['2023Z11786', 'kv-tk-2020Z13248']);
      assert.deepEqual(findKamervraagReferences('Aanhangsel Handelingen II 2022/24, nr. 5 (geen vergaderjaar)'), []);
      assert.deepEqual(findKamervraagReferences('Zie antwoord vraag 3.'), []);
    });

    it('leave the Kamervraag\'s own ids out', () => {
      const kv: Kamervraag = { ...seed, remarks: ['Zie ook 2023Z11786 en Aanhangsel Handelingen II 2022/23, nr. 77.'] };
      assert.deepEqual(citedIds('2023Z11786', kv), ['ah-tk-20222023-77']);
    });
  });

  describe('cites and cited by', () => {
    const earlier: Kamervraag = { ...seed, zaak: '2022Z01000', documents: [{ id: 'ah-tk-20222023-1234', kind: 'answer', date: '2022-11-01', url: null }], remarks: [] };
    const later: Kamervraag = { ...seed, remarks: ['Zie ook Aanhangsel Handelingen II 2022/23, nr. 1234.'] };
    const other: Kamervraag = { ...seed, zaak: '2021Z00001', documents: [], remarks: [] };
    const items = new Map([['2022Z01000', earlier], ['2023Z11786', later], ['2021Z00001', other]]);
    const resolve = (id: string): string | undefined =>
      items.has(id) ? id : [...items].find(([, kv]) => kv.documents.some((d) => d.id === id))?.[0];

    it('resolve both ways to library items', () => {
      const citations = new CitationIndex();
      for (const [key, kv] of items) citations.add(key, kv);
      assert.deepEqual(referencesOf('2023Z11786', later, citations, resolve), { cites: ['2022Z01000'], citedBy: [] });
      assert.deepEqual(referencesOf('2022Z01000', earlier, citations, resolve), { cites: [], citedBy: ['2023Z11786'] });
      assert.deepEqual(referencesOf('2021Z00001', other, citations, resolve), { cites: [], citedBy: [] });
      citations.remove('2023Z11786');
      assert.deepEqual(referencesOf('2022Z01000', earlier, citations, resolve).citedBy, []);
    });
  });

  describe('similar earlier Kamervragen by their questions', () => {
    const p = pools();
    const library = generateKamervragen(300, 7, p);
    const index = new LibraryIndex();
    const byKey = new Map(library.map((kv) => [kv.zaak!, kv]));
    for (const [key, kv] of byKey) index.add(key, kv);

    it('ranks an earlier Kamervraag with the same questions first and leaves later ones out', async () => {
      // The seed's questions, asked earlier by someone else with another answer, and again later.
      const twin: Kamervraag = { ...seed, zaak: '2019Z00001', submitted: '2019-01-01', answered: '2019-02-01', documents: [],
        entries: seed.entries.map((e) => ({ ...e, answer: 'Nee.' })) };
      const laterTwin: Kamervraag = { ...twin, zaak: '2025Z00001', submitted: '2025-01-01', answered: '2025-02-01' };
      index.add('2019Z00001', twin);
      index.add('2025Z00001', laterTwin);
      byKey.set('2019Z00001', twin);
      byKey.set('2025Z00001', laterTwin);
      const similar = await similarEarlier('2023Z11786', seed, index, (k) => Promise.resolve(byKey.get(k)));
      assert.equal(similar[0]!.key, '2019Z00001');
      assert.ok(similar[0]!.similarity > 0.95, String(similar[0]!.similarity));
      assert.ok(similar.every((s) => s.key !== '2025Z00001' && s.key !== '2023Z11786'));
      assert.ok(similar.every((s) => (byKey.get(s.key)!.submitted ?? '') < seed.submitted!));
      for (let i = 1; i < similar.length; i++) assert.ok(similar[i - 1]!.similarity >= similar[i]!.similarity);
    });

    it('finds nothing earlier for a Kamervraag without dates, or before the first one', async () => {
      assert.deepEqual(await similarEarlier('x', { ...seed, submitted: null, answered: null }, index, (k) => Promise.resolve(byKey.get(k))), []);
      assert.deepEqual(await similarEarlier('x', { ...seed, submitted: '2000-01-01' }, index, (k) => Promise.resolve(byKey.get(k))), []);
    });
  });
});

describe('the webview messages of reuse and related links', () => {
  it('accept only well-formed keys and summaries', () => {
    assert.deepEqual(readerMessage({ type: 'openKamervraag', key: '2023Z11786' }), { type: 'openKamervraag', key: '2023Z11786' });
    for (const key of ['../x', '', 'a b', 42, 'x'.repeat(200), 'javascript:alert(1)']) assert.equal(readerMessage({ type: 'openKamervraag', key }), undefined, String(key));
    const summary = { notes: 1, reuseLinks: 2, relatedLinks: 3, misplaced: 0, reuseKeys: ['2022Z01001'], relatedKeys: [] };
    assert.deepEqual(readerMessage({ type: 'reuseRendered', summary }), { type: 'reuseRendered', summary });
    assert.equal(readerMessage({ type: 'reuseRendered', summary: { ...summary, reuseKeys: ['<script>'] } }), undefined);
    assert.equal(readerMessage({ type: 'reuseRendered', summary: { ...summary, notes: -1 } }), undefined);
    assert.deepEqual(reuseReportMessage({ type: 'exportCsv', extra: 1 }), { type: 'exportCsv' });
    assert.equal(reuseReportMessage({ type: 'openKamervraag', key: '/etc/passwd' }), undefined);
    assert.equal(reuseReportMessage({ type: 'rendered', summary: { rows: 1 } }), undefined);
  });
});
