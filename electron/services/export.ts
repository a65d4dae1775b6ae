import { isQuireError, QuireError } from '../../shared/errors.ts';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SummaryMode } from '../../shared/site/config.ts';
import { createBuildMemo, siteBaseURL, writeStage } from '../../shared/site/build.ts';
import { pageYear, postPageJobs, WRITTEN_ELSEWHERE } from '../../shared/site/render.ts';
import { planSite } from '../../shared/site/plan.ts';
import type { SitePlan } from '../../shared/site/plan.ts';
import type { BuildDerive, BuiltSite } from '../../shared/site/build.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import type { SitePost } from '../../shared/site/listing.ts';
import { isListed } from '../../shared/site/publish.ts';
import type { AsOf } from '../../shared/site/publish.ts';
import type { DerivablePost } from './derive-cache.ts';
import type { DeriveCache } from './derive-cache.ts';
import { derivePageOf } from './derive-cache.ts';
import type { Workspace } from './workspace.ts';
import { minParallelPosts, RenderPool, renderTaskOf, renderWorkerCount } from './render-pool.ts';
import { fileHash, renderPages, writeFiles } from './render-pages.ts';
import type { FileToWrite, PageTask } from './render-pool.ts';
import type { WriteBatch } from './render-pages.ts';
import { fileWriter } from './write-tree.ts';
import { mark } from './timings.ts';
import { readRegularFile, replaceFile } from './atomic-write.ts';
import { scanSiteTree, versioned } from './site-plan.ts';
import { outputFile, postUrl } from '../../shared/site/urls.ts';
import { urlizeTerm } from '../../shared/content/slug.ts';
import { taxonomyTerms } from '../../shared/content/post.ts';
import {
  checkExportTarget,
  cleanOutputPath,
  ExportPathError,
  isInside,
  MANIFEST,
  realPathOf,
  safeOutputPath,
} from './export-paths.ts';

/** Where and how to export. */
export interface ExportOptions {
  /** A folder to write the site into (replaced whole, atomically), or… */
  out?: string;
  /** …a .zip file. */
  zip?: string;
  asOf: AsOf;
  drafts?: boolean;
  baseURL?: string;
  mode?: SummaryMode;
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
  /** Export even when two files want one URL (the first by path is written). */
  allowCollisions?: boolean;
  /**
   * A one-off export (the command): into a new or empty folder, each post's page is
   * written by the render workers as soon as it is rendered and never held in memory, so
   * memory stays bounded; the next export of this exporter renders those pages again.
   */
  stream?: boolean;
}

/** A fresh export's pages the render workers wrote into its temp folder: SHA-1 and size by file. */
interface Streamed {
  tmp: string;
  pages: Map<string, { hash: string; size: number }>;
}

/** Progress: which phase, and files done of total in it. */
export interface ExportProgress {
  phase: 'render' | 'write';
  done: number;
  total: number;
}

/** What an export did. */
export interface ExportResult {
  pages: number;
  files: number;
  bytes: number;
  written: number;
  unchanged: number;
  removed: number;
  ms: number;
  warnings: string[];
  /** Posts that could not be read, each naming its file; they were left out. */
  skipped: string[];
  /** Posts rendered on worker threads (0: all in this thread). */
  renderedOnWorkers?: number;
}

const MANIFEST_HEADER = 'quire-export 1';
const WRITE_AHEAD_BATCH = 32;

/** The export manifest: a header line, then `<sha1> <path>` per file. */
function formatManifest(files: Map<string, string>): string {
  let out = MANIFEST_HEADER + '\n';
  for (const [f, h] of files) out += `${h} ${f}\n`;
  return out;
}

/**
 * Reads a manifest. It is data Quire wrote, so an entry that is not a clean path inside
 * the folder (`../outside/victim.txt`) means someone else wrote it: refused whole.
 */
function parseManifest(text: string, shown: string): Map<string, string> {
  const lines = text.split('\n');
  if (lines[0] !== MANIFEST_HEADER) throw new Error('not a Quire export manifest');
  const m = new Map<string, string>();
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const f = line.slice(line.indexOf(' ') + 1);
    const clean = cleanOutputPath(f);
    if (!('rel' in clean) || clean.rel !== f)
      throw new ExportPathError(
        `${shown}: the export manifest lists "${f.slice(0, 200)}", which is not a file inside the export folder; Quire did not write this manifest, so nothing was exported or deleted`,
      );
    m.set(f, line.slice(0, line.indexOf(' ')));
  }
  return m;
}

