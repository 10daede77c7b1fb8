/** A readable Markdown rendering of a whole Kamervraag (CLI `--format markdown`, exports). */
import type { Kamervraag } from './model';
import { citation, escapeMarkdown, formatDutchDate, officialUrl } from './cite';
import { paragraphsOf } from './text';
import { peopleLabel } from './people';
import { linkUrl, textUrl } from './urls';

const STATUS_NL: Record<Kamervraag['status'], string> = {
  open: 'open',
  overdue: 'termijn verstreken',
  'answered-on-time': 'op tijd beantwoord',
  'answered-late': 'te laat beantwoord',
  'answered-date-unknown': 'beantwoord, datum onbekend',
  withdrawn: 'ingetrokken',
};

export function toMarkdown(kv: Kamervraag): string {
  const out: string[] = [];
  const e = escapeMarkdown;
  out.push(`# ${e(kv.title || kv.zaak || 'Kamervraag')}`, '');
  const facts: Array<[string, string | null]> = [
    ['Zaak', kv.zaak],
    ['Indieners', peopleLabel(kv.submitters) || null],
    ['Gericht aan', kv.addressees.map((a) => a.role).join(', ') || null],
    ['Beantwoord door', kv.answeredBy.map((a) => [a.name, a.role && `(${a.role})`, a.party && `(${a.party})`].filter(Boolean).join(' ')).join(', ') || null],
    ['Ingezonden', kv.submitted && formatDutchDate(kv.submitted)],
    ['Beantwoord', kv.answered && `${formatDutchDate(kv.answered)}${kv.daysToAnswer !== null ? ` (na ${kv.daysToAnswer} dagen)` : ''}`],
    ['Termijn', kv.deadline && `${formatDutchDate(kv.deadline)}: ${STATUS_NL[kv.status]}`],
    ['Onderwerpen', kv.topics.join(', ') || null],
    ['Bron', officialUrl(kv)],
    ['Citeren als', citation(kv, 'leidraad')],
  ];
  for (const [label, value] of facts) if (value) out.push(`- **${label}:** ${label === 'Bron' ? `<${value}>` : e(value)}`);
  for (const notice of kv.notices) {
    out.push('', `> **Mededeling${notice.date ? ` (${formatDutchDate(notice.date)})` : ''}:** ${e(notice.text)}`);
  }
  for (const entry of kv.entries) {
    const label = entry.numbers.join(', ');
    out.push('', `## Vraag ${label}`, '', ...paragraphsOf(entry.question).flatMap((p) => [e(p), '']));
    out.push(`**Antwoord ${label}**`, '');
    out.push(...(entry.answer ? paragraphsOf(entry.answer).flatMap((p) => [e(p), '']) : ['_Nog niet beantwoord._', '']));
    for (const f of entry.footnotes) {
      const shown = address(f.url);
      const text = f.text && f.text !== f.url ? e(f.text) : f.text ? '' : e(f.document ?? '');
      out.push(`${f.number}. ${[text, shown].filter((s) => s.length > 0).join(' ')}`);
    }
    if (entry.footnotes.length > 0) out.push('');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/**
 * A footnote's address by the URL policy: an official site as a link, any other web address as code
 * (readable and copyable, not clickable), anything that is not a web address left out.
 */
function address(url: string | null): string {
  const link = linkUrl(url);
  if (link) return `<${link}>`;
  const text = textUrl(url);
  return text ? `\`${text}\`` : '';
}
