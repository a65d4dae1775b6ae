import { formatDate, MONTHS } from '../content/dates.ts';
import type { WrittenDate } from '../content/dates.ts';
import { taxonomyTerms } from '../content/post.ts';
import { urlizeTerm } from '../content/slug.ts';
import { renderTitleText } from '../markdown/title.ts';
import type { SiteConfig } from './config.ts';
import type { SummaryMode } from './config.ts';
import type { DerivedPost } from './derive.ts';
import { robotsTxt, rss, sitemap, sitemapIndex } from './feeds.ts';
import { archiveGroups, listingEntry } from './listing.ts';
import { postHeaderHtml } from './post-header.ts';
import type { ListingEntry, SitePost } from './listing.ts';
import { aliasHtml, planPage } from './plan.ts';
import type { PlannedList, SitePlan } from './plan.ts';
import { entryParts, esc, layout, linkedEntry, paginationHtml } from './templates.ts';
import type { PageFrame } from './templates.ts';
import { THEME_CSS } from './theme.ts';
import { absoluteUrl, outputFile, relativeUrl } from './urls.ts';

// The render stage of the build: every page the plan lists, as HTML, plus the feeds
// stage's files. Nothing here decides what is published or where: the plan did.

/** Renders a post for the page at `pageUrl` (links resolved for that page). */
export type BuildDerive = (post: SitePost, mode: SummaryMode, pageUrl: string) => DerivedPost;

/**
 * Rendered pages kept between builds, so a rebuild after a small change re-renders only
 * the pages whose inputs changed. Keys name each post by path, explicit version and URL
 * (never by object identity). Passing one never changes the output, only its cost.
 */
export interface BuildMemo {
  fingerprint: string;
  pages: Map<string, { key: string; html: string }>;
  /** Archive entries by page and post number. */
  snippets: Map<string, string>;
  /** Numbers builds, so a post without a version is never taken from an earlier build. */
  builds: number;
  /** The last build's plan (buildSite lends it to the next plan). */
  plan?: SitePlan;
  /** A multilingual site: each language's memo. */
  languages?: Map<string, BuildMemo>;
  /** A number for each post name (path, version, URL) seen. */
  ids: Map<string, number>;
  nextId: number;
  /**
   * The number of each post record seen, with the name it was given for: a record whose
   * path, version and URL are still those skips building its name (a cache of `ids`).
   */
  records: WeakMap<SitePost, { path: string; version: string; url: string; id: number }>;
  /**
   * What the last builds emitted for a list, a post's page and a feed, by the plan's
   * object. A plan lent to the next one shares every list none of whose posts changed
   * (plan.ts withNewRecords) and its records of unchanged posts, and plans never change
   * once made, so the same object with the same inputs named here renders the same bytes.
   * Cleared with `pages`.
   */
  lists: WeakMap<PlannedList, { sig: string; files: [string, string][] }>;
  /**
   * Each paginated list's pages by list name: a page whose posts are the very same
   * records as last time (and the same number of pages, heading and titles) is kept.
   */
  listPages: Map<string, KeptListPage[]>;
  postPages: WeakMap<
    SitePost,
    { url: string; newer?: SitePost; older?: SitePost; near: string; html: string }
  >;
  /** Feeds by their list (or taxonomy). */
  feeds: WeakMap<object, { title: string; text: string }>;
  archiveEntries: WeakMap<SitePost, { at: string; html: string }>;
}

/** A list page as last rendered: what it showed, and the HTML. */
interface KeptListPage {
  sig: string;
  url: string;
  total: number;
  items: SitePost[];
  urls: string[];
  html: string;
}

/** A fresh, empty memo. */
export function createBuildMemo(): BuildMemo {
  return {
    fingerprint: '',
    pages: new Map(),
    snippets: new Map(),
    builds: 0,
    ids: new Map(),
    nextId: 0,
    records: new WeakMap(),
    lists: new WeakMap(),
    listPages: new Map(),
    postPages: new WeakMap(),
    feeds: new WeakMap(),
    archiveEntries: new WeakMap(),
  };
}

/** Forgets every rendered page (the inputs of every key changed). */
function clearPages(memo: BuildMemo): void {
  memo.pages.clear();
  memo.snippets.clear();
  memo.lists = new WeakMap();
  memo.listPages.clear();
  memo.postPages = new WeakMap();
  memo.feeds = new WeakMap();
  memo.archiveEntries = new WeakMap();
}

