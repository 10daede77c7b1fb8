/**
 * "Open an id", the one way: the library's copy of what `input` names (a key, any identifier or
 * link, also found by one of its documents), else fetched into the library. The id is parsed once,
 * here. Undefined when there is nothing to show (the user was told why, or cancelled).
 */
import { tryParseId } from '../core/ids';
import type { StoredItem } from '../core/library/store';
import { fetchIntoLibrary, findStored } from './fetching';
import type { Services } from './services';

export async function ensureStored(services: Services, input: string): Promise<StoredItem | undefined> {
  const library = await services.library();
  const id = tryParseId(input);
  const stored = library.store.get(input.trim()) ?? (id ? findStored(library, id) : undefined);
  return stored ?? (await fetchIntoLibrary(services, input))?.item;
}
