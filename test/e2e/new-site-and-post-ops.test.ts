import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../electron/web/server.ts';
import { chromiumPath, launchChromium, openByTitle } from '../helpers/browser.ts';
import { testHost } from '../helpers/app.ts';
import { quire } from '../helpers/cli.ts';
import { hugoBuild, hugoVersion } from '../helpers/hugo.ts';
import { copySeedBlog, tempDir } from '../helpers/site.ts';

// A new user: an empty folder becomes a Hugo site through the UI, the first post goes to
// content/posts/, and both Debian's Hugo 0.111 and Quire's export put it on the home page.
// Then the post operations as a user meets them: rename with the list of files first (the
// unsaved text kept), the slug offered after a title change, duplicate, delete and undo.

const chrome = chromiumPath();
if (!chrome.path) console.log(`SKIPPED e2e (new site, post operations): ${chrome.why}`);
const hugo = hugoVersion();
if (!hugo.version) console.log(`the Hugo build checks are skipped: ${hugo.why}`);

const shots = tempDir('quire-shots-');

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

describe.skipIf(!chrome.path)('new site and post operations in Chromium', () => {
  // One host per test: each starts at the site picker.
  const hosts: WebHost[] = [];
  let browser: Browser;
  const newHost = async () => {
    const h = await testHost();
    hosts.push(h);
    return h;
  };

  beforeAll(async () => {
    browser = await launchChromium(chrome.path!);
    console.log(`screenshots in ${shots}`);
  });

  afterAll(async () => {
    await browser?.close();
    for (const h of hosts) await h.close();
  });

  it('`quire web <empty folder>` starts on the New site form for that folder (it used to stop with a question)', async () => {
    const site = path.join(tempDir(), 'fresh');
    mkdirSync(site);
    const host = await testHost(site);
    hosts.push(host);
    expect(host.url).toContain(`&open=${encodeURIComponent(site)}`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(host.url);
    const form = page.getByRole('form', { name: 'New site' });
    await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByText(`Create a Hugo site in ${site}`).count()).toBe(1);
    // The folder is off the address once asked for (a reload does not ask again).
    expect(page.url()).not.toContain('open=');
    expect(existsSync(path.join(site, 'hugo.toml'))).toBe(false);
    await page.close();
  });

  it('an empty folder becomes a site with a first post that Hugo and the export publish', async () => {
    const site = path.join(tempDir(), 'blog');
    mkdirSync(site);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() =>
      localStorage.setItem('quire-prefs', JSON.stringify({ metaExpanded: true })),
    );
    await page.goto((await newHost()).url);
    await page.getByLabel('Site folder').fill(site);
    await page.getByRole('button', { name: 'Open' }).click();
    const form = page.getByRole('form', { name: 'New site' });
    await form.waitFor();
    await shot(page, '1-new-site-form');
    await form.getByLabel('Site title').fill('My New Blog');
    await form.getByLabel('Base URL').fill('https://blog.example.org/');
    await form.getByRole('button', { name: 'Create site' }).click();
    await page.getByLabel('New post title').fill('Hello Quire World');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const rel = 'content/posts/hello-quire-world.md';
    await expect.poll(() => page.locator('.editor-bar .path').textContent()).toContain(rel);
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('My first words on this blog.\n');
    await page.getByLabel('Draft').uncheck();
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(path.join(site, rel), 'utf8')).toContain('My first words');
    await expect.poll(() => readFileSync(path.join(site, rel), 'utf8')).toMatch(/^draft: false$/m);
    await shot(page, '2-first-post');
    expect(existsSync(path.join(site, 'hugo.toml'))).toBe(true);
    expect(readFileSync(path.join(site, 'hugo.toml'), 'utf8')).toContain('title = "My New Blog"');
    expect(errors).toEqual([]);

    if (hugo.version) {
      const out = path.join(tempDir(), 'public');
      hugoBuild(site, out);
      const home = readFileSync(path.join(out, 'index.html'), 'utf8');
      expect(home).toContain('Hello Quire World');
      expect(home).toContain('href="/posts/hello-quire-world/"');
      expect(readFileSync(path.join(out, 'posts/hello-quire-world/index.html'), 'utf8')).toContain(
        'My first words on this blog.',
      );
    }
    const exported = path.join(tempDir(), 'export');
    const r = quire(['export', site, '--out', exported]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(exported, 'index.html'), 'utf8')).toContain('Hello Quire World');
    await page.close();
  });

  it('a folder of Markdown without a config opens read-only with a banner', async () => {
    const dir = path.join(tempDir(), 'notes');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a.md'), '---\ntitle: A note\n---\n\nText.\n');
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto((await newHost()).url);
    await page.getByLabel('Site folder').fill(dir);
    await page.getByRole('button', { name: 'Open' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'Read-only' });
    await banner.waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'New', exact: true }).count()).toBe(1);
    await shot(page, '3-read-only');
    await page.getByLabel('New post title').fill('Should not be written');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/read-only/)]));
    expect(existsSync(path.join(dir, 'should-not-be-written.md'))).toBe(false);
    await banner.getByRole('button', { name: 'Edit anyway' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await page.close();
  });

  it('renames with the files it changes listed first, keeping unsaved text; duplicate, delete, undo', async () => {
    const site = copySeedBlog();
    const target = 'content/posts/ergonomic-map.md';
    // Another post links to it.
    const linker = path.join(site, 'content/posts/saying-no.md');
    const linkerText =
      readFileSync(linker, 'utf8') + '\nSee [the map post](/posts/ergonomic-map/).\n';
    writeFileSync(linker, linkerText);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.addInitScript(() =>
      localStorage.setItem('quire-prefs', JSON.stringify({ autosave: false, metaExpanded: true })),
    );
    await page.goto((await newHost()).url);
    await page.getByLabel('Site folder').fill(site);
    await page.getByRole('button', { name: 'Open' }).click();
    await openByTitle(page, 'Ergonomic Map in Go');
    await expect.poll(() => page.locator('.editor-bar .path').textContent()).toContain(target);
    // Unsaved text, then the title changes: the matching file name is offered.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Typed before the rename.');
    const title = page.getByLabel('Title', { exact: true });
    await title.fill('Maps Made Ergonomic');
    const offer = page.getByRole('button', { name: /Use “maps-made-ergonomic” as the file name/ });
    await offer.waitFor();
    await shot(page, '4-slug-offer');
    await offer.click();
    const dialog = page.getByRole('dialog', { name: 'Rename post' });
    await expect
      .poll(() => dialog.getByLabel('File name').inputValue())
      .toBe('maps-made-ergonomic');
    await dialog.getByRole('button', { name: 'Review changes' }).click();
    const list = dialog.getByRole('region', { name: 'Files this rename changes' });
    await expect.poll(() => list.textContent()).toContain('content/posts/saying-no.md');
    await expect.poll(() => list.textContent()).toContain('/posts/maps-made-ergonomic/');
    await shot(page, '5-rename-review');
    // Nothing written before the confirmation.
    expect(readFileSync(linker, 'utf8')).toBe(linkerText);
    await dialog.getByRole('button', { name: /^Rename \(2 files\)$/ }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const moved = 'content/posts/maps-made-ergonomic.md';
    await expect.poll(() => page.locator('.editor-bar .path').textContent()).toContain(moved);
    expect(existsSync(path.join(site, target))).toBe(false);
    const movedText = readFileSync(path.join(site, moved), 'utf8');
    expect(movedText).toContain('Typed before the rename.');
    expect(movedText).toContain('Maps Made Ergonomic');
    expect(movedText).toMatch(/aliases:.*\/posts\/ergonomic-map\//s);
    expect(readFileSync(linker, 'utf8')).toBe(
      linkerText.replace('(/posts/ergonomic-map/)', '(/posts/maps-made-ergonomic/)'),
    );
    await expect
      .poll(() => page.locator('.cm-content').textContent())
      .toContain('Typed before the rename.');

    // Duplicate, then delete the copy and undo.
    await page.getByRole('button', { name: 'Duplicate' }).click();
    const copy = 'content/posts/maps-made-ergonomic-copy.md';
    await expect.poll(() => page.locator('.editor-bar .path').textContent()).toContain(copy);
    expect(existsSync(path.join(site, copy))).toBe(true);
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page
      .getByRole('group', { name: 'Post actions' })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    const deleted = page.getByRole('status').filter({ hasText: 'Deleted' });
    await deleted.waitFor();
    expect(existsSync(path.join(site, copy))).toBe(false);
    expect(existsSync(path.join(site, '.trash', copy))).toBe(true);
    await shot(page, '6-deleted');
    await deleted.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => existsSync(path.join(site, copy))).toBe(true);
    await expect.poll(() => page.locator('.editor-bar .path').textContent()).toContain(copy);
    await page.close();
  });
});
