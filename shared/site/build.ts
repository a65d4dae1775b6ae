import { dateInstant, formatDate, MONTHS } from '../content/dates.ts';
import { taxonomyTerms } from '../content/post.ts';
import { urlizeTerm } from '../content/slug.ts';
import { renderTitleHtml, renderTitleText } from '../markdown/title.ts';
import type { SiteConfig, SummaryMode } from './config.ts';
import type { DerivedPost } from './derive.ts';
import {
  archiveGroups,
  collectTerms,
  listingEntry,
  mainSections,
  publishedPosts,
} from './listing.ts';
import type { SitePost } from './listing.ts';
import { sortDefault } from './order.ts';
import type { AsOf } from './publish.ts';
import { entryHtml, esc, layout, paginationHtml } from './templates.ts';
import type { PageFrame } from './templates.ts';
import { THEME_CSS } from './theme.ts';
import { absoluteUrl, outputFile, postUrl, relativeUrl } from './urls.ts';

/** Renders a post for the page at `pageUrl` (links resolved for that page). */
export type BuildDerive = (post: SitePost, mode: SummaryMode, pageUrl: string) => DerivedPost;

/** How to build: what readers see as of a date, optionally with drafts, under a base URL. */
export interface BuildOptions {
  asOf: AsOf;
  drafts?: boolean;
  /** Overrides the config's baseURL (e.g. `https://example.org/blog/`). */
  baseURL?: string;
  mode?: SummaryMode;
}

/** Files that are copied as they are: bundle resources and the site's static/ folder. */
export interface BuildAssets {
  /** Post path -> its bundle's resource files, relative to the bundle folder. */
  bundleResources?: ReadonlyMap<string, readonly string[]>;
  /** Files under static/, relative to it. */
  staticFiles?: readonly string[];
}

/**
 * Rendered pages kept between builds, so a rebuild after a small change re-renders only
 * the pages whose inputs changed. Passing one never changes the output, only its cost.
 */
export interface BuildMemo {
  fingerprint: string;
  /** Per post object (the index keeps them until the file changes): URL and lastmod text. */
  postInfo: WeakMap<SitePost, { url: string; lastmod: string | null; site: string }>;
  /** The last build's default order: its order keys and the paths in order. */
  order?: { live: readonly SitePost[]; paths: string[] };
  pages: Map<string, { key: string; html: string }>;
  /** Archive entries by derived number. */
  snippets: Map<number, string>;
  /** Stable numbers for derived results (the caller caches them per post version). */
  ids: WeakMap<object, number>;
  nextId: number;
}

/** A fresh, empty memo. */
export function createBuildMemo(): BuildMemo {
  return {
    fingerprint: '',
    postInfo: new WeakMap(),
    pages: new Map(),
    snippets: new Map(),
    ids: new WeakMap(),
    nextId: 0,
  };
}

/** The site: text files by output path, and files to copy (site-relative source -> output). */
export interface BuiltSite {
  files: Map<string, string>;
  copies: { from: string; to: string }[];
  pages: number;
  warnings: string[];
}

/**
 * Builds the whole site, pure and deterministic: the same posts, config and options give
 * byte-identical files. Stages: process (publish rules, URLs), assemble (listings, terms,
 * archive), render (pages, feeds, sitemap).
 */
