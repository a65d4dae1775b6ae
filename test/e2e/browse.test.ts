import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../electron/web/server.ts';
import { chromiumPath, launchChromium } from '../helpers/browser.ts';
import { copySeedBlog, seedBlog, tempDir } from '../helpers/site.ts';
import { testHost } from '../helpers/app.ts';

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (browse and publish): ${chrome.why}`);

const expected = (name: string) =>
  (
    JSON.parse(readFileSync(path.join(seedBlog, 'expected', name), 'utf8')) as {
      entries: { title: string; summary: string; truncated: boolean; meta: string }[];
    }
  ).entries.map((e) => ({
    title: e.title,
    summary: e.summary + (e.truncated ? '...' : ''),
    meta: e.meta,
  }));

async function shownEntries(page: Page) {
  const frame = page.frameLocator('iframe[title="Listing preview"]');
  await frame.locator('article.post-entry').first().waitFor();
  return frame.locator('article.post-entry').evaluateAll((els) =>
    els.map((el) => ({
      title: el.querySelector('h2')!.textContent!.trim(),
      summary: (el.querySelector('.entry-content')?.textContent ?? '').trim(),
      meta: el.querySelector('.entry-footer')!.textContent!.trim(),
    })),
  );
}

describe.skipIf(!chrome.path)('browse and publish, end to end in Chromium', () => {
  let host: WebHost;
  let browser: Browser;
  let site: string;
  beforeAll(async () => {
    site = copySeedBlog();
    host = await testHost(site);
    browser = await launchChromium(chrome.path!);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('the listing preview shows the published pages as of a date; clicking an entry opens the post', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Listing preview' }).click();
    await page.getByLabel('As of').fill('2024-01-10');
    await expect.poll(() => shownEntries(page)).toEqual(expected('home-2024-01-10-paragraph.json'));
    await page.getByLabel('Listing').selectOption('tags/builds');
    await expect
      .poll(() => shownEntries(page))
      .toEqual(expected('tags-builds-2024-01-10-paragraph.json'));
    await page.getByLabel('Listing').selectOption('home');
    await page.getByLabel('As of').fill('2024-04-30');
    await expect.poll(() => shownEntries(page)).toEqual(expected('home-2024-04-30-paragraph.json'));
    await expect.poll(() => page.getByLabel('Page number').textContent()).toBe('page 1 of 3');
    await page
      .frameLocator('iframe[title="Listing preview"]')
      .getByText('Securing Prometheus with Istio Ambient')
      .click();
    await expect
      .poll(() => page.locator('.editor-bar .path').textContent())
      .toContain('content/posts/securing-prometheus-with-ambient.md');
    await expect
      .poll(() => page.locator('.editor-pane').textContent())
      .toContain('Securing Prometheus with Istio Ambient');
  });

  it('search finds posts by their text; filtering by tag go shows 7 posts', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.getByLabel('Search posts').fill('buildkit');
    await expect
      .poll(() => page.locator('.archive-list .post-title').allTextContents())
      .toContain('Building a lot of docker images');
    await page.getByLabel('Search posts').fill('');
    await page.getByLabel('Tag').selectOption('go');
    await expect.poll(() => page.getByLabel('Result count').textContent()).toBe('7 posts');
    const titles = await page.locator('.archive-list .post-title').allTextContents();
    expect(titles).toContain('Ergonomic Map in Go');
    expect(titles).not.toContain('Saying No In Open Source');
  });

  it('exporting from the app fills the progress bar to 100% and the folder holds the site', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const out = path.join(tempDir(), 'public');
    await page.getByLabel('Export to').fill(out);
    await page.getByLabel('Export as of').fill('2024-04-30');
    await page.locator('form').getByRole('button', { name: 'Export' }).click();
    await expect
      .poll(
        () => page.getByLabel('Export progress').evaluate((el: HTMLProgressElement) => el.value),
        { timeout: 20_000 },
      )
      .toBe(100);
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toMatch(/^Exported \d+ pages, \d+ files/);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'page/3/index.html'))).toBe(true);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain(
      'Testing a Kubernetes Networking Implementation Without Kubernetes',
    );
  });
});
