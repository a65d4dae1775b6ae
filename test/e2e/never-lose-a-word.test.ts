import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/services/settings.ts';
import { startWebHost } from '../../electron/web/server.ts';
import type { WebHost } from '../../electron/web/server.ts';
import { testHost } from '../helpers/app.ts';
import { chromiumPath, ensureBuilt, openApp, openByTitle } from '../helpers/browser.ts';
import { useChromium } from '../helpers/e2e.ts';
import { copySeedBlog, tempDir } from '../helpers/site.ts';

// The sequences that lost or corrupted text in the first version (issue 10), done as a
// user does them, each checked on the file on disk and on what the page shows.

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (never lose a word): ${chrome.why}`);

const read = (site: string, rel: string) => readFileSync(path.join(site, rel), 'utf8');

describe.skipIf(!chrome.path)('never lose a word, end to end in Chromium', () => {
  const browser = useChromium();

  async function start(
    prefs: object,
    site = copySeedBlog(),
  ): Promise<{ p: Page; site: string; host: WebHost }> {
    const host = await testHost(site);
    // These sequences type into the front matter and the form: both in sight (the
    // hidden front matter's own guards are test/e2e/writing-surface.test.ts).
    const p = await openApp(browser(), host.url, {
      prefs: { metaExpanded: true, hideFrontMatter: false, ...prefs },
      errors: [],
    });
    return { p, site, host };
  }

  async function open(p: Page, title: string): Promise<void> {
    await openByTitle(p, title);
    await expect.poll(() => p.locator('.editor-bar .path').textContent()).toBeTruthy();
    // This post, not the one open before: its title is in the pane (text or the form).
    const shown = async () =>
      `${await p.locator('.editor-pane').textContent()}\n${await p
        .locator('#meta-title')
        .inputValue({ timeout: 200 })
        .catch(() => '')}`;
    await expect.poll(shown).toContain(title);
    await expect.poll(() => p.locator('.cm-content').textContent()).toContain('title');
  }

  const views = (p: Page, name: string) =>
    p.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

  async function typeAtEnd(p: Page, text: string): Promise<void> {
    await p.locator('.cm-content').click();
    await p.keyboard.press('Control+End');
    await p.keyboard.type(text);
  }

  /** The editor's lines in view (CodeMirror renders only those), joined with line breaks. */
  async function editorText(p: Page): Promise<string> {
    return p.evaluate(() =>
      [...document.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent).join('\n'),
    );
  }

  it('1. switching views right after typing keeps the text (autosave off), and typing still reaches the preview', async () => {
    const { p, site, host } = await start({ autosave: false });
    try {
      const rel = 'content/posts/kubernetes-tools.md';
      const before = read(site, rel);
      await open(p, 'Useful tools for Kubernetes');
      await typeAtEnd(p, 'A sentence typed just before switching views.');
      await views(p, 'Listing preview').click();
      await views(p, 'Write').click();
      await expect
        .poll(() => editorText(p))
        .toContain('A sentence typed just before switching views.');
      await expect.poll(() => p.getByRole('status').textContent()).toContain('Unsaved changes');
      expect(read(site, rel)).toBe(before);
      // Write → Check → Write on the same post: typing still reaches the preview.
      await views(p, 'Check').click();
      await views(p, 'Write').click();
      await typeAtEnd(p, ' Still live after two switches.');
      await expect
        .poll(() => p.frameLocator('iframe[title="Preview"]').locator('#root').textContent())
        .toContain('Still live after two switches.');
      await p.keyboard.press('Control+s');
      await expect
        .poll(() => read(site, rel))
        .toContain('A sentence typed just before switching views. Still live after two switches.');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('1b. typing at the end of a long post keeps the cursor in view while the preview follows', async () => {
    const { p, host } = await start({ autosave: false });
    try {
      await open(p, 'Analyzing Go Build Times');
      await typeAtEnd(p, '\nSee {{< ref "saying-no.md" >}} and\n\nThe last words of a long post.');
      await expect
        .poll(() => p.frameLocator('iframe[title="Preview"]').locator('#root').textContent())
        .toContain('The last words of a long post.');
      const inView = () =>
        p.evaluate(() => {
          const cursor = document.querySelector(
            '.editor-pane .cm-cursor, .editor-pane .cm-activeLine',
          );
          const scroller = document.querySelector('.editor-pane .cm-scroller');
          if (!cursor || !scroller) return false;
          const c = cursor.getBoundingClientRect();
          const s = scroller.getBoundingClientRect();
          return c.top >= s.top - 2 && c.bottom <= s.bottom + 2;
        });
      await expect.poll(inView).toBe(true);
      // And it stays there once the preview has scrolled to the same place.
      await p.keyboard.type(' More.');
      await expect
        .poll(() => p.frameLocator('iframe[title="Preview"]').locator('#root').textContent())
        .toContain('long post. More.');
      expect(await inView()).toBe(true);
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('2. a form edit survives a view switch and opening another post (never reverted on disk)', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 800 });
    try {
      const rel = 'content/posts/ergonomic-map.md';
      await open(p, 'Ergonomic Map in Go');
      await p.getByLabel('Title', { exact: true }).fill('Ergonomic Map in Go, edited in the form');
      await views(p, 'Listing preview').click();
      await views(p, 'Write').click();
      await open(p, 'Proxy Layers');
      await expect.poll(() => read(site, rel)).toContain('Ergonomic Map in Go, edited in the form');
      // Time for any stale save to land: the title is still the edited one.
      await expect.poll(() => p.getByRole('status').textContent()).not.toBe('Saving…');
      expect(read(site, rel)).toContain('Ergonomic Map in Go, edited in the form');
      await open(p, 'Ergonomic Map in Go, edited in the form');
      await expect
        .poll(() => p.getByLabel('Title', { exact: true }).inputValue())
        .toBe('Ergonomic Map in Go, edited in the form');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('3. tabbing into the editor and pressing Tab again never touches the front matter', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 500 });
    try {
      const rel = 'content/posts/go-binary-size.md';
      const before = read(site, rel);
      await open(p, 'Analyzing Go Binary Sizes');
      // A keyboard user: focus the last form field, then Tab into the editor and Tab again.
      await p.getByLabel('Description').focus();
      for (let i = 0; i < 8; i++) {
        await p.keyboard.press('Tab');
        const inEditor = await p.evaluate(() => !!document.activeElement?.closest('.cm-content'));
        if (inEditor) break;
      }
      expect(await p.evaluate(() => !!document.activeElement?.closest('.cm-content'))).toBe(true);
      await p.keyboard.press('Tab');
      await p.keyboard.press('Tab');
      // Typing lands in the body, not in the front matter.
      await p.locator('.cm-content').focus();
      await p.keyboard.type('Typed by a keyboard user. ');
      await expect
        .poll(() => read(site, rel), { timeout: 10_000 })
        .toContain('Typed by a keyboard user.');
      const after = read(site, rel);
      const fm = (t: string) => t.slice(0, t.indexOf('\n---', 4) + 4);
      expect(fm(after)).toBe(fm(before));
      expect(after.startsWith('---\n')).toBe(true);
      // Once typing, Tab on a --- line does nothing; in the body it indents.
      await p.keyboard.press('Control+Home');
      await p.keyboard.press('Tab');
      expect((await editorText(p)).startsWith('---\n')).toBe(true);
      expect(await p.evaluate(() => !!document.activeElement?.closest('.cm-content'))).toBe(true);
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('3b. a change that breaks the front matter is held back from autosave, with one action to save anyway', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 400 });
    try {
      const rel = 'content/posts/saying-no.md';
      const before = read(site, rel);
      await open(p, 'Saying No In Open Source');
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+Home');
      await p.keyboard.press('Delete');
      await expect
        .poll(() => p.getByRole('status').textContent(), { timeout: 10_000 })
        .toContain('Not saved automatically');
      expect(read(site, rel)).toBe(before);
      await p.getByRole('button', { name: 'Save anyway' }).click();
      await expect.poll(() => read(site, rel)).toBe(before.slice(1));
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('4. an invalid date or a duplicate slug from the form is shown and never written', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 400 });
    try {
      const rel = 'content/posts/optimal-ci-cd.md';
      const before = read(site, rel);
      await open(p, 'An optimal CI/CD system');
      await p.getByLabel('Date', { exact: true }).fill('2024-13-45');
      await expect.poll(() => p.getByText('is not a date Hugo can read').isVisible()).toBe(true);
      await p.getByLabel('Slug', { exact: true }).fill('proxy-layers');
      await expect.poll(() => p.getByText('already has the URL').isVisible()).toBe(true);
      // Type in the body so autosave has something to write: the invalid values stay out.
      await typeAtEnd(p, ' Body text.');
      await expect.poll(() => read(site, rel), { timeout: 10_000 }).toContain('Body text.');
      const saved = read(site, rel);
      expect(saved).not.toContain('2024-13-45');
      expect(saved).not.toContain('slug: proxy-layers');
      expect(saved.slice(0, 200)).toBe(before.slice(0, 200));
      // The invalid value stays in the field across a view switch, still unsaved.
      await views(p, 'Check').click();
      await views(p, 'Write').click();
      await expect
        .poll(() => p.getByLabel('Date', { exact: true }).inputValue())
        .toBe('2024-13-45');
      // Made valid, it is written.
      await p.getByLabel('Date', { exact: true }).fill('2024-03-05');
      await expect.poll(() => read(site, rel), { timeout: 10_000 }).toContain('2024-03-05');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('6. the recovery journal follows a bundle conversion and never offers text equal to the file', async () => {
    const site = copySeedBlog();
    const dataDir = tempDir();
    const rendererDir = ensureBuilt();
    const host = () =>
      startWebHost({
        port: 0,
        rendererDir,
        site,
        settings: new SettingsStore(dataDir),
        cacheDir: null,
      });
    const first = await host();
    const p = await browser().newPage({ viewport: { width: 1400, height: 900 } });
    p.on('dialog', (d) => void d.accept());
    try {
      await p.addInitScript(() =>
        localStorage.setItem('quire-prefs', JSON.stringify({ autosave: true, autosaveMs: 600 })),
      );
      await p.goto(first.url);
      await open(p, 'CRD Versioning');
      await typeAtEnd(p, 'Text typed before the image.');
      // Paste an image: the single-file post becomes a bundle (the dialog is accepted).
      await p.locator('.cm-content').evaluate((el) => {
        const png = Uint8Array.from(
          atob(
            'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP8z8DwnwEImBgYGBgYAEn3AQj8mKbnAAAAAElFTkSuQmCC',
          ),
          (c) => c.charCodeAt(0),
        );
        const dt = new DataTransfer();
        dt.items.add(new File([png], 'shot.png', { type: 'image/png' }));
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
      });
      const bundle = 'content/posts/crd-versioning/index.md';
      await expect
        .poll(() => p.locator('.editor-bar .path').textContent(), { timeout: 10_000 })
        .toContain('crd-versioning/index.md');
      await expect
        .poll(() => read(site, bundle), { timeout: 10_000 })
        .toContain('Text typed before the image.');
      await expect.poll(() => read(site, bundle)).toContain('](shot.png)');
      // Everything is saved: the journal is empty, and a restart offers nothing back.
      const journal = path.join(dataDir, 'journal');
      await expect.poll(() => readdirSync(journal).length, { timeout: 10_000 }).toBe(0);
      await first.close();
      const second = await host();
      try {
        const listed = p.waitForResponse(
          (r) => r.url().includes('journal') && r.url().toLowerCase().includes('list'),
        );
        await p.goto(second.url);
        await p.getByLabel('Search posts').fill('CRD Versioning');
        await expect
          .poll(() =>
            p
              .getByRole('option', { name: /CRD Versioning/ })
              .first()
              .isVisible(),
          )
          .toBe(true);
        // The app asked the journal what to offer back, and offers nothing.
        expect(await (await listed).json()).toMatchObject({ ok: true, result: [] });
        expect(await p.getByText('Unsaved text was recovered').count()).toBe(0);
      } finally {
        await second.close();
      }
    } finally {
      await p.close();
    }
  });

  it('7. CRLF and lone-CR posts are written back byte for byte; an edit changes only its line', async () => {
    const site = copySeedBlog();
    const crlf = 'content/posts/windows-post.md';
    const cr = 'content/posts/old-mac-post.md';
    const crlfText =
      '---\r\ntitle: "Windows post"\r\ndate: 2024-05-01\r\n---\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n';
    const crText = '\uFEFF---\ntitle: "Old Mac post"\ndate: 2024-05-02\n---\n\nOne\rtwo\rthree.\n';
    writeFileSync(path.join(site, crlf), crlfText);
    writeFileSync(path.join(site, cr), crText);
    const { p, host } = await start({ autosave: true, autosaveMs: 400 }, site);
    try {
      await open(p, 'Windows post');
      await open(p, 'Old Mac post');
      await views(p, 'Listing preview').click();
      await views(p, 'Write').click();
      await open(p, 'Proxy Layers');
      // Nothing typed: nothing written (give autosave time to misbehave, then compare).
      await expect.poll(() => p.getByRole('status').textContent()).not.toBe('Saving…');
      expect(readFileSync(path.join(site, crlf))).toEqual(Buffer.from(crlfText));
      expect(readFileSync(path.join(site, cr))).toEqual(Buffer.from(crText));
      await open(p, 'Windows post');
      await typeAtEnd(p, 'Third paragraph.\n');
      await expect
        .poll(() => read(site, crlf), { timeout: 10_000 })
        .toBe(`${crlfText}Third paragraph.\r\n`);
      await open(p, 'Old Mac post');
      await p.getByLabel('Title', { exact: true }).fill('Old Mac post, renamed');
      await expect
        .poll(() => read(site, cr), { timeout: 10_000 })
        .toBe(crText.replace('Old Mac post', 'Old Mac post, renamed'));
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('9. a change on disk while typing: every typed character stays, and merging keeps both writers', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 700 });
    try {
      const rel = 'content/posts/go-build-times.md';
      await open(p, 'Analyzing Go Build Times');
      const original = read(site, rel);
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+End');
      const typed = 'Mine, typed while the other writer saved.';
      // The other writer saves in the middle of the typing.
      const theirs = original.replace(/\n$/, '\n\nTheirs, from another editor.\n');
      for (let i = 0; i < typed.length; i++) {
        if (i === 12) writeFileSync(path.join(site, rel), theirs);
        await p.keyboard.type(typed[i]!);
      }
      await expect
        .poll(() => p.getByText('This post changed on disk').first().isVisible(), {
          timeout: 10_000,
        })
        .toBe(true);
      expect(await editorText(p)).toContain(typed);
      expect(read(site, rel)).toBe(theirs);
      // Keep both sides of the differing hunk, then save the result.
      await p.getByRole('radio', { name: 'Both' }).first().check();
      await p.getByRole('button', { name: 'Save merged text' }).click();
      await expect.poll(() => read(site, rel)).toContain(typed);
      const merged = read(site, rel);
      expect(merged).toContain('Theirs, from another editor.');
      await expect.poll(() => p.getByText('This post changed on disk').count()).toBe(0);
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('9b. a merge choice survives typing on while the comparison is open, and the save keeps both writers and every character', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 700 });
    try {
      const rel = 'content/posts/go-build-times.md';
      await open(p, 'Analyzing Go Build Times');
      const original = read(site, rel);
      await typeAtEnd(p, 'Mine at the end.');
      writeFileSync(path.join(site, rel), original.replace(/\n$/, '\n\nTheirs at the end.\n'));
      await expect
        .poll(() => p.getByText('This post changed on disk').first().isVisible(), {
          timeout: 10_000,
        })
        .toBe(true);
      await p.getByRole('radio', { name: 'Both' }).first().check();
      // Then more words at the end: your side of that place grows, the text settles and
      // the comparison re-renders (it used to be re-made, every choice back on "Yours").
      await p.locator('.cm-content').focus();
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' And more.');
      await expect
        .poll(async () => (await p.locator('.compare').textContent())?.includes('And more.'))
        .toBe(true);
      expect(await p.getByRole('radio', { name: 'Both' }).first().isChecked()).toBe(true);
      await p.getByRole('button', { name: 'Save merged text' }).click();
      await expect.poll(() => read(site, rel)).toContain('Mine at the end. And more.');
      expect(read(site, rel)).toContain('Theirs at the end.');
    } finally {
      await p.close();
      await host.close();
    }
  });
});
