/**
 * The library: Kamervragen kept in a folder (the extension passes its globalStorageUri path, or a
 * workspace folder's `.kamervragen/` for a library shared in git).
 *
 *   {dir}/library.json          manifest: { "schema": 1, "kind": "kamervragen-library" }
 *   {dir}/items/{key}.json      one item per Kamervraag (format in schema.ts); key = zaak, else the
 *                               answer document id, percent-encoded to a safe file name
 *   {dir}/damaged/{name}.{time}.json   files that could not be read, moved aside and reported
 *   {dir}/.gitignore            the shared form only (form.ts): keeps damaged/ and temporary files out of git
 *
 * Every write is a whole file: written to a temporary file in the same folder (`.{name}.{pid}.
 * {random}.tmp`, which no reader takes for an item), flushed to disk, then renamed over the item,
 * so a reader sees the old or the new file, never part of one, even when the writer is killed.
 *
 * Several VS Code windows may open one library. An item is only ever replaced as a whole, so
 * the worst two writers can do is that one's copy of an item replaces the other's. `save` writes
 * its temporary file, then reads the item on disk and keeps that one when it is newer (fetchedAt,
 * then savedAt), so an older copy does not replace a newer one. What remains, honestly: between
 * that read and the rename (one file read and one rename) another window can rename its own copy
 * in, and ours then replaces it even if theirs was newer. There are no lock files, which a killed
 * window would leave behind. The loser's copy is not damaged, only replaced by a complete, slightly
 * older item that the next refresh brings up to date. `reloadChanged()` (the extension calls it on
 * a file watcher) rereads the files that changed on disk, so another window's saves show up.
 *
 * In memory stays the head of every item (model.ts KamervraagHead: all but the text) and the
 * whole Kamervraag of the last few read; `read` gives the whole of any item from its file. With
 * a catalog path, the heads and file stamps are also kept in a catalog file (catalog.ts), written
 * a few seconds after changes; `open` starts from it and rereads in the background only the item
 * files whose stamp differs (changed by another window, by git, by hand), so that opening a
 * library of the whole archive does not mean reading every file.
 *
 * Loading never throws for a bad item: it is checked against the whole model shape
 * (schema.ts checkKamervraag), moved aside when anything is wrong (or, for a newer schema, left
 * alone) and reported in `problems` and through `options.onProblem`. A library in the shared form
 * (form.ts: a workspace's `.kamervragen/` kept in git) leaves such files where they are, reported
 * once: they are tracked files, perhaps with a merge conflict the user has to resolve. Things in items/ that are
 * not regular files (folders, FIFOs, sockets named *.json) are reported once and skipped, never
 * opened for a blocking read. Temporary files of a writer that is no longer running are deleted
 * at open; those of a running process only once stale. Only the node:fs/promises API is used.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, writeSync } from 'node:fs';
import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { headOf, type Kamervraag, type KamervraagHead } from '../model';
import { canonicalId, zaakOf, type KamervraagId } from '../ids';
import { NewerSchemaError, SCHEMA, ShapeError, migrate } from './schema';
import type { ItemFile } from './schema';
import { CatalogItem, plainItem, readCatalog, writeCatalog, type CatalogEntry } from './catalog';
import { cleanKamervraag, needsCleaning } from '../sanitize';
import { SHARED_GITIGNORE, fileForForm, itemText, sameContent, type LibraryForm } from './form';

export { NewerSchemaError } from './schema';

export const MANIFEST = 'library.json';
const MANIFEST_KIND = 'kamervragen-library';
const ITEMS = 'items';
const DAMAGED = 'damaged';
const GITIGNORE = '.gitignore';
/** Temporary files older than this are left over from a killed writer and are deleted on open. */
const STALE_TEMP_MS = 10 * 60_000;
/**
 * A file that is not valid JSON and was written this recently may be mid-copy by something that
 * does not write atomically (a user copying a file in); `reloadChanged` retries it next time.
 */
const YOUNG_MS = 2_000;
const READ_PARALLEL = 32;
/** Item files read before they are taken in (bounds the memory of reading a whole library). */
const READ_BATCH = 256;
/** Errors of opening a file that say nothing about the file (the process or system is short of handles, or it is busy). */
const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY']);
/** Whole Kamervragen kept in memory after they were read (the store keeps heads of all). */
const FULL_CACHE = 64;

/** One Kamervraag in the library with what we know about where and when it came from. */
export interface StoredItem {
  readonly key: string;
  /** When this copy was written (ISO time). */
  readonly savedAt: string;
  /** When its data was fetched from the official source (ISO time); null when it came from a file. */
  readonly fetchedAt: string | null;
  /** HTTP validators of that response, for a conditional refresh. */
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
  /** Where the data came from: a URL or a file path. */
  readonly source?: string | undefined;
  /** What is kept in memory of the Kamervraag; `read` gives the whole of it. */
  readonly head: KamervraagHead;
}

/** A stored item with its whole Kamervraag, as `read` gives it. */
export interface LoadedItem extends StoredItem {
  readonly kamervraag: Kamervraag;
  /** The item file it was read from and that file's stamp (see originOf). */
  readonly origin: { readonly file: string; readonly stamp: string };
}

