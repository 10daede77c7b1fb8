/** Settings, read when used (never cached), for the given resource's scope. */
import * as vscode from 'vscode';
import { CITATION_STYLES, type CitationStyle } from '../core/cite';
import type { QuoteOptions } from '../core/quote';
import { DEFAULT_ENDPOINTS, type Endpoints } from '../core/sources/endpoints';
import { QUOTE_CITATIONS, type QuoteCitation } from '../core/template';
import { SETTINGS, SETTINGS_SECTION, type SettingKey, type SettingValue } from '../shared/settings';

function section(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
}

/** A setting's value, with its one default (src/shared/settings.ts). */
function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
  return section(scope).get<SettingValue<K>>(key, SETTINGS[key] as SettingValue<K>);
}

export function citationStyle(scope?: vscode.ConfigurationScope): CitationStyle {
  const value = setting('citation.style', scope);
  return (CITATION_STYLES as readonly string[]).includes(value) ? (value as CitationStyle) : SETTINGS['citation.style'];
}

/** The service addresses; an empty setting means the official service. */
export function endpoints(): Endpoints {
  const c = section();
  const pick = (key: keyof Endpoints): string => c.get<string>(`endpoints.${key}`, '').trim() || DEFAULT_ENDPOINTS[key];
  return { odata: pick('odata'), repository: pick('repository'), sru: pick('sru'), zoek: pick('zoek') };
}

/** Minutes between watch-list checks (at least 5). */
export function watchIntervalMinutes(): number {
  return Math.max(5, setting('watch.intervalMinutes'));
}

/** Seconds one whole fetch (every request and retry together) may take; what is left then is cancelled. */
export function totalTimeoutSeconds(): number {
  return Math.min(600, Math.max(10, setting('network.totalTimeoutSeconds')));
}

/** Seconds one request may take before it is retried. */
export function requestTimeoutSeconds(): number {
  return Math.min(300, Math.max(5, setting('network.timeoutSeconds')));
}

export type LibraryGrouping = 'month' | 'ministry' | 'submitter';

export function libraryGrouping(): LibraryGrouping {
  const value = setting('library.groupBy');
  return value === 'ministry' || value === 'submitter' ? value : SETTINGS['library.groupBy'];
}

export type PromiseGrouping = 'due' | 'ministry';

/** How the Promises view groups: by where a promise stands against today, or by ministry. */
export function promiseGrouping(): PromiseGrouping {
  return setting('promises.groupBy') === 'ministry' ? 'ministry' : 'due';
}

/** The citation line of quotes (placeholders: see README). */
export function quoteTemplate(scope?: vscode.ConfigurationScope): string {
  return setting('quote.template', scope);
}

/**
 * How quotes are written into a note in `scope`: the citation style, the citation line's template
 * and whether its `{citation}` is text or a Pandoc key (setting `kamervragen.quote.citation`).
 */
export function quoteOptions(scope: vscode.ConfigurationScope | undefined, eol: '\n' | '\r\n' = '\n'): QuoteOptions {
  const citation = setting('quote.citation', scope);
  return {
    style: citationStyle(scope),
    template: quoteTemplate(scope),
    citation: (QUOTE_CITATIONS as readonly string[]).includes(citation) ? (citation as QuoteCitation) : 'text',
    eol,
  };
}

/** Whether the reading panel marks sentences repeated across answers (off: the text reads plain). */
export function markRepeats(): boolean {
  return setting('reader.markRepeats');
}

export async function setMarkRepeats(on: boolean): Promise<void> {
  await section().update('reader.markRepeats', on, vscode.ConfigurationTarget.Global);
}

/** The workspace-relative bibliography file of a folder (setting `kamervragen.bibliography.file`), or "" for none. */
export function bibliographyFile(folder: vscode.WorkspaceFolder): string {
  return setting('bibliography.file', folder).trim();
}
