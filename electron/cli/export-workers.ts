import { statSync } from 'node:fs';
import path from 'node:path';
import { defaultCacheDir, indexCacheFile } from '../services/index-cache-file.ts';
import { minParallelPosts, RenderPool, renderWorkerCount } from '../services/render-pool.ts';
import { mark } from '../services/timings.ts';
import type { ExportCommandOptions } from './export-command.ts';

/** Fewer bytes than any post's record takes in the index cache (path, version, front matter). */
const MIN_RECORD_BYTES = 200;

/**
 * `quire export` starts its render workers before it loads the export code and reads the
 * site, so a worker's own start-up (a thread, the Markdown code) overlaps the command's
 * instead of following it. Only for an export into a folder of a site whose index cache
 * says it has enough posts for workers (RenderPool's minParallelPosts); the exporter
 * closes them when the site turns out smaller.
 */
export function startExportWorkers(site: string, opts: ExportCommandOptions): RenderPool | null {
  if (!opts.out || opts.zip || opts.withHugo) return null;
  const cache = indexCacheFile(defaultCacheDir(), path.resolve(site));
  let size = 0;
  try {
    size = cache ? statSync(cache).size : 0;
  } catch {
    // No cache yet (a first export): the exporter starts its workers once it has read the site.
  }
  if (size < minParallelPosts() * MIN_RECORD_BYTES) return null;
  const pool = RenderPool.spawn(renderWorkerCount({ threadWorks: true }));
  if (pool) mark('workers');
  return pool;
}
