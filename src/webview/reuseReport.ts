/// <reference lib="dom" />
/**
 * The reuse report's script: per ministry a table of answered Kamervragen and the share with reused
 * paragraphs, then the most reused paragraphs with links to the Kamervragen they occur in, and an
 * "Export CSV" button (the host asks where to save). Built with createElement and textContent only.
 */
import type { HostToReuseReport, ReuseReportStrings, ReuseReportSummary, ReuseReportView } from '../shared/webviewProtocol';
import { append, dangerCounts, el, replaceChildren, vscodeApi } from './dom';

const vscode = vscodeApi<Record<string, never>>();
const app = document.getElementById('app')!;
let strings: ReuseReportStrings | undefined;

function t(key: keyof ReuseReportStrings): string {
  return strings?.[key] ?? '';
}

function headerRow(labels: string[], numeric: number[]): HTMLTableRowElement {
  return el('tr', null, ...labels.map((h, i) => {
    const th = el('th', numeric.includes(i) ? 'num' : null, h);
    th.scope = 'col';
    return th;
  }));
}

function render(view: ReuseReportView): void {
  const exportButton = el('button', 'primary', t('exportCsv'));
  exportButton.type = 'button';
  exportButton.addEventListener('click', () => vscode.postMessage({ type: 'exportCsv' }));
  const nodes: Node[] = [el('h1', null, t('title')), el('p', 'muted', t('summary')), el('p', 'actions', exportButton)];

  const ministries = el('section', 'ministries', el('h2', null, t('ministries')));
  if (view.ministries.length === 0) append(ministries, el('p', 'muted', t('empty')));
  else {
    const body = el('tbody');
    for (const m of view.ministries) {
      const name = el('th', null, m.ministry);
      name.scope = 'row';
      const bar = el('span', 'bar');
      bar.style.width = `${Math.round(m.share * 100)}%`;
      append(body, el('tr', null, name, el('td', 'num', String(m.answers)), el('td', 'num', String(m.withReuse)),
        el('td', 'share', el('span', 'track', bar), ` ${Math.round(m.share * 100)} %`)));
    }
    append(ministries, el('table', null, el('caption', 'visually-hidden', t('ministries')),
      el('thead', null, headerRow([t('ministry'), t('answers'), t('withReuse'), t('share')], [1, 2])), body));
  }
  nodes.push(ministries);

  const paragraphs = el('section', 'paragraphs', el('h2', null, t('paragraphs')));
  if (view.paragraphs.length === 0) append(paragraphs, el('p', 'muted', t('empty')));
  const list = el('ol', 'reused');
  for (const p of view.paragraphs) {
    const links = el('p', 'occurs muted', `${t('occursIn')} ${p.count} ${t('kamervragen')}${p.period ? ` · ${p.period}` : ''}${p.ministries ? ` · ${p.ministries}` : ''}: `);
    p.links.forEach((l, i) => {
      const a = el('a', 'kamervraag-link', l.text);
      a.href = `#kamervraag-${l.key}`;
      a.dataset['kamervraag'] = l.key;
      a.title = l.title;
      append(links, i > 0 ? ', ' : null, a);
    });
    append(list, el('li', null, el('blockquote', null, p.text), links));
  }
  if (view.paragraphs.length > 0) append(paragraphs, list);
  nodes.push(paragraphs);
  replaceChildren(app, ...nodes);
  app.setAttribute('aria-busy', 'false');
}

function summary(): ReuseReportSummary {
  return {
    rows: app.querySelectorAll('section.ministries tbody tr').length,
    paragraphs: app.querySelectorAll('ol.reused > li').length,
    links: app.querySelectorAll('a[data-kamervraag]').length,
    scripts: dangerCounts(app).scripts,
  };
}

function onLink(event: MouseEvent): void {
  const a = (event.target as Element | null)?.closest?.('a');
  if (!a) return;
  event.preventDefault();
  if (event.type === 'auxclick' && event.button !== 1) return;
  const key = a.dataset['kamervraag'];
  if (key) vscode.postMessage({ type: 'openKamervraag', key });
}
document.addEventListener('click', onLink);
document.addEventListener('auxclick', onLink);

window.addEventListener('message', (event: MessageEvent<HostToReuseReport>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null || message.type !== 'init') return;
  strings = message.strings;
  render(message.view);
  vscode.postMessage({ type: 'rendered', summary: summary() });
});

append(app, el('p', 'muted', '…'));
vscode.postMessage({ type: 'ready' });
