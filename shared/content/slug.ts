/**
 * A URL-safe slug from a title, as Hugo's urlize makes paths: lowercase, spaces to
 * hyphens, punctuation dropped, letters of any script kept.
 */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]+/gu, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Hugo's term path: `Go Modules` -> `go-modules`, keeping non-ASCII letters. */
export function urlizeTerm(term: string): string {
  let slug = termCache.get(term);
  if (slug === undefined) {
    if (termCache.size > 10_000) termCache.clear();
    slug = urlize(term);
    termCache.set(term, slug);
  }
  return slug;
}

// A site has few distinct terms and every listing asks for them again.
const termCache = new Map<string, string>();

function urlize(term: string): string {
  return term
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}._~-]+/gu, '');
}
