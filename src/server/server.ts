/**
 * The notes language server: keeps the open Markdown notes (incremental sync), looks up the
 * Kamervragen they name through the host, and forwards each request to a pure feature function
 * (features/*). Settings are read per note (workspace/configuration) and forgotten when they
 * change; diagnostics are pulled by the client and refreshed on settings and library changes.
 * Cancellation is checked after every await.
 */
import {
  CodeActionKind, LSPErrorCodes, ResponseError, TextDocumentSyncKind, TextDocuments,
  type CancellationToken, type Connection, type Diagnostic, type InitializeResult, type Location,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CITATION_STYLES, type CitationStyle } from '../core/cite';
import { canonicalId, tryParseId, type KamervraagId } from '../core/ids';
import { NoteScanner, referenceAt, type NoteScan } from '../core/notes/scan';
import {
  CitingNotesRequest, DEFAULT_NOTES_SETTINGS, LibraryChangedNotification, LookupRequest, NoteStatusRequest,
  SearchRequest, WorkspaceNotesRequest,
  type FoundKamervraag, type InitializationOptions, type NotesSettings,
} from '../shared/lspProtocol';
import { codeActions } from './features/codeActions';
import { completionSituation, kamervraagItems, questionItems } from './features/completion';
import { noteData, type NoteData } from './features/data';
import { definition } from './features/definition';
import { diagnose, QuoteChecks } from './features/diagnostics';
import { hover } from './features/hover';
import { documentLinks } from './features/links';
import { citingLocations, type ScannedNote } from './features/references';
import { setL10nBundle } from './l10n';

export interface ServerDeps {
  /**
   * A workspace note that is not open: its text, or undefined when it cannot be read. `stamp`
   * (e.g. mtime and size) lets the server skip reading a file it has seen unchanged.
   */
  readNote(uri: string, knownStamp: string | undefined): Promise<{ text: string; stamp: string } | 'unchanged' | undefined>;
  /** Today, ISO. */
  today(): string;
}

interface Settings {
  notes: NotesSettings;
  style: CitationStyle;
}

interface NoteState {
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

function cancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

export function startServer(connection: Connection, deps: ServerDeps): void {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, NoteState>();
  const closed = new Map<string, ClosedNote>();
  const closedScanner = new NoteScanner();
  /** canonical id → what the host's library has (null: nothing). Cleared when the library changes. */
  const found = new Map<string, FoundKamervraag | null>();
  let generation = 0;
  const settings = new Map<string, Promise<Settings>>();
  let globalSettings: Settings = { notes: DEFAULT_NOTES_SETTINGS, style: 'leidraad' };
  const caps = { configuration: false, pull: false, refresh: false, markdown: true };
  const pushTimers = new Map<string, ReturnType<typeof setTimeout>>();

  connection.onInitialize((params): InitializeResult => {
    const init = params.initializationOptions as InitializationOptions | undefined;
    setL10nBundle(init?.l10n, init?.locale);
    const c = params.capabilities;
    caps.configuration = c.workspace?.configuration === true;
    caps.pull = c.textDocument?.diagnostic !== undefined;
    caps.refresh = c.workspace?.diagnostics?.refreshSupport === true;
    caps.markdown = c.textDocument?.hover?.contentFormat?.includes('markdown') ?? true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        documentLinkProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: [' ', 'Z', '-'] },
        definitionProvider: true,
        referencesProvider: true,
        ...(c.textDocument?.codeAction?.codeActionLiteralSupport
          ? { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } }
          : { codeActionProvider: true }),
        ...(caps.pull ? { diagnosticProvider: { identifier: 'kamervragen', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'kamervragen-notes' },
    };
  });

  // ── state ────────────────────────────────────────────────────────────────────────────────

  function stateOf(document: TextDocument): NoteState {
    let state = states.get(document.uri);
    if (!state) {
      const scanner = new NoteScanner();
      state = { scanner, version: document.version, scan: scanner.scan(document.getText()), checks: new QuoteChecks() };
      states.set(document.uri, state);
    } else if (state.version !== document.version) {
      state.scan = state.scanner.scan(document.getText());
      state.version = document.version;
    }
    return state;
  }

