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
  return makePath(term);
}

const PATH_CHAR = /[\p{L}\p{Nd}\p{M}./\\_\-#+~]/u;
const HEX = /[0-9a-f]/i;
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/**
 * Hugo's MakePathSanitized (common/paths Sanitize): letters, digits, marks,
 * `. / \ _ - # + ~` and `%XX` escapes are kept; a run of white space becomes one hyphen
 * (none next to a written hyphen, none at the start); anything else is dropped. Then
 * lowercased unless `lower` is false (Hugo's `disablePathToLower`).
 */
export function makePath(s: string, lower = true): string {
  // Most paths are already clean: `/posts/2024/01/my-post/`.
  if (CLEAN.test(s)) return s;
  const key = lower ? s : `\u0000${s}`;
  let out = pathCache.get(key);
  if (out === undefined) {
    if (pathCache.size > 50_000) pathCache.clear();
    out = sanitize(s, lower);
    pathCache.set(key, out);
  }
  return out;
}

const CLEAN = /^[a-z0-9/._~#+-]*$/;
// Titles, sections and folders come back on every plan of the site.
const pathCache = new Map<string, string>();

function sanitize(s: string, lower: boolean): string {
  const src = [...s];
  let out = '';
  let pending = false;
  let wasHyphen = false;
  for (let i = 0; i < src.length; i++) {
    const r = src[i]!;
    const allowed =
      r === '%' ? HEX.test(src[i + 1] ?? '') && HEX.test(src[i + 2] ?? '') : PATH_CHAR.test(r);
    if (allowed) {
      wasHyphen = r === '-';
      if (pending && !wasHyphen) out += '-';
      pending = false;
      out += r;
    } else if (out.length > 0 && !wasHyphen && SPACE.test(r)) {
      pending = true;
    }
  }
  return lower ? out.toLowerCase() : out;
}
