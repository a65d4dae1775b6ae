import { lstatSync, readdirSync, statSync } from 'node:fs';
import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isQuireError } from '../../shared/errors.ts';
import {
  CONTENT_EXT,
  isHtmlContent,
  isLeafIndex,
  MARKDOWN_EXT,
  plainHtmlDocument,
} from '../../shared/content/content-files.ts';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import { toPostMeta } from '../../shared/content/post.ts';
import type { PostMeta } from '../../shared/content/post.ts';
import type { SiteConfig } from '../../shared/site/config.ts';
import { readRegularFile, readRegularFileSync, replaceFile } from './atomic-write.ts';
import { readerVersion } from './code-version.ts';
import { toRel } from './paths.ts';
import { decodeText } from './text-file.ts';

/** One post in the index: where it is and what its front matter says. */
export interface IndexedPost {
  /** Site-relative posix path, e.g. `content/posts/a.md`. */
  path: string;
  /** First folder under the content folder (`posts`), '' for top-level pages. */
  section: string;
  /** True for a leaf bundle (`<slug>/index.md`). */
  bundle: boolean;
  /** The file's or bundle folder's name without extension: the default slug. */
  baseName: string;
  data: Record<string, unknown>;
  meta: PostMeta;
  /** 1-based line where the body starts. */
  bodyLine: number;
  mtimeMs: number;
  size: number;
}

/** A file that could not be read as a post, with the reason (it names the file). */
export interface IndexProblem {
  path: string;
  message: string;
}

/** What changed on disk, for the UI. */
export interface WorkspaceChange {
  kind: 'added' | 'changed' | 'removed';
  path: string;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  post: IndexedPost | null;
  problem: string | null;
  /** A plain HTML document Hugo copies as it is (not a page). */
  copy?: boolean;
}

// The cache's layout, and the code that filled it: another Quire's index is read afresh.
const cacheVersion = () => `2:${readerVersion()}`;

/** Markdown files, by name: what the index reads as posts. */
export { CONTENT_EXT, MARKDOWN_EXT };

/** True when `abs` is a link to a folder (links to files are judged by their name). */
function isDirLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink() && statSync(abs).isDirectory();
  } catch {
    // A dangling link or a loop (ELOOP): report it too.
    return true;
  }
}

/** How long after a one-file change the index cache is written. */
const CACHE_WRITE_DELAY_MS = 2000;

export { defaultCacheDir, indexCacheFile } from './index-cache-file.ts';

/** What the index needs to know about the open site. */
export interface IndexedSite {
  readonly root: string;
  readonly contentRoot: string;
  readonly config: SiteConfig;
}

/**
 * A multilingual site's language content folders outside its content folder (inside the
 * site), absolute: the index and the content tree walk them too.
 */
export function languageRoots(site: IndexedSite): string[] {
  const base = site.contentRoot;
  if (base === site.root) return [];
  const out: string[] = [];
  for (const l of site.config.languages ?? []) {
    const abs = path.resolve(site.root, l.contentDir);
    const inBase = path.relative(base, abs);
    const inSite = path.relative(site.root, abs);
    if (!inBase.startsWith('..') && !path.isAbsolute(inBase)) continue;
    if (inSite === '' || inSite.startsWith('..') || path.isAbsolute(inSite)) continue;
    if (!out.includes(abs)) out.push(abs);
  }
  return out;
}

/**
 * The post index of an open site: every Markdown file of the content folder parsed once
 * (front matter, metadata), kept current file by file, and cached on disk between runs.
 * Files that cannot be read are problems naming the file, never posts.
 */
export class SiteIndex {
  private entries = new Map<string, CacheEntry>();
  /** How the last walk went: files parsed vs taken from the cache. */
  readonly stats = { parsed: 0, cached: 0 };
  /** Links and special files the last walk skipped, by path, with the reason. */
  private skipped = new Map<string, string>();
  // posts() sorted once per change of the index.
  private sorted: IndexedPost[] | null = null;
  private sortedFor: Map<string, CacheEntry> | null = null;
  private sortedVersion = 0;
  private version = 0;

  constructor(
    private readonly site: IndexedSite,
    private readonly cacheFile: string | null,
  ) {}

