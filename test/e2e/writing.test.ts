import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/services/settings.ts';
import { startWebHost } from '../../electron/web/server.ts';
import type { WebHost } from '../../electron/web/server.ts';
import { chromiumPath, ensureBuilt, launchChromium, openByTitle } from '../helpers/browser.ts';
import { copySeedBlog, tempDir } from '../helpers/site.ts';
import { startQuireWeb, testHost } from '../helpers/app.ts';

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (writing): ${chrome.why}`);

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP8z8DwnwEImBgYGBgYAEn3AQj8mKbnAAAAAElFTkSuQmCC',
  'base64',
);

async function openPost(page: Page, url: string, title: string): Promise<void> {
  await page.goto(url);
  await openByTitle(page, title);
  await expect.poll(() => page.locator('.cm-content').textContent()).toContain('title');
}

async function previewText(page: Page): Promise<string> {
  return (await page.frameLocator('iframe[title="Preview"]').locator('#root').textContent()) ?? '';
}

describe.skipIf(!chrome.path)('writing, end to end in Chromium', () => {
  let host: WebHost;
  let browser: Browser;
  let site: string;
  let dataDir: string;

  beforeAll(async () => {
    const rendererDir = ensureBuilt();
    site = copySeedBlog();
    dataDir = tempDir();
    host = await startWebHost({
      port: 0,
      rendererDir,
      site,
      settings: new SettingsStore(dataDir),
      cacheDir: null,
    });
    browser = await launchChromium(chrome.path!);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  async function page(): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Autosave off, so each test decides when to save; the metadata form open.
    await p.addInitScript(() =>
      localStorage.setItem('quire-prefs', JSON.stringify({ autosave: false, metaExpanded: true })),
    );
    return p;
  }

  it('typing updates the preview; title, tags and draft from the form change exactly those lines', async () => {
    const p = await page();
    await openPost(p, host.url, 'Ergonomic Map in Go');
    const rel = 'content/posts/ergonomic-map.md';
    const before = readFileSync(path.join(site, rel), 'utf8');
    await p.locator('.cm-content').click();
    await p.keyboard.press('Control+End');
    await p.keyboard.type('\nA brand new closing paragraph.\n');
    await expect.poll(() => previewText(p)).toContain('A brand new closing paragraph.');

    await p.getByLabel('Title', { exact: true }).fill('Ergonomic Map in Go, revisited');
    const tags = p.locator('#meta-tags');
    await tags.fill('generics');
    await tags.press('Enter');
    await p.getByLabel('Draft').check();
    // Ctrl+S saves from anywhere in the window, not only the editor.
    await p.keyboard.press('Control+s');
    await expect.poll(() => p.getByRole('status').textContent()).toBe('Saved');
    const after = readFileSync(path.join(site, rel), 'utf8');
    const fmBefore = before.split('---\n\n')[0]!.split('\n');
    const fmAfter = after.split('---\n\n')[0]!.split('\n');
    // Line by line: the untouched date line stays where it was.
    expect(fmAfter).toEqual([
      '---',
      'title: "Ergonomic Map in Go, revisited"',
      'date: 2023-01-31',
      'tags: [go, generics]',
      'draft: true',
      '',
    ]);
    expect(fmBefore).toEqual([
      '---',
      'title: "Ergonomic Map in Go"',
      'date: 2023-01-31',
      'tags: [go]',
      '',
    ]);
    expect(
      after.endsWith(
        before.split('---\n\n').slice(1).join('---\n\n') + '\nA brand new closing paragraph.\n',
      ),
    ).toBe(true);
  });

  it('a pasted image goes into the bundle and the preview shows it', async () => {
    const p = await page();
    p.on('dialog', (d) => void d.accept()); // "turn it into a bundle?" -> yes
    await openPost(p, host.url, 'Saying No In Open Source');
    await p.locator('.cm-content').click();
    await p.keyboard.press('Control+End');
    await p.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const file = new File([bytes], 'chart.png', { type: 'image/png' });
      const dt = new DataTransfer();
      dt.items.add(file);
      document
        .querySelector('.cm-content')!
        .dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
        );
    }, PNG.toString('base64'));
    await expect
      .poll(() => p.locator('.cm-content').textContent())
      .toContain('![chart](chart.png)');
    expect(readFileSync(path.join(site, 'content/posts/saying-no/chart.png')).equals(PNG)).toBe(
      true,
    );
    expect(existsSync(path.join(site, 'content/posts/saying-no/index.md'))).toBe(true);
    const img = p.frameLocator('iframe[title="Preview"]').locator('img[alt="chart"]');
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
      .toBe(2);
  });

  it('a post full of hostile HTML opens with no dialog, console output, navigation or popup', async () => {
    const rel = 'content/posts/hostile.md';
    writeFileSync(
      path.join(site, rel),
      [
        '---',
        'title: "Hostile <img src=x onerror=alert(1)>"',
        'date: 2024-04-29',
        '---',
        '',
        '<img src=x onerror="alert(2)">',
        '',
        '<iframe srcdoc="<script>parent.alert(3)</script>"></iframe>',
        '',
        '<a href="javascript:alert(4)">click</a> [md](javascript:alert(5))',
        '',
        '<script>alert(6); console.log("pwned")</script>',
        '',
        '<svg onload="alert(7)"><circle r="10"/></svg>',
        '',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '',
        '<object data="x.swf"></object><embed src="x.swf"><form action="https://evil.example"><button>go</button></form>',
        '',
        '```"><img src=x onerror=alert(8)>',
        'code',
        '```',
        '',
        'Inline <b onmouseover="alert(9)">bold</b> and <details open ontoggle="alert(10)">x</details>.',
        '',
      ].join('\n'),
    );
    const p = await page();
    const events: string[] = [];
    p.on('dialog', (d) => {
      events.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    p.on('console', (m) => events.push(`console: ${m.text()}`));
    p.on('popup', () => events.push('popup'));
    p.context().on('page', (pg) => pg !== p && events.push('new page'));
    await p.goto(host.url);
    await p
      .getByRole('option', { name: /Hostile/ })
      .first()
      .click();
    await expect.poll(() => previewText(p)).toContain('click');
    let navigations = 0;
    p.on('framenavigated', (f) => {
      if (f.url() !== 'about:srcdoc') navigations++;
    });
    const mainUrl = p.url();
    // Hover and click everything in the preview, as a reader would.
    const frame = p.frameLocator('iframe[title="Preview"]');
    for (const a of await frame.locator('a, b, details, summary, button').all()) {
      await a.hover().catch(() => undefined);
      await a.click({ timeout: 1000 }).catch(() => undefined);
    }
    await p.waitForTimeout(500);
    expect(events, events.join('\n')).toEqual([]);
    expect(navigations).toBe(0);
    expect(p.url()).toBe(mainUrl);
    expect(
      await frame
        .locator('#root')
        .locator('script, iframe, object, embed, form, svg, meta, base')
        .count(),
    ).toBe(0);
  });

  it('a change on disk to a post with unsaved edits shows the banner and overwrites nothing until a choice', async () => {
    const p = await page();
    await openPost(p, host.url, 'Useful tools for Kubernetes');
    const rel = 'content/posts/kubernetes-tools.md';
    await p.locator('.cm-content').click();
    await p.keyboard.press('Control+End');
    await p.keyboard.type('my unsaved words');
    await expect.poll(() => p.getByRole('status').textContent()).toBe('Unsaved changes');
    const theirs =
      readFileSync(path.join(site, rel), 'utf8') + '\nTheir words from another editor.\n';
    writeFileSync(path.join(site, rel), theirs);
    await expect
      .poll(() => p.getByText('This post changed on disk').first().isVisible(), { timeout: 10_000 })
      .toBe(true);
    await p.keyboard.press('Control+s');
    await p.waitForTimeout(300);
    expect(readFileSync(path.join(site, rel), 'utf8')).toBe(theirs);
    // The hunk-by-hunk comparison is open from the start.
    await expect
      .poll(() => p.locator('.compare').textContent())
      .toContain('Their words from another editor.');
    await p.getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => p.getByRole('status').textContent()).toBe('Saved');
    expect(readFileSync(path.join(site, rel), 'utf8')).toContain('my unsaved words');
    expect(readFileSync(path.join(site, rel), 'utf8')).not.toContain('Their words');
  });
});

