import { MONTHS } from '../content/dates.ts';
import type { WrittenDate } from '../content/dates.ts';
import { makePath } from '../content/slug.ts';
import { languageSuffix } from './config.ts';
import type { SiteConfig } from './config.ts';
import type { SitePost } from './listing.ts';

/** The config a post's URL depends on. */
export type UrlConfig = Pick<SiteConfig, 'permalinks'> &
  Partial<
    Pick<
      SiteConfig,
      'uglyURLs' | 'disablePathToLower' | 'contentDir' | 'languages' | 'languagePrefix'
    >
  >;

/**
 * The name a post's URL is made from: its file or bundle folder name, without a
 * configured language's suffix on a multilingual site (`about.en` -> `about`).
 */
export function urlBaseName(
  post: Pick<SitePost, 'baseName' | 'bundle'>,
  config: Pick<SiteConfig, 'languages'>,
): string {
  if (post.bundle || !config.languages) return post.baseName;
  return languageSuffix(`${post.baseName}.md`, config)
    ? post.baseName.replace(/\.[^.]+$/, '')
    : post.baseName;
}

/** A post's path inside the content folder: `content/posts/a.md` -> `posts/a.md`. */
export function contentPath(
  post: Pick<SitePost, 'path'>,
  contentDir: string | readonly string[] = 'content',
): string {
  for (const dir of typeof contentDir === 'string' ? [contentDir] : contentDir) {
    const prefix = `${dir.replace(/\/+$/, '')}/`;
    if (post.path.startsWith(prefix)) return post.path.slice(prefix.length);
  }
  return post.path;
}

/**
 * The content folders a post's path is relative to: the config's; on a multilingual
 * site, its language's first, then the other languages' (a `c.ja.md` in content/en is
 * Japanese, and its path is relative to content/en), deepest first.
 */
export function contentRoots(
  config: Partial<Pick<SiteConfig, 'contentDir' | 'languages'>>,
): string | readonly string[] {
  const own = config.contentDir ?? 'content';
  if (!config.languages) return own;
  const others = config.languages
    .map((l) => l.contentDir)
    .filter((d) => d !== own)
    .sort((a, b) => b.length - a.length);
  return [own, ...new Set(others)];
}

/**
 * The folder of a post inside the content folder (a bundle's parent folder):
 * `posts/2022/faq.md` -> `posts/2022`, `posts/b/index.md` -> `posts`.
 */
export function contentFolder(
  post: Pick<SitePost, 'path' | 'bundle'>,
  contentDir?: string | readonly string[],
): string {
  const parts = contentPath(post, contentDir).split('/');
  parts.pop();
  if (post.bundle) parts.pop();
  return parts.join('/');
}

/**
 * A post's first-level section: the first folder above it (`posts`), '' for a page at
 * the top (`about.md`) or a bundle that is itself a top-level folder (`about/index.md`).
 */
export function topSection(
  post: Pick<SitePost, 'path' | 'bundle'>,
  contentDir?: string | readonly string[],
): string {
  const rel = contentPath(post, contentDir);
  const first = rel.indexOf('/');
  if (first === -1) return '';
  // A bundle's own folder is not its section: `about/index.md` is in none.
  if (post.bundle && rel.indexOf('/', first + 1) === -1) return '';
  return rel.slice(0, first);
}

/**
 * A post's URL path as Hugo 0.111+ makes it: front-matter `url` as written; else the
 * section's `permalinks` pattern; else its folder path and slug (or file name), lowercased
 * and sanitized (Hugo's MakePathSanitized). `sectionPath` is the post's current section
 * (`posts/nested` when that folder has an `_index.md`), used by `:sections`.
 * Pretty URLs end in `/`; with `uglyURLs` they end in `.html`.
 */
export function postUrl(post: SitePost, config: UrlConfig, sectionPath?: string): string {
  const ugly = config.uglyURLs === true;
  const lower = config.disablePathToLower !== true;
  const url = post.meta.url.trim();
  const prefix = config.languagePrefix ?? '';
  // A language's pages are under its prefix; a written `url` from the root is not (Hugo).
  if (url) return normalizePath(url.startsWith('/') ? url : `${prefix}/${url}`, false, true);
  const folder = contentFolder(post, contentRoots(config));
  const section = topSection(post, contentRoots(config));
  const pattern = section ? config.permalinks[section] : config.permalinks['/'];
  let path: string;
  if (pattern) {
    // Hugo unescapes the expanded permalink as a query (a `+` becomes a space) before
    // sanitizing it as a path: `C++ & Go` is `c-go` there, `c++-go` as a file or term.
    path = expandPermalink(pattern, post, sectionPath ?? section, config).replace(/\+/g, ' ');
  } else {
    const name = slugOf(post) || urlBaseName(post, config);
    path = `/${folder ? `${folder}/` : ''}${name}`;
  }
  path = makePath(path, lower);
  return normalizePath(prefix + path, ugly);
}

