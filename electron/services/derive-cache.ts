import { readFileSync } from 'node:fs';
import { bodyAfterFrontMatter, parseFrontMatter } from '../../shared/content/front-matter.ts';
import type { SiteConfig, SummaryMode } from '../../shared/site/config.ts';
import { derivePost } from '../../shared/site/derive.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import type { Derive, SitePost } from '../../shared/site/listing.ts';
import { refResolver } from '../../shared/site/refs.ts';
import type { RefResolver } from '../../shared/site/refs.ts';
import type { RenderEnv } from '../../shared/markdown/render.ts';
import type { PostMeta } from '../../shared/content/post.ts';
import { isRootRelative, resolvePostLink } from '../../shared/site/urls.ts';
import { builtinOverrides } from './shortcodes.ts';
import { decodeText } from './text-file.ts';

/**
 * A post as its own page shows it: links resolved for the page at `pageUrl`. The one
 * computation the export runs, in this thread or on a render worker.
 */
export function derivePageOf(
  body: string,
  meta: Pick<PostMeta, 'summary' | 'params'>,
  config: SiteConfig,
  mode: SummaryMode,
  env: RenderEnv,
  pageUrl: string,
): DerivedPost {
  return derivePost(body, meta, config, mode, {
    ...env,
    resolveUrl: (url) => resolvePostLink(pageUrl, url),
  });
}

/**
 * A post's derived values when they are the same on any page (derivePageOf's for every
 * `pageUrl`): null when the post links from the site's root, whose links are made
 * relative to the page.
 */
export function deriveAnyPage(
  body: string,
  meta: Pick<PostMeta, 'summary' | 'params'>,
  config: SiteConfig,
  mode: SummaryMode,
  env: RenderEnv,
): DerivedPost | null {
  let onPage = false;
  const derived = derivePost(body, meta, config, mode, {
    ...env,
    resolveUrl: (url) => {
      if (isRootRelative(url)) onPage = true;
      return url;
    },
  });
  return onPage ? null : derived;
}

/** A post the derive cache can stat: the index's record of its file. */
export interface DerivablePost extends SitePost {
  mtimeMs: number;
  size: number;
  /** Where the index saw the body start (1-based line): the body is read without parsing the front matter again. */
  bodyLine?: number;
}

/** Where the derive cache reads posts from: the open site's post store. */
export interface PostReader {
  /** A post's whole file, decoded. */
  text(rel: string): string;
  /** The absolute path of a site path. */
  pathOf(rel: string): string;
}

/** A reader straight from the disk, for a cache without a workspace. */
function fileReader(resolve: (rel: string) => string): PostReader {
  return { text: (rel) => decodeText(readFileSync(resolve(rel)), rel), pathOf: resolve };
}

/**
 * Derived values (rendered body, word count, summary) read from disk on demand and
 * cached by file version, so a listing renders only the posts it shows, once. One per
 * open site (Workspace.derive): listings, check and export share it.
 */
export class DeriveCache {
  private cache = new Map<string, DerivedPost>();
  private readonly reader: PostReader;
  constructor(
    /** The site's post store (or a function resolving site paths, to read files directly). */
    source: PostReader | ((rel: string) => string),
    private readonly config: () => SiteConfig,
    /** The site's posts, for ref/relref shortcodes (absent: refs do not resolve). */
    private readonly posts?: () => readonly SitePost[],
    /** Changes when the posts do (the index version), so the ref lookup is built once per change. */
    private readonly postsVersion: () => number = () => NaN,
  ) {
    this.reader = typeof source === 'function' ? fileReader(source) : source;
  }

  private refs: { version: number; resolve: RefResolver } | null = null;
  private overrides: Set<string> | undefined;

  /** The render env for a post: ref/relref resolved against the site's posts. */
  renderEnv(p: SitePost): RenderEnv {
    const posts = this.posts;
    if (!posts) return {};
    this.overrides ??= this.siteOverrides();
    // Built on the first ref of an index version: most posts have none, and building the
    // lookup for every post made a cold export of 10,000 posts take minutes.
    const resolveRef: RefResolver = (target, from) => {
      const version = this.postsVersion();
      if (!this.refs || Number.isNaN(version) || this.refs.version !== version)
        this.refs = { version, resolve: refResolver(posts(), this.config()) };
      return this.refs.resolve(target, from);
    };
    return { shortcodes: { resolveRef, postPath: p.path, overrides: this.overrides } };
  }

  /** A post's whole file, decoded. */
  text(rel: string): string {
    return this.reader.text(rel);
  }

  /** The built-in shortcodes the site has its own templates for (read once). */
  siteShortcodeOverrides(): Set<string> {
    return (this.overrides ??= this.siteOverrides());
  }

  /** True when a page's derived values are cached (derivePage would not compute them). */
  hasPage(p: DerivablePost, mode: SummaryMode, pageUrl: string): boolean {
    const last = this.byRecord.get(p);
    if (last && last.mode === mode && last.pageUrl === pageUrl) return true;
    return this.cache.has(`${p.path}\0${p.mtimeMs}\0${p.size}\0${mode}\0${pageUrl}`);
  }

  /** Stores a page's derived values computed elsewhere (a render worker), as derivePage would. */
  storePage(p: DerivablePost, mode: SummaryMode, pageUrl: string, d: DerivedPost): void {
    this.cache.set(`${p.path}\0${p.mtimeMs}\0${p.size}\0${mode}\0${pageUrl}`, d);
    this.byRecord.set(p, { mode, pageUrl, derived: d });
  }

  private siteOverrides(): Set<string> {
    try {
      return builtinOverrides(this.reader.pathOf('.'));
    } catch {
      return new Set();
    }
  }

  /**
   * The body of a post (the text after its front matter). With the line the index saw it
   * start at, the front matter is not parsed again (bodyAfterFrontMatter).
   */
  body(rel: string, bodyLine?: number): string {
    const text = this.text(rel);
    return bodyLine === undefined
      ? parseFrontMatter(text, rel).split.body
      : bodyAfterFrontMatter(text, bodyLine, rel);
  }

  /** Derived values for a post's own page (links resolved for `pageUrl`), cached. */
  derivePage(
    p: DerivablePost,
    mode: SummaryMode,
    pageUrl: string,
    compute: (body: string) => DerivedPost,
  ): DerivedPost {
    // Index records are replaced when their file changes: remember the last answer per record.
    const last = this.byRecord.get(p);
    if (last && last.mode === mode && last.pageUrl === pageUrl) return last.derived;
    const key = `${p.path}\0${p.mtimeMs}\0${p.size}\0${mode}\0${pageUrl}`;
    let d = this.cache.get(key);
    if (!d) {
      d = compute(this.body(p.path, p.bodyLine));
      this.cache.set(key, d);
    }
    this.byRecord.set(p, { mode, pageUrl, derived: d });
    return d;
  }

  private byRecord = new WeakMap<
    object,
    { mode: SummaryMode; pageUrl: string; derived: DerivedPost }
  >();

  /** A Derive function for shared/site. */
  readonly derive: Derive = (post: SitePost, mode: SummaryMode) => {
    const p = post as DerivablePost;
    const key = `${p.path}\0${p.mtimeMs}\0${p.size}\0${mode}`;
    let d = this.cache.get(key);
    if (!d) {
      d = derivePost(this.body(p.path, p.bodyLine), p.meta, this.config(), mode, this.renderEnv(p));
      this.cache.set(key, d);
    }
    return d;
  };
}
