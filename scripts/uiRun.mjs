// A UI run like a user's: starts the product offline (`npm start -- --fixtures`) on each VS Code version,
// then in a light, a dark and a high-contrast theme opens the Kamervragen view, a Kamervraag in the reading
// panel, a question in it, a note with the hover card of the Kamervraag it cites, and the Promises view with its
// promise selected (the panel at the marked sentence), then the registered Toezegging it may be (the panel's
// button, pressed with Enter), taking screenshots into screenshots/ (git-ignored), named
// ui-<VS Code version>-<theme>-<step>.png. `npm run ui:screenshots`, then look at them.
//   npm run ui:screenshots -- --vscode=current    one version (oldest, current; default both)
//   npm run ui:screenshots -- --readme            also copies the current version's panel, question, note and promises
//                                                 screenshots (light, dark) to docs/images/ for the README
// Each version runs with fresh state in a temporary folder, so earlier `npm start` sessions do not show.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/* global document, NodeFilter -- in page.evaluate, which runs in the browser */
import { chromium } from 'playwright-core';
import { VSCODE_VERSIONS, repoRoot, selectVersions } from './codeServer.mjs';
import { freePort } from './runInCodeServer.mjs';

const THEMES = [['light', 'Default Light Modern'], ['dark', 'Default Dark Modern'], ['hc', 'Default High Contrast']];
const out = join(repoRoot, 'screenshots');
mkdirSync(out, { recursive: true });

