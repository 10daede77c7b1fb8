/**
 * "Open an id", the one way: the library's copy of what `input` names (a key, any identifier or
 * link, also found by one of its documents), else fetched into the library. The id is parsed once,
 * here. Undefined when there is nothing to show (the user was told why, or cancelled).
 */
import { tryParseId } from '../core/ids';
import type { LoadedItem } from '../core/library/store';
import { fetchIntoLibrary, findStored } from './fetching';
import type { Services } from './services';

export async function ensureStored(services: Services, input: string): Promise<LoadedItem | undefined> {
  const library = await services.library();
  const id = tryParseId(input);
  const found = library.store.get(input.trim()) ?? (id ? findStored(library, id) : undefined);
  const stored = found ? await library.store.read(found.key) : undefined;
  return stored ?? (await fetchIntoLibrary(services, input))?.item;
}
