/**
 * Makes test/workspace/.kamervragen/: the workspace library a colleague would have committed, in the
 * shared form (src/core/library/form.ts), for test/integration/workspaceLibrary.test.ts.
 *
 *   npx esbuild test/support/makeWorkspaceLibrary.ts --bundle --platform=node --outfile=out/makeWorkspaceLibrary.js
 *   rm -rf test/workspace/.kamervragen && node out/makeWorkspaceLibrary.js test/workspace/.kamervragen
 *
 * Its two items, saved on 2 November 2026 at 09:00 UTC:
 * - 2021Z09739 (TOZO), fetched as the extension fetches it, from the fixture server, which serves
 *   the real official XML and metadata in test/fixtures/koop and test/fixtures/odata;
 * - ah-tk-20222023-3649 (stalvloer), parsed from the real PDF text in test/fixtures/real-text, as the
 *   extension reads a file (not fetched, so fetchedAt is null).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpClient } from '../../src/core/sources/http';
import { fetchKamervraag } from '../../src/core/sources/resolve';
import { parseKamervraag } from '../../src/core/parse';
import { LibraryStore } from '../../src/core/library/store';
import { startFixtureServer } from '../server/fixtureServer';

const TODAY = '2026-11-02';
const SAVED = `${TODAY}T09:00:00Z`;

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: makeWorkspaceLibrary OUTPUT_DIR');
  const root = join(__dirname, '..');
  const server = await startFixtureServer({ root: join(root, 'test/fixtures') });
  try {
    const store = await LibraryStore.open(out, { form: 'shared', now: () => new Date(SAVED) });
    const fetched = await fetchKamervraag('2021Z09739', { http: new HttpClient({ userAgent: 'makeWorkspaceLibrary', timeoutMs: 10_000 }), endpoints: server.endpoints, today: TODAY });
    await store.save(fetched.kamervraag, { fetchedAt: SAVED });
    const text = readFileSync(join(root, 'test/fixtures/real-text/ah-tk-20222023-3649.pdftext.txt'), 'utf8');
    await store.save(parseKamervraag([text], TODAY), { fetchedAt: null });
    console.log(store.list().map((i) => i.key).join('\n'));
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
