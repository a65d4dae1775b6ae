import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import { QuireError } from '../../shared/errors.ts';
import {
  readRegularFile,
  readRegularFileSync,
  saveIfUnchanged,
  versionOf,
} from './atomic-write.ts';
import type { LocalHistory } from './history.ts';
import { resolveInside } from './paths.ts';
import { CONTENT_EXT } from './site-index.ts';
import type { SiteIndex } from './site-index.ts';
import { decodeText } from './text-file.ts';

/**
 * The files of an open site, read and written: the one body reader (every consumer that
 * needs a post's text or body, from the derive cache to search and check, reads through
 * it) and the one way a post is written (atomic, conditional on its version). Paths are
 * confined to the site.
 */
export class PostStore {
  /** Versions of files we wrote, so our own saves don't come back as external changes. */
  readonly ownWrites = new Map<string, string>();
  /** Local history: when set, every save first keeps the version it replaces. */
  history: LocalHistory | null = null;

  /** A folder of Markdown without a Hugo config: nothing is written until the user says so. */
  readOnly = false;

  /** Throws when the site is open read-only. */
  assertWritable(): void {
    if (this.readOnly)
      throw new QuireError(
        'forbidden',
        'this folder has no Hugo config, so Quire opened it read-only; choose "Edit anyway" or create a site first',
      );
  }

  constructor(
    readonly root: string,
    private readonly index: SiteIndex,
  ) {}

  /** Resolves a site-relative path, confined to the site (symlinks included). */
  resolve(rel: string): string {
    return resolveInside(this.root, rel);
  }

  /** The absolute path of an indexed post (confined when the walk found it); others are resolved. */
  pathOf(rel: string): string {
    return this.index.has(rel) ? path.join(this.root, rel) : this.resolve(rel);
  }

  /** Reads any text file of the site (confined to it) with its version. */
  async readText(rel: string): Promise<{ text: string; version: string }> {
    const bytes = await readRegularFile(this.resolve(rel), rel);
    return { text: decodeText(bytes, rel), version: versionOf(bytes) };
  }

  /** Reads a post's text and its version (pass the version back to savePost). */
  async readPost(rel: string): Promise<{ path: string; text: string; version: string }> {
    const { text, version } = await this.readText(rel);
    return { path: rel, text, version };
  }

  /** A post's whole file, decoded (synchronous: for renders of many posts in a row). */
  text(rel: string): string {
    return decodeText(readRegularFileSync(this.pathOf(rel), rel), rel);
  }

  /** The body of a post (the text after its front matter). */
  body(rel: string): string {
    return parseFrontMatter(this.text(rel), rel).split.body;
  }

  /**
   * Saves a post atomically if it is still at `baseVersion` (null: a new file); throws
   * ConflictError, writing nothing, when someone else changed it. Re-indexes it and
   * returns the new version.
   */
  async savePost(rel: string, text: string, baseVersion: string | null): Promise<string> {
    this.assertWritable();
    const abs = this.resolve(rel);
    if (!CONTENT_EXT.test(abs))
      throw new QuireError(
        'invalid-request',
        'only Markdown and HTML pages can be saved as posts',
        {
          file: rel,
        },
      );
    const bytes = Buffer.from(text, 'utf8');
    const version = versionOf(bytes);
    this.ownWrites.set(abs, version);
    await mkdir(path.dirname(abs), { recursive: true });
    let kept = false;
    await saveIfUnchanged(abs, rel, bytes, baseVersion, {
      // The version this save replaces goes to the history first, read once with the
      // save's own check (a conflict keeps nothing, and writes nothing). A history that
      // cannot be written (a full or read-only data folder) never stops a save.
      beforeWrite: async (current) => {
        if (!this.history || !current || baseVersion === version) return;
        kept = await this.history.record(rel, current, 'saved', false).then(
          () => true,
          () => false,
        );
      },
    });
    // The index takes the bytes just written (no read back).
    await this.index.refreshFile(abs, bytes);
    // The bounds are kept after the save, so the save itself waits only for one small write.
    if (kept) await this.history?.prune().catch(() => undefined);
    return version;
  }
}
