/**
 * Scores the promise detector (src/core/promises.ts) against the labelled paragraphs in
 * test/fixtures/promises/labelled.json (see its .source.txt). Shared by bench/promises.bench.ts,
 * which reports the figures, and test/unit/promises.test.ts, which asserts the goals.
 * A paragraph counts as detected when findCommitments returns at least one promise for it; the
 * date of a detected promise is right when the labelled due date (ISO or null) equals the due date
 * of one of the promises found in the paragraph.
 */
import { readFileSync } from 'node:fs';
import { findCommitments, type CommitmentKind } from '../../src/core/promises';

export interface LabelledParagraph {
  id: string;
  source: 'real' | 'constructed';
  answered: string;
  text: string;
  promise: boolean;
  kind?: CommitmentKind;
  dueText?: string | null;
  due?: string | null;
}

export interface PromiseScore {
  paragraphs: number;
  promises: number;
  truePositives: number;
  falsePositives: string[];
  falseNegatives: string[];
  precision: number;
  recall: number;
  /** Detected promises whose label has a due date. */
  dated: number;
  datedRight: number;
  /** datedRight / dated. */
  dates: number;
  wrongDates: string[];
  kindsRight: number;
}

export function loadLabelled(path = 'test/fixtures/promises/labelled.json'): LabelledParagraph[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { items: LabelledParagraph[] }).items;
}

export function scorePromises(items: readonly LabelledParagraph[]): PromiseScore {
  let tp = 0;
  let dated = 0;
  let datedRight = 0;
  let kindsRight = 0;
  const fp: string[] = [];
  const fn: string[] = [];
  const wrongDates: string[] = [];
  for (const item of items) {
    const found = findCommitments(item.text, item.answered);
    if (found.length > 0 && !item.promise) fp.push(item.id);
    if (found.length === 0 && item.promise) fn.push(item.id);
    if (found.length === 0 || !item.promise) continue;
    tp++;
    if (found.some((c) => c.kind === item.kind)) kindsRight++;
    if (item.due) {
      dated++;
      if (found.some((c) => c.due === item.due)) datedRight++;
      else wrongDates.push(`${item.id}: expected ${item.due}, found ${found.map((c) => `${c.due} (${c.dueText})`).join(', ')}`);
    }
  }
  const promises = items.filter((i) => i.promise).length;
  return {
    paragraphs: items.length,
    promises,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp.length === 0 ? 1 : tp / (tp + fp.length),
    recall: promises === 0 ? 1 : tp / promises,
    dated,
    datedRight,
    dates: dated === 0 ? 1 : datedRight / dated,
    wrongDates,
    kindsRight,
  };
}
