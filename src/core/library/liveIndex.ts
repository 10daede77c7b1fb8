/**
 * The library's search index as the extension keeps it: an index file (packedIndex.ts) opened at
 * start instead of rebuilt, checked item by item against the store, kept current in memory, and
 * written again in the background.
 *
 * - Open: the file is opened (its head only) and compared with the store: every item whose file
 *   stamp (inode:size:mtime) is the one the index file recorded is taken from the file; the
 *   others are indexed into an in-memory overlay (mergedIndex.ts), in slices of `sliceMs` between
 *   which the thread is free (searches meanwhile use what is there: the file without the changed
 *   items, plus the overlay so far); more than `catchUpLimit` of them are left to the worker
 *   instead. The postings' checksum is verified in the background.
 *   When a newer file replaces the one in use, the old one serves searches until the new one has
 *   caught up, so that no item drops out of the results meanwhile.
 * - Missing, damaged (head or postings) or of an older version: the file is rebuilt from the item
 *   files in a worker thread (`update`, e.g. workerUpdater), never on the caller's thread; until it
 *   is done `state` says 'building' with progress and searches answer from what is there (only the
 *   items saved since). `whenReady()` waits for the end. Should the worker fail, the items are
 *   indexed in memory in slices instead (the index then lives in memory until the next start).
 * - Changes: saved and removed items (and another window's, through store.reloadChanged) go into
 *   the overlay at once; after `persistDelayMs` without changes the worker merges them into a new
 *   file (written atomically: a temporary file renamed over it), which is then opened in place of
 *   the old one, with whatever changed during the merge carried over.
 *
 * Two windows on one library each keep their own overlay and may both write the file; it is
 * always a complete file of one of them, and each checks it against its own store at the next
 * open, so neither trusts a file that does not match the items.
 */
import { readFile as fsReadFile, stat as fsStat, writeSync, type Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Kamervraag } from '../model';
import { LibraryIndex, Searcher, type SearchHit, type SearchOptions, type PostingSource } from './search';
import { IndexFileError, PackedIndex, buildPackedIndex, packPartsTo } from './packedIndex';
import { MergedIndex } from './mergedIndex';
import { migrate } from './schema';
import { keyOf, stampOf, writeAtomicWith } from './store';

const ITEMS = 'items';
const READ_PARALLEL = 16;
const READ_BATCH = 64;
/** Items indexed between two turns of the event loop while item files are read ahead. */
const YIELD_EVERY = 4;
/**
 * A rebuild indexes this many items into each part file: a part worker's memory is that of a
 * part's in-memory index (~40 KB an item of ~2,600 words), not the whole library's.
 */
const SEGMENT_DOCS = 3000;
/**
 * The heap a part worker may hold (MB). Unlimited, V8 let each grow to ~575 MB at 3,000 realistic
 * items a part (1.3 GB for the process with two workers, 57 s at 60,000); at 512 MB it collects
 * sooner: 637 MB for the process, 65 s (bench/library.bench.ts). A part that does not fit is
 * built on the updating thread instead.
 */
const PART_HEAP_MB = 512;
/** More items than this changed since the file was written: merge them in the background instead. */
const CATCH_UP_LIMIT = 1000;
/** Temporary index files older than this are left over from a killed writer. */
const STALE_TEMP_MS = 10 * 60_000;

/** What the background work is asked to do. */
export interface UpdateTask {
  /** The library folder (the one with items/). */
  dir: string;
  /** The index file to bring up to date. */
  indexPath: string;
  /** Ignore the existing file and index every item anew. */
  rebuild: boolean;
  /** Items indexed into one part file (default SEGMENT_DOCS); more than that to read are indexed in parts and joined. */
  segmentDocs?: number;
  /** A script (dist/indexWorker.js) that builds parts in worker threads of their own; without it, parts are built on this thread. */
  partWorker?: string;
  /** Parts built at the same time with partWorker (default: the machine's cores, at most four). */
  workers?: number;
  /** The old-generation heap of each part worker in MB (default PART_HEAP_MB). */
  partHeapMb?: number;
}