describe.skipIf(!chrome.path)('switching posts', () => {
  it("saves unsaved edits before another post opens, and keeps each post's undo history", async () => {
    const site = copySeedBlog();
    const host = await testHost(site);
    const browser = await launchChromium(chrome.path!);
    try {
      const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await openPost(p, host.url, 'Proxy Layers');
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+End');
      await p.keyboard.type('Typed just before switching.');
      await openByTitle(p, 'Tracing shell scripts');
      await expect
        .poll(() => p.locator('.editor-bar .path').textContent())
        .toContain('tracing-shell-scripts');
      expect(readFileSync(path.join(site, 'content/posts/proxy-layers.md'), 'utf8')).toContain(
        'Typed just before switching.',
      );
      await openByTitle(p, 'Proxy Layers');
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+End');
      await p.keyboard.press('Control+z');
      await expect
        .poll(() => p.locator('.cm-content').textContent())
        .not.toContain('Typed just before switching.');
    } finally {
      await browser.close();
      await host.close();
    }
  });
});

describe.skipIf(!chrome.path)('crash recovery', () => {
  it('killing the browser host with unsaved edits and starting it again offers the text back', async () => {
    ensureBuilt();
    const site = copySeedBlog();
    const dataDir = tempDir();
    const start = () => startQuireWeb(site, dataDir);
    const browser = await launchChromium(chrome.path!);
    try {
      const first = await start();
      const p = await browser.newPage();
      await p.addInitScript(() =>
        localStorage.setItem('quire-prefs', JSON.stringify({ autosave: false })),
      );
      await openPost(p, first.url, 'CRD Versioning');
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+End');
      await p.keyboard.type('Words that must survive a crash.');
      await p.waitForTimeout(800); // the journal writes after a short pause
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      const second = await start();
      const q = await browser.newPage();
      await q.goto(second.url);
      await expect.poll(() => q.getByText('Unsaved text was recovered').isVisible()).toBe(true);
      await q.getByRole('button', { name: 'Restore' }).click();
      await expect.poll(() => q.getByRole('status').textContent()).toBe('Unsaved changes');
      // CodeMirror renders only what is in view: go to the end to read it.
      await q.locator('.cm-content').click();
      await q.keyboard.press('Control+End');
      await expect
        .poll(() => q.locator('.cm-content').textContent())
        .toContain('Words that must survive a crash.');
      expect(
        readFileSync(path.join(site, 'content/posts/crd-versioning.md'), 'utf8'),
      ).not.toContain('Words that must survive');
      second.child.kill('SIGTERM');
    } finally {
      await browser.close();
    }
  });
});
