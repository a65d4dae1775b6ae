import { pct } from './stats.ts';
import { SettingsStore } from '../../electron/services/settings.ts';
import { startWebHost } from '../../electron/web/server.ts';
import { chromiumPath, ensureBuilt, launchChromium } from '../helpers/browser.ts';
import { tempDir } from '../helpers/site.ts';
import { writeCorpus } from './corpus.ts';

/** 10,000 posts open in the app: search and filter latency, archive scrolling frames. */
export async function benchBrowse(count = 10_000): Promise<void> {
  const chrome = chromiumPath();
  if (!chrome.path) {
    console.log(`browse: skipped: ${chrome.why}`);
    return;
  }
  const rendererDir = ensureBuilt();
  const site = tempDir('quire-browse-bench-');
  writeCorpus(site, count);
  const host = await startWebHost({
    port: 0,
    rendererDir,
    site,
    settings: new SettingsStore(tempDir()),
    cacheDir: null,
  });
  const browser = await launchChromium(chrome.path, [
    '--disable-frame-rate-limit',
    '--disable-gpu-vsync',
  ]);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.getByLabel('Search posts').waitFor();
    let t = performance.now();
    await page.getByLabel('Search posts').fill('warm');
    await page.waitForFunction(
      () => document.querySelector('.archive-list')?.getAttribute('data-query') === 'warm',
      undefined,
      { timeout: 120_000 },
    );
    console.log(
      `browse: ${count} posts: first search builds the full-text index in ${((performance.now() - t) / 1000).toFixed(2)} s`,
    );
    await page.getByLabel('Search posts').fill('');

    // Search: keystroke to the results of that query on screen.
    const search: number[] = [];
    for (const word of ['state world', 'because little', 'things made work', 'great year long']) {
      await page.getByLabel('Search posts').fill('');
      await page.waitForFunction(
        () => document.querySelector('.archive-list')?.getAttribute('data-query') === '',
      );
      let typed = '';
      for (const ch of word) {
        typed += ch;
        t = performance.now();
        await page.getByLabel('Search posts').press(ch === ' ' ? 'Space' : ch);
        if (typed.trim() === typed) {
          await page.waitForFunction(
            (q) => document.querySelector('.archive-list')?.getAttribute('data-query') === q,
            typed,
          );
          search.push(performance.now() - t);
        }
      }
    }
    console.log(
      `browse: search keystroke to results p50 ${pct(search, 50).toFixed(1)} ms, p95 ${pct(search, 95).toFixed(1)} ms over ${search.length} keystrokes (target p95 <= 50 ms) ${pct(search, 95) <= 50 ? 'OK' : 'OVER'}`,
    );
    await page.getByLabel('Search posts').fill('');

    // Filter: choosing a tag or state to the filtered list on screen.
    const filter: number[] = [];
    for (let i = 0; i < 20; i++) {
      const tag = ['go', 'rust', 'k8s', 'web', ''][i % 5]!;
      const state = i % 2 ? 'draft' : '';
      t = performance.now();
      await page.getByLabel('Tag').selectOption(tag);
      await page.getByLabel('State').selectOption(state);
      await page.waitForFunction(
        (f) => document.querySelector('.archive-list')?.getAttribute('data-filter') === f,
        `${tag}||${state}|date`,
      );
      filter.push(performance.now() - t);
    }
    console.log(
      `browse: filter change to results p50 ${pct(filter, 50).toFixed(1)} ms, p95 ${pct(filter, 95).toFixed(1)} ms over ${filter.length} changes (target p95 <= 50 ms) ${pct(filter, 95) <= 50 ? 'OK' : 'OVER'}`,
    );
    await page.getByLabel('Tag').selectOption('');
    await page.getByLabel('State').selectOption('');

    // Scrolling the whole archive, one step per frame: how long each frame took.
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('.archive-list');
      const out = [];
      let last = performance.now();
      const step = () => {
        const now = performance.now();
        out.push(now - last);
        last = now;
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || out.length > 600) return resolve(out.slice(1));
        el.scrollTop += 400;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    })`)) as number[];
    const over = frames.filter((f) => f > 32).length;
    console.log(
      `browse: archive scroll: ${frames.length} frames, p50 ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms, ${over} over 32 ms (target: none) ${over === 0 ? 'OK' : 'OVER'}`,
    );
  } finally {
    await browser.close();
    await host.close();
  }
}
