#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128x128) with headless Chromium (playwright-core from the real-vscode install).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { HOME } = require('./lib');

(async () => {
  const { chromium } = require(path.join(HOME, 'node_modules', 'playwright-core'));
  const root = path.join(__dirname, '..', '..');
  const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pbd-icon-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, viewport: { width: 128, height: 128 }, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = browser.pages()[0] || (await browser.newPage());
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="256" height="256"', 'width="128" height="128"')}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log('media/icon.png written');
})().catch((e) => { console.error(e); process.exit(1); });
