import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testHost } from '../helpers/app.ts';
import type { WebHost } from '../../electron/web/server.ts';
import { chromiumPath, openApp } from '../helpers/browser.ts';
import { useChromium } from '../helpers/e2e.ts';
import { copySeedBlog } from '../helpers/site.ts';

// The writing surface's tools (issue 17, second part), keyboard only: the preview's page
// header, spellcheck where prose is, vim keys, the find and replace panel, a session goal,
// and anchors taken with Enter.

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (writing tools): ${chrome.why}`);

const fixtures = path.resolve(import.meta.dirname, '../fixtures/seed-blog');
const read = (site: string, rel: string) => readFileSync(path.join(site, rel), 'utf8');
const PROXY = 'content/posts/proxy-layers.md';

describe.skipIf(!chrome.path)('writing tools, from the keyboard', () => {
  const browser = useChromium();

  async function start(prefs: object = {}): Promise<{ p: Page; site: string; host: WebHost }> {
    const site = copySeedBlog();
    const host = await testHost(site);
    const p = await openApp(browser(), host.url, {
      prefs: { autosave: true, autosaveMs: 300, ...prefs },
      prefsOnce: true,
    });
    return { p, site, host };
  }
  const focused = (p: Page) =>
    p.evaluate(() => {
      const a = document.activeElement;
      if (a?.closest('.cm-content')) return 'editor';
      return a?.id || a?.getAttribute('aria-label') || a?.className || a?.tagName || null;
    });
  async function openPost(p: Page, words: string, file: string) {
    await p.keyboard.press('Control+p');
    await p.keyboard.type(words);
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator('.editor-bar .path').textContent()).toContain(file);
    await expect.poll(() => focused(p)).toBe('editor');
  }
  const palette = async (p: Page, command: string) => {
    await p.keyboard.press('Control+Shift+p');
    await p.keyboard.type(command);
    await p.keyboard.press('Enter');
  };

  it('the preview shows the title, date and reading time as the published page does', async () => {
    const { p, host } = await start();
    try {
      await openPost(p, 'proxy layers', 'proxy-layers.md');
      const frame = p.frameLocator('iframe[title="Preview"]');
      // What the published listing shows for this post (the golden fixture, from Hugo).
      const expected = JSON.parse(
        readFileSync(path.join(fixtures, 'expected/home-2024-01-10-paragraph.json'), 'utf8'),
      ) as { entries: { title: string; meta: string }[] };
      const entry = expected.entries.find((e) => e.title === 'Proxy Layers')!;
      await expect
        .poll(() => frame.locator('.post-header .post-title').textContent())
        .toBe('Proxy Layers');
      expect(await frame.locator('.post-header .post-meta').textContent()).toBe(entry.meta);
      expect(entry.meta).toBe('October 12, 2023\u00a0·\u00a04 min');
      // The header follows the form: a new title and date show at once.
      await p.keyboard.press('Control+Alt+m');
      await expect.poll(() => focused(p)).toBe('meta-title');
      await p.keyboard.press('Control+a');
      await p.keyboard.type('Proxy *Layers*, again');
      await expect
        .poll(() => frame.locator('.post-header .post-title').innerHTML())
        .toBe('Proxy <em>Layers</em>, again');
      // 1,300 more words: the reading time grows as the listing's rule says (words / 213).
      await p.keyboard.press('Control+Alt+m');
      await expect.poll(() => focused(p)).toBe('editor');
      await p.keyboard.press('Control+End');
      await p.keyboard.insertText(`\n\n${'word '.repeat(1300)}\n`);
      await expect
        .poll(() => frame.locator('.post-header .post-meta').textContent())
        .toBe('October 12, 2023\u00a0·\u00a010 min');
      await expect.poll(() => p.locator('.status-bar').textContent()).toContain('10 min read');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('spellcheck: the text in the picked language; code, URLs, shortcodes and front matter never', async () => {
    const { p, host } = await start({ hideFrontMatter: false });
    try {
      await openPost(p, 'proxy layers', 'proxy-layers.md');
      const content = p.locator('.editor-pane .cm-content');
      expect(await content.getAttribute('spellcheck')).toBe('true');
      expect(await content.getAttribute('lang')).toBe('en-US');
      await p.keyboard.press('Control+End');
      await p.keyboard.insertText(
        '\n\nProse wiht `inlineCode` and https://example.com/pth and [a link](/posts/xyzzy/) and {{< figure src="imgg.png" >}}.\n\n```go\nfunc mian() {}\n```\n',
      );
      // Is each piece inside an element that turns spellcheck off?
      const checked = (text: string) =>
        p.evaluate((t) => {
          const walker = document.createTreeWalker(
            document.querySelector('.editor-pane .cm-content')!,
            NodeFilter.SHOW_TEXT,
          );
          for (let n = walker.nextNode(); n; n = walker.nextNode())
            if (n.textContent!.includes(t))
              return n.parentElement!.closest('[spellcheck]')!.getAttribute('spellcheck');
          return 'not found';
        }, text);
      await expect.poll(() => checked('Prose wiht')).toBe('true');
      for (const code of ['inlineCode', 'example.com/pth', '/posts/xyzzy/', 'imgg.png', 'mian'])
        expect(await checked(code), code).toBe('false');
      expect(await checked('a link')).toBe('true');
      // The front matter (shown here) is never checked.
      await p.keyboard.press('Control+Home');
      await expect.poll(() => p.locator('.cm-line.cm-front-matter').count()).toBe(5);
      expect(await p.locator('.cm-line.cm-front-matter:not([spellcheck="false"])').count()).toBe(0);
      expect(await checked('Proxy Layers')).toBe('false');

      // Another language from Settings, keyboard only: the editor's text says so.
      await p.keyboard.press('Alt+5');
      const german = p.getByRole('checkbox', { name: 'German (Germany) (de-DE)' });
      await german.focus();
      await p.keyboard.press('Space');
      await p.getByRole('checkbox', { name: 'American English (en-US)' }).focus();
      await p.keyboard.press('Space');
      expect(await german.isChecked()).toBe(true);
      await p.keyboard.press('Alt+1');
      await expect.poll(() => content.getAttribute('lang')).toBe('de-DE');
      // Off from the palette, and on again.
      await palette(p, 'toggle spellcheck');
      await expect.poll(() => content.getAttribute('spellcheck')).toBe('false');
      await palette(p, 'toggle spellcheck');
      await expect.poll(() => content.getAttribute('spellcheck')).toBe('true');
      // It stays across a reload.
      await p.reload();
      await p.getByLabel('Search posts').waitFor();
      await openPost(p, 'proxy layers', 'proxy-layers.md');
      expect(await content.getAttribute('lang')).toBe('de-DE');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('vim keybindings: on in Settings, insert mode, Escape, every word saved; the app keys still work; off from the palette', async () => {
    const { p, site, host } = await start();
    try {
      await openPost(p, 'proxy layers', 'proxy-layers.md');
      const before = read(site, PROXY);
      // On, from Settings with the keyboard.
      await p.keyboard.press('Alt+5');
      const vim = p.getByRole('checkbox', { name: 'Vim keybindings' });
      await vim.focus();
      await p.keyboard.press('Space');
      expect(await vim.isChecked()).toBe(true);
      await p.keyboard.press('Alt+1');
      await expect.poll(() => p.locator('.cm-vim-panel').textContent()).toContain('NORMAL');
      await p.locator('.editor-pane .cm-content').focus();
      // Normal mode: G to the end, o for a new line in insert mode, type, Escape.
      await p.keyboard.press('Shift+G');
      await p.keyboard.press('o');
      await expect.poll(() => p.locator('.cm-vim-panel').textContent()).toContain('INSERT');
      await p.keyboard.type('Typed in vim, ');
      // Another view and back mid-sentence: still in insert mode, the keys stay text.
      await p.keyboard.press('Alt+2');
      await p.keyboard.press('Alt+1');
      await expect.poll(() => p.locator('.cm-vim-panel').textContent()).toContain('INSERT');
      await expect.poll(() => focused(p)).toBe('editor');
      await p.keyboard.type('every word.');
      await p.keyboard.press('Escape');
      await expect.poll(() => p.locator('.cm-vim-panel').textContent()).toContain('NORMAL');
      // Normal-mode keys are commands, not text: x deletes the period under the cursor.
      await p.keyboard.press('x');
      await expect.poll(() => read(site, PROXY)).toBe(`${before}\nTyped in vim, every word`);
      // The app's keys win over vim's (Ctrl+P is vim's "line up"): the switcher opens.
      await p.keyboard.press('Control+p');
      await expect.poll(() => focused(p)).toBe('Go to a post');
      await p.keyboard.press('Escape');
      await expect.poll(() => focused(p)).toBe('editor');
      // Switching views and back keeps vim and the text.
      await p.keyboard.press('Alt+2');
      await p.keyboard.press('Alt+1');
      await expect.poll(() => p.locator('.cm-vim-panel').count()).toBe(1);
      // Off from the palette: keys type again.
      await palette(p, 'vim keybindings');
      await expect.poll(() => p.locator('.cm-vim-panel').count()).toBe(0);
      await expect.poll(() => focused(p)).toBe('editor');
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' Plain again.');
      await expect
        .poll(() => read(site, PROXY))
        .toBe(`${before}\nTyped in vim, every word Plain again.`);
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('find and replace: the styled panel, Ctrl+F and Ctrl+H, replace all, and the text is saved', async () => {
    const { p, site, host } = await start();
    try {
      await openPost(p, 'proxy layers', 'proxy-layers.md');
      const before = read(site, PROXY);
      const n = before.match(/proxy/gi)!.length;
      expect(n).toBeGreaterThan(2);
      await p.keyboard.press('Control+f');
      const panel = p.getByRole('search', { name: 'Find and replace' });
      await expect.poll(() => focused(p)).toBe('find-input');
      await p.keyboard.type('proxy');
      const count = panel.locator('.find-count');
      await expect.poll(() => count.textContent()).toBe(`${n} matches`);
      // Enter goes to the next match, whichever it is, and the count says which.
      await p.keyboard.press('Enter');
      await expect.poll(() => count.textContent()).toMatch(new RegExp(`^\\d+ of ${n}$`));
      const k = parseInt((await count.textContent())!, 10);
      await p.keyboard.press('Enter');
      await expect.poll(() => count.textContent()).toBe(`${(k % n) + 1} of ${n}`);
      await p.keyboard.press('Shift+Enter');
      await expect.poll(() => count.textContent()).toBe(`${k} of ${n}`);
      // Its fields are named by their visible labels; it has the app's colours.
      expect(await p.getByLabel('Find', { exact: true }).count()).toBe(1);
      expect(await p.getByLabel('Replace with').count()).toBe(1);
      const bg = await panel.evaluate(
        (el) => getComputedStyle(el.closest('.cm-panels')!).backgroundColor,
      );
      const appPanel = await p.evaluate(
        () => getComputedStyle(document.querySelector('.status-bar')!).backgroundColor,
      );
      expect(bg).toBe(appPanel);
      // Ctrl+H: the replace field; Tab to "Replace all", Enter.
      await p.keyboard.press('Control+h');
      await expect.poll(() => focused(p)).toBe('replace-input');
      await p.keyboard.type('gateway');
      await p.keyboard.press('Tab');
      await p.keyboard.press('Tab');
      expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Replace all');
      await p.keyboard.press('Enter');
      // Every match in the text; the title's stays, in the front matter the form edits
      // (hidden front matter is never changed by a key, a replace included).
      const fm = before.slice(0, before.indexOf('\n---', 4) + 5);
      await expect
        .poll(() => read(site, PROXY))
        .toBe(fm + before.slice(fm.length).replace(/proxy/gi, 'gateway'));
      expect(fm).toContain('Proxy Layers');
      await expect.poll(() => count.textContent()).toBe('1 match');
      // Escape closes it and goes back to the text, where typing goes on.
      await p.keyboard.press('Escape');
      await expect.poll(() => panel.count()).toBe(0);
      await expect.poll(() => focused(p)).toBe('editor');
      // From outside the editor too (the archive's search field): Ctrl+H opens it.
      await p.getByLabel('Search posts').focus();
      await p.keyboard.press('Control+h');
      await expect.poll(() => focused(p)).toBe('replace-input');
      await p.keyboard.press('Escape');
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' End.');
      await expect.poll(() => read(site, PROXY)).toMatch(/ End\.$/);
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('a word-count goal for the session, over every post, in the status bar; kept across a reload', async () => {
    const { p, site, host } = await start();
    try {
      await openPost(p, 'proxy layers', 'proxy-layers.md');
      await palette(p, 'session word goal');
      await expect.poll(() => focused(p)).toBe('session-goal');
      await p.keyboard.type('10');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('editor');
      const state = p.locator('.status-bar .session-state');
      await expect.poll(() => state.textContent()).toBe('0 of 10 this session');
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' One two three four five six.');
      await expect.poll(() => state.textContent()).toBe('6 of 10 this session');
      // Another post: its words add up.
      await openPost(p, 'saying no', 'saying-no.md');
      await expect.poll(() => state.textContent()).toBe('6 of 10 this session');
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' Seven eight nine ten.');
      await expect.poll(() => state.textContent()).toBe('Session goal reached (10 words)');
      await expect.poll(() => read(site, 'content/posts/saying-no.md')).toMatch(/ten\.\s*$/);
      // A reload is the same session.
      await p.reload();
      await p.getByLabel('Search posts').waitFor();
      await openPost(p, 'proxy layers', 'proxy-layers.md');
      await expect.poll(() => state.textContent()).toBe('Session goal reached (10 words)');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('link completion: an anchor after ](post# is taken with Enter right after typing part of it', async () => {
    const { p, site, host } = await start();
    try {
      await openPost(p, 'proxy layers', 'proxy-layers.md');
      const tooltip = p.locator('.cm-tooltip-autocomplete');
      for (const [i, part] of ['only', 'prim', 'there'].entries()) {
        await p.keyboard.press('Control+End');
        await p.keyboard.type(`\n\nSee [v${i}](`);
        await tooltip.getByText('CRD Versioning').first().waitFor();
        // CodeMirror ignores Enter on a list younger than 75 ms (by design: no accidental
        // pick as it pops up); a person cannot read it faster. After that, no waiting.
        await p.waitForTimeout(100);
        // Enter at once after typing: the post's URL goes in (the list never closes to re-query).
        await p.keyboard.type('crd vers');
        await p.keyboard.press('Enter');
        await p.keyboard.type('#');
        await tooltip.getByText('there-is-only-one-primary-version').first().waitFor();
        await p.waitForTimeout(100);
        // A part of the id (not only its start), then Enter at once: the anchor goes in.
        await p.keyboard.type(part);
        await p.keyboard.press('Enter');
        await p.keyboard.type(')');
        await expect
          .poll(() => read(site, PROXY))
          .toContain(`See [v${i}](/posts/crd-versioning/#there-is-only-one-primary-version)`);
      }
      // This post's own anchors after ](#, the same way.
      await p.keyboard.type(' Back to [top](#');
      await tooltip.getByText('thinking-in-terms-of-termination').first().waitFor();
      await p.waitForTimeout(100);
      await p.keyboard.type('term');
      await p.keyboard.press('Enter');
      await expect
        .poll(() => read(site, PROXY))
        .toContain('[top](#thinking-in-terms-of-termination');
    } finally {
      await p.close();
      await host.close();
    }
  });
});