  function settingsFor(uri: string): Promise<Settings> {
    if (!caps.configuration) return Promise.resolve(globalSettings);
    let s = settings.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'kamervragen' }).then(readSettings, () => globalSettings);
      settings.set(uri, s);
    }
    return s;
  }

  /** Looks up (through the host) the ids not looked up yet; returns the data for the features. */
  async function dataFor(ids: Iterable<KamervraagId>, token?: CancellationToken): Promise<NoteData> {
    const missing = [...new Set([...ids].map(canonicalId))].filter((id) => !found.has(id));
    if (missing.length > 0) {
      const asked = generation;
      const { results } = await connection.sendRequest(LookupRequest, { ids: missing }, token);
      cancelled(token);
      if (asked === generation) missing.forEach((id, i) => found.set(id, results[i] ?? null));
      else {
        // The library changed meanwhile: use the answer for this request only.
        const local = new Map(found);
        missing.forEach((id, i) => local.set(id, results[i] ?? null));
        return noteData(local, deps.today());
      }
    }
    return noteData(found, deps.today());
  }

  function refreshDiagnostics(): void {
    if (caps.pull) {
      if (caps.refresh) connection.languages.diagnostics.refresh();
    } else {
      for (const document of documents.all()) schedulePush(document.uri, 0);
    }
  }

  /** Clients without pull diagnostics get them pushed, a moment after the last change. */
  function schedulePush(uri: string, delay = 200): void {
    clearTimeout(pushTimers.get(uri));
    pushTimers.set(uri, setTimeout(() => {
      pushTimers.delete(uri);
      const document = documents.get(uri);
      if (!document) return;
      const version = document.version;
      computeDiagnostics(document).then((diagnostics) => {
        if (documents.get(uri)?.version === version) void connection.sendDiagnostics({ uri, version, diagnostics });
      }, (err: unknown) => console.error(`Diagnostics of ${uri} failed: ${String(err)}`));
    }, delay));
  }

  async function computeDiagnostics(document: TextDocument, token?: CancellationToken): Promise<Diagnostic[]> {
    const s = await settingsFor(document.uri);
    cancelled(token);
    if (!s.notes.diagnostics) return [];
    let state = stateOf(document);
    let data = await dataFor(state.scan.references.map((r) => r.id), token);
    // The note may have changed while the host answered: scan again and look up what is new.
    state = stateOf(document);
    data = await dataFor(state.scan.references.map((r) => r.id), token);
    const diagnostics = diagnose(document, state.scan, data, s.notes, state.checks, token);
    cancelled(token);
    state.checks.sweep();
    return diagnostics;
  }

  /** Every Markdown note of the workspace (open ones as they are in the editor), scanned. */
  async function workspaceNotes(token?: CancellationToken): Promise<ScannedNote[]> {
    let uris: string[] = [];
    try {
      uris = (await connection.sendRequest(WorkspaceNotesRequest, {}, token)).uris;
    } catch (err) {
      cancelled(token);
      console.warn(`The workspace's notes could not be listed: ${String(err)}`);
    }
    cancelled(token);
    const notes: ScannedNote[] = [];
    const seen = new Set<string>();
    for (const document of documents.all()) {
      seen.add(document.uri);
      notes.push({ document, scan: stateOf(document).scan });
    }
    for (const uri of uris) {
      if (seen.has(uri)) continue;
      seen.add(uri);
      const known = closed.get(uri);
      const read = await deps.readNote(uri, known?.stamp);
      cancelled(token);
      if (read === 'unchanged' && known) {
        notes.push(known);
      } else if (read && read !== 'unchanged') {
        const document = TextDocument.create(uri, 'markdown', 0, read.text);
        const note = { stamp: read.stamp, document, scan: closedScanner.scan(read.text) };
        closed.set(uri, note);
        notes.push(note);
      } else closed.delete(uri);
    }
    return notes;
  }

  async function citing(id: KamervraagId, token?: CancellationToken): Promise<Location[]> {
    const data = await dataFor([id], token);
    const notes = await workspaceNotes(token);
    return citingLocations(id, notes, data);
  }

  // ── requests ─────────────────────────────────────────────────────────────────────────────

  connection.onHover(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const scan = stateOf(document).scan;
    const ref = referenceAt(scan.references, document.offsetAt(params.position));
    if (!ref) return null;
    const data = await dataFor([ref.id], token);
    const result = hover(document, params.position, stateOf(document).scan, data, token);
    if (result && !caps.markdown && typeof result.contents === 'object' && 'kind' in result.contents) {
      result.contents = { kind: 'plaintext', value: result.contents.value };
    }
    return result;
  });

  connection.onDocumentLinks(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const data = await dataFor(stateOf(document).scan.references.map((r) => r.id), token);
    return documentLinks(document, stateOf(document).scan, data);
  });

  connection.onDefinition(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const ref = referenceAt(stateOf(document).scan.references, document.offsetAt(params.position));
    if (!ref) return null;
    const data = await dataFor([ref.id], token);
    return definition(document, params.position, stateOf(document).scan, data);
  });

  connection.onReferences(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const ref = referenceAt(stateOf(document).scan.references, document.offsetAt(params.position));
    if (!ref) return null;
    return citing(ref.id, token);
  });

  connection.onCompletion(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const situation = completionSituation(document, params.position, stateOf(document).scan);
    if (!situation) return null;
    if (situation.kind === 'questions') {
      const data = await dataFor([situation.ref.id], token);
      const f = data.lookup(situation.ref.id);
      return f ? { isIncomplete: false, items: questionItems(document, situation, f, data.today) } : null;
    }
    const query = situation.kind === 'prefix' ? situation.prefix : situation.query;
    const { items } = await connection.sendRequest(SearchRequest, { mode: situation.kind, query, limit: 20 }, token);
    cancelled(token);
    // Incomplete: typing on asks again, so the words search narrows with every letter.
    return { isIncomplete: true, items: kamervraagItems(document, situation, items) };
  });

  connection.onCodeAction(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const ours = params.context.diagnostics.filter((d) => d.source === 'kamervragen');
    if (ours.length === 0) return null;
    const s = await settingsFor(document.uri);
    cancelled(token);
    const state = stateOf(document);
    const data = await dataFor(state.scan.quotes.flatMap((q) => (q.id ? [q.id] : [])), token);
    return codeActions(document, ours, stateOf(document).scan, data, state.checks, s.style);
  });

  connection.languages.diagnostics.on(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return { kind: 'full', items: [] };
    return { kind: 'full', items: await computeDiagnostics(document, token) };
  });

  connection.onRequest(NoteStatusRequest, (params) => {
    const document = documents.get(params.uri);
    if (!document) return null;
    const scan = stateOf(document).scan;
    return { references: scan.references.length, quotes: scan.quotes.length };
  });

  connection.onRequest(CitingNotesRequest, async (params, token) => {
    const id = tryParseId(params.id);
    return id ? citing(id, token) : [];
  });

  // ── notifications ────────────────────────────────────────────────────────────────────────

  connection.onNotification(LibraryChangedNotification, () => {
    generation++;
    found.clear();
    for (const state of states.values()) state.checks.clear();
    refreshDiagnostics();
  });

  connection.onDidChangeConfiguration((change) => {
    settings.clear();
    if (!caps.configuration) globalSettings = readSettings((change.settings as { kamervragen?: unknown } | undefined)?.kamervragen);
    refreshDiagnostics();
  });

  connection.onDidChangeWatchedFiles((change) => {
    for (const c of change.changes) closed.delete(c.uri);
  });

  documents.onDidChangeContent((e) => {
    if (!caps.pull) schedulePush(e.document.uri);
  });

  documents.onDidClose((e) => {
    states.delete(e.document.uri);
    settings.delete(e.document.uri);
    clearTimeout(pushTimers.get(e.document.uri));
    if (!caps.pull) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
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
