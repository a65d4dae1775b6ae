import { formatDate } from '../content/dates.ts';
import { renderTitleText } from '../markdown/title.ts';
import type { SiteConfig } from './config.ts';
import type { DerivedPost } from './derive.ts';
import type { SitePost } from './listing.ts';
import { absoluteUrl } from './urls.ts';

// The feeds stage of the build: RSS per list, the sitemap and robots.txt. Pure text from
// the plan's URLs and the derived summaries.

/** Escapes text for XML content and attribute values. */
export function xml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

// As Hugo's RSS template: the title escaped, the description the HTML summary
// XML-escaped, so a feed reader shows `<img …>` written in a post as text, never runs it.
/** An RSS 2.0 feed of a list (newest first, `rssLimit` items) whose folder URL is `listDir`. */
export function rss(
  config: SiteConfig,
  baseURL: string,
  listDir: string,
  title: string,
  byNewest: readonly SitePost[],
  urlOf: (p: SitePost) => string,
  d: (p: SitePost) => DerivedPost,
): string {
  const items = byNewest.slice(0, config.rssLimit);
  const newest = items[0]?.meta.date;
  const rfc = 'Mon, 02 Jan 2006 15:04:05 -0700';
  const link = absoluteUrl(baseURL, listDir);
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${xml(title)}</title>
<link>${xml(link)}</link>
<description>Recent content on ${xml(title)}</description>
<language>${xml(config.languageCode || 'en')}</language>
${newest ? `<lastBuildDate>${formatDate(newest, rfc)}</lastBuildDate>\n` : ''}<atom:link href="${xml(absoluteUrl(baseURL, `${listDir}index.xml`))}" rel="self" type="application/rss+xml"/>
${items
  .map((p) => {
    const url = absoluteUrl(baseURL, urlOf(p));
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

/**
 * The sitemap: every HTML page but later pages of lists and redirects, each post with
 * its lastmod. `lastmod` maps a page URL to its date text.
 */
export function sitemap(
  baseURL: string,
  pageUrls: readonly string[],
  lastmod: ReadonlyMap<string, string>,
): string {
  const pages = [...pageUrls].sort();
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${pages.map((u) => `<url><loc>${xml(absoluteUrl(baseURL, u))}</loc>${lastmod.has(u) ? `<lastmod>${lastmod.get(u)}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
}

/** The sitemap index of a multilingual site: one entry for each language's sitemap. */
export function sitemapIndex(baseURL: string, sitemapUrls: readonly string[]): string {
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${sitemapUrls.map((u) => `<sitemap><loc>${xml(absoluteUrl(baseURL, u))}</loc></sitemap>`).join('\n')}
</sitemapindex>
`;
}

/** robots.txt allowing everything and naming the sitemap (the site's static/ one wins). */
export function robotsTxt(baseURL: string): string {
  return `User-agent: *\nAllow: /\nSitemap: ${absoluteUrl(baseURL, '/sitemap.xml')}\n`;
}
