import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

// Where the index cache of a site lives: its own small module, so the `quire export`
// command can look at it (how big the site is) before it loads the index code.

/** The default folder for Quire's caches (XDG on Linux, the usual places elsewhere). */
export function defaultCacheDir(): string {
  if (process.env.QUIRE_CACHE_DIR) return process.env.QUIRE_CACHE_DIR;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'quire');
  if (process.platform === 'win32')
    return path.join(process.env.LOCALAPPDATA ?? os.homedir(), 'quire', 'cache');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'quire');
}

/** The index cache's file for a site in `cacheDir` (null: no cache). */
export function indexCacheFile(cacheDir: string | null, root: string): string | null {
  return cacheDir
    ? path.join(
        cacheDir,
        `index-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.json`,
      )
    : null;
}
