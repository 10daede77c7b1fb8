/**
 * Commands on Kamervragen in the library, from the palette (with a picker) or from a tree item
 * (with the item as argument): open, copy citation, insert question and answer, watch, unwatch,
 * remove, refresh, group the library.
 */
import * as vscode from 'vscode';
import type { Kamervraag } from '../../core/model';
import { citation } from '../../core/cite';
import { quoteAnswer, quoteQuestion } from '../../core/quote';
import type { Services } from '../services';
import * as config from '../config';
import { describe } from '../fetching';
import { ensureStored } from '../ensureStored';
import { targetMarkdownEditor, insertBlockAtCursors } from '../markdownEditor';
import { pickQuestion } from '../pickQuestion';
import { showReadingPanel } from '../panel/readingPanel';
import { questionLabel } from '../tree/items';
import { nextPage } from '../../core/sources/search';
import { joinBlocks } from '../../core/notes/insertion';
import { ServiceError } from '../../core/sources/serviceError';
import { COMMANDS } from '../../shared/commands';

/** A key from what a command was given: a string, or a tree node. */
export function keyOfArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { key?: unknown; summary?: { key?: unknown } };
    if (typeof o.key === 'string') return o.key;
    if (typeof o.summary?.key === 'string') return o.summary.key;
  }
  return undefined;
}

/** Question numbers from a tree node ({numbers}) or a number argument. */
function questionOfArgs(arg: unknown, question: unknown): number | undefined {
  if (typeof question === 'number') return question;
  const numbers = (arg as { numbers?: unknown } | undefined)?.numbers;
  return Array.isArray(numbers) && typeof numbers[0] === 'number' ? numbers[0] : undefined;
}

/** Let the user pick a Kamervraag from the library (newest first); `only` limits the choice. */
export async function pickFromLibrary(services: Services, placeHolder: string, only?: readonly string[]): Promise<string | undefined> {
  const library = await services.library();
  const items = (await library.store.listDecoded())
    .filter((i) => !only || only.includes(i.key))
    .sort((a, b) => (b.head.submitted ?? '').localeCompare(a.head.submitted ?? ''))
    .map((i) => ({ key: i.key, label: i.head.title || i.key, description: i.key }));
  if (items.length === 0) {
    const open = vscode.l10n.t('Open a Kamervraag');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Your library is empty. Open or search a Kamervraag first.'), open);
    if (choice === open) await vscode.commands.executeCommand(COMMANDS.open);
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true }))?.key;
}

/** The stored Kamervraag for a key, fetched when it is not in the library yet. */
async function kamervraagOf(services: Services, key: string): Promise<Kamervraag | undefined> {
  return (await ensureStored(services, key))?.kamervraag;
}

export function openPanelCommand(services: Services) {
  return async (arg?: unknown, question?: unknown): Promise<void> => {
    const key = keyOfArg(arg) ?? (await pickFromLibrary(services, vscode.l10n.t('Which Kamervraag?')));
    if (!key) return;
    await showReadingPanel(services, key, questionOfArgs(arg, question));
  };
}

export function copyCitationCommand(services: Services) {
  return async (arg?: unknown, question?: unknown): Promise<string | undefined> => {
    const key = keyOfArg(arg) ?? (await pickFromLibrary(services, vscode.l10n.t('Cite which Kamervraag?')));
    if (!key) return undefined;
    const kv = await kamervraagOf(services, key);
    if (!kv) return undefined;
    let n = questionOfArgs(arg, question);
    if (n === undefined && keyOfArg(arg) === undefined) {
      const whole = { label: vscode.l10n.t('The whole Kamervraag'), n: undefined as number | undefined };
      const items = [whole, ...kv.entries.map((e) => ({ label: questionLabel(e), description: e.question.slice(0, 80), n: e.numbers[0] }))];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Cite the whole Kamervraag or one answer?') });
      if (!picked) return undefined;
      n = picked.n;
    }
    const text = citation(kv, config.citationStyle(), n);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied: {0}', text), 4000);
    return text;
  };
}