/** Starts `npm start -- --fixtures` for one version with its state in `stateDir`; resolves to { url, stop }. */
async function startProduct(version, stateDir) {
  const port = String(await freePort());
  const start = spawn(process.execPath, ['scripts/start.mjs', '--fixtures', `--vscode=${version.name}`], {
    cwd: repoRoot, env: { ...process.env, PORT: port, KAMERVRAGEN_START_DIR: stateDir }, detached: true, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => { try { process.kill(-start.pid, 'SIGTERM'); } catch { /* gone */ } };
  process.once('exit', stop);
  let timer;
  const url = await new Promise((resolve, reject) => {
    let text = '';
    start.stdout.on('data', (chunk) => {
      text += chunk;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(text);
      if (m) resolve(m[1]);
    });
    start.once('exit', (code) => reject(new Error(`npm start ended (${code}) before it served`)));
    timer = setTimeout(() => reject(new Error('npm start did not serve within 5 minutes')), 300_000);
  }).finally(() => clearTimeout(timer));
  return { url, stop };
}

const home = mkdtempSync(join(tmpdir(), 'kamervragen-ui-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, env: { ...process.env, HOME: home },
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });
try {
  for (const version of selectVersions(process.argv, 'both')) {
    const stateDir = mkdtempSync(join(tmpdir(), `kamervragen-ui-${version.name}-`));
    const { url, stop } = await startProduct(version, stateDir);
    try {
      const settingsFile = join(stateDir, 'user-data', 'User', 'settings.json');
      for (const [name, theme] of THEMES) {
        const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
        settings['workbench.colorTheme'] = theme;
        writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
        const prefix = join(out, `ui-${version.vscode}-${name}`);
        const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
        try {
          await takeScreenshots(page, url, prefix);
        } catch (err) {
          await page.screenshot({ path: `${prefix}-failed.png` });
          throw err;
        }
        await page.close();
        console.log(`screenshots: ${prefix}-*.png`);
      }
    } finally {
      stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }
  if (process.argv.includes('--readme')) {
    const images = join(repoRoot, 'docs', 'images');
    mkdirSync(images, { recursive: true });
    for (const [step, name] of [['2-panel', 'panel'], ['3-question', 'question'], ['4-note', 'note'], ['5-promises', 'promises']]) {
      for (const theme of ['light', 'dark']) {
        copyFileSync(join(out, `ui-${VSCODE_VERSIONS.current.vscode}-${theme}-${step}.png`), join(images, `${name}-${theme}.png`));
      }
    }
    console.log(`README screenshots: ${images}`);
  }
} finally {
  await browser.close();
  rmSync(home, { recursive: true, force: true });
}

/** The steps of one theme: views, reading panel, a question, a note with a hover card. */
async function takeScreenshots(page, url, prefix) {
  await page.goto(url);
  await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar [aria-label^="Kamervragen"]').first().click();
  const item = page.getByRole('treeitem', { name: /Het bericht/ }).first();
  await item.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: `${prefix}-1-views.png` });
  await item.click(); // opens the reading panel
  // The panel's document lives in the webview's inner frame; it is drawn when its data has arrived.
  const panel = page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
  await panel.locator('h1').first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: `${prefix}-2-panel.png` });
  await item.locator('.monaco-tl-twistie').click();
  await page.getByRole('treeitem', { name: /Question 3|Vraag 3/ }).first().click();
  await panel.locator('article.entry.flash').first().waitFor({ timeout: 30_000 }); // scrolled there, briefly marked
  await page.screenshot({ path: `${prefix}-3-question.png` });
  // A note, and the hover card over the Kamervraag it cites. Opened from the explorer: keys would go to
  // the reading panel's webview, which has the focus now.
  await page.locator('.activitybar [aria-label^="Explorer"]').first().click();
  // The explorer may still be adding files (the sample's bibliography file is written at start): click
  // until the note is the active editor.
  for (let attempt = 1; ; attempt++) {
    await page.getByRole('treeitem', { name: 'douanescanners.md' }).first().click();
    try {
      await page.locator('.tab.active', { hasText: 'douanescanners.md' }).first().waitFor({ timeout: 5000 });
      break;
    } catch (err) {
      if (attempt === 5) throw err;
    }
  }
  await page.locator('.monaco-editor .view-line', { hasText: '2023Z11786' }).first().waitFor({ timeout: 30_000 });
  const at = await page.evaluate(() => { // the screen position of the first "2023Z11786" in the editor
    for (const line of document.querySelectorAll('.monaco-editor .view-line')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = node.textContent.indexOf('2023Z11786');
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(node, i + 3);
        range.setEnd(node, i + 4);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
    }
    return undefined;
  });
  if (!at) throw new Error('2023Z11786 is not on screen in douanescanners.md');
  // The language server starts with the first note: hover again until its card shows.
  const card = page.locator('.monaco-hover', { hasText: 'Rajkowski' }).first();
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(at.x - 40, at.y + 60);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    try {
      await card.waitFor({ timeout: 4000 });
      break;
    } catch (err) {
      if (attempt === 10) {
        await page.screenshot({ path: `${prefix}-4-note-failed.png` });
        throw err;
      }
    }
  }
  await page.screenshot({ path: `${prefix}-4-note.png` });
  await promisesStep(page, prefix);
}

/** The Promises view opened, and its promise selected: the reading panel at the marked sentence. */
async function promisesStep(page, prefix) {
  await page.keyboard.press('Escape'); // the hover card
  await page.locator('.activitybar [aria-label^="Kamervragen"]').first().click();
  const header = page.locator('.pane-header', { hasText: /^(Promises|Toezeggingen)/ }).first();
  await header.waitFor({ timeout: 30_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const promise = page.getByRole('treeitem', { name: /De Minister van Buitenlandse Zaken heeft/ }).first();
  await promise.waitFor({ timeout: 60_000 });
  await promise.click();
  const panel = page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
  await panel.locator('article.entry.flash mark.promise').first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: `${prefix}-5-promises.png` });
  // The button after the promise's label: the registered Toezegging it may be, in its place.
  const ask = panel.locator('button.promise-toezegging').first();
  await ask.focus();
  await page.keyboard.press('Enter');
  await panel.locator('.promise-toezegging-result').first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: `${prefix}-6-toezegging.png` });
}