/** Two sources want one URL: the export stops before writing anything. */
export class UrlCollisionError extends QuireError {
  constructor(site: Pick<BuiltSite, 'collisions'>) {
    const shown = site.collisions
      .slice(0, 5)
      .map((c) => `${c.sources.join(' and ')} are all at ${c.url}`);
    const more = site.collisions.length > 5 ? `; and ${site.collisions.length - 5} more` : '';
    super(
      'url-collision',
      `URL collision: ${shown.join('; ')}${more}. Nothing was exported: change a slug, url or alias (or export anyway: --allow-collisions, or "Export even when two files want one URL" in the app; the first by path wins)`,
    );
    this.name = 'UrlCollisionError';
  }
}

/** An export was cancelled; nothing was changed on disk. */
export class ExportCancelled extends QuireError {
  constructor() {
    super('cancelled', 'export cancelled; the output was left as it was');
    this.name = 'ExportCancelled';
  }
}

/**
 * For writes and deletes in an existing export folder: the absolute path of `rel`, once
 * its folder is known to resolve inside the export folder (a symlink planted in it could
 * lead anywhere). `checked` caches folders already seen in this export.
 */
function inFolder(out: string, rel: string, checked: Map<string, boolean>): string {
  const abs = path.join(out, rel);
  const dir = path.dirname(abs);
  let ok = checked.get(dir);
  if (ok === undefined) {
    ok = isInside(realPathOf(out), realPathOf(dir));
    checked.set(dir, ok);
  }
  if (!ok)
    throw new ExportPathError(
      `${path.join(out, rel)}: a link in the export folder leads outside it; nothing more was written`,
    );
  return abs;
}

/** True when `dir` does not exist or is an empty folder. */
async function emptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** A failed write as the user should read it: the target, what went wrong, nothing written. */
function writeFailure(target: string, err: unknown): Error {
  if (isQuireError(err)) return err;
  const e = err as NodeJS.ErrnoException;
  const why =
    e.code === 'ENOTDIR' || e.code === 'EEXIST'
      ? 'a file is in the way of a folder on that path'
      : e.code === 'EACCES' || e.code === 'EPERM'
        ? 'permission denied'
        : e.code === 'ENOSPC'
          ? 'the disk is full'
          : e.code === 'EROFS'
            ? 'the disk is read-only'
            : e.message;
  return new QuireError(
    'failed',
    `could not write the export (${why}); nothing was exported`,
    {
      file: target,
    },
    { cause: err },
  );
}

/**
 * Deletes a file an earlier export wrote and this one no longer has, only when its bytes
 * are still what the manifest recorded: a file the user put or changed there is kept.
 */
async function removeIfOurs(
  out: string,
  rel: string,
  recorded: string,
  checked: Map<string, boolean>,
): Promise<boolean> {
  const abs = inFolder(out, rel, checked);
  // Never blocks on a FIFO planted there, never reads a device.
  const bytes = await readRegularFile(abs, rel, Number.MAX_SAFE_INTEGER).catch(() => null);
  if (!bytes || fileHash(bytes) !== recorded) return false;
  await rm(abs, { force: true });
  return true;
}

/**
 * Exports a site, keeping what it rendered so the next export after a small change only
 * re-renders that post and rewrites only the files whose bytes changed.
 */
/** What the writers need of a built site (Quire's own, or Hugo's files). */
type Written = Omit<BuiltSite, 'plan'>;

export class Exporter {
  private readonly cache: DeriveCache;
  private readonly memo = createBuildMemo();
  private previous: {
    out: string;
    manifest: Map<string, string>;
    files: Map<string, string>;
    sizes: Map<string, number>;
    bytes: number;
  } | null = null;

  constructor(private readonly ws: Workspace) {
    // The site's one derive cache: what listings rendered, the export reuses.
    this.cache = ws.derive;
  }

  private readonly derive: BuildDerive = (
    post: SitePost,
    mode: SummaryMode,
    pageUrl: string,
  ): DerivedPost =>
    this.cache.derivePage(post as DerivablePost, mode, pageUrl, (body) =>
      derivePageOf(body, post.meta, this.ws.config, mode, this.cache.renderEnv(post), pageUrl),
    );

