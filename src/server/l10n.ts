/**
 * Translations in the server: VS Code's l10n API lives in the extension host, so the client passes
 * the display language's bundle (`vscode.l10n.bundle`) in the initialization options and the
 * server looks its strings up there. Same keys and `{0}` placeholders as `vscode.l10n.t`, so the
 * translations live in l10n/bundle.l10n.*.json with the host's.
 */
import { formatDate } from '../core/dates';

let bundle: Readonly<Record<string, string>> = {};
/** The client's display language for dates; without one, dates stay ISO. */
let locale: string | undefined;

export function setL10nBundle(next: Readonly<Record<string, string>> | undefined, nextLocale?: string): void {
  bundle = next ?? {};
  locale = nextLocale;
}

export const l10n = {
  t(message: string, ...args: (string | number)[]): string {
    const template = bundle[message] ?? message;
    return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
      const value = args[Number(n)];
      return value === undefined ? whole : String(value);
    });
  },
  /** A date as every view of the extension shows it (core/dates.ts), in the client's language. */
  date(iso: string): string {
    return locale ? formatDate(iso, locale) : iso;
  },
};
