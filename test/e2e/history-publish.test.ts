import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WebHost } from '../../electron/web/server.ts';
import { testHost } from '../helpers/app.ts';
import { chromiumPath, openApp, openByTitle } from '../helpers/browser.ts';
import { git, gitVersion, publishedSite, useGitIdentity } from '../helpers/git.ts';
import { useChromium } from '../helpers/e2e.ts';
import { copySeedBlog } from '../helpers/site.ts';

// Local history (timeline → diff → restore) and Publish (commit + push, a rejected push
// resolved by a pull) as a user does them in Chromium.

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (history and publish): ${chrome.why}`);
const hasGit = gitVersion();
if (!hasGit.version) console.log(`SKIPPED e2e (publish): ${hasGit.why}`);

const POST = 'content/posts/kubernetes-tools.md';
const TITLE = 'Useful tools for Kubernetes';
const shots = process.env.QUIRE_SHOTS;

describe.skipIf(!chrome.path)('history and publish in Chromium', () => {
  const browser = useChromium();

  async function start(site: string): Promise<{ p: Page; host: WebHost }> {
    const host = await testHost(site);
    const p = await openApp(browser(), host.url, { prefs: { autosave: false }, errors: [] });
    await openByTitle(p, TITLE);
    await expect.poll(() => p.locator('.editor-bar .path').textContent()).toContain(POST);
    return { p, host };
  }

  async function typeAndSave(p: Page, text: string, site: string): Promise<void> {
    await p.locator('.cm-content').click();
    await p.keyboard.press('Control+End');
    await p.keyboard.type(text);
    await p.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(path.join(site, POST), 'utf8')).toContain(text);
  }

  it('timeline → diff → restore: the file is the chosen version again, byte for byte, and nothing typed is lost', async () => {
    const site = copySeedBlog();
    const original = readFileSync(path.join(site, POST));
    const { p, host } = await start(site);
    try {
      await typeAndSave(p, '\nFirst saved paragraph.', site);
      await typeAndSave(p, '\nSecond saved paragraph.', site);
      // Unsaved text in the editor when restoring: kept in the history too.
      await p.keyboard.type('\nTyped but never saved.');
      await p.getByRole('button', { name: 'History' }).click();
      const panel = p.getByRole('dialog', { name: 'History of this post' });
      const versions = panel.getByRole('list', { name: 'Versions' }).getByRole('button');
      await expect.poll(() => versions.count()).toBe(2);
      // The oldest: the file as it was opened.
      await versions.last().click();
      const diff = panel.getByLabel('Differences');
      await expect.poll(() => diff.textContent()).toContain('- Second saved paragraph.');
      await expect.poll(() => diff.textContent()).toContain('- Typed but never saved.');
      if (shots) await p.screenshot({ path: path.join(shots, 'history.png') });
      await panel.getByRole('button', { name: 'Restore this version' }).click();
      await expect.poll(() => readFileSync(path.join(site, POST))).toEqual(original);
      await expect.poll(() => p.getByRole('status').first().textContent()).toContain('Restored');
      await expect.poll(() => p.locator('.cm-content').textContent()).not.toContain('First saved');
      // The restore is in the timeline: the saved text and the unsaved text are there.
      await expect.poll(() => versions.count()).toBe(4);
      await versions.first().click();
      const texts: string[] = [];
      for (let i = 0; i < 2; i++) {
        await versions.nth(i).click();
        await expect.poll(() => diff.textContent()).toContain('+ ');
        texts.push((await diff.textContent()) ?? '');
      }
      expect(texts.join('\n')).toContain('+ Typed but never saved.');
      // And the editor's undo brings the text back too.
      await p.getByRole('button', { name: 'Close' }).click();
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+z');
      await p.keyboard.press('Control+End');
      await expect
        .poll(() => p.locator('.cm-content').textContent())
        .toContain('Typed but never saved.');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it.skipIf(!hasGit.version)(
    'publish: commit and push from the UI; a rejected push is shown and Pull, then push keeps both sides',
    async () => {
      useGitIdentity();
      const { site, bare, other } = publishedSite();
      const { p, host } = await start(site);
      try {
        await typeAndSave(p, '\nPublished from the browser().', site);
        await p.getByRole('button', { name: 'Publish' }).click();
        const panel = p.getByRole('dialog', { name: 'Publish' });
        await expect
          .poll(() => panel.getByRole('list', { name: 'Changes' }).textContent())
          .toContain(POST);
        await panel.getByLabel('Commit message').fill('A paragraph from the browser()');
        if (shots) await p.screenshot({ path: path.join(shots, 'publish.png') });
        await panel.getByRole('button', { name: 'Commit and push' }).click();
        await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/Pushed main/);
        expect(git(bare, 'show', `main:${POST}`)).toContain('Published from the browser().');
        expect(git(bare, 'log', '-1', '--format=%s').trim()).toBe('A paragraph from the browser()');

        // Someone publishes from elsewhere; then a second change here is rejected.
        git(other, 'pull', '-q');
        appendFileSync(path.join(other, 'content/posts/go-build-times.md'), '\nFrom the laptop.\n');
        git(other, 'commit', '-qam', 'Laptop');
        git(other, 'push', '-q');
        await typeAndSave(p, '\nSecond paragraph from the browser().', site);
        await panel.getByLabel('Commit message').fill('Second from the browser()');
        await panel.getByRole('button', { name: 'Commit and push' }).click();
        const alert = panel.getByRole('alert');
        await expect.poll(() => alert.textContent()).toMatch(/push was rejected.*Pull first/);
        if (shots) await p.screenshot({ path: path.join(shots, 'publish-rejected.png') });
        expect(git(bare, 'show', `main:${POST}`)).not.toContain('Second paragraph');
        await alert.getByRole('button', { name: 'Pull, then push' }).click();
        await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/Pushed main/);
        expect(git(bare, 'show', `main:${POST}`)).toContain('Second paragraph from the browser().');
        expect(git(bare, 'show', 'main:content/posts/go-build-times.md')).toContain(
          'From the laptop.',
        );
        // The pulled file is in the site and the open post still has its text.
        expect(readFileSync(path.join(site, 'content/posts/go-build-times.md'), 'utf8')).toContain(
          'From the laptop.',
        );
      } finally {
        await p.close();
        await host.close();
      }
    },
  );
});