export function buildSite(
  posts: readonly SitePost[],
  config: SiteConfig,
  options: BuildOptions,
  derive: BuildDerive,
  assets: BuildAssets = {},
  memo: BuildMemo = createBuildMemo(),
): BuiltSite {
  const mode = options.mode ?? config.summaryMode;
  const baseURL = options.baseURL || config.baseURL || '/';
  const year = Number(options.asOf.day.slice(0, 4));
  const files = new Map<string, string>();
  const copies: { from: string; to: string }[] = [];
  const warnings: string[] = [];
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
  const emit = (url: string, html: string) => {
    files.set(outputFile(url), html);
    pages++;
  };
  // Memoized pages: `key` names everything the page shows; derived results are cached
  // per post version by the caller, so their identity stands for the post's content.
  const fingerprint = JSON.stringify({ config, options, mode, baseURL });
  if (memo.fingerprint !== fingerprint) {
    memo.fingerprint = fingerprint;
    memo.pages.clear();
    memo.snippets.clear();
    memo.postInfo = new WeakMap();
    memo.order = undefined;
  }
  const info = (p: SitePost) => {
    let i = memo.postInfo.get(p);
    if (!i) {
      const lm = p.meta.lastmod ?? p.meta.date;
      const url = postUrl(p, config);
      const lastmod = lm ? formatDate(lm, '2006-01-02T15:04:05Z07:00') : null;
      memo.postInfo.set(p, (i = { url, lastmod, site: `${url} ${lastmod}` }));
    }
    return i;
  };
  const idOf = (o: object) => {
    let id = memo.ids.get(o);
    if (id === undefined) memo.ids.set(o, (id = ++memo.nextId));
    return id;
  };
  const emitMemo = (url: string, key: string, render: () => string) => {
    const file = outputFile(url);
    const hit = memo.pages.get(file);
    if (hit && hit.key === key) {
      files.set(file, hit.html);
      pages++;
      return;
    }
    const html = render();
    memo.pages.set(file, { key, html });
    files.set(file, html);
    pages++;
  };

  // --- process: what is published, and where each post lives.
  const published = publishedPosts(posts, options.asOf, { drafts: options.drafts });
  const urls = new Map<string, string>();
  const taken = new Map<string, string>();
  const byPathOrder = published.every((p, i) => i === 0 || published[i - 1]!.path < p.path)
    ? published
    : [...published].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const p of byPathOrder) {
    const url = info(p).url;
    const other = taken.get(url);
    if (other) {
      warnings.push(`${p.path}: its URL ${url} is already used by ${other}; left out`);
      continue;
    }
    taken.set(url, p.path);
    urls.set(p.path, url);
  }
  const live = published.filter((p) => urls.has(p.path));
  // One sort per build (reused from the last build when no post's order keys changed);
  // every listing is a subset, ordered by its rank in it.
  const sameOrderKeys = (a: SitePost, b: SitePost) =>
    a === b ||
    (a.path === b.path &&
      a.meta.weight === b.meta.weight &&
      a.meta.date?.raw === b.meta.date?.raw &&
      a.meta.title === b.meta.title &&
      a.meta.params.linktitle === b.meta.params.linktitle);
  let allSorted: SitePost[];
  const prev = memo.order;
  if (
    prev &&
    prev.live.length === live.length &&
    live.every((p, i) => sameOrderKeys(p, prev.live[i]!))
  ) {
    const byPath = new Map(live.map((p) => [p.path, p]));
    allSorted = prev.paths.map((path) => byPath.get(path)!);
  } else {
    allSorted = sortDefault(live);
  }
  memo.order = { live, paths: allSorted.map((p) => p.path) };
  // Every list below is built by walking allSorted, so it comes out in order.
  // Each post is derived once per build; its token names its content and URL in page keys.
  const derived = new Map<SitePost, DerivedPost>();
  const d = (p: SitePost) => {
    let v = derived.get(p);
    if (!v) derived.set(p, (v = derive(p, mode, urls.get(p.path)!)));
    return v;
  };
  // A post's URL only changes with the post (a new derived result) or the config (a new
  // fingerprint), so the derived result's number names both.
  const token = (p: SitePost) => idOf(d(p));
  const entries = (list: readonly SitePost[], pageUrl: string) =>
    list
      .map((p) => entryHtml(listingEntry(p, d(p), config), relativeUrl(pageUrl, urls.get(p.path)!)))
      .join('\n');
  const plurals = Object.values(config.taxonomies);

  // --- assemble + render: paginated listings.
  const paginated = (
    list: readonly SitePost[],
    base: string,
    heading: string,
    title: string,
    description: string,
    extra: Partial<PageFrame> = {},
  ) => {
    const size = config.pagerSize;
    const total = Math.max(1, Math.ceil(list.length / size));
    const at = (n: number) => (n <= 1 ? base : `${base}page/${n}/`);
    for (let n = 1; n <= total; n++) {
      const url = at(n);
      const slice = list.slice((n - 1) * size, n * size);
      const key = `${total}|${heading}|${title}|${slice.map(token).join(',')}`;
      emitMemo(url, key, () => {
        const main = `${heading}${entries(slice, url)}\n${paginationHtml(n > 1 ? relativeUrl(url, at(n - 1)) : null, n < total ? relativeUrl(url, at(n + 1)) : null)}`;
        return layout(frame(url, title, description, extra), main);
      });
    }
  };

  const sections = new Set(mainSections(live, config));
  // Sorted once per distinct list: the home page is often exactly one section.
  const home = allSorted.filter((p) => sections.has(p.section));
  paginated(home, '/', '', config.title, config.description || config.title);

  const bySection = new Map<string, SitePost[]>();
  for (const p of allSorted) {
    if (!p.section) continue;
    const list = bySection.get(p.section);
    if (list) list.push(p);
    else bySection.set(p.section, [p]);
  }
  for (const [section, list] of [...bySection].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const name = section[0]!.toUpperCase() + section.slice(1);
    paginated(
      list,
      `/${section}/`,
      `<header class="page-header"><h1>${esc(name)}</h1></header>\n`,
      name,
      `${name} on ${config.title}`,
    );
  }

  for (const plural of plurals) {
    const terms = collectTerms(allSorted, plural);
    const sorted = [...terms].sort(([a], [b]) => (a < b ? -1 : 1));
    const label = plural[0]!.toUpperCase() + plural.slice(1);
    const indexUrl = `/${plural}/`;
    const items = sorted.map(
      ([slug, t]) =>
        `<li><a href="${esc(relativeUrl(indexUrl, `/${plural}/${slug}/`))}">${esc(t.name)} <sup>${t.posts.length}</sup></a></li>`,
    );
    emit(
      indexUrl,
      layout(
        frame(indexUrl, label, `${label} on ${config.title}`, {
          nav: plural === 'tags' ? 'tags' : undefined,
        }),
        `<header class="page-header"><h1>${esc(label)}</h1></header>\n<ul class="terms">\n${items.join('\n')}\n</ul>`,
      ),
    );
    for (const [slug, t] of sorted) {
      const base = `/${plural}/${slug}/`;
      const list = t.posts;
      const feed = `<link rel="alternate" type="application/rss+xml" href="index.xml" title="${esc(t.name)}">\n`;
      paginated(
        list,
        base,
        `<header class="page-header"><h1>${esc(t.name)}</h1></header>\n`,
        t.name,
        `Posts about ${t.name} on ${config.title}`,
        { head: feed },
      );
      const feedFile = `${plural}/${slug}/index.xml`;
      const feedKey = list
        .slice(0, config.rssLimit)
        .map((p) => idOf(d(p)))
        .join(',');
      const hit = memo.pages.get(feedFile);
      const xmlText =
        hit && hit.key === feedKey
          ? hit.html
          : rss(config, baseURL, base, `${t.name} on ${config.title}`, list, urls, d);
      memo.pages.set(feedFile, { key: feedKey, html: xmlText });
      files.set(feedFile, xmlText);
    }
  }

  // Archive: year -> month -> posts, newest first.
  const archiveUrl = '/archives/';
  const instant = new Map<SitePost, number>();
  for (const p of home) instant.set(p, p.meta.date ? dateInstant(p.meta.date) : 0);
  const byDate = [...home].sort(
    (a, b) => instant.get(b)! - instant.get(a)! || (a.path < b.path ? -1 : 1),
  );
  const archiveKey = byDate.map(token).join(',');
  if (memo.snippets.size > 2 * byDate.length + 100) {
    const keep = new Set(byDate.map(token));
    for (const id of memo.snippets.keys()) if (!keep.has(id)) memo.snippets.delete(id);
  }
  const renderArchive = () =>
    archiveGroups(byDate)
      .map(
        (y) =>
          `<h2 class="archive-year">${y.year || 'Undated'} <sup>${y.months.reduce((n, m) => n + m.posts.length, 0)}</sup></h2>\n` +
          y.months
            .map(
              (m) =>
                `<div class="archive-month"><h3>${MONTHS[m.month - 1] ?? ''} <sup>${m.posts.length}</sup></h3><div class="archive-posts">\n` +
                m.posts
                  .map((p) => {
                    // One snippet per post version, reused while the post is unchanged.
                    const id = token(p);
                    const hit = memo.snippets.get(id);
                    if (hit !== undefined) return hit;
                    const e = listingEntry(p, d(p), config);
                    const html = `<div class="archive-entry"><a href="${esc(relativeUrl(archiveUrl, urls.get(p.path)!))}">${esc(e.title)}</a> <span class="archive-meta">${esc(e.meta)}</span></div>`;
                    memo.snippets.set(id, html);
                    return html;
                  })
                  .join('\n') +
                '\n</div></div>',
            )
            .join('\n'),
      )
      .join('\n');
  emitMemo(archiveUrl, archiveKey, () =>
    layout(
      frame(archiveUrl, 'Archives', `All posts on ${config.title}`, { nav: 'archives' }),
      `<header class="page-header"><h1>Archives</h1></header>\n${renderArchive()}`,
    ),
  );

  // Posts, with newer/older links within their section.
  for (const list of bySection.values()) {
    const ordered = list;
    ordered.forEach((p, i) => {
      const url = urls.get(p.path)!;
      const dv = d(p);
      const newer = ordered[i - 1];
      const older = ordered[i + 1];
      for (const r of assets.bundleResources?.get(p.path) ?? []) {
        copies.push({
          from: `${p.path.replace(/[^/]+$/, '')}${r}`,
          to: `${outputFile(url).replace(/index\.html$/, '')}${r}`,
        });
      }
      const key = `${token(p)}|${newer ? token(newer) : ''}|${older ? token(older) : ''}`;
      emitMemo(url, key, () => {
        const e = listingEntry(p, dv, config);
        const tagLinks = plurals
          .flatMap((plural) =>
            taxonomyTerms(p.meta, plural).map(
              (t) =>
                `<li><a href="${esc(relativeUrl(url, `/${plural}/${urlizeTerm(t)}/`))}">${esc(t)}</a></li>`,
            ),
          )
          .join('');
        const nav =
          newer || older
            ? `<nav class="paginav">${newer ? `<a class="prev" href="${esc(relativeUrl(url, urls.get(newer.path)!))}">&laquo; ${esc(listingEntry(newer, d(newer), config).title)}</a>` : ''}${older ? `<a class="next" href="${esc(relativeUrl(url, urls.get(older.path)!))}">${esc(listingEntry(older, d(older), config).title)} &raquo;</a>` : ''}</nav>`
            : '';
        const main = `<article class="post-single">
<header class="post-header"><h1 class="post-title">${renderTitleHtml(p.meta.title)}</h1>
<div class="post-meta">${esc(e.meta)}</div></header>
<div class="post-content">
${dv.html}
</div>
${tagLinks ? `<ul class="post-tags">${tagLinks}</ul>\n` : ''}${nav}
</article>`;
        return layout(
          frame(url, e.title, p.meta.description || dv.summary.slice(0, 300), {
            ogType: 'article',
          }),
          main,
        );
      });
    });
  }

  for (const f of assets.staticFiles ?? []) copies.push({ from: `static/${f}`, to: f });

  emit(
    '/404.html',
    layout(
      frame('/404.html', 'Page not found', 'Page not found'),
      `<header class="page-header"><h1>Page not found</h1></header>\n<p><a href="${esc(relativeUrl('/404.html', '/'))}">Go to the home page</a></p>`,
    ),
  );
  const homeFeed = byDate;
  files.set('index.xml', rss(config, baseURL, '/', config.title, homeFeed, urls, d));
  // The sitemap lists the pages (fixed by the posts' URLs, terms and counts) with each
  // post's lastmod.
  const sitemapKey = `${files.size}|${live.map((p) => info(p).site).join(',')}`;
  const sitemapHit = memo.pages.get('sitemap.xml');
  const sitemapXml =
    sitemapHit?.key === sitemapKey ? sitemapHit.html : sitemap(baseURL, files, live, urls, info);
  memo.pages.set('sitemap.xml', { key: sitemapKey, html: sitemapXml });
  files.set('sitemap.xml', sitemapXml);
  files.set(
    'robots.txt',
    `User-agent: *\nAllow: /\nSitemap: ${absoluteUrl(baseURL, '/sitemap.xml')}\n`,
  );
  files.set('assets/quire.css', THEME_CSS);
  // Copies never overwrite generated pages.
  const generated = new Set(files.keys());
  const kept = copies.filter((c) => {
    if (generated.has(c.to)) {
      warnings.push(`${c.from}: would overwrite the generated ${c.to}; not copied`);
      return false;
    }
    return true;
  });
  return {
    files,
    copies: kept.sort((a, b) => (a.to < b.to ? -1 : 1)),
    pages,
    warnings,
  };
}

