import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { SummaryMode } from '../../shared/site/config.ts';
import { buildSite, createBuildMemo } from '../../shared/site/build.ts';
import type { BuildDerive, BuiltSite } from '../../shared/site/build.ts';
import { derivePost } from '../../shared/site/derive.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import type { SitePost } from '../../shared/site/listing.ts';
import type { AsOf } from '../../shared/site/publish.ts';
import { resolvePostLink } from '../../shared/site/urls.ts';
import type { DerivablePost } from './derive-cache.ts';
import { DeriveCache } from './derive-cache.ts';
import type { Workspace } from './workspace.ts';

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
}

const MANIFEST = '.quire-export';
const MANIFEST_HEADER = 'quire-export 1';

/** The export manifest: a header line, then `<sha1> <path>` per file. */
function formatManifest(files: Map<string, string>): string {
  let out = MANIFEST_HEADER + '\n';
  for (const [f, h] of files) out += `${h} ${f}\n`;
  return out;
}

function parseManifest(text: string): Map<string, string> {
  const lines = text.split('\n');
  if (lines[0] !== MANIFEST_HEADER) throw new Error('not a Quire export manifest');
  const m = new Map<string, string>();
  for (const line of lines.slice(1))
    if (line) m.set(line.slice(line.indexOf(' ') + 1), line.slice(0, line.indexOf(' ')));
  return m;
}

/** An export was cancelled; nothing was changed on disk. */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled; the output was left as it was');
    this.name = 'ExportCancelled';
  }
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  let items;
  try {
    items = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const d of items) {
    if (d.name.startsWith('.')) continue;
    const abs = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...(await listFiles(abs, base)));
    else if (d.isFile()) out.push(path.relative(base, abs).split(path.sep).join('/'));
  }
  return out.sort();
}

function hash(s: string | Uint8Array): string {
  return createHash('sha1').update(s).digest('hex');
}