/** About the data being saved. Omit `fetchedAt` to keep the fetch information of the copy this window has. */
export interface SaveMeta {
  fetchedAt?: string | Date | null;
  etag?: string;
  lastModified?: string;
  source?: string;
}

export interface LibraryProblem {
  /** The file, as an absolute path. */
  readonly file: string;
  /** A sentence for the user: which file, what was wrong, where it went. */
  readonly message: string;
  /** Where the file was moved; absent when it was left in place (e.g. a newer schema). */
  readonly movedTo?: string;
}

/** Keys whose item was added or replaced, and keys that are gone. */
export interface LibraryChange {
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

export interface LibraryOptions {
  onProblem?: (problem: LibraryProblem) => void;
  /** How item files are written (form.ts); `private` when absent. */
  form?: LibraryForm;
  /** The clock, for tests. */
  now?: () => Date;
  /**
   * Where to keep the catalog (catalog.ts): what the store holds in memory of every item, with
   * the stamp of its file. With one, `open` starts from it and checks the item files in the
   * background instead of reading them all first. Kept outside the library folder.
   */
  catalogPath?: string;
  /** How long after a change the catalog is written (default 5 s). */
  catalogDelayMs?: number;
  /** The catalog could not be written (the library is fine; the next start reads the item files). */
  onCatalogError?: (err: Error) => void;
}

export interface Disposable {
  dispose(): void;
}

/** The library key of a Kamervraag: its zaak, else its answer document id, else any document id. */
export function keyOf(kv: KamervraagHead): string | undefined {
  return kv.zaak ?? kv.documents.find((d) => d.kind === 'answer')?.id ?? kv.documents[0]?.id;
}

/** The item file name of a key: letters, digits, - and _ kept, anything else %XX-encoded (UTF-8). */
export function fileNameOf(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9_-]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
  return `${safe}.json`;
}

/** What the store keeps of an item file besides the head. */
export type ItemMeta = Omit<ItemFile, 'kamervraag'>;

/** True when a is a newer copy than b: fetched later, or fetched at the same time and saved later. */
function isNewer(a: Pick<ItemMeta, 'fetchedAt' | 'savedAt'>, b: Pick<ItemMeta, 'fetchedAt' | 'savedAt'>): boolean {
  const fa = a.fetchedAt ?? '';
  const fb = b.fetchedAt ?? '';
  if (fa !== fb) return fa > fb;
  return a.savedAt > b.savedAt;
}

function isoTime(value: string | Date): string {
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(time)) throw new TypeError(`not a time: ${String(value)}`);
  return new Date(time).toISOString();
}

