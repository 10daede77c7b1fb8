/**
 * The parliamentary calendar, as far as rules can tell it (pure).
 *
 * Written answers promise things "voor de zomer" or "voor de begrotingsbehandeling": moments of
 * the Tweede Kamer's year, not dates. These rules turn such a moment into the last day on which
 * the promise is still kept, relative to the date of the answer. They are approximations of the
 * recess calendar that the Kamer fixes each year; README ("Promises") lists them with their limits.
 *
 * - Summer recess: starts on the first Friday on or after 3 July (2021: 9 July, 2022: 8 July,
 *   2023: 7 July, 2024: 5 July, 2025: 4 July), and lasts eight weeks and three days.
 * - Christmas recess: starts on the last Friday on or before 22 December.
 * - Prinsjesdag: the third Tuesday of September.
 * - Budget debates (begrotingsbehandelingen): from October until the Christmas recess; "before the
 *   budget debate" is taken as before the end of October, the time by which most have begun.
 * - Seasons: spring ends on 20 June, summer on 22 September, autumn on 20 December.
 */

/** ISO date (YYYY-MM-DD) of a calendar day. */
export function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of the week of a date, 0 = Sunday … 6 = Saturday. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The last day of a month (1–12). */
export function lastDayOfMonth(year: number, month: number): string {
  return iso(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

/** The first day of the summer recess of `year`. */
export function summerRecessStart(year: number): string {
  const day = 3 + ((5 - weekday(year, 7, 3) + 7) % 7);
  return iso(year, 7, day);
}

/** The last day of the summer recess of `year`. */
export function summerRecessEnd(year: number): string {
  const start = new Date(`${summerRecessStart(year)}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() + 58);
  return start.toISOString().slice(0, 10);
}

/** The first day of the Christmas recess of `year`. */
export function christmasRecessStart(year: number): string {
  const day = 22 - ((weekday(year, 12, 22) - 5 + 7) % 7);
  return iso(year, 12, day);
}

/** Prinsjesdag (the budget is presented) of `year`: the third Tuesday of September. */
export function prinsjesdag(year: number): string {
  const firstTuesday = 1 + ((2 - weekday(year, 9, 1) + 7) % 7);
  return iso(year, 9, firstTuesday + 14);
}

/** The day before an ISO date. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** An ISO date plus a number of days, weeks or months. */
export function plus(date: string, amount: number, unit: 'day' | 'week' | 'month'): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (unit === 'day') d.setUTCDate(d.getUTCDate() + amount);
  else if (unit === 'week') d.setUTCDate(d.getUTCDate() + 7 * amount);
  else d.setUTCMonth(d.getUTCMonth() + amount);
  return d.toISOString().slice(0, 10);
}