  /** Builds the site in memory (no writes). */
  async build(
    opts: Pick<ExportOptions, 'asOf' | 'drafts' | 'baseURL' | 'mode' | 'onProgress' | 'signal'>,
    streamed?: Streamed,
  ): Promise<BuiltSite> {
    // Explicit versions (file mtime and size): what the build memo keys on.
    const posts = versioned(this.ws.posts());
    const config = this.ws.config;
    const options = {
      asOf: opts.asOf,
      drafts: opts.drafts,
      baseURL: opts.baseURL,
      mode: opts.mode,
    };
    const mode = opts.mode ?? config.summaryMode;
    // A streamed export's workers render the posts ahead while this thread plans (they
    // would wait for it otherwise): every post the publish rules list, as planSite does.
    const rendering =
      streamed && this.pool
        ? this.pool.warm(
            posts
              .filter((p) => isListed(p.meta, opts.asOf, options))
              .map((p) => renderTaskOf(p as DerivablePost, mode)),
          )
        : null;
    const tree = await scanSiteTree(this.ws);
    // As buildSite does: the last plan lends its order and unchanged posts' URLs.
    const plan = planSite(posts, config, options, tree, this.memo.plan);
    this.memo.plan = plan;
    mark('plan');
    let done = 0;
    const total = plan.pages.size;
    let warming = true;
    // Posts whose pages the workers wrote: their derived values without the HTML, for the
    // lists and feeds (never put in the site's cache, whose entries have the HTML).
    const lite = new Map<string, DerivedPost>();
    const elsewhere = new Set<string>();
    const derive: BuildDerive = (post, m, pageUrl) => {
      const kept = lite.get(post.path);
      if (kept) return kept;
      const r = this.derive(post, m, pageUrl);
      if (warming) opts.onProgress?.({ phase: 'render', done: Math.min(++done, total), total });
      return r;
    };
    // Rendering posts is the long part. Many posts: on worker threads (one per core), their
    // results stored in the cache. The rest (few posts, ref/relref, errors): here in
    // slices, yielding between them, so the host keeps answering (progress, cancel, other
    // calls) and a cancel stops it. The render stage then finds every post in the cache.
    const onResult = () => {
      if (warming) opts.onProgress?.({ phase: 'render', done: Math.min(++done, total), total });
    };
    if (streamed && this.pool) {
      const site = { baseURL: siteBaseURL(plan, options), year: pageYear(plan) };
      const jobs = postPageJobs(plan);
      const tasks: PageTask[] = jobs.map((j) => ({
        ...renderTaskOf(j.post as DerivablePost, mode),
        pageUrl: j.url,
        post: { path: j.post.path, meta: j.post.meta },
        // Through safeOutputPath before anything is written, even into the temp folder.
        file: this.cleanPath(j.file, () => j.post.path),
        tagLinks: j.tagLinks,
        nav: j.nav,
        site,
      }));
      // This thread renders and writes pages too, from the same queue (see render-pages.ts).
      const put = fileWriter(streamed.tmp);
      const inThread = (batch: PageTask[]) =>
        renderPages(config, batch, (t) => this.derivePageTask(t), put);
      const pool = this.pool;
      const before = pool.renderedOnWorkers;
      mark('tasks');
      const warmed = await rendering?.finish();
      mark('warmed');
      const results = await pool.renderPages(streamed.tmp, tasks, {
        signal: opts.signal,
        onResult,
        inThread,
        warmed,
      });
      this.renderedOnWorkers = pool.renderedOnWorkers - before;
      results.forEach((r, i) => {
        if (!r) return;
        const t = tasks[i]!;
        streamed.pages.set(t.file, { hash: r.hash, size: r.size });
        lite.set(t.path, r.derived);
        elsewhere.add(t.path);
      });
    } else await this.renderInParallel(plan, mode, opts, onResult);
    mark('render-workers');
    if (opts.signal?.aborted) throw new ExportCancelled();
    let n = 0;
    for (const page of plan.pages.values()) {
      if (!page.rendered || elsewhere.has(page.post.path)) continue;
      if (++n % 20 === 0) {
        await new Promise((r) => setImmediate(r));
        if (opts.signal?.aborted) throw new ExportCancelled();
      }
      derive(page.post, mode, page.url);
    }
    warming = false;
    mark('render-thread');
    // An export keeps its workers to write the files; a build alone is done with them.
    if (!this.exporting) await this.closePool();
    opts.onProgress?.({ phase: 'render', done: total, total });
    const ahead =
      streamed && this.pool && !plan.languages
        ? this.writeAhead(streamed, tree.staticFiles ?? [])
        : null;
    const built = writeStage(
      plan,
      { ...options, elsewhere, onFile: ahead?.onFile },
      derive,
      tree.staticFiles ?? [],
      this.memo,
    );
    mark('layout');
    if (ahead) {
      await ahead.done(built.files);
      mark('ahead');
    }
    return built;
  }

