/**
 * The `kamervragen` command line, on the same core as the extension.
 *
 *   kamervragen parse FILE… [--format json|markdown]
 *   kamervragen cite FILE… --question N [--style leidraad|apa|short] [--quote]
 *   kamervragen check FILE.md… (check.ts)
 *
 * Several FILEs are documents of one Kamervraag (questions, answer, metadata) and are merged.
 * Errors: one line on stderr, exit code 2.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { parseDocument } from '../core/parse';
import { isPdf } from '../core/parse/pdfFile';
import { MAX_DOCUMENT_BYTES } from '../core/parse/encoding';
import { merge, MergeError } from '../core/kamervraag';
import { CITATION_STYLES, citation, type CitationStyle } from '../core/cite';
import { quoteAnswer } from '../core/quote';
import { toMarkdown } from '../core/render';
import { asKamervraag1 } from '../core/export/json';
import { ParseError, type Kamervraag } from '../core/model';
import { CHECK_USAGE, checkMain } from './check';

const USAGE = `Usage:
  kamervragen parse FILE... [--format json|markdown]
  kamervragen cite FILE... --question N [--style ${CITATION_STYLES.join('|')}] [--quote]
${CHECK_USAGE}

FILE is an official Kamervragen document: KOOP XML or HTML, a metadata record, a text export,
or text copied from zoek.officielebekendmakingen.nl. Several files are merged into one Kamervraag.`;

/** package.json's version, set by the build (esbuild `define`). */
declare const KAMERVRAGEN_VERSION: string;

class UsageError extends Error {}

interface Args {
  command: string | undefined;
  files: string[];
  options: Map<string, string | true>;
}

/** Every option of any command: whether it takes a value. */
const OPTIONS: ReadonlyMap<string, 'value' | 'flag'> = new Map([
  ['format', 'value'], ['question', 'value'], ['style', 'value'], ['quote', 'flag'], ['help', 'flag'], ['version', 'flag'],
]);

function parseArgs(argv: string[]): Args {
  const files: string[] = [];
  const options = new Map<string, string | true>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const kind = OPTIONS.get(name);
      if (kind === undefined) throw new UsageError(`unknown option --${name}.`);
      const value = inline ?? (kind === 'flag' ? true : argv[++i]);
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      options.set(name, value);
    } else if (command === undefined) command = arg;
    else files.push(arg);
  }
  return { command, files, options };
}

function readAll(files: string[]): Uint8Array[] {
  if (files.length === 0) throw new UsageError('Name at least one FILE.');
  return files.map((file) => {
    try {
      return readDocument(file);
    } catch (err) {
      if (err instanceof InputError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String((err as Error).message);
      throw new InputError(`${file}: ${why}.`);
    }
  });
}

/**
 * The bytes of a regular file, refusing anything else before opening it: a FIFO blocks on open
 * and /dev/zero never ends. Reads at most one byte more than the size limit (a file may grow).
 */
function readDocument(file: string): Uint8Array {
  const notRegular = (stat: Stats): void => {
    if (stat.isDirectory()) throw new InputError(`${file}: is a folder, not a file.`);
    if (!stat.isFile()) {
      const what = stat.isFIFO() ? 'a pipe (FIFO)' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a regular file';
      throw new InputError(`${file}: is ${what}, not a regular file; save the document to a file first.`);
    }
  };
  notRegular(statSync(file));
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    notRegular(fstatSync(fd));
    const limit = MAX_DOCUMENT_BYTES + 1;
    const buffer = Buffer.alloc(Math.min(limit, fstatSync(fd).size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_DOCUMENT_BYTES) {
      throw new InputError(`${file}: is too large; official Kamervragen documents are far smaller than the limit of ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`);
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

class InputError extends Error {}

async function run(argv: string[]): Promise<string> {
  const { command, files, options } = parseArgs(argv);
  if (options.has('help') || command === 'help') return USAGE;
  if (options.has('version')) return KAMERVRAGEN_VERSION;
  const allowed = command === 'parse' ? ['format'] : command === 'cite' ? ['question', 'style', 'quote'] : [];
  if (command !== 'parse' && command !== 'cite') throw new UsageError(command ? `Unknown command "${command}".` : 'Name a command: parse or cite.');
  for (const name of options.keys()) if (!allowed.includes(name)) throw new UsageError(`Unknown option --${name} for ${command}.`);

  const contents = readAll(files);
  const kv = await parseWithFileNames(files, contents);
  if (command === 'parse') {
    const format = options.get('format') ?? 'json';
    if (format === 'json') return JSON.stringify(asKamervraag1(kv), null, 2);
    if (format === 'markdown') return toMarkdown(kv).trimEnd();
    throw new UsageError(`--format must be json or markdown, not "${String(format)}".`);
  }
  const style = (options.get('style') ?? 'leidraad') as CitationStyle;
  if (!CITATION_STYLES.includes(style)) throw new UsageError(`--style must be one of ${CITATION_STYLES.join(', ')}.`);
  const q = options.get('question');
  const question = q === undefined ? undefined : Number(q);
  if (question !== undefined && (!Number.isInteger(question) || question < 1)) throw new UsageError('--question must be a question number such as 3.');
  if (options.has('quote')) {
    if (question === undefined) throw new UsageError('--quote needs --question N.');
    return quoteAnswer(kv, question, { style }).trimEnd();
  }
  return citation(kv, style, question);
}

/** Parse each file (so that an error names its file), then merge them into one Kamervraag. */
async function parseWithFileNames(files: string[], contents: Uint8Array[]): Promise<Kamervraag> {
  const drafts = await Promise.all(contents.map(async (content, i) => {
    try {
      if (isPdf(content)) return await (await import('../core/parse/pdf.js')).parsePdf(content);
      return parseDocument(content);
    } catch (err) {
      if (err instanceof ParseError) throw new InputError(`${files[i]}: ${err.message}`);
      throw err;
    }
  }));
  try {
    return merge(drafts);
  } catch (err) {
    if (!(err instanceof MergeError)) throw err;
    const [a, b] = err.names;
    throw new InputError(`${files[err.first]} (${a}) and ${files[err.second]} (${b}) are documents of different Kamervragen (${err.reason}); name the documents of one Kamervraag.`);
  }
}

/**
 * A message as one safe line for a terminal: line breaks, escape sequences and other control or
 * bidirectional-override characters (from a file name or a document) are shown as \u escapes.
 */
function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return message.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'check') return checkMain(process.argv.slice(3));
  try {
    process.stdout.write(`${await run(process.argv.slice(2))}\n`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kamervragen: ${oneLine(err.message)} Run "kamervragen --help" for usage.\n`);
    } else if (err instanceof InputError) {
      process.stderr.write(`kamervragen: ${oneLine(err.message)}\n`);
    } else {
      process.stderr.write(`kamervragen: unexpected error: ${oneLine((err as Error).message)}\n`);
    }
    process.exitCode = 2;
  }
}

void main();
