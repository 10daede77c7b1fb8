/**
 * Dates as the user reads them: one format for every view (trees, panels, hovers, pickers), in the
 * display language. Pure: the locale is passed in (`vscode.env.language` in the extension, the
 * client's locale in the language server). Citations keep their own Dutch form (cite.ts).
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions, kind: string): Intl.DateTimeFormat | undefined {
  const id = `${kind}|${locale}`;
  let f = cache.get(id);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    } catch {
      return undefined; // not a locale Intl knows: the caller falls back
    }
    cache.set(id, f);
  }
  return f;
}

function asDate(iso: string, suffix: string): Date | undefined {
  const d = new Date(`${iso}${suffix}`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** "23 June 2023" / "June 23, 2023" / "23 juni 2023": day, month name and year; the ISO text when it is no date. */
export function formatDate(iso: string, locale: string): string {
  const date = asDate(iso.slice(0, 10), 'T00:00:00Z');
  const f = formatter(locale, { day: 'numeric', month: 'long', year: 'numeric' }, 'date') ?? formatter('en', { day: 'numeric', month: 'long', year: 'numeric' }, 'date');
  return date && f ? f.format(date) : iso;
}

/** "June 2023" / "juni 2023" for a `YYYY-MM` month; the text itself when it is no month. */
export function formatMonth(month: string, locale: string): string {
  if (!/^\d{4}-\d{2}$/.test(month)) return month;
  const date = asDate(month, '-01T00:00:00Z');
  const f = formatter(locale, { month: 'long', year: 'numeric' }, 'month') ?? formatter('en', { month: 'long', year: 'numeric' }, 'month');
  return date && f ? f.format(date) : month;
}