export interface UpdateResult {
  /** Items in the written file. */
  documents: number;
  /** Of those, taken over from the previous file unchanged. */
  reused: number;
  /** Item files read and indexed. */
  read: number;
  /** Parts the items read were indexed in (1 when they were few enough for one). */
  segments: number;
  ms: number;
  /** Why the previous file was not used, when it was not. */
  rebuiltBecause?: string;
}

export type UpdateProgress = (done: number, total: number) => void;

/** Runs an UpdateTask somewhere (a worker thread in the extension); rejects when aborted. */
export type IndexUpdater = (task: UpdateTask, progress: UpdateProgress, signal: AbortSignal) => Promise<UpdateResult>;

/**
 * Brings the index file up to date with the item files in `task.dir`: the previous file's
 * postings of unchanged items are copied, changed and new item files are read and indexed, and
 * the result is written atomically. More than SEGMENT_DOCS items to read are indexed in parts
 * (buildParts, side by side in worker threads when `task.partWorker` names their script) and joined
 * into the file in one pass; a rebuild that is stopped starts over (its parts are temporary files,
 * removed when it fails; left to removeStaleTemps when the updater was stopped from outside, by
 * the extension closing or the process being killed). Unreadable item files are left
 * out (the store reports them).
 */
export async function updateIndexFile(task: UpdateTask, progress: UpdateProgress = () => undefined): Promise<UpdateResult> {
  const started = Date.now();
  await removeStaleTemps(dirname(task.indexPath), basename(task.indexPath));
  let base: PackedIndex | undefined;
  let rebuiltBecause: string | undefined = task.rebuild ? 'a rebuild was asked for' : undefined;
  if (!task.rebuild) {
    try {
      base = PackedIndex.open(task.indexPath);
      if (!(await base.verify())) {
        base.close();
        base = undefined;
        rebuiltBecause = `the index ${task.indexPath} is damaged (checksum of its postings)`;
      }
    } catch (err) {
      if (!(err instanceof IndexFileError)) throw err;
      rebuiltBecause = err.message;
    }
  }
  try {
    const write = async (index: MergedIndex): Promise<void> => {
      await fs.mkdir(dirname(task.indexPath), { recursive: true });
      await writeAtomicWith(dirname(task.indexPath), basename(task.indexPath), (put) => index.packTo(put));
    };
    const merged = new MergedIndex(base, new LibraryIndex());
    const byFile = new Map<string, number>();
    if (base) for (let doc = 0; doc < base.size; doc++) byFile.set(base.originOf(doc).file, doc);
    const itemsDir = join(task.dir, ITEMS);
    const names = (await fs.readdir(itemsDir).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    const keep = new Set<number>();
    const toRead: string[] = [];
    await eachLimited(names, READ_PARALLEL, async (name) => {
      const doc = byFile.get(name);
      if (doc !== undefined) {
        const st = await fs.stat(join(itemsDir, name)).catch(() => undefined);
        if (st?.isFile() && base!.hasOrigin(doc, name, stampOf(st))) {
          keep.add(doc);
          return;
        }
      }
      toRead.push(name);
    });
    if (base) for (let doc = 0; doc < base.size; doc++) if (!keep.has(doc)) merged.killDoc(doc);
    toRead.sort();
    const segment = task.segmentDocs ?? SEGMENT_DOCS;
    const result = (documents: number, read: number, segments: number): UpdateResult => ({
      documents, reused: keep.size, read, segments, ms: Date.now() - started,
      ...(rebuiltBecause !== undefined ? { rebuiltBecause } : {}),
    });
    if (toRead.length <= segment) {
      // Few enough to index here, into the file's overlay, and write once.
      progress(0, toRead.length);
      const read = await indexItems(itemsDir, toRead, (name, kv, stamp) => merged.put(keyOf(kv)!, kv, { file: name, stamp }), (n) => progress(n, toRead.length));
      await write(merged);
      return result(merged.size, read, 1);
    }
    // More: every SEGMENT_DOCS items are indexed into a part file of their own (side by side in
    // worker threads when there is a script for them), so that memory stays that of a segment,
    // then the parts (after what the previous file keeps) are joined into the file in one pass.
    const chunks: string[][] = [];
    for (let at = 0; at < toRead.length; at += segment) chunks.push(toRead.slice(at, at + segment));
    const dir = dirname(task.indexPath);
    const stem = `.${basename(task.indexPath)}.${process.pid}.${randomBytes(6).toString('hex')}`;
    const partPaths = chunks.map((_, i) => `${stem}.part${i}.tmp`).map((name) => join(dir, name));
    const parts: PackedIndex[] = [];
    try {
      await fs.mkdir(dir, { recursive: true });
      const read = await buildParts(task, itemsDir, chunks, partPaths, progress, toRead.length);
      if (base && merged.size > 0) {
        const kept = join(dir, `${stem}.kept.tmp`);
        partPaths.unshift(kept);
        await writeWith(kept, (put) => merged.packTo(put));
      }
      for (const path of partPaths) parts.push(PackedIndex.open(path));
      // Of two item files with one key, the later in name order counts (as when indexed one by one).
      const seen = new Map<string, number>();
      const dead = new Set<number>();
      let doc = 0;
      for (const part of parts) {
        for (let d = 0; d < part.size; d++, doc++) {
          const key = part.keyAt(d);
          const earlier = seen.get(key);
          if (earlier !== undefined) dead.add(earlier);
          seen.set(key, doc);
        }
      }
      await writeAtomicWith(dir, basename(task.indexPath), (put) => packPartsTo(parts, put, dead));
      return result(doc - dead.size, read, chunks.length);
    } finally {
      for (const part of parts) part.close();
      await Promise.all(partPaths.map((path) => fs.rm(path, { force: true })));
    }
  } finally {
    base?.close();
  }
}

/** Reads the named item files (in batches, the next ones read while one is indexed) and hands each item to `put` in name order. */
async function indexItems(itemsDir: string, names: readonly string[], put: (name: string, kv: Kamervraag, stamp: string) => void, progress: (done: number) => void): Promise<number> {
  let read = 0;
  const readBatch = (at: number): Promise<({ text: string; st: Stats } | undefined)[]> =>
    Promise.all(names.slice(at, at + READ_BATCH).map((name) => readItemText(join(itemsDir, name))));
  // The next two batches are read while this one is indexed (one was not always enough: the
  // thread waited for the disk 16 % of a rebuild).
  const ahead: Promise<({ text: string; st: Stats } | undefined)[]>[] = [];
  for (let at = 0; at < Math.min(names.length, 2 * READ_BATCH); at += READ_BATCH) ahead.push(readBatch(at));
  for (let at = 0; at < names.length; at += READ_BATCH) {
    const texts = await ahead.shift()!;
    if (at + 2 * READ_BATCH < names.length) ahead.push(readBatch(at + 2 * READ_BATCH));
    // Indexed in name order, so that of two files with one key the outcome does not depend on timing.
    for (let i = 0; i < texts.length; i++) {
      const item = parseItem(texts[i]);
      if (item && keyOf(item.kv) !== undefined) {
        put(names[at + i]!, item.kv, item.stamp);
        read++;
      }
      // A turn of the event loop every few items: each file read ahead is a chain of calls
      // (stat, open, read, close, stat) that takes a step only when its callback runs, so
      // without these turns the next batches were hardly read while this one was indexed.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    progress(Math.min(names.length, at + READ_BATCH));
  }
  return read;
}

/** What a part worker (indexWorker.ts) is given: item files to index into a part file. */
export interface PartTask {
  itemsDir: string;
  names: string[];
  partPath: string;
}

/** Indexes the named item files and writes them as an index file of their own (a part of a rebuild). */
export async function buildPart(task: PartTask, progress: (done: number) => void = () => undefined): Promise<number> {
  const index = new LibraryIndex();
  const read = await indexItems(task.itemsDir, task.names, (name, kv, stamp) => index.add(keyOf(kv)!, kv, { file: name, stamp }), progress);
  await fs.writeFile(task.partPath, buildPackedIndex(index));
  return read;
}

/**
 * Builds the part files, as many at a time as `task.workers` (default: the machine's cores, at
 * most four) in worker threads from `task.partWorker`, or one after the other on this thread
 * without it. Resolves with the items read.
 */
async function buildParts(task: UpdateTask, itemsDir: string, chunks: string[][], partPaths: string[], progress: UpdateProgress, total: number): Promise<number> {
  const doneOf = new Array<number>(chunks.length).fill(0);
  const report = (i: number, n: number): void => {
    doneOf[i] = Math.max(doneOf[i]!, n); // (a part begun again on this thread does not count down)
    progress(doneOf.reduce((a, b) => a + b, 0), total);
  };
  const partOf = (i: number): PartTask => ({ itemsDir, names: chunks[i]!, partPath: partPaths[i]! });
  const script = task.partWorker;
  let next = 0;
  let read = 0;
  if (!script) {
    for (; next < chunks.length; next++) {
      const i = next;
      read += await buildPart(partOf(i), (n) => report(i, n)); // (one at a time: nothing else adds to `read`)
    }
    return read;
  }
  // A few workers, each given one part after the other (a worker per part would start, and warm
  // up its compiled code, twenty times over).
  const parallel = Math.max(1, Math.min(task.workers ?? Math.min(4, availableParallelism()), chunks.length));
  const workers: Worker[] = [];
  /** Parts being built on this thread for workers that ran out of memory. */
  const fallbacks: Promise<unknown>[] = [];
  let failed = false;
  const run = (worker: Worker): Promise<void> => new Promise<void>((resolve, reject) => {
    let current = -1;
    let over = false;
    const give = (): void => {
      if (next >= chunks.length || failed) {
        over = true;
        resolve();
        return;
      }
      current = next++;
      worker.postMessage(partOf(current));
    };
    const fail = (err: Error): void => {
      if (over) return;
      over = true;
      failed = true;
      reject(err);
    };
    worker.on('message', (m: PartMessage) => {
      if (m.kind === 'progress') {
        report(current, m.done);
      } else if (m.kind === 'done') {
        report(current, chunks[current]!.length);
        read += m.read;
        give();
      } else {
        fail(new Error(m.message));
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code !== 'ERR_WORKER_OUT_OF_MEMORY' || current < 0 || over) {
        fail(err);
        return;
      }
      // A part too large for a worker's heap: built on this thread instead (whose heap is not
      // limited), and so are the next ones this worker would have been given.
      over = true;
      const fallback = (async () => {
        for (let i = current; i >= 0 && !failed; i = next < chunks.length ? next++ : -1) {
          const j = i;
          const n = await buildPart(partOf(j), (done) => report(j, done));
          read += n;
        }
      })();
      fallbacks.push(fallback.catch(() => undefined));
      fallback.then(resolve, (e: unknown) => {
        failed = true;
        reject(e instanceof Error ? e : new Error(String(e)));
      });
    });
    worker.on('exit', (code) => fail(new Error(`an index part worker stopped (exit code ${code}) before it was done`)));
    give();
  });
  try {
    for (let i = 0; i < parallel; i++) workers.push(new Worker(script, { workerData: { parts: true }, resourceLimits: { maxOldGenerationSizeMb: task.partHeapMb ?? PART_HEAP_MB } }));
    await Promise.all(workers.map(run));
  } finally {
    // Done, or one part failed: the workers are stopped (the others rather than left writing
    // files that nobody joins), and a part being built on this thread is waited for (it stops
    // after that part), so that the caller removes the parts after the last one is written.
    failed = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
    await Promise.all(fallbacks);
  }
  return read;
}

/** Writes a file through `fill` (pieces at positions), not atomically: for the temporary parts of a rebuild. */
async function writeWith(path: string, fill: (write: (bytes: Uint8Array, position: number) => void) => void): Promise<void> {
  const handle = await fs.open(path, 'w');
  try {
    fill((bytes, position) => {
      for (let done = 0; done < bytes.length;) done += writeSync(handle.fd, bytes, done, bytes.length - done, position + done);
    });
  } finally {
    await handle.close();
  }
}

/** An item file's text and stamp; undefined when it is not a readable item file. */
async function readItemText(path: string): Promise<{ text: string; st: Stats } | undefined> {
  // The callback API: the promise one (FileHandle) costs several times more on this thread.
  const stat = (): Promise<Stats | undefined> => new Promise((resolve) => { fsStat(path, (err, st) => resolve(err ? undefined : st)); });
  // stat first (following a link, as the store does): a FIFO named *.json is never opened.
  const st = await stat();
  if (!st?.isFile()) return undefined;
  const text = await new Promise<string | undefined>((resolve) => { fsReadFile(path, 'utf8', (err, data) => resolve(err ? undefined : data)); });
  if (text === undefined) return undefined;
  const after = await stat();
  if (!after || stampOf(after) !== stampOf(st)) return undefined; // replaced while read: the next update takes it
  return { text, st };
}

/** The Kamervraag and stamp of an item file's text; undefined when it is not an item. */
function parseItem(read: { text: string; st: Stats } | undefined): { kv: Kamervraag; stamp: string } | undefined {
  if (!read) return undefined;
  try {
    const file = migrate(JSON.parse(read.text.replace(/^\uFEFF/, '')), { fileTime: read.st.mtime.toISOString() });
    return { kv: file.kamervraag, stamp: stampOf(read.st) };
  } catch {
    return undefined;
  }
}

async function removeStaleTemps(dir: string, name: string): Promise<void> {
  for (const entry of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!entry.startsWith(`.${name}.`) || !entry.endsWith('.tmp')) continue;
    const st = await fs.lstat(join(dir, entry)).catch(() => undefined);
    if (st?.isFile() && Date.now() - st.mtimeMs > STALE_TEMP_MS) await fs.rm(join(dir, entry), { force: true });
  }
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Messages of the index worker (indexWorker.ts) to its parent. */
/** Messages of a part worker (indexWorker.ts with a PartTask) to its parent. */
export type PartMessage =
  | { kind: 'progress'; done: number }
  | { kind: 'done'; read: number }
  | { kind: 'error'; message: string };

export type WorkerMessage =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; result: UpdateResult }
  | { kind: 'error'; message: string };

/** An IndexUpdater that runs each task in a new worker thread from `script` (dist/indexWorker.js). */
export function workerUpdater(script: string): IndexUpdater {
  return (task, progress, signal) => new Promise<UpdateResult>((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('the index update was cancelled'));
      return;
    }
    const worker = new Worker(script, { workerData: task });
    const onAbort = (): void => {
      reject(new Error('the index update was cancelled'));
      void worker.terminate();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') progress(m.done, m.total);
      else if (m.kind === 'done') resolve(m.result);
      else reject(new Error(m.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      signal.removeEventListener('abort', onAbort);
      reject(new Error(`the index worker stopped (exit code ${code}) before it was done`));
    });
  });
}

