/**
 * The language server process (dist/server.js, started by the client over IPC). Everything the
 * server prints goes to the connection's console, which the client shows in its output channel:
 * stdout is not ours to write to.
 */
import { stat, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer, type ServerDeps } from './server';

const connection = createConnection(ProposedFeatures.all);
console.log = (...args: unknown[]) => connection.console.log(format(...args));
console.info = (...args: unknown[]) => connection.console.info(format(...args));
console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
console.error = (...args: unknown[]) => connection.console.error(format(...args));

/** Largest note read from disk for find-all-references (a Markdown note is rarely 1 MB). */
const MAX_NOTE_BYTES = 8 * 1024 * 1024;

const deps: ServerDeps = {
  async readNote(uri, knownStamp) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const path = fileURLToPath(uri);
      const st = await stat(path);
      if (!st.isFile() || st.size > MAX_NOTE_BYTES) return undefined;
      const stamp = `${st.mtimeMs}:${st.size}`;
      if (stamp === knownStamp) return 'unchanged';
      return { text: await readFile(path, 'utf8'), stamp };
    } catch {
      return undefined;
    }
  },
  today: () => new Date().toISOString().slice(0, 10),
};

startServer(connection, deps);