  /** Changes whenever the index does (a file added, changed or removed). */
  get indexVersion(): number {
    return this.version;
  }

  /** Every post, by path. */
  posts(): IndexedPost[] {
    if (this.sorted && this.sortedFor === this.entries && this.sortedVersion === this.version)
      return [...this.sorted];
    const out: IndexedPost[] = [];
    for (const e of this.entries.values()) if (e.post) out.push(e.post);
    out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.sorted = out;
    this.sortedFor = this.entries;
    this.sortedVersion = this.version;
    return [...out];
  }

  /** Files that could not be read, each naming the file and what is wrong. */
  problems(): IndexProblem[] {
    const out: IndexProblem[] = [];
    for (const [p, e] of this.entries) if (e.problem) out.push({ path: p, message: e.problem });
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Plain HTML documents in the content folder, which Hugo copies as they are. */
  copiedAsIs(): string[] {
    const out: string[] = [];
    for (const [p, e] of this.entries) if (e.copy) out.push(p);
    return out.sort();
  }

  /** One post by path, if indexed. */
  post(rel: string): IndexedPost | undefined {
    return this.entries.get(rel)?.post ?? undefined;
  }

  /** True when the walk found a file at `rel` (a post or a problem). */
  has(rel: string): boolean {
    return this.entries.has(rel);
  }

  /**
   * Lists the Markdown files of the content folder (posts, bundles, not _index.md). Links
   * are never followed and special files never opened: each one with a post's name, and
   * each linked folder, is listed in `skipped` with the reason.
   */
  private async listFiles(): Promise<string[]> {
    const root = this.site.root;
    const base = this.site.contentRoot;
    const out: string[] = [];
    const skipped = new Map<string, string>();
    this.skipped = skipped;
    const walk = async (dir: string): Promise<void> => {
      let items;
      try {
        items = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      const langs = this.languageKeys();
      const hasIndex = items.some((d) => d.isFile() && isLeafIndex(d.name, langs));
      const pageExt = this.pageExt();
      const subdirs: Promise<void>[] = [];
      for (const d of items) {
        if (d.name.startsWith('.') || d.name === 'node_modules') continue;
        const abs = path.join(dir, d.name);
        if (d.isDirectory()) {
          // Inside a leaf bundle everything is a resource of that page.
          if (!hasIndex) subdirs.push(walk(abs));
        } else if (d.isFile() && pageExt.test(d.name) && !/^_index\./i.test(d.name)) {
          if (hasIndex && !isLeafIndex(d.name, langs)) continue;
          out.push(abs);
        } else if (d.isSymbolicLink() && (pageExt.test(d.name) || isDirLink(abs))) {
          skipped.set(
            toRel(root, abs),
            `${toRel(root, abs)}: is a link; Quire does not follow links in the content folder (skipped)`,
          );
        } else if (!d.isFile() && !d.isDirectory() && pageExt.test(d.name)) {
          skipped.set(
            toRel(root, abs),
            `${toRel(root, abs)}: is not a regular file (a pipe, device or socket); Quire skips it`,
          );
        }
      }
      await Promise.all(subdirs);
    };
    await walk(base);
    // A multilingual site's languages may keep their content outside the content folder.
    for (const extra of this.extraRoots()) await walk(extra);
    return out;
  }

  /** The site's language keys (a bundle's `index.fr.md` is fr's index): none without `languages`. */
  private languageKeys(): string[] {
    return (this.site.config.languages ?? []).map((l) => l.lang);
  }

  /** Languages' content folders that are not inside the content folder (inside the site). */
  private extraRoots(): string[] {
    return languageRoots(this.site);
  }

  /**
   * Pages Hugo renders: Markdown, and `.html` in a content folder (a plain folder of
   * Markdown, opened without a config, may hold anything).
   */
  private pageExt(): RegExp {
    return this.site.contentRoot === this.site.root ? MARKDOWN_EXT : CONTENT_EXT;
  }

  /**
   * The walk's rule for one file (a change event): a page, not an `_index`, not in a
   * hidden folder, and not a resource of a leaf bundle (beside or below an `index.*`).
   */
  isPageFile(abs: string): boolean {
    const name = path.basename(abs);
    if (!this.pageExt().test(name) || /^_index\./i.test(name)) return false;
    const base =
      this.extraRoots().find((r) => !path.relative(r, abs).startsWith('..')) ??
      this.site.contentRoot;
    const rel = path.relative(base, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const dirs = rel.split(path.sep).slice(0, -1);
    if (dirs.some((d) => d.startsWith('.') || d === 'node_modules')) return false;
    // A leaf bundle's index is a page only while no folder above it is a leaf bundle.
    const langs = this.languageKeys();
    for (let i = isLeafIndex(name, langs) ? dirs.length - 1 : dirs.length; i >= 0; i--) {
      const dir = path.join(base, ...dirs.slice(0, i));
      try {
        if (readdirSync(dir).some((n) => isLeafIndex(n, langs))) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  /** Re-reads the folder: stats every file, parses only what changed since the cache. */
  async reindex(): Promise<void> {
    const cached = await this.readCache();
    const files = await this.listFiles();
    const next = new Map<string, CacheEntry>();
    this.stats.parsed = 0;
    this.stats.cached = 0;
    // Synchronous reads in slices: for thousands of small files they are several times
    // faster than one promise per file, and yielding between slices keeps the loop live.
    for (let i = 0; i < files.length; i++) {
      if (i % 256 === 255) await new Promise((r) => setImmediate(r));
      const abs = files[i]!;
      const rel = toRel(this.site.root, abs);
      let st;
      try {
        st = statSync(abs);
      } catch {
        continue;
      }
      const prev = cached.get(rel);
      if (prev && prev.mtimeMs === st.mtimeMs && prev.size === st.size) {
        next.set(rel, prev);
        this.stats.cached++;
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = readRegularFileSync(abs, rel);
      } catch (err) {
        if (isQuireError(err, 'unsafe-file'))
          next.set(rel, { mtimeMs: st.mtimeMs, size: st.size, post: null, problem: err.message });
        continue;
      }
      next.set(rel, this.indexBytes(rel, bytes, st.mtimeMs, st.size));
      this.stats.parsed++;
    }
    for (const [rel, problem] of this.skipped)
      next.set(rel, { mtimeMs: 0, size: 0, post: null, problem });
    this.entries = new Map([...next.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    this.version++;
    if (this.stats.parsed > 0 || cached.size !== next.size) await this.writeCache();
  }

  /** Forgets every entry (the config changed: metadata must be derived again). */
  forget(): void {
    this.entries = new Map();
    this.version++;
  }

  private indexBytes(rel: string, bytes: Uint8Array, mtimeMs: number, size: number): CacheEntry {
    try {
      const text = decodeText(bytes, rel);
      const plain = plainHtmlDocument(rel, text);
      if (plain === 'copy') return { mtimeMs, size, post: null, problem: null, copy: true };
      if (plain === 'refused')
        return {
          mtimeMs,
          size,
          post: null,
          problem: `${rel}:1:1: Hugo stops the build on this file ("plain HTML documents not supported"): ${isHtmlContent(rel) ? 'remove what comes before the first <' : 'start it with front matter or text, not <'}`,
        };
      const f = parseFrontMatter(text, rel);
      const meta = toPostMeta(f.data, Object.values(this.site.config.taxonomies));
      const parts = rel.split('/');
      const contentRel = toRel(this.site.contentRoot, path.join(this.site.root, rel)).split('/');
      const bundle = isLeafIndex(parts[parts.length - 1]!, this.languageKeys());
      const baseName = bundle
        ? (parts[parts.length - 2] ?? '')
        : parts[parts.length - 1]!.replace(CONTENT_EXT, '');
      const bodyLine = (f.split.open + f.split.raw + f.split.close).split('\n').length;
      return {
        mtimeMs,
        size,
        post: {
          path: rel,
          section: contentRel.length > 1 ? contentRel[0]! : '',
          bundle,
          baseName,
          data: f.data,
          meta,
          bodyLine,
          mtimeMs,
          size,
        },
        problem: null,
      };
    } catch (err) {
      const message = isQuireError(err) ? err.message : `${rel}: ${(err as Error).message}`;
      return { mtimeMs, size, post: null, problem: message };
    }
  }

  private async readCache(): Promise<Map<string, CacheEntry>> {
    if (!this.cacheFile) return new Map(this.entries);
    if (this.entries.size > 0) return new Map(this.entries);
    try {
      const json = JSON.parse(await readFile(this.cacheFile, 'utf8')) as {
        version: string;
        root: string;
        config: string;
        entries: Record<string, CacheEntry>;
      };
      if (
        json.version !== cacheVersion() ||
        json.root !== this.site.root ||
        json.config !== JSON.stringify(this.site.config)
      )
        return new Map();
      // Metadata is derived from the stored front matter, not stored twice.
      const taxonomies = Object.values(this.site.config.taxonomies);
      for (const e of Object.values(json.entries)) {
        if (e.post) e.post.meta = toPostMeta(e.post.data, taxonomies);
      }
      return new Map(Object.entries(json.entries));
    } catch {
      return new Map();
    }
  }

  private cacheTimer: NodeJS.Timeout | null = null;
  /**
   * Writes the cache a moment after the last one-file change, not on each: a save must not
   * rewrite the whole index (megabytes on a big site). A cache that misses the last changes
   * is safe: the next walk finds those files by their time and size and parses them again.
   */
  private scheduleCacheWrite(): void {
    if (!this.cacheFile || this.cacheTimer) return;
    this.cacheTimer = setTimeout(() => {
      this.cacheTimer = null;
      void this.writeCache();
    }, CACHE_WRITE_DELAY_MS);
    this.cacheTimer.unref();
  }

  /** Writes a pending cache change now (the site is closing). */
  async flushCache(): Promise<void> {
    if (!this.cacheTimer) return;
    clearTimeout(this.cacheTimer);
    this.cacheTimer = null;
    await this.writeCache();
  }

  private async writeCache(): Promise<void> {
    if (!this.cacheFile) return;
    if (this.cacheTimer) {
      clearTimeout(this.cacheTimer);
      this.cacheTimer = null;
    }
    try {
      const json = JSON.stringify({
        version: cacheVersion(),
        root: this.site.root,
        config: JSON.stringify(this.site.config),
        entries: Object.fromEntries(
          [...this.entries].map(([k, e]) => [
            k,
            e.post ? { ...e, post: { ...e.post, meta: undefined } } : e,
          ]),
        ),
      });
      await replaceFile(this.cacheFile, json, { durable: false, mkdir: true });
    } catch {
      // The cache only saves time; a read-only cache folder must not stop the app.
    }
  }

  /**
   * Re-indexes one file after a change (ours or someone else's); `written`: the bytes a
   * save just put there, used instead of reading the file back when its size agrees.
   */
  async refreshFile(abs: string, written?: Uint8Array): Promise<WorkspaceChange | null> {
    const rel = toRel(this.site.root, abs);
    // lstat: a link or a special file is never read (the walk skips them too).
    const st = await lstat(abs).catch(() => null);
    // Not a page by the walk's rule (a bundle's resource, a stray .html): never a post.
    if (!st || !st.isFile() || !this.isPageFile(abs)) {
      if (!this.entries.delete(rel)) return null;
      this.version++;
      this.scheduleCacheWrite();
      return { kind: 'removed', path: rel };
    }
    let entry: CacheEntry;
    try {
      const bytes =
        written && written.length === st.size ? written : await readRegularFile(abs, rel);
      entry = this.indexBytes(rel, bytes, st.mtimeMs, st.size);
    } catch (err) {
      if (!isQuireError(err, 'unsafe-file')) return null;
      entry = { mtimeMs: st.mtimeMs, size: st.size, post: null, problem: err.message };
    }
    const existed = this.entries.has(rel);
    this.entries.set(rel, entry);
    this.version++;
    this.scheduleCacheWrite();
    return { kind: existed ? 'changed' : 'added', path: rel };
  }

  /** Drops a file that moved away (rename, delete); `persist` writes the cache now. */
  async remove(rel: string, persist: boolean): Promise<void> {
    this.entries.delete(rel);
    this.version++;
    if (persist) this.scheduleCacheWrite();
  }

  /** Deletes the on-disk index cache (for tests and "rebuild index"). */
  async clearCache(): Promise<void> {
    if (this.cacheFile) await rm(this.cacheFile, { force: true });
  }
}