/** What LiveIndex needs of the store (LibraryStore has it). */
export interface IndexedStore {
  list(): readonly { key: string }[];
  /** The whole Kamervraag of an item, with the file it was read from and that file's stamp. */
  read(key: string): Promise<{ kamervraag: Kamervraag; origin: { file: string; stamp: string } } | undefined>;
  get(key: string): object | undefined;
  /** The same, when the store has it in memory (just saved or reread); else undefined. */
  peek(key: string): { kamervraag: Kamervraag; origin: { file: string; stamp: string } } | undefined;
  originOf(key: string): { file: string; stamp: string } | undefined;
  onDidChange(listener: (change: { changed: readonly string[]; removed: readonly string[] }) => void): { dispose(): void };
}

export interface LiveIndexOptions {
  /** The library folder. */
  dir: string;
  /** Where the index file is kept (outside the library folder is fine). */
  indexPath: string;
  update: IndexUpdater;
  /** Quiet time after the last change before the file is brought up to date (default 30 s). */
  persistDelayMs?: number;
  /** Longest stretch of work on the caller's thread before it yields (default 20 ms). */
  sliceMs?: number;
  /** More changed items than this at open are merged by the worker, not indexed on the caller's thread (default 1,000). */
  catchUpLimit?: number;
  log?: (message: string) => void;
}

