import { readerVersion } from './code-version.ts';
import { watch as chokidarWatch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { cp, lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeLocalDateTime } from '../../shared/content/dates.ts';
import { ContentError } from '../../shared/content/errors.ts';
import { findKey, parseFrontMatter, setField } from '../../shared/content/front-matter.ts';
import { toPostMeta } from '../../shared/content/post.ts';
import type { PostMeta } from '../../shared/content/post.ts';
import { slugify } from '../../shared/content/slug.ts';
import type { SiteConfig } from '../../shared/site/config.ts';
import {
  readRegularFile,
  readRegularFileSync,
  readVersion,
  removeStaleTemps,
  saveIfUnchanged,
  UnsafeFileError,
  versionOf,
} from './atomic-write.ts';
import { resolveInside, toRel } from './paths.ts';
import { loadSiteConfig } from './site-config-file.ts';
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
}

// The cache's layout, and the code that filled it: another Quire's index is read afresh.
const cacheVersion = () => `2:${readerVersion()}`;
const MARKDOWN_EXT = /\.(md|markdown|mdown|mkd)$/i;

/** Options for opening a site. */
export interface OpenOptions {
  /** Folder for the index cache; null turns the cache off. Default: the user cache dir. */
  cacheDir?: string | null;
  /** Read a `contentDir` that lies outside the site folder (the user confirmed it). */
  allowOutsideContent?: boolean;
}

/** The config's contentDir leads outside the site: opened only when the user confirms. */
export class ContentOutsideSite extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContentOutsideSite';
  }
}

/** True when `abs` is a link to a folder (links to files are judged by their name). */
function isDirLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink() && statSync(abs).isDirectory();
  } catch {
    // A dangling link or a loop (ELOOP): report it too.
    return true;
  }
}

/** The default folder for Quire's caches (XDG on Linux, the usual places elsewhere). */
export function defaultCacheDir(): string {
  if (process.env.QUIRE_CACHE_DIR) return process.env.QUIRE_CACHE_DIR;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'quire');
  if (process.platform === 'win32')
    return path.join(process.env.LOCALAPPDATA ?? os.homedir(), 'quire', 'cache');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'quire');
}

/**
 * An open site: its config, an index of every post, and the only way Quire writes to it
 * (atomic, conditional saves). Node only; never imports electron.
 */
export class Workspace {
  readonly root: string;
  config: SiteConfig;
  configFile: string | null;
  private entries = new Map<string, CacheEntry>();
  private cacheFile: string | null;
  private watcher: FSWatcher | null = null;
  /** Versions of files we wrote, so our own saves don't come back as external changes. */
  private ownWrites = new Map<string, string>();
  /** How the last open went: files parsed vs taken from the cache. */
  readonly stats = { parsed: 0, cached: 0 };

  private constructor(
    root: string,
    config: SiteConfig,
    configFile: string | null,
    cacheFile: string | null,
  ) {
    this.root = root;
    this.config = config;
    this.configFile = configFile;
    this.cacheFile = cacheFile;
  }

  /** Opens a site folder and indexes it, reusing the on-disk index cache when it can. */
  static async open(root: string, options: OpenOptions = {}): Promise<Workspace> {
    const abs = path.resolve(root);
    const st = await stat(abs).catch(() => null);
    if (!st?.isDirectory())
      throw new Error(
        `${root}: not a folder (open the folder that holds your hugo.toml or content/)`,
      );
    const { config, file } = await loadSiteConfig(abs);
    const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
    const cacheFile = cacheDir
      ? path.join(
          cacheDir,
          `index-${createHash('sha256').update(abs).digest('hex').slice(0, 16)}.json`,
        )
      : null;
    const ws = new Workspace(abs, config, file, cacheFile);
    ws.checkContentDir(options.allowOutsideContent === true);
    // Temp files left by a crash mid-save (ours only, by name) go before anything reads.
    ws.tempsRemoved =
      (await removeStaleTemps(ws.contentRoot)) + (await removeStaleTemps(path.join(abs, 'static')));
    await ws.reindex();
    return ws;
  }

