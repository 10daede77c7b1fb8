// The Markdown preview renders notes through VS Code's own engine with our markdown-it plugin:
// ids and citation keys become links to the official publication, our quotes get a caption.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { quoteAnswer } from '../../src/core/quote';
import { parsePlainText } from '../../src/core/parse/plainText';
import { merge } from '../../src/core/kamervraag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const render = (markdown: string): Thenable<string> => vscode.commands.executeCommand<string>('markdown.api.render', markdown);

describe('Markdown preview', () => {
  it('links ids and citation keys and captions a quote the extension wrote', async () => {
    const root = vscode.extensions.getExtension('kamervragen.kamervragen')!.extensionPath;
    const seed = join(root, 'test/fixtures/seeds/kamervraag-2023Z11786.txt');
    const kv = merge([parsePlainText(readFileSync(seed, 'utf8'))]);
    const note = [
      '# Notitie', '',
      'Over 2023Z11786 schreef de minister [@kamervraag2023Z11786, vraag 2]:', '',
      quoteAnswer(kv, 2, { style: 'leidraad' }),
    ].join('\n');
    const html = await render(note);
    assert.match(html, /<a[^>]* href="https:\/\/zoek\.officielebekendmakingen\.nl\/kv-tk-2023Z11786\.html"[^>]*>2023Z11786<\/a>/);
    assert.match(html, /<a[^>]* href="https:\/\/zoek\.officielebekendmakingen\.nl\/kv-tk-2023Z11786\.html"[^>]*>@kamervraag2023Z11786<\/a>/);
    assert.match(html, /<blockquote[^>]* class="[^"]*\bkamervragen-quote\b/);
    assert.match(html, /<p[^>]* class="[^"]*\bkamervragen-source\b[^>]*>— /);
  });

  it('renders a note that cites nothing without our marks', async () => {
    const html = await render('# Boodschappen\n\n> Een citaat van iemand.\n\nMelk, 2023 brood.\n');
    assert.doesNotMatch(html, /kamervragen-/);
  });
});
