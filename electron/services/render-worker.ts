// A render worker of the export (see render-pool.ts): reads posts, renders their bodies
// and derives their summaries with the very code the export runs in its own thread; then
// writes files of a fresh export.
import path from 'node:path';
import { fileWriter } from './write-tree.ts';
import { parentPort, workerData } from 'node:worker_threads';
import type { SiteConfig } from '../../shared/site/config.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import { DeriveCache, derivePageOf } from './derive-cache.ts';
import type { FileToWrite, PageTask, RenderTask, RenderWorkerData } from './render-pool.ts';
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

/** One task: its derived values, or null when only the export's own thread can do it. */
function render(task: RenderTask): DerivedPost | null {
  try {
    let needsSite = false;
    const derived = derivePageOf(
      files.body(task.path, task.bodyLine),
      task.meta,
      config,
      task.mode,
      {
        shortcodes: {
          // ref/relref look up every post of the site: the export's thread has them.
          resolveRef: () => {
            needsSite = true;
            return null;
          },
          postPath: task.path,
          overrides,
        },
      },
      task.pageUrl,
    );
    // The pages never show a post's plain text (word counts and summaries are computed
    // here): it stays here, which keeps the export's memory down by a third. The
    // serial-against-parallel test would catch a page that starts to use it.
    return needsSite ? null : { ...derived, plain: '' };
  } catch {
    // The export's thread renders it again and reports the error as it always does.
    return null;
  }
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
  | { kind: 'pages'; id: number; dir: string; tasks: PageTask[] }
  | { kind: 'write'; id: number; dir: string; files: FileToWrite[] };

parentPort!.on('message', (m: Message) => {
  if (m.kind === 'init') init(m.data);
  else if (m.kind === 'render') parentPort!.postMessage({ id: m.id, results: m.tasks.map(render) });
  else if (m.kind === 'pages')
    parentPort!.postMessage({
      id: m.id,
      ...renderPages(config, m.tasks, render, writerFor(m.dir)),
    });
  else parentPort!.postMessage({ id: m.id, ...writeFiles(m.files, writerFor(m.dir)) });
});
