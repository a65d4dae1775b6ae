import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testHost } from '../helpers/app.ts';
import { chromiumPath, openApp, openByTitle } from '../helpers/browser.ts';
import { useChromium } from '../helpers/e2e.ts';
import { copySeedBlog } from '../helpers/site.ts';

// The live preview of a long post (many more blocks than one of the preview's groups):
// it follows the editor's scroll, the editor follows a scroll made in the preview, and an
// inserted paragraph shows in its place.

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (preview scroll): ${chrome.why}`);

const PARAGRAPHS = 150;

/** The paragraph number at the top of the editor and of the preview. */
const tops = (p: Page) =>
  p.evaluate(() => {
    const num = (t: string | null | undefined) => Number(/Paragraph (\d+)\./.exec(t ?? '')?.[1]);
    const scroller = document.querySelector('.editor-pane .cm-scroller')!.getBoundingClientRect();
    const line = [...document.querySelectorAll('.editor-pane .cm-line')].find(
      (l) =>
        l.getBoundingClientRect().top >= scroller.top - 2 &&
        /Paragraph \d+\./.test(l.textContent ?? ''),
    );
    const frame = document.querySelector<HTMLIFrameElement>('iframe[title="Preview"]')!;
    const block = [...frame.contentDocument!.querySelectorAll('#root p')].find(
      (b) => b.getBoundingClientRect().bottom > 0 && /Paragraph \d+\./.test(b.textContent ?? ''),
    );
    return { editor: num(line?.textContent), preview: num(block?.textContent) };
  });

describe.skipIf(!chrome.path)('the preview of a long post', () => {
  const browser = useChromium();

  it('follows the editor, leads it when scrolled, and shows an inserted paragraph in its place', async () => {
    const site = copySeedBlog();
    const body = Array.from(
      { length: PARAGRAPHS },
      (_, i) =>
        `Paragraph ${i + 1}. ${'Words to make the paragraph wrap over a line or two. '.repeat(3)}`,
    ).join('\n\n');
    writeFileSync(
      path.join(site, 'content/posts/long-scroll.md'),
      `---\ntitle: "Long Scroll"\ndate: 2024-03-01\n---\n\n${body}\n`,
    );
    const host = await testHost(site);
    const p = await openApp(browser(), host.url, { prefs: { autosave: false, showPreview: true } });
    try {
      await openByTitle(p, 'Long Scroll');
      const preview = p.frameLocator('iframe[title="Preview"]');
      await expect.poll(() => preview.locator('#root p').count()).toBe(PARAGRAPHS);

      // The editor scrolled two thirds down: the preview shows the same paragraph at its top.
      await p.locator('.editor-pane .cm-scroller').evaluate((s) => {
        s.scrollTop = s.scrollHeight * 0.66;
      });
      await expect.poll(async () => (await tops(p)).editor).toBeGreaterThan(80);
      await expect
        .poll(async () => {
          const t = await tops(p);
          return Math.abs(t.editor - t.preview);
        })
        .toBeLessThanOrEqual(2);

      // A scroll made in the preview moves the editor to the same place.
      const before = (await tops(p)).preview;
      const box = (await p.locator('iframe[title="Preview"]').boundingBox())!;
      await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await p.mouse.wheel(0, -2500);
      await expect.poll(async () => (await tops(p)).preview).toBeLessThan(before - 10);
      await expect
        .poll(async () => {
          const t = await tops(p);
          return Math.abs(t.editor - t.preview);
        })
        .toBeLessThanOrEqual(2);

      // A new paragraph after the first one: the preview shows it there, every paragraph once.
      await p.locator('.editor-pane .cm-scroller').evaluate((s) => {
        s.scrollTop = 0;
      });
      // At the start of paragraph 2 (its first row: Home on a wrapped row would not be).
      await p.locator('.cm-line', { hasText: 'Paragraph 2.' }).click({ position: { x: 4, y: 6 } });
      await p.keyboard.press('Home');
      await p.keyboard.type('Inserted paragraph.\n\n');
      await expect.poll(() => preview.locator('#root p').count()).toBe(PARAGRAPHS + 1);
      const texts = await preview.locator('#root p').allTextContents();
      expect(texts[1]).toBe('Inserted paragraph.');
      expect(texts.map((t) => /Paragraph (\d+)\./.exec(t)?.[1]).filter(Boolean)).toEqual(
        Array.from({ length: PARAGRAPHS }, (_, i) => String(i + 1)),
      );
    } finally {
      await p.close();
      await host.close();
    }
  });
});
