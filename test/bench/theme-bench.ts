import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findHugo, ThemePreview } from '../../electron/services/hugo-preview.ts';
import { todayAsOf } from '../../electron/services/today.ts';
import { testHost } from '../helpers/app.ts';
import { chromiumPath, ensureBuilt, openByTitle } from '../helpers/browser.ts';
import { copySeedBlog, tempDir, themeBlog } from '../helpers/site.ts';
import { writeCorpus } from './corpus.ts';
import { launchUnthrottled, pct } from './stats.ts';

const SAMPLES = 15;

/** A site with the theme-blog fixture's theme (Quill) added to its config. */
function withTheme(site: string): string {
  cpSync(path.join(themeBlog, 'themes'), path.join(site, 'themes'), { recursive: true });
  const config = path.join(site, 'hugo.toml');
  writeFileSync(
    config,
    'theme = "quill"\n[taxonomies]\ntag = "tags"\n' + readFileSync(config, 'utf8'),
  );
  return site;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (xs: number[]) =>
  `median ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms (n=${xs.length})`;

/**
 * "Your theme": keystroke pause -> the theme's page showing the typed text, in Chromium,
 * for the seed blog and a 2,000-post site, both with the fixture's theme. The peer is
 * Hugo's own reload after a save to disk (what an iframe of `hugo server` gives).
 */
export async function benchTheme(): Promise<void> {
  const hugo = findHugo();
  if (!hugo.ok) return void console.log(`theme: skipped: ${hugo.message}`);
  const chrome = chromiumPath();
  const rendererDir = ensureBuilt();
  const big = tempDir('quire-theme-bench-');
  writeCorpus(big, 2000, 400);
  writeFileSync(
    path.join(big, 'hugo.toml'),
    'title = "Bench"\nbaseURL = "https://example.org/"\n[params]\nmainSections = ["posts"]\n',
  );
  const sites = [
    {
      name: 'seed blog',
      dir: withTheme(copySeedBlog()),
      post: 'content/posts/ergonomic-map.md',
      title: 'Ergonomic Map in Go',
      url: 'posts/ergonomic-map/',
    },
    {
      name: '2,000 posts',
      dir: withTheme(big),
      post: 'content/posts/post-1234.md',
      title: 'Post number 1234',
      url: 'posts/post-1234/',
    },
  ];
  for (const s of sites) {
    // The back end alone: text handed over -> the page served with it; and the peer.
    const preview = new ThemePreview({
      root: s.dir,
      contentDir: 'content',
      configFile: 'hugo.toml',
      dataDir: tempDir(),
      bin: hugo.bin,
      version: hugo.version,
    });
    let t = performance.now();
    await preview.configure({ asOf: todayAsOf().day, drafts: false });
    console.log(`theme: ${s.name}: Hugo started in ${(performance.now() - t).toFixed(0)} ms`);
    const disk = readFileSync(path.join(s.dir, s.post), 'utf8');
    const served = async (marker: string) => {
      for (;;) {
        const html = await (await fetch(preview.base + s.url)).text();
        if (html.includes(marker)) return;
        await sleep(5);
      }
    };
    const overlay: number[] = [];
    const peer: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      // Typing pauses are not in step with Hugo's 500 ms watch batches.
      await sleep(Math.random() * 500);
      const marker = `overlay${i}x${Date.now()}`;
      t = performance.now();
      await preview.update(s.post, `${disk}\n${marker}\n`);
      await served(marker);
      overlay.push(performance.now() - t);
    }
    await preview.update(s.post, null);
    for (let i = 0; i < SAMPLES; i++) {
      await sleep(Math.random() * 500);
      const marker = `saved${i}x${Date.now()}`;
      t = performance.now();
      writeFileSync(path.join(s.dir, s.post), `${disk}\n${marker}\n`);
      await served(marker);
      peer.push(performance.now() - t);
    }
    writeFileSync(path.join(s.dir, s.post), disk);
    await preview.stop();
    console.log(`theme: ${s.name}: back end, text handed over -> page served: ${ms(overlay)}`);
    console.log(`theme: ${s.name}: peer, hugo server after a save to disk: ${ms(peer)}`);
    console.log(
      `theme: ${s.name}: ratio overlay/peer (median): ${(pct(overlay, 50) / pct(peer, 50)).toFixed(2)}`,
    );

    if (!chrome.path) {
      console.log(`theme: ${s.name}: in the app: skipped: ${chrome.why}`);
      continue;
    }
    // In the app: the last keystroke -> the theme's frame shows the text.
    const host = await testHost(s.dir, rendererDir);
    const browser = await launchUnthrottled(chrome.path);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(host.url);
      await openByTitle(page, s.title);
      await page.getByLabel('Autosave').uncheck();
      await page.getByRole('button', { name: 'Your theme' }).click();
      await page
        .frameLocator('iframe[title="Your theme"]')
        .locator('h1')
        .first()
        .waitFor({ timeout: 120_000 });
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+End');
      await page.evaluate(() =>
        document.addEventListener(
          'keydown',
          () => ((window as unknown as { __lastKey: number }).__lastKey = performance.now()),
          true,
        ),
      );
      const app: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        await sleep(Math.random() * 500);
        const word = `typed${i}z`;
        await page.keyboard.type(` ${word}`);
        t = performance.now();
        // Found by polling (any overhead); timed on the page's clock: the last key down to
        // when the frame holding the word was shown.
        let shownAt: number | null = null;
        for (;;) {
          const el = await page.$('iframe[title="Your theme"]');
          const f = await el?.contentFrame();
          const found = await f
            ?.evaluate((w) => document.body.innerText.includes(w), word)
            .catch(() => false);
          if (found) {
            shownAt = Number(await el!.getAttribute('data-shown-at'));
            break;
          }
          if (performance.now() - t > 60_000) throw new Error(`${word} never showed`);
          await sleep(20);
        }
        const keyAt = await page.evaluate(
          () => (window as unknown as { __lastKey: number }).__lastKey,
        );
        app.push(shownAt - keyAt);
      }
      console.log(
        `theme: ${s.name}: in the app, keystroke pause -> updated theme preview: ${ms(app)}${s.name === 'seed blog' ? ' (target <= 300 ms median)' : ''}`,
      );
    } finally {
      await browser.close();
      await host.close();
    }
  }
}
