import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../electron/web/server.ts';
import { chromiumPath, launchChromium } from '../helpers/browser.ts';
import { walk } from '../helpers/html.ts';
import { copySeedBlog, tempDir } from '../helpers/site.ts';
import { writeCorpus } from '../bench/corpus.ts';
import { testHost } from '../helpers/app.ts';

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (export safety): ${chrome.why}`);

/** Every file of a folder with its bytes, to prove nothing in it changed. */
function snapshot(dir: string): Map<string, Buffer> {
  return new Map(walk(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
}

describe.skipIf(!chrome.path)(
  'export writes only where the user chose (Chromium, browser host)',
  () => {
    let host: WebHost;
    let browser: Browser;
    let site: string;
    let top: string;
    beforeAll(async () => {
      site = copySeedBlog();
      top = path.dirname(site);
      host = await testHost(site);
      browser = await launchChromium(chrome.path!);
    });
    afterAll(async () => {
      await browser?.close();
      await host?.close();
    });

    async function openExport(): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(host.url);
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      return page;
    }
    const exportButton = (page: Page) =>
      page.locator('form').getByRole('button', { name: 'Export' });
    /** Files next to the site (exports, temp files), the site itself left out. */
    const besideSite = () => readdirSync(top).filter((f) => f !== 'site');

    it('choosing .zip proposes <site>-<date>.zip; exporting writes that file and no temporary file', async () => {
      const page = await openExport();
      await page.getByLabel('a .zip file').check();
      await page.getByLabel('Export as of').fill('2024-04-30');
      await expect
        .poll(() => page.getByLabel('Export to').inputValue())
        .toBe(`${site}-2024-04-30.zip`);
      await exportButton(page).click();
      await expect
        .poll(() => page.getByRole('status').textContent(), { timeout: 20_000 })
        .toMatch(/^Exported \d+ pages, \d+ files/);
      await expect
        .poll(() =>
          page.getByLabel('Export progress').evaluate((el: HTMLProgressElement) => el.value),
        )
        .toBe(100);
      const zip = path.join(top, 'site-2024-04-30.zip');
      const entries = unzipSync(readFileSync(zip));
      expect(Buffer.from(entries['index.html']!).toString('utf8')).toContain(
        'Testing a Kubernetes Networking Implementation Without Kubernetes',
      );
      expect(besideSite()).toEqual(['site-2024-04-30.zip']);
      await page.getByLabel('a folder').check();
      await expect.poll(() => page.getByLabel('Export to').inputValue()).toBe(`${site}-public`);
    });

    it('a folder given for a .zip is refused with a clear message before anything runs', async () => {
      const folder = path.join(top, 'exports');
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'keep.txt'), 'mine');
      const page = await openExport();
      await page.getByLabel('a .zip file').check();
      await page.getByLabel('Export to').fill(folder);
      await exportButton(page).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe(
          `${folder}: this is a folder; a .zip export needs a file name, e.g. ${path.join(folder, 'site.zip')}; nothing was exported`,
        );
      expect(readdirSync(folder)).toEqual(['keep.txt']);
      await expect.poll(() => page.getByRole('status').count()).toBe(0);
      // A path that names no .zip file is refused too, and nothing is created.
      await page.getByLabel('Export to').fill(path.join(top, 'new-folder'));
      await exportButton(page).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('a .zip export needs a file name ending in .zip');
      expect(besideSite().sort()).toEqual(['exports', 'site-2024-04-30.zip']);
    });

    it('a cancelled .zip export leaves no zip and no temporary file', async () => {
      // A site big enough that the export is still rendering when Cancel is clicked.
      const big = path.join(tempDir(), 'big');
      writeCorpus(big, 1500, 400);
      const bigHost = await testHost(big);
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(bigHost.url);
        await page.getByRole('button', { name: 'Export', exact: true }).click();
        await page.getByLabel('a .zip file').check();
        await exportButton(page).click();
        await page.getByRole('button', { name: 'Cancel' }).click({ force: true, timeout: 5000 });
        await expect
          .poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 })
          .toBe('Cancelled: the output was left as it was.');
        expect(readdirSync(path.dirname(big))).toEqual(['big']);
      } finally {
        await bigHost.close();
      }
    });

    it('a failed .zip export shows why and leaves no temporary file', async () => {
      const blocker = path.join(top, 'blocker');
      writeFileSync(blocker, 'a file where a folder would go');
      const page = await openExport();
      await page.getByLabel('a .zip file').check();
      await page.getByLabel('Export to').fill(path.join(blocker, 'site.zip'));
      await exportButton(page).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe(
          `${path.join(blocker, 'site.zip')}: could not write the export (a file is in the way of a folder on that path); nothing was exported`,
        );
      expect(readFileSync(blocker, 'utf8')).toBe('a file where a folder would go');
      expect(besideSite().filter((f) => /tmp/.test(f))).toEqual([]);
      expect(walk(top).filter((f) => /tmp/.test(f))).toEqual([]);
    });

    it.each([
      ['a .zip over hugo.toml', 'zip', 'hugo.toml', 'this is the site’s config file'],
      [
        'a .zip over a post',
        'zip',
        'content/posts/securing-prometheus-with-ambient.md',
        'this is inside the site’s content folder; choose a place outside them (e.g. public/)',
      ],
      [
        'a folder inside the content folder',
        'folder',
        'content/posts',
        'this is inside the site’s content folder; choose a place outside them (e.g. public/)',
      ],
      [
        'the site folder itself',
        'folder',
        '.',
        'this is the site folder or holds it; choose another place',
      ],
    ])('%s is refused and the site is unchanged', async (_, kind, rel, why) => {
      const before = snapshot(site);
      const page = await openExport();
      if (kind === 'zip') await page.getByLabel('a .zip file').check();
      const target = path.join(site, rel);
      await page.getByLabel('Export to').fill(target);
      await exportButton(page).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe(`${target}: ${why}; nothing was exported`);
      const after = snapshot(site);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes), f).toBe(true);
    });

    it('an existing file that is not an earlier export is refused; the earlier .zip export may be replaced', async () => {
      const notes = path.join(top, 'notes.zip');
      writeFileSync(notes, 'my notes, not an export');
      const page = await openExport();
      await page.getByLabel('a .zip file').check();
      await page.getByLabel('Export to').fill(notes);
      await exportButton(page).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe(
          `${notes}: a file with this name exists and is not an earlier Quire export; choose a new name; nothing was exported`,
        );
      expect(readFileSync(notes, 'utf8')).toBe('my notes, not an export');
      const earlier = path.join(top, 'site-2024-04-30.zip');
      await page.getByLabel('Export to').fill(earlier);
      await exportButton(page).click();
      await expect
        .poll(() => page.getByRole('status').textContent(), { timeout: 20_000 })
        .toMatch(/^Exported \d+ pages/);
      expect(Object.keys(unzipSync(readFileSync(earlier)))).toContain('index.html');
    });
  },
);
