import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testHost } from '../helpers/app.ts';
import type { WebHost } from '../../electron/web/server.ts';
import { chromiumPath, openApp } from '../helpers/browser.ts';
import { useChromium } from '../helpers/e2e.ts';
import { copySeedBlog } from '../helpers/site.ts';
import { COMMAND_IDS } from '../../shared/ipc/commands.ts';

// The writing surface (issue 17), driven from the keyboard only, as a user coming from
// Obsidian, Typora or iA Writer would: room to write, the palette and the switcher.

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (writing surface): ${chrome.why}`);

const read = (site: string, rel: string) => readFileSync(path.join(site, rel), 'utf8');
const frontMatter = (t: string) => t.slice(0, t.indexOf('\n---', 4) + 5);

describe.skipIf(!chrome.path)('the writing surface, from the keyboard', () => {
  const browser = useChromium();

  async function start(prefs: object = {}): Promise<{ p: Page; site: string; host: WebHost }> {
    const site = copySeedBlog();
    const host = await testHost(site);
    const p = await openApp(browser(), host.url, { prefs });
    return { p, site, host };
  }
  const focused = (p: Page) =>
    p.evaluate(() => {
      const a = document.activeElement;
      if (a?.closest('.cm-content')) return 'editor';
      if (a?.classList.contains('outline-list')) return 'outline-list';
      if (a?.id === 'word-goal') return 'word-goal';
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

  it('a slow open does not steal the focus from the switcher opened next: what is typed stays in the switcher', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 300 });
    try {
      const before = read(site, 'content/posts/saying-no.md');
      // The post takes a while to arrive, as on a slow disk or a big post.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await p.route('**/api/quire:readPost', async (route) => {
        await held;
        await route.continue();
      });
      await p.keyboard.press('Control+p');
      await p.keyboard.type('saying-no.md');
      await p.keyboard.press('Enter');
      // The writer moves on at once: the switcher again, and a first word.
      await p.keyboard.press('Control+p');
      await expect.poll(() => focused(p)).toBe('Go to a post');
      await p.keyboard.type('builds');
      release();
      await expect
        .poll(() => p.locator('.editor-bar .path').textContent())
        .toContain('saying-no.md');
      // Let the opened post paint (the editor used to take the focus two frames later).
      await p.evaluate(
        () =>
          new Promise((r) =>
            requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))),
          ),
      );
      await p.keyboard.type(' go');
      expect(await focused(p)).toBe('Go to a post');
      const input = p.getByRole('combobox', { name: 'Go to a post' });
      await expect.poll(() => input.inputValue()).toBe('builds go');
      expect(read(site, 'content/posts/saying-no.md')).toBe(before);
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('a command that focuses later leaves the focus where the user put it meanwhile: the palette opened at once stays open', async () => {
    const { p, host } = await start({ autosave: false });
    try {
      await p.keyboard.press('Control+p');
      await p.keyboard.type('saying-no.md');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('editor');
      // Distraction-free on and, in the same moment, the command palette: the first puts the
      // cursor back in the text once the layout has changed, which used to close the palette.
      await p.evaluate(() => {
        const key = (init: KeyboardEventInit) =>
          document.activeElement!.dispatchEvent(
            new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }),
          );
        key({ key: 'z', code: 'KeyZ', ctrlKey: true, altKey: true });
        key({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true });
      });
      await p.locator('.workspace.zen').waitFor();
      await p.evaluate(
        () =>
          new Promise((r) =>
            requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))),
          ),
      );
      expect(await focused(p)).toBe('Run a command');
      await p.keyboard.type('toggle preview');
      const input = p.getByRole('combobox', { name: 'Run a command' });
      expect(await input.inputValue()).toBe('toggle preview');
      await p.keyboard.press('Escape');
      await expect.poll(() => focused(p)).toBe('editor');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('keyboard and screen readers: the archive is one tab stop with arrows inside, Enter in search opens the top result, one selection, visible focus', async () => {
    const { p, host } = await start({ autosave: false });
    try {
      const archive = p.getByRole('listbox', { name: 'Archive' });
      // Enter in the search field opens the top result.
      await p.getByLabel('Search posts').focus();
      await p.keyboard.type('Proxy Layers');
      await expect.poll(() => archive.getByRole('option').count()).toBeGreaterThan(0);
      await p.keyboard.press('Enter');
      await expect
        .poll(() => p.locator('.editor-bar .path').textContent())
        .toContain('proxy-layers.md');
      await p.getByLabel('Search posts').focus();
      await p.keyboard.press('Control+a');
      await p.keyboard.press('Backspace');
      // Sort is disabled while search results are shown; wait for the plain list to come back
      // (focus() on a disabled select silently leaves focus where it was).
      await expect.poll(() => p.getByLabel('Sort').isEnabled()).toBe(true);
      // From the last filter, one Tab reaches the list and the next one leaves it.
      await p.getByLabel('Sort').focus();
      expect(await focused(p)).toBe('Sort');
      await p.keyboard.press('Tab');
      expect(await focused(p)).toBe('Archive');
      // The open post is the one selected, and the keyboard starts from it.
      const selected = () =>
        p.evaluate(() =>
          [
            ...document.querySelectorAll(
              '.archive-list [aria-selected="true"], .archive-list:focus .post.active',
            ),
          ].map((e) => e.textContent),
        );
      expect((await selected()).length).toBe(1);
      expect((await selected())[0]).toContain('Proxy Layers');
      // Arrows move inside; Enter opens; still exactly one selection.
      await p.keyboard.press('ArrowDown');
      await p.keyboard.press('ArrowDown');
      const third = await p.locator('.archive-list .post.active .post-title').textContent();
      await p.keyboard.press('Enter');
      await expect.poll(() => p.locator('.meta-toggle').textContent()).toContain(third!);
      await expect.poll(async () => (await selected()).length).toBe(1);
      await p.getByLabel('Sort').focus();
      await p.keyboard.press('Tab');
      await p.keyboard.press('Tab');
      expect(await p.evaluate(() => !!document.activeElement?.closest('.archive'))).toBe(false);

      // Every tab stop from the top of the page shows where the focus is.
      await p.locator('body').click({ position: { x: 5, y: 890 } });
      const seen: string[] = [];
      for (let i = 0; i < 30; i++) {
        await p.keyboard.press('Tab');
        const stop = await p.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const name =
            el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 30) || el.tagName;
          if (el.closest('.cm-content')) return { name: 'editor', visible: true };
          const target = el.matches('.archive-list')
            ? ((el.querySelector('.post.active') as HTMLElement | null) ?? el)
            : el;
          const s = getComputedStyle(target);
          const visible =
            (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
          return { name, visible };
        });
        if (!stop) continue;
        seen.push(stop.name);
        expect(stop.visible, `focus is visible on ${stop.name}`).toBe(true);
        if (stop.name === 'editor') break;
      }
      expect(seen).toContain('editor');
      // From the filters to the editor: the filters, the list, the editor's bar, the summary.
      const fromFilters = seen.slice(seen.indexOf('Tag'));
      expect(fromFilters.indexOf('editor')).toBeLessThanOrEqual(13);
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('axe-core finds no serious or critical problem on the main views (find panel and editor settings too), light and dark; screenshots at two sizes', async () => {
    const shots = mkdtempSync(path.join(os.tmpdir(), 'quire-screenshots-'));
    console.log(`Screenshots of the main views: ${shots}`);
    const axeSource = readFileSync(
      createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
      'utf8',
    );
    const site = copySeedBlog();
    const host = await testHost(site);
    const problems: string[] = [];
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser().newContext({
          viewport: { width: 1400, height: 900 },
          colorScheme: scheme,
        });
        const p = await context.newPage();
        await p.addInitScript(() =>
          localStorage.setItem('quire-prefs', JSON.stringify({ autosave: false })),
        );
        await p.goto(host.url);
        await p.getByLabel('Search posts').waitFor();
        await p.keyboard.press('Control+p');
        await p.keyboard.type('proxy layers');
        await p.keyboard.press('Enter');
        await expect.poll(() => p.locator('.meta-toggle').textContent()).toContain('Proxy Layers');
        await expect
          .poll(() => p.frameLocator('iframe[title="Preview"]').locator('#root').textContent())
          .toContain('OSI');
        const views: [string, () => Promise<void>][] = [
          ['write', async () => {}],
          [
            'find-panel',
            async () => {
              await p.keyboard.press('Control+f');
              await p.keyboard.type('proxy');
              await p.locator('.find-panel .find-count').getByText('matches').waitFor();
            },
          ],
          [
            'write-form',
            async () => {
              await p.keyboard.press('Escape');
              await p.keyboard.press('Control+Alt+m');
            },
          ],
          [
            'write-outline-focus',
            async () => {
              await p.keyboard.press('Control+Alt+m');
              await p.keyboard.press('Control+Alt+o');
              await p.getByRole('listbox', { name: 'Outline' }).waitFor();
              await p.keyboard.press('Enter');
              await p.keyboard.press('Control+Alt+d');
              await p.locator('.cm-line.cm-dimmed').first().waitFor();
            },
          ],
          [
            'distraction-free',
            async () => {
              await p.keyboard.press('Control+Alt+z');
              await p.locator('.workspace.zen').waitFor();
            },
          ],
          [
            'palette',
            async () => {
              await p.keyboard.press('Control+Alt+z');
              await p.keyboard.press('Control+Alt+d');
              await p.keyboard.press('Control+Shift+p');
              await p.getByRole('dialog').waitFor();
            },
          ],
          [
            'switcher',
            async () => {
              await p.keyboard.press('Escape');
              await p.keyboard.press('Control+p');
              await p.keyboard.type('go');
            },
          ],
          [
            'listing',
            async () => {
              await p.keyboard.press('Escape');
              await p.keyboard.press('Alt+2');
              await p
                .frameLocator('iframe[title="Listing preview"]')
                .getByText('Securing Prometheus with Istio Ambient')
                .first()
                .waitFor();
            },
          ],
          [
            'check',
            async () => {
              await p.keyboard.press('Alt+3');
              await p.locator('.check-view').waitFor();
            },
          ],
          [
            'export',
            async () => {
              await p.keyboard.press('Alt+4');
              await p.getByLabel('Export to').waitFor();
            },
          ],
          [
            'settings',
            async () => {
              await p.keyboard.press('Alt+5');
              await p.locator('.settings-view form').waitFor();
            },
          ],
          [
            'settings-editor',
            async () => {
              // The editor's settings: spelling languages, and vim turned on.
              const vim = p.getByRole('checkbox', { name: 'Vim keybindings' });
              await vim.focus();
              await p.keyboard.press('Space');
              await p.locator('#editor-settings-title').scrollIntoViewIfNeeded();
            },
          ],
        ];
        for (const [name, go] of views) {
          await go();
          await p.evaluate(
            () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
          );
          if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(axeSource);
          const found = await p.evaluate(async () => {
            const axe = (
              window as unknown as {
                axe: {
                  run(
                    ctx: Document,
                    o: object,
                  ): Promise<{
                    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
                  }>;
                };
              }
            ).axe;
            const r = await axe.run(document, {
              resultTypes: ['violations'],
              // Accessible names that differ from the visible label, too.
              rules: { 'label-content-name-mismatch': { enabled: true } },
            });
            return r.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              nodes: v.nodes.map((n) => n.target.join(' ')),
            }));
          });
          for (const v of found)
            if (
              v.impact === 'serious' ||
              v.impact === 'critical' ||
              v.id === 'label-content-name-mismatch'
            )
              problems.push(
                `${scheme} ${name}: ${v.impact} ${v.id} at ${v.nodes.slice(0, 3).join(', ')}`,
              );
          for (const [w, h] of [
            [1400, 900],
            [1100, 700],
          ] as const) {
            await p.setViewportSize({ width: w, height: h });
            await p.screenshot({ path: path.join(shots, `${name}-${w}x${h}-${scheme}.png`) });
          }
          await p.setViewportSize({ width: 1400, height: 900 });
        }
        await context.close();
      }
      expect(problems).toEqual([]);
      expect(readdirSync(shots).length).toBe(12 * 2 * 2);
    } finally {
      await host.close();
    }
  });

  it('outline and link completion: jump to a heading from the keyboard; ](, # and ref " offer posts and anchors', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 300 });
    try {
      const rel = 'content/posts/proxy-layers.md';
      await p.keyboard.press('Control+p');
      await p.keyboard.type('proxy layers');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('editor');
      await p.keyboard.press('Control+End');
      await p.keyboard.type('\n\n## Second section\n\nText.\n\n### Deeper\n\nMore text.');
      // The outline (Ctrl+Alt+O) lists the headings and marks the section the cursor is in.
      await p.keyboard.press('Control+Alt+o');
      const outline = p.getByRole('listbox', { name: 'Outline' });
      await expect
        .poll(() => outline.getByRole('option').allTextContents())
        .toEqual(['Thinking in terms of termination', 'Second section', 'Deeper']);
      await expect.poll(() => focused(p)).toBe('outline-list');
      const current = () => outline.locator('[aria-selected="true"]').allTextContents();
      expect(await current()).toEqual(['Deeper']);
      // Up twice from the current section, Enter: the cursor is on that heading.
      await p.keyboard.press('ArrowUp');
      await p.keyboard.press('ArrowUp');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('editor');
      const cursorLine = () =>
        p.evaluate(() => {
          const sel = window.getSelection();
          return sel?.anchorNode?.parentElement?.closest('.cm-line')?.textContent ?? null;
        });
      await expect.poll(cursorLine).toBe('## Thinking in terms of termination');
      await expect.poll(current).toEqual(['Thinking in terms of termination']);
      await p.keyboard.press('Control+End');
      await expect.poll(current).toEqual(['Deeper']);

      // Link completion: ]( offers the posts by title; the URL goes in.
      const tooltip = p.locator('.cm-tooltip-autocomplete');
      const completion = () => tooltip.textContent({ timeout: 1000 }).catch(() => '');
      const chosen = () =>
        tooltip
          .locator('[aria-selected="true"]')
          .textContent({ timeout: 1000 })
          .catch(() => '');
      // What a reader sees: the highlighted option, once the list has stood still for a
      // moment (CodeMirror ignores Enter on a list younger than its interaction delay).
      const settled = async () => {
        const a = await chosen();
        await p.waitForTimeout(150);
        return a === (await chosen()) ? a : '';
      };
      await p.keyboard.type('\n\nSee [versions](');
      await expect.poll(completion).toContain('CRD Versioning');
      await p.keyboard.type('crd vers');
      await expect.poll(settled).toContain('CRD Versioning');
      await p.keyboard.press('Enter');
      await expect.poll(() => read(site, rel)).toContain('See [versions](/posts/crd-versioning/)');
      // # then offers that post's anchors, with the ids its page has (taking one with Enter
      // right after: writing-tools.test.ts).
      await p.keyboard.type('#');
      await expect.poll(completion).toContain('there-is-only-one-primary-version');
      await p.keyboard.press('Escape');
      // {{< ref " offers content paths, then that page's anchors.
      await p.keyboard.press('End');
      await p.keyboard.type(' Tools: {{< ref "');
      await expect.poll(completion).toContain('posts/kubernetes-tools.md');
      await p.keyboard.type('kubernetes-tools');
      await expect.poll(settled).toContain('posts/kubernetes-tools.md');
      await p.keyboard.press('Enter');
      await expect.poll(() => read(site, rel)).toContain('{{< ref "posts/kubernetes-tools.md"');
      await p.keyboard.type('#');
      await expect.poll(completion).toContain('kubectl-apply-from-clipboard');
      await p.keyboard.press('Escape');
      // This post's own anchors after ](#.
      await p.keyboard.press('End');
      await p.keyboard.type(' Back to [the start](#');
      await expect.poll(completion).toContain('second-section');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('focus mode, typewriter, distraction-free and a word-count goal reached, from the keyboard', async () => {
    const { p, site, host } = await start({ autosave: true, autosaveMs: 300 });
    try {
      await p.keyboard.press('Control+Alt+n');
      await expect.poll(() => focused(p)).toBe('New post title');
      await p.keyboard.type('Goal post');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('editor');
      await p.keyboard.type('First paragraph has four words.\n\nSecond one.');
      // The goal, from the palette: 12 words.
      await p.keyboard.press('Control+Shift+p');
      await p.keyboard.type('word goal');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('word-goal');
      await p.keyboard.type('12');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('editor');
      const state = p.locator('.status-bar .goal-state');
      await expect.poll(() => state.textContent()).toBe('5 to go');
      // Focus mode dims every paragraph but the cursor's.
      await p.keyboard.press('Control+Alt+d');
      await expect.poll(() => p.locator('.cm-line.cm-dimmed').count()).toBeGreaterThan(0);
      const lit = () =>
        p.evaluate(() =>
          [...document.querySelectorAll('.editor-pane .cm-line:not(.cm-dimmed)')]
            .map((l) => l.textContent)
            .filter(Boolean),
        );
      expect(await lit()).toEqual(['Second one.']);
      await p.keyboard.type(' Three more words right here.');
      await expect.poll(() => state.textContent()).toBe('Goal reached');
      await p.keyboard.press('ArrowUp');
      await p.keyboard.press('ArrowUp');
      await expect.poll(lit).toEqual(['First paragraph has four words.']);
      // Distraction-free: only the text and the status bar; typing goes on.
      await p.keyboard.press('Control+Alt+z');
      await expect.poll(() => p.locator('.archive').isVisible()).toBe(false);
      expect(await p.locator('.editor-bar').isVisible()).toBe(false);
      expect(await focused(p)).toBe('editor');
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' Still typing.');
      await p.keyboard.press('Control+Alt+z');
      await expect.poll(() => p.locator('.archive').isVisible()).toBe(true);
      await p.keyboard.press('Control+Alt+d');
      await expect.poll(() => p.locator('.cm-line.cm-dimmed').count()).toBe(0);
      await expect
        .poll(() => read(site, 'content/posts/goal-post.md'))
        .toMatch(/Second one\. Three more words right here\.\s*Still typing\./);
      // Typewriter scrolling keeps the cursor's line in the middle of a long post.
      await p.keyboard.press('Control+Shift+p');
      await p.keyboard.type('typewriter');
      await p.keyboard.press('Enter');
      await expect.poll(() => focused(p)).toBe('editor');
      for (let i = 0; i < 40; i++) await p.keyboard.press('Enter');
      await p.keyboard.type('Deep down.');
      const offset = await p.evaluate(() => {
        const scroller = document
          .querySelector('.editor-pane .cm-scroller')!
          .getBoundingClientRect();
        const cursor = document.querySelector('.cm-cursor')?.getBoundingClientRect();
        const line = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
        const y = (cursor && cursor.height ? cursor : line).top;
        return (y - scroller.top) / scroller.height;
      });
      expect(offset).toBeGreaterThan(0.3);
      expect(offset).toBeLessThan(0.7);
    } finally {
      await p.close();
      await host.close();
    }
  });
});
