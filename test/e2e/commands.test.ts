import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testHost } from '../helpers/app.ts';
import { chromiumPath, openApp, openByTitle } from '../helpers/browser.ts';
import { useChromium } from '../helpers/e2e.ts';
import { copySeedBlog } from '../helpers/site.ts';

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (commands): ${chrome.why}`);

// The menu's commands, from the keyboard in the browser host (one registry runs both).
describe.skipIf(!chrome.path)('commands from the keyboard in the browser host', () => {
  const browser = useChromium();

  it('save, find, toggle preview, views and new post all answer their keys', async () => {
    const site = copySeedBlog();
    const host = await testHost(site);
    const p = await openApp(browser(), host.url, { prefs: { autosave: false }, errors: [] });
    try {
      await openByTitle(p, 'Proxy Layers');
      await expect.poll(() => p.locator('.cm-content').textContent()).toContain('title');
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+End');
      await p.keyboard.type('Saved from the keyboard.');
      // Save with the focus outside the editor.
      await p.getByLabel('Search posts').focus();
      await p.keyboard.press('Control+s');
      await expect
        .poll(() => readFileSync(path.join(site, 'content/posts/proxy-layers.md'), 'utf8'))
        .toContain('Saved from the keyboard.');
      // Find opens the editor's search panel even from outside the editor.
      await p.keyboard.press('Control+f');
      await expect.poll(() => p.locator('.find-panel').isVisible()).toBe(true);
      // Toggle Preview.
      await expect.poll(() => p.locator('iframe[title="Preview"]').count()).toBe(1);
      await p.keyboard.press('Control+Alt+p');
      await expect.poll(() => p.locator('iframe[title="Preview"]').count()).toBe(0);
      await p.keyboard.press('Control+Alt+p');
      await expect.poll(() => p.locator('iframe[title="Preview"]').count()).toBe(1);
      // Views: Alt+2 listing preview, Alt+1 back to writing.
      await p.keyboard.press('Alt+2');
      await expect
        .poll(() =>
          p
            .getByRole('button', { name: 'Listing preview', exact: true })
            .getAttribute('aria-pressed'),
        )
        .toBe('true');
      await p.keyboard.press('Alt+1');
      await expect.poll(() => p.locator('.editor-pane .cm-content').count()).toBe(1);
      // Typing {{< offers the shortcode names; Insert Figure writes a figure from a form.
      await p.locator('.cm-content').click();
      await p.keyboard.press('Control+End');
      await p.keyboard.type('\n{{< ');
      await expect
        .poll(() =>
          p
            .locator('.cm-tooltip-autocomplete')
            .textContent({ timeout: 1000 })
            .catch(() => ''),
        )
        .toContain('figure');
      await p.keyboard.press('Escape');
      await p.keyboard.press('Control+End');
      await p.keyboard.press('Enter');
      await p.keyboard.press('Control+Alt+f');
      await expect
        .poll(() => p.getByRole('form', { name: 'Insert figure' }).isVisible())
        .toBe(true);
      await p.keyboard.type('diagram.png');
      await p.keyboard.press('Tab');
      await p.keyboard.type('A diagram of the layers');
      await p.keyboard.press('Enter');
      await p.keyboard.press('Control+s');
      await expect
        .poll(() => readFileSync(path.join(site, 'content/posts/proxy-layers.md'), 'utf8'))
        .toContain('{{< figure src="diagram.png" alt="A diagram of the layers" >}}');
      // New Post puts the cursor in the new post's title field.
      await p.keyboard.press('Control+Alt+n');
      await expect
        .poll(() => p.evaluate(() => document.activeElement?.getAttribute('aria-label')))
        .toBe('New post title');
      await p.keyboard.type('Made from the keyboard');
      await p.keyboard.press('Enter');
      await expect
        .poll(() => p.locator('.editor-bar .path').textContent())
        .toContain('made-from-the-keyboard');
    } finally {
      await p.close();
      await host.close();
    }
  });

  it('Settings says why when the back end does not answer, and reads the settings when it does again', async () => {
    const site = copySeedBlog();
    const host = await testHost(site);
    // An error thrown in the page (an unhandled failed request) fails the test.
    const p = await openApp(browser(), host.url, { prefs: { autosave: false } });
    try {
      // The back end stops answering as the view opens (it is restarting).
      await p.route('**/api/quire:readSiteConfig', (route) => route.abort('connectionreset'));
      await p.route('**/api/quire:hugoStatus', (route) => route.abort('connectionreset'));
      await p.keyboard.press('Alt+5');
      const alert = p.getByRole('alert');
      await expect.poll(() => alert.textContent()).toMatch(/^Could not read the site's settings: /);
      // The app's own settings are still there.
      await p.getByRole('checkbox', { name: 'Vim keybindings' }).waitFor();
      await p.unroute('**/api/quire:readSiteConfig');
      await p.getByRole('button', { name: 'Try again' }).click();
      await expect
        .poll(() => p.getByLabel('Title', { exact: true }).inputValue())
        .toBe('Seed Blog');
    } finally {
      await p.close();
      await host.close();
    }
  });
});
