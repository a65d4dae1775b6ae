import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import type { HTMLElement } from 'node-html-parser';

/** Parses an exported page. */
export function readPage(file: string): HTMLElement {
  return parse(readFileSync(file, 'utf8'), { comment: false });
}

/** Every file under a folder, relative, posix. */
export function walk(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) out.push(...walk(abs, base));
    else out.push(path.relative(base, abs).split(path.sep).join('/'));
  }
  return out.sort();
}

/** The listing entries of a page, as a reader reads them. */
export function pageEntries(
  file: string,
): { title: string; summary: string; meta: string; href: string }[] {
  return readPage(file)
    .querySelectorAll('article.post-entry')
    .map((a) => ({
      title: a.querySelector('h2')!.text.trim(),
      summary: (a.querySelector('.entry-content')?.text ?? '').trim(),
      meta: a.querySelector('.entry-footer')!.text.trim(),
      href: a.querySelector('h2 a')!.getAttribute('href')!,
    }));
}
