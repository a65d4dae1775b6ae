// A streamed export's post pages, rendered and written one by one: the same code on a
// render worker (render-worker.ts) and in the export's own thread, which takes batches
// from the same queue (render-pool.ts), so on 2 cores one worker and the export's thread
// do the work of two workers with one start-up and one heap less.
import { hash } from 'node:crypto';
import type { SiteConfig } from '../../shared/site/config.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import { postPageHtml } from '../../shared/site/render.ts';
import type { FileToWrite, PageDone, PageTask } from './render-pool.ts';

/** What a batch of writes did: the files written, in order, with their SHA-1s. */
export interface WriteBatch {
  written: number;
  hashes: string[];
  error?: { message: string; code?: string; path?: string };
}

/** What a batch of pages did: one result per task (null: the export's thread renders it). */
export interface PageBatch {
  pages: (PageDone | null)[];
  error?: { message: string; code?: string; path?: string };
}

/** A failed write as it travels between threads (code and path kept). */
export function writeError(err: unknown): { message: string; code?: string; path?: string } {
  const e = err as NodeJS.ErrnoException;
  return { message: e.message, code: e.code, path: e.path };
}

/** The SHA-1 (hex) the export's manifest records for a file (one call, no Hash object). */
export function fileHash(data: string | Uint8Array): string {
  return hash('sha1', data, 'hex');
}

/**
 * Renders posts' own pages with the render stage's template (postPageHtml) and writes each
 * as soon as it is rendered; stops at the first failed write. `derive` gives a post's
 * derived values, or null when the export's thread must render it (ref/relref, errors).
 */
export function renderPages(
  config: SiteConfig,
  tasks: PageTask[],
  derive: (task: PageTask) => DerivedPost | null,
  put: (rel: string, data: Uint8Array) => void,
): PageBatch {
  const out: (PageDone | null)[] = [];
  for (const task of tasks) {
    const derived = derive(task);
    if (!derived) {
      out.push(null);
      continue;
    }
    // Encoded once: written and hashed from the same bytes.
    const html = Buffer.from(
      postPageHtml(config, task.site, { ...task, url: task.pageUrl }, derived),
    );
    try {
      put(task.file, html);
    } catch (err) {
      return { pages: out, error: writeError(err) };
    }
    out.push({
      // The pages never show a post's plain text and the lists never its HTML: neither
      // goes back, which keeps the export's memory bounded.
      derived: { ...derived, html: '', plain: '' },
      hash: fileHash(html),
      size: html.length,
    });
  }
  return { pages: out };
}

/** Writes files (folders made as needed) and hashes them; stops at the first failure. */
export function writeFiles(
  files: FileToWrite[],
  put: (rel: string, data: Uint8Array) => void,
): WriteBatch {
  let written = 0;
  const hashes: string[] = [];
  try {
    for (const [rel, data] of files) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      put(rel, bytes);
      hashes.push(fileHash(bytes));
      written++;
    }
    return { written, hashes };
  } catch (err) {
    return { written, hashes, error: writeError(err) };
  }
}
