import { pct } from './stats.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, ensureBuilt } from '../helpers/browser.ts';
import { testHost } from '../helpers/app.ts';
import { launchUnthrottled } from './stats.ts';
import { launchChromium } from '../helpers/browser.ts';
import { tempDir } from '../helpers/site.ts';
import { makePost } from './markdown-bench.ts';
import { load } from './process-bench.ts';

/**
 * Records, per keystroke, the time from the key event's timeStamp (when the browser took the
 * input, so queueing counts) to just after the frame that shows the character: a rAF asked
 * for in the keydown (capture, before the editor's handlers), then a message posted from it,
 * which runs once that frame's style, layout and paint are done. Peer and editor alike.
 */
async function installLatencyProbe(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__lat = [];
    window.addEventListener('keydown', (e) => {
      const t = e.timeStamp;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => window.__lat.push(performance.now() - t);
        ch.port2.postMessage(0);
      });
    }, true);
    performance.clearMeasures();
  })()`);
}

/** 200 keystrokes (QUIRE_BENCH_KEYS), 60 ms apart (a fast typist), with a short pause every 10. */
async function typeKeys(page: Page): Promise<void> {
  const text = 'The quick brown fox jumps over the lazy dog. ';
  const keys = Number(process.env.QUIRE_BENCH_KEYS) || 200;
  for (let i = 0; i < keys; i++) {
    await page.keyboard.type(text[i % text.length]!);
    await page.waitForTimeout(i % 10 === 9 ? 400 : 60);
  }
}

/** The trace categories: top-level tasks with thread CPU time, key events, frames. */
const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'benchmark'];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { type?: string } };
}

/**
 * From a trace of a typing run, the renderer main thread's work per keystroke: the thread CPU
 * time of every task from the one that dispatched the keydown to the end of the first frame
 * (BeginMainFrame: animation callbacks, style, layout, paint, commit) after it. Not quantized
 * to frames, and hardly moved by other processes (thread time, not wall time). Also the
 * main thread's (and the preview worker's) total CPU over the run, per keystroke, which
 * counts the work deferred to pauses too.
 */
export function workPerKey(events: TraceEvent[]): {
  work: number[];
  mainPerKey: number;
  workerPerKey: number;
} {
  const keyOf = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const keydowns = events.filter(
    (e) => e.name === 'EventDispatch' && e.ph === 'X' && e.args?.data?.type === 'keydown',
  );
  if (!keydowns.length) return { work: [], mainPerKey: NaN, workerPerKey: NaN };
  const main = keyOf(keydowns[0]!);
  const pid = keydowns[0]!.pid;
  const workers = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.pid === pid && /Worker/.test(e.args?.name ?? ''))
      .map(keyOf),
  );
  const tasks = events
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && e.dur)
    .sort((a, b) => a.ts - b.ts);
  const mainTasks = tasks.filter((e) => keyOf(e) === main);
  const frames = events
    .filter((e) => e.name === 'ProxyMain::BeginMainFrame' && e.ph === 'X' && keyOf(e) === main)
    .sort((a, b) => a.ts - b.ts);
  const work: number[] = [];
  for (const k of keydowns.filter((e) => keyOf(e) === main)) {
    const task = mainTasks.find((t) => t.ts <= k.ts && t.ts + t.dur! >= k.ts + (k.dur ?? 0));
    if (!task) continue;
    const frame = frames.find((f) => f.ts >= task.ts + task.dur!);
    if (!frame) continue;
    const end = frame.ts + frame.dur!;
    let cpu = 0;
    for (const t of mainTasks) if (t.ts >= task.ts && t.ts < end) cpu += t.tdur ?? t.dur!;
    work.push(cpu / 1000);
  }
  const first = keydowns[0]!.ts;
  const last = keydowns[keydowns.length - 1]!.ts + 1_000_000;
  const cpuOn = (pred: (e: TraceEvent) => boolean) =>
    tasks
      .filter((t) => pred(t) && t.ts >= first && t.ts < last)
      .reduce((a, t) => a + (t.tdur ?? t.dur!), 0) / 1000;
  return {
    work,
    mainPerKey: cpuOn((t) => keyOf(t) === main) / keydowns.length,
    workerPerKey: cpuOn((t) => workers.has(keyOf(t))) / keydowns.length,
  };
}

/** Typing latency and preview update time in Chromium, against the browser host. */
export async function benchEditor(): Promise<void> {
  const chrome = chromiumPath();
  if (!chrome.path) {
    console.log(`editor: skipped: ${chrome.why}`);
    return;
  }
  // QUIRE_BENCH_RENDERER_DIR: another build of the app (an older commit's `out/renderer`),
  // measured by this same bench, for a before/after.
  const rendererDir = process.env.QUIRE_BENCH_RENDERER_DIR ?? ensureBuilt();
  const site = tempDir('quire-editor-bench-');
  mkdirSync(path.join(site, 'content/posts'), { recursive: true });
  writeFileSync(path.join(site, 'hugo.toml'), 'title = "Bench"\n');
  for (const words of [5_000, 50_000]) {
    writeFileSync(
      path.join(site, `content/posts/p${words}.md`),
      `---\ntitle: "Post of ${words} words"\ndate: 2024-01-01\n---\n\n${makePost(words)}`,
    );
  }
  let peer: number;
  const host = await testHost(site, rendererDir);
  const browser = await launchBench(chrome.path);
  try {
    // The peer: a bare <textarea> with the same text, typed the same way in the same browser.
    if (process.env.QUIRE_BENCH_SURFACE === '1') {
      await benchSurface(browser, host.url);
      return;
    }
    {
      const r = await peerRun(browser);
      console.log(
        `editor: peer (bare textarea, 50000 words): keystroke to paint p50 ${pct(r.lat, 50).toFixed(1)} ms, p95 ${pct(r.lat, 95).toFixed(1)} ms; main-thread work per keystroke p50 ${pct(r.work, 50).toFixed(1)} ms, p95 ${pct(r.work, 95).toFixed(1)} ms`,
      );
      peer = pct(r.lat, 95);
    }
    // 5,000 words once; 50,000 words (the target) over QUIRE_BENCH_RUNS runs (default 5),
    // each in a fresh page: the median p95 and its spread.
    const runs = Number(process.env.QUIRE_BENCH_RUNS) || 5;
    const p95s: number[] = [];
    for (const words of [5_000, ...Array.from({ length: runs }, () => 50_000)]) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const prefs = JSON.stringify({
        autosave: false,
        showMeta: false,
        showPreview: process.env.QUIRE_BENCH_NO_PREVIEW !== '1',
      });
      await page.addInitScript((p: string) => localStorage.setItem('quire-prefs', p), prefs);
      await page.goto(host.url);
      await page.getByRole('option', { name: `Post of ${words} words` }).click();
      if (process.env.QUIRE_BENCH_NO_PREVIEW !== '1')
        await page.waitForFunction(
          () => document.querySelector('iframe[title="Preview"]') !== null,
        );
      await page.waitForTimeout(1500);
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+End');
      await installLatencyProbe(page);
      await typeKeys(page);
      await page.waitForTimeout(800);
      // A string, so the bundler's helpers stay out of the page.
      const r = (await page.evaluate(`({
        lat: window.__lat,
        worker: performance.getEntriesByName('quire:preview-worker').map((e) => e.duration),
        sanitize: performance.getEntriesByName('quire:preview-sanitize').map((e) => e.duration),
        patch: performance.getEntriesByName('quire:preview-patch').map((e) => e.duration),
      })`)) as { lat: number[]; worker: number[]; sanitize: number[]; patch: number[] };
      const n = Math.min(r.worker.length, r.sanitize.length, r.patch.length);
      const updates = Array.from(
        { length: n },
        (_, i) => r.worker[i]! + r.sanitize[i]! + r.patch[i]!,
      );
      const target = words === 5_000 ? 16 : 50;
      const p95 = pct(r.lat, 95);
      if (words === 50_000) p95s.push(p95);
      const up = pct(updates, 50);
      console.log(
        `editor: ${words} words, preview open: keystroke to paint p50 ${pct(r.lat, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${r.lat.length} keystrokes (${(p95 / peer).toFixed(2)}x the bare textarea; target p95 <= 16 ms) ${p95 <= 16 ? 'OK' : 'OVER'}`,
      );
      if (n > 0 && process.env.QUIRE_BENCH_DETAIL)
        console.log(
          `editor:   worker ${pct(r.worker, 50).toFixed(1)} ms, sanitize ${pct(r.sanitize, 50).toFixed(1)} ms, patch ${pct(r.patch, 50).toFixed(1)} ms (medians)`,
        );
      if (n > 0)
        console.log(
          `editor: ${words} words: preview update (render changed blocks in the worker + sanitize + patch) median ${up.toFixed(1)} ms, p95 ${pct(updates, 95).toFixed(1)} ms over ${n} updates (target <= ${target} ms) ${up <= target ? 'OK' : 'OVER'}`,
        );
      await page.close();
    }
    const sorted = [...p95s].sort((a, b) => a - b);
    const med = sorted[sorted.length >> 1]!;
    console.log(
      `editor: 50000 words, ${p95s.length} runs: keystroke to paint p95 median ${med.toFixed(1)} ms (spread ${sorted[0]!.toFixed(1)}–${sorted[sorted.length - 1]!.toFixed(1)} ms; runs ${p95s.map((x) => x.toFixed(1)).join(', ')}); target p95 <= 16 ms ${sorted[sorted.length - 1]! <= 16 ? 'OK in every run' : med <= 16 ? 'OK (median), OVER in some runs' : 'OVER'}; ${load()}`,
    );
  } finally {
    await browser.close();
    await host.close();
  }
}

/**
 * The browser for the typing runs: frames at the display's rate (60 Hz), as in the desktop
 * app, so "keystroke to paint" is what a user sees, for the peer and the editor alike. (With
 * frames unthrottled, the editor's page drew frames back to back, rAF every 0.4 ms when idle,
 * while the textarea's page stayed at 60 Hz: the two were not measured the same way.)
 * QUIRE_BENCH_UNTHROTTLED=1 gives the unthrottled browser.
 */
function launchBench(executablePath: string): Promise<Browser> {
  return process.env.QUIRE_BENCH_UNTHROTTLED === '1'
    ? launchUnthrottled(executablePath)
    : launchChromium(executablePath);
}

/** What one typing run measured. */
interface Sample {
  /** Keystroke (event timeStamp) to after the frame that shows it, ms: frame-quantized. */
  lat: number[];
  /** Main-thread CPU from the keydown's task through that frame, ms (workPerKey). */
  work: number[];
  /** Main thread's and preview worker's CPU over the whole run, per keystroke, ms. */
  mainPerKey: number;
  workerPerKey: number;
}

let traceCount = 0;

/** Types into a page that is ready (the caret where the typing goes), traced. */
async function traced(browser: Browser, page: Page): Promise<Sample> {
  await installLatencyProbe(page);
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await typeKeys(page);
  await page.waitForTimeout(800);
  const buf = await browser.stopTracing();
  // QUIRE_BENCH_TRACE_DIR: keep the traces (chrome://tracing, Perfetto, DevTools).
  const dir = process.env.QUIRE_BENCH_TRACE_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `typing-${++traceCount}.json`), buf);
  }
  const lat = (await page.evaluate('window.__lat')) as number[];
  const trace = JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] };
  await page.close();
  return { lat, ...workPerKey(trace.traceEvents) };
}

/** The peer: a bare <textarea> holding the same 50,000 words, typed at its end. */
async function peerRun(browser: Browser): Promise<Sample> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.setContent(
    `<textarea style="width:100%;height:90vh">${makePost(50_000).replace(/</g, '&lt;')}</textarea>`,
  );
  await page.locator('textarea').click();
  await page.keyboard.press('Control+End');
  return traced(browser, page);
}

/** One typing run in the 50,000-word post with these preferences. */
async function typingRun(browser: Browser, url: string, prefs: object): Promise<Sample> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const json = JSON.stringify({ autosave: false, showMeta: false, showPreview: true, ...prefs });
  await page.addInitScript((p: string) => localStorage.setItem('quire-prefs', p), json);
  await page.goto(url);
  await page.getByRole('option', { name: 'Post of 50000 words' }).click();
  await page.waitForFunction(() => document.querySelector('iframe[title="Preview"]') !== null);
  await page.waitForTimeout(1500);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  return traced(browser, page);
}

const ms = (x: number) => x.toFixed(1);
const spread = (xs: number[]) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
const loadNow = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * QUIRE_BENCH_SURFACE=1: typing at 50,000 words with focus mode, spellcheck and the outline
 * on, with all three off, and the bare textarea, over QUIRE_BENCH_RUNS rounds (default 5; the
 * three take turns in every round, so load on the machine falls on all alike), with the load
 * average. Two figures: keystroke to paint (what the user sees; quantized to 60 Hz frames, so
 * even the textarea's p95 sits near one frame) and the main thread's work per keystroke (CPU
 * time from the key's task through the frame that shows it; not quantized).
 */
async function benchSurface(browser: Browser, url: string): Promise<void> {
  const runs = Number(process.env.QUIRE_BENCH_RUNS ?? 5);
  const configs = {
    peer: null,
    off: { focusMode: false, showOutline: false, spellcheck: false },
    on: { focusMode: true, showOutline: true, spellcheck: true, spellLanguages: ['en-US'] },
  };
  type Name = keyof typeof configs;
  const names = Object.keys(configs) as Name[];
  const label: Record<Name, string> = {
    peer: 'bare textarea (peer)',
    off: 'editor, focus mode + spellcheck + outline off',
    on: 'editor, focus mode + spellcheck + outline on',
  };
  const got: Record<Name, Sample[]> = { peer: [], off: [], on: [] };
  const loads: number[] = [];
  console.log(`editor: load average before: ${loadNow()} (${os.cpus().length} cores)`);
  for (let r = 0; r < runs; r++) {
    for (const name of names) {
      const c = configs[name];
      const s = c ? await typingRun(browser, url, c) : await peerRun(browser);
      got[name].push(s);
      loads.push(os.loadavg()[0]!);
      console.log(
        `editor: 50000 words, ${label[name]}, run ${r + 1}: keystroke to paint p50 ${ms(pct(s.lat, 50))} ms, p95 ${ms(pct(s.lat, 95))} ms; main-thread work per keystroke p50 ${ms(pct(s.work, 50))} ms, p95 ${ms(pct(s.work, 95))} ms; CPU per keystroke over the run: main ${ms(s.mainPerKey)} ms, preview worker ${ms(s.workerPerKey)} ms (${s.lat.length} keystrokes; load ${os.loadavg()[0]!.toFixed(2)})`,
      );
    }
  }
  const med = (xs: number[]) => pct(xs, 50);
  const peerLat = med(got.peer.map((s) => pct(s.lat, 95)));
  const peerWork = med(got.peer.map((s) => pct(s.work, 95)));
  console.log(
    `\n| 50000 words, ${runs} runs, load (1 min) median ${ms(med(loads))} | keystroke to paint p95: median (spread) | p50 median | vs textarea | main-thread work per keystroke p95: median (spread) | p50 median | vs textarea | CPU per keystroke, main / worker | target p95 <= 16 ms |\n|---|---|---|---|---|---|---|---|---|`,
  );
  for (const name of names) {
    const lat95 = got[name].map((s) => pct(s.lat, 95));
    const work95 = got[name].map((s) => pct(s.work, 95));
    const verdict =
      Math.max(...lat95) <= 16
        ? 'OK in every run'
        : med(lat95) <= 16
          ? `OK (median), OVER in ${lat95.filter((x) => x > 16).length} of ${runs} runs`
          : `OVER by ${ms(med(lat95) - 16)} ms (median)`;
    console.log(
      `| ${label[name]} | ${ms(med(lat95))} (${spread(lat95)}) | ${ms(med(got[name].map((s) => pct(s.lat, 50))))} | ${(med(lat95) / peerLat).toFixed(2)}x | ${ms(med(work95))} (${spread(work95)}) | ${ms(med(got[name].map((s) => pct(s.work, 50))))} | ${(med(work95) / peerWork).toFixed(2)}x | ${ms(med(got[name].map((s) => s.mainPerKey)))} / ${ms(med(got[name].map((s) => s.workerPerKey)))} | ${verdict} |`,
    );
  }
  console.log(`editor: load average after: ${loadNow()}`);
}
