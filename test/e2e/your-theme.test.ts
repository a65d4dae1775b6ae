import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQuireWeb } from '../helpers/app.ts';
import { chromiumPath, launchChromium, openByTitle } from '../helpers/browser.ts';
import { hugoVersion } from '../helpers/hugo.ts';
import { copyThemeBlog, listFiles, tempDir } from '../helpers/site.ts';

const chrome = chromiumPath();
const hugo = hugoVersion();
if (!chrome.path) console.log(`SKIPPED e2e (Your theme): ${chrome.why}`);
else if (!hugo.version) console.log(`SKIPPED e2e (Your theme, with Hugo): ${hugo.why}`);

const POST = 'content/posts/first-light.md';
const LONG = 'content/posts/winter-reading.md';
/** Screenshots for a person to look at (printed). */
const shots = tempDir('quire-your-theme-shots-');
console.log(`Your theme screenshots: ${shots}`);

/** Hugo's version as `1.2.3`. */
function hugoSemver(): string {
  return /v(\d+\.\d+\.\d+)/.exec(hugo.version ?? '')?.[1] ?? '';
}

async function openWithoutAutosave(page: Page, url: string, title: string) {
  await page.goto(url);
  await openByTitle(page, title);
  // The title shows in the editor pane (the form's summary, or the front matter).
  await expect.poll(() => page.locator('.editor-pane').textContent()).toContain(title);
  await page.getByLabel('Autosave').uncheck();
}

