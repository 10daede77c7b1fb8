/**
 * The `kamervragen` command line, on the same core as the extension.
 *
 *   kamervragen parse FILE… [--format json|markdown]
 *   kamervragen cite FILE… --question N [--style leidraad|apa|short] [--quote]
 *
 * Several FILEs are documents of one Kamervraag (questions, answer, metadata) and are merged.
 * Errors: one line on stderr, exit code 2.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from '../core/parse';
import { merge } from '../core/kamervraag';
import { CITATION_STYLES, citation, quoteAnswer, type CitationStyle } from '../core/cite';
import { toMarkdown } from '../core/render';
import { ParseError, type Kamervraag } from '../core/model';

const USAGE = `Usage:
  kamervragen parse FILE... [--format json|markdown]
  kamervragen cite FILE... --question N [--style ${CITATION_STYLES.join('|')}] [--quote]

FILE is an official Kamervragen document: KOOP XML or HTML, a metadata record, a text export,
or text copied from zoek.officielebekendmakingen.nl. Several files are merged into one Kamervraag.`;

class UsageError extends Error {}

interface Args {
  command: string | undefined;
  files: string[];
  options: Map<string, string | true>;
}

function parseArgs(argv: string[]): Args {
  const files: string[] = [];
  const options = new Map<string, string | true>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const flag = name === 'quote' || name === 'help' || name === 'version';
      const value = inline ?? (flag ? true : argv[++i]);
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      options.set(name, value);
    } else if (command === undefined) command = arg;
    else files.push(arg);
  }
  return { command, files, options };
}

function readAll(files: string[]): string[] {
  if (files.length === 0) throw new UsageError('Name at least one FILE.');
  return files.map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String((err as Error).message);
      throw new InputError(`${file}: ${why}.`);
    }
  });
}

class InputError extends Error {}

async function run(argv: string[]): Promise<string> {
  const { command, files, options } = parseArgs(argv);
  if (options.has('help') || command === 'help') return USAGE;
  if (options.has('version')) return '0.1.0';
  const allowed = command === 'parse' ? ['format'] : command === 'cite' ? ['question', 'style', 'quote'] : [];
  if (command !== 'parse' && command !== 'cite') throw new UsageError(command ? `Unknown command "${command}".` : 'Name a command: parse or cite.');
  for (const name of options.keys()) if (!allowed.includes(name)) throw new UsageError(`Unknown option --${name} for ${command}.`);

  const contents = readAll(files);
  const kv = await parseWithFileNames(files, contents);
  if (command === 'parse') {
    const format = options.get('format') ?? 'json';
    if (format === 'json') return JSON.stringify(kv, null, 2);
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
async function parseWithFileNames(files: string[], contents: string[]): Promise<Kamervraag> {
  const drafts = await Promise.all(contents.map(async (content, i) => {
    try {
      if (content.startsWith('%PDF-')) return await (await import('../core/parse/pdf.js')).parsePdf(readFileSync(files[i]!));
      return parseDocument(content);
    } catch (err) {
      if (err instanceof ParseError) throw new InputError(`${files[i]}: ${err.message}`);
      throw err;
    }
  }));
  return merge(drafts);
}

async function main(): Promise<void> {
  try {
    process.stdout.write(`${await run(process.argv.slice(2))}\n`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kamervragen: ${err.message} Run "kamervragen --help" for usage.\n`);
    } else if (err instanceof InputError || err instanceof RangeError) {
      process.stderr.write(`kamervragen: ${err.message}\n`);
    } else {
      process.stderr.write(`kamervragen: unexpected error: ${(err as Error).message}\n`);
    }
    process.exitCode = 2;
  }
}

void main();