  /**
   * A streamed export's lists, written while they are laid out: each goes to a worker as
   * it is rendered (a worker writes them in less time than this thread lays them out; when
   * only the first 0.4 went, the rest took another 35 ms after the layout). `done` waits
   * for those writes and marks each file written whose text is still the one
   * written (WRITTEN_ELSEWHERE, its hash and size in `streamed.pages`). The site's static
   * files (they replace generated ones) are never written ahead.
   */
  private writeAhead(
    streamed: Streamed,
    staticFiles: readonly string[],
  ): {
    onFile: (raw: string, text: string) => void;
    done: (files: Map<string, string>) => Promise<void>;
  } {
    const pool = this.pool!;
    const statics = new Set(staticFiles);
    const sent = new Map<string, string>();
    const batches: { raws: string[]; reply: Promise<WriteBatch> }[] = [];
    let files: FileToWrite[] = [];
    let raws: string[] = [];
    const flush = () => {
      if (!files.length) return;
      const reply = pool.writeAhead(streamed.tmp, files);
      // Awaited in `done`; a failure before that must not be an unhandled rejection.
      reply.catch(() => {});
      batches.push({ raws, reply });
      files = [];
      raws = [];
    };
    return {
      onFile: (raw, text) => {
        if (statics.has(raw)) return;
        // Through safeOutputPath before anything is written, even into the temp folder.
        files.push([this.cleanPath(raw, () => this.ownerOf(raw)), text]);
        raws.push(raw);
        sent.set(raw, text);
        if (files.length >= WRITE_AHEAD_BATCH) flush();
      },
      done: async (built) => {
        flush();
        const hashes = new Map<string, string>();
        for (const b of batches) {
          const r = await b.reply;
          for (let k = 0; k < r.written; k++) hashes.set(b.raws[k]!, r.hashes[k]!);
        }
        for (const [raw, hash] of hashes) {
          const text = sent.get(raw)!;
          // Rendered again after it was written (its last text not sent): written below.
          if (built.get(raw) !== text) continue;
          built.set(raw, WRITTEN_ELSEWHERE);
          streamed.pages.set(
            this.cleanPath(raw, () => this.ownerOf(raw)),
            {
              hash,
              size: Buffer.byteLength(text),
            },
          );
        }
      },
    };
  }

  /** How many posts the last export rendered on worker threads (0: all in this thread). */
  renderedOnWorkers = 0;

  /**
   * A streamed post page's derived values, computed here as a render worker does (never
   * cached: the page is written at once and its HTML dropped); null when it fails (the
   * render stage renders it again and reports the error as it always does).
   */
  private derivePageTask(t: PageTask): DerivedPost | null {
    try {
      return derivePageOf(
        this.cache.body(t.path, t.bodyLine),
        t.meta,
        this.ws.config,
        t.mode,
        this.cache.renderEnv(t.post as SitePost),
        t.pageUrl,
      );
    } catch {
      return null;
    }
  }

  /** Derives the posts not cached yet on render workers, when there are enough of them. */
  private async renderInParallel(
    plan: SitePlan,
    mode: SummaryMode,
    opts: Pick<ExportOptions, 'signal'>,
    onResult: () => void,
  ): Promise<void> {
    const todo: { post: DerivablePost; url: string }[] = [];
    for (const page of plan.pages.values()) {
      const post = page.post as DerivablePost;
      if (page.rendered && !this.cache.hasPage(post, mode, page.url))
        todo.push({ post, url: page.url });
    }
    this.renderedOnWorkers = 0;
    if (todo.length < minParallelPosts()) return;
    this.startPool();
    if (!this.pool) return;
    const results = await this.pool.render(
      todo.map(({ post, url }) => ({ ...renderTaskOf(post, mode), pageUrl: url })),
      { signal: opts.signal, onResult },
    );
    results.forEach((d, i) => {
      if (!d) return;
      this.cache.storePage(todo[i]!.post, mode, todo[i]!.url, d);
      this.renderedOnWorkers++;
    });
  }

  /** The workers of the export under way (started when it renders many posts), or null. */
  private pool: RenderPool | null = null;

