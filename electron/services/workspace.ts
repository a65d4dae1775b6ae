import { existsSync, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { QuireError } from '../../shared/errors.ts';
import type { SiteConfig } from '../../shared/site/config.ts';
import { removeStaleTemps } from './atomic-write.ts';
import { DeriveCache } from './derive-cache.ts';
import { toRel } from './paths.ts';
import { newContent } from './new-content.ts';
import type { NewContentOptions } from './new-content.ts';
import { PostOperations } from './post-operations.ts';
import { PostStore } from './post-store.ts';
import { defaultCacheDir, indexCacheFile, SiteIndex } from './site-index.ts';
import type { IndexedPost, IndexProblem, WorkspaceChange } from './site-index.ts';
import { loadSiteConfig } from './site-config-file.ts';
import { watchSite } from './site-watcher.ts';

export { defaultCacheDir } from './site-index.ts';
export type { IndexedPost, IndexProblem, WorkspaceChange } from './site-index.ts';

/** Options for opening a site. */
export interface OpenOptions {
  /** Folder for the index cache; null turns the cache off. Default: the user cache dir. */
  cacheDir?: string | null;
  /** Read a `contentDir` that lies outside the site folder (the user confirmed it). */
  allowOutsideContent?: boolean;
}

/** The config's contentDir leads outside the site: opened only when the user confirms. */
export class ContentOutsideSite extends QuireError {
  constructor(file: string, reason: string) {
    super('needs-confirm', reason, { file });
    this.name = 'ContentOutsideSite';
  }
}

/**
 * An open site: its config, and one of each of the parts that serve it:
 * - the index (site-index.ts): every post's front matter, kept current, cached on disk;
 * - the post store (post-store.ts): the one body reader and the one way a post is
 *   written (atomic, conditional saves);
 * - post operations (post-operations.ts): create, rename, duplicate, delete;
 * - the watcher (site-watcher.ts): external changes into the index, then to the UI;
 * - the derive cache: rendered bodies, summaries, word counts by file version, shared by
 *   listings, check and export.
 * Node only; never imports electron.
 */
export class Workspace {
  readonly root: string;
  config: SiteConfig;
  configFile: string | null;
  private readonly index: SiteIndex;
  /** The one body reader and post writer of this site. */
  readonly store: PostStore;
  private readonly operations: PostOperations;
  /** The one derive cache of this site (listings, check and export share it). */
  readonly derive: DeriveCache;
  private stopWatching: (() => Promise<void>) | null = null;
  /** Errors the file watcher reported (it keeps running; for diagnostics). */
  readonly watchErrors: string[] = [];
  /** How many temp files of interrupted saves the last open removed. */
  tempsRemoved = 0;

  private constructor(
    root: string,
    config: SiteConfig,
    configFile: string | null,
    cacheFile: string | null,
  ) {
    this.root = root;
    this.config = config;
    this.configFile = configFile;
    this.index = new SiteIndex(this, cacheFile);
    this.store = new PostStore(root, this.index);
    this.operations = new PostOperations(root, this.index, this.store, () => this.postsFolder);
    this.derive = new DeriveCache(
      this.store,
      () => this.config,
      () => this.posts(),
      () => this.indexVersion,
    );
  }

  /** Opens a site folder and indexes it, reusing the on-disk index cache when it can. */
  static async open(root: string, options: OpenOptions = {}): Promise<Workspace> {
    const abs = path.resolve(root);
    const st = await stat(abs).catch(() => null);
    if (!st?.isDirectory())
      throw new QuireError(
        'not-found',
        'not a folder (open the folder that holds your hugo.toml or content/)',
        { file: root },
      );
    const { config, file } = await loadSiteConfig(abs);
    const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
    const ws = new Workspace(abs, config, file, indexCacheFile(cacheDir, abs));
    ws.checkContentDir(options.allowOutsideContent === true);
    // Temp files left by a crash mid-save (ours only, by name) go before anything reads.
    ws.tempsRemoved =
      (await removeStaleTemps(ws.contentRoot)) + (await removeStaleTemps(path.join(abs, 'static')));
    await ws.index.reindex();
    return ws;
  }

  /**
   * Refuses a `contentDir` that leads outside the site (`../x`, or a link): opening the
   * site would publish files from elsewhere. `allow` when the user confirmed it.
   */
  private checkContentDir(allow: boolean): void {
    if (allow) return;
    const c = path.resolve(this.root, this.config.contentDir);
    let real = c;
    try {
      real = realpathSync(c);
    } catch {
      // Missing: judged by the path as written.
    }
    const rel = path.relative(realpathSync(this.root), real);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw new ContentOutsideSite(
        this.configFile ?? 'config',
        `contentDir "${this.config.contentDir}" is outside the site folder; Quire reads content only inside it (move the content into the site, or confirm opening it anyway)`,
      );
  }

  /** The content folder, absolute. A plain folder of .md files is its own content. */
  get contentRoot(): string {
    const c = path.join(this.root, this.config.contentDir);
    return this.configFile || existsSync(c) ? c : this.root;
  }

  /** The folder new posts go in: the first main section, else `posts`. */
  get postsFolder(): string {
    const section = this.config.mainSections?.[0] ?? 'posts';
    return toRel(this.root, path.join(this.contentRoot, section));
  }

  /** How the last open went: files parsed vs taken from the cache. */
  get stats(): { parsed: number; cached: number } {
    return this.index.stats;
  }

  // The index.

  /** Changes whenever the index does (a file added, changed or removed). */
  get indexVersion(): number {
    return this.index.indexVersion;
  }

  /** Every post, by path. */
  posts(): IndexedPost[] {
    return this.index.posts();
  }

  /** Files that could not be read, each naming the file and what is wrong. */
  problems(): IndexProblem[] {
    return this.index.problems();
  }

  /** Plain HTML documents in the content folder: Hugo copies them as they are. */
  copiedAsIs(): string[] {
    return this.index.copiedAsIs();
  }

  /** One post by path, if indexed. */
  post(rel: string): IndexedPost | undefined {
    return this.index.post(rel);
  }

  /** Re-reads the folder: stats every file, parses only what changed since the cache. */
  reindex(): Promise<void> {
    return this.index.reindex();
  }

  /** Re-indexes one post after a change the caller knows of (a watcher event). */
  refresh(rel: string): Promise<WorkspaceChange | null> {
    return this.index.refreshFile(this.resolve(rel));
  }

  /** Drops a post from the index (its file moved away; no change event). */
  forget(rel: string): Promise<void> {
    return this.index.remove(rel, false);
  }

  /** Re-reads the site config (after an edit) and re-indexes if it changed. */
  async reloadConfig(): Promise<void> {
    const { config, file } = await loadSiteConfig(this.root);
    const changed = JSON.stringify(config) !== JSON.stringify(this.config);
    this.config = config;
    this.configFile = file;
    if (changed) {
      this.index.forget();
      await this.index.reindex();
    }
  }

  /** Deletes the on-disk index cache (for tests and "rebuild index"). */
  clearCache(): Promise<void> {
    return this.index.clearCache();
  }

  // The post store.

  /** Resolves a site-relative path, confined to the site (symlinks included). */
  resolve(rel: string): string {
    return this.store.resolve(rel);
  }

  /** The absolute path of an indexed post (confined when the walk found it); others are resolved. */
  pathOf(rel: string): string {
    return this.store.pathOf(rel);
  }

  /** Reads any text file of the site (confined to it) with its version. */
  readText(rel: string): Promise<{ text: string; version: string }> {
    return this.store.readText(rel);
  }

  /** Reads a post's text and its version (pass the version back to savePost). */
  readPost(rel: string): Promise<{ path: string; text: string; version: string }> {
    return this.store.readPost(rel);
  }

  /** A post's body (the text after its front matter), read through the one body reader. */
  body(rel: string): string {
    return this.store.body(rel);
  }

  /**
   * Saves a post atomically if it is still at `baseVersion` (null: a new file); throws
   * ConflictError, writing nothing, when someone else changed it. Returns the new version.
   */
  savePost(rel: string, text: string, baseVersion: string | null): Promise<string> {
    return this.store.savePost(rel, text, baseVersion);
  }

  // Post operations.

  /** Creates a draft post from a title in the posts folder; returns its path. */
  async createPost(title: string, now?: number, offsetMinutes?: number): Promise<string> {
    this.assertWritable();
    const rel = await this.operations.newPostPath(title);
    const created = await newContent(this, rel, { now, offsetMinutes, title: title.trim() });
    return created[0]!;
  }

  /** `hugo new <target>` with the site's archetypes; returns the created posts' paths. */
  newContent(target: string, options?: NewContentOptions): Promise<string[]> {
    this.assertWritable();
    return newContent(this, target, options);
  }

  /**
   * A folder of Markdown without a Hugo config opens read-only until the user says
   * otherwise (`readOnly = false`): nothing is written to it by accident.
   */
  get readOnly(): boolean {
    return this.store.readOnly;
  }
  set readOnly(value: boolean) {
    this.store.readOnly = value;
  }

  private assertWritable(): void {
    this.store.assertWritable();
  }

  /** Copies a post (bundle resources too) as a draft titled "… (copy)". Returns its path. */
  duplicatePost(rel: string): Promise<string> {
    return this.operations.duplicatePost(rel);
  }

  /** Deletes a post (its bundle folder too) into `trash` (default: the site's .trash/). */
  deletePost(rel: string, trash?: (abs: string) => Promise<string>): Promise<string> {
    return this.operations.deletePost(rel, trash);
  }

  /** Puts a post deleted into `.trash/` back (undo); returns its path. */
  restorePost(trashed: string, to?: string): Promise<string> {
    this.assertWritable();
    return this.operations.restorePost(trashed, to);
  }

  // The watcher.

  /**
   * Watches the content folder; calls `onChange` for each external change after the
   * index is updated. Our own saves are not reported. Returns a function that stops it.
   */
  async watch(onChange: (change: WorkspaceChange) => void): Promise<() => Promise<void>> {
    const stop = await watchSite(
      this.contentRoot,
      this.index,
      this.store,
      onChange,
      this.watchErrors,
    );
    this.stopWatching = stop;
    return async () => {
      await stop();
      if (this.stopWatching === stop) this.stopWatching = null;
    };
  }

  /** Stops watching. */
  async close(): Promise<void> {
    await this.stopWatching?.();
    this.stopWatching = null;
    await this.index.flushCache();
  }
}
