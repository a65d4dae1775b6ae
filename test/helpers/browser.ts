import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from './site.ts';

/** Debian's Chromium, if installed; the reason otherwise (printed when a test skips). */
export function chromiumPath(): { path: string | null; why: string } {
  const p = process.env.QUIRE_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(p)
    ? { path: p, why: '' }
    : {
        path: null,
        why: `no Chromium at ${p} (apt-get install -y chromium); npm test installs it when it can`,
      };
}

/** Launches Chromium headless with the flags that work on this machine. */
export function launchChromium(executablePath: string, extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
}

/** Builds the app once when its renderer is missing (npm test builds it first). */
export function ensureBuilt(): string {
  const dir = path.join(repoRoot, 'out/renderer');
  if (!existsSync(path.join(dir, 'index.html'))) {
    const r = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    if (r.status !== 0) throw new Error('npm run build failed');
  }
  return dir;
}

/** Finds a post in the archive browser by searching its title, and opens it. */
export async function openByTitle(page: Page, title: string): Promise<void> {
  await page.getByLabel('Search posts').fill(title);
  // Click only once the list shows the results for this query: a click on a row of the list
  // before the search results replace it can land on nothing (seen under load in CI).
  await page.waitForFunction(
    (q) => document.querySelector('.archive-list')?.getAttribute('data-query') === q,
    title,
    { timeout: 30_000 },
  );
  await page
    .getByRole('listbox', { name: 'Archive' })
    .getByRole('option', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') })
    .first()
    .click();
  await page.getByLabel('Search posts').fill('');
}

/** How a test opens the app: the user's preferences and what the page is allowed to do. */
export interface OpenAppOptions {
  /** Preferences already saved before the first load (localStorage `quire-prefs`). */
  prefs?: object;
  /** Set the preferences on the first load only, so a reload keeps what the app saved. */
  prefsOnce?: boolean;
  viewport?: { width: number; height: number };
  /** An error thrown in the page fails the test (default) or is collected here. */
  errors?: string[];
  /** Wait for the archive (a site is open); false for pages that start elsewhere. */
  waitForArchive?: boolean;
}

/** A new page of `browser` with the app at `url`, as a user with `opts.prefs` would see it. */
export async function openApp(
  browser: Browser,
  url: string,
  opts: OpenAppOptions = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
  const errors = opts.errors;
  page.on('pageerror', (e) => {
    if (errors) errors.push(e.message);
    else throw e;
  });
  if (opts.prefs)
    await page.addInitScript(
      ({ prefs, once }) => {
        if (once && sessionStorage.getItem('quire-test-started')) return;
        localStorage.setItem('quire-prefs', JSON.stringify(prefs));
        sessionStorage.setItem('quire-test-started', '1');
      },
      { prefs: opts.prefs as Record<string, unknown>, once: !!opts.prefsOnce },
    );
  await page.goto(url);
  if (opts.waitForArchive !== false) await page.getByLabel('Search posts').waitFor();
  return page;
}
