import type { SiteConfig } from './config.ts';
import type { SitePost } from './listing.ts';
import { contentPath, postUrl } from './urls.ts';
import type { UrlConfig } from './urls.ts';

/** Resolves a ref/relref target written in `fromPost` to a site-relative URL, or null. */
export type RefResolver = (target: string, fromPost: string) => string | null;

/**
 * Hugo's ref lookup (`.GetPage` for ref/relref): a path relative to the page's folder,
 * then from the content root (`/posts/a.md`, `posts/a`), then a unique file or bundle
 * name (`a.md`, `a`). `urlOf` gives a post's URL (the site plan's, when there is one).
 */
export function refResolver(
  posts: readonly SitePost[],
  config: UrlConfig & Pick<SiteConfig, 'contentDir'>,
  urlOf: (post: SitePost) => string = (p) => postUrl(p, config),
): RefResolver {
  const byPath = new Map<string, SitePost>();
  const byName = new Map<string, SitePost | null>();
  for (const p of posts) {
    const rel = contentPath(p, config.contentDir).toLowerCase();
    const noExt = rel.replace(/\.[^./]+$/, '');
    const keys = [rel, noExt];
    if (p.bundle) keys.push(noExt.replace(/\/index$/, ''));
    for (const k of keys) byPath.set(k, p);
    const name = p.bundle ? (keys[2]!.split('/').pop() ?? '') : noExt.split('/').pop()!;
    for (const n of [name, p.bundle ? '' : rel.split('/').pop()!]) {
      if (!n) continue;
      byName.set(n, byName.has(n) && byName.get(n) !== p ? null : p);
    }
  }
  const urls = new Map<SitePost, string>();
  const url = (p: SitePost) => {
    let u = urls.get(p);
    if (u === undefined) urls.set(p, (u = urlOf(p)));
    return u;
  };
  const clean = (s: string) => {
    const out: string[] = [];
    for (const seg of s.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') out.pop();
      else out.push(seg);
    }
    return out.join('/').toLowerCase();
  };
  return (target, fromPost) => {
    const t = target.trim();
    if (!t) return null;
    const from = posts.find((p) => p.path === fromPost);
    const dir = from ? contentPath(from, config.contentDir).split('/').slice(0, -1).join('/') : '';
    const hit =
      (t.startsWith('/') ? undefined : byPath.get(clean(`${dir}/${t}`))) ??
      byPath.get(clean(t)) ??
      (t.includes('/') ? undefined : (byName.get(t.toLowerCase()) ?? undefined));
    return hit ? url(hit) : null;
  };
}
