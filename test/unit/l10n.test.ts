/** Every user-facing string has a Dutch translation, and every contributed title one in package.nls.nl.json. */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every literal first argument of l10n.t in `root`, escapes resolved. */
function l10nKeys(root: string): string[] {
  const keys = new Set<string>();
  for (const file of sources(root)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/l10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)) keys.add(m[2]!.replace(/\\(.)/g, '$1'));
  }
  return [...keys].sort();
}

describe('translations', () => {
  it('has a Dutch string for every vscode.l10n.t key in src (and finds the keys)', () => {
    assert.ok(l10nKeys('src').length > 40);
    const nl = JSON.parse(readFileSync('l10n/bundle.l10n.nl.json', 'utf8')) as Record<string, string>;
    const missing = l10nKeys('src').filter((k) => !(k in nl));
    assert.deepEqual(missing, []);
  });

  it('has a Dutch string for every %key% of package.json', () => {
    const manifest = readFileSync('package.json', 'utf8');
    const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    const en = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
    const nl = JSON.parse(readFileSync('package.nls.nl.json', 'utf8')) as Record<string, string>;
    assert.ok(keys.length > 5);
    assert.deepEqual(keys.filter((k) => !(k in en) || !(k in nl)), []);
  });
});
