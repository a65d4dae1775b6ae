import { calendarDay, formatDate } from '../content/dates.ts';
import type { PostMeta } from '../content/post.ts';
import { taxonomyTerms } from '../content/post.ts';
import { urlizeTerm } from '../content/slug.ts';
import { renderTitleText } from '../markdown/title.ts';
import type { SiteConfig, SummaryMode } from './config.ts';
import type { DerivedPost } from './derive.ts';
import { sortDefault } from './order.ts';
import { isListed } from './publish.ts';
import type { AsOf, PublishOptions } from './publish.ts';

/** A post as the site pipeline sees it (no I/O: bodies come through `derive`). */
export interface SitePost {
  /** Site-relative path, e.g. `content/posts/a.md`. */
  path: string;
  section: string;
  bundle: boolean;
  baseName: string;
  meta: PostMeta;
}

/** Which listing: the home page, a section, a taxonomy term, a terms index, the archive. */
export type ListingSpec =
  | { kind: 'home' }
  | { kind: 'section'; section: string }
  | { kind: 'term'; taxonomy: string; term: string }
  | { kind: 'terms'; taxonomy: string }
  | { kind: 'archive' };

/** One entry of a listing page, as the published page shows it. */
export interface ListingEntry {
  title: string;
  summary: string;
  truncated: boolean;
  /** e.g. "January 2, 2006" (site `params.DateFormat`); '' when undated. */
  date: string;
  readingTime: number;
  /** `date · N min` with NO-BREAK SPACEs around the `·`. */
  meta: string;
  file: string;
}

/** Computes a post's derived values (rendering its body); supplied by the caller. */
export type Derive = (post: SitePost, mode: SummaryMode) => DerivedPost;

/** Parses `home`, `archive`, `tags`, `tags/<term>`, `categories/<term>` or a section name. */
export function parseListingSpec(
  page: string,
  config: Pick<SiteConfig, 'taxonomies'>,
): ListingSpec {
  const p = page.replace(/^\/+|\/+$/g, '');
  if (p === '' || p === 'home') return { kind: 'home' };
  if (p === 'archive' || p === 'archives') return { kind: 'archive' };
  const plurals = Object.values(config.taxonomies);
  const [first, ...rest] = p.split('/');
  if (plurals.includes(first!)) {
    return rest.length === 0
      ? { kind: 'terms', taxonomy: first! }
      : { kind: 'term', taxonomy: first!, term: rest.join('/') };
  }
  if (rest.length > 0)
    throw new Error(
      `"${page}" is not a listing (try home, archive, ${plurals.map((t) => `${t}/<term>`).join(', ')} or a section)`,
    );
  return { kind: 'section', section: p };
}

