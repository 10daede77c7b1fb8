/**
 * The notes language server: wires the connection to a `NotesSession` (the open notes, settings
 * per note, the lookup cache of the Kamervragen they name) and forwards each request to a pure
 * feature function (features/*). Diagnostics are pulled by the client (pushed to clients that cannot
 * pull) and refreshed on settings and library changes. Cancellation is checked after every await.
 */
import {
  CodeActionKind, TextDocumentSyncKind,
  type CancellationToken, type Connection, type Diagnostic, type InitializeResult, type Location,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { tryParseId, type KamervraagId } from '../core/ids';
import { referenceAt, type NoteScan } from '../core/notes/scan';
import {
  CitingNotesRequest, LibraryChangedNotification, NoteStatusRequest, SearchRequest,
  type InitializationOptions,
} from '../shared/lspProtocol';
import { codeActions } from './features/codeActions';
import { completionSituation, kamervraagItems, questionItems } from './features/completion';
import { definition } from './features/definition';
import { diagnose } from './features/diagnostics';
import { hover } from './features/hover';
import { keyItems, keySearch } from './features/keys';
import { documentLinks } from './features/links';
import { citingLocations } from './features/references';
import { setL10nBundle } from './l10n';
import { cancelled, NotesSession, type ServerDeps } from './session';

export { readSettings, type ServerDeps } from './session';

export function startServer(connection: Connection, deps: ServerDeps): void {
  const session = new NotesSession(connection, deps);
  const { documents, caps } = session;
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
        completionProvider: { triggerCharacters: [' ', 'Z', '-', '@'] },
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

  // ── diagnostics ──────────────────────────────────────────────────────────────────────────

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
    const s = await session.settingsFor(document.uri);
    cancelled(token);
    if (!s.notes.diagnostics) return [];
    const named = (scan: NoteScan): KamervraagId[] => [...scan.references.map((r) => r.id), ...scan.attributed.map((q) => q.id)];
    let state = session.stateOf(document);
    let data = await session.dataFor(named(state.scan), token);
    // The note may have changed while the host answered: scan again and look up what is new.
    state = session.stateOf(document);
    data = await session.dataFor(named(state.scan), token);
    const diagnostics = diagnose(document, state.scan, data, s.notes, state.checks, token);
    cancelled(token);
    return diagnostics;
  }

  async function citing(id: KamervraagId, token?: CancellationToken): Promise<Location[]> {
    const data = await session.dataFor([id], token);
    const notes = await session.workspaceNotes(token);
    return citingLocations(id, notes, data);
  }

  // ── requests ─────────────────────────────────────────────────────────────────────────────

  connection.onHover(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const scan = session.stateOf(document).scan;
    const ref = referenceAt(scan.references, document.offsetAt(params.position));
    if (!ref) return null;
    const data = await session.dataFor([ref.id], token);
    const result = hover(document, params.position, session.stateOf(document).scan, data, token);
    if (result && !caps.markdown && typeof result.contents === 'object' && 'kind' in result.contents) {
      result.contents = { kind: 'plaintext', value: result.contents.value };
    }
    return result;
  });

  connection.onDocumentLinks(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const data = await session.dataFor(session.stateOf(document).scan.references.map((r) => r.id), token);
    return documentLinks(document, session.stateOf(document).scan, data);
  });

  connection.onDefinition(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const ref = referenceAt(session.stateOf(document).scan.references, document.offsetAt(params.position));
    if (!ref) return null;
    const data = await session.dataFor([ref.id], token);
    return definition(document, params.position, session.stateOf(document).scan, data);
  });

  connection.onReferences(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const ref = referenceAt(session.stateOf(document).scan.references, document.offsetAt(params.position));
    if (!ref) return null;
    return citing(ref.id, token);
  });

  connection.onCompletion(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const situation = completionSituation(document, params.position, session.stateOf(document).scan);
    if (!situation) return null;
    if (situation.kind === 'questions') {
      const data = await session.dataFor([situation.ref.id], token);
      const f = data.lookup(situation.ref.id);
      return f ? { isIncomplete: false, items: questionItems(document, situation, f, data.today) } : null;
    }
    if (situation.kind === 'key') {
      const { items } = await connection.sendRequest(SearchRequest, { ...keySearch(situation.typed), limit: 20 }, token);
      cancelled(token);
      return { isIncomplete: true, items: keyItems(document, situation, items) };
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
    const s = await session.settingsFor(document.uri);
    cancelled(token);
    const state = session.stateOf(document);
    const data = await session.dataFor([...state.scan.quotes.flatMap((q) => (q.id ? [q.id] : [])), ...state.scan.attributed.map((q) => q.id)], token);
    return codeActions(document, ours, session.stateOf(document).scan, data, state.checks, s.style);
  });

  connection.languages.diagnostics.on(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return { kind: 'full', items: [] };
    return { kind: 'full', items: await computeDiagnostics(document, token) };
  });

  connection.onRequest(NoteStatusRequest, (params) => {
    const document = documents.get(params.uri);
    if (!document) return null;
    const scan = session.stateOf(document).scan;
    return { references: scan.references.length, quotes: scan.quotes.length };
  });

  connection.onRequest(CitingNotesRequest, async (params, token) => {
    const id = tryParseId(params.id);
    return id ? citing(id, token) : [];
  });

  // ── notifications ────────────────────────────────────────────────────────────────────────

  connection.onNotification(LibraryChangedNotification, (change) => {
    session.libraryChanged(change);
    refreshDiagnostics();
  });

  connection.onDidChangeConfiguration((change) => {
    session.settingsChanged((change.settings as { kamervragen?: unknown } | undefined)?.kamervragen);
    refreshDiagnostics();
  });

  connection.onDidChangeWatchedFiles((change) => {
    for (const c of change.changes) session.fileChanged(c.uri);
  });

  documents.onDidChangeContent((e) => {
    if (!caps.pull) schedulePush(e.document.uri);
  });

  documents.onDidClose((e) => {
    session.closedNote(e.document.uri);
    clearTimeout(pushTimers.get(e.document.uri));
    if (!caps.pull) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
