import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The files whose code decides what a cached index entry holds (front matter values and
 * the problems found reading a file): the content reader's sources when running from
 * them, else the bundle this code was built into.
 */
export function readerFiles(here = fileURLToPath(import.meta.url)): string[] {
  const dir = path.resolve(path.dirname(here), '../../shared/content');
  if (here.endsWith('.ts') && existsSync(dir))
    return readdirSync(dir)
      .filter((n) => n.endsWith('.ts'))
      .sort()
      .map((n) => path.join(dir, n));
  return [here];
}

/** The `quire` command's bundle has its reader version built in (scripts/cli-bundle.js). */
declare const __QUIRE_READER_VERSION__: string | undefined;

let memo: string | undefined;

/**
 * A version of the content reader: it changes whenever its code does, so an index cache
 * written by another Quire (one that read a file differently) is never trusted.
 */
export function readerVersion(): string {
  if (memo !== undefined) return memo;
  if (typeof __QUIRE_READER_VERSION__ === 'string') return (memo = __QUIRE_READER_VERSION__);
  const h = createHash('sha256');
  for (const f of readerFiles()) {
    try {
      h.update(readFileSync(f));
    } catch {
      h.update(f);
    }
  }
  return (memo = h.digest('hex').slice(0, 16));
}
