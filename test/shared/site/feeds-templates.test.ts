import { describe, expect, it } from 'vitest';
import { robotsTxt, rss, sitemap, xml } from '../../../shared/site/feeds.ts';
import { entryHtml, paginationHtml } from '../../../shared/site/templates.ts';
import { fakeDerive, sitePost, siteConfig } from '../../helpers/posts.ts';

describe('feeds', () => {
  const cases: [string, string][] = [
    ['a & b', 'a &amp; b'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    [`"it's"`, '&quot;it&apos;s&quot;'],
  ];
  it.each(cases)('xml(%s)', (s, want) => expect(xml(s)).toBe(want));

  it('RSS: newest first, limited, titles and HTML summaries escaped, absolute links', () => {
    const posts = [1, 2, 3].map((i) =>
      sitePost(`content/posts/p${i}.md`, { title: `P${i} <b>`, date: `2024-01-0${i}` }),
    );
    const text = rss(
      siteConfig({ rssLimit: 2 }),
      'https://example.org/blog/',
      '/tags/go/',
      'Go & more',
      posts,
      (p) => `/posts/${p.baseName}/`,
      fakeDerive,
    );
    expect(text).toContain('<title>Go &amp; more</title>');
    expect(text).toContain('<atom:link href="https://example.org/blog/tags/go/index.xml"');
    expect(text.match(/<item>/g)).toHaveLength(2);
    expect(text).toContain('<link>https://example.org/blog/posts/p1/</link>');
    expect(text).not.toContain('<b>');
  });

  it('sitemap: sorted absolute URLs with lastmod', () => {
    const text = sitemap(
      'https://example.org/',
      ['/posts/a/', '/'],
      new Map([['/posts/a/', '2024-01-01T00:00:00Z']]),
    );
    expect(text.indexOf('<loc>https://example.org/</loc>')).toBeLessThan(text.indexOf('posts/a'));
    expect(text).toContain(
      '<loc>https://example.org/posts/a/</loc><lastmod>2024-01-01T00:00:00Z</lastmod>',
    );
  });

  it('robots.txt names the sitemap', () =>
    expect(robotsTxt('https://example.org/b/')).toContain(
      'Sitemap: https://example.org/b/sitemap.xml',
    ));
});

describe('templates', () => {
  it('escapes every entry field', () => {
    const html = entryHtml(
      {
        title: '<x>',
        summary: '"s"',
        truncated: true,
        date: '',
        readingTime: 1,
        meta: '&',
        file: 'a"b',
      },
      '../a/?q="1"',
      true,
    );
    expect(html).toContain('&lt;x&gt;');
    expect(html).toContain('&quot;s&quot;...');
    expect(html).toContain('data-file="a&quot;b"');
    expect(html).not.toContain('"1"');
  });
  const pager: [string | null, string | null, string][] = [
    [null, null, ''],
    ['../', null, '<nav class="pagination"><a class="prev" href="../">&laquo; Prev</a></nav>'],
    [
      null,
      'page/2/',
      '<nav class="pagination"><a class="next" href="page/2/">Next &raquo;</a></nav>',
    ],
  ];
  it.each(pager)('pagination %s %s', (prev, next, want) =>
    expect(paginationHtml(prev, next)).toBe(want),
  );
});
