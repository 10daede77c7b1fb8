/**
 * What the notes server holds between requests: the open notes and their scans and quote checks,
 * the workspace's closed notes, the settings per note, and the lookup cache of the Kamervragen the
 * notes name. `startServer` wires the connection to it; the features get what it looks up.
 *
 * The lookup cache is invalidated per key: a library change names the Kamervragen added, refreshed
 * or removed, and only the cached lookups of those (and the ids the library did not have, which may
 * name one of them now) are asked again.
 */
import {
  LSPErrorCodes, ResponseError, TextDocuments, type CancellationToken, type Connection,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CITATION_STYLES, type CitationStyle } from '../core/cite';
import { canonicalId, tryParseId, type KamervraagId } from '../core/ids';
import { QuoteChecks } from '../core/notes/quotes';
import { NoteScanner, type NoteScan } from '../core/notes/scan';
import {
  DEFAULT_NOTES_SETTINGS, LookupRequest, WorkspaceNotesRequest,
  type FoundKamervraag, type LibraryChangedParams, type NotesSettings,
} from '../shared/lspProtocol';
import { noteData, type NoteData } from './features/data';
import type { ScannedNote } from './features/references';

export interface ServerDeps {
  /**
   * A workspace note that is not open: its text, or undefined when it cannot be read. `stamp`
   * (e.g. mtime and size) lets the server skip reading a file it has seen unchanged.
   */
  readNote(uri: string, knownStamp: string | undefined): Promise<{ text: string; stamp: string } | 'unchanged' | undefined>;
  /** Today, ISO. */
  today(): string;
}

export interface Settings {
  notes: NotesSettings;
  style: CitationStyle;
}

export interface NoteState {
  scanner: NoteScanner;
  version: number;
  scan: NoteScan;
  checks: QuoteChecks;
}

interface ClosedNote {
  stamp: string;
  document: TextDocument;
  scan: NoteScan;
}

/** What the client can do, from its initialize capabilities. */
export interface ClientCaps {
  configuration: boolean;
  pull: boolean;
  refresh: boolean;
  markdown: boolean;
}

export function cancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

export class NotesSession {
  readonly documents = new TextDocuments(TextDocument);
  readonly caps: ClientCaps = { configuration: false, pull: false, refresh: false, markdown: true };
  private readonly states = new Map<string, NoteState>();
  private readonly closed = new Map<string, ClosedNote>();
  private readonly closedScanner = new NoteScanner();
  /** canonical id → what the host's library has (null: nothing). */
  private readonly found = new Map<string, FoundKamervraag | null>();
  /** Counts library changes, so that an answer asked for before one is not cached after it. */
  private generation = 0;
  private readonly settings = new Map<string, Promise<Settings>>();
  private globalSettings: Settings = { notes: DEFAULT_NOTES_SETTINGS, style: 'leidraad' };

  constructor(private readonly connection: Connection, private readonly deps: ServerDeps) {}

  /** The note's scan and quote checks, scanned again when its version changed. */
  stateOf(document: TextDocument): NoteState {
    let state = this.states.get(document.uri);
    if (!state) {
      const scanner = new NoteScanner();
      state = { scanner, version: document.version, scan: scanner.scan(document.getText()), checks: new QuoteChecks() };
      this.states.set(document.uri, state);
    } else if (state.version !== document.version) {
      state.scan = state.scanner.scan(document.getText());
      state.version = document.version;
    }
    return state;
  }

