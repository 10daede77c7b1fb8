/**
 * How a library writes its item files. Two forms, the same schema (schema.ts), read alike:
 *
 * - `private` (the global library in the extension's storage): everything known about a copy,
 *   including when it was written and the HTTP validators of its fetch, for a conditional refresh.
 * - `shared` (a workspace's `.kamervragen/`, kept in git by a team): only what follows from the
 *   content, so that a file changes when the Kamervraag changes and at no other time. Keys are
 *   written in a stable order (the item's fields as below, every object inside the Kamervraag
 *   sorted by key), pretty-printed with a trailing newline. `savedAt` and `fetchedAt` stay, because
 *   the reader shows them and a copy that was never fetched is fetched on open, but the store does
 *   not rewrite a file whose content is unchanged (`sameContent`), so they are the times of the
 *   save that brought this content. Dropped: `etag` and `lastModified` (one user's HTTP response)
 *   and `source` (an address that depends on the endpoint settings, or a path on one user's disk).
 *
 * Two colleagues who fetch the same version of a Kamervraag at different times therefore write the
 * same content; only the two time lines differ, and a refresh that finds nothing new writes nothing.
 */
import type { ItemFile } from './schema';

export type LibraryForm = 'private' | 'shared';

/**
 * The `.gitignore` a shared library writes next to its manifest: files moved aside, the
 * temporary files of a write in progress and the checkpoint of an archive download at work
 * (sources/archive.ts) are one user's, not the team's.
 */
export const SHARED_GITIGNORE = '# Written by the Kamervragen extension: what is not shared.\ndamaged/\n.*.tmp\narchive-download.json\n';

/** What is written for `file` in `form`: for `shared`, only the fields that follow the content. */
export function fileForForm(file: ItemFile, form: LibraryForm): ItemFile {
  if (form === 'private') return file;
  return { schema: file.schema, savedAt: file.savedAt, fetchedAt: file.fetchedAt, kamervraag: file.kamervraag };
}

/** The text of an item file: pretty-printed, a trailing newline; in the shared form with sorted keys. */
export function itemText(file: ItemFile, form: LibraryForm): string {
  if (form === 'private') return `${JSON.stringify(file, null, 1)}\n`;
  const shared = fileForForm(file, form);
  // The item's own fields in the order fileForForm gives them; everything below in key order.
  return `${JSON.stringify({ ...shared, kamervraag: sortedKeys(shared.kamervraag) }, null, 1)}\n`;
}

/**
 * Whether a shared library may keep `onDisk` instead of writing `file`: the same Kamervraag (every
 * field, in any key order), and both fetched or both not (a fetched copy replaces one read from a
 * file, which is otherwise fetched again on open).
 */
export function sameContent(file: ItemFile, onDisk: ItemFile): boolean {
  if ((file.fetchedAt === null) !== (onDisk.fetchedAt === null)) return false;
  return JSON.stringify(sortedKeys(file.kamervraag)) === JSON.stringify(sortedKeys(onDisk.kamervraag));
}

/**
 * A copy of a JSON value with every object's keys sorted (arrays keep their order), so that its text
 * depends only on the content. (JavaScript puts integer-like keys first, ascending: still a fixed order.)
 */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortedKeys(v);
  }
  return out;
}
