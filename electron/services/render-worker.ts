// A render worker of the export (see render-pool.ts): reads posts, renders their bodies
// and derives their summaries with the very code the export runs in its own thread; then
// writes files of a fresh export.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileWriter } from './write-tree.ts';
import { parentPort, workerData } from 'node:worker_threads';
import type { SiteConfig } from '../../shared/site/config.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import { DeriveCache, derivePageOf } from './derive-cache.ts';
import type {
  FileToWrite,
  PageDone,
  PageTask,
  RenderTask,
  RenderWorkerData,
} from './render-pool.ts';
import { postPageHtml } from '../../shared/site/render.ts';

const data = workerData as RenderWorkerData;
const config: SiteConfig = data.config;
const overrides = new Set(data.overrides);
const files = new DeriveCache(
  (rel) => path.join(data.root, rel),
  () => config,
);

/** One task: its derived values, or null when only the export's own thread can do it. */
function render(task: RenderTask): DerivedPost | null {
  try {
    let needsSite = false;
    const derived = derivePageOf(
      files.body(task.path),
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
const writers = new Map<string, ReturnType<typeof fileWriter>>();

/** Writes files into a folder, making folders as needed; stops at the first failure. */
function write(
  dir: string,
  files: FileToWrite[],
): { written: number; hashes: string[]; error?: object } {
  let written = 0;
  const hashes: string[] = [];
  try {
    for (const [rel, data] of files) {
      let put = writers.get(dir);
      if (!put) writers.set(dir, (put = fileWriter(dir)));
      put(rel, data);
      // As the export's manifest records it (export.ts hash()).
      hashes.push(createHash('sha1').update(data).digest('hex'));
      written++;
    }
    return { written, hashes };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { written, hashes, error: { message: e.message, code: e.code, path: e.path } };
  }
}

/**
 * Renders posts' own pages with the render stage's template (postPageHtml) and writes each
 * as soon as it is rendered; stops at the first failed write.
 */
function pages(dir: string, tasks: PageTask[]): { pages: (PageDone | null)[]; error?: object } {
  let put = writers.get(dir);
  if (!put) writers.set(dir, (put = fileWriter(dir)));
  const out: (PageDone | null)[] = [];
  for (const task of tasks) {
    const derived = render(task);
    if (!derived) {
      out.push(null);
      continue;
    }
    const html = postPageHtml(config, task.site, { ...task, url: task.pageUrl }, derived);
    try {
      put(task.file, html);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { pages: out, error: { message: e.message, code: e.code, path: e.path } };
    }
    out.push({
      derived: { ...derived, html: '' },
      // As the export's manifest records it (export.ts hash()).
      hash: createHash('sha1').update(html).digest('hex'),
      size: Buffer.byteLength(html),
    });
  }
  return { pages: out };
}

type Message =
  | { kind: 'render'; id: number; tasks: RenderTask[] }
  | { kind: 'pages'; id: number; dir: string; tasks: PageTask[] }
  | { kind: 'write'; id: number; dir: string; files: FileToWrite[] };

parentPort!.on('message', (m: Message) => {
  if (m.kind === 'render') parentPort!.postMessage({ id: m.id, results: m.tasks.map(render) });
  else if (m.kind === 'pages') parentPort!.postMessage({ id: m.id, ...pages(m.dir, m.tasks) });
  else parentPort!.postMessage({ id: m.id, ...write(m.dir, m.files) });
});