/**
 * ready: searches see every item. catching-up: items changed since the file was written are
 * being indexed in slices. building: the file is being rebuilt in the background; searches see
 * only the items saved since.
 */
export type IndexState =
  | { kind: 'ready' }
  | { kind: 'catching-up'; done: number; total: number }
  | { kind: 'building'; done: number; total: number };

export class LiveIndex {
  private merged: MergedIndex;
  private readonly searcher = new Searcher();
  private current: IndexState = { kind: 'ready' };
  private readonly stateListeners = new Set<(state: IndexState) => void>();
  private readonly subscription: { dispose(): void };
  private readonly abort = new AbortController();
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private persisting: Promise<void> | undefined;
  private dirty = false;
  private applying: Promise<void> = Promise.resolve();
  private disposed = false;
  /** Bumped whenever a new file is adopted, so that an older catch-up stops. */
  private generation = 0;
  private readonly log: (message: string) => void;
  /** While a new index is prepared next to the one in use: the keys changed meanwhile. */
  private replay: Set<string> | undefined;

  private constructor(private readonly store: IndexedStore, private readonly options: LiveIndexOptions) {
    this.merged = new MergedIndex(undefined, new LibraryIndex());
    this.log = options.log ?? (() => undefined);
    this.subscription = store.onDidChange((change) => this.apply(change));
  }