const TOKEN = /:(\w+)(\[[^\]]+\])?/g;

/** Expands a Hugo permalink pattern for a post (tokens from resources/page/permalinks.go). */
export function expandPermalink(
  pattern: string,
  post: SitePost,
  sectionPath: string,
  config: Pick<SiteConfig, 'languages'> = {},
): string {
  const section = sectionPath.split('/')[0] ?? '';
  const d = post.meta.date;
  const urlize = (s: string) => makePath(s);
  const title = () => urlize(post.meta.title);
  const slug = () => (slugOf(post) ? urlize(slugOf(post)) : title());
  const filename = () => urlize(urlBaseName(post, config));
  const sections = sectionPath.split('/').filter(Boolean);
  return pattern.replace(TOKEN, (whole, name: string, cut: string | undefined) => {
    switch (name) {
      case 'year':
        return String(d?.year ?? 1);
      case 'month':
        return pad(d?.month ?? 1);
      case 'monthname':
        return MONTHS[(d?.month ?? 1) - 1] ?? '';
      case 'day':
        return pad(d?.day ?? 1);
      case 'weekday':
        return String(weekday(d));
      case 'weekdayname':
        return WEEKDAYS[weekday(d)]!;
      case 'yearday':
        return String(yearDay(d));
      case 'section':
        return section;
      case 'sections':
        return sliceSections(sections, cut).join('/');
      case 'title':
        return title();
      case 'slug':
        return slug();
      case 'slugorfilename':
        return slugOf(post) ? urlize(slugOf(post)) : filename();
      case 'filename':
      case 'contentbasename':
        return filename();
      case 'slugorcontentbasename':
        return slugOf(post) ? urlize(slugOf(post)) : filename();
      default:
        return whole;
    }
  });
}

