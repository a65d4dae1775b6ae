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

/**
 * Hugo's MakePathSanitized (helpers/path.go): spaces become hyphens, then only letters,
 * digits, marks, `. / \ _ - # + ~` and `%XX` escapes are kept; lowercased unless
 * `lower` is false (Hugo's `disablePathToLower`).
 */
export function makePath(s: string, lower = true): string {
  const src = [...s.trim().replaceAll(' ', '-')];
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const r = src[i]!;
    if (r === '%' ? HEX.test(src[i + 1] ?? '') && HEX.test(src[i + 2] ?? '') : PATH_CHAR.test(r))
      out += r;
  }
  return lower ? out.toLowerCase() : out;
}
