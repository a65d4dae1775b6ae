import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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
 * for the seed blog and a 2,000-post site, both with the fixture's theme. Peers: the other
 * way of running Hugo (one build per change vs `hugo server`), and Hugo's own reload after
 * a save to disk (what an iframe of `hugo server` gives).
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
  const results = new Map<string, number[]>();
  console.log(`theme: load average at start${load()}`);
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
  // QUIRE_BENCH_THEME=seed: the seed blog only (a quick run on a busy machine).
  const only = process.env.QUIRE_BENCH_THEME === 'seed' ? sites.slice(0, 1) : sites;
  // QUIRE_BENCH_THEME_APP=1: in the app only (not the back end alone).
  const backEnd = process.env.QUIRE_BENCH_THEME_APP !== '1';
  for (const s of only) {
    const disk = readFileSync(path.join(s.dir, s.post), 'utf8');
    // The back end alone, each way of running Hugo: text handed over -> the page served
    // with it. A full build per change is slow on a big site: fewer samples there.
    for (const mode of backEnd ? (['build', 'server'] as const) : []) {
      const preview = new ThemePreview({
        root: s.dir,
        contentDir: 'content',
        configFile: 'hugo.toml',
        dataDir: tempDir(),
        bin: hugo.bin,
        version: hugo.version,
        mode,
      });
      let t = performance.now();
      await preview.configure({ asOf: todayAsOf().day, drafts: false });
      console.log(
        `theme: ${s.name}: ${mode} mode: Hugo started in ${(performance.now() - t).toFixed(0)} ms`,
      );
      const served = async (marker: string) => {
        for (;;) {
          const html = await (await fetch(preview.base + s.url)).text();
          if (html.includes(marker)) return;
          await sleep(5);
        }
      };
      const n = mode === 'build' && s.name !== 'seed blog' ? 3 : SAMPLES;
      const overlay: number[] = [];
      for (let i = 0; i < n; i++) {
        // Typing pauses are not in step with Hugo's 500 ms watch batches.
        await sleep(Math.random() * 500);
        const marker = `overlay${i}x${Date.now()}`;
        t = performance.now();
        await preview.update(s.post, `${disk}\n${marker}\n`);
        await served(marker);
        overlay.push(performance.now() - t);
      }
      results.set(`${s.name}/${mode}`, overlay);
      console.log(
        `theme: ${s.name}: back end, ${mode} mode, text handed over -> page served: ${ms(overlay)}${load()}`,
      );
      await preview.update(s.post, null);
      if (mode === 'server') {
        // The peer: an iframe of `hugo server` (what other tools show), after a save.
        const peer: number[] = [];
        for (let i = 0; i < SAMPLES; i++) {
          await sleep(Math.random() * 500);
          const marker = `saved${i}x${Date.now()}`;
          t = performance.now();
          writeFileSync(path.join(s.dir, s.post), `${disk}\n${marker}\n`);
          await served(marker);
          peer.push(performance.now() - t);
        }
        writeFileSync(path.join(s.dir, s.post), disk);
        console.log(
          `theme: ${s.name}: peer, hugo server after a save to disk: ${ms(peer)}${load()}`,
        );
      }
      await preview.stop();
    }
    if (backEnd) {
      const b = results.get(`${s.name}/build`)!;
      const v = results.get(`${s.name}/server`)!;
      console.log(
        `theme: ${s.name}: back end, ratio build/server mode (median): ${(pct(b, 50) / pct(v, 50)).toFixed(2)}`,
      );
    }

    if (!chrome.path) {
      console.log(`theme: ${s.name}: in the app: skipped: ${chrome.why}`);
      continue;
    }
    // In the app: the last keystroke -> the theme's frame shows the text. The app chooses
    // how to run Hugo (auto) and patches each build into the page shown. Its peers run at
    // the same time, on copies of the site, one sample each in turn (the same load for
    // all): the frames reloading each build into the other frame as before patching
    // (QUIRE_THEME_PATCH=0, with Hugo run the way the app chose), and on the seed blog
    // Hugo's other way of running, patched.
    const seed = s.name === 'seed blog';
    const sessions: AppSession[] = [];
    try {
      const main = await openApp(s, s.dir, rendererDir, chrome.path, 'auto', true, 'patched in');
      sessions.push(main);
      sessions.push(
        await openApp(
          s,
          copySite(s.dir),
          rendererDir,
          chrome.path,
          main.mode,
          false,
          'peer: reloaded into the other frame',
        ),
      );
      if (seed) {
        const other = main.mode === 'build' ? 'server' : 'build';
        sessions.push(
          await openApp(
            s,
            copySite(s.dir),
            rendererDir,
            chrome.path,
            other,
            true,
            'peer: patched in',
          ),
        );
      }
      const n = seed ? SAMPLES * 2 : SAMPLES;
      for (let i = 0; i < n; i++) for (const x of sessions) await x.sample(i);
      for (const x of sessions) {
        const target = x === main && seed ? ' (target <= 300 ms median)' : '';
        console.log(
          `theme: ${s.name}: in the app, ${x.label} (${x === main ? `as the app chooses: ${x.mode}` : x.mode} mode), keystroke pause -> updated theme preview: ${ms(x.times)}${target}; patched into the page shown ${x.patched} of ${x.times.length}${load()}`,
        );
      }
      console.log(
        `theme: ${s.name}: in the app, ratio patched/reloaded (median): ${(pct(sessions[0]!.times, 50) / pct(sessions[1]!.times, 50)).toFixed(2)}`,
      );
    } finally {
      for (const x of sessions) await x.close();
    }
  }
}

