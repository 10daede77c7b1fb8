/**
 * What the reading panel shows of reuse across the library and of related Kamervragen, as data for
 * its webview (strings localised here): per answer paragraph that recurs in another Kamervraag,
 * links "Also answered to <indieners> on <date>, <zaak>"; and a "Related Kamervragen" section with
 * the most similar earlier ones, those this one cites and those that cite it.
 */
import * as vscode from 'vscode';
import type { Kamervraag, KamervraagHead } from '../../core/model';
import type { ReuseMatch } from '../../core/reuse';
import type { KamervraagLink, ReaderReuse, RelatedGroup } from '../../shared/webviewProtocol';
import type { ReuseService } from '../reuseService';
import { displayDate } from '../dates';

/** Links listed per paragraph; the rest are counted. */
const LINKS_PER_PARAGRAPH = 5;

function names(kv: KamervraagHead): string {
  return kv.submitters.map((s) => s.name).join(', ');
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** "Also answered to Queeny Rajkowski on 3 May 2023, 2023Z00002" for one match. */
export function reuseLink(match: ReuseMatch): KamervraagLink {
  const kv = match.kamervraag;
  const who = names(kv) || kv.title || match.key;
  const date = kv.answered ?? kv.submitted;
  const id = kv.zaak ?? match.key;
  const text = date
    ? vscode.l10n.t('Also answered to {0} on {1}, {2}', who, displayDate(date), id)
    : vscode.l10n.t('Also answered to {0}, {1}', who, id);
  const alike = match.similarity >= 1 ? vscode.l10n.t('the same paragraph') : vscode.l10n.t('nearly the same paragraph ({0} of its word sequences shared)', percent(match.similarity));
  const where = vscode.l10n.t('answer to question {0}', match.numbers.join(', '));
  return { key: match.key, text, title: `${kv.title || match.key} · ${where} · ${alike}` };
}

/** "2022Z01000 · Title (3 May 2023)" with a tooltip. */
function relatedLink(key: string, kv: KamervraagHead | undefined, similarity?: number): KamervraagLink {
  const date = kv?.submitted ?? kv?.answered;
  const id = kv?.zaak ?? key;
  const title = kv?.title || key;
  const text = date ? `${id} · ${title} (${displayDate(date)})` : `${id} · ${title}`;
  const tip = [kv ? names(kv) : ''];
  if (similarity !== undefined) tip.push(vscode.l10n.t('questions alike: {0}', percent(similarity)));
  return { key, text, title: tip.filter(Boolean).join(' · ') || title };
}

/** Reuse notes and the related section for the Kamervraag stored under `key`. */
export async function buildReaderReuse(service: ReuseService, key: string, kv: Kamervraag): Promise<ReaderReuse> {
  const [reused, similar] = await Promise.all([service.reuseOf(key, kv), service.similar(key, kv)]);
  const paragraphs = reused.map((r) => ({
    question: r.numbers[0]!,
    paragraph: r.paragraph,
    links: r.matches.slice(0, LINKS_PER_PARAGRAPH).map(reuseLink),
    more: r.total > LINKS_PER_PARAGRAPH ? vscode.l10n.t('and {0} more', r.total - LINKS_PER_PARAGRAPH) : null,
  }));
  const refs = service.references(key, kv);
  const groups: RelatedGroup[] = [
    {
      id: 'similar',
      heading: vscode.l10n.t('Similar earlier Kamervragen'),
      empty: vscode.l10n.t('No earlier Kamervraag in your library asks about the same.'),
      links: similar.map((s) => relatedLink(s.key, service.lookup(s.key), s.similarity)),
    },
    {
      id: 'cites',
      heading: vscode.l10n.t('This one cites'),
      empty: vscode.l10n.t('It names no other Kamervraag of your library.'),
      links: refs.cites.map((k) => relatedLink(k, service.lookup(k))),
    },
    {
      id: 'citedBy',
      heading: vscode.l10n.t('Cited by'),
      empty: vscode.l10n.t('No Kamervraag of your library names this one.'),
      links: refs.citedBy.map((k) => relatedLink(k, service.lookup(k))),
    },
  ];
  const pending = service.pending;
  return {
    paragraphs,
    noteLabel: vscode.l10n.t('Also in other Kamervragen'),
    related: { heading: vscode.l10n.t('Related Kamervragen'), groups },
    pending: pending > 0 ? vscode.l10n.t('Still indexing your library ({0} to go); the lists may grow.', pending.toLocaleString(vscode.env.language)) : null,
  };
}

/** Every key the panel may be asked to open: the links it was sent. */
export function linkedKeys(reuse: ReaderReuse): Set<string> {
  const keys = new Set<string>();
  for (const p of reuse.paragraphs) for (const l of p.links) keys.add(l.key);
  for (const g of reuse.related.groups) for (const l of g.links) keys.add(l.key);
  return keys;
}
