import { describe, expect, it } from 'vitest';
import { buildSite, createBuildMemo } from '../../../shared/site/build.ts';
import type { DerivedPost } from '../../../shared/site/derive.ts';
import type { SitePost } from '../../../shared/site/listing.ts';
import { day, fakeDerive, sitePost, siteConfig } from '../../helpers/posts.ts';

const asOf = day('2024-06-01');
const posts = [
  sitePost('content/posts/a.md', {
    title: 'A',
    date: '2024-05-01',
    tags: ['go'],
    aliases: ['/old-a/'],
  }),
  sitePost('content/posts/b.md', { title: 'B', date: '2024-05-02' }),
  sitePost('content/posts/c/index.md', { title: 'C', date: '2024-05-03' }),
];
const derive = (p: SitePost) => fakeDerive(p);

describe('buildSite: plan -> render -> feeds, then static/', () => {
  const site = buildSite(posts, siteConfig(), { asOf }, derive, {
    contentFiles: ['content/posts/c/pic.png', 'content/files/doc.pdf'],
    staticFiles: ['robots.txt', 'favicon.ico'],
  });

  const files: [string, boolean][] = [
    ['index.html', true],
    ['posts/a/index.html', true],
    ['posts/c/index.html', true],
    ['posts/index.html', true],
    ['tags/go/index.html', true],
    ['tags/index.html', true],
    ['archives/index.html', true],
    ['old-a/index.html', true],
    ['page/1/index.html', true],
    ['index.xml', true],
    ['posts/index.xml', true],
    ['tags/go/index.xml', true],
    ['sitemap.xml', true],
    // The site's own robots.txt is copied over the generated one.
    ['robots.txt', false],
  ];
  it.each(files)('writes %s: %s', (f, want) => expect(site.files.has(f)).toBe(want));

  it('copies resources, content files and static files (static wins)', () => {
    expect(site.copies).toEqual([
      { from: 'static/favicon.ico', to: 'favicon.ico' },
      { from: 'content/files/doc.pdf', to: 'files/doc.pdf' },
      { from: 'content/posts/c/pic.png', to: 'posts/c/pic.png' },
      { from: 'static/robots.txt', to: 'robots.txt' },
    ]);
  });

  it('alias pages redirect to the absolute URL of their page', () => {
    expect(site.files.get('old-a/index.html')).toContain(
      'content="0; url=https://example.org/posts/a/"',
    );
  });

  it('the sitemap lists pages, not redirects or later list pages', () => {
    const sm = site.files.get('sitemap.xml')!;
    expect(sm).toContain('<loc>https://example.org/posts/a/</loc>');
    expect(sm).not.toContain('old-a');
    expect(sm).not.toContain('page/1');
  });

  const kinds: [string, string][] = [
    ['404', '404.html'],
    ['sitemap', 'sitemap.xml'],
    ['rss', 'index.xml'],
    ['robotstxt', 'robots.txt'],
    ['section', 'posts/index.html'],
  ];
  it.each(kinds)('disableKinds %s leaves out %s', (kind, file) => {
    const off = buildSite(posts, siteConfig({ disableKinds: [kind] }), { asOf }, derive);
    expect(off.files.has(file)).toBe(false);
  });

  it('a collision is reported, never silently dropped', () => {
    const clash = buildSite(
      [...posts, sitePost('content/posts/x.md', { slug: 'a' })],
      siteConfig(),
      { asOf },
      derive,
    );
    expect(clash.collisions.map((c) => c.sources)).toEqual([
      ['content/posts/a.md', 'content/posts/x.md'],
    ]);
    expect(clash.warnings.join('\n')).toContain('content/posts/x.md');
  });
});

describe('the build memo keys on post versions, not object identity', () => {
  it('a memo never changes the output', () => {
    const memo = createBuildMemo();
    const fresh = buildSite(posts, siteConfig(), { asOf }, derive);
    buildSite(posts, siteConfig(), { asOf }, derive, {}, memo);
    const again = buildSite(posts, siteConfig(), { asOf }, derive, {}, memo);
    expect([...again.files]).toEqual([...fresh.files]);
  });

  it('a new version of a post re-renders what shows it; the rest is reused', () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      sitePost(`content/posts/p${String(i).padStart(2, '0')}.md`, {
        title: `P${i}`,
        date: `2024-01-${String(i + 1).padStart(2, '0')}`,
      }),
    );
    const memo = createBuildMemo();
    const seen: string[] = [];
    const counting = (p: SitePost) => {
      seen.push(p.path);
      return fakeDerive(p);
    };
    buildSite(many, siteConfig(), { asOf }, counting, {}, memo);
    expect(seen).toHaveLength(25);
    seen.length = 0;
    // Same versions: nothing is derived again.
    buildSite(many, siteConfig(), { asOf }, counting, {}, memo);
    expect(seen).toEqual([]);
    // The oldest post, retitled with a new version: its page, its neighbour's and the last
    // listing pages are rendered again, not the whole site.
    const changed = many.map((p, i) =>
      i === 0 ? sitePost(p.path, { title: 'P0 again', date: '2024-01-01' }, '2') : p,
    );
    const site = buildSite(changed, siteConfig(), { asOf }, counting, {}, memo);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(10);
    expect(site.files.get('posts/p00/index.html')).toContain('P0 again');
    expect(site.files.get('page/3/index.html')).toContain('P0 again');
  });

  it('a derive that returns one shared object still lists each post once', () => {
    const shared: DerivedPost = fakeDerive(posts[0]!);
    const site = buildSite(posts, siteConfig(), { asOf }, () => shared, {}, createBuildMemo());
    const archive = site.files.get('archives/index.html')!;
    for (const p of ['posts/a/', 'posts/b/', 'posts/c/'])
      expect(archive.split(`href="../${p}"`).length - 1, p).toBe(1);
  });
});
