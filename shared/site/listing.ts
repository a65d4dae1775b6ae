import { QuireError } from '../errors.ts';
import { formatDate } from '../content/dates.ts';
import type { PostMeta } from '../content/post.ts';
import { renderTitleText } from '../markdown/title.ts';
import type { SiteConfig, SummaryMode } from './config.ts';
import type { DerivedPost } from './derive.ts';
import { listingNames, planList, planPage } from './plan.ts';
import { postMetaLine } from './post-header.ts';
import type { PlannedList, SitePlan } from './plan.ts';

/** A post as the site pipeline sees it (no I/O: bodies come through `derive`). */
export interface SitePost {
  /** Site-relative path, e.g. `content/posts/a.md`. */
  path: string;
  section: string;
  bundle: boolean;
  baseName: string;
  meta: PostMeta;
  /**
   * Changes whenever the post's file does (e.g. mtime and size): what the export's
   * memo keys on. Absent: the post is rendered afresh each build.
   */
  version?: string;
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

/**
 * Parses `home`, `archive`, a taxonomy (`tags`), a term (`tags/<term>`) or a section
 * (`posts`, `posts/2022`). Whether the site has that list is the plan's to say.
 */
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
  return { kind: 'section', section: p };
}

/** A listing entry for one post: title, summary, date and the `date · N min` line. */
export function listingEntry(
  post: Pick<SitePost, 'path' | 'meta'>,
  derived: DerivedPost,
  config: Pick<SiteConfig, 'dateFormat' | 'showReadingTime'>,
): ListingEntry {
  const date = post.meta.date ? formatDate(post.meta.date, config.dateFormat) : '';
  return {
    title: renderTitleText(post.meta.title),
    summary: derived.summary,
    truncated: derived.truncated,
    date,
    readingTime: derived.readingTime,
    meta: postMetaLine(post.meta, derived.readingTime, config),
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

/** Which page of which listing, with summaries in which mode. */
export interface ListingRequest {
  spec: ListingSpec;
  pageNumber: number;
  mode: SummaryMode;
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
 * One page of a post listing (home, section, term, archive) as the plan lays it out.
 * Only that page's posts are derived. Throws a message naming the listings there are
 * when the site has no such list, or the page number is out of range.
 */
export function listingPage(plan: SitePlan, req: ListingRequest, derive: Derive): ListingPage {
  const list = requireList(plan, req.spec);
  const page = planPage(plan, list, req.pageNumber);
  if (!page) {
    const total = planPage(plan, list, 1)!.totalPages;
    throw new QuireError(
      'not-found',
      `page ${req.pageNumber} does not exist: ${list.name} has ${total} page${total === 1 ? '' : 's'}`,
    );
  }
  return {
    page: list.name,
    pageNumber: page.pageNumber,
    totalPages: page.totalPages,
    url: page.url,
    entries: page.items.map((p) => listingEntry(p, derive(p, req.mode), plan.config)),
  };
}

/** The list a spec names; throws naming the listings the site has when there is none. */
export function requireList(plan: SitePlan, spec: ListingSpec): PlannedList {
  const list = planList(plan, spec);
  if (list) return list;
  const name = specName(spec);
  const kind =
    spec.kind === 'home'
      ? 'home'
      : spec.kind === 'archive'
        ? 'home'
        : spec.kind === 'section'
          ? 'section'
          : spec.kind === 'term'
            ? 'term'
            : 'taxonomy';
  if (plan.disabled.has(kind))
    throw new QuireError(
      'not-found',
      `"${name}" is not on this site: the config's disableKinds has "${kind}"`,
    );
  const names = listingNames(plan);
  const shown = names.slice(0, 12).join(', ') + (names.length > 12 ? ', …' : '');
  throw new QuireError(
    'not-found',
    `"${name}" is not a listing on this site as of ${plan.options.asOf.day}; there are: ${shown || 'none'}`,
  );
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
