/**
 * The ids of what package.json contributes and the activation entry registers, kept in a module
 * with no dependencies so that activation stays light. A test checks them against package.json.
 */
export const VIEW_IDS = ['kamervragen.library', 'kamervragen.searchResults', 'kamervragen.watchList', 'kamervragen.promises'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export const WATCHED_KEY = 'kamervragen.watched';

/** Webview panels (the same strings as src/shared/webviewProtocol.ts, which a test checks). */
export const WEBVIEW_TYPES = ['kamervragen.reader', 'kamervragen.statistics'] as const;
