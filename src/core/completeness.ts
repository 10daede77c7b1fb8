/**
 * Whether a freshly fetched copy of a Kamervraag may replace the stored one (pure).
 *
 * A stored copy is only replaced by a copy that is at least as complete: as many questions, answers
 * and footnotes, every document the stored copy knew, no text that is a cut-off version of the stored
 * text. A copy that is worse means something failed on the way (a document that did not come, half a
 * body, a service that answered for the zaak but not for its publications), and the stored copy is kept.
 *
 * Unless the source itself says the Kamervraag changed: a new answer for an open one, a nader antwoord,
 * a withdrawal. Then the new copy replaces the stored one even when it counts less — but never a copy
 * without any questions where the stored one had them (that is a failure, not a change).
 */
import type { Kamervraag } from './model';
import { changesBetween, type WatchEventKind } from './watch';

export interface Completeness {
  entries: number;
  answers: number;
  footnotes: number;
  documents: number;
}

export function completenessOf(kv: Kamervraag): Completeness {
  return {
    entries: kv.entries.length,
    answers: kv.entries.filter((e) => e.answer !== null && e.answer.trim().length > 0).length,
    footnotes: kv.entries.reduce((n, e) => n + e.footnotes.length, 0),
    documents: kv.documents.length,
  };
}

export interface Replacement {
  /** True when the fetched copy may replace the stored one. */
  replace: boolean;
  /** What the fetched copy lacks that the stored one has, in words ("0 of the 13 questions"). */
  losses: string[];
  /** What the source says changed (a new answer, a nader antwoord, a withdrawal), in words. */
  changes: string[];
}

/** Judge `fetched` against `stored`; see the module comment for the rule. */
export function judgeReplacement(stored: Kamervraag, fetched: Kamervraag): Replacement {
  const losses = lossesOf(stored, fetched);
  const changes = changesBetween(stored.zaak ?? '', stored, fetched)
    .filter((e) => e.kind !== 'notice')
    .map((e) => CHANGE_WORDS[e.kind] + (e.document ? ` (${e.document.id})` : ''));
  if (losses.length === 0) return { replace: true, losses, changes };
  const emptied = fetched.entries.length === 0 && stored.entries.length > 0;
  return { replace: changes.length > 0 && !emptied, losses, changes };
}

const CHANGE_WORDS: Record<WatchEventKind, string> = {
  answered: 'a new answer',
  'further-answer': 'a nader antwoord',
  withdrawn: 'the questions were withdrawn',
  notice: 'a Mededeling',
};

function lossesOf(stored: Kamervraag, fetched: Kamervraag): string[] {
  const before = completenessOf(stored);
  const after = completenessOf(fetched);
  const losses: string[] = [];
  const fewer = (n: number, of: number, what: string): void => {
    if (n < of) losses.push(`${n} of the ${of} ${what}`);
  };
  fewer(after.entries, before.entries, 'questions');
  fewer(after.answers, before.answers, 'answers');
  fewer(after.footnotes, before.footnotes, 'footnotes');
  const have = new Set(fetched.documents.map((d) => d.id));
  const missing = stored.documents.filter((d) => !have.has(d.id)).map((d) => d.id);
  if (missing.length > 0) losses.push(`without ${listed(missing)}`);
  if (stored.answered && !fetched.answered) losses.push('without the answer date');
  // Text that is the beginning of the stored text: a body cut off on the way.
  const cut: string[] = [];
  const byNumber = new Map(fetched.entries.map((e) => [e.numbers[0], e]));
  for (const old of stored.entries) {
    const now = byNumber.get(old.numbers[0]);
    if (!now) continue;
    if (isCutOff(old.question, now.question)) cut.push(`question ${old.numbers.join(', ')}`);
    if (old.answer && now.answer !== null && isCutOff(old.answer, now.answer)) cut.push(`the answer to question ${old.numbers.join(', ')}`);
  }
  if (cut.length > 0) losses.push(`${listed(cut)} cut off`);
  return losses;
}

/** `now` is a proper beginning of `old` (white space aside). */
function isCutOff(old: string, now: string): boolean {
  const a = old.trim();
  const b = now.trim();
  return b.length < a.length && a.startsWith(b);
}

/** "a", "a and b", "a, b and 3 more". */
function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length > 3) return `${items.slice(0, 2).join(', ')} and ${items.length - 2} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
