// Renders media/source/icon.svg (the Marketplace icon, drawn for this product) to media/icon.png, 128×128, with
// headless Debian chromium: `node scripts/renderIcon.mjs`. The PNG is committed; run this after editing the SVG.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './codeServer.mjs';

const svg = readFileSync(join(repoRoot, 'media', 'source', 'icon.svg'), 'utf8');
const home = mkdtempSync(join(tmpdir(), 'kamervragen-icon-')); // chromium writes into HOME
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, env: { ...process.env, HOME: home },
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(repoRoot, 'media', 'icon.png'), omitBackground: true });
  console.log('media/icon.png');
} finally {
  await browser.close();
  rmSync(home, { recursive: true, force: true });
}