function xml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

// As Hugo's RSS template: the title escaped, the description the HTML summary
// XML-escaped, so a feed reader shows `<img …>` written in a post as text, never runs it.
function rss(
  config: SiteConfig,
  baseURL: string,
  listUrl: string,
  title: string,
  byNewest: readonly SitePost[],
  urls: Map<string, string>,
  d: (p: SitePost) => DerivedPost,
): string {
  const items = byNewest.slice(0, config.rssLimit);
  const newest = items[0]?.meta.date;
  const rfc = 'Mon, 02 Jan 2006 15:04:05 -0700';
  const link = absoluteUrl(baseURL, listUrl);
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${xml(title)}</title>
<link>${xml(link)}</link>
<description>Recent content on ${xml(title)}</description>
<language>${xml(config.languageCode || 'en')}</language>
${newest ? `<lastBuildDate>${formatDate(newest, rfc)}</lastBuildDate>\n` : ''}<atom:link href="${xml(absoluteUrl(baseURL, `${listUrl}index.xml`))}" rel="self" type="application/rss+xml"/>
${items
  .map((p) => {
    const url = absoluteUrl(baseURL, urls.get(p.path)!);
    return `<item>
<title>${xml(renderTitleText(p.meta.title) || p.baseName)}</title>
<link>${xml(url)}</link>
${p.meta.date ? `<pubDate>${formatDate(p.meta.date, rfc)}</pubDate>\n` : ''}<guid>${xml(url)}</guid>
<description>${xml(d(p).summaryHtml)}</description>
</item>`;
  })
  .join('\n')}
</channel>
</rss>
`;
}

function sitemap(
  baseURL: string,
  files: Map<string, string>,
  posts: readonly SitePost[],
  urls: Map<string, string>,
  info: (p: SitePost) => { lastmod: string | null },
): string {
  const lastmod = new Map<string, string>();
  for (const p of posts) {
    const lm = info(p).lastmod;
    if (lm) lastmod.set(urls.get(p.path)!, lm);
  }
  const pages = [...files.keys()]
    .filter((f) => f.endsWith('index.html') && !/(^|\/)page\/\d+\/index\.html$/.test(f))
    .map((f) => `/${f.replace(/index\.html$/, '')}`)
    .sort();
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${pages.map((u) => `<url><loc>${xml(absoluteUrl(baseURL, u))}</loc>${lastmod.has(u) ? `<lastmod>${lastmod.get(u)}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
}
