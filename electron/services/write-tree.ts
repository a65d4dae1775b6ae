import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes files under `dir` synchronously, making each folder once (`made` remembers them):
 * for thousands of small export files several times faster than a promise per file.
 */
export function fileWriter(dir: string): (rel: string, data: string | Uint8Array) => void {
  const made = new Set<string>();
  return (rel, data) => {
    const abs = path.join(dir, rel);
    const parent = path.dirname(abs);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(abs, data);
  };
}
