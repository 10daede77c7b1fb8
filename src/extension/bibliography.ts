/**
 * Keeps each workspace folder's bibliography file (setting `kamervragen.bibliography.file`) equal to
 * the Kamervragen its notes cite: read from every Markdown note of the folder, followed through
 * edits (also unsaved ones), new, deleted and renamed notes and changes of the library; rewritten
 * debounced, atomically, and only when its text changes. Citations of Kamervragen that are not in
 * the library cannot be described and are left out (the notes' diagnostics offer to fetch them).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { bibliography, bibliographyFormatOf, type Cited } from '../core/bibliography';
import type { KamervraagId } from '../core/ids';
import { scanNote } from '../core/notes/scan';
import { writeAtomic } from '../core/library/store';
import * as config from './config';
import { findStored } from './fetching';
import type { Services } from './services';

const NOTES = '**/*.{md,markdown}';
const EXCLUDE = '**/node_modules/**';
const DEBOUNCE_MS = 400;

/** What a note cites: an id, and the Pandoc key it was cited by (if so). */
interface Citation {
  id: KamervraagId;
  key?: string;
}

/** The Kamervragen a note names: ids, links, quote markers and Pandoc citation keys (with the key). */
export function citationsIn(text: string): Citation[] {
  return scanNote(text).references.map((r) => (r.kind === 'key' ? { id: r.id, key: r.text.slice(1) } : { id: r.id }));
}

export class BibliographyKeeper implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Cited ids per note (by URI string); filled by the first scan. */
  private readonly notes = new Map<string, Citation[]>();
  private scanned: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing = Promise.resolve();
  private readonly written = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a bibliography file was written (tests wait on it). */
  readonly onDidWrite = this.written.event;

  constructor(private readonly services: Services) {
    const isNote = (uri: vscode.Uri): boolean => /\.(md|markdown)$/i.test(uri.path);
    this.disposables.push(
      this.written,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && isNote(e.document.uri)) this.update(e.document.uri, e.document.getText());
      }),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) {
          const ids = this.notes.get(oldUri.toString());
          this.notes.delete(oldUri.toString());
          if (ids && isNote(newUri)) this.notes.set(newUri.toString(), ids);
        }
        this.schedule();
      }),
      vscode.workspace.onDidDeleteFiles((e) => {
        for (const uri of e.files) this.forget(uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kamervragen.bibliography')) this.schedule();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.scanned = undefined;
        this.schedule();
      }),
      services.onDidChangeLibrary(() => this.schedule()),
    );
    // Changes made outside the editor (git checkout, another program).
    const watcher = vscode.workspace.createFileSystemWatcher(NOTES);
    this.disposables.push(watcher,
      watcher.onDidCreate((uri) => void this.read(uri)),
      watcher.onDidChange((uri) => {
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) void this.read(uri);
      }),
      watcher.onDidDelete((uri) => this.forget(uri)));
    this.schedule();
  }

  /** Whether any folder asks for a bibliography (nothing is read or written otherwise). */
  private get wanted(): boolean {
    return (vscode.workspace.workspaceFolders ?? []).some((f) => config.bibliographyFile(f) !== '');
  }

  private update(uri: vscode.Uri, text: string): void {
    this.notes.set(uri.toString(), citationsIn(text));
    this.schedule();
  }

  private forget(uri: vscode.Uri): void {
    const prefix = `${uri.toString()}/`; // a deleted folder takes its notes along
    for (const key of [...this.notes.keys()]) if (key === uri.toString() || key.startsWith(prefix)) this.notes.delete(key);
    this.schedule();
  }

  private async read(uri: vscode.Uri): Promise<void> {
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      this.update(uri, open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      this.forget(uri); // gone again, or unreadable: it cites nothing we can see
    }
  }

  private scanAll(): Promise<void> {
    this.scanned ??= (async () => {
      const uris = await vscode.workspace.findFiles(NOTES, EXCLUDE);
      await Promise.all(uris.map((uri) => this.notes.has(uri.toString()) ? undefined : this.read(uri)));
    })();
    return this.scanned;
  }

  private schedule(): void {
    if (!this.wanted) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.writeAll()).catch((err: unknown) => {
        this.services.log.error(`Bibliography: ${(err as Error).message}`);
      });
    }, DEBOUNCE_MS);
  }

  private async writeAll(): Promise<void> {
    await this.scanAll();
    const library = await this.services.library();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = config.bibliographyFile(folder);
      if (!file || folder.uri.scheme !== 'file') continue;
      const format = bibliographyFormatOf(file);
      const target = path.resolve(folder.uri.fsPath, file);
      if (!format) {
        this.services.log.warn(`Bibliography: ${file} is neither .json (CSL-JSON) nor .bib (BibTeX); nothing written.`);
        continue;
      }
      const cited: Cited[] = [];
      for (const [uri, citations] of this.notes) {
        if (vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri))?.uri.toString() !== folder.uri.toString()) continue;
        for (const { id, key } of citations) {
          const stored = findStored(library, id);
          if (stored) cited.push({ kv: stored.head, key });
        }
      }
      const text = bibliography(cited, format);
      const current = await vscode.workspace.fs.readFile(vscode.Uri.file(target)).then((b) => new TextDecoder().decode(b), () => undefined);
      if (current === text) continue;
      await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(target)));
      await writeAtomic(path.dirname(target), path.basename(target), text);
      this.written.fire(vscode.Uri.file(target));
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
