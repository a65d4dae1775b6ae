import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHost } from '../helpers/app.ts';
import type { WebHost } from '../../electron/web/server.ts';
import { chromiumPath, ensureBuilt, launchChromium } from '../helpers/browser.ts';
import { copySeedBlog } from '../helpers/site.ts';

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
      await expect.poll(() => p.locator('.cm-front-matter-hidden').textContent()).toContain('title');
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
      expect(readdirSync(path.join(site, 'content/posts')).filter((f) => f.includes('room'))).toEqual(
        ['room-to-write.md'],
      );
    } finally {
      await p.close();
      await host.close();
    }
  });
});