/** The sections the home page lists: params.mainSections, else the largest section. */
export function mainSections(
  posts: readonly SitePost[],
  config: Pick<SiteConfig, 'mainSections'>,
): string[] {
  if (config.mainSections && config.mainSections.length > 0) return config.mainSections;
  const counts = new Map<string, number>();
  for (const p of posts) if (p.section) counts.set(p.section, (counts.get(p.section) ?? 0) + 1);
  let best = '';
  let n = -1;
  for (const [s, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (c > n) {
      best = s;
      n = c;
    }
  }
  return best ? [best] : [];
}

/** A taxonomy's terms over the given posts: url slug -> display name and posts. */
export function collectTerms(
  posts: readonly SitePost[],
  taxonomy: string,
): Map<string, { name: string; posts: SitePost[] }> {
  const terms = new Map<string, { name: string; posts: SitePost[] }>();
  for (const p of posts) {
    const seen = new Set<string>();
    for (const name of taxonomyTerms(p.meta, taxonomy)) {
      const key = urlizeTerm(name);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const t = terms.get(key);
      if (t) t.posts.push(p);
      else terms.set(key, { name, posts: [p] });
    }
  }
  return terms;
}

/** The posts on the published site as of a date. */
export function publishedPosts<T extends SitePost>(
  posts: readonly T[],
  asOf: AsOf,
  options: PublishOptions = {},
): T[] {
  return posts.filter((p) => isListed(p.meta, asOf, options));
}

/** Every post a listing holds, in Hugo's default order (already published-filtered input). */
export function listingPosts(
  spec: ListingSpec,
  published: readonly SitePost[],
  config: Pick<SiteConfig, 'mainSections'>,
): SitePost[] {
  switch (spec.kind) {
    case 'home': {
      const sections = new Set(mainSections(published, config));
      return sortDefault(published.filter((p) => sections.has(p.section)));
    }
    case 'section':
      return sortDefault(published.filter((p) => p.section === spec.section));
    case 'term':
      return sortDefault(
        collectTerms(published, spec.taxonomy).get(urlizeTerm(spec.term))?.posts ?? [],
      );
    case 'archive':
      return [...published].sort((a, b) => compareDateDesc(a, b));
    case 'terms':
      return [];
  }
}

function compareDateDesc(a: SitePost, b: SitePost): number {
  const da = a.meta.date
    ? calendarDay(a.meta.date) + String(a.meta.date.hour).padStart(2, '0')
    : '';
  const db = b.meta.date
    ? calendarDay(b.meta.date) + String(b.meta.date.hour).padStart(2, '0')
    : '';
  if (da !== db) return da < db ? 1 : -1;
  return a.path < b.path ? -1 : 1;
}

/** The URL path of a listing page: `/`, `/page/2/`, `/tags/go/page/2/`. */
export function listingUrl(spec: ListingSpec, pageNumber = 1): string {
  const base =
    spec.kind === 'home'
      ? '/'
      : spec.kind === 'section'
        ? `/${spec.section}/`
        : spec.kind === 'term'
          ? `/${spec.taxonomy}/${urlizeTerm(spec.term)}/`
          : spec.kind === 'terms'
            ? `/${spec.taxonomy}/`
            : '/archives/';
  return pageNumber <= 1 ? base : `${base}page/${pageNumber}/`;
}

/** A listing entry for one post: title, summary, date and the `date · N min` line. */
export function listingEntry(
  post: SitePost,
  derived: DerivedPost,
  config: Pick<SiteConfig, 'dateFormat' | 'showReadingTime'>,
): ListingEntry {
  const date = post.meta.date ? formatDate(post.meta.date, config.dateFormat) : '';
  const parts = [date, config.showReadingTime ? `${derived.readingTime} min` : ''].filter(Boolean);
  return {
    title: renderTitleText(post.meta.title),
    summary: derived.summary,
    truncated: derived.truncated,
    date,
    readingTime: derived.readingTime,
    meta: parts.join('\u00a0·\u00a0'),
    file: post.path,
  };
}

/** One page of a listing, as `quire listing --json` prints it. */
export interface ListingPage {
  page: string;
  pageNumber: number;
  totalPages: number;
  url: string;
  entries: ListingEntry[];
}

/** What a request for a listing page needs besides the posts. */
export interface ListingRequest {
  spec: ListingSpec;
  pageNumber: number;
  asOf: AsOf;
  mode: SummaryMode;
  publish?: PublishOptions;
}

/** The name a spec is requested by (`home`, `tags/go`). */
export function specName(spec: ListingSpec): string {
  return spec.kind === 'home'
    ? 'home'
    : spec.kind === 'section'
      ? spec.section
      : spec.kind === 'term'
        ? `${spec.taxonomy}/${spec.term}`
        : spec.kind === 'terms'
          ? spec.taxonomy
          : 'archive';
}

/**
 * Builds one page of a post listing (home, section, term, archive): published posts as of
 * the date, in Hugo's order, `pagerSize` to a page. Only that page's posts are derived.
 */
export function listingPage(
  posts: readonly SitePost[],
  config: SiteConfig,
  req: ListingRequest,
  derive: Derive,
): ListingPage {
  const all = listingPosts(req.spec, publishedPosts(posts, req.asOf, req.publish), config);
  const size = req.spec.kind === 'archive' ? Math.max(all.length, 1) : config.pagerSize;
  const totalPages = Math.max(1, Math.ceil(all.length / size));
  if (req.pageNumber < 1 || req.pageNumber > totalPages)
    throw new Error(
      `page ${req.pageNumber} does not exist: ${specName(req.spec)} has ${totalPages} page${totalPages === 1 ? '' : 's'}`,
    );
  const slice = all.slice((req.pageNumber - 1) * size, req.pageNumber * size);
  return {
    page: specName(req.spec),
    pageNumber: req.pageNumber,
    totalPages,
    url: listingUrl(req.spec, req.pageNumber),
    entries: slice.map((p) => listingEntry(p, derive(p, req.mode), config)),
  };
}

/** A taxonomy's terms with counts, alphabetical, as its index page lists them. */
export function termsIndex(
  posts: readonly SitePost[],
  taxonomy: string,
  asOf: AsOf,
  publish?: PublishOptions,
): { name: string; slug: string; count: number; url: string }[] {
  const terms = collectTerms(publishedPosts(posts, asOf, publish), taxonomy);
  return [...terms]
    .map(([slug, t]) => ({
      name: t.name,
      slug,
      count: t.posts.length,
      url: `/${taxonomy}/${slug}/`,
    }))
    .sort((a, b) => collatorCompare(a.name, b.name) || (a.slug < b.slug ? -1 : 1));
}

const collator = new Intl.Collator('en');
function collatorCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

/** The archive: years, then months, newest first, each with its posts. */
export function archiveGroups(
  sorted: readonly SitePost[],
): { year: number; months: { month: number; posts: SitePost[] }[] }[] {
  const years: { year: number; months: { month: number; posts: SitePost[] }[] }[] = [];
  for (const p of sorted) {
    const y = p.meta.date?.year ?? 0;
    const m = p.meta.date?.month ?? 0;
    let yg = years[years.length - 1];
    if (!yg || yg.year !== y) years.push((yg = { year: y, months: [] }));
    let mg = yg.months[yg.months.length - 1];
    if (!mg || mg.month !== m) yg.months.push((mg = { month: m, posts: [] }));
    mg.posts.push(p);
  }
  return years;
}
