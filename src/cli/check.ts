/**
 * `kamervragen check FILE.md…`: the notes language server's diagnostics on the command line (for CI,
 * pre-commit hooks and other editors). The same scan and the same diagnostics (server/features),
 * one line each — `file:line:col: warning: message` — or `--format json`.
 *
 * The Kamervragen come from the library (`--library DIR`; else $KAMERVRAGEN_LIBRARY; else the
 * extension's library in VS Code's global storage, where present), from official documents given
 * with `--with FILE…` (offline), and, with `--fetch`, from the official services for the rest
 * (the extension's fetching code; `--odata`, `--repository`, `--sru`, `--zoek` set the endpoints).
 *
 * Exit code: 1 when a quote does not hold, 0 when all hold, 2 on bad input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quoteKey } from '../core/cite';
import { canonicalId, type KamervraagId } from '../core/ids';
import { merge } from '../core/kamervraag';
import { LibraryStore } from '../core/library/store';
import { ParseError, type Kamervraag } from '../core/model';
import { QuoteChecks } from '../core/notes/quotes';
import { NoteScanner } from '../core/notes/scan';
import { parseDocument } from '../core/parse';
import { DEFAULT_ENDPOINTS, type Endpoints } from '../core/sources/endpoints';
import { HttpClient } from '../core/sources/http';
import { fetchKamervraag } from '../core/sources/resolve';
import { idsNaming, noteData } from '../server/features/data';
import { diagnose } from '../server/features/diagnostics';
import type { FoundKamervraag, NotesSettings } from '../shared/lspProtocol';
import { SETTINGS } from '../shared/settings';

export const CHECK_USAGE = `  kamervragen check FILE.md... [--library DIR] [--with FILE...] [--fetch] [--format text|json]

check: the quotes and identifiers of Markdown notes, as the editor checks them. Kamervragen come from
the library (--library DIR, $KAMERVRAGEN_LIBRARY or VS Code's), from official documents (--with FILE...,
offline) and, with --fetch, from the official services (--odata, --repository, --sru, --zoek URL set
the endpoints). Exit code 1 when a quote differs, 0 when all hold, 2 on bad input.`;

/**
 * The editor's default notes settings (as the server's DEFAULT_NOTES_SETTINGS, from the same table): every
 * check on. Read from settings.ts, not lspProtocol.ts, whose request types would bundle the LSP libraries.
 */
const CHECK_SETTINGS: NotesSettings = {
  diagnostics: SETTINGS['notes.diagnostics'], checkQuotes: SETTINGS['notes.checkQuotes'], reportUnknown: SETTINGS['notes.reportUnknown'],
};

/** Bad input: one line on stderr, exit code 2. */
export class CheckInputError extends Error {}

interface CheckArgs {
  files: string[];
  library: string | undefined;
  with: string[];
  fetch: boolean;
  format: 'text' | 'json';
  endpoints: Endpoints;
}

function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const args: CheckArgs = { files: [], library: undefined, with: [], fetch: false, format: 'text', endpoints: { ...DEFAULT_ENDPOINTS } };
  let inWith = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      (inWith ? args.with : args.files).push(arg);
      continue;
    }
    inWith = false;
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new CheckInputError(`--${name} needs a value.`);
      return v;
    };
    if (name === 'fetch') args.fetch = true;
    else if (name === 'library') args.library = value();
    else if (name === 'with') {
      if (inline !== undefined) args.with.push(inline);
      inWith = true;
    } else if (name === 'format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new CheckInputError(`--format must be text or json, not "${f}".`);
      args.format = f;
    } else if (name === 'odata' || name === 'repository' || name === 'sru' || name === 'zoek') {
      const url = value();
      if (!/^https?:\/\//.test(url)) throw new CheckInputError(`--${name} must be a web address (http:// or https://), not "${url}".`);
      args.endpoints[name] = url;
    } else throw new CheckInputError(`Unknown option --${name} for check.`);
  }
  if (args.files.length === 0) throw new CheckInputError('Name at least one Markdown FILE to check.');
  return args;
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new CheckInputError(`${file}: ${why}.`);
  }
}