/**
 * Exports a site, keeping what it rendered so the next export after a small change only
 * re-renders that post and rewrites only the files whose bytes changed.
 */
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
    this.cache = new DeriveCache(
      (rel) => ws.pathOf(rel),
      () => ws.config,
    );
  }

  private readonly derive: BuildDerive = (
    post: SitePost,
    mode: SummaryMode,
    pageUrl: string,
  ): DerivedPost =>
    this.cache.derivePage(post as DerivablePost, mode, pageUrl, (body) =>
      derivePost(body, post.meta, this.ws.config, mode, {
        resolveUrl: (url) => resolvePostLink(pageUrl, url),
      }),
    );

  /** Builds the site in memory (no writes). */
  async build(
    opts: Pick<ExportOptions, 'asOf' | 'drafts' | 'baseURL' | 'mode' | 'onProgress'>,
  ): Promise<BuiltSite> {
    const posts = this.ws.posts();
    const bundleResources = new Map<string, string[]>();
    for (const p of posts) {
      if (!p.bundle) continue;
      const dir = path.dirname(this.ws.resolve(p.path));
      bundleResources.set(
        p.path,
        (await listFiles(dir)).filter((f) => !/^index\.(md|markdown)$/i.test(f)),
      );
    }
    const staticFiles = await listFiles(path.join(this.ws.root, 'static'));
    let done = 0;
    const total = posts.length;
    const derive: BuildDerive = (post, mode, pageUrl) => {
      const r = this.derive(post, mode, pageUrl);
      opts.onProgress?.({ phase: 'render', done: Math.min(++done, total), total });
      return r;
    };
    return buildSite(
      posts,
      this.ws.config,
      { asOf: opts.asOf, drafts: opts.drafts, baseURL: opts.baseURL, mode: opts.mode },
      derive,
      { bundleResources, staticFiles },
      this.memo,
    );
  }

  /** Exports to a folder or a .zip. */
  async export(opts: ExportOptions): Promise<ExportResult> {
    const t0 = performance.now();
    const site = await this.build(opts);
    if (opts.signal?.aborted) throw new ExportCancelled();
    const skipped = this.ws.problems().map((p) => p.message);
    let result: Omit<ExportResult, 'ms' | 'warnings' | 'skipped' | 'pages'>;
    if (opts.zip) result = await this.writeZip(site, opts);
    else if (opts.out) result = await this.writeFolder(site, opts);
    else throw new Error('choose a folder (--out) or a .zip file (--zip) to export to');
    return {
      ...result,
      pages: site.pages,
      ms: performance.now() - t0,
      warnings: site.warnings,
      skipped,
    };
  }

  private async readCopy(rel: string): Promise<Buffer> {
    return readFile(this.ws.resolve(rel));
  }

  private async writeZip(
    site: BuiltSite,
    opts: ExportOptions,
  ): Promise<Omit<ExportResult, 'ms' | 'warnings' | 'skipped' | 'pages'>> {
    const zipPath = path.resolve(opts.zip!);
    const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
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
    const zipped = zipSync(entries, { level: 6 });
    if (opts.signal?.aborted) throw new ExportCancelled();
    await mkdir(path.dirname(zipPath), { recursive: true });
    const tmp = `${zipPath}.${process.pid}.tmp`;
    await writeFile(tmp, zipped);
    await rename(tmp, zipPath);
    return { files: total, bytes, written: total, unchanged: 0, removed: 0 };
  }

  /**
   * The folder holds this exporter's last export: compare pages by identity (unchanged
   * pages are the very same strings), rewrite only what changed, each file atomically.
   */
  private async patchFolder(
    site: BuiltSite,
    out: string,
    opts: ExportOptions,
  ): Promise<Omit<ExportResult, 'ms' | 'warnings' | 'skipped' | 'pages'>> {
    const prev = this.previous!;
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
      if (prev.files.get(f) !== text) note(f, hash(text), Buffer.byteLength(text), text);
    }
    const present = new Set<string>();
    for (const c of site.copies) {
      const data = await this.readCopy(c.from);
      present.add(c.to);
      note(c.to, hash(data), data.length, data);
    }
    let removed = 0;
    // Only when the set of files changed can some be gone.
    if (added > 0 || manifest.size !== total) {
      for (const f of [...manifest.keys()]) {
        if (site.files.has(f) || present.has(f)) continue;
        bytes -= sizes.get(f) ?? 0;
        manifest.delete(f);
        sizes.delete(f);
        await rm(path.join(out, f), { force: true });
        removed++;
      }
    }
    let done = total - changed.length;
    for (const [f, data] of changed) {
      if (opts.signal?.aborted) throw new ExportCancelled();
      const target = path.join(out, f);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(`${target}.quire-tmp`, data);
      await rename(`${target}.quire-tmp`, target);
      opts.onProgress?.({ phase: 'write', done: ++done, total });
    }
    opts.onProgress?.({ phase: 'write', done: total, total });
    const manifestPath = path.join(out, MANIFEST);
    if (changed.length || removed) {
      await writeFile(manifestPath + '.tmp', formatManifest(manifest));
      await rename(manifestPath + '.tmp', manifestPath);
    }
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
    site: BuiltSite,
    opts: ExportOptions,
  ): Promise<Omit<ExportResult, 'ms' | 'warnings' | 'skipped' | 'pages'>> {
    const out = path.resolve(opts.out!);
    const root = this.ws.root;
    if (out === root || root.startsWith(out + path.sep))
      throw new Error(`${opts.out}: the export folder cannot be the site folder or hold it`);
    if (out.startsWith(path.join(root, this.ws.config.contentDir) + path.sep))
      throw new Error(`${opts.out}: the export folder cannot be inside the content folder`);
    const manifestPath = path.join(out, MANIFEST);
    const outStat = await stat(out).catch(() => null);
    let manifest: Map<string, string> | null = null;
    // This exporter wrote `out` last: its manifest in memory is the folder's.
    const known = this.previous?.out === out && outStat !== null && existsSync(manifestPath);
    if (known) manifest = this.previous!.manifest;
    else if (outStat) {
      if (!outStat.isDirectory()) throw new Error(`${opts.out}: exists and is not a folder`);
      const names = await readdir(out);
      if (names.length > 0) {
        try {
          manifest = parseManifest(await readFile(manifestPath, 'utf8'));
        } catch {
          throw new Error(
            `${opts.out}: this folder is not empty and is not an earlier Quire export; choose an empty or new folder`,
          );
        }
      }
    }
    if (known) return this.patchFolder(site, out, opts);
    const total = site.files.size + site.copies.length;
    const next = new Map<string, string>();
    const copyData = new Map<string, Buffer>();
    for (const [f, text] of site.files)
      next.set(
        f,
        this.previous?.files.get(f) === text && this.previous.out === out
          ? this.previous.manifest.get(f)!
          : hash(text),
      );
    for (const c of site.copies) {
      const data = await this.readCopy(c.from);
      copyData.set(c.to, data);
      next.set(c.to, hash(data));
    }
    let bytes = 0;
    const sizes = new Map<string, number>();
    for (const [f, t] of site.files) {
      const same = this.previous?.files.get(f) === t;
      const n = same ? this.previous!.sizes.get(f)! : Buffer.byteLength(t);
      sizes.set(f, n);
      bytes += n;
    }
    for (const b of copyData.values()) bytes += b.length;
    let done = 0;
    let written = 0;

    if (!manifest) {
      // Fresh export: write everything into a sibling temp folder, then swap it in.
      const tmp = `${out}.quire-tmp-${process.pid}-${Date.now()}`;
      try {
        // Synchronous writes in slices: for thousands of small files several times faster
        // than a promise per file; each folder is created once.
        const made = new Set<string>();
        const put = (rel: string, data: string | Uint8Array) => {
          const abs = path.join(tmp, rel);
          const dir = path.dirname(abs);
          if (!made.has(dir)) {
            mkdirSync(dir, { recursive: true });
            made.add(dir);
          }
          writeFileSync(abs, data);
        };
        const all: [string, string | Uint8Array][] = [...site.files, ...copyData];
        for (let i = 0; i < all.length; i++) {
          if (i % 200 === 0) {
            if (opts.signal?.aborted) throw new ExportCancelled();
            await new Promise((r) => setImmediate(r));
          }
          put(all[i]![0], all[i]![1]);
          opts.onProgress?.({ phase: 'write', done: ++done, total });
        }
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
    for (const [f, h] of next) {
      if (opts.signal?.aborted) throw new ExportCancelled();
      const target = path.join(out, f);
      if (manifest.get(f) === h && (known || existsSync(target))) {
        unchanged++;
      } else {
        await mkdir(path.dirname(target), { recursive: true });
        const tmpFile = `${target}.quire-tmp`;
        await writeFile(tmpFile, site.files.get(f) ?? copyData.get(f)!);
        await rename(tmpFile, target);
        written++;
      }
      opts.onProgress?.({ phase: 'write', done: ++done, total });
    }
    for (const f of manifest.keys()) {
      if (!next.has(f)) {
        await rm(path.join(out, f), { force: true });
        removed++;
      }
    }
    await writeFile(manifestPath + '.tmp', formatManifest(next));
    await rename(manifestPath + '.tmp', manifestPath);
    this.previous = { out, manifest: next, files: site.files, sizes, bytes };
    return { files: total, bytes, written, unchanged, removed };
  }
}
