/**
 * Kamervragen: Search… — a QuickPick with live results. What you type is searched in the library
 * at once and at the Open Data Portal after a short pause (or in KOOP's full text, with the button);
 * typing again or closing cancels the request under way. Picking a result fetches it into the
 * library and shows it.
 */
import * as vscode from 'vscode';
import type { KamervraagHead } from '../../core/model';
import type { KamervraagSummary } from '../../core/parse/summary';
import { isEmptyQuery, parseSearchInput } from '../../core/sources/searchSyntax';
import { nextPage, searchFullText, searchKamervragen, summaryStatus, type SearchCursor, type SearchPage } from '../../core/sources/search';
import { isCancellation } from '../../core/sources/resolve';
import { ServiceError } from '../../core/sources/serviceError';
import type { Services } from '../services';
import { describe } from '../fetching';
import { showReadingPanel } from '../panel/readingPanel';
import { statusCodicon, statusText } from '../tree/items';
import { peopleLabel } from '../../core/people';
import { displayDate } from '../dates';

export interface ResultItem extends vscode.QuickPickItem {
  key?: string;
  more?: SearchCursor;
}

const DEBOUNCE_MS = 350;

function itemOfSummary(s: KamervraagSummary, today: string): ResultItem {
  const status = summaryStatus(s, today);
  const people = peopleLabel(s.submitters);
  return {
    key: s.key,
    label: `${statusCodicon(status)} ${s.title || s.key}`,
    description: [s.key, people].filter(Boolean).join(' · '),
    detail: [statusText(status), s.submitted && vscode.l10n.t('submitted {0}', displayDate(s.submitted)), s.answered && vscode.l10n.t('answered {0}', displayDate(s.answered))].filter(Boolean).join(' · '),
    alwaysShow: true,
  };
}

function itemOfStored(kv: KamervraagHead, key: string): ResultItem {
  const people = peopleLabel(kv.submitters);
  return {
    key,
    label: `${statusCodicon(kv.status)} ${kv.title || key}`,
    description: [key, people].filter(Boolean).join(' · '),
    detail: [statusText(kv.status), kv.submitted && vscode.l10n.t('submitted {0}', displayDate(kv.submitted)), vscode.l10n.t('in your library')].filter(Boolean).join(' · '),
    alwaysShow: true,
  };
}

/**
 * What the picker lists: the library's matches first under their own separator (they are there at
 * once and stay on top), then the service's results without those already listed, then "Load more".
 */
export function resultList(local: readonly ResultItem[], remote: readonly ResultItem[], more: ResultItem | undefined, fullText: boolean): ResultItem[] {
  const separator = (label: string): ResultItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const localKeys = new Set(local.map((i) => i.key));
  const others = remote.filter((i) => !localKeys.has(i.key));
  return [
    ...(local.length > 0 ? [separator(vscode.l10n.t('In your library')), ...local] : []),
    ...(others.length > 0 ? [separator(fullText ? vscode.l10n.t('KOOP full text') : vscode.l10n.t('Tweede Kamer Open Data')), ...others] : []),
    ...(more ? [more] : []),
  ];
}