/** Where the extension keeps its library (VS Code's global storage), if one is there. */
function defaultLibrary(): string | undefined {
  if (process.env.KAMERVRAGEN_LIBRARY) return process.env.KAMERVRAGEN_LIBRARY;
  const home = homedir();
  const roots = process.platform === 'win32'
    ? [join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Code', 'User')]
    : process.platform === 'darwin'
      ? [join(home, 'Library', 'Application Support', 'Code', 'User')]
      : [join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Code', 'User'), join(home, '.local', 'share', 'code-server', 'User')];
  return roots.map((r) => join(r, 'globalStorage', 'kamervragen.kamervragen', 'library')).find((dir) => existsSync(dir));
}

export interface CheckOutput {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `check` with its arguments (after the word "check"). */
export async function runCheck(argv: readonly string[]): Promise<CheckOutput> {
  const args = parseCheckArgs(argv);
  const notes = args.files.map((file) => ({ file, text: read(file) }));
  const known = new Map<string, FoundKamervraag | null>();
  const add = (kv: Kamervraag, key = quoteKey(kv)): void => {
    const found = { key, kamervraag: kv };
    for (const id of idsNaming(key, kv)) known.set(id, found);
  };
  const stderr: string[] = [];

  const libraryDir = args.library ?? defaultLibrary();
  if (args.library !== undefined && !existsSync(args.library)) throw new CheckInputError(`${args.library}: no such library folder.`);
  const store = libraryDir ? await LibraryStore.open(libraryDir) : undefined;
  for (const p of store?.problems ?? []) stderr.push(`kamervragen: ${p.message}`);
  for (const file of args.with) {
    try {
      add(merge([parseDocument(read(file))]));
    } catch (err) {
      if (err instanceof ParseError) throw new CheckInputError(`${file}: ${err.message}`);
      throw err;
    }
  }

  const scanned = notes.map((n) => ({ ...n, scan: new NoteScanner().scan(n.text) }));
  const named = new Map<string, KamervraagId>();
  for (const { scan } of scanned) {
    for (const id of [...scan.references.map((r) => r.id), ...scan.attributed.map((q) => q.id)]) named.set(canonicalId(id), id);
  }
  // From the library only the Kamervragen the notes name are read.
  if (store) {
    for (const [canonical, id] of named) {
      if (known.has(canonical)) continue;
      const stored = store.find(id);
      const item = stored ? await store.read(stored.key) : undefined;
      if (item) add(item.kamervraag, item.key);
    }
  }
  if (args.fetch) {
    const http = new HttpClient({ userAgent: 'kamervragen-cli/0.1.0' });
    for (const [canonical, id] of named) {
      if (known.has(canonical)) continue;
      try {
        add((await fetchKamervraag(id, { http, endpoints: args.endpoints })).kamervraag);
      } catch (err) {
        stderr.push(`kamervragen: ${canonical} could not be fetched: ${(err as Error).message}`);
      }
      if (!known.has(canonical)) known.set(canonical, null);
    }
  }

  const data = noteData(known);
  const results: Array<{ file: string; line: number; column: number; severity: string; code: string; message: string }> = [];
  let differs = false;
  for (const { file, text, scan } of scanned) {
    const document = TextDocument.create(`file://${file}`, 'markdown', 1, text);
    for (const d of diagnose(document, scan, data, CHECK_SETTINGS, new QuoteChecks())) {
      const severity = d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info';
      const code = String(d.code);
      if (code.startsWith('quote-')) differs = true;
      results.push({ file, line: d.range.start.line + 1, column: d.range.start.character + 1, severity, code, message: d.message });
    }
  }
  const stdout = args.format === 'json'
    ? JSON.stringify(results, null, 2)
    : results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity}: ${r.message} [${r.code}]`).join('\n');
  return { stdout, stderr: stderr.join('\n'), code: differs ? 1 : 0 };
}

/** The command-line entry: prints, sets the exit code. */
export function checkMain(argv: readonly string[]): void {
  runCheck(argv).then((out) => {
    if (out.stdout) process.stdout.write(`${out.stdout}\n`);
    if (out.stderr) process.stderr.write(`${out.stderr}\n`);
    process.exitCode = out.code;
  }, (err: unknown) => {
    const message = err instanceof CheckInputError ? err.message : `unexpected error: ${(err as Error).message}`;
    process.stderr.write(`kamervragen: ${message}\n`);
    process.exitCode = 2;
  });
}