describe.skipIf(!chrome.path || !hugo.version)('Your theme: the site’s own Hugo, live', () => {
  let browser: Browser;
  let app: { child: ChildProcess; url: string };
  let site: string;
  beforeAll(async () => {
    site = copyThemeBlog();
    // A post longer than the pane (the patch test scrolls it).
    const long = path.join(site, LONG);
    writeFileSync(
      long,
      readFileSync(long, 'utf8') +
        Array.from({ length: 60 }, (_, i) => `\nParagraph ${i + 1} of a long read.\n`).join(''),
    );
    app = await startQuireWeb(site, tempDir());
    browser = await launchChromium(chrome.path!);
  });
  afterAll(async () => {
    await browser?.close();
    app?.child.kill();
  });

  it('shows unsaved text in the theme’s page, the theme’s shortcode, Hugo’s errors; the as-of date hides a scheduled post', async () => {
    const before = listFiles(site);
    const disk = readFileSync(path.join(site, POST), 'utf8');
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openWithoutAutosave(page, app.url, 'First light');
    await page.getByRole('button', { name: 'Your theme' }).click();
    const theme = page.frameLocator('iframe[title="Your theme"]');
    // The custom shortcode, rendered by the theme's own template.
    await expect
      .poll(() => theme.locator('aside.quill-callout-tip').textContent({ timeout: 500 }), {
        timeout: 20_000,
      })
      .toContain('Tip: Shortcodes render with the theme’s template.');
    await expect.poll(() => theme.locator('h1.quill-title').textContent()).toBe('First light');

    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nA sentence nobody saved yet.');
    await expect
      .poll(() => theme.locator('.quill-body').textContent({ timeout: 200 }), { timeout: 2_000 })
      .toContain('A sentence nobody saved yet.');
    expect(readFileSync(path.join(site, POST), 'utf8')).toBe(disk);
    await page.screenshot({ path: path.join(shots, 'write-your-theme.png') });

    // A shortcode the site has no template for: Hugo's error with its file and line; the
    // last good page stays.
    await page.keyboard.type('\n\n{{< nosuch >}}');
    await expect
      .poll(() => page.getByLabel('Hugo errors').textContent({ timeout: 200 }), { timeout: 5_000 })
      .toMatch(/content\/posts\/first-light\.md:15:1.*template for shortcode "nosuch" not found/);
    // The last good page stays (polled: a rebuild may be loading into the other frame).
    await expect
      .poll(() => theme.locator('.quill-body').textContent({ timeout: 500 }), { timeout: 5_000 })
      .toContain('nobody saved');
    await page.keyboard.press('Control+z');

    // A slug typed in the form, not saved: the theme's page moves to the URL it gives.
    await page.locator('button.meta-toggle').click();
    await page.getByLabel('Slug', { exact: true }).fill('dawn-notes');
    await expect
      .poll(() => page.locator('iframe[title="Your theme"]').getAttribute('src'), {
        timeout: 5_000,
      })
      .toContain('/posts/dawn-notes/?');
    await expect.poll(() => theme.locator('h1.quill-title').textContent()).toBe('First light');
    expect(readFileSync(path.join(site, POST), 'utf8')).toBe(disk);

    // The listing preview shows the theme's home page; as of a day before "Spring plans",
    // Hugo's clock leaves it out.
    await page.getByRole('button', { name: 'Listing preview' }).click();
    const home = () => theme.locator('.quill-entry h2').allTextContents();
    await expect
      .poll(home, { timeout: 10_000 })
      .toEqual(['Spring plans', 'Winter reading', 'First light']);
    await page.getByLabel('As of').fill('2024-03-01');
    await expect.poll(home, { timeout: 10_000 }).toEqual(['Winter reading', 'First light']);
    await page.screenshot({ path: path.join(shots, 'listing-your-theme-as-of.png') });
    await page.getByLabel('As of').fill('2024-03-20');
    await expect.poll(home, { timeout: 10_000 }).toContain('Spring plans');

    // Nothing was written into the site: the post and every other file are as they were.
    expect(readFileSync(path.join(site, POST), 'utf8')).toBe(disk);
    expect(listFiles(site)).toEqual(before);
    expect(errors).toEqual([]);
  });
  it('patches a new build into the page shown: scroll kept, exactly Hugo’s page, stale builds ignored', async () => {
    const disk = readFileSync(path.join(site, LONG), 'utf8');
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openWithoutAutosave(page, app.url, 'Winter reading');
    await page.getByRole('button', { name: 'Your theme' }).click();
    const frameEl = page.locator('iframe[title="Your theme"]');
    const theme = page.frameLocator('iframe[title="Your theme"]');
    await expect
      .poll(() => theme.locator('h1.quill-title').textContent({ timeout: 500 }), {
        timeout: 20_000,
      })
      .toBe('Winter reading');
    // The page shown, as the reader left it: scrolled down, with a mark a reload would lose.
    const shown = async () => (await frameEl.elementHandle())!.contentFrame();
    const scrolled = async () =>
      (await shown())!.evaluate(() => ({
        y: scrollY,
        mark: (window as unknown as { quireMark?: number }).quireMark ?? null,
      }));
    await (await shown())!.evaluate(() => {
      scrollTo(0, 400);
      (window as unknown as { quireMark: number }).quireMark = 1;
    });
    expect((await scrolled()).y).toBe(400);
    const src = await frameEl.getAttribute('src');

    // Typed, not saved: the new text shows in the same page (patched, not reloaded), at
    // the same scroll position, and the page is Hugo's new page exactly.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nA patched sentence.');
    await expect
      .poll(() => theme.locator('.quill-body').textContent({ timeout: 200 }), { timeout: 5_000 })
      .toContain('A patched sentence.');
    expect(await scrolled()).toEqual({ y: 400, mark: 1 });
    expect(await frameEl.getAttribute('src')).toBe(src);
    // The page shown is Hugo's page as served now (parsed, without Quire's script tag).
    const served = await (await fetch(src!.replace(/\?.*$/, ''))).text();
    const [live, hugos] = await (await shown())!.evaluate((html) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      doc.querySelector('script[data-quire-page]')!.remove();
      const norm = (h: string) => h.replace(/\s+/g, ' ');
      return [norm(document.documentElement.outerHTML), norm(doc.documentElement.outerHTML)];
    }, served);
    expect(live).toBe(hugos);
    expect(live).toContain('A patched sentence.');
    expect(readFileSync(path.join(site, LONG), 'utf8')).toBe(disk);

    // A part of the page the theme's scripts changed is not patched: the other frame loads
    // the new page (Hugo's, without that change), scrolled where the reader was.
    await (await shown())!.evaluate(() => {
      const b = document.querySelector('.quill-body')!;
      b.append(Object.assign(document.createElement('p'), { textContent: 'Made by a script.' }));
    });
    await page.keyboard.type(' And another.');
    await expect
      .poll(() => theme.locator('.quill-body').textContent({ timeout: 200 }), { timeout: 5_000 })
      .toContain('A patched sentence. And another.');
    expect(await theme.locator('.quill-body').textContent()).not.toContain('Made by a script.');
    await expect.poll(async () => (await scrolled()).y).toBe(400);
    expect((await scrolled()).mark).toBeNull();

    // Stale: of two updates sent back to back only the newer is answered (the older one's
    // page is dropped), and an update older than one already asked for is ignored.
    await page.evaluate(() => {
      const w = window as unknown as { quireAnswers: number[] };
      w.quireAnswers = [];
      addEventListener('message', (e) => {
        const d = e.data as { type?: string; build?: number };
        if (d?.type === 'quire-theme-patched' || d?.type === 'quire-theme-reload')
          w.quireAnswers.push(d.build!);
      });
      const f = document.querySelector<HTMLIFrameElement>('iframe[title="Your theme"]')!;
      f.contentWindow!.postMessage({ type: 'quire-theme-update', build: 1_000_001 }, '*');
      f.contentWindow!.postMessage({ type: 'quire-theme-update', build: 1_000_002 }, '*');
      f.contentWindow!.postMessage({ type: 'quire-theme-update', build: 1_000_000 }, '*');
    });
    const answers = () =>
      page.evaluate(() => (window as unknown as { quireAnswers: number[] }).quireAnswers);
    await expect.poll(answers).toContain(1_000_002);
    await page.evaluate(() =>
      document
        .querySelector<HTMLIFrameElement>('iframe[title="Your theme"]')!
        .contentWindow!.postMessage({ type: 'quire-theme-update', build: 1_000_003 }, '*'),
    );
    await expect.poll(answers).toContain(1_000_003);
    expect(await answers()).toEqual([1_000_002, 1_000_003]);

    // That frame now waits for builds it will never get: the app loads the next build
    // into the other frame after a while, so the text still shows.
    await page.keyboard.type(' Still shown.');
    await expect
      .poll(() => theme.locator('.quill-body').textContent({ timeout: 200 }), { timeout: 10_000 })
      .toContain('And another. Still shown.');
    expect(readFileSync(path.join(site, LONG), 'utf8')).toBe(disk);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!chrome.path)('Your theme without Hugo', () => {
  it('says so in one line and keeps Quire’s own preview', async () => {
    const site = copyThemeBlog();
    const empty = tempDir();
    const dataDir = tempDir();
    const app = await startQuireWeb(site, dataDir, { PATH: empty, QUIRE_HUGO: '' });
    const browser = await launchChromium(chrome.path!);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await openWithoutAutosave(page, app.url, 'First light');
      await page.getByRole('button', { name: 'Your theme' }).click();
      await expect
        .poll(() => page.getByRole('note', { name: 'Your theme' }).textContent())
        .toBe("Hugo is not installed (no hugo on PATH); showing Quire's preview");
      await expect
        .poll(() =>
          page
            .frameLocator('iframe[title="Preview"]')
            .locator('body')
            .textContent({ timeout: 500 }),
        )
        .toContain('Shortcodes render with');
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.locator('iframe[title="Your theme"]').count()).toBe(0);
      expect(errors).toEqual([]);

      if (!hugo.version) {
        console.log(`SKIPPED the Hugo program in Settings: ${hugo.why}`);
        return;
      }
      // The Hugo program set in Settings: a wrong one says why in one line and is not
      // saved; Hugo's own path shows its version, is saved, and "Your theme" then works.
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const line = page.getByRole('status', { name: 'Hugo' });
      await expect.poll(() => line.textContent()).toBe('Hugo is not installed (no hugo on PATH)');
      const field = page.getByLabel('Hugo program');
      const use = page.getByRole('button', { name: 'Use this Hugo' });
      await field.fill('/nowhere/hugo');
      await use.click();
      await expect
        .poll(() => line.textContent())
        .toBe('Hugo is not installed (no hugo at /nowhere/hugo)');
      await field.fill('hugo');
      await field.press('Enter');
      await expect
        .poll(() => line.textContent())
        .toBe('hugo: give the full path of the hugo program, e.g. /usr/local/bin/hugo');
      const settings = () =>
        JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as {
          hugoPath?: string;
        };
      expect(settings().hugoPath).toBeUndefined();
      const bin = spawnSync('sh', ['-c', 'command -v hugo'], { encoding: 'utf8' }).stdout.trim();
      await field.fill(bin);
      await use.click();
      await expect.poll(() => line.textContent()).toMatch(/^Hugo 0\.\d+\.\d+ at \//);
      expect(await line.textContent()).toBe(`Hugo ${hugoSemver()} at ${bin}`);
      expect(settings().hugoPath).toBe(bin);
      await page.screenshot({ path: path.join(shots, 'settings-hugo.png') });
      await page.getByRole('button', { name: 'Write', exact: true }).click();
      await page.getByRole('button', { name: 'Your theme' }).click();
      await expect
        .poll(
          () =>
            page
              .frameLocator('iframe[title="Your theme"]')
              .locator('h1.quill-title')
              .textContent({ timeout: 500 }),
          { timeout: 20_000 },
        )
        .toBe('First light');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      app.child.kill();
    }
  });
});
