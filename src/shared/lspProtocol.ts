/**
 * The custom messages between the extension host (language client) and the notes language server.
 *
 * The server never reads the library itself: it asks the host (`kamervragen/lookup`,
 * `kamervragen/search`), so there is one library and one cache (the host's). The host tells the
 * server when the library changed, and which Markdown files the workspace has (honouring
 * files.exclude). The client asks the server for the status of a note and for the notes that cite
 * a Kamervraag (the "Show Notes Citing This" command).
 */
import { NotificationType, RequestType, type Location } from 'vscode-languageserver-protocol';
import type { Kamervraag, Status } from '../core/model';
import { COMMANDS, READING_SCHEME } from './commands';
import { SETTINGS } from './settings';

/** A Kamervraag from the library and the key it is stored under. */
export interface FoundKamervraag {
  key: string;
  kamervraag: Kamervraag;
}

export interface LookupParams {
  /** Identifiers in any accepted form (canonical ones preferred). */
  ids: string[];
}

export interface LookupResult {
  /** One per id, in order: null when the library does not have it. */
  results: (FoundKamervraag | null)[];
}

/** server → host: the library's Kamervragen for these identifiers. */
export const LookupRequest = new RequestType<LookupParams, LookupResult, void>('kamervragen/lookup');

export interface SearchParams {
  /** `prefix`: keys and document ids that start with `query`; `words`: the library's full-text search. */
  mode: 'prefix' | 'words';
  query: string;
  limit: number;
}

/** What completion shows of a Kamervraag (not the whole text). */
export interface KamervraagSummary {
  key: string;
  /** Its Pandoc citation key (citationKey.ts): "kamervraag2023Z11786". */
  citationKey: string;
  zaak: string | null;
  title: string;
  submitted: string | null;
  answered: string | null;
  status: Status;
  /** Official document ids (kv-…, ah-…). */
  documents: string[];
  /** "Rajkowski (VVD)". */
  submitters: string[];
}

export interface SearchResult {
  items: KamervraagSummary[];
}

/** server → host: search the library (completion). */
export const SearchRequest = new RequestType<SearchParams, SearchResult, void>('kamervragen/search');

export interface WorkspaceNotesResult {
  /** URIs (strings) of the workspace's Markdown files. */
  uris: string[];
}

/** server → host: the Markdown files of the workspace (find all references). */
export const WorkspaceNotesRequest = new RequestType<Record<string, never>, WorkspaceNotesResult, void>('kamervragen/workspaceNotes');

export interface LibraryChangedParams {
  changed: string[];
  removed: string[];
}

/** host → server: Kamervragen were added, refreshed or removed. */
export const LibraryChangedNotification = new NotificationType<LibraryChangedParams>('kamervragen/libraryChanged');

export interface NoteStatusParams {
  uri: string;
}

export interface NoteStatusResult {
  /** Identifiers, links and quote markers in the note. */
  references: number;
  quotes: number;
}

/** client → server: how many references a note has (the status bar item). */
export const NoteStatusRequest = new RequestType<NoteStatusParams, NoteStatusResult | null, void>('kamervragen/noteStatus');

export interface CitingNotesParams {
  /** Any identifier of the Kamervraag. */
  id: string;
}

/** client → server: every place in the workspace's notes that cites a Kamervraag. */
export const CitingNotesRequest = new RequestType<CitingNotesParams, Location[], void>('kamervragen/citingNotes');

/** What the client passes in `initializationOptions`. */
export interface InitializationOptions {
  /** The display language's l10n bundle ({ "English": "translation" }); empty for English. */
  l10n?: Record<string, string>;
  /** The display language (`vscode.env.language`), for dates in hovers and completion. */
  locale?: string;
}

/** The settings the server reads per note (section `kamervragen.notes`). */
export interface NotesSettings {
  diagnostics: boolean;
  checkQuotes: boolean;
  reportUnknown: boolean;
}

export const DEFAULT_NOTES_SETTINGS: NotesSettings = {
  diagnostics: SETTINGS['notes.diagnostics'], checkQuotes: SETTINGS['notes.checkQuotes'], reportUnknown: SETTINGS['notes.reportUnknown'],
};

/** The commands the server's links, hovers and quick fixes run (ids from src/shared/commands.ts). */
export const OPEN_PANEL_COMMAND = COMMANDS.openPanel;
export const FETCH_COMMAND = COMMANDS.open;
export const SHOW_CITING_NOTES_COMMAND = COMMANDS.showCitingNotes;
export { READING_SCHEME };