/** The front-matter slug as Hugo keeps it: trimmed of spaces and hyphens. */
function slugOf(post: SitePost): string {
  return post.meta.slug.trim().replace(/^-+|-+$/g, '');
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The written date's weekday (0 = Sunday); Go's zero time (year 1) was a Monday. */
function weekday(d: WrittenDate | null): number {
  if (!d) return 1;
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

function yearDay(d: WrittenDate | null): number {
  if (!d) return 1;
  return Math.round((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(d.year, 0, 1)) / 864e5) + 1;
}

/** Hugo's `:sections[1:]`, `:sections[last]`, `:sections[0]` slicing. */
function sliceSections(s: string[], cut: string | undefined): string[] {
  if (!cut) return s;
  const spec = cut.slice(1, -1).trim().toLowerCase();
  const index = (v: string, low: boolean) =>
    v === '' ? (low ? 0 : s.length) : v === 'last' ? s.length - 1 : Math.max(0, Number(v) || 0);
  if (!spec.includes(':')) {
    const n = index(spec, true);
    return n < s.length && s[n] ? [s[n]!] : [];
  }
  const [a = '', b = ''] = spec.split(':');
  const lo = index(a, true);
  const hi = Math.min(index(b, false), s.length);
  return lo >= s.length ? [] : s.slice(lo, hi);
}

/**
 * A URL path with one leading slash and no doubled slashes, ending in `/` (pretty) or
 * `.html` (ugly), unless it is a written `url` with a file extension.
 */
function normalizePath(p: string, ugly: boolean, written = false): string {
  let s = p.startsWith('/') ? p : `/${p}`;
  s = s.replace(/\/{2,}/g, '/');
  // Only a `url` written in front matter names a file; a path made from a file name
  // (`about-3li3.com.md`) or a permalink is always a page.
  if (written && /\.[a-z0-9]+$/i.test(s) && !s.endsWith('/')) return s;
  if (ugly && s !== '/') return `${s.replace(/\/+$/, '')}.html`;
  return s.endsWith('/') ? s : `${s}/`;
}

/** The URL of a list whose folder URL is `dir` (`/posts/`): `dir`, or `/posts.html` when ugly. */
export function listUrl(dir: string, ugly: boolean): string {
  return ugly && dir !== '/' ? `${dir.replace(/\/+$/, '')}.html` : dir;
}

/** Page `n` of a list in folder `dir`: `/posts/`, `/posts/page/2/` (`/posts/page/2.html`). */
export function pagerUrl(dir: string, n: number, ugly: boolean): string {
  if (n <= 1) return listUrl(dir, ugly);
  return ugly ? `${dir}page/${n}.html` : `${dir}page/${n}/`;
}

/** The output file for a URL path: `/posts/a/` -> `posts/a/index.html`. */
export function outputFile(urlPath: string): string {
  const p = urlPath.replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? `${p}index.html` : p;
}

/** A relative link from the page at `fromUrl` to `toUrl` (both site-root paths). */
export function relativeUrl(fromUrl: string, toUrl: string): string {
  const from = fromDir(fromUrl);
  if (from.plain && isPlainDir(toUrl)) {
    // The common case, a list or page linking a page (`/a/b/` to `/c/d/`): the shared
    // folders are the common prefix up to its last slash, found without splitting.
    const dir = from.dir;
    const m = Math.min(dir.length, toUrl.length);
    let last = 0;
    let common = 0;
    for (let j = 0; j < m; j++) {
      const c = dir.charCodeAt(j);
      if (c !== toUrl.charCodeAt(j)) break;
      if (c === 47) {
        last = j;
        common++;
      }
    }
    // `common` counts the root's slash too: the folders left to climb are the rest.
    const rel = '../'.repeat(from.segments.length + 1 - common) + toUrl.slice(last + 1);
    return rel === '' ? './' : rel;
  }
  const hashAt = toUrl.indexOf('#');
  const toPath = hashAt === -1 ? toUrl : toUrl.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : toUrl.slice(hashAt + 1, nextHash(toUrl, hashAt));
  const to = toPath.split('/').filter(Boolean);
  const segments = from.segments;
  let i = 0;
  while (i < segments.length && i < to.length && segments[i] === to[i]) i++;
  const up = segments.length - i;
  let rel = '../'.repeat(up) + to.slice(i).join('/');
  if (toPath.endsWith('/') && to.length > i) rel += '/';
  if (rel === '') rel = './';
  return hash ? `${rel}#${hash}` : rel;
}

/** `/a/b/`: from the root, to a folder, no empty segment and no fragment. */
function isPlainDir(url: string): boolean {
  return (
    url.charCodeAt(0) === 47 &&
    url.charCodeAt(url.length - 1) === 47 &&
    !url.includes('#') &&
    !url.includes('//')
  );
}

/** Where a fragment ends: at a second `#`, as `split('#')` cut it. */
function nextHash(url: string, hashAt: number): number {
  const end = url.indexOf('#', hashAt + 1);
  return end === -1 ? url.length : end;
}

interface FromDir {
  /** The page's folder URL (`/posts/` for `/posts/a.html`). */
  dir: string;
  segments: string[];
  /** isPlainDir: `dir` has one slash more than it has segments. */
  plain: boolean;
}

// A list page links many pages from the same URL: its folder is worked out once.
let lastFrom: string | undefined;
let lastDir: FromDir = { dir: '', segments: [], plain: false };
function fromDir(fromUrl: string): FromDir {
  if (fromUrl === lastFrom) return lastDir;
  const dir = fromUrl.endsWith('/') ? fromUrl : fromUrl.slice(0, fromUrl.lastIndexOf('/') + 1);
  const segments = dir.split('/').filter(Boolean);
  lastDir = { dir, segments, plain: isPlainDir(dir) };
  lastFrom = fromUrl;
  return lastDir;
}

/** The absolute URL of a site path under the base URL (which may have a subpath). */
export function absoluteUrl(baseURL: string, urlPath: string): string {
  const base = baseURL.endsWith('/') ? baseURL : `${baseURL}/`;
  return base + urlPath.replace(/^\/+/, '');
}

/** Resolves a URL written in a post for a page at `pageUrl`: root paths become relative. */
export function resolvePostLink(pageUrl: string, url: string): string {
  return isRootRelative(url) ? relativeUrl(pageUrl, url) : url;
}

/**
 * True for a link written from the site's root (`/about/`, not `//host/`): the one kind
 * resolvePostLink changes, so a post without one renders the same on any page.
 */
export function isRootRelative(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}
