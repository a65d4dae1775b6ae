import path from 'node:path';
import { readVersion } from './atomic-write.ts';
import type { PostStore } from './post-store.ts';
import { CONTENT_EXT } from './site-index.ts';
import type { SiteIndex, WorkspaceChange } from './site-index.ts';

/**
 * Watches the content folder; calls `onChange` for each external change after the index
 * is updated. Our own saves (the store's ownWrites) are not reported. Links are never
 * followed; a folder that cannot be watched is recorded in `errors` and skipped. Returns
 * a function that stops it.
 */
export async function watchSite(
  contentRoot: string,
  index: SiteIndex,
  store: PostStore,
  onChange: (change: WorkspaceChange) => void,
  errors: string[],
): Promise<() => Promise<void>> {
  // Loaded when a site is watched (the app), never by a one-off command.
  const { watch: chokidarWatch } = await import('chokidar');
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    timer = null;
    const batch = [...pending];
    pending.clear();
    for (const abs of batch) {
      // A cheap first cut; the index applies the walk's whole rule (bundles, plain folders).
      if (!CONTENT_EXT.test(abs) || /(^|[\\/])_index\./.test(abs)) continue;
      const { bytes, version } = await readVersion(abs).catch(() => ({
        bytes: null,
        version: null,
      }));
      const own = store.ownWrites.get(abs);
      if (own !== undefined && own === version) {
        store.ownWrites.delete(abs);
        continue;
      }
      // The bytes just read serve the index too (it checks them against the file's size).
      const change = await index.refreshFile(abs, bytes ?? undefined);
      if (change) onChange(change);
    }
  };
  const watcher = chokidarWatch(contentRoot, {
    ignoreInitial: true,
    // Links are never followed: a loop or a link to /usr must not stall or crash the host.
    followSymlinks: false,
    ignored: (p: string) => /(^|[\\/])\.(?!$)/.test(path.relative(contentRoot, p)),
  });
  // A folder that cannot be watched (a loop, permissions, too many files) is skipped;
  // an unhandled 'error' event would take the whole host down.
  watcher.on('error', (err) => errors.push(String((err as Error)?.message ?? err)));
  const queue = (p: string) => {
    pending.add(p);
    if (!timer) timer = setTimeout(() => void flush(), 60);
  };
  watcher.on('add', queue).on('change', queue).on('unlink', queue);
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
  return async () => {
    if (timer) clearTimeout(timer);
    await watcher.close();
  };
}