/** Another copy of a site (a peer runs its own Hugo on it). */
function copySite(dir: string): string {
  const to = tempDir('quire-theme-bench-');
  cpSync(dir, to, { recursive: true });
  return to;
}

/** The load average, which says how busy the (shared) machine was. */
function load(): string {
  return ` [load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}]`;
}

interface AppSession {
  label: string;
  /** How Hugo runs there (build, server). */
  mode: string;
  times: number[];
  patched: number;
  /** Types a word and times it until the theme's frame shows it. */
  sample(i: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The app in Chromium on a site, with "Your theme" open on the post; `sample` times the
 * last key down -> the theme's frame showing the typed word (page clock).
 */
async function openApp(
  s: { title: string },
  dir: string,
  rendererDir: string,
  chrome: string,
  mode: string,
  patch: boolean,
  label: string,
): Promise<AppSession> {
  process.env.QUIRE_THEME_MODE = mode;
  process.env.QUIRE_THEME_PATCH = patch ? '1' : '0';
  const host = await testHost(dir, rendererDir);
  const browser = await launchUnthrottled(chrome);
  const close = async () => {
    await browser.close();
    await host.close();
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    // Unthrottled, the editor's blinking cursor is redrawn without pause (about half a
    // core per session, measured): still, it leaves the CPU to Hugo and the frame.
    await page.addStyleTag({ content: '.cm-cursorLayer { animation: none !important; }' });
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
    const chosen = (await page.locator('.theme-status').first().getAttribute('data-mode')) ?? '?';
    const x: AppSession = {
      label,
      mode: chosen,
      times: [],
      patched: 0,
      close,
      sample: async (i) => {
        // A mark in the page shown: still there after the update when it was patched in
        // place, gone when the other frame loaded the new build.
        const shown = await (await page.$('iframe[title="Your theme"]'))?.contentFrame();
        await shown?.evaluate(() => ((window as unknown as { __mark: boolean }).__mark = true));
        await sleep(300 + Math.random() * 500);
        const word = `typed${i}z`;
        await page.keyboard.type(` ${word}`);
        const t = performance.now();
        // Found by polling (any overhead); timed on the page's clock: the last key down to
        // when the frame holding the word was shown.
        for (;;) {
          const el = await page.$('iframe[title="Your theme"]');
          const f = await el?.contentFrame();
          const found = await f
            ?.evaluate((w) => document.body.innerText.includes(w), word)
            .catch(() => false);
          if (found) {
            const shownAt = Number(await el!.getAttribute('data-shown-at'));
            const marked = await f!.evaluate(
              () => (window as unknown as { __mark?: boolean }).__mark === true,
            );
            if (marked) x.patched++;
            const keyAt = await page.evaluate(
              () => (window as unknown as { __lastKey: number }).__lastKey,
            );
            x.times.push(shownAt - keyAt);
            return;
          }
          if (performance.now() - t > 60_000) throw new Error(`${word} never showed`);
          // Seldom: the polling itself takes the page's time (the number is the page clock's).
          await sleep(100);
        }
      },
    };
    return x;
  } catch (err) {
    await close();
    throw err;
  } finally {
    delete process.env.QUIRE_THEME_MODE;
    delete process.env.QUIRE_THEME_PATCH;
  }
}
