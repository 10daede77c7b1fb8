import * as assert from 'node:assert/strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- markdown-it ships no types; the plugin types what it uses
const MarkdownIt = require('markdown-it') as new (options?: object) => { render(src: string): string };
import { kamervragenPreview, type MarkdownIt as Md } from '../../src/core/notes/preview';

function render(markdown: string, plugin = true): string {
  const md = new MarkdownIt({ html: true, linkify: true });
  if (plugin) kamervragenPreview(md as unknown as Md);
  return md.render(markdown);
}

describe('Markdown preview plugin', () => {
  it('links zaaknummers, ids and citation keys to the official publication', () => {
    const html = render('Zie 2023Z11786, ah-tk-20232024-99 en [@kamervraag2023Z11786, vraag 3]; ook @kamervraagahtk2023202499.');
    assert.match(html, /<a href="https:\/\/zoek\.officielebekendmakingen\.nl\/kv-tk-2023Z11786\.html" class="kamervragen-link">2023Z11786<\/a>/);
    assert.match(html, /<a href="https:\/\/zoek\.officielebekendmakingen\.nl\/ah-tk-20232024-99\.html" class="kamervragen-link">ah-tk-20232024-99<\/a>/);
    assert.match(html, /\[<a href="https:\/\/zoek\.officielebekendmakingen\.nl\/kv-tk-2023Z11786\.html" class="kamervragen-link">@kamervraag2023Z11786<\/a>, vraag 3\]/);
    assert.match(html, /<a href="https:\/\/zoek\.officielebekendmakingen\.nl\/ah-tk-20232024-99\.html" class="kamervragen-link">@kamervraagahtk2023202499<\/a>/);
  });

  it('leaves ids inside links and code alone', () => {
    const html = render('[de vraag 2023Z11786](https://example.org/x) en `2023Z11786`\n\n    2023Z11786\n');
    assert.doesNotMatch(html, /kamervragen-link/);
  });

  it('captions the citation line of a quote the extension wrote', () => {
    const quote = [
      '> Ja, ik ben bekend met het arrest.',
      '>',
      '> — [Aanhangsel Handelingen II 2023/24, nr. 99](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html), antwoord op vraag 2 <!-- kamervraag:2023Z11786 vraag=2 -->',
      '',
      '> Een ander citaat, van iemand anders.',
    ].join('\n');
    const html = render(quote);
    assert.match(html, /<blockquote class="kamervragen-quote">\s*<p>Ja, ik ben bekend met het arrest\.<\/p>\s*<p class="kamervragen-source">/);
    assert.equal(html.match(/kamervragen-quote/g)?.length, 1, 'the other quote stays as it was');
  });

  it('changes nothing in a document that cites nothing', () => {
    const note = '# Notities\n\nEen gewone tekst met 2023 en Z11786 los, en een [link](https://example.org).\n\n> Een citaat.\n';
    assert.equal(render(note), render(note, false));
  });
});
