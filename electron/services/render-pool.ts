import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PostMeta } from '../../shared/content/post.ts';
import type { SiteConfig, SummaryMode } from '../../shared/site/config.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';

// The export's render workers: posts are read, rendered and summarized on worker threads
// (one per core) with the same code as in the export's thread (render-worker.ts), and
// the results go into the export's cache; the pages are then laid out in one thread, in
// the plan's order, so the output is byte-identical to a serial export.

/** What every worker is started with. */
export interface RenderWorkerData {
  root: string;
  config: SiteConfig;
  overrides: string[];
}

/** One post to render for its page. */
export interface RenderTask {
  path: string;
  meta: Pick<PostMeta, 'summary' | 'params'>;
  mode: SummaryMode;
  pageUrl: string;
}

/** Below this many posts to render, workers cost more (start-up) than they save. */
export const MIN_PARALLEL_POSTS = 300;
const BATCH = 32;

/**
 * How to start a render worker here: the bundled worker next to the bundle (the `quire`
 * command), or the TypeScript source through tsx (tests, sources); null when neither is
 * available (e.g. inside the desktop app's bundle), and the export renders in its thread.
 */
function workerSpec(): { file: URL; source: boolean } | null {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) {
    const src = path.join(dir, 'render-worker.ts');
    return existsSync(src) ? { file: pathToFileURL(src), source: true } : null;
  }
  for (const d of [dir, path.dirname(dir)]) {
    const f = path.join(d, 'render-worker.mjs');
    if (existsSync(f)) return { file: pathToFileURL(f), source: false };
  }
  return null;
}

/** How many workers: QUIRE_RENDER_WORKERS (0 turns them off), else one per core. */
export function renderWorkerCount(): number {
  const env = process.env.QUIRE_RENDER_WORKERS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    return Number.isInteger(n) && n >= 0 ? n : 0;
  }
  const cores =
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores > 1 ? cores : 0;
}

/**
 * Renders `tasks` on worker threads. Returns one result per task, in order: the derived
 * values, or null for a task the caller must render itself (a post with ref/relref, a
 * post that fails). Returns null when no worker can be started (render them all in the
 * thread). Checks `signal` between batches.
 */
export async function renderOnWorkers(
  data: RenderWorkerData,
  tasks: RenderTask[],
  opts: { workers?: number; signal?: AbortSignal; onResult?: () => void } = {},
): Promise<(DerivedPost | null)[] | null> {
  const count = Math.min(opts.workers ?? renderWorkerCount(), Math.ceil(tasks.length / BATCH));
  const spec = count > 0 ? workerSpec() : null;
  if (!spec) return null;
  const results: (DerivedPost | null)[] = new Array(tasks.length).fill(null);
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < count; i++)
      workers.push(
        spec.source
          ? new Worker(
              `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(spec.file.href)}); });`,
              { eval: true, workerData: data },
            )
          : new Worker(spec.file, { workerData: data }),
      );
  } catch {
    for (const w of workers) void w.terminate();
    return null;
  }
  let next = 0;
  let failed: Error | null = null;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= tasks.length || opts.signal?.aborted) return false;
              const start = next;
              next = Math.min(tasks.length, next + BATCH);
              w.postMessage({ id: start, tasks: tasks.slice(start, next) });
              return true;
            };
            let inFlight = 0;
            w.on('message', (m: { id: number; results: (DerivedPost | null)[] }) => {
              m.results.forEach((r, k) => {
                results[m.id + k] = r;
                opts.onResult?.();
              });
              inFlight--;
              if (send()) inFlight++;
              if (inFlight === 0) resolve();
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (inFlight > 0) reject(new Error(`a render worker stopped (exit ${code})`));
            });
            // Two batches in flight: a worker never waits for the next one.
            for (let k = 0; k < 2; k++) if (send()) inFlight++;
            if (inFlight === 0) resolve();
          }),
      ),
    );
  } catch (err) {
    failed = err as Error;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  // A worker that could not run (e.g. no tsx here): the caller renders what is missing.
  void failed;
  return results;
}