/** Resolves to the picker once it shows (callers and tests may look at its items). */
export function searchCommand(services: Services) {
  return async (initial?: string): Promise<vscode.QuickPick<ResultItem>> => {
    const library = await services.library();
    const today = new Date().toISOString().slice(0, 10);
    const picker = vscode.window.createQuickPick<ResultItem>();
    const fullTextButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('whole-word'), tooltip: vscode.l10n.t('Search the full text (KOOP) instead of the subject') };
    let fullText = false;
    picker.title = vscode.l10n.t('Search Kamervragen');
    picker.placeholder = vscode.l10n.t('Words of the subject, and indiener:… partij:… minister:… van:2023 tot:2024 status:open|overdue|answered|te-laat');
    picker.buttons = [fullTextButton];
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    // Keep our order and the separators while the user types: the results are ranked already.
    // (`sortByLabel` is not in the typed API of 1.100, but its QuickPick honours it.)
    (picker as { sortByLabel?: boolean }).sortByLabel = false;

    let localItems: ResultItem[] = [];
    let remoteItems: ResultItem[] = [];
    let moreItem: ResultItem | undefined;
    let controller: AbortController | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const render = (): void => {
      picker.items = resultList(localItems, remoteItems, moreItem, fullText);
    };

    const showPage = (page: SearchPage, append: boolean): void => {
      // The Search Results view shows the last search too.
      if (append) services.searchResults.append(page.items, page.next);
      else services.searchResults.set({ label: picker.value.trim(), items: page.items, next: page.next, total: page.total });
      const items = page.items.map((s) => itemOfSummary(s, today));
      remoteItems = append ? [...remoteItems, ...items] : items;
      moreItem = page.next ? { label: `$(more) ${vscode.l10n.t('Load more results')}`, description: page.total !== null ? vscode.l10n.t('{0} of {1}', remoteItems.length, page.total) : '', more: page.next, alwaysShow: true } : undefined;
      if (!append && items.length === 0 && localItems.length === 0) {
        moreItem = { label: vscode.l10n.t('No Kamervragen found'), description: fullText ? '' : vscode.l10n.t('try the full-text button'), alwaysShow: true };
      }
      render();
    };

    const run = async (request: (signal: AbortSignal) => Promise<SearchPage>, append: boolean): Promise<void> => {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      picker.busy = true;
      try {
        showPage(await request(mine.signal), append);
      } catch (err) {
        if (!isCancellation(err)) {
          services.log.error(`Search ${JSON.stringify(picker.value.trim())}: ${describe(err)}${err instanceof ServiceError ? `\n${err.details}` : ''}`);
          remoteItems = [];
          moreItem = { label: `$(error) ${describe(err)}`, alwaysShow: true };
          render();
        }
      } finally {
        if (controller === mine) picker.busy = false;
      }
    };

    /**
     * The library's hits. While its index is rebuilt or catching up, searches use what is
     * indexed so far (the list says so) and are run again when the index is complete.
     */
    const searchLibrary = (value: string): void => {
      const { query } = parseSearchInput(value);
      const hits = value.trim() ? library.index.search(query.text ?? value, { limit: 20 }).flatMap((hit) => {
        const item = library.store.get(hit.key);
        return item ? [itemOfStored(item.head, hit.key)] : [];
      }) : [];
      const indexing = value.trim() && library.index.state.kind !== 'ready'
        ? [{ label: `$(sync~spin) ${vscode.l10n.t('The library is still being indexed; results from it may be incomplete.')}`, alwaysShow: true }]
        : [];
      localItems = [...hits, ...indexing];
    };

    const search = (value: string): void => {
      clearTimeout(timer);
      controller?.abort();
      const { query, problems } = parseSearchInput(value);
      searchLibrary(value);
      remoteItems = [];
      moreItem = problems.length > 0 ? { label: `$(info) ${vscode.l10n.t('Not understood: {0}', problems.join(', '))}`, alwaysShow: true } : undefined;
      render();
      if (isEmptyQuery(query) || (fullText && !query.text)) {
        picker.busy = false;
        return;
      }
      timer = setTimeout(() => {
        void run((signal) => {
          const ctx = services.sources(signal);
          return fullText ? searchFullText(query.text ?? '', ctx, query.from, query.to) : searchKamervragen(query, ctx);
        }, false);
      }, DEBOUNCE_MS);
    };

    const disposables: vscode.Disposable[] = [
      picker.onDidChangeValue(search),
      library.index.onDidChangeState((state) => {
        if (state.kind !== 'ready') return;
        searchLibrary(picker.value);
        render();
      }),
      picker.onDidTriggerButton(() => {
        fullText = !fullText;
        picker.title = fullText ? vscode.l10n.t('Search Kamervragen: full text (KOOP)') : vscode.l10n.t('Search Kamervragen');
        search(picker.value);
      }),
      picker.onDidAccept(() => {
        const item = picker.selectedItems[0];
        if (!item) return;
        if (item.more) {
          const cursor = item.more;
          void run((signal) => nextPage(cursor, services.sources(signal)), true);
          return;
        }
        if (!item.key) return;
        const key = item.key;
        picker.hide();
        void showReadingPanel(services, key);
      }),
      picker.onDidHide(() => {
        clearTimeout(timer);
        controller?.abort();
        for (const d of disposables) d.dispose();
        picker.dispose();
      }),
    ];
    picker.show();
    if (initial) {
      picker.value = initial;
      search(initial);
    }
    return picker;
  };
}
