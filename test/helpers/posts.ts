import { toPostMeta } from '../../shared/content/post.ts';
import { normalizeSiteConfig } from '../../shared/site/config.ts';
import type { SiteConfig } from '../../shared/site/config.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import type { SitePost } from '../../shared/site/listing.ts';
import { parseAsOf } from '../../shared/site/publish.ts';

/**
 * A post as the index makes it, from its site path and front matter: section from its
 * first folder under content/, bundle when it is an `index.md`.
 */
export function sitePost(path: string, fm: Record<string, unknown> = {}, version = '1'): SitePost {
  const parts = path.split('/');
  const inContent = parts[0] === 'content' ? parts.slice(1) : parts;
  const bundle = /^index\.(md|markdown)$/i.test(parts[parts.length - 1]!);
  return {
    path,
    section: inContent.length > 1 ? inContent[0]! : '',
    bundle,
    baseName: bundle ? parts[parts.length - 2]! : parts[parts.length - 1]!.replace(/\.\w+$/, ''),
    meta: toPostMeta({ title: 'T', date: '2024-01-01', ...fm }),
    version,
  };
}

/** A site config from raw Hugo keys, with Hugo's defaults. */
export function siteConfig(raw: Record<string, unknown> = {}): SiteConfig {
  return normalizeSiteConfig({ title: 'Site', baseURL: 'https://example.org/', ...raw });
}

/** As of a day (YYYY-MM-DD). */
export const day = parseAsOf;

/** A cheap derive for pure tests: the title as the body. */
export function fakeDerive(p: SitePost): DerivedPost {
  return {
    html: `<p>${p.meta.title}</p>`,
    plain: p.meta.title,
    wordCount: 1,
    readingTime: 1,
    summaryHtml: p.meta.title,
    summary: p.meta.title,
    summaryType: 'auto',
    truncated: false,
  };
}