/** What the render stage needs besides the plan. */
export interface RenderOptions {
  baseURL: string;
  mode: SummaryMode;
  /**
   * Posts (by path) whose own pages the caller rendered and wrote itself (the export's
   * render workers, with postPageHtml): listed as WRITTEN_ELSEWHERE in `files`.
   */
  elsewhere?: ReadonlySet<string>;
  /**
   * Told of every file as it is rendered (its path and text; a path may come again with
   * other text, the last one stands), so the caller can write files while the rest are
   * rendered. Not on a multilingual site (its languages' files are merged afterwards).
   */
  onFile?: (file: string, text: string) => void;
}

/** The render stage's files, telling `onFile` of each one set. */
class ToldFiles extends Map<string, string> {
  constructor(private readonly tell: (file: string, text: string) => void) {
    super();
  }
  override set(file: string, text: string): this {
    super.set(file, text);
    if (text !== WRITTEN_ELSEWHERE) this.tell(file, text);
    return this;
  }
}

/** The text of a file in `files` that was written elsewhere (see RenderOptions.elsewhere). */
export const WRITTEN_ELSEWHERE = '\u0000written elsewhere';

/** The year pages show (their footer's copyright): the as-of day's. */
export function pageYear(plan: SitePlan): number {
  return Number(plan.options.asOf.day.slice(0, 4));
}

/** A post's own page as the plan places it: everything its HTML needs besides the post. */
export interface PostPageJob {
  post: SitePost;
  url: string;
  file: string;
  newer?: SitePost;
  older?: SitePost;
  /** The neighbours' URLs. */
  near: string;
  /** The page's taxonomy links (`<li>`s) and newer/older navigation, as HTML. */
  tagLinks: string;
  nav: string;
}

// A plan never changes once made: its post pages' places are worked out once (a streamed
// export asks before rendering, the render stage again after).
const jobsByPlan = new WeakMap<SitePlan, PostPageJob[]>();

/** Every rendered post page of a plan, in the render stage's order. */
export function postPageJobs(plan: SitePlan): PostPageJob[] {
  let jobs = jobsByPlan.get(plan);
  if (!jobs) jobsByPlan.set(plan, (jobs = planPostPageJobs(plan)));
  return jobs;
}

function planPostPageJobs(plan: SitePlan): PostPageJob[] {
  if (plan.languages) return plan.languages.flatMap((l) => postPageJobs(l.plan));
  const urlOf = (p: SitePost) => plan.pages.get(p.path)!.url;
  const bySection = new Map<string, SitePost[]>();
  for (const p of plan.published) {
    const page = plan.pages.get(p.path)!;
    const list = bySection.get(page.sectionPath);
    if (list) list.push(p);
    else bySection.set(page.sectionPath, [p]);
  }
  const termUrl = (plural: string, term: string) =>
    plan.lists.get(`${plural}/${urlizeTerm(term)}`)?.url ?? null;
  const jobs: PostPageJob[] = [];
  for (const list of bySection.values()) {
    list.forEach((p, i) => {
      const page = plan.pages.get(p.path)!;
      if (!page.rendered) return;
      const url = page.url;
      const newer = list[i - 1];
      const older = list[i + 1];
      const tagLinks = plan.taxonomies
        .flatMap((t) =>
          taxonomyTerms(p.meta, t.plural).map((term) => {
            const to = termUrl(t.plural, term);
            return to
              ? `<li><a href="${esc(relativeUrl(url, to))}">${esc(term)}</a></li>`
              : `<li>${esc(term)}</li>`;
          }),
        )
        .join('');
      const nav =
        newer || older
          ? `<nav class="paginav">${newer ? `<a class="prev" href="${esc(relativeUrl(url, urlOf(newer)))}">&laquo; ${esc(renderTitleText(newer.meta.title))}</a>` : ''}${older ? `<a class="next" href="${esc(relativeUrl(url, urlOf(older)))}">${esc(renderTitleText(older.meta.title))} &raquo;</a>` : ''}</nav>`
          : '';
      jobs.push({
        post: p,
        url,
        file: page.file,
        newer,
        older,
        near: `${newer ? urlOf(newer) : ''} ${older ? urlOf(older) : ''}`,
        tagLinks,
        nav,
      });
    });
  }
  return jobs;
}

/**
 * A post's own page: the one template, run by the render stage and by the export's render
 * workers alike.
 */
