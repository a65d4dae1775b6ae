// A render worker of the export (see render-pool.ts): reads posts, renders their bodies
// and derives their summaries with the very code the export runs in its own thread.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { SiteConfig } from '../../shared/site/config.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import { DeriveCache, derivePageOf } from './derive-cache.ts';
import type { RenderTask, RenderWorkerData } from './render-pool.ts';

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
    return needsSite ? null : derived;
  } catch {
    // The export's thread renders it again and reports the error as it always does.
    return null;
  }
}

parentPort!.on('message', (batch: { id: number; tasks: RenderTask[] }) => {
  parentPort!.postMessage({ id: batch.id, results: batch.tasks.map(render) });
});
