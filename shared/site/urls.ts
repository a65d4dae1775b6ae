import { slugify, urlizeTerm } from '../content/slug.ts';
import type { SiteConfig } from './config.ts';
import type { SitePost } from './listing.ts';

/**
 * A post's URL path (site-root-relative, pretty: `/posts/my-post/`), as Hugo makes it:
 * front-matter `url`, else the section's `permalinks` pattern, else `/<section>/<slug>/`.
 */
export function postUrl(post: SitePost, config: Pick<SiteConfig, 'permalinks'>): string {
  const url = post.meta.url.trim();
  if (url) return normalizePath(url);
  const slug = post.meta.slug ? urlizeTerm(post.meta.slug) : post.baseName.toLowerCase();
  const pattern = config.permalinks[post.section] ?? config.permalinks.page;
  if (pattern) {
    const d = post.meta.date;
    const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
    const filled = pattern
      .replace(/:year/g, String(d?.year ?? 0))
      .replace(/:month/g, pad(d?.month))
      .replace(/:day/g, pad(d?.day))
      .replace(/:slug/g, slug)
      .replace(/:title/g, slugify(post.meta.title) || slug)
      .replace(/:section/g, post.section)
      .replace(/:filename/g, post.baseName.toLowerCase())
      .replace(/:contentbasename/g, post.baseName.toLowerCase());
    return normalizePath(filled);
  }
  return normalizePath(post.section ? `/${post.section}/${slug}/` : `/${slug}/`);
}

function normalizePath(p: string): string {
  let s = p.startsWith('/') ? p : `/${p}`;
  s = s.replace(/\/{2,}/g, '/');
  if (!/\.[a-z0-9]+$/i.test(s) && !s.endsWith('/')) s += '/';
  return s;
}

/** The output file for a URL path: `/posts/a/` -> `posts/a/index.html`. */
export function outputFile(urlPath: string): string {
  const p = urlPath.replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? `${p}index.html` : p;
}

/** A relative link from the page at `fromUrl` to `toUrl` (both site-root paths). */
export function relativeUrl(fromUrl: string, toUrl: string): string {
  const fromDir = fromUrl.endsWith('/') ? fromUrl : fromUrl.replace(/[^/]*$/, '');
  const from = fromDir.split('/').filter(Boolean);
  const [toPath, hash = ''] = toUrl.split('#') as [string, string?];
  const to = toPath.split('/').filter(Boolean);
  let i = 0;
  while (i < from.length && i < to.length && from[i] === to[i]) i++;
  const up = from.length - i;
  let rel = '../'.repeat(up) + to.slice(i).join('/');
  if (toPath.endsWith('/') && to.length > i) rel += '/';
  if (rel === '') rel = './';
  return hash ? `${rel}#${hash}` : rel;
}

/** The absolute URL of a site path under the base URL (which may have a subpath). */
export function absoluteUrl(baseURL: string, urlPath: string): string {
  const base = baseURL.endsWith('/') ? baseURL : `${baseURL}/`;
  return base + urlPath.replace(/^\/+/, '');
}

/** Resolves a URL written in a post for a page at `pageUrl`: root paths become relative. */
export function resolvePostLink(pageUrl: string, url: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('#') || url === '')
    return url;
  if (url.startsWith('/')) return relativeUrl(pageUrl, url);
  return url;
}