  /**
   * Opens the index of `store`: its file when there is a usable one (checked against the store,
   * differences indexed in the background), else an empty index while the file is rebuilt in the
   * background. Returns once the file's head is read (in slices); `whenReady()` waits for the rest.
   */
  static async open(store: IndexedStore, options: LiveIndexOptions): Promise<LiveIndex> {
    const live = new LiveIndex(store, options);
    let base: PackedIndex | undefined;
    try {
      base = await PackedIndex.openAsync(options.indexPath, options.sliceMs ?? 20);
    } catch (err) {
      if (!(err instanceof IndexFileError)) throw err;
      live.log(`Search index: ${err.message}; it is rebuilt in the background.`);
    }
    if (base) {
      const opened = base;
      void live.adopt(opened, true);
      void opened.verify().then((ok) => {
        if (ok || live.disposed || live.merged.base !== opened) return;
        live.log(`Search index: ${opened.path} is damaged (checksum of its postings); it is rebuilt in the background.`);
        live.rebuild();
      }, (err: unknown) => live.log(`Search index: ${opened.path} could not be checked (${String(err)}).`));
    } else {
      live.rebuild();
    }
    return live;
  }

  get state(): IndexState {
    return this.current;
  }

  /** Live items in the index. */
  get size(): number {
    return this.merged.size;
  }

