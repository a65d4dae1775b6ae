import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost } from '../helpers/app.ts';
import type { WebHost } from '../../electron/web/server.ts';
import { chromiumPath, ensureBuilt, launchChromium } from '../helpers/browser.ts';
import { copySeedBlog } from '../helpers/site.ts';
import { COMMAND_IDS } from '../../shared/ipc/commands.ts';

// The writing surface (issue 17), driven from the keyboard only, as a user coming from
// Obsidian, Typora or iA Writer would: room to write, the palette and the switcher.

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (writing surface): ${chrome.why}`);

const read = (site: string, rel: string) => readFileSync(path.join(site, rel), 'utf8');
const frontMatter = (t: string) => t.slice(0, t.indexOf('\n---', 4) + 5);

describe.skipIf(!chrome.path)('the writing surface, from the keyboard', () => {
  let browser: Browser;
  beforeAll(async () => {
    ensureBuilt();
    browser = await launchChromium(chrome.path!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function start(prefs: object = {}): Promise<{ p: Page; site: string; host: WebHost }> {
    const site = copySeedBlog();
    const host = await testHost(site);
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    p.on('pageerror', (e) => {
      throw e;
    });
    await p.addInitScript(
      (x) => localStorage.setItem('quire-prefs', JSON.stringify(x)),
      prefs as Record<string, unknown>,
    );
    await p.goto(host.url);
    await p.getByLabel('Search posts').waitFor();
    return { p, site, host };
  }
  const focused = (p: Page) =>
    p.evaluate(() => {
      const a = document.activeElement;
      if (a?.closest('.cm-content')) return 'editor';
      return a?.id || a?.getAttribute('aria-label') || a?.tagName || null;
    });
  /** Lines CodeMirror shows (front matter hidden behind its note is not among them). */
  const shownLines = (p: Page) =>
    p.evaluate(() =>
      [...document.querySelectorAll('.editor-pane .cm-line')].map((l) => l.textContent),
    );

  it('room to write: a one-line summary, hidden front matter no key can corrupt, the form on Ctrl+Alt+M', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 300 });
    try {
      // New post: the title field, then straight into the new post's body.
      await p.keyboard.press('Control+Alt+n');
      await expect.poll(() => focused(p)).toBe('New post title');
      await p.keyboard.type('Room to write');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('editor');
      const rel = 'content/posts/room-to-write.md';
      const fm = frontMatter(read(site, rel));
      expect(fm).toContain('title:');
      // The form is one line; the editor has the height.
      const summary = p.locator('.meta-toggle');
      await expect.poll(() => summary.textContent()).toMatch(/^▸Room to write · .+ · draft$/);
      expect(await summary.getAttribute('aria-expanded')).toBe('false');
      const editorBox = (await p.locator('.editor-pane .editor').boundingBox())!;
      const paneBox = (await p.locator('.write-pane').boundingBox())!;
      expect(editorBox.height / paneBox.height).toBeGreaterThan(0.85);
      // The front matter is a quiet note, not lines of text.
      await expect
        .poll(() => p.locator('.cm-front-matter-hidden').textContent())
        .toContain('title');
      expect((await shownLines(p)).some((l) => l?.includes('title:'))).toBe(false);

      // Every key that could reach it: Home, Backspace, Delete, Tab, select all and type.
      await p.keyboard.type('First words.');
      await p.keyboard.press('Control+Home');
      for (const key of ['Backspace', 'Backspace', 'ArrowUp', 'Delete', 'Tab', 'Shift+Tab'])
        await p.keyboard.press(key);
      await p.keyboard.type('Start: ');
      await expect.poll(() => read(site, rel)).toContain('Start: ');
      expect(frontMatter(read(site, rel))).toBe(fm);
      await p.keyboard.press('Control+a');
      await p.keyboard.type('All new body.');
      await expect.poll(() => read(site, rel)).toBe(`${fm}All new body.`);

      // The form opens on Ctrl+Alt+M with the title focused; an edit there changes its line.
      await p.keyboard.press('Control+Alt+m');
      await expect.poll(() => focused(p)).toBe('meta-title');
      expect(await summary.getAttribute('aria-expanded')).toBe('true');
      await p.keyboard.press('Control+a');
      await p.keyboard.type('Room to write, renamed');
      await expect.poll(() => read(site, rel)).toMatch(/title: "?Room to write, renamed/);
      expect(read(site, rel).endsWith('\n---\nAll new body.')).toBe(true);
      // And closes on Ctrl+Alt+M, back in the text where the cursor was.
      await p.keyboard.press('Control+Alt+m');
      await expect.poll(() => focused(p)).toBe('editor');
      await expect.poll(() => p.locator('#meta-form').count()).toBe(0);
      await expect.poll(() => summary.textContent()).toContain('Room to write, renamed');

      // Shown on request (Ctrl+Alt+Shift+M), it is quiet metadata and edits as text.
      await p.keyboard.press('Control+Alt+Shift+m');
      await expect.poll(() => p.locator('.cm-line.cm-front-matter').count()).toBe(5);
      expect(await p.locator('.cm-front-matter-hidden').count()).toBe(0);
      const style = await p
        .locator('.cm-line.cm-front-matter')
        .nth(1)
        .evaluate((el) => {
          const inner = el.querySelector('span') ?? el;
          const s = getComputedStyle(inner);
          return `${s.fontWeight}|${s.textDecorationLine}`;
        });
      expect(style).toBe('400|none');
      await p.keyboard.press('Control+Alt+Shift+m');
      await expect.poll(() => p.locator('.cm-front-matter-hidden').count()).toBe(1);

      // Switching views mid-typing and back keeps every word, front matter still whole.
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' Mid-typing');
      await p.keyboard.press('Alt+2');
      await p.keyboard.press('Alt+1');
      await expect.poll(() => read(site, rel)).toContain('All new body. Mid-typing');
      expect(frontMatter(read(site, rel))).toMatch(/title: "?Room to write, renamed/);
      expect(
        readdirSync(path.join(site, 'content/posts')).filter((f) => f.includes('room')),
      ).toEqual(['room-to-write.md']);
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('palette and switcher: run "New Post" and switch posts by title, path and tag, keys only', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 300 });
    try {
      const palette = p.getByRole('dialog');
      const options = palette.getByRole('option');
      // Every command of the registry is there (but the palette itself).
      const before = await focused(p);
      await p.keyboard.press('Control+Shift+p');
      await expect.poll(() => focused(p)).toBe('Run a command');
      expect(await options.count()).toBe(COMMAND_IDS.length - 1);
      // Escape goes back where the focus was.
      await p.keyboard.press('Escape');
      await expect.poll(() => palette.count()).toBe(0);
      await expect.poll(() => focused(p)).toBe(before);

      // "nwpst" finds New Post; Enter runs it, and the new post is written from the keyboard.
      await p.keyboard.press('Control+Shift+p');
      await p.keyboard.type('nwpst');
      await expect.poll(() => options.first().textContent()).toMatch(/^New Post/);
      expect(await options.first().getAttribute('aria-selected')).toBe('true');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('New post title');
      await p.keyboard.type('From the palette');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('editor');
      await p.keyboard.type('Typed after the palette.');
      await expect
        .poll(() => read(site, 'content/posts/from-the-palette.md'))
        .toContain('Typed after the palette.');

      // The switcher from inside the editor: a fuzzy title.
      await p.keyboard.press('Control+p');
      await expect.poll(() => focused(p)).toBe('Go to a post');
      await p.keyboard.type('prxy lyrs');
      await expect.poll(() => options.first().textContent()).toMatch(/^Proxy Layers/);
      await p.keyboard.press('Enter');
      await expect
        .poll(() => p.locator('.editor-bar .path').textContent())
        .toContain('proxy-layers.md');
      await expect.poll(() => focused(p)).toBe('editor');
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' Switched.');
      await expect.poll(() => read(site, 'content/posts/proxy-layers.md')).toMatch(/ Switched\.$/);
      // A path, then a tag plus a word with the arrow keys.
      await p.keyboard.press('Control+p');
      await p.keyboard.type('saying-no.md');
      await p.keyboard.press('Enter');
      await expect
        .poll(() => p.locator('.editor-bar .path').textContent())
        .toContain('saying-no.md');
      await p.keyboard.press('Control+p');
      await p.keyboard.type('builds go');
      await expect.poll(() => options.count()).toBeGreaterThan(1);
      expect(await options.first().locator('.detail').textContent()).toContain('builds');
      const second = (await options.nth(1).locator('.label').textContent())!;
      await p.keyboard.press('ArrowDown');
      expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
      await p.keyboard.press('Enter');
      await expect.poll(() => p.locator('.meta-toggle').textContent()).toContain(second);

      // A command from the palette while writing: Toggle Preview, twice.
      await expect.poll(() => p.locator('iframe[title="Preview"]').count()).toBe(1);
      for (const want of [0, 1]) {
        await p.keyboard.press('Control+Shift+p');
        await p.keyboard.type('toggle preview');
        await p.keyboard.press('Enter');
        await expect.poll(() => p.locator('iframe[title="Preview"]').count()).toBe(want);
        await expect.poll(() => focused(p)).toBe('editor');
      }
      // Nothing typed was lost on the way.
      expect(read(site, 'content/posts/from-the-palette.md')).toContain('Typed after the palette.');
    } finally {
      await p.close();
      await host.close();
    }
  });
});
