/**
 * Every setting of the extension with its default, written once: config.ts reads them with these
 * defaults, the language server falls back to them, and a unit test holds them against
 * package.json's contributes.configuration (keys and defaults). No vscode import.
 */
import { DEFAULT_ENDPOINTS } from '../core/sources/endpoints';
import { DEFAULT_QUOTE_TEMPLATE } from '../core/template';

export const SETTINGS = {
  'citation.style': 'leidraad',
  'quote.template': DEFAULT_QUOTE_TEMPLATE,
  'quote.citation': 'text',
  'library.groupBy': 'month',
  'promises.groupBy': 'due',
  'watch.intervalMinutes': 60,
  'network.timeoutSeconds': 20,
  'network.totalTimeoutSeconds': 60,
  'endpoints.odata': DEFAULT_ENDPOINTS.odata,
  'endpoints.repository': DEFAULT_ENDPOINTS.repository,
  'endpoints.sru': DEFAULT_ENDPOINTS.sru,
  'endpoints.zoek': DEFAULT_ENDPOINTS.zoek,
  'notes.diagnostics': true,
  'notes.checkQuotes': true,
  'notes.reportUnknown': true,
  'reader.markRepeats': false,
  'bibliography.file': '',
  'library.location': 'global',
} as const;

export type SettingKey = keyof typeof SETTINGS;
/** The type of a setting's value (string for strings, not the default's literal). */
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends string ? string : (typeof SETTINGS)[K] extends number ? number : boolean;

/** The section every key is in (`kamervragen.citation.style`). */
export const SETTINGS_SECTION = 'kamervragen';