/** A file's stamp as the store compares it: inode, size and modification time. */
export function stampOf(st: Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

interface Slot {
  item: StoredItem;
  /** Base name of the file it was read from or written to. */
  name: string;
  /** The ids of its documents (also known before a head from the catalog is decoded). */
  ids: readonly string[];
}

function slotOf(item: StoredItem, name: string): Slot {
  return { item, name, ids: item.head.documents.map((d) => d.id) };
}

/** What reading one file gave. */
type ReadResult =
  | { kind: 'item'; file: ItemFile; stamp: string }
  | { kind: 'missing' }
  | { kind: 'newer'; message: string; stamp: string }
  /** Not a regular file (a folder, FIFO, socket, device): skipped, never read nor moved. */
  | { kind: 'special'; what: string; stamp: string }
  | { kind: 'damaged'; message: string; young: boolean; stamp?: string }
  /** Could not be read for now (too many open files, busy): left as it is, looked at again later. */
  | { kind: 'busy'; message: string };

export class LibraryStore {
  private readonly slots = new Map<string, Slot>();
  /** Every document id (kv-…, ah-…, 2023D…) of every item → its key. */
  private readonly byDocument = new Map<string, string>();
  /** Every item file seen, by base name → the stamp (inode, size, mtime) it had and its key. */
  private readonly seen = new Map<string, { stamp: string; key: string | undefined; special?: boolean; damaged?: boolean }>();
  private readonly listeners = new Set<(change: LibraryChange) => void>();
  private readonly problemList: LibraryProblem[] = [];
  /** The whole Kamervraag of the items read last, least recently used first, with the slot it is of. */
  private readonly full = new Map<string, { slot: Slot; kamervraag: Kamervraag }>();
  private tail: Promise<unknown> = Promise.resolve();
  /** Reads of `read` under way, and those waiting for one to end. */
  private reading = 0;
  private readonly readQueue: (() => void)[] = [];
  private laidOut = false;
  private catalogTimer: ReturnType<typeof setTimeout> | undefined;
  private catalogDirty = false;
  private catalogWriting: Promise<void> = Promise.resolve();
  private disposed = false;
  /**
   * Settles when the item files have been checked against the catalog the store opened from (at
   * once when it read them all); what changed on disk meanwhile has then been reported as a change.
   */
  verified: Promise<void> = Promise.resolve();
  /** Decoding the heads of the items read from the catalog (decodeHeads), once started. */
  private decoding: Promise<void> | undefined;
  private readonly now: () => Date;
  private readonly form: LibraryForm;

  private constructor(readonly dir: string, private readonly options: LibraryOptions) {
    this.now = options.now ?? (() => new Date());
    this.form = options.form ?? 'private';
  }

  /**
   * Opens the library in `dir`: from its catalog when there is a usable one (the item files are
   * then checked in the background, see `verified`), else by reading every item. A missing folder
   * is an empty library (it is created on the first save). Throws NewerSchemaError only when the
   * library as a whole was written by a newer version; bad items are reported, never thrown.
   */
  static async open(dir: string, options: LibraryOptions = {}): Promise<LibraryStore> {
    const store = new LibraryStore(dir, options);
    await store.readManifest();
    const checksum = options.catalogPath !== undefined && await readCatalog(options.catalogPath, dir, (name, stamp, item, ids) => {
      if (store.slots.has(item.key)) {
        void item.head; // so that the catalog's bytes are let go once the others have theirs
        return;
      }
      store.seen.set(name, { stamp, key: item.key });
      store.setSlot(item.key, { item, name, ids });
    }, (name) => {
      // A head in the catalog that is not as written: its item file is read again.
      const seen = store.seen.get(name);
      if (!seen) return;
      seen.stamp = '';
      void store.reloadChanged([name]);
    });
    if (!checksum) {
      // Not usable after all: forget what it gave, and read the item files.
      store.slots.clear();
      store.seen.clear();
      store.byDocument.clear();
    }
    if (checksum) {
      // In the background: temporary files of killed writers (a listing of the whole folder), the
      // catalog's checksum (when wrong, every item is read from its file), every file's stamp.
      store.verified = (async () => {
        await store.removeStaleTemps();
        if (!(await checksum())) for (const seen of store.seen.values()) seen.stamp = '';
        await store.reloadChanged();
      })().then(() => undefined, (err: unknown) => {
        store.report({ file: join(dir, ITEMS), message: `The library items in ${join(dir, ITEMS)} could not be checked against the catalog (${(err as Error).message}); what is shown may be out of date until the next start.` });
      });
      // The heads are decoded in the background once the files are checked (sooner when a view
      // asks, listDecoded), a slice at a time, so that no view of every item holds the thread.
      void store.verified.then(() => store.decodeHeads());
    } else {
      await store.removeStaleTemps();
      await store.scan(false);
      store.scheduleCatalog();
    }
    return store;
  }

  /** Writes the catalog now if anything changed since it was last written. */
  flush(): Promise<void> {
    clearTimeout(this.catalogTimer);
    this.catalogTimer = undefined;
    if (!this.catalogDirty) return this.catalogWriting;
    return this.writeCatalogNow();
  }

  /** Stops writing the catalog (call flush first to keep the latest changes in it). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.catalogTimer);
    this.catalogTimer = undefined;
  }

  get problems(): readonly LibraryProblem[] {
    return this.problemList;
  }

  get size(): number {
    return this.slots.size;
  }

  /**
   * Every item, in no particular order. An item from the catalog decodes its head (and dates) when
   * first asked for them: to look at those of every item, use listDecoded.
   */
  list(): StoredItem[] {
    return Array.from(this.slots.values(), (s) => s.item);
  }

  /** Every item, each with its head in memory (decoded from the catalog first, in slices, when not yet). */
  async listDecoded(): Promise<StoredItem[]> {
    await this.decodeHeads();
    return this.list();
  }

  get(key: string): StoredItem | undefined {
    return this.slots.get(key)?.item;
  }

  /**
   * Runs `fn` when fewer than READ_PARALLEL reads of `read` are under way: a note naming 500
   * Kamervragen asks for them all at once, and each read holds a file handle.
   */
  private async limitReads<T>(fn: () => Promise<T>): Promise<T> {
    while (this.reading >= READ_PARALLEL) await new Promise<void>((resolve) => this.readQueue.push(resolve));
    this.reading++;
    try {
      return await fn();
    } finally {
      this.reading--;
      this.readQueue.shift()?.();
    }
  }

  /** The item with its whole Kamervraag when it is in memory (just saved or read), else undefined. */
  peek(key: string): LoadedItem | undefined {
    const slot = this.slots.get(key);
    const cached = this.full.get(key);
    return slot && cached?.slot === slot ? this.loaded(key, slot, cached.kamervraag) : undefined;
  }

  /**
   * The item with its whole Kamervraag, read from its file (the last ones read are kept). When the
   * file is no longer the copy the store knows (another window wrote it, it was removed or
   * damaged), the store takes in what is there now, as reloadChanged does, and gives that.
   */
  async read(key: string): Promise<LoadedItem | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const slot = this.slots.get(key);
      if (!slot) return undefined;
      const cached = this.full.get(key);
      if (cached?.slot === slot) {
        this.full.delete(key);
        this.full.set(key, cached);
        return this.loaded(key, slot, cached.kamervraag);
      }
      const known = this.seen.get(slot.name);
      const result = await this.limitReads(() => this.readFile(slot.name));
      if (this.slots.get(key) !== slot) continue; // replaced while reading
      if (result.kind === 'item' && known?.key === key && result.stamp === known.stamp && keyOf(result.file.kamervraag) === key) {
        this.cacheFull(key, slot, result.file.kamervraag);
        return this.loaded(key, slot, result.file.kamervraag);
      }
      await this.reloadChanged([slot.name]);
    }
    return undefined;
  }

  /** The item that has a document with this id, in O(1). */
  findByDocument(id: string): StoredItem | undefined {
    const key = this.byDocument.get(id);
    return key === undefined ? undefined : this.slots.get(key)?.item;
  }

  /** The item that `id` names: by key, or by one of its documents. */
  find(id: KamervraagId): StoredItem | undefined {
    const zaak = zaakOf(id);
    const direct = this.get(canonicalId(id)) ?? (zaak ? this.get(zaak) : undefined);
    if (direct || id.kind === 'zaak') return direct;
    return this.findByDocument(id.document);
  }


  /**
   * The item file an item was read from or written to (base name in items/) and the stamp it had
   * then: what the search index file (liveIndex.ts) compares to know whether it indexed this copy.
   */
  originOf(key: string): { file: string; stamp: string } | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    const seen = this.seen.get(slot.name);
    return { file: slot.name, stamp: seen?.key === key ? seen.stamp : '' };
  }

  onDidChange(listener: (change: LibraryChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  /**
   * Saves a Kamervraag under `keyOf(kv)` and returns the item that is now in the library. When
   * the file on disk holds a newer copy (another window saved a later fetch), that copy is kept
   * and returned instead; in the shared form also when it holds the same content. Throws when the Kamervraag has no key, or the file on disk has a newer
   * schema (it is not ours to replace).
   */
  save(given: Kamervraag, meta: SaveMeta = {}): Promise<LoadedItem> {
    // Cleaned as a copy read back from disk is (schema.ts migrate), so that memory, the catalog and
    // the file hold the same: no control characters, no address that is not a web address.
    const kv = needsCleaning(given) ? cleanKamervraag(given) : given;
    const key = keyOf(kv);
    if (key === undefined) return Promise.reject(new Error(`cannot save "${kv.title}": it has no zaak and no document id`));
    return this.serial(async () => {
      const known = this.slots.get(key);
      const fetch: Pick<ItemFile, 'fetchedAt' | 'etag' | 'lastModified'> = { fetchedAt: null };
      if (meta.fetchedAt !== undefined) {
        fetch.fetchedAt = meta.fetchedAt === null ? null : isoTime(meta.fetchedAt);
        if (meta.etag !== undefined) fetch.etag = meta.etag;
        if (meta.lastModified !== undefined) fetch.lastModified = meta.lastModified;
      } else if (known) {
        fetch.fetchedAt = known.item.fetchedAt;
        if (known.item.etag !== undefined) fetch.etag = known.item.etag;
        if (known.item.lastModified !== undefined) fetch.lastModified = known.item.lastModified;
      }
      const source = meta.source ?? known?.item.source;
      const file: ItemFile = {
        schema: SCHEMA, savedAt: this.now().toISOString(), ...fetch,
        ...(source !== undefined ? { source } : {}), kamervraag: kv,
      };

      await this.layOut();
      const name = fileNameOf(key);
      const itemsDir = join(this.dir, ITEMS);
      const temp = await writeTemp(itemsDir, name, itemText(file, this.form));
      // Read-compare-rename, the compare as late as possible: keep a newer copy another window
      // wrote (see the file comment for the race that remains between this read and the rename).
      let onDisk: ReadResult;
      try {
        onDisk = await this.readFile(name);
        if (onDisk.kind === 'newer') {
          throw new NewerSchemaError(`Library item ${join(itemsDir, name)} was ${onDisk.message}; it was not replaced.`);
        }
        if (onDisk.kind === 'item' && keyOf(onDisk.file.kamervraag) === key
          && (!isNewer(file, onDisk.file) || (this.form === 'shared' && sameContent(file, onDisk.file)))) {
          await fs.rm(temp.path, { force: true });
          const adopted = this.remember(name, onDisk.file, onDisk.stamp);
          if (adopted) this.emit({ changed: [key], removed: [] });
          const slot = this.slots.get(key)!;
          if (slot.name !== name) {
            // A newer duplicate under another name is the library's copy: its own text (read here,
            // not through read(), which may rescan and so wait for this save).
            const other = await this.readFile(slot.name);
            if (other.kind === 'item' && keyOf(other.file.kamervraag) === key) {
              this.cacheFull(key, slot, other.file.kamervraag);
              return this.loaded(key, slot, other.file.kamervraag);
            }
          }
          if (slot.name === name) this.cacheFull(key, slot, onDisk.file.kamervraag);
          return this.loaded(key, slot, onDisk.file.kamervraag);
        }
        if (onDisk.kind === 'busy') throw new Error(`${join(itemsDir, name)} could not be read to compare it before replacing it (${onDisk.message}); nothing was changed. Try again.`);
        if (onDisk.kind === 'special') throw new Error(`${join(itemsDir, name)} is ${onDisk.what}, not an item file; it was not replaced.`);
        // The shared form replaces it in place (a file with a merge conflict, resolved by this save).
        if (onDisk.kind === 'damaged' && this.form === 'private') await this.setAside(name, onDisk.message);
        await commitTemp(itemsDir, temp.path, name);
      } catch (err) {
        await fs.rm(temp.path, { force: true });
        throw err;
      }
      const stamp = temp.stamp;
      const previous = this.slots.get(key);
      const { kamervraag: writtenKv, ...writtenMeta } = fileForForm(file, this.form);
      const slot = slotOf(toItem(key, writtenMeta, headOf(writtenKv)), name);
      this.setSlot(key, slot);
      this.cacheFull(key, slot, writtenKv);
      this.seen.set(name, { stamp, key });
      if (previous && previous.name !== name) {
        // It was read from a file dropped in under another name; the canonical file supersedes it.
        await fs.rm(join(this.dir, ITEMS, previous.name), { force: true });
        this.seen.delete(previous.name);
      }
      this.emit({ changed: [key], removed: [] });
      return this.loaded(key, slot, writtenKv);
    });
  }

  /** Deletes an item; false when there was none. */
  remove(key: string): Promise<boolean> {
    return this.serial(async () => {
      const slot = this.slots.get(key);
      if (!slot) return false;
      // Every file holding the key, so that an older duplicate does not come back on the next open.
      const names = new Set([slot.name]);
      for (const [name, seen] of this.seen) if (seen.key === key) names.add(name);
      for (const name of names) {
        await fs.rm(join(this.dir, ITEMS, name), { force: true });
        this.seen.delete(name);
      }
      this.deleteSlot(key);
      this.emit({ changed: [], removed: [key] });
      return true;
    });
  }

  /**
   * Rereads item files that changed on disk since this store last saw them (another window saved
   * or removed items, or a user dropped files in) and returns the keys that changed or went away.
   * With `names` (item file names, as a file watcher reports them) only those files are looked at:
   * a library of the whole archive is not walked again for every file written (its own included).
   */
  reloadChanged(names?: readonly string[]): Promise<string[]> {
    return this.serial(async () => {
      const change = await this.scan(true, names);
      if (change.changed.length + change.removed.length > 0) this.emit(change);
      return [...change.changed, ...change.removed];
    });
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private setSlot(key: string, slot: Slot): void {
    this.deleteSlot(key);
    this.slots.set(key, slot);
    for (const id of slot.ids) this.byDocument.set(id, key);
  }

  private deleteSlot(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    // Decoded before it goes, so that the catalog's bytes are let go once the others are (and
    // whoever still holds it has its head).
    if (slot.item instanceof CatalogItem && !slot.item.decoded) void slot.item.head;
    this.slots.delete(key);
    this.full.delete(key);
    for (const id of slot.ids) if (this.byDocument.get(id) === key) this.byDocument.delete(id);
  }

  private cacheFull(key: string, slot: Slot, kamervraag: Kamervraag): void {
    this.full.delete(key);
    this.full.set(key, { slot, kamervraag });
    if (this.full.size > FULL_CACHE) this.full.delete(this.full.keys().next().value!);
  }

  private loaded(key: string, slot: Slot, kamervraag: Kamervraag): LoadedItem {
    const seen = this.seen.get(slot.name);
    return { ...plainItem(slot.item), kamervraag, origin: { file: slot.name, stamp: seen?.key === key ? seen.stamp : '' } };
  }

  /** The catalog is written `catalogDelayMs` after the first change that it does not have. */
  private scheduleCatalog(): void {
    if (this.options.catalogPath === undefined || this.disposed) return;
    this.catalogDirty = true;
    if (this.catalogTimer !== undefined) return;
    this.catalogTimer = setTimeout(() => {
      this.catalogTimer = undefined;
      void this.writeCatalogNow();
    }, this.options.catalogDelayMs ?? 5_000);
    this.catalogTimer.unref?.();
  }

  private writeCatalogNow(): Promise<void> {
    const path = this.options.catalogPath;
    if (path === undefined) return Promise.resolve();
    this.catalogWriting = this.catalogWriting.then(async () => {
      if (!this.catalogDirty || this.disposed) return;
      this.catalogDirty = false;
      // A snapshot: what changes while it is written makes it dirty again.
      const entries: CatalogEntry[] = [];
      for (const [key, slot] of this.slots) {
        const seen = this.seen.get(slot.name);
        if (seen?.key === key && seen.stamp !== '') entries.push({ name: slot.name, stamp: seen.stamp, item: slot.item });
      }
      try {
        await writeCatalog(path, this.dir, entries);
      } catch (err) {
        // Only the next start is slower: it reads the item files instead.
        this.catalogDirty = true;
        this.options.onCatalogError?.(err as Error);
      }
    });
    return this.catalogWriting;
  }

  /**
   * Settles when every item read from the catalog has its head in memory: decoded once, giving
   * the thread back between slices of 5 ms (started after `verified`, or by the first that asks).
   */
  decodeHeads(): Promise<void> {
    this.decoding ??= this.decodeInSlices();
    return this.decoding;
  }

  private async decodeInSlices(): Promise<void> {
    let started = Date.now();
    for (const slot of [...this.slots.values()]) {
      if (this.disposed) return;
      if (!(slot.item instanceof CatalogItem) || slot.item.decoded) continue;
      void slot.item.head;
      if (Date.now() - started >= 5) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        started = Date.now();
      }
    }
  }

  /** Runs writes and rescans of this store one at a time, in call order. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private emit(change: LibraryChange): void {
    this.scheduleCatalog();
    for (const listener of [...this.listeners]) listener(change);
  }

  private report(problem: LibraryProblem): void {
    this.problemList.push(problem);
    this.options.onProblem?.(problem);
  }

  private async readManifest(): Promise<void> {
    const file = join(this.dir, MANIFEST);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return;
      throw err;
    }
    let schema: unknown;
    try {
      const raw: unknown = JSON.parse(text);
      schema = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).schema : undefined;
    } catch {
      schema = undefined;
    }
    if (typeof schema !== 'number' || !Number.isInteger(schema)) {
      // Only the schema number lives there, and it is rewritten on the next save.
      const movedTo = await this.moveToDamaged(file, MANIFEST).catch(() => undefined);
      this.report({
        file, ...(movedTo ? { movedTo } : {}),
        message: `The library manifest ${file} is not valid (expected {"schema": ${SCHEMA}}); it was moved to ${movedTo ?? '(already gone)'} and will be written anew.`,
      });
      return;
    }
    if (schema > SCHEMA) {
      throw new NewerSchemaError(`The library in ${this.dir} was written by a newer version of the Kamervragen extension (library schema ${schema}; this version reads up to ${SCHEMA}). Update the extension to use it; nothing was changed.`);
    }
    this.laidOut = schema === SCHEMA;
  }

  /** Creates the folders and the manifest before the first write. */
  private async layOut(): Promise<void> {
    if (this.laidOut) return;
    await fs.mkdir(join(this.dir, ITEMS), { recursive: true });
    const manifest = { schema: SCHEMA, kind: MANIFEST_KIND };
    try {
      await fs.access(join(this.dir, MANIFEST));
    } catch {
      await writeAtomic(this.dir, MANIFEST, `${JSON.stringify(manifest, null, 1)}\n`);
    }
    if (this.form === 'shared') {
      try {
        await fs.access(join(this.dir, GITIGNORE));
      } catch {
        await writeAtomic(this.dir, GITIGNORE, SHARED_GITIGNORE);
      }
    }
    this.laidOut = true;
  }

  /**
   * Deletes temporary files left by killed writers: at once when the process that wrote one
   * (its pid is in the name) is gone, else when it is older than STALE_TEMP_MS (a writer on
   * another machine sharing the folder, or a pid reused since).
   */
  private async removeStaleTemps(): Promise<void> {
    const itemsDir = join(this.dir, ITEMS);
    for (const dir of [this.dir, itemsDir]) {
      for (const name of await listDir(dir)) {
        if (!isTempName(name)) continue;
        try {
          const st = await fs.lstat(join(dir, name));
          if (!st.isFile()) continue;
          const writer = writerOf(name);
          const gone = writer !== undefined && writer !== process.pid && !isRunning(writer);
          if (gone || this.now().getTime() - st.mtimeMs > STALE_TEMP_MS) await fs.rm(join(dir, name), { force: true });
        } catch {
          // another window removed it first
        }
      }
    }
  }

  /** Reads one item file; never throws for its content. */
  private async readFile(name: string): Promise<ReadResult> {
    const path = join(this.dir, ITEMS, name);
    let handle: fs.FileHandle;
    try {
      // Non-blocking, so that a FIFO named *.json opens at once (and is then skipped) instead of
      // waiting for a writer forever; it changes nothing for a regular file.
      handle = await fs.open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return { kind: 'missing' };
      if (TRANSIENT.has(errorCode(err) ?? '')) return { kind: 'busy', message: (err as Error).message };
      // A socket cannot be opened at all (ENXIO): say what it is rather than call it damaged.
      const st = await fs.stat(path).catch(() => undefined);
      if (st && !st.isFile()) return { kind: 'special', what: specialKind(st), stamp: stampOf(st) };
      return { kind: 'damaged', message: `it could not be opened (${(err as Error).message})`, young: false };
    }
    let st: Stats;
    let text: string;
    try {
      st = await handle.stat();
      if (!st.isFile()) return { kind: 'special', what: specialKind(st), stamp: stampOf(st) };
      text = await handle.readFile('utf8');
    } catch (err) {
      return { kind: 'damaged', message: `it could not be read (${(err as Error).message})`, young: false };
    } finally {
      await handle.close();
    }
    const stamp = stampOf(st);
    let raw: unknown;
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      const young = this.now().getTime() - st.mtimeMs < YOUNG_MS;
      return { kind: 'damaged', message: text.trim() === '' ? 'it is empty' : `it is not valid JSON (${(err as Error).message})`, young, stamp };
    }
    try {
      return { kind: 'item', file: migrate(raw, { fileTime: st.mtime.toISOString() }), stamp };
    } catch (err) {
      if (err instanceof NewerSchemaError) return { kind: 'newer', message: err.message, stamp };
      if (err instanceof ShapeError) return { kind: 'damaged', message: `it is not a library item: ${err.message}`, young: false, stamp };
      throw err;
    }
  }

  /**
   * Takes a read item into memory if it is the newest copy of its key. Returns whether what the
   * library holds for that key changed.
   */
  private remember(name: string, file: ItemFile, stamp: string): boolean {
    const key = keyOf(file.kamervraag);
    const before = this.seen.get(name);
    this.seen.set(name, { stamp, key });
    if (key === undefined) return false;
    const current = this.slots.get(key);
    if (current && current.name !== name && !isNewer(file, current.item)) return false; // a duplicate, older
    // The very file the store has (same stamp): nothing new. A file whose stamp changed is taken in
    // even with the same times (edited by hand, or by a merge that kept them): its text may differ.
    if (current && current.name === name && before?.key === key && before.stamp === stamp) {
      if (this.full.get(key)?.slot !== current) this.cacheFull(key, current, file.kamervraag);
      return false;
    }
    const { kamervraag, ...meta } = file;
    const slot = slotOf(toItem(key, meta, headOf(kamervraag)), name);
    this.setSlot(key, slot);
    this.cacheFull(key, slot, kamervraag);
    return true;
  }

  /** Reads every item file whose stamp changed (all of them the first time). */
  private async scan(reloading: boolean, only?: readonly string[]): Promise<LibraryChange> {
    const itemsDir = join(this.dir, ITEMS);
    const names = (only ? [...new Set(only)].filter((n) => !/[\\/]/.test(n)) : await listDir(itemsDir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    const present = new Set(names);
    /** With `only`: the files looked at; the others are not gone, just not looked at. */
    const asked = only ? new Set(names) : null;
    const changed = new Set<string>();
    const removed = new Set<string>();

    const toRead: string[] = [];
    await eachLimited(names, READ_PARALLEL, async (name) => {
      const known = this.seen.get(name);
      if (!known) {
        toRead.push(name);
        return;
      }
      try {
        if (stampOf(await fs.stat(join(itemsDir, name))) !== known.stamp) toRead.push(name);
      } catch {
        present.delete(name); // gone since the listing
      }
    });

    // Read in batches, each applied in name order (so that the outcome does not depend on which
    // read finished first) before the next is read: only a batch of whole items is in memory at once.
    toRead.sort();
    for (let from = 0; from < toRead.length; from += READ_BATCH) {
      const batch = toRead.slice(from, from + READ_BATCH);
      const results = new Map<string, ReadResult>();
      await eachLimited(batch, READ_PARALLEL, async (name) => { results.set(name, await this.readFile(name)); });
      for (const name of batch) {
        const result = results.get(name)!;
        const path = join(itemsDir, name);
        const before = this.seen.get(name)?.key;
        switch (result.kind) {
          case 'missing':
            present.delete(name);
            break;
          case 'item': {
            const key = keyOf(result.file.kamervraag);
            if (key === undefined) {
              if (await this.setAside(name, 'it is not a library item: the Kamervraag has no zaak and no document id', result.stamp)) present.delete(name);
            } else if (this.remember(name, result.file, result.stamp)) changed.add(key);
            if (before !== undefined && before !== key) this.forget(name, before, removed);
            break;
          }
          case 'newer':
            if (before !== undefined) this.forget(name, before, removed);
            this.seen.set(name, { stamp: result.stamp, key: undefined });
            this.report({ file: path, message: `Library item ${path} was ${result.message}; it was left in place and is not shown.` });
            break;
          case 'special':
            if (before !== undefined) this.forget(name, before, removed);
            if (this.seen.get(name)?.special !== true) {
              this.report({ file: path, message: `${path} is ${result.what}, not an item file; it is skipped.` });
            }
            this.seen.set(name, { stamp: result.stamp, key: undefined, special: true });
            break;
          case 'busy':
            break; // nothing known about it changes; looked at again when it changes or at the next open
          case 'damaged':
            if (reloading && result.young) break; // perhaps still being copied in: look again next time
            if (before !== undefined) this.forget(name, before, removed);
            if (await this.setAside(name, result.message, result.stamp)) present.delete(name);
            break;
        }
      }
    }
    for (const [name, { key }] of [...this.seen]) {
      if (present.has(name) || (asked && !asked.has(name))) continue;
      this.seen.delete(name);
      if (key !== undefined) this.forget(name, key, removed);
    }
    for (const key of removed) changed.delete(key);
    for (const key of changed) removed.delete(key);
    if (toRead.length > 0) this.scheduleCatalog(); // stamps the catalog has may have changed
    return { changed: [...changed], removed: [...removed] };
  }

  /** The file `name` no longer holds `key`: drop the item if it was read from there. */
  private forget(name: string, key: string, removed: Set<string>): void {
    if (this.slots.get(key)?.name === name) {
      this.deleteSlot(key);
      removed.add(key);
    }
  }

  /**
   * Moves a damaged item file to damaged/ and reports it; returns false when it stays where it is
   * (the shared form: reported once per version of the file, read again when it changes).
   */
  private async setAside(name: string, reason: string, stamp?: string): Promise<boolean> {
    const path = join(this.dir, ITEMS, name);
    if (this.form === 'shared') {
      const known = this.seen.get(name);
      if (known?.damaged !== true || known.stamp !== (stamp ?? '')) {
        this.report({ file: path, message: `Library item ${path} could not be read: ${reason}. It was left in place and is not shown; correct it (a merge conflict?) or delete it.` });
      }
      this.seen.set(name, { stamp: stamp ?? '', key: undefined, damaged: true });
      return false;
    }
    this.seen.delete(name);
    let movedTo: string | undefined;
    try {
      movedTo = await this.moveToDamaged(path, name);
    } catch (err) {
      this.report({ file: path, message: `Library item ${path} could not be read: ${reason}. It could not be moved aside either (${(err as Error).message}), so it is skipped.` });
      return true;
    }
    if (movedTo === undefined) return true; // another window moved it first and reports it
    this.report({ file: path, movedTo, message: `Library item ${path} could not be read: ${reason}. It was moved to ${movedTo}.` });
    return true;
  }

  private async moveToDamaged(path: string, name: string): Promise<string | undefined> {
    const dir = join(this.dir, DAMAGED);
    await fs.mkdir(dir, { recursive: true });
    const time = this.now().toISOString().replace(/[:.]/g, '-');
    const movedTo = join(dir, `${name.replace(/\.json$/, '')}.${time}.json`);
    try {
      await fs.rename(path, movedTo);
      return movedTo;
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }
}

function specialKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function toItem(key: string, file: ItemMeta, head: KamervraagHead): StoredItem {
  const item: { -readonly [K in keyof StoredItem]: StoredItem[K] } = { key, savedAt: file.savedAt, fetchedAt: file.fetchedAt, head };
  if (file.etag !== undefined) item.etag = file.etag;
  if (file.lastModified !== undefined) item.lastModified = file.lastModified;
  if (file.source !== undefined) item.source = file.source;
  return item;
}

function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/** The pid in a temporary file's name (`.{name}.{pid}.{random}.tmp`). */
function writerOf(tempName: string): number | undefined {
  const m = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(tempName);
  return m ? Number(m[1]) : undefined;
}

/** Whether a process with this pid runs on this machine (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM'; // it exists, it is just not ours
  }
}

/**
 * The names in a folder, read a few hundred at a time (fs.opendir) rather than in one readdir:
 * readdir of the 60,000 items of an archive-sized library makes all their names on the thread in
 * one step (25–33 ms, and a collection of the young generation after it); this holds it ~10 ms.
 */
async function listDir(dir: string): Promise<string[]> {
  try {
    const names: string[] = [];
    for await (const entry of await fs.opendir(dir, { bufferSize: 256 })) names.push(entry.name);
    return names;
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return [];
    throw err;
  }
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Writes `data` to `{dir}/{name}` atomically: a temporary file in the same folder, flushed to
 * disk, renamed over the target, then the folder flushed so that the rename survives a power cut.
 * Returns the stamp the file has after the rename (a rename keeps inode, size and mtime).
 */
export async function writeAtomic(dir: string, name: string, data: string | Uint8Array | ((handle: fs.FileHandle) => Promise<void>)): Promise<string> {
  const temp = await writeTemp(dir, name, data);
  try {
    await commitTemp(dir, temp.path, name);
  } catch (err) {
    await fs.rm(temp.path, { force: true });
    throw err;
  }
  return temp.stamp;
}

/**
 * writeAtomic for data too large to hold twice: `fill` writes the temporary file through the
 * positioned `write` it is given (synchronously: meant for a worker thread).
 */
export function writeAtomicWith(dir: string, name: string, fill: (write: (bytes: Uint8Array, position: number) => void) => void): Promise<string> {
  return writeAtomic(dir, name, (handle) => {
    fill((bytes, position) => {
      for (let done = 0; done < bytes.length;) done += writeSync(handle.fd, bytes, done, bytes.length - done, position + done);
    });
    return Promise.resolve();
  });
}

/**
 * The first half of writeAtomic: the data (or what `data` writes into the open file) in a flushed
 * temporary file that no reader takes for an item.
 */
async function writeTemp(dir: string, name: string, data: string | Uint8Array | ((handle: fs.FileHandle) => Promise<void>)): Promise<{ path: string; stamp: string }> {
  const path = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(path, 'wx');
  let written = false;
  try {
    if (typeof data === 'function') await data(handle);
    else await (typeof data === 'string' ? handle.writeFile(data, 'utf8') : handle.writeFile(data));
    await handle.sync();
    const stamp = stampOf(await handle.stat());
    written = true;
    return { path, stamp };
  } finally {
    await handle.close();
    if (!written) await fs.rm(path, { force: true });
  }
}

/** The second half: rename the temporary file over the target and flush the folder. */
async function commitTemp(dir: string, temp: string, name: string): Promise<void> {
  await renameWithRetry(temp, join(dir, name));
  await syncDir(dir);
}

/** Windows refuses a rename over a file another process has open for a moment; try a few times. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const code = errorCode(err);
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not every platform can open or flush a folder (Windows); the rename is atomic regardless.
  } finally {
    await handle?.close();
  }
}
