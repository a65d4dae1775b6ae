import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startQuireWeb } from '../helpers/app.ts';
import { chromiumPath, openByTitle } from '../helpers/browser.ts';
import { useChromium } from '../helpers/e2e.ts';
import { copySeedBlog, tempDir } from '../helpers/site.ts';

// The browser host as an app: the tab survives the host being killed mid-typing and
// started again (same port and token, kept per user), with a "Quire stopped" screen in
// between and every word typed meanwhile saved once it is back; preferences, the site
// switcher and the folder picker.

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (browser host as an app): ${chrome.why}`);
const shots = process.env.QUIRE_SHOTS;

const POST = 'content/posts/crd-versioning.md';

describe.skipIf(!chrome.path)('the browser host as an app', () => {
  const browser = useChromium();

  it('killed mid-typing: "Quire stopped", then restarted on the same port and token, the tab reconnects and the text typed meanwhile is saved', async () => {
    const site = copySeedBlog();
    const dataDir = tempDir();
    const first = await startQuireWeb(site, dataDir);
    let second: Awaited<ReturnType<typeof startQuireWeb>> | null = null;
    const p = await browser().newPage({ viewport: { width: 1300, height: 850 } });
    try {
      await p.goto(first.url);
      await openByTitle(p, 'CRD Versioning');
      await expect.poll(() => p.locator('.editor-bar .path').textContent()).toContain(POST);
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+End');
      await p.keyboard.type('\nTyped before the stop.');
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      // Still typing: the host is gone.
      await p.keyboard.type(' Typed while Quire was stopped.');
      const stopped = p.getByRole('alert').filter({ hasText: 'Quire stopped' });
      await expect.poll(() => stopped.isVisible()).toBe(true);
      await p.keyboard.type(' And more after the screen showed.');
      // The words are kept in the tab (its own journal), not only in the editor.
      await expect
        .poll(() =>
          p.evaluate(() =>
            Object.keys(localStorage)
              .filter((k) => k.startsWith('quire-unsaved:'))
              .map((k) => localStorage.getItem(k))
              .join(''),
          ),
        )
        .toContain('And more after the screen showed.');
      if (shots) await p.screenshot({ path: path.join(shots, 'quire-stopped.png') });
      expect(readFileSync(path.join(site, POST), 'utf8')).not.toContain('Typed while Quire');

      // Started again as a user does, without a port: the kept port and token.
      second = await startQuireWeb(site, dataDir, {}, null);
      expect(new URL(second.url).port).toBe(new URL(first.url).port);
      expect(new URL(second.url).searchParams.get('token')).toBe(
        new URL(first.url).searchParams.get('token'),
      );
      await expect.poll(() => stopped.count()).toBe(0);
      await expect
        .poll(() => readFileSync(path.join(site, POST), 'utf8'))
        .toContain(
          'Typed before the stop. Typed while Quire was stopped. And more after the screen showed.',
        );
      await expect
        .poll(() =>
          p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('quire-unsaved:'))),
        )
        .toEqual([]);
      // A reload keeps the tab working (same token), and typing saves again.
      await p.reload();
      await openByTitle(p, 'CRD Versioning');
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+End');
      await p.keyboard.type(' After the reload.');
      await p.keyboard.press('Control+s');
      await expect
        .poll(() => readFileSync(path.join(site, POST), 'utf8'))
        .toContain('After the reload.');
    } finally {
      await p.close();
      first.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
    }
  });

  it('text typed while stopped survives a reload: handed back as recovered text when the host is back', async () => {
    const site = copySeedBlog();
    const dataDir = tempDir();
    const first = await startQuireWeb(site, dataDir);
    let second: Awaited<ReturnType<typeof startQuireWeb>> | null = null;
    const context = await browser().newContext();
    const p = await context.newPage();
    try {
      await p.addInitScript(() =>
        localStorage.setItem('quire-prefs', JSON.stringify({ autosave: false })),
      );
      await p.goto(first.url);
      await openByTitle(p, 'CRD Versioning');
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+End');
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      await p.keyboard.type('\nOnly in this tab.');
      await expect
        .poll(() =>
          p.evaluate(() =>
            Object.keys(localStorage)
              .filter((k) => k.startsWith('quire-unsaved:'))
              .map((k) => localStorage.getItem(k))
              .join(''),
          ),
        )
        .toContain('Only in this tab.');
      second = await startQuireWeb(site, dataDir, {}, null);
      // A new page of the same tab's origin (the reload a user does).
      await p.close();
      const q = await context.newPage();
      const url = new URL(second.url);
      await q.goto(second.url);
      expect(new URL(q.url()).port).toBe(url.port);
      await expect.poll(() => q.getByText('Unsaved text was recovered').isVisible()).toBe(true);
      await q.getByRole('button', { name: 'Restore' }).click();
      await q.locator('.cm-content').click();
      await q.keyboard.press('Control+End');
      await expect
        .poll(() => q.locator('.cm-content').textContent())
        .toContain('Only in this tab.');
    } finally {
      await context.close();
      first.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
    }
  });

  it('the site switcher and the folder picker (confined to home); preferences kept by the host', async () => {
    const home = tempDir();
    const a = path.join(home, 'blog-a');
    const b = path.join(home, 'blog-b');
    for (const [dir, title] of [
      [a, 'Blog A'],
      [b, 'Blog B'],
    ] as const) {
      mkdirSync(path.join(dir, 'content/posts'), { recursive: true });
      writeFileSync(path.join(dir, 'hugo.toml'), `title = "${title}"\n`);
      writeFileSync(
        path.join(dir, 'content/posts/hello.md'),
        `---\ntitle: Hello from ${title}\ndate: 2024-01-01\n---\nHi.\n`,
      );
    }
    const dataDir = tempDir();
    const host = await startQuireWeb(a, dataDir, { HOME: home });
    try {
      const p = await browser().newPage({ viewport: { width: 1300, height: 850 } });
      await p.goto(host.url);
      await expect.poll(() => p.locator('.app-bar h1').textContent()).toBe('Blog A');
      // Back to the picker, browse the home folder, open Blog B.
      await p.getByLabel('Switch site').selectOption({ label: 'Open another folder…' });
      await p.getByRole('button', { name: 'Browse…' }).click();
      const picker = p.getByRole('dialog', { name: 'Choose a folder' });
      await expect.poll(() => picker.textContent()).toContain('blog-b');
      await expect.poll(() => picker.getByText('Hugo site').count()).toBe(2);
      if (shots) await p.screenshot({ path: path.join(shots, 'folder-picker.png') });
      // No way up from home.
      expect(await picker.getByRole('button', { name: '↑ Up' }).count()).toBe(0);
      await picker.getByRole('button', { name: 'blog-b' }).click();
      await picker.getByRole('button', { name: 'Open this folder' }).click();
      await expect.poll(() => p.locator('.app-bar h1').textContent()).toBe('Blog B');
      // The switcher lists the recent site: back to Blog A.
      await p.getByLabel('Switch site').selectOption({ label: `Blog A — ${a}` });
      await expect.poll(() => p.locator('.app-bar h1').textContent()).toBe('Blog A');
      // A preference set here is kept by the host: a fresh profile (no local storage) has it.
      await openByTitle(p, 'Hello from Blog A');
      await expect
        .poll(() => p.locator('.editor-pane').getAttribute('class'))
        .toContain('with-preview');
      await p.keyboard.press('Control+Alt+p');
      await expect
        .poll(() => p.locator('.editor-pane').getAttribute('class'))
        .not.toContain('with-preview');
      await expect
        .poll(() => readFileSync(path.join(dataDir, 'settings.json'), 'utf8'))
        .toMatch(/"showPreview": false/);
      const fresh = await browser().newContext();
      const q = await fresh.newPage();
      await q.goto(host.url);
      await openByTitle(q, 'Hello from Blog A');
      await expect.poll(() => q.locator('.editor-pane').count()).toBe(1);
      expect(await q.locator('.editor-pane').getAttribute('class')).not.toContain('with-preview');
      await q.close();
      await fresh.close();
      await p.close();
    } finally {
      host.child.kill('SIGTERM');
    }
  });
});