  private async closePool(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  /**
   * Refuses a target that is part of the site (content, config, static files…), a folder
   * given for a .zip, or an existing file that is not an earlier export. Throws
   * ExportPathError; call it before starting so the user hears at once.
   */
  checkTarget(opts: Pick<ExportOptions, 'out' | 'zip'>): void {
    if (!opts.out === !opts.zip)
      throw new QuireError(
        'invalid-request',
        'choose a folder (--out) or a .zip file (--zip) to export to',
      );
    checkExportTarget(
      { root: this.ws.root, contentRoot: this.ws.contentRoot, configFile: this.ws.configFile },
      opts,
    );
  }

  /** Exports to a folder or a .zip. */
  async export(opts: ExportOptions): Promise<ExportResult> {
    this.exporting = true;
    try {
      return await this.exportWithPool(opts);
    } finally {
      this.exporting = false;
      await this.closePool();
      // Spare workers that this export did not need.
      const spare = this.spare;
      this.spare = null;
      await spare?.close();
    }
  }

  private exporting = false;

  /** Starts the render workers; `threadWorks`: this thread renders too (one worker fewer). */
  private startPool(threadWorks = false): void {
    if (this.pool) return;
    const data = {
      root: this.ws.root,
      config: this.ws.config,
      overrides: [...this.cache.siteShortcodeOverrides()].sort(),
    };
    const count = renderWorkerCount({ threadWorks });
    const spare = this.spare;
    this.spare = null;
    if (spare?.size === count) this.pool = spare.init(data);
    else {
      void spare?.close();
      this.pool = RenderPool.start(data, count);
    }
  }

  /**
   * Workers started before the site was read (the `quire export` command, see
   * RenderPool.spawn), for this exporter's next export that renders on workers; closed
   * when that export has too few posts for them.
   */
  adoptWorkers(pool: RenderPool | null): void {
    void this.spare?.close();
    this.spare = pool;
  }

  private spare: RenderPool | null = null;

  private async exportWithPool(opts: ExportOptions): Promise<ExportResult> {
    const t0 = performance.now();
    this.checkTarget(opts);
    // A first export (or a one-off) of many posts starts its workers now, so they load
    // while the site is planned.
    if ((opts.stream || !this.memo.plan) && this.ws.posts().length >= minParallelPosts())
      this.startPool(opts.stream && !!opts.out);
    // A one-off export into a new or empty folder streams its pages into the temp folder.
    const streamed: Streamed | null =
      opts.stream && opts.out && this.pool && (await emptyOrMissing(path.resolve(opts.out)))
        ? {
            tmp: `${path.resolve(opts.out)}.quire-tmp-${process.pid}-${Date.now()}`,
            pages: new Map(),
          }
        : null;
    let result: Omit<ExportResult, 'ms' | 'warnings' | 'skipped' | 'pages'>;
    let site: Written;
    try {
      site = this.safeSite(await this.build(opts, streamed ?? undefined));
      mark('safe-paths');
      if (site.collisions.length > 0 && !opts.allowCollisions) throw new UrlCollisionError(site);
      if (opts.signal?.aborted) throw new ExportCancelled();
      if (opts.zip) result = await this.writeZip(site, opts);
      else if (opts.out) result = await this.writeFolder(site, opts, streamed);
      else
        throw new QuireError(
          'invalid-request',
          'choose a folder (--out) or a .zip file (--zip) to export to',
        );
    } catch (err) {
      if (streamed) {
        // No worker may still be writing into the temp folder once it is removed.
        await this.closePool();
        await rm(streamed.tmp, { recursive: true, force: true });
      }
      throw err;
    }
    const skipped = this.ws.problems().map((p) => p.message);
    return {
      ...result,
      pages: site.pages,
      ms: performance.now() - t0,
      warnings: site.warnings,
      skipped,
      renderedOnWorkers: this.renderedOnWorkers,
    };
  }

  /**
   * Writes files built elsewhere (Hugo, for "Export with Hugo") with this export's rules:
   * every path through safeOutputPath, the manifest, only earlier exports replaced. The
   * files are read from `root` (a private build folder), never from the site.
   */
  async writeBuilt(
    built: { copies: { from: string; to: string }[]; pages: number; root: string },
    opts: ExportOptions,
  ): Promise<ExportResult> {
    const t0 = performance.now();
    this.checkTarget(opts);
    this.builtRoot = path.resolve(built.root);
    try {
      const site = this.safeSite({
        files: new Map(),
        copies: built.copies,
        pages: built.pages,
        warnings: [],
        collisions: [],
      });
      if (opts.signal?.aborted) throw new ExportCancelled();
      const result = opts.zip
        ? await this.writeZip(site, opts)
        : await this.writeFolder(site, opts);
      return {
        ...result,
        pages: built.pages,
        ms: performance.now() - t0,
        warnings: site.warnings,
        skipped: [],
      };
    } finally {
      this.builtRoot = null;
    }
  }

  /** Where writeBuilt's files come from (absolute), while it runs. */
  private builtRoot: string | null = null;

  // Cleaned output paths by raw path: the same pages come back on every export.
  private readonly cleaned = new Map<string, string>();

  /**
   * The built site with every output path passed through safeOutputPath (Hugo's URL
   * cleaning, then confinement to the export folder). A path that cannot be written, or
   * that two sources would share after cleaning, is an error naming the post.
   */
  private cleanPath(raw: string, owner: () => string): string {
    let rel = this.cleaned.get(raw);
    if (rel === undefined) {
      rel = safeOutputPath(raw, owner);
      this.cleaned.set(raw, rel);
    }
    return rel;
  }

  private safeSite<S extends Written>(site: S): S {
    if (this.cleaned.size > 200_000) this.cleaned.clear();
    const place = (raw: string, owner: () => string) => this.cleanPath(raw, owner);
    let same = true;
    const files = new Map<string, string>();
    for (const [raw, text] of site.files) {
      const rel = place(raw, () => this.ownerOf(raw));
      if (rel !== raw) same = false;
      if (files.has(rel))
        throw new ExportPathError(
          `${this.ownerOf(raw)}: its output path "${raw}" is the same file as another page (${rel}); nothing was exported`,
        );
      files.set(rel, text);
    }
    const warnings = [...site.warnings];
    const copies: BuiltSite['copies'] = [];
    const taken = new Set<string>();
    for (const c of site.copies) {
      const to = place(c.to, () => c.from);
      if (files.has(to) || taken.has(to)) {
        warnings.push(`${c.from}: would overwrite ${to}; not copied`);
        continue;
      }
      taken.add(to);
      copies.push(to === c.to ? c : { from: c.from, to });
    }
    return {
      ...site,
      // Unchanged keys keep the very same map, so the incremental export's identity
      // comparisons still hold.
      files: same ? site.files : files,
      copies,
      warnings,
    };
  }

  /** The post an output path comes from (its URL, slug, alias or a term), for errors. */
  private ownerOf(raw: string): string {
    for (const page of this.memo.plan?.pages.values() ?? [])
      if (page.file === raw) return page.post.path;
    for (const a of this.memo.plan?.aliases ?? [])
      if (a.file === raw) return `${a.from} (alias "${a.url.slice(0, 120)}")`;
    const posts = this.ws.posts();
    const config = this.ws.config;
    for (const p of posts) if (outputFile(postUrl(p, config)) === raw) return p.path;
    for (const p of posts) {
      for (const plural of Object.values(config.taxonomies))
        for (const t of taxonomyTerms(p.meta, plural))
          if (raw.startsWith(`${plural}/${urlizeTerm(t)}/`))
            return `${p.path} (${plural} "${t.length > 60 ? t.slice(0, 60) + '…' : t}")`;
      for (const a of p.meta.aliases) {
        const bare = a.replace(/^\/+|\/+$/g, '');
        if (bare && raw.includes(bare)) return `${p.path} (alias "${a.slice(0, 120)}")`;
      }
    }
    return 'a generated page';
  }

  private async readCopy(rel: string): Promise<Buffer> {
    if (this.builtRoot && rel.startsWith(this.builtRoot + path.sep)) return readFile(rel);
    return readFile(this.ws.resolve(rel));
  }

  private async writeZip(
    site: Written,
    opts: ExportOptions,
  ): Promise<Omit<ExportResult, 'ms' | 'warnings' | 'skipped' | 'pages'>> {
    const zipPath = path.resolve(opts.zip!);
    // No prototype: an entry named __proto__ is a file like any other.
    const entries = Object.create(null) as Record<string, [Uint8Array, { mtime: Date }]>;
    // A fixed time: the same site gives the same bytes.
    const mtime = new Date(Date.UTC(2000, 0, 1));
    const total = site.files.size + site.copies.length;
    let done = 0;
    let bytes = 0;
    const enc = new TextEncoder();
    for (const [f, text] of site.files) {
      const data = enc.encode(text);
      bytes += data.length;
      entries[f] = [data, { mtime }];
      opts.onProgress?.({ phase: 'write', done: ++done, total });
    }
    for (const c of site.copies) {
      if (opts.signal?.aborted) throw new ExportCancelled();
      const data = await this.readCopy(c.from);
      bytes += data.length;
      entries[c.to] = [data, { mtime }];
      opts.onProgress?.({ phase: 'write', done: ++done, total });
    }
    // The manifest marks the .zip as an export, so a later export may replace it.
    const manifest = new Map<string, string>();
    for (const f of Object.keys(entries).sort()) manifest.set(f, fileHash(entries[f]![0]));
    entries[MANIFEST] = [enc.encode(formatManifest(manifest)), { mtime }];
    // Loaded for .zip exports only (start-up of the command).
    const { zipSync } = await import('fflate');
    const zipped = zipSync(entries, { level: 6 });
    if (opts.signal?.aborted) throw new ExportCancelled();
    try {
      await mkdir(path.dirname(zipPath), { recursive: true });
      // Checked again just before writing: the target may have changed since the start.
      this.checkTarget({ zip: opts.zip });
      await replaceFile(zipPath, zipped, { durable: false });
    } catch (err) {
      throw writeFailure(opts.zip!, err);
    }
    return { files: total, bytes, written: total, unchanged: 0, removed: 0 };
  }

  /**
   * The folder holds this exporter's last export: compare pages by identity (unchanged
   * pages are the very same strings), rewrite only what changed, each file atomically.
   */
  private async patchFolder(
    site: Written,
    out: string,
    opts: ExportOptions,
  ): Promise<Omit<ExportResult, 'ms' | 'warnings' | 'skipped' | 'pages'>> {
    const prev = this.previous!;
    const checked = new Map<string, boolean>();
    // Updated in place (they describe the folder as it will be); forgotten on failure, so
    // the next export reads the manifest on disk, which is written last.
    this.previous = null;
    const manifest = prev.manifest;
    const sizes = prev.sizes;
    let bytes = prev.bytes;
    const total = site.files.size + site.copies.length;
    const changed: [string, string | Uint8Array][] = [];
    let added = 0;
    const note = (f: string, h: string, size: number, data: string | Uint8Array) => {
      const old = manifest.get(f);
      if (old === undefined) added++;
      bytes += size - (sizes.get(f) ?? 0);
      sizes.set(f, size);
      if (old !== h) changed.push([f, data]);
      manifest.set(f, h);
    };
    for (const [f, text] of site.files) {
      if (prev.files.get(f) !== text) note(f, fileHash(text), Buffer.byteLength(text), text);
    }
    const present = new Set<string>();
    for (const c of site.copies) {
      const data = await this.readCopy(c.from);
      present.add(c.to);
      note(c.to, fileHash(data), data.length, data);
    }
    let removed = 0;
    // Only when the set of files changed can some be gone.
    if (added > 0 || manifest.size !== total) {
      for (const f of [...manifest.keys()]) {
        if (site.files.has(f) || present.has(f)) continue;
        bytes -= sizes.get(f) ?? 0;
        const h = manifest.get(f)!;
        manifest.delete(f);
        sizes.delete(f);
        if (await removeIfOurs(out, f, h, checked)) removed++;
      }
    }
    let done = total - changed.length;
    for (const [f, data] of changed) {
      if (opts.signal?.aborted) throw new ExportCancelled();
      const target = inFolder(out, f, checked);
      await replaceFile(target, data, { durable: false, mkdir: true });
      opts.onProgress?.({ phase: 'write', done: ++done, total });
    }
    opts.onProgress?.({ phase: 'write', done: total, total });
    const manifestPath = path.join(out, MANIFEST);
    if (changed.length || removed)
      await replaceFile(manifestPath, formatManifest(manifest), { durable: false });
    this.previous = { out, manifest, files: site.files, sizes, bytes };
    return {
      files: total,
      bytes,
      written: changed.length,
      unchanged: total - changed.length,
      removed,
    };
  }

  private async writeFolder(
    site: Written,
    opts: ExportOptions,
    streamed: Streamed | null = null,
  ): Promise<Omit<ExportResult, 'ms' | 'warnings' | 'skipped' | 'pages'>> {
    const out = path.resolve(opts.out!);
    const manifestPath = path.join(out, MANIFEST);
    const outStat = await stat(out).catch(() => null);
    let manifest: Map<string, string> | null = null;
    // This exporter wrote `out` last: its manifest in memory is the folder's.
    const known = this.previous?.out === out && outStat !== null && existsSync(manifestPath);
    if (known) manifest = this.previous!.manifest;
    else if (outStat) {
      if (!outStat.isDirectory())
        throw new QuireError('forbidden', 'exists and is not a folder', { file: opts.out });
      const names = await readdir(out);
      if (names.length > 0) {
        try {
          manifest = parseManifest(await readFile(manifestPath, 'utf8'), manifestPath);
        } catch (err) {
          if (isQuireError(err, 'forbidden')) throw err;
          throw new QuireError(
            'forbidden',
            'this folder is not empty and is not an earlier Quire export; choose an empty or new folder',
            { file: opts.out },
            { cause: err },
          );
        }
      }
    }
    if (streamed && (known || manifest))
      throw new QuireError(
        'conflict',
        'the export folder was filled by someone else while exporting into it; nothing was exported',
        { file: opts.out },
      );
    if (known) return this.patchFolder(site, out, opts);
    mark('manifest-read');
    const total = site.files.size + site.copies.length;
    const next = new Map<string, string>();
    const copyData = new Map<string, Buffer>();
    // A fresh export with render workers: they and this thread write the files and hash
    // them as they write (filled in below).
    const workersHash = !manifest && this.pool !== null;
    for (const [f, text] of site.files)
      next.set(
        f,
        text === WRITTEN_ELSEWHERE
          ? streamed!.pages.get(f)!.hash
          : this.previous?.files.get(f) === text && this.previous.out === out
            ? this.previous.manifest.get(f)!
            : workersHash
              ? ''
              : fileHash(text),
      );
    for (const c of site.copies) {
      const data = await this.readCopy(c.from);
      copyData.set(c.to, data);
      next.set(c.to, fileHash(data));
    }
    let bytes = 0;
    const sizes = new Map<string, number>();
    for (const [f, t] of site.files) {
      const same = this.previous?.files.get(f) === t;
      const n =
        t === WRITTEN_ELSEWHERE
          ? streamed!.pages.get(f)!.size
          : same
            ? this.previous!.sizes.get(f)!
            : Buffer.byteLength(t);
      sizes.set(f, n);
      bytes += n;
    }
    for (const b of copyData.values()) bytes += b.length;
    let done = 0;
    let written = 0;

    if (!manifest) {
      // Fresh export: write everything into a sibling temp folder, then swap it in.
      // A streamed export's pages are in its temp folder already.
      const tmp = streamed?.tmp ?? `${out}.quire-tmp-${process.pid}-${Date.now()}`;
      try {
        // Synchronous writes in slices, each folder created once.
        const put = fileWriter(tmp);
        const all: [string, string | Uint8Array][] = [];
        for (const entry of site.files)
          if (entry[1] === WRITTEN_ELSEWHERE) done++;
          else all.push(entry);
        for (const entry of copyData) all.push(entry);
        let byWorkers: string[] = [];
        if (this.pool) {
          // Written by the export's workers and this thread, each file whole; what they
          // did not write (a worker stopped) is written below.
          byWorkers = await this.pool.write(tmp, all, {
            signal: opts.signal,
            onWritten: (n) => {
              done += n;
              opts.onProgress?.({ phase: 'write', done, total });
            },
            inThread: (files) => writeFiles(files, put),
          });
          all.forEach(([f], i) => {
            if (next.get(f) === '' && byWorkers[i]) next.set(f, byWorkers[i]);
          });
        }
        for (let i = 0, k = 0; i < all.length; i++) {
          if (byWorkers[i]) continue;
          if (k++ % 200 === 0) {
            if (opts.signal?.aborted) throw new ExportCancelled();
            await new Promise((r) => setImmediate(r));
          }
          put(all[i]![0], all[i]![1]);
          if (next.get(all[i]![0]) === '') next.set(all[i]![0], fileHash(all[i]![1]));
          opts.onProgress?.({ phase: 'write', done: ++done, total });
        }
        mark('write');
        if (opts.signal?.aborted) throw new ExportCancelled();
        await writeFile(path.join(tmp, MANIFEST), formatManifest(next));
        // Swap: the old export moves aside, the new one takes its name, the old one goes.
        await mkdir(path.dirname(out), { recursive: true });
        const old = `${out}.quire-old-${process.pid}-${Date.now()}`;
        if (outStat) await rename(out, old);
        await rename(tmp, out);
        if (outStat) await rm(old, { recursive: true, force: true });
      } catch (err) {
        await rm(tmp, { recursive: true, force: true });
        throw err;
      }
      written = total;
      this.previous = { out, manifest: next, files: site.files, sizes, bytes };
      return { files: total, bytes, written, unchanged: 0, removed: 0 };
    }

    // Incremental: rewrite only files whose bytes changed, each atomically; the manifest last.
    let unchanged = 0;
    let removed = 0;
    const checked = new Map<string, boolean>();
    // Before anything is written: a file this export would replace must be one an earlier
    // export wrote (its bytes as the manifest recorded), not one the user put there.
    for (const [f, h] of next) {
      const recorded = manifest.get(f);
      if (recorded === h) continue;
      const abs = inFolder(out, f, checked);
      const bytes = await readRegularFile(abs, f, Number.MAX_SAFE_INTEGER).catch(
        (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Buffer.alloc(0)),
      );
      if (bytes !== null && (recorded === undefined || fileHash(bytes) !== recorded))
        throw new ExportPathError(
          `${abs}: this file was not written by an earlier export (or was changed since); nothing was exported (move it away, or export to a new folder)`,
        );
    }
    for (const [f, h] of next) {
      if (opts.signal?.aborted) throw new ExportCancelled();
      const target = inFolder(out, f, checked);
      if (manifest.get(f) === h && (known || existsSync(target))) {
        unchanged++;
      } else {
        await replaceFile(target, site.files.get(f) ?? copyData.get(f)!, {
          durable: false,
          mkdir: true,
        });
        written++;
      }
      opts.onProgress?.({ phase: 'write', done: ++done, total });
    }
    for (const f of manifest.keys()) {
      if (!next.has(f)) {
        if (await removeIfOurs(out, f, manifest.get(f)!, checked)) removed++;
      }
    }
    await replaceFile(manifestPath, formatManifest(next), { durable: false });
    this.previous = { out, manifest: next, files: site.files, sizes, bytes };
    return { files: total, bytes, written, unchanged, removed };
  }
}
