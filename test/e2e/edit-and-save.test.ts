import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../electron/web/server.ts';
import {
  chromiumPath,
  ensureBuilt,
  launchChromium,
  openApp,
  openByTitle,
} from '../helpers/browser.ts';
import { copySeedBlog, tempDir } from '../helpers/site.ts';
import { testHost } from '../helpers/app.ts';

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (browser host): ${chrome.why}`);

/** Opens the fixture, opens a post, types, saves; the file on disk has exactly that change. */
async function editAndSave(page: Page, site: string): Promise<void> {
  const rel = 'content/posts/ergonomic-map.md';
  const before = readFileSync(path.join(site, rel), 'utf8');
  await openByTitle(page, 'Ergonomic Map in Go');
  const editor = page.locator('.cm-content');
  await expect
    .poll(() => page.locator('.editor-pane').textContent())
    .toContain('Ergonomic Map in Go');
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('A line typed in the browser.\n');
  await expect.poll(() => page.getByRole('status').textContent()).toBe('Unsaved changes');
  await page.keyboard.press('Control+s');
  await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved');
  expect(readFileSync(path.join(site, rel), 'utf8')).toBe(
    before + 'A line typed in the browser.\n',
  );
}

describe.skipIf(!chrome.path)('end to end in Chromium against the browser host', () => {
  let host: WebHost;
  let browser: Browser;
  let site: string;

  beforeAll(async () => {
    site = copySeedBlog();
    host = await testHost();
    browser = await launchChromium(chrome.path!);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('opens the fixture, edits a post and saves exactly that change', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(host.url);
    // The token leaves the address bar once read.
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByLabel('Site folder').fill(site);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByLabel('Search posts').waitFor();
    await editAndSave(page, site);
    expect(errors).toEqual([]);
  });

  it('shows a conflict instead of overwriting a change made on disk', async () => {
    const page = await openApp(browser, host.url, {
      prefs: { autosave: false },
      viewport: { width: 1280, height: 720 },
      errors: [],
    });
    await openByTitle(page, 'Saying No In Open Source');
    const editor = page.locator('.cm-content');
    await expect.poll(() => editor.textContent()).toContain('title');
    // Unsaved edits first; then another program changes the file; then Ctrl+S.
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('mine');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Unsaved changes');
    const rel = 'content/posts/saying-no.md';
    const { writeFileSync } = await import('node:fs');
    const theirs = readFileSync(path.join(site, rel), 'utf8') + '\nWritten by another editor.\n';
    writeFileSync(path.join(site, rel), theirs);
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/changed on disk/);
    expect(readFileSync(path.join(site, rel), 'utf8')).toBe(theirs);
  });
});

const require = createRequire(import.meta.url);
function electronBinary(): string | null {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    return existsSync(path.join(dir, 'dist', rel)) ? path.join(dir, 'dist', rel) : null;
  } catch {
    return null;
  }
}
const electron = electronBinary();
if (!electron)
  console.log(
    "SKIPPED e2e (desktop window): Electron's binary is not installed on this machine (its download host is unreachable); the browser-host run above covers the same flow",
  );

describe.skipIf(!electron || !chrome.path)('end to end in the Electron window', () => {
  it('opens the fixture, edits a post and saves exactly that change', async () => {
    const { _electron } = await import('playwright-core');
    ensureBuilt();
    const site = copySeedBlog();
    const app = await _electron.launch({
      executablePath: electron!,
      args: [path.resolve('.')],
      env: { ...process.env, QUIRE_DATA_DIR: tempDir() },
    });
    try {
      const page = await app.firstWindow();
      await page.getByLabel('Site folder').fill(site);
      await page.getByRole('button', { name: 'Open' }).click();
      await editAndSave(page, site);
    } finally {
      await app.close();
    }
  });
});
