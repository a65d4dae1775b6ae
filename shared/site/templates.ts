import { escapeHtml } from '../markdown/highlight.ts';
import type { SiteConfig } from './config.ts';
import type { ListingEntry } from './listing.ts';
import { absoluteUrl, relativeUrl } from './urls.ts';

/** What every page's frame needs. */
export interface PageFrame {
  config: SiteConfig;
  baseURL: string;
  /** This page's URL path, e.g. `/posts/a/`. */
  url: string;
  title: string;
  description: string;
  ogType: 'website' | 'article';
  /** The year for the footer (from the as-of date, so builds are reproducible). */
  year: number;
  /** Extra <head> lines (e.g. a term's feed), already HTML. */
  head?: string;
  /** Which nav item is current. */
  nav?: 'archives' | 'tags';
}

// No script may run in an exported page, whatever a post holds. Frames only from the
// video players Hugo's youtube and vimeo shortcodes embed (their own origin and policy).
const CSP =
  "default-src 'self'; img-src * data:; media-src *; style-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com";

/** Escapes text for HTML content and attribute values. */
export const esc = escapeHtml;

/** The HTML document around a page's main content. */
export function layout(f: PageFrame, main: string): string {
  // A language's pages link to its own home, archive, tags and feed (`/fr/…`).
  const P = f.config.languagePrefix ?? '';
  const link = (to: string) => esc(relativeUrl(f.url, P + to));
  const siteTitle = f.config.title || 'Blog';
  const fullTitle = f.url === `${P}/` ? siteTitle : `${f.title} | ${siteTitle}`;
  const canonical = absoluteUrl(f.baseURL, f.url);
  const current = (k: string) => (f.nav === k ? ' aria-current="page"' : '');
  return `<!DOCTYPE html>
<html lang="${esc(f.config.languageCode || 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${esc(fullTitle)}</title>
<meta name="description" content="${esc(f.description)}">
<link rel="canonical" href="${esc(canonical)}">
<meta property="og:title" content="${esc(f.title || siteTitle)}">
<meta property="og:description" content="${esc(f.description)}">
<meta property="og:type" content="${f.ogType}">
<meta property="og:url" content="${esc(canonical)}">
<meta property="og:site_name" content="${esc(siteTitle)}">
<link rel="stylesheet" href="${esc(relativeUrl(f.url, '/assets/quire.css'))}">
<link rel="alternate" type="application/rss+xml" href="${link('/index.xml')}" title="${esc(siteTitle)}">
${f.head ?? ''}</head>
<body>
<header class="site-header">
<a class="site-title" href="${link('/')}">${esc(siteTitle)}</a>
<nav class="site-nav"><a href="${link('/archives/')}"${current('archives')}>Archives</a><a href="${link('/tags/')}"${current('tags')}>Tags</a></nav>
</header>
<main class="site-main">
${main}
</main>
<footer class="site-footer">&copy; ${f.year} ${esc(siteTitle)}</footer>
</body>
</html>
`;
}

/** One listing entry as the home and term pages show it (`withFile`: for the app's preview). */
export function entryHtml(e: ListingEntry, href: string, withFile = false): string {
  return linkedEntry(entryParts(e, withFile), href);
}

/** An entry's HTML (entryParts) with its link. */
export function linkedEntry([before, after]: [string, string], href: string): string {
  return `${before}${esc(href)}${after}`;
}

/**
 * A listing entry's HTML before and after its link's URL: a post listed on many pages
 * (home, section, terms) is the same there but for the URL relative to each page.
 */
export function entryParts(e: ListingEntry, withFile = false): [string, string] {
  const summary = e.summary
    ? `<div class="entry-content"><p>${esc(e.summary)}${e.truncated ? '...' : ''}</p></div>\n`
    : '';
  return [
    `<article class="post-entry"${withFile ? ` data-file="${esc(e.file)}"` : ''}>
<header class="entry-header"><h2><a href="`,
    `">${esc(e.title)}</a></h2></header>
${summary}<footer class="entry-footer">${esc(e.meta)}</footer>
</article>`,
  ];
}

/** Previous/next links of a paginated listing. */
export function paginationHtml(prev: string | null, next: string | null): string {
  if (!prev && !next) return '';
  return `<nav class="pagination">${prev ? `<a class="prev" href="${esc(prev)}">&laquo; Prev</a>` : ''}${next ? `<a class="next" href="${esc(next)}">Next &raquo;</a>` : ''}</nav>`;
}

/**
 * A listing page for the app's preview: the export's markup and theme, its stylesheet
 * inline, under a CSP that allows no script. Entries carry their file for click-to-open.
 */
export function previewListingHtml(
  config: SiteConfig,
  heading: string,
  entries: readonly ListingEntry[],
  pagination: { prev: boolean; next: boolean },
  css: string,
  urls: readonly string[] = [],
): string {
  const CSP_PREVIEW = "default-src 'none'; img-src 'self' data: https:; style-src 'unsafe-inline'";
  // Each entry links to its page's URL on the site (the app opens the post instead).
  const items = entries.map((e, i) => entryHtml(e, urls[i] ?? '#', true)).join('\n');
  return `<!DOCTYPE html>
<html lang="${esc(config.languageCode || 'en')}">
<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP_PREVIEW}"><style>${css}</style></head>
<body>
<header class="site-header"><span class="site-title">${esc(config.title || 'Blog')}</span><nav class="site-nav"><a href="#">Archives</a><a href="#">Tags</a></nav></header>
<main class="site-main">
${heading ? `<header class="page-header"><h1>${esc(heading)}</h1></header>\n` : ''}${items || '<p>No posts here as of this date.</p>'}
${paginationHtml(pagination.prev ? '#prev' : null, pagination.next ? '#next' : null)}
</main>
</body>
</html>
`;
}