  /** How many temp files of interrupted saves the last open removed. */
  tempsRemoved = 0;

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
        `${this.configFile ?? 'config'}: contentDir "${this.config.contentDir}" is outside the site folder; Quire reads content only inside it (move the content into the site, or confirm opening it anyway)`,
      );
  }

  /** The content folder, absolute. A plain folder of .md files is its own content. */
  get contentRoot(): string {
    const c = path.join(this.root, this.config.contentDir);
    return this.configFile || existsSync(c) ? c : this.root;
  }

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

  // posts() sorted once per change of the index.
  private sorted: IndexedPost[] | null = null;
  private sortedFor: Map<string, CacheEntry> | null = null;
  private sortedVersion = 0;
  private version = 0;

  /** Files that could not be read, each naming the file and what is wrong. */
  problems(): IndexProblem[] {
    const out: IndexProblem[] = [];
    for (const [p, e] of this.entries) if (e.problem) out.push({ path: p, message: e.problem });
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** One post by path, if indexed. */
  post(rel: string): IndexedPost | undefined {
    return this.entries.get(rel)?.post ?? undefined;
  }

  /** Resolves a site-relative path, confined to the site (symlinks included). */
  resolve(rel: string): string {
    return resolveInside(this.root, rel);
  }

  /** The absolute path of an indexed post (confined when the walk found it); others are resolved. */
  pathOf(rel: string): string {
    return this.entries.has(rel) ? path.join(this.root, rel) : this.resolve(rel);
  }

  /**
   * Lists the Markdown files of the content folder (posts, bundles, not _index.md). Links
   * are never followed and special files never opened: each one with a post's name, and
   * each linked folder, is listed in `skipped` with the reason.
   */
  private async listFiles(): Promise<string[]> {
    const base = this.contentRoot;
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
      const hasIndex = items.some((d) => d.isFile() && /^index\.(md|markdown)$/i.test(d.name));
      const subdirs: Promise<void>[] = [];
      for (const d of items) {
        if (d.name.startsWith('.') || d.name === 'node_modules') continue;
        const abs = path.join(dir, d.name);
        if (d.isDirectory()) {
          // Inside a leaf bundle everything is a resource of that page.
          if (!hasIndex) subdirs.push(walk(abs));
        } else if (d.isFile() && MARKDOWN_EXT.test(d.name) && !/^_index\./i.test(d.name)) {
          if (hasIndex && !/^index\./i.test(d.name)) continue;
          out.push(abs);
        } else if (d.isSymbolicLink() && (MARKDOWN_EXT.test(d.name) || isDirLink(abs))) {
          skipped.set(
            toRel(this.root, abs),
            `${toRel(this.root, abs)}: is a link; Quire does not follow links in the content folder (skipped)`,
          );
        } else if (!d.isFile() && !d.isDirectory() && MARKDOWN_EXT.test(d.name)) {
          skipped.set(
            toRel(this.root, abs),
            `${toRel(this.root, abs)}: is not a regular file (a pipe, device or socket); Quire skips it`,
          );
        }
      }
      await Promise.all(subdirs);
    };
    await walk(base);
    return out;
  }

  /** Links and special files the last walk skipped, by path, with the reason. */
  private skipped = new Map<string, string>();

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
      const rel = toRel(this.root, abs);
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
        if (err instanceof UnsafeFileError)
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

  private indexBytes(rel: string, bytes: Uint8Array, mtimeMs: number, size: number): CacheEntry {
    try {
      const text = decodeText(bytes, rel);
      const f = parseFrontMatter(text, rel);
      const meta = toPostMeta(f.data, Object.values(this.config.taxonomies));
      const parts = rel.split('/');
      const contentRel = toRel(this.contentRoot, path.join(this.root, rel)).split('/');
      const bundle = /^index\./i.test(parts[parts.length - 1]!);
      const baseName = bundle
        ? (parts[parts.length - 2] ?? '')
        : parts[parts.length - 1]!.replace(MARKDOWN_EXT, '');
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
      const message =
        err instanceof ContentError ? err.message : `${rel}: ${(err as Error).message}`;
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
        json.root !== this.root ||
        json.config !== JSON.stringify(this.config)
      )
        return new Map();
      // Metadata is derived from the stored front matter, not stored twice.
      const taxonomies = Object.values(this.config.taxonomies);
      for (const e of Object.values(json.entries)) {
        if (e.post) e.post.meta = toPostMeta(e.post.data, taxonomies);
      }
      return new Map(Object.entries(json.entries));
    } catch {
      return new Map();
    }
  }

  private async writeCache(): Promise<void> {
    if (!this.cacheFile) return;
    try {
      await mkdir(path.dirname(this.cacheFile), { recursive: true });
      const json = JSON.stringify({
        version: cacheVersion(),
        root: this.root,
        config: JSON.stringify(this.config),
        entries: Object.fromEntries(
          [...this.entries].map(([k, e]) => [
            k,
            e.post ? { ...e, post: { ...e.post, meta: undefined } } : e,
          ]),
        ),
      });
      const tmp = `${this.cacheFile}.${process.pid}.tmp`;
      await writeFile(tmp, json);
      await rename(tmp, this.cacheFile);
    } catch {
      // The cache only saves time; a read-only cache folder must not stop the app.
    }
  }

  /** Reads any text file of the site (confined to it) with its version. */
  async readText(rel: string): Promise<{ text: string; version: string }> {
    const bytes = await readRegularFile(this.resolve(rel), rel);
    return { text: decodeText(bytes, rel), version: versionOf(bytes) };
  }

  /** Re-reads the site config (after an edit) and re-indexes if it changed. */
  async reloadConfig(): Promise<void> {
    const { config, file } = await loadSiteConfig(this.root);
    const changed = JSON.stringify(config) !== JSON.stringify(this.config);
    this.config = config;
    this.configFile = file;
    if (changed) {
      this.entries = new Map();
      this.version++;
      await this.reindex();
    }
  }

  /** Reads a post's text and its version (pass the version back to savePost). */
  async readPost(rel: string): Promise<{ path: string; text: string; version: string }> {
    const abs = this.resolve(rel);
    const bytes = await readRegularFile(abs, rel);
    return { path: rel, text: decodeText(bytes, rel), version: versionOf(bytes) };
  }

  /**
   * Saves a post atomically if it is still at `baseVersion` (null: a new file); throws
   * ConflictError, writing nothing, when someone else changed it. Returns the new version.
   */
  async savePost(rel: string, text: string, baseVersion: string | null): Promise<string> {
    const abs = this.resolve(rel);
    if (!MARKDOWN_EXT.test(abs))
      throw new Error(`${rel}: only Markdown files can be saved as posts`);
    const version = versionOf(Buffer.from(text, 'utf8'));
    this.ownWrites.set(abs, version);
    await mkdir(path.dirname(abs), { recursive: true });
    await saveIfUnchanged(abs, rel, text, baseVersion);
    await this.refreshFile(abs);
    return version;
  }

  /** Re-indexes one post after a change the caller knows of (a watcher event). */
  async refresh(rel: string): Promise<WorkspaceChange | null> {
    return this.refreshFile(this.resolve(rel));
  }

  /** Re-indexes one file after a change (ours or someone else's). */
  private async refreshFile(abs: string): Promise<WorkspaceChange | null> {
    const rel = toRel(this.root, abs);
    // lstat: a link or a special file is never read (the walk skips them too).
    const st = await lstat(abs).catch(() => null);
    if (!st || !st.isFile()) {
      if (!this.entries.delete(rel)) return null;
      this.version++;
      await this.writeCache();
      return { kind: 'removed', path: rel };
    }
    let entry: CacheEntry;
    try {
      entry = this.indexBytes(rel, await readRegularFile(abs, rel), st.mtimeMs, st.size);
    } catch (err) {
      if (!(err instanceof UnsafeFileError)) return null;
      entry = { mtimeMs: st.mtimeMs, size: st.size, post: null, problem: err.message };
    }
    const existed = this.entries.has(rel);
    this.entries.set(rel, entry);
    this.version++;
    await this.writeCache();
    return { kind: existed ? 'changed' : 'added', path: rel };
  }

  /** The folder new posts go in: the first main section, else `posts`. */
  get postsFolder(): string {
    const section = this.config.mainSections?.[0] ?? 'posts';
    return toRel(this.root, path.join(this.contentRoot, section));
  }

  /**
   * Creates a draft post from a title in the posts folder, dated now with the local UTC
   * offset. `now` and `offsetMinutes` default to the clock. Returns its path.
   */
  async createPost(
    title: string,
    now = Date.now(),
    offsetMinutes = -new Date(now).getTimezoneOffset(),
  ): Promise<string> {
    const t = title.trim();
    if (!t) throw new Error('a new post needs a title');
    const slug = slugify(t) || 'untitled';
    const rel = await this.freeName(`${this.postsFolder}/${slug}`, '.md');
    const text = `---\ntitle: ${JSON.stringify(t)}\ndate: ${writeLocalDateTime(now, offsetMinutes)}\ndraft: true\n---\n\n`;
    await this.savePost(rel, text, null);
    return rel;
  }

  private async freeName(stem: string, ext: string): Promise<string> {
    for (let n = 1; ; n++) {
      const candidate = `${stem}${n === 1 ? '' : `-${n}`}`;
      if (!existsSync(this.resolve(candidate + ext)) && !existsSync(this.resolve(candidate)))
        return candidate + ext;
    }
  }

  /** Renames a post's file (or bundle folder) to a new slug; updates a `slug` field. */
  async renamePost(rel: string, newSlug: string): Promise<string> {
    const post = this.post(rel);
    if (!post) throw new Error(`${rel}: no such post`);
    const slug = slugify(newSlug);
    if (!slug) throw new Error(`"${newSlug}" does not make a usable slug`);
    const abs = this.resolve(rel);
    const from = post.bundle ? path.dirname(abs) : abs;
    const ext = post.bundle ? '' : path.extname(abs);
    const target = path.join(path.dirname(from), slug + ext);
    if (existsSync(target))
      throw new Error(`${toRel(this.root, target)}: already exists; choose another slug`);
    this.resolve(toRel(this.root, target));
    await rename(from, target);
    const newRel = toRel(this.root, post.bundle ? path.join(target, path.basename(abs)) : target);
    this.entries.delete(rel);
    this.version++;
    if (findKey(post.data, 'slug') !== undefined) {
      const { text, version } = await this.readPost(newRel);
      await this.savePost(newRel, setField(parseFrontMatter(text, newRel), 'slug', slug), version);
    } else {
      await this.refreshFile(this.resolve(newRel));
    }
    return newRel;
  }

  /** Copies a post (bundle resources too) as a draft titled "… (copy)". Returns its path. */
  async duplicatePost(rel: string): Promise<string> {
    const post = this.post(rel);
    if (!post) throw new Error(`${rel}: no such post`);
    const abs = this.resolve(rel);
    const { text } = await this.readPost(rel);
    let f = parseFrontMatter(text, rel);
    f = parseFrontMatter(setField(f, 'title', `${post.meta.title || post.baseName} (copy)`), rel);
    const copyText = setField(f, 'draft', true);
    if (post.bundle) {
      const dir = path.dirname(abs);
      const newDirRel = await this.freeName(`${toRel(this.root, dir)}-copy`, '');
      const newDir = this.resolve(newDirRel);
      await cp(dir, newDir, { recursive: true, errorOnExist: true, force: false });
      const newRel = `${newDirRel}/${path.basename(abs)}`;
      const { version } = await readVersion(this.resolve(newRel));
      await this.savePost(newRel, copyText, version);
      return newRel;
    }
    const newRel = await this.freeName(rel.replace(MARKDOWN_EXT, '') + '-copy', path.extname(rel));
    await this.savePost(newRel, copyText, null);
    return newRel;
  }

  /**
   * Deletes a post (its bundle folder too) by handing it to `trash`; the default moves it
   * into the site's `.trash/` folder, keeping its path. Returns where it went.
   */
  async deletePost(rel: string, trash?: (abs: string) => Promise<string>): Promise<string> {
    const post = this.post(rel);
    if (!post) throw new Error(`${rel}: no such post`);
    const abs = this.resolve(rel);
    const target = post.bundle ? path.dirname(abs) : abs;
    const where = trash ? await trash(target) : await this.moveToSiteTrash(target);
    this.entries.delete(rel);
    this.version++;
    await this.writeCache();
    return where;
  }

  private async moveToSiteTrash(abs: string): Promise<string> {
    const rel = toRel(this.root, abs);
    let dest = path.join(this.root, '.trash', rel);
    for (let n = 2; existsSync(dest); n++) dest = path.join(this.root, '.trash', `${rel}.${n}`);
    await mkdir(path.dirname(dest), { recursive: true });
    await rename(abs, dest);
    return toRel(this.root, dest);
  }

  /**
   * Watches the content folder; calls `onChange` for each external change after the
   * index is updated. Our own saves are not reported. Returns a function that stops it.
   */
  async watch(onChange: (change: WorkspaceChange) => void): Promise<() => Promise<void>> {
    const pending = new Set<string>();
    let timer: NodeJS.Timeout | null = null;
    const flush = async () => {
      timer = null;
      const batch = [...pending];
      pending.clear();
      for (const abs of batch) {
        if (!MARKDOWN_EXT.test(abs) || /(^|[\\/])_index\./.test(abs)) continue;
        const { version } = await readVersion(abs).catch(() => ({ version: null }));
        const own = this.ownWrites.get(abs);
        if (own !== undefined && own === version) {
          this.ownWrites.delete(abs);
          continue;
        }
        const change = await this.refreshFile(abs);
        if (change) onChange(change);
      }
    };
    const watcher = chokidarWatch(this.contentRoot, {
      ignoreInitial: true,
      // Links are never followed: a loop or a link to /usr must not stall or crash the host.
      followSymlinks: false,
      ignored: (p: string) => /(^|[\\/])\.(?!$)/.test(path.relative(this.contentRoot, p)),
    });
    // A folder that cannot be watched (a loop, permissions, too many files) is skipped;
    // an unhandled 'error' event would take the whole host down.
    watcher.on('error', (err) => this.watchErrors.push(String((err as Error)?.message ?? err)));
    const queue = (p: string) => {
      pending.add(p);
      if (!timer) timer = setTimeout(() => void flush(), 60);
    };
    watcher.on('add', queue).on('change', queue).on('unlink', queue);
    await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
    this.watcher = watcher;
    return async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
      if (this.watcher === watcher) this.watcher = null;
    };
  }

  /** Errors the file watcher reported (it keeps running; for diagnostics). */
  readonly watchErrors: string[] = [];

  /** Stops watching. */
  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = null;
  }

  /** Deletes the on-disk index cache (for tests and "rebuild index"). */
  async clearCache(): Promise<void> {
    if (this.cacheFile) await rm(this.cacheFile, { force: true });
  }
}
