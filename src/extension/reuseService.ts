/**
 * Reuse across the library and related Kamervragen in the extension host: the reuse index and the
 * citation index (src/core/reuse.ts, src/core/related.ts), fed from the library in the background
 * in slices of at most ~20 ms, one per Services (created on first use, disposed with them).
 */
import * as vscode from 'vscode';
import type { Kamervraag, KamervraagHead } from '../core/model';
import { ReuseIndex, connectInBackground, type Background, type ParagraphReuse } from '../core/reuse';
import { CitationIndex, referencesOf, similarEarlier, type References, type SimilarKamervraag } from '../core/related';
import { tryParseId } from '../core/ids';
import type { Library, Services } from './services';

export class ReuseService implements vscode.Disposable {
  private indexes = { reuse: this.reuseIndex(), citations: new CitationIndex() };
  private background: Background;
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires when the background indexing has caught up with the library (at first, and after each change). */
  readonly onDidUpdate = this.updated.event;

  constructor(private library: Library) {
    this.background = this.connect();
  }

  /** Matches are named by the library's heads in memory (the current library, also after a move). */
  private reuseIndex(): ReuseIndex {
    return new ReuseIndex((key) => this.library.store.get(key)?.head);
  }

  private connect(): Background {
    return connectInBackground(this.library.store, [this.indexes.reuse, this.indexes.citations], {
      onProgress: (done) => {
        if (done) this.updated.fire();
      },
    });
  }

  /** The library moved (setting kamervragen.library.location): index the one in its new place from scratch. */
  moveTo(library: Library): void {
    this.background.dispose();
    this.library = library;
    this.indexes = { reuse: this.reuseIndex(), citations: new CitationIndex() };
    this.background = this.connect();
  }

  get index(): ReuseIndex {
    return this.indexes.reuse;
  }

  get citations(): CitationIndex {
    return this.indexes.citations;
  }

  /** Kamervragen of the library not indexed yet. */
  get pending(): number {
    return this.background.pending;
  }

  /** Resolves when the indexes have caught up with the library. */
  idle(): Promise<void> {
    return this.background.idle();
  }

  /** What the library keeps in memory of an item (title, dates, people). */
  readonly lookup = (key: string): KamervraagHead | undefined => this.library.store.get(key)?.head;

  /** The whole of an item, read from its file. */
  readonly read = async (key: string): Promise<Kamervraag | undefined> => (await this.library.store.read(key))?.kamervraag;

  /** The library key of a canonical id (zaak or document id); undefined when the library does not have it. */
  resolve(id: string): string | undefined {
    const store = this.library.store;
    if (store.get(id)) return id;
    const byDocument = store.findByDocument(id);
    if (byDocument) return byDocument.key;
    const parsed = tryParseId(id);
    if (parsed?.kind === 'zaak') return store.findByDocument(`kv-${parsed.house}-${parsed.zaak}`)?.key;
    return undefined;
  }

  reuseOf(key: string, kv: Kamervraag): Promise<ParagraphReuse[]> {
    return this.index.reuseOf(key, kv, this.read);
  }

  similar(key: string, kv: Kamervraag, limit = 10): Promise<SimilarKamervraag[]> {
    return similarEarlier(key, kv, this.library.index.postings(), this.read, { limit });
  }

  references(key: string, kv: Kamervraag): References {
    return referencesOf(key, kv, this.citations, (id) => this.resolve(id));
  }

  dispose(): void {
    this.background.dispose();
    this.updated.dispose();
  }
}

const services = new WeakMap<Services, Promise<ReuseService>>();

/** The reuse service of these Services, started on first use (it opens the library). */
export function reuseService(of: Services): Promise<ReuseService> {
  let promise = services.get(of);
  if (!promise) {
    promise = of.library().then((library) => {
      const service = new ReuseService(library);
      of.context.subscriptions.push(service, of.onDidMoveLibrary((moved) => service.moveTo(moved)));
      return service;
    });
    services.set(of, promise);
  }
  return promise;
}
