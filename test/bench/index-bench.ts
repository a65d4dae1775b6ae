import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Workspace } from '../../electron/services/workspace.ts';
import { tempDir } from '../helpers/site.ts';
import { writeCorpus } from './corpus.ts';

/** Indexes a generated 10,000-post site: cold, reopen with the cache, and bare reads. */
export async function benchIndex(count = 10_000): Promise<void> {
  const site = tempDir('quire-bench-');
  const cache = tempDir('quire-bench-cache-');
  const t0 = performance.now();
  writeCorpus(site, count);
  console.log(
    `index: generated ${count} posts (~1,000 words each) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // Bare read of the same files, the floor for a cold index (page cache warm for both).
  const dir = path.join(site, 'content/posts');
  const readAll = async () => {
    const names = readdirSync(dir);
    let bytes = 0;
    for (const n of names) bytes += readFileSync(path.join(dir, n)).length;
    return bytes;
  };
  await readAll();
  let t = performance.now();
  const bytes = await readAll();
  const readMs = performance.now() - t;

  t = performance.now();
  const cold = await Workspace.open(site, { cacheDir: cache });
  const coldMs = performance.now() - t;
  const n = cold.posts().length;

  t = performance.now();
  const warm = await Workspace.open(site, { cacheDir: cache });
  const warmMs = performance.now() - t;

  console.log(`index: ${n} posts, ${(bytes / 1e6).toFixed(1)} MB`);
  console.log(`index: bare read of the files      ${readMs.toFixed(0).padStart(6)} ms`);
  console.log(
    `index: cold full index             ${coldMs.toFixed(0).padStart(6)} ms  (${(coldMs / readMs).toFixed(2)}x bare read; target <= 1000 ms) ${coldMs <= 1000 ? 'OK' : 'OVER'}`,
  );
  console.log(
    `index: reopen with the index cache ${warmMs.toFixed(0).padStart(6)} ms  (parsed ${warm.stats.parsed}, from cache ${warm.stats.cached}; target <= 200 ms) ${warmMs <= 200 ? 'OK' : 'OVER'}`,
  );
}