  onDidChangeState(listener: (state: IndexState) => void): { dispose(): void } {
    this.stateListeners.add(listener);
    return { dispose: () => { this.stateListeners.delete(listener); } };
  }

  /** Resolves when searches see every item (at once when they do). */
  whenReady(): Promise<void> {
    if (this.current.kind === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const sub = this.onDidChangeState((state) => {
        if (state.kind !== 'ready') return;
        sub.dispose();
        resolve();
      });
    });
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    this.merged.forgetTerms();
    return this.searcher.search(this.merged, query, options);
  }

  /**
   * What searches read: the file's postings with the changes since (for measures over the same terms
   * and weights, such as related.ts's similarity). Read it at once: a change or a new file replaces it.
   */
  postings(): PostingSource {
    this.merged.forgetTerms();
    return this.merged;
  }

  /** Brings the index file up to date now (what the quiet timer would do later); for tests and shutdown. */
  async flush(): Promise<void> {
    clearTimeout(this.persistTimer);
    while (this.persisting) await this.persisting;
    if (this.merged.changed) await this.persist(false);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.persistTimer);
    this.abort.abort();
    this.subscription.dispose();
    this.merged.base?.close();
    this.stateListeners.clear();
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private setState(state: IndexState): void {
    this.current = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }

  private apply(change: { changed: readonly string[]; removed: readonly string[] }): void {
    for (const key of [...change.changed, ...change.removed]) this.replay?.add(key);
    for (const key of change.removed) this.merged.remove(key);
    // Changed items the store has in memory (it just wrote or reread them) are indexed at once; the
    // others are read from their files, one change after the other.
    const changed: string[] = [];
    for (const key of change.changed) {
      const item = this.store.peek(key);
      if (item) this.merged.put(key, item.kamervraag, item.origin);
      else if (this.store.get(key)) changed.push(key);
      else this.merged.remove(key);
    }
    this.applying = this.applying.then(async () => {
      for (const key of changed) {
        const item = await this.store.read(key);
        if (this.disposed) return;
        if (item) this.merged.put(key, item.kamervraag, item.origin);
        else this.merged.remove(key);
      }
      this.schedulePersist();
    }).catch((err: unknown) => this.log(`Search index: a changed item could not be indexed (${String(err)}).`));
    if (changed.length === 0) this.schedulePersist();
  }

  /** Settles when every change so far is in the index (tests and the benchmark wait for it). */
  settled(): Promise<void> {
    return this.applying;
  }

  private schedulePersist(): void {
    this.dirty = true;
    if (this.disposed || this.current.kind === 'building') return;
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => { void this.persist(false); }, this.options.persistDelayMs ?? 30_000);
    this.persistTimer.unref?.();
  }

  /** Rebuilds the file from the item files in the background. */
  private rebuild(): void {
    this.setState({ kind: 'building', done: 0, total: 0 });
    void this.persist(true);
  }

  /** Runs the update in the background, then opens the file it wrote. */
  private persist(rebuild: boolean): Promise<void> {
    if (this.persisting) {
      this.dirty = true;
      return this.persisting;
    }
    this.dirty = false;
    const task: UpdateTask = { dir: this.options.dir, indexPath: this.options.indexPath, rebuild };
    const run = (async () => {
      try {
        const result = await this.options.update(task, (done, total) => {
          if (this.current.kind === 'building') this.setState({ kind: 'building', done, total });
        }, this.abort.signal);
        if (this.disposed) return;
        this.log(`Search index: ${result.documents} items written to ${task.indexPath} in ${result.ms} ms (${result.reused} taken over, ${result.read} read${result.rebuiltBecause ? `; rebuilt because ${result.rebuiltBecause}` : ''}).`);
        await this.adopt(await PackedIndex.openAsync(task.indexPath, this.options.sliceMs ?? 20), false);
      } catch (err) {
        if (this.disposed) return;
        this.log(`Search index: the file ${task.indexPath} could not be brought up to date (${err instanceof Error ? err.message : String(err)}).`);
        // Without a file to use, index in memory rather than leave search empty.
        if (this.current.kind === 'building') await this.adopt(undefined, false);
      }
    })().finally(() => {
      this.persisting = undefined;
      if (this.dirty && !this.disposed) this.schedulePersist();
    });
    this.persisting = run;
    return run;
  }

  /**
   * Searches from now on use `base` (or nothing but the overlay): the file's documents whose
   * item is unchanged count, the others are indexed from the store in slices. When there is an
   * index to keep searching meanwhile, it stays in use until the new one is complete (changes
   * that arrive meanwhile are replayed onto the new one); at start, the new one is used at once.
   */
  private async adopt(base: PackedIndex | undefined, persistChanges: boolean): Promise<void> {
    const generation = ++this.generation;
    const merged = new MergedIndex(base, new LibraryIndex());
    const replay = new Set<string>();
    this.replay = replay;
    const slice = this.options.sliceMs ?? 20;
    let started = Date.now();
    /** Gives the thread back once a slice is used up; false when this adoption is superseded. */
    const goOn = async (progress?: () => void): Promise<boolean> => {
      if (Date.now() - started < slice) return true;
      progress?.();
      // A timer, not setImmediate: a whole turn of the event loop (timers, I/O) runs between slices.
      await new Promise((resolve) => setTimeout(resolve, 0));
      started = Date.now();
      if (generation === this.generation && !this.disposed) return true;
      if (this.merged !== merged) base?.close();
      return false;
    };

    /** After reading an item (an await): false when a newer adoption took over, or the index was disposed. */
    const stillCurrent = (): boolean => {
      if (generation === this.generation && !this.disposed) return true;
      if (this.merged !== merged) base?.close();
      return false;
    };

    /** Per document of the file: 1 when the store has that very copy of its item. */
    const current = new Uint8Array(base?.size ?? 0);
    const toIndex: string[] = [];
    const items = this.store.list();
    for (let i = 0; i < items.length; i++) {
      if ((i & 255) === 255 && !(await goOn())) return;
      const key = items[i]!.key;
      const origin = this.store.originOf(key);
      const doc = base?.docOfKey(key);
      if (doc !== undefined && origin && origin.stamp !== '' && base!.hasOrigin(doc, origin.file, origin.stamp)) {
        current[doc] = 1;
        continue;
      }
      toIndex.push(key);
    }
    for (let doc = 0; doc < current.length; doc++) if (!current[doc]) merged.killDoc(doc);
    const swap = (): void => {
      const previous = this.merged;
      this.merged = merged;
      if (previous.base && previous.base !== base) previous.base.close();
    };
    const swapFirst = this.merged.size === 0;
    if (swapFirst) swap();
    if (swapFirst && base && persistChanges && toIndex.length > (this.options.catchUpLimit ?? CATCH_UP_LIMIT)) {
      // Too many to index on this thread: the worker merges them into the file. Until then the
      // file's unchanged items answer, without the changed ones (the state says so).
      this.replay = undefined;
      this.log(`Search index: ${toIndex.length} items changed since the index file was written; they are merged into it in the background.`);
      this.setState({ kind: 'building', done: 0, total: toIndex.length });
      void this.persist(false);
      return;
    }

    if (swapFirst && toIndex.length > 0) this.setState({ kind: 'catching-up', done: 0, total: toIndex.length });
    for (let i = 0; i < toIndex.length; i++) {
      if (!(await goOn(() => { if (swapFirst) this.setState({ kind: 'catching-up', done: i, total: toIndex.length }); }))) return;
      const key = toIndex[i]!;
      const item = await this.store.read(key);
      if (!stillCurrent()) return;
      if (item) merged.put(key, item.kamervraag, item.origin);
    }
    // What changed meanwhile (the new index did not see it unless it was already in use).
    for (const key of replay) {
      const item = await this.store.read(key);
      if (!stillCurrent()) return;
      if (item) merged.put(key, item.kamervraag, item.origin);
      else merged.remove(key);
    }
    if (this.replay === replay) this.replay = undefined;
    if (!swapFirst) swap();
    this.setState({ kind: 'ready' });
    if (toIndex.length > 0) this.log(`Search index: ${toIndex.length} items were indexed that ${base ? 'the index file did not have as they are now' : 'had no index file'}.`);
    if (persistChanges && merged.changed) this.schedulePersist();
  }
}
