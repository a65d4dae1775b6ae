import { chmodSync, cpSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The golden fixture, kept in the repository so a plain clone runs every test (read only;
 * copy it before writing). Its README defines the listing format.
 */
export const seedBlog = path.resolve(repoRoot, 'test/fixtures/seed-blog');

/** A fresh temporary folder. */
export function tempDir(prefix = 'quire-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A writable copy of the seed blog (the fixture's files are read-only; the copy's are not). */
export function copySeedBlog(): string {
  const dir = path.join(tempDir(), 'site');
  cpSync(seedBlog, dir, { recursive: true });
  makeWritable(dir);
  return dir;
}

/** A site with its own Hugo theme (test/fixtures/theme-blog, see its README). */
export const themeBlog = path.resolve(repoRoot, 'test/fixtures/theme-blog');

/** A writable copy of the theme-blog fixture. */
export function copyThemeBlog(): string {
  const dir = path.join(tempDir(), 'site');
  cpSync(themeBlog, dir, { recursive: true });
  makeWritable(dir);
  return dir;
}

function makeWritable(dir: string): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, d.name);
    if (d.isDirectory()) makeWritable(abs);
    else if (d.isFile()) chmodSync(abs, statSync(abs).mode | 0o200);
  }
}

/** Quire's temp files (`*quire-tmp*`) anywhere under a folder, by name. */
export function quireTempFiles(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.isDirectory()) out.push(...quireTempFiles(path.join(dir, d.name)));
    else if (/quire-tmp/.test(d.name)) out.push(d.name);
  }
  return out;
}

/** Every file under a folder, relative to it, sorted. */
export function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory()
        ? listFiles(path.join(dir, d.name), base)
        : [path.relative(base, path.join(dir, d.name))],
    )
    .sort();
}
