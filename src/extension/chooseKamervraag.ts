/**
 * Choosing a Kamervraag to open or quote: the library's Kamervragen (newest first, filtered as you
 * type), and what you type offered as an identifier to fetch. A half-typed identifier ("2023Z117")
 * is not an error: only input that cannot become an identifier is pointed out.
 */
import * as vscode from 'vscode';
import { tryParseId, canonicalId } from '../core/ids';
import { peopleLabel } from '../core/people';
import type { Services } from './services';

interface Choice extends vscode.QuickPickItem {
  input?: string;
}

/** The picker's answer when the user asked to read local files instead. */
export const FROM_FILE = Symbol('file');

/**
 * Whether `value` may still become an identifier or link while the user types: a start of a
 * zaaknummer (2023Z117), a document id (kv-tk-, ah-tk-2023…), an Aanhangselnummer, or a link.
 */
export function mayBecomeId(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '' || tryParseId(v)) return true;
  if (/^\d{1,4}(?:z\d{0,5})?$/.test(v)) return true;
  if (/^\d{5,9}$/.test(v)) return true;
  if (/^(?:k(?:v(?:-[a-z0-9-]*)?)?|a(?:h(?:-[a-z0-9-]*)?)?)$/.test(v)) return true;
  if ('https://'.startsWith(v) || 'http://'.startsWith(v) || /^https?:\/\/\S*$/.test(v)) return true;
  return false;
}

export function identifierProblem(value: string): string | undefined {
  return mayBecomeId(value)
    ? undefined
    : vscode.l10n.t('Not an identifier. Use a zaaknummer (2023Z11786), kv-tk-2023Z11786, ah-tk-20232024-99, an Aanhangselnummer (181902411) or a link to zoek.officielebekendmakingen.nl, repository.overheid.nl, tweedekamer.nl or openkamer.org.');
}

export interface ChooseOptions {
  title: string;
  /** The tooltip of a button that reads local files instead (resolves to FROM_FILE). */
  fileButton?: string;
  /** What the user typed already. */
  value?: string;
}

/** Resolves to the chosen identifier (a library key or what the user typed), FROM_FILE, or undefined. */
export async function chooseKamervraag(services: Services, options: ChooseOptions): Promise<string | typeof FROM_FILE | undefined> {
  const library = await services.library();
  const stored: Choice[] = (await library.store.listDecoded())
    .map((item) => ({ item, date: item.head.submitted ?? '' }))
    .sort((a, b) => b.date.localeCompare(a.date))
    .map(({ item }) => ({
      input: item.key,
      label: item.head.title || item.key,
      description: [item.key, ...item.head.documents.map((d) => d.id)].join(' '),
      detail: peopleLabel(item.head.submitters),
    }));
  const picker = vscode.window.createQuickPick<Choice>();
  const fileButton: vscode.QuickInputButton | undefined = options.fileButton ? { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: options.fileButton } : undefined;
  picker.title = options.title;
  picker.placeholder = vscode.l10n.t('Pick from your library, or type a zaaknummer, document id or link');
  picker.buttons = fileButton ? [fileButton] : [];
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.ignoreFocusOut = true;
  const update = (value: string): void => {
    const id = tryParseId(value);
    const known = id && stored.some((c) => c.input === canonicalId(id));
    const typed: Choice[] = id && !known
      ? [{ input: value.trim(), label: `$(cloud-download) ${vscode.l10n.t('Fetch {0}', canonicalId(id))}`, alwaysShow: true }]
      : [];
    const problem = identifierProblem(value);
    // A hint, not an error: the user may be typing words of a title that the library filter finds.
    const hint: Choice[] = problem && !stored.some((c) => `${c.label} ${c.description ?? ''}`.toLowerCase().includes(value.trim().toLowerCase()))
      ? [{ label: `$(info) ${problem}`, alwaysShow: true }]
      : [];
    picker.items = [...typed, ...stored, ...hint];
  };
  picker.items = stored;
  return new Promise((resolve) => {
    let result: string | typeof FROM_FILE | undefined;
    const disposables = [
      picker.onDidChangeValue(update),
      picker.onDidTriggerButton(() => {
        result = FROM_FILE;
        picker.hide();
      }),
      picker.onDidAccept(() => {
        result = picker.selectedItems[0]?.input;
        if (result !== undefined) picker.hide();
      }),
      picker.onDidHide(() => {
        for (const d of disposables) d.dispose();
        picker.dispose();
        resolve(result);
      }),
    ];
    picker.show();
    if (options.value) {
      picker.value = options.value;
      update(options.value);
    }
  });
}
