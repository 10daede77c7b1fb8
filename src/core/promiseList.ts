/**
 * The promises of a library (pure): every commitment in the stored answers (promises.ts), with the
 * Kamervraag and question it stands in, the ministry that made it and where it stands against
 * today: past due, due soon (within `SOON_DAYS`), due later, or without a date.
 *
 * The ministry: the addressed ministry the sentence names ("De Minister van Buitenlandse Zaken
 * heeft … toegezegd"); when it names none of them (a first person, "ik zal"), every addressed
 * ministry, since the answer does not say which minister speaks.
 *
 * Whether a promise was kept is not known here: a written answer registers nothing, so "past due"
 * means the promised moment has passed, not that the promise was broken.
 */
import type { Kamervraag } from './model';
import { findCommitmentSpans, type Commitment } from './promises';
import { ministryOf } from './stats';
import { daysBetween } from './text';

export type DueStatus = 'past' | 'soon' | 'later' | 'undated';

/** The order of the groups: what needs attention first. */
export const DUE_STATUSES: readonly DueStatus[] = ['past', 'soon', 'later', 'undated'];

/** "Due soon": the promised moment is at most this many days away. */
export const SOON_DAYS = 30;

export interface ListedPromise {
  /** The library key of the Kamervraag. */
  key: string;
  /** The numbers of the entry whose answer makes the promise (the first one names it). */
  numbers: number[];
  /** The promise's position among the promises of the Kamervraag (a stable id within one copy). */
  index: number;
  commitment: Commitment;
  status: DueStatus;
  /** The ministries that made it (see above); empty when the Kamervraag names none. */
  ministries: string[];
}

export function dueStatus(due: string | null, today: string, soonDays = SOON_DAYS): DueStatus {
  if (!due) return 'undated';
  const left = daysBetween(today, due);
  if (left < 0) return 'past';
  return left <= soonDays ? 'soon' : 'later';
}

/** The promises in the answers of one Kamervraag, in text order. */
export function promisesOf(key: string, kv: Kamervraag, today: string): ListedPromise[] {
  const addressed = [...new Set(kv.addressees.map((a) => ministryOf(a.role)).filter((m): m is string => !!m))];
  const list: ListedPromise[] = [];
  for (const entry of kv.entries) {
    if (!entry.answer) continue;
    for (const { commitment } of findCommitmentSpans(entry.answer, kv.answered)) {
      list.push({
        key,
        numbers: [...entry.numbers],
        index: list.length,
        commitment,
        status: dueStatus(commitment.due, today),
        ministries: ministriesOf(commitment.text, addressed),
      });
    }
  }
  return list;
}

/** The addressed ministries the sentence names, else all of them. */
export function ministriesOf(sentence: string, addressed: readonly string[]): string[] {
  const s = sentence.toLowerCase();
  const named = addressed.filter((m) => s.includes(m.toLowerCase()));
  return named.length > 0 ? named : [...addressed];
}

/** Soonest first; past due ones the longest overdue first; undated last, then by Kamervraag. */
export function promiseOrder(a: ListedPromise, b: ListedPromise): number {
  const due = (p: ListedPromise): string => p.commitment.due ?? '9999-12-31';
  return due(a).localeCompare(due(b)) || a.key.localeCompare(b.key) || a.index - b.index;
}
