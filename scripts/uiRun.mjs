// A UI run like a user's: starts the product offline (`npm start -- --fixtures`), then in a light and
// a dark theme opens the Kamervragen view, a Kamervraag in the reading panel, and a question in it,
// taking screenshots into screenshots/ (git-ignored). `npm run ui:screenshots`, then look at them.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './codeServer.mjs';

const port = process.env.PORT ?? '8097';
const out = join(repoRoot, 'screenshots');
mkdirSync(out, { recursive: true });
const start = spawn(process.execPath, ['scripts/start.mjs', '--fixtures'], { cwd: repoRoot, env: { ...process.env, PORT: port }, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let text = '';
  start.stdout.on('data', (chunk) => {
    text += chunk;
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(text);
    if (m) resolve(m[1]);
  });
  start.once('exit', (code) => reject(new Error(`npm start ended (${code}) before it served`)));
  setTimeout(() => reject(new Error('npm start did not serve within 5 minutes')), 300_000);
});

const settingsFile = join(repoRoot, '.tools', 'start', 'user-data', 'User', 'settings.json');
const home = mkdtempSync(join(tmpdir(), 'kamervragen-ui-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, env: { ...process.env, HOME: home },
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });
try {
  for (const [name, theme] of [['light', 'Default Light Modern'], ['dark', 'Default Dark Modern']]) {
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
    settings['workbench.colorTheme'] = theme;
    writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    await page.goto(url);
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar [aria-label^="Kamervragen"]').first().click();
    const item = page.getByRole('treeitem', { name: /Het bericht/ }).first();
    await item.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(out, `ui-${name}-1-views.png`) });
    await item.click(); // opens the reading panel
    await page.locator('iframe.webview').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2000); // the webview paints after its data arrives; nothing to wait on from outside
    await page.screenshot({ path: join(out, `ui-${name}-2-panel.png`) });
    await item.locator('.monaco-tl-twistie').click();
    await page.getByRole('treeitem', { name: /Question 3|Vraag 3/ }).first().click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(out, `ui-${name}-3-question.png`) });
    await page.close();
    console.log(`screenshots: ${out}/ui-${name}-*.png`);
  }
} finally {
  await browser.close();
  rmSync(home, { recursive: true, force: true });
  try { process.kill(-start.pid, 'SIGTERM'); } catch { /* gone */ }
}