  settingsFor(uri: string): Promise<Settings> {
    if (!this.caps.configuration) return Promise.resolve(this.globalSettings);
    let s = this.settings.get(uri);
    if (!s) {
      s = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'kamervragen' }).then(readSettings, () => this.globalSettings);
      this.settings.set(uri, s);
    }
    return s;
  }

  /** Looks up (through the host) the ids not looked up yet; returns the data for the features. */
  async dataFor(ids: Iterable<KamervraagId>, token?: CancellationToken): Promise<NoteData> {
    const found = this.found;
    const missing = [...new Set([...ids].map(canonicalId))].filter((id) => !found.has(id));
    if (missing.length > 0) {
      const asked = this.generation;
      const { results } = await this.connection.sendRequest(LookupRequest, { ids: missing }, token);
      cancelled(token);
      if (asked === this.generation) missing.forEach((id, i) => found.set(id, results[i] ?? null));
      else {
        // The library changed meanwhile: use the answer for this request only.
        const local = new Map(found);
        missing.forEach((id, i) => local.set(id, results[i] ?? null));
        return noteData(local, this.deps.today());
      }
    }
    return noteData(found, this.deps.today());
  }

  /** Every Markdown note of the workspace (open ones as they are in the editor), scanned. */
  async workspaceNotes(token?: CancellationToken): Promise<ScannedNote[]> {
    let uris: string[] = [];
    try {
      uris = (await this.connection.sendRequest(WorkspaceNotesRequest, {}, token)).uris;
    } catch (err) {
      cancelled(token);
      console.warn(`The workspace's notes could not be listed: ${String(err)}`);
    }
    cancelled(token);
    const notes: ScannedNote[] = [];
    const seen = new Set<string>();
    for (const document of this.documents.all()) {
      seen.add(document.uri);
      notes.push({ document, scan: this.stateOf(document).scan });
    }
    for (const uri of uris) {
      if (seen.has(uri)) continue;
      seen.add(uri);
      const known = this.closed.get(uri);
      const read = await this.deps.readNote(uri, known?.stamp);
      cancelled(token);
      if (read === 'unchanged' && known) {
        notes.push(known);
      } else if (read && read !== 'unchanged') {
        const document = TextDocument.create(uri, 'markdown', 0, read.text);
        const note = { stamp: read.stamp, document, scan: this.closedScanner.scan(read.text) };
        this.closed.set(uri, note);
        notes.push(note);
      } else this.closed.delete(uri);
    }
    return notes;
  }

  /**
   * Kamervragen were added, refreshed or removed: forget the lookups of those keys (under any id
   * that named them) and of the ids the library did not have. (Quote checks hold while the copy they
   * were made against is the one the lookup gives, so they follow by themselves.)
   */
  libraryChanged(change: LibraryChangedParams): void {
    this.generation++;
    const keys = new Set([...change.changed, ...change.removed]);
    const canonical = new Set<string>();
    for (const key of keys) {
      const id = tryParseId(key);
      if (id) canonical.add(canonicalId(id));
    }
    for (const [id, f] of this.found) {
      if (f === null || keys.has(f.key) || canonical.has(id)) this.found.delete(id);
    }
  }

  /** The settings changed: read them again (per note, or from the change for clients without configuration). */
  settingsChanged(section: unknown): void {
    this.settings.clear();
    if (!this.caps.configuration) this.globalSettings = readSettings(section);
  }

  /** A workspace file changed on disk: read it again when next needed. */
  fileChanged(uri: string): void {
    this.closed.delete(uri);
  }

  /** A note was closed in the editor. */
  closedNote(uri: string): void {
    this.states.delete(uri);
    this.settings.delete(uri);
  }
}

/** The `kamervragen` section as the client sends it, with defaults for anything missing or wrong. */
export function readSettings(section: unknown): Settings {
  const s = (typeof section === 'object' && section !== null ? section : {}) as { notes?: Partial<NotesSettings>; citation?: { style?: string } };
  const notes = s.notes ?? {};
  const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
  const style = s.citation?.style;
  return {
    notes: {
      diagnostics: bool(notes.diagnostics, DEFAULT_NOTES_SETTINGS.diagnostics),
      checkQuotes: bool(notes.checkQuotes, DEFAULT_NOTES_SETTINGS.checkQuotes),
      reportUnknown: bool(notes.reportUnknown, DEFAULT_NOTES_SETTINGS.reportUnknown),
    },
    style: (CITATION_STYLES as readonly string[]).includes(style ?? '') ? (style as CitationStyle) : 'leidraad',
  };
}
