/** The Markdown card of a Kamervraag that hovers and completion show. */
import { escapeMarkdown, officialUrl, sourceCitation } from '../../core/cite';
import { entryFor } from '../../core/kamervraag';
import type { Kamervraag, Status } from '../../core/model';
import { daysBetween, paragraphsOf } from '../../core/text';
import type { FoundKamervraag } from '../../shared/lspProtocol';
import { COMMANDS } from '../../shared/commands';
import { l10n } from '../l10n';
import { peopleLabel } from '../../core/people';

/** A command URI that opens the reading panel at a question (or at the top). */
export function openPanelUri(key: string, question?: number): string {
  const args = question === undefined ? [key] : [key, question];
  return `command:${COMMANDS.openPanel}?${encodeURIComponent(JSON.stringify(args))}`;
}

export function statusLabel(status: Status): string {
  switch (status) {
    case 'open': return l10n.t('open');
    case 'overdue': return l10n.t('overdue');
    case 'answered-on-time': return l10n.t('answered on time');
    case 'answered-late': return l10n.t('answered late');
    case 'answered-date-unknown': return l10n.t('answered, date unknown');
    case 'withdrawn': return l10n.t('withdrawn');
  }
}

/** "answered 2023-09-28 after 97 days", "open for 12 days". */
function daysLine(kv: Kamervraag, today: string): string | undefined {
  if (kv.daysToAnswer !== null) return l10n.t('{0} days to answer', kv.daysToAnswer);
  if (kv.submitted && (kv.status === 'open' || kv.status === 'overdue')) return l10n.t('open for {0} days', daysBetween(kv.submitted, today));
  return undefined;
}

/** The start of a text: whole words up to about `max` characters. */
export function shorten(text: string, max: number): string {
  const flat = paragraphsOf(text).join(' ');
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  return `${flat.slice(0, cut > max / 2 ? cut : max)} …`;
}

export function card(found: FoundKamervraag, questions: readonly number[], today: string): string {
  const kv = found.kamervraag;
  const e = escapeMarkdown;
  const out: string[] = [];
  out.push(`**${e(kv.title || found.key)}**`, '');
  out.push(`${e(found.key)} · ${e(sourceCitation(kv))}`, '');
  if (kv.submitters.length > 0) {
    out.push(`${l10n.t('Submitted by')}: ${e(peopleLabel(kv.submitters))}`, '');
  }
  const ministers = kv.answeredBy.length > 0
    ? kv.answeredBy.map((a) => (a.role ? `${a.name} (${a.role})` : a.name))
    : kv.addressees.map((a) => (a.name ? `${a.name} (${a.role})` : a.role));
  if (ministers.length > 0) out.push(`${l10n.t('Ministers')}: ${e(ministers.join(', '))}`, '');
  const dates = [
    kv.submitted && l10n.t('submitted {0}', l10n.date(kv.submitted)),
    kv.answered && l10n.t('answered {0}', l10n.date(kv.answered)),
    daysLine(kv, today),
    statusLabel(kv.status),
  ].filter((s): s is string => Boolean(s));
  out.push(dates.join(' · '), '');
  const further = kv.documents.filter((d) => d.kind === 'further-answer');
  if (further.length > 0) out.push(l10n.t('Nader antwoord: {0}', further.map((d) => d.id).join(', ')), '');
  const links = [`[${l10n.t('Open in the reading panel')}](${openPanelUri(found.key, questions[0])})`];
  const url = officialUrl(kv);
  if (url) links.push(`[${l10n.t('Official publication')}](${url})`);
  out.push(links.join(' · '));
  const entry = questions.length > 0 ? entryFor(kv, questions[0]!) : undefined;
  if (entry) {
    out.push('', '---', '', `**${l10n.t('Question {0}', entry.numbers.join(', '))}**: ${e(shorten(entry.question, 300))}`, '');
    out.push(entry.answer ? `**${l10n.t('Answer')}**: ${e(shorten(entry.answer, 300))}` : `_${l10n.t('(no answer yet)')}_`);
  } else if (questions.length > 0) {
    out.push('', '---', '', l10n.t('{0} has no question {1}.', found.key, questions[0]!));
  }
  return out.join('\n');
}
