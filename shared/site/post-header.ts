import { formatDate } from '../content/dates.ts';
import type { PostMeta } from '../content/post.ts';
import { renderTitleHtml } from '../markdown/title.ts';
import type { SiteConfig } from './config.ts';
import { esc } from './templates.ts';

/**
 * The line under a post's title, in listings and on the post's page: `January 6, 2024 · 8 min`
 * (the site's date format; the reading time when the site shows it; NO-BREAK SPACEs around
 * the `·`). '' for an undated post on a site without reading times.
 */
export function postMetaLine(
  meta: Pick<PostMeta, 'date'>,
  readingTime: number,
  config: Pick<SiteConfig, 'dateFormat' | 'showReadingTime'>,
): string {
  const date = meta.date ? formatDate(meta.date, config.dateFormat) : '';
  return [date, config.showReadingTime ? `${readingTime} min` : '']
    .filter(Boolean)
    .join('\u00a0·\u00a0');
}

/** A post page's header: its title and the meta line, as the export writes it. */
export function postHeaderHtml(
  meta: Pick<PostMeta, 'title' | 'date'>,
  readingTime: number,
  config: Pick<SiteConfig, 'dateFormat' | 'showReadingTime'>,
): string {
  return `<header class="post-header"><h1 class="post-title">${renderTitleHtml(meta.title)}</h1>
<div class="post-meta">${esc(postMetaLine(meta, readingTime, config))}</div></header>`;
}
