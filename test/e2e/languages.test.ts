import { cpSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../electron/web/server.ts';
import { chromiumPath, launchChromium } from '../helpers/browser.ts';
import { testHost } from '../helpers/app.ts';
import { tempDir } from '../helpers/site.ts';

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (languages): ${chrome.why}`);

/** The listing preview's entries: title and the URL each links to. */
async function shownEntries(page: Page) {
  const frame = page.frameLocator('iframe[title="Listing preview"]');
  await frame.locator('article.post-entry').first().waitFor();
  return frame
    .locator('article.post-entry h2 a')
    .evaluateAll((els) => els.map((a) => `${a.textContent!.trim()} ${a.getAttribute('href')}`));
}

describe.skipIf(!chrome.path)('a two-language site, end to end in Chromium', () => {
  let host: WebHost;
  let browser: Browser;
  beforeAll(async () => {
    const site = path.join(tempDir('quire-e2e-langs-'), 'site');
    cpSync(path.resolve(__dirname, '../fixtures/bilingual-blog'), site, { recursive: true });
    host = await testHost(site);
    browser = await launchChromium(chrome.path!);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it("the Language picker switches the listing preview to that language's posts at their URLs; the archive shows translations", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    // The archive: each post's language and the languages it is translated into.
    const row = (title: string) =>
      page.getByRole('option').filter({ hasText: title }).locator('.badge.lang');
    await expect.poll(() => row('Mon voyage').textContent()).toBe('fr · en');
    await expect.poll(() => row('On cheese').textContent()).toBe('en · fr');
    await expect.poll(() => row('Only in English').textContent()).toBe('en');

    await page.getByRole('button', { name: 'Listing preview' }).click();
    await page.getByLabel('As of').fill('2025-01-01');
    const language = page.getByLabel('Language');
    await expect.poll(() => language.inputValue()).toBe('en');
    await expect
      .poll(() => shownEntries(page))
      .toEqual([
        'My trip /posts/my-trip/',
        'Only in English /posts/english-only/',
        'On cheese /posts/cheese/',
        'Hello /posts/hello/',
        'First note /posts/notes/first/',
      ]);
    const siteTitle = () =>
      page.frameLocator('iframe[title="Listing preview"]').locator('.site-title').textContent();
    await expect.poll(siteTitle).toBe('Bilingual Blog');

    await language.selectOption('fr');
    await expect
      .poll(() => shownEntries(page))
      .toEqual([
        'Mon voyage /fr/posts/my-trip/',
        'Seulement en français /fr/posts/solo/',
        'Du fromage /fr/posts/fromage/',
        'Bonjour /fr/posts/hello/',
        'Première note /fr/posts/notes/first/',
      ]);
    await expect.poll(siteTitle).toBe('Blog bilingue');
    // French listings only: its own tag, and its sections from the _index.fr.md files.
    const options = () =>
      page
        .getByLabel('Listing')
        .locator('option')
        .evaluateAll((els) => els.map((e) => e.textContent));
    await expect.poll(options).toContain('tags/voyage');
    expect(await options()).not.toContain('tags/travel');
    await page.getByLabel('Listing').selectOption('posts');
    await expect
      .poll(() =>
        page
          .frameLocator('iframe[title="Listing preview"]')
          .locator('.page-header h1')
          .textContent(),
      )
      .toBe('Articles en français');

    // Clicking a French entry opens its file.
    await page.getByLabel('Listing').selectOption('home');
    await page.frameLocator('iframe[title="Listing preview"]').getByText('Mon voyage').click();
    await expect
      .poll(() => page.locator('.editor-bar .path').textContent())
      .toContain('content/posts/my-trip/index.fr.md');
    // Its folder holds the English page too: a delete would take this file only.
    await page.getByRole('button', { name: 'Delete…' }).click();
    await expect
      .poll(() => page.locator('.confirm-delete').textContent())
      .toMatch(/^Delete this post\? /);
    await page.getByRole('button', { name: 'Keep' }).click();
  });
});