export function insertQuestionAndAnswerCommand(services: Services) {
  return async (arg?: unknown, question?: unknown): Promise<void> => {
    const editor = await targetMarkdownEditor();
    if (!editor) return;
    const key = keyOfArg(arg) ?? (await pickFromLibrary(services, vscode.l10n.t('Quote from which Kamervraag?')));
    if (!key) return;
    const kv = await kamervraagOf(services, key);
    if (!kv) return;
    const n = questionOfArgs(arg, question) ?? (await pickQuestion(kv, vscode.l10n.t('Which question and answer?')))?.numbers[0];
    if (n === undefined) return;
    const entry = kv.entries.find((e) => e.numbers.includes(n));
    if (!entry) return;
    const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const options = config.quoteOptions(editor.document.uri, eol);
    const parts = [quoteQuestion(kv, n, options)];
    if (entry.answer) parts.push(quoteAnswer(kv, n, options));
    await insertBlockAtCursors(editor, joinBlocks(parts, eol));
  };
}

/** Watch a Kamervraag (fetched first when it is not in the library); resolves to what the user was told. */
export function watchCommand(services: Services) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const key = keyOfArg(arg) ?? (await pickFromLibrary(services, vscode.l10n.t('Watch which Kamervraag?')));
    if (!key) return undefined;
    // From search results: fetch it, so the list can show its deadline. A failure is told and it is watched anyway.
    const kv = await kamervraagOf(services, key);
    await services.watchList.add(key);
    const told = watchMessage(key, kv);
    void vscode.window.setStatusBarMessage(told, 5000);
    return told;
  };
}

/** What watching promises: an answer only while there is none. */
function watchMessage(key: string, kv: Kamervraag | undefined): string {
  if (!kv) return vscode.l10n.t('Watching {0}: it is fetched again at the next check.', key);
  switch (kv.status) {
    case 'open':
    case 'overdue':
      return vscode.l10n.t('Watching {0}: you will hear of its answer.', key);
    case 'withdrawn':
      return vscode.l10n.t('Watching {0}: it was withdrawn; you will hear of any new document.', key);
    default:
      return vscode.l10n.t('Watching {0}: it is answered; you will hear of a nader antwoord or a Mededeling.', key);
  }
}

export function unwatchCommand(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const key = keyOfArg(arg) ?? (await pickFromLibrary(services, vscode.l10n.t('Stop watching which Kamervraag?'), services.watchList.keys()));
    if (key) await services.watchList.remove(key);
  };
}

export function removeCommand(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const key = keyOfArg(arg) ?? (await pickFromLibrary(services, vscode.l10n.t('Remove which Kamervraag from the library?')));
    if (!key) return;
    const remove = vscode.l10n.t('Remove');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Remove {0} from your library? Notes that cite it keep their quotes.', key), { modal: true }, remove);
    if (choice !== remove) return;
    await (await services.library()).store.remove(key);
    await services.watchList.remove(key);
  };
}

export function refreshArgCommand(fallback: (input?: string) => Promise<void>) {
  return async (arg?: unknown): Promise<void> => fallback(keyOfArg(arg));
}

export function groupByCommand(grouping: config.LibraryGrouping) {
  return async (): Promise<void> => {
    await vscode.workspace.getConfiguration('kamervragen').update('library.groupBy', grouping, vscode.ConfigurationTarget.Global);
  };
}

export function promiseGroupByCommand(grouping: config.PromiseGrouping) {
  return async (): Promise<void> => {
    await vscode.workspace.getConfiguration('kamervragen').update('promises.groupBy', grouping, vscode.ConfigurationTarget.Global);
  };
}

export function loadMoreCommand(services: Services) {
  return async (): Promise<void> => {
    const last = services.searchResults.current;
    if (!last?.next) return;
    const cursor = last.next;
    await vscode.window.withProgress({ location: { viewId: 'kamervragen.searchResults' } }, async () => {
      const controller = new AbortController();
      try {
        const page = await nextPage(cursor, services.sources(controller.signal));
        services.searchResults.append(page.items, page.next);
      } catch (err) {
        // The service's own short message for the user; everything it said for the log.
        services.log.error(`Load more results: ${describe(err)}${err instanceof ServiceError ? `\n${err.details}` : ''}`);
        void vscode.window.showErrorMessage(describe(err));
      }
    });
  };
}
