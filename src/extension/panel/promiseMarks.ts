/**
 * The reading panel's promise marks: the sentences of an answer in which the government commits
 * itself (core/promises.ts), with a label that says by when ("Promise: due by 31 October 2023
 * (“voor de begrotingsbehandeling”)"). Kept apart from readerView.ts: one function per entry.
 */
import * as vscode from 'vscode';
import type { Entry, Kamervraag } from '../../core/model';
import { dueStatus, type DueStatus } from '../../core/promiseList';
import { findCommitmentSpans, type Commitment } from '../../core/promises';
import type { PromiseMark } from '../../shared/webviewProtocol';
import { displayDate } from '../dates';

/** The promises of one entry's answer; none when it has no answer (or finding them failed). */
export function promiseMarks(kv: Kamervraag, entry: Entry, today: string): PromiseMark[] {
  if (!entry.answer) return [];
  try {
    return findCommitmentSpans(entry.answer, kv.answered).map(({ paragraph, start, end, commitment }) => {
      const status = dueStatus(commitment.due, today);
      return { paragraph, start, end, status, label: promiseLabel(commitment, status) };
    });
  } catch {
    // Marking promises is an extra; the text shows without it.
    return [];
  }
}

export function promiseLabel(c: Commitment, status: DueStatus): string {
  const words = c.dueText ? ` (“${c.dueText}”)` : '';
  if (c.due) {
    return status === 'past'
      ? vscode.l10n.t('Promise: was due by {0}', displayDate(c.due)) + words
      : vscode.l10n.t('Promise: due by {0}', displayDate(c.due)) + words;
  }
  return c.dueText ? vscode.l10n.t('Promise, no date: “{0}”', c.dueText) : vscode.l10n.t('Promise, no moment given');
}