export function postPageHtml(
  config: SiteConfig,
  site: { baseURL: string; year: number },
  job: Pick<PostPageJob, 'url' | 'tagLinks' | 'nav'> & { post: Pick<SitePost, 'path' | 'meta'> },
  dv: DerivedPost,
): string {
  const p = job.post;
  const e = listingEntry(p, dv, config);
  const main = `<article class="post-single">
${postHeaderHtml(p.meta, dv.readingTime, config)}
<div class="post-content">
${dv.html}
</div>
${job.tagLinks ? `<ul class="post-tags">${job.tagLinks}</ul>\n` : ''}${job.nav}
</article>`;
  return layout(
    {
      config,
      baseURL: site.baseURL,
      url: job.url,
      title: e.title,
      description: p.meta.description || dv.summary.slice(0, 300),
      ogType: 'article',
      year: site.year,
    },
    main,
  );
}

/** The render stage's output: text files by output path, and how many are pages. */
export interface RenderedSite {
  files: Map<string, string>;
  pages: number;
}

/** Renders every page, redirect and feed of a plan. Pure: same plan, same bytes. */
export function renderSite(
  plan: SitePlan,
  options: RenderOptions,
  derive: BuildDerive,
  memo: BuildMemo = createBuildMemo(),
): RenderedSite {
  if (plan.languages) return renderLanguages(plan, options, derive, memo);
  const { config } = plan;
  const { baseURL, mode } = options;
  const on = (kind: string) => !plan.disabled.has(kind);
  // A language's prefix (`/en`) on a multilingual site.
  const P = config.languagePrefix ?? '';
  const year = pageYear(plan);
  const files: Map<string, string> = options.onFile
    ? new ToldFiles(options.onFile)
    : new Map<string, string>();
  let pages = 0;
  const frame = (
    url: string,
    title: string,
    description: string,
    extra: Partial<PageFrame> = {},
  ): PageFrame => ({
    config,
    baseURL,
    url,
    title,
    description,
    ogType: 'website',
    year,
    ...extra,
  });
  const build = ++memo.builds;
  const fingerprint = JSON.stringify({ config, baseURL, mode, asOf: plan.options.asOf });
  if (memo.fingerprint !== fingerprint) {
    memo.fingerprint = fingerprint;
    clearPages(memo);
  }
  const urlOf = (p: SitePost) => plan.pages.get(p.path)!.url;
  // A post without a version is rendered afresh every build: no cache by record then.
  const versioned = plan.published.every((p) => p.version !== undefined);
  // A post's token names its content (explicit version) and its URL.
  // Short numbers for those names keep page keys small.
  if (memo.ids.size > 4 * plan.published.length + 1000) {
    // Numbers are about to be reused: nothing keyed on the old ones may be taken.
    memo.ids.clear();
    memo.records = new WeakMap();
    clearPages(memo);
  }
  const tokens = new Map<SitePost, number>();
  const token = (p: SitePost) => {
    let t = tokens.get(p);
    if (t === undefined) {
      const url = urlOf(p);
      const seen = p.version === undefined ? undefined : memo.records.get(p);
      if (seen && seen.path === p.path && seen.version === p.version && seen.url === url) {
        t = seen.id;
      } else {
        const name = `${p.path}\u0000${p.version ?? `build ${build}`}\u0000${url}`;
        t = memo.ids.get(name);
        if (t === undefined) memo.ids.set(name, (t = ++memo.nextId));
        if (p.version !== undefined)
          memo.records.set(p, { path: p.path, version: p.version, url, id: t });
      }
      tokens.set(p, t);
    }
    return t;
  };
  const emit = (url: string, html: string) => {
    files.set(outputFile(url), html);
    pages++;
  };
  const emitMemo = (url: string, key: string, render: () => string, file = outputFile(url)) => {
    const hit = memo.pages.get(file);
    const html = hit && hit.key === key ? hit.html : render();
    if (html !== hit?.html) memo.pages.set(file, { key, html });
    files.set(file, html);
    pages++;
    return { file, html };
  };
  const derived = new Map<string, DerivedPost>();
  const d = (p: SitePost) => {
    let v = derived.get(p.path);
    if (!v) derived.set(p.path, (v = derive(p, mode, urlOf(p))));
    return v;
  };
  // A post is listed on several lists (home, section, terms, archive): its entry is
  // worked out once per build (title, date, meta line).
  const listed = new Map<SitePost, ListingEntry>();
  const entry = (p: SitePost) => {
    let e = listed.get(p);
    if (!e) listed.set(p, (e = listingEntry(p, d(p), config)));
    return e;
  };
  // Its HTML too, but for the link (relative to each list page).
  const parts = new Map<SitePost, [string, string]>();
  const entries = (list: readonly SitePost[], pageUrl: string) =>
    list
      .map((p) => {
        let part = parts.get(p);
        if (!part) parts.set(p, (part = entryParts(entry(p))));
        return linkedEntry(part, relativeUrl(pageUrl, urlOf(p)));
      })
      .join('\n');

  const paginated = (
    l: PlannedList,
    heading: string,
    title: string,
    description: string,
    extra: Partial<PageFrame> = {},
  ) => {
    // A list the plan kept (none of its posts changed) is what it was.
    const sig = JSON.stringify([heading, title, description, extra]);
    const kept = versioned ? memo.lists.get(l) : undefined;
    if (kept && kept.sig === sig) {
      for (const [file, html] of kept.files) files.set(file, html);
      pages += kept.files.length;
      return;
    }
    const emitted: [string, string][] = [];
    const before = versioned ? memo.listPages.get(l.name) : undefined;
    const now: KeptListPage[] = [];
    for (let n = 1; ; n++) {
      const page = planPage(plan, l, n);
      if (!page) break;
      const last = before?.[n - 1];
      if (
        last &&
        last.sig === sig &&
        last.url === page.url &&
        last.total === page.totalPages &&
        last.items.length === page.items.length &&
        last.items.every((p, i) => p === page.items[i] && last.urls[i] === urlOf(p))
      ) {
        // The same records on the same page of the same list: the same page.
        files.set(outputFile(page.url), last.html);
        pages++;
        emitted.push([outputFile(page.url), last.html]);
        now.push(last);
        continue;
      }
      const key = `${page.totalPages}|${heading}|${title}|${page.items.map(token).join(',')}`;
      const out = emitMemo(page.url, key, () => {
        const main = `${heading}${entries(page.items, page.url)}\n${paginationHtml(
          page.prev ? relativeUrl(page.url, page.prev) : null,
          page.next ? relativeUrl(page.url, page.next) : null,
        )}`;
        return layout(frame(page.url, title, description, extra), main);
      });
      emitted.push([out.file, out.html]);
      now.push({
        sig,
        url: page.url,
        total: page.totalPages,
        items: page.items,
        urls: page.items.map(urlOf),
        html: out.html,
      });
    }
    if (versioned) {
      memo.lists.set(l, { sig, files: emitted });
      memo.listPages.set(l.name, now);
    }
  };
  const header = (name: string) => `<header class="page-header"><h1>${esc(name)}</h1></header>\n`;

  if (plan.home) paginated(plan.home, '', config.title, config.description || config.title);
  for (const s of plan.sections)
    paginated(s, header(s.title), s.title, `${s.title} on ${config.title}`);

  for (const t of plan.taxonomies) {
    if (t.rendered) {
      const items = t.terms
        .filter((term) => plan.lists.has(term.list.name))
        .map(
          (term) =>
            `<li><a href="${esc(relativeUrl(t.url, term.list.url))}">${esc(term.name)} <sup>${term.count}</sup></a></li>`,
        );
      emit(
        t.url,
        layout(
          frame(t.url, t.label, `${t.label} on ${config.title}`, {
            nav: t.plural === 'tags' ? 'tags' : undefined,
          }),
          `${header(t.label)}<ul class="terms">\n${items.join('\n')}\n</ul>`,
        ),
      );
    }
    for (const term of t.terms) {
      const l = plan.lists.get(term.list.name);
      if (!l) continue;
      const feed = on('rss')
        ? `<link rel="alternate" type="application/rss+xml" href="${esc(relativeUrl(l.url, `${l.dir}index.xml`))}" title="${esc(term.name)}">\n`
        : '';
      paginated(l, header(term.name), term.name, `Posts about ${term.name} on ${config.title}`, {
        head: feed,
      });
    }
  }

  const archive = plan.archive;
  if (archive) {
    const url = archive.url;
    const renderArchive = () =>
      archiveGroups(archive.posts)
        .map(
          (y) =>
            `<h2 class="archive-year">${y.year || 'Undated'} <sup>${y.months.reduce((n, m) => n + m.posts.length, 0)}</sup></h2>\n` +
            y.months
              .map(
                (m) =>
                  `<div class="archive-month"><h3>${MONTHS[m.month - 1] ?? ''} <sup>${m.posts.length}</sup></h3><div class="archive-posts">\n` +
                  m.posts
                    .map((p) => {
                      // One snippet per post record, reused while the post is unchanged.
                      const at = `${url} ${urlOf(p)}`;
                      const hit = versioned ? memo.archiveEntries.get(p) : undefined;
                      if (hit?.at === at) return hit.html;
                      const e = entry(p);
                      const html = `<div class="archive-entry"><a href="${esc(relativeUrl(url, urlOf(p)))}">${esc(e.title)}</a> <span class="archive-meta">${esc(e.meta)}</span></div>`;
                      if (versioned) memo.archiveEntries.set(p, { at, html });
                      return html;
                    })
                    .join('\n') +
                  '\n</div></div>',
              )
              .join('\n'),
        )
        .join('\n');
    if (memo.snippets.size > 3 * plan.published.length + 100) memo.snippets.clear();
    const kept = versioned ? memo.lists.get(archive) : undefined;
    if (kept) {
      for (const [file, html] of kept.files) files.set(file, html);
      pages += kept.files.length;
    } else {
      const out = emitMemo(url, archive.posts.map(token).join(','), () =>
        layout(
          frame(url, 'Archives', `All posts on ${config.title}`, { nav: 'archives' }),
          `${header('Archives')}${renderArchive()}`,
        ),
      );
      if (versioned) memo.lists.set(archive, { sig: '', files: [[out.file, out.html]] });
    }
  }

  // Posts, with newer/older links within their section.
  for (const job of postPageJobs(plan)) {
    const { post: p, url, newer, older, near } = job;
    if (options.elsewhere?.has(p.path)) {
      // Rendered and written by the caller (a render worker); listed, never held here.
      files.set(job.file, WRITTEN_ELSEWHERE);
      pages++;
      continue;
    }
    // The same record between the same neighbours at the same URLs: the same page.
    const kept = versioned ? memo.postPages.get(p) : undefined;
    if (
      kept &&
      kept.url === url &&
      kept.newer === newer &&
      kept.older === older &&
      kept.near === near
    ) {
      files.set(job.file, kept.html);
      pages++;
      continue;
    }
    const key = `${token(p)}|${newer ? token(newer) : ''}|${older ? token(older) : ''}`;
    const out = emitMemo(
      url,
      key,
      () => postPageHtml(config, { baseURL, year }, job, d(p)),
      job.file,
    );
    if (versioned) memo.postPages.set(p, { url, newer, older, near, html: out.html });
  }

  for (const a of plan.aliases)
    files.set(a.file, aliasHtml(absoluteUrl(baseURL, a.target), config.languageCode));

  if (on('404'))
    emit(
      `${P}/404.html`,
      layout(
        frame(`${P}/404.html`, 'Page not found', 'Page not found'),
        `${header('Page not found')}<p><a href="${esc(relativeUrl(`${P}/404.html`, `${P}/`))}">Go to the home page</a></p>`,
      ),
    );

  // --- feeds stage.
  if (on('rss')) {
    // Every post newest first (the plan's order); a feed takes its first members from it.
    const newestFirst = plan.newest;
    const feed = (l: PlannedList, title: string, cacheKey: object = l) => {
      const file = `${l.dir.slice(1)}index.xml`;
      // A list (or taxonomy) the plan kept has the feed it had.
      const kept = versioned ? memo.feeds.get(cacheKey) : undefined;
      if (kept && kept.title === title) {
        files.set(file, kept.text);
        return;
      }
      const members = new Set(l.posts);
      const newest: SitePost[] = [];
      for (const p of newestFirst) {
        if (newest.length >= config.rssLimit) break;
        if (members.has(p)) newest.push(p);
      }
      const key = `${title}|${newest.map(token).join(',')}`;
      const hit = memo.pages.get(file);
      const text =
        hit && hit.key === key ? hit.html : rss(config, baseURL, l.dir, title, newest, urlOf, d);
      memo.pages.set(file, { key, html: text });
      files.set(file, text);
      if (versioned) memo.feeds.set(cacheKey, { title, text });
    };
    if (plan.home) feed(plan.home, config.title);
    for (const s of plan.sections) feed(s, `${s.title} on ${config.title}`);
    for (const t of plan.taxonomies) {
      if (t.rendered) {
        // The taxonomy's own feed: every post that has one of its terms.
        const tagged = new Set(t.terms.flatMap((term) => term.list.posts));
        feed(
          {
            name: t.plural,
            kind: 'term',
            title: t.label,
            dir: `${P}/${t.plural}/`,
            url: t.url,
            posts: plan.published.filter((p) => tagged.has(p)),
            paginated: false,
          },
          `${t.label} on ${config.title}`,
          t,
        );
      }
      for (const term of t.terms) {
        const l = plan.lists.get(term.list.name);
        if (l) feed(l, `${term.name} on ${config.title}`);
      }
    }
  }
  if (on('sitemap')) {
    const redirects = new Set(plan.aliases.map((a) => a.file));
    const later = /(^|\/)page\/\d+(\/index)?\.html$/;
    const pageFiles = [...files.keys()].filter(
      (f) => f.endsWith('.html') && f !== '404.html' && !redirects.has(f) && !later.test(f),
    );
    // The sitemap changes with the set of pages and each post's URL and lastmod (not
    // with a post's text).
    const lastmods: string[] = [];
    for (const page of plan.pages.values()) {
      const lm = page.post.meta.lastmod ?? page.post.meta.date;
      if (lm && page.rendered) lastmods.push(`${page.url} ${dateKey(lm)}`);
    }
    const key = `${pageFiles.join(',')}|${lastmods.join(',')}`;
    const sitemapFile = config.language ? `${config.language}/sitemap.xml` : 'sitemap.xml';
    const hit = memo.pages.get(sitemapFile);
    let text = hit?.key === key ? hit.html : undefined;
    if (text === undefined) {
      const lastmod = new Map<string, string>();
      for (const page of plan.pages.values()) {
        const lm = page.post.meta.lastmod ?? page.post.meta.date;
        if (!lm || !page.rendered) continue;
        // Formatted once per date as written.
        const id = `lastmod ${dateKey(lm)}`;
        let text = memo.snippets.get(id);
        if (text === undefined)
          memo.snippets.set(id, (text = formatDate(lm, '2006-01-02T15:04:05Z07:00')));
        lastmod.set(page.url, text);
      }
      const pageUrls = pageFiles.map((f) => `/${f.replace(/(^|\/)index\.html$/, '$1')}`);
      text = sitemap(baseURL, pageUrls, lastmod);
      memo.pages.set(sitemapFile, { key, html: text });
    }
    files.set(sitemapFile, text);
  }
  if (config.language) return { files, pages };
  if (on('robotstxt')) files.set('robots.txt', robotsTxt(baseURL));
  files.set('assets/quire.css', THEME_CSS);
  return { files, pages };
}

