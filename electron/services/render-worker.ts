// A render worker of the export (see render-pool.ts): reads posts, renders their bodies
// and derives their summaries with the very code the export runs in its own thread; then
// writes files of a fresh export.
import path from 'node:path';
import { fileWriter } from './write-tree.ts';
import { parentPort, workerData } from 'node:worker_threads';
import type { SiteConfig, SummaryMode } from '../../shared/site/config.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import { DeriveCache, deriveAnyPage, derivePageOf } from './derive-cache.ts';
import type {
  FileToWrite,
  PageTask,
  RenderTask,
  RenderWorkerData,
  WarmTask,
} from './render-pool.ts';
import { renderPages, writeFiles } from './render-pages.ts';

// The site: given when the worker starts, or in the first message (a worker started
// before the site was read, see RenderPool.spawn).
let config!: SiteConfig;
let overrides!: Set<string>;
let files!: DeriveCache;
function init(data: RenderWorkerData): void {
  config = data.config;
  overrides = new Set(data.overrides);
  files = new DeriveCache(
    (rel) => path.join(data.root, rel),
    () => config,
  );
}
if (workerData) init(workerData as RenderWorkerData);

/**
 * Posts rendered ahead (`warm`), by path: what they render to on any page, kept until the
 * post's page asks for them (or the next `warm` starts).
 */
const ahead = new Map<string, { bodyLine?: number; mode: SummaryMode; derived: DerivedPost }>();

/**
 * A task's derived values without the plain text, or null when only the export's thread
 * can render it (ref/relref, an error, which it reports as it always does). Without a
 * `pageUrl` (rendered ahead): also null when the values depend on the page (a link from
 * the site's root).
 */
function derive(task: WarmTask, pageUrl?: string): DerivedPost | null {
  try {
    let needsSite = false;
    const body = files.body(task.path, task.bodyLine);
    const env = {
      shortcodes: {
        // ref/relref look up every post of the site: the export's thread has them.
        resolveRef: () => {
          needsSite = true;
          return null;
        },
        postPath: task.path,
        overrides,
      },
    };
    const derived =
      pageUrl === undefined
        ? deriveAnyPage(body, task.meta, config, task.mode, env)
        : derivePageOf(body, task.meta, config, task.mode, env, pageUrl);
    // The pages never show a post's plain text (word counts and summaries are computed
    // here): it stays here, which keeps the export's memory down by a third. The
    // serial-against-parallel test would catch a page that starts to use it.
    return needsSite || !derived ? null : { ...derived, plain: '' };
  } catch {
    return null;
  }
}

/** Renders a post ahead of its page; true when the result is kept for the page. */
function warm(task: WarmTask): boolean {
  const derived = derive(task);
  if (derived) ahead.set(task.path, { bodyLine: task.bodyLine, mode: task.mode, derived });
  return derived !== null;
}

/** One task: its derived values, or null when only the export's own thread can do it. */
function render(task: RenderTask): DerivedPost | null {
  const kept = ahead.get(task.path);
  if (kept) {
    ahead.delete(task.path);
    if (kept.bodyLine === task.bodyLine && kept.mode === task.mode) return kept.derived;
  }
  return derive(task, task.pageUrl);
}

// One writer per export folder, so each folder is made once across batches.
const writers = new Map<string, (rel: string, data: Uint8Array) => void>();
function writerFor(dir: string): (rel: string, data: Uint8Array) => void {
  let put = writers.get(dir);
  if (!put) writers.set(dir, (put = fileWriter(dir)));
  return put;
}

type Message =
  | { kind: 'init'; data: RenderWorkerData }
  | { kind: 'render'; id: number; tasks: RenderTask[] }
  | { kind: 'warm'; id: number; flags: Int32Array; slot: number; tasks: WarmTask[] }
  | { kind: 'pages'; id: number; dir: string; tasks: PageTask[] }
  | { kind: 'write'; id: number; dir: string; files: FileToWrite[] };

parentPort!.on('message', (m: Message) => {
  if (m.kind === 'init') init(m.data);
  else if (m.kind === 'warm') {
    // Until the pages are under way (`flags[0]`): what is left is rendered for its page.
    Atomics.store(m.flags, m.slot, 1);
    ahead.clear();
    const warmed: string[] = [];
    for (const t of m.tasks) {
      if (Atomics.load(m.flags, 0)) break;
      if (warm(t)) warmed.push(t.path);
    }
    parentPort!.postMessage({ id: m.id, warmed });
  } else if (m.kind === 'render')
    parentPort!.postMessage({ id: m.id, results: m.tasks.map(render) });
  else if (m.kind === 'pages')
    parentPort!.postMessage({
      id: m.id,
      ...renderPages(config, m.tasks, render, writerFor(m.dir)),
    });
  else parentPort!.postMessage({ id: m.id, ...writeFiles(m.files, writerFor(m.dir)) });
});
