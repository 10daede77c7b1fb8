// Takes a screenshot of a running workbench (e.g. the one `npm start` serves) with headless chromium:
// opens a note, then the command palette filtered to "Kamervragen".
//   node scripts/screenshot.mjs [url] [out.png] [note]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

const [url = 'http://127.0.0.1:8080/', out = 'screenshots/workbench.png', note = 'douanescanners.md'] = process.argv.slice(2);
const home = mkdtempSync(join(tmpdir(), 'kamervragen-screenshot-')); // chromium writes into HOME
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(url);
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view').waitFor({ timeout: 30_000 }); // the folder is open
  await page.getByRole('treeitem', { name: note }).first().click(); // open the note from the explorer
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  await page.keyboard.press('F1');
  await page.keyboard.type('Kamervragen');
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`screenshot: ${out}`);
} finally {
  await browser.close();
  rmSync(home, { recursive: true, force: true });
}