/**
 * A multilingual site: each language rendered from its own plan (with its own memo),
 * then the root's files: the redirect between the root and the default language, the
 * sitemap index of the languages' sitemaps, robots.txt and the stylesheet.
 */
function renderLanguages(
  plan: SitePlan,
  options: RenderOptions,
  derive: BuildDerive,
  memo: BuildMemo,
): RenderedSite {
  const files = new Map<string, string>();
  let pages = 0;
  memo.languages ??= new Map();
  for (const { lang, plan: sub } of plan.languages!) {
    let m = memo.languages.get(lang);
    if (!m) memo.languages.set(lang, (m = createBuildMemo()));
    const r = renderSite(sub, { ...options, onFile: undefined }, derive, m);
    for (const [f, text] of r.files) if (!files.has(f)) files.set(f, text);
    pages += r.pages;
  }
  const { config } = plan;
  const own = new Set(plan.languages!.flatMap((l) => l.plan.aliases));
  for (const a of plan.aliases)
    if (!own.has(a) && !files.has(a.file))
      files.set(a.file, aliasHtml(absoluteUrl(options.baseURL, a.target), config.languageCode));
  if (!plan.disabled.has('sitemap'))
    files.set(
      'sitemap.xml',
      sitemapIndex(
        options.baseURL,
        plan.languages!.map((l) => `/${l.lang}/sitemap.xml`),
      ),
    );
  if (!plan.disabled.has('robotstxt')) files.set('robots.txt', robotsTxt(options.baseURL));
  files.set('assets/quire.css', THEME_CSS);
  return { files, pages };
}

/** A written date by what it says (its text, and what was read from it). */
function dateKey(d: WrittenDate): string {
  return `${d.raw}\u0000${d.year}-${d.month}-${d.day}\u0000${d.offsetMinutes}`;
}
