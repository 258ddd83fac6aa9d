#!/usr/bin/env node
// UI test with playwright-core against the real workbench (code-server + headless Chromium) and the
// INSTALLED .vsix: scan the workspace, Problems panel, hover, quick-fix menu (and applying a fix),
// the findings view and the impact summary. Each step is a check; screenshots go to <outDir>
// (the README's media/screenshots/ with `node scripts/test-vscode.js ui --update-media`).
// usage: ui-screenshots.js <workspaceFolder> <outDir> --extensions-dir=<dir>
// Counts are written to $PBD_SUMMARY_FILE.
'use strict';
const fs = require('fs');
const path = require('path');
const { startCodeServer, launchBrowser, workbenchUrl } = require('./lib');
const wb = require('./workbench');

const argv = process.argv.slice(2);
const [folder, outDir] = argv.filter((a) => !a.startsWith('--'));
const extensionsDir = (argv.find((a) => a.startsWith('--extensions-dir=')) || '').split('=')[1];
if (!outDir || !extensionsDir) {
  console.error('usage: ui-screenshots.js <workspaceFolder> <outDir> --extensions-dir=<dir>');
  process.exit(2);
}

let passed = 0;
let failed = 0;
let page;

async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ✔ ${name} (${Date.now() - t} ms)`);
    return true;
  } catch (e) {
    failed++;
    console.log(`  ✘ ${name}: ${e.message.split('\n')[0]}`);
    if (page) await page.screenshot({ path: path.join(require('os').tmpdir(), `pbd-ui-failed-${passed + failed}.png`) }).catch(() => {});
    return false;
  }
}

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const logFile = path.join(require('os').tmpdir(), `pbd-ui-code-server-${process.pid}.log`);
  const log = fs.createWriteStream(logFile);
  const server = await startCodeServer({ extensionsDir, log });
  let browser;
  try {
    browser = await launchBrowser(server.tmp);
    page = browser.pages()[0] || (await browser.newPage());
    const shot = async (name) => {
      await page.mouse.move(700, 880); // no stray tooltip from the last click
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(outDir, name) });
    };
    console.log('UI: Privacy by Design in the real workbench (installed .vsix)');
    await page.goto(workbenchUrl(server, folder));
    await wb.waitForWorkbench(page);
    const status = page.locator('.statusbar-item[aria-label^="Privacy by Design:"]');

    await step('opening a file activates the extension and underlines the finding', async () => {
      await wb.openFile(page, 'src/tracker.js');
      await page.waitForSelector('.squiggly-warning', { timeout: 60000 });
      await status.waitFor({ state: 'attached', timeout: 10000 });
    });

    const scanned = await step('Scan Workspace from the command palette adds never-opened files', async () => {
      // The palette lists commands from the moment it opens; retry if it opened before the extension registered.
      for (let i = 1; ; i++) {
        try {
          await wb.runCommand(page, 'Privacy by Design: Scan Workspace');
          break;
        } catch (e) {
          if (i === 3) throw e;
          await page.keyboard.press('Escape');
        }
      }
      await page.waitForFunction(() => {
        const el = document.querySelector('.statusbar-item[aria-label^="Privacy by Design:"]');
        const m = el && /Privacy by Design: (\d+) finding/.exec(el.getAttribute('aria-label') || '');
        return m && Number(m[1]) >= 4;
      }, undefined, { timeout: 60000 });
      console.log(`    status bar: ${await status.getAttribute('aria-label')}`);
      // The summary notification; clear it so it does not cover the screenshots.
      await page.waitForSelector('.notifications-toasts .notification-toast:has-text("Scanned")', { timeout: 10000 });
      await page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear').first().click({ timeout: 2000 }).catch(() => page.keyboard.press('Escape'));
    });

    await step('the Problems panel lists findings from opened and never-opened files', async () => {
      const rows = await wb.openProblems(page, scanned ? 4 : 1);
      const text = rows.join('\n');
      if (!/tracks the person's position continuously/.test(text)) throw new Error(`no location finding in Problems: ${text.slice(0, 300)}`);
      if (!(await page.locator('.markers-panel .monaco-list-row:has-text("Tracker.vue")').count())) throw new Error('Tracker.vue (never opened) is not in Problems');
      await shot('problems.png');
    });

    await step('hovering a finding explains why it matters and the recommendations', async () => {
      await page.keyboard.press('Control+Shift+M'); // hide the panel again so the editor has room
      await page.click('.editor-instance .monaco-editor .view-lines');
      const squiggle = page.locator('.squiggly-warning').first();
      const box = await squiggle.boundingBox();
      if (!box) throw new Error('no squiggle on screen');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover:has-text("Why it matters to the person")');
      await hover.first().waitFor({ state: 'visible', timeout: 15000 });
      const text = await hover.first().innerText();
      if (!/Establish necessity and proportionality/.test(text)) throw new Error(`hover lacks the recommendation: ${text.slice(0, 200)}`);
      await page.screenshot({ path: path.join(outDir, 'hover.png') });
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    });

    await step('the quick-fix menu offers the fix, a justified suppression and the docs; the fix edits the file', async () => {
      const file = path.join(folder, 'src', 'tracker.js');
      const before = fs.readFileSync(file, 'utf8');
      await page.click('.editor-instance .monaco-editor .view-lines');
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type('5:36');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
      const item = page.locator('.action-widget .monaco-list-row', { hasText: 'getCurrentPosition' }).first();
      for (let i = 1; ; i++) {
        await page.keyboard.press('Control+.');
        try {
          await item.waitFor({ state: 'visible', timeout: 4000 });
          break;
        } catch (e) {
          if (i === 5) throw e;
          await page.keyboard.press('Escape');
        }
      }
      const menu = await page.locator('.action-widget').innerText();
      for (const t of ['Suppress location-watch on this line with a justification', 'Show documentation for location-watch']) if (!menu.includes(t)) throw new Error(`menu lacks '${t}'`);
      await shot('quick-fix.png');
      const focused = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'getCurrentPosition' });
      for (let k = 0; k < 20 && !(await focused.count()); k++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await wb.save(page);
      const after = fs.readFileSync(file, 'utf8');
      if (after === before || !/navigator\.geolocation\.getCurrentPosition\(/.test(after)) throw new Error('the quick fix did not change the file on disk');
    });

    await step('the findings view groups findings by recommendation and rule', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Privacy by Design"], .activitybar .action-item[aria-label^="Privacy by Design"]').first().click();
      const row = page.locator('.pane-body .monaco-list-row', { hasText: 'Establish necessity and proportionality' });
      await row.first().waitFor({ state: 'visible', timeout: 15000 });
      await page.locator('.pane-body .monaco-list-row', { hasText: 'location-watch' }).first().waitFor({ state: 'visible', timeout: 10000 });
      // Every recommendation row (law icon) is followed by its rule rows (shield icon), then file rows.
      const kinds = await page.$$eval('.part.sidebar .monaco-list-row', (rows) =>
        rows.map((r) => (r.querySelector('.codicon-law') ? 'rec' : r.querySelector('.codicon-shield') ? 'rule' : 'file')),
      );
      kinds.forEach((k, i) => {
        if (k === 'rec' && kinds[i + 1] !== 'rule') throw new Error(`recommendation row ${i} is not followed by a rule row: ${kinds.join(',')}`);
        if (k === 'rule' && kinds[i + 1] !== 'file') throw new Error(`rule row ${i} is not followed by a file row: ${kinds.join(',')}`);
      });
      // Widen the side bar so that the recommendation titles are readable.
      const sidebar = await page.locator('.part.sidebar').boundingBox();
      if (sidebar) {
        const x = sidebar.x + sidebar.width;
        await page.mouse.move(x - 1, 400);
        await page.mouse.down();
        await page.mouse.move(x + 220, 400, { steps: 8 });
        await page.mouse.up();
      }
      await shot('findings-view.png');
    });

    await step('the impact summary opens as a Markdown draft', async () => {
      await wb.runCommand(page, 'Privacy by Design: Generate Impact Assessment Draft');
      await page.waitForSelector('.editor-instance .view-lines:has-text("impact assessment (draft)")', { timeout: 60000 });
      await page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear').first().click({ timeout: 1000 }).catch(() => {});
      await shot('impact-summary.png');
    });
  } catch (e) {
    failed++;
    console.log(`  ✘ UI run aborted: ${e.stack || e}`);
    if (page) await page.screenshot({ path: path.join(require('os').tmpdir(), 'pbd-ui-error.png') }).catch(() => {});
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
  }
  console.log(`ui: ${passed} passed, ${failed} failed; screenshots in ${outDir}${failed ? `; code-server log in ${logFile}` : ''}`);
  if (!failed) fs.rmSync(logFile, { force: true });
  if (process.env.PBD_SUMMARY_FILE) fs.writeFileSync(process.env.PBD_SUMMARY_FILE, JSON.stringify({ passed, failed }));
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
