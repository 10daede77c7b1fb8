/** How a Kamervraag and its questions look in the trees: icons by status, theme colours only. */
import * as vscode from 'vscode';
import type { Entry, KamervraagHead, Status } from '../../core/model';
import { peopleLabel } from '../../core/people';
import { displayDate } from '../dates';

const STATUS_ICON: Record<Status, [string, string]> = {
  'answered-on-time': ['pass', 'charts.green'],
  'answered-late': ['history', 'charts.orange'],
  'answered-date-unknown': ['question', 'charts.yellow'],
  overdue: ['warning', 'charts.red'],
  open: ['clock', 'charts.blue'],
  withdrawn: ['circle-slash', 'disabledForeground'],
};

export function statusIcon(status: Status): vscode.ThemeIcon {
  const [icon, colour] = STATUS_ICON[status];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
}

/** The same icon as a `$(name)` label prefix, for quick picks. */
export function statusCodicon(status: Status): string {
  return `$(${STATUS_ICON[status][0]})`;
}

export function statusText(status: Status): string {
  switch (status) {
    case 'answered-on-time': return vscode.l10n.t('answered on time');
    case 'answered-late': return vscode.l10n.t('answered late');
    case 'answered-date-unknown': return vscode.l10n.t('answered, date unknown');
    case 'overdue': return vscode.l10n.t('overdue');
    case 'withdrawn': return vscode.l10n.t('withdrawn');
    case 'open': return vscode.l10n.t('open');
  }
}

export function tooltipOf(kv: KamervraagHead): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.appendMarkdown(`**`).appendText(kv.title || kv.zaak || '').appendMarkdown(`**\n\n`);
  const people = peopleLabel(kv.submitters);
  if (people) md.appendText(`${vscode.l10n.t('Submitted by')}: ${people}\n\n`);
  if (kv.addressees.length > 0) md.appendText(`${vscode.l10n.t('Addressed to')}: ${kv.addressees.map((a) => a.role).join(', ')}\n\n`);
  if (kv.submitted) md.appendText(`${vscode.l10n.t('Submitted')}: ${displayDate(kv.submitted)}\n\n`);
  if (kv.answered) md.appendText(`${vscode.l10n.t('Answered')}: ${displayDate(kv.answered)} (${vscode.l10n.t('{0} days', kv.daysToAnswer ?? '?')})\n\n`);
  md.appendText(statusText(kv.status));
  return md;
}

export function questionLabel(entry: Pick<Entry, 'numbers'>): string {
  return entry.numbers.length > 1 ? vscode.l10n.t('Questions {0}', entry.numbers.join(', ')) : vscode.l10n.t('Question {0}', entry.numbers[0]!);
}

export function firstWords(text: string, n = 12): string {
  const words = text.split(/\s+/);
  return words.length > n ? `${words.slice(0, n).join(' ')}…` : text;
}
