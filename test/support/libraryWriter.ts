/**
 * A second process for the atomic-write test (test/unit/library.store.test.ts bundles it): saves
 * one large Kamervraag to the library over and over, each version numbered in its title, and
 * prints `saved N` after each save, until it is killed.
 *
 *   node libraryWriter.js LIBRARY_DIR KAMERVRAAG_JSON
 */
import { readFileSync } from 'node:fs';
import type { Kamervraag } from '../../src/core/model';
import { LibraryStore } from '../../src/core/library/store';

async function main(): Promise<void> {
  const [dir, json] = process.argv.slice(2);
  if (!dir || !json) throw new Error('usage: libraryWriter LIBRARY_DIR KAMERVRAAG_JSON');
  const base = JSON.parse(readFileSync(json, 'utf8')) as Kamervraag;
  // About 2 MB: big enough that a write takes a few milliseconds, so that kills land inside one.
  const entries = Array.from({ length: 40 }, () => base.entries).flat().map((e, i) => ({ ...e, numbers: [i + 1] }));
  const store = await LibraryStore.open(dir);
  for (let version = 1; ; version++) {
    await store.save({ ...base, title: `version ${version}`, entries });
    process.stdout.write(`saved ${version}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
