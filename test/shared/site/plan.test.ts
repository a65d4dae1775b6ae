import { describe, expect, it } from 'vitest';
import {
  aliasHtml,
  aliasUrl,
  listingNames,
  mainSections,
  planList,
  planPage,
  planSite,
  planUrl,
  whereInPlan,
} from '../../../shared/site/plan.ts';
import type { PlanOptions } from '../../../shared/site/plan.ts';
import { day, sitePost, siteConfig } from '../../helpers/posts.ts';

const asOf = day('2024-06-01');
const paths = (list: { path: string }[] | undefined) => list?.map((p) => p.path);

describe('planSite: the published set', () => {
  const posts = [
    sitePost('content/posts/live.md', { date: '2024-05-01' }),
    sitePost('content/posts/draft.md', { date: '2024-05-01', draft: true }),
    sitePost('content/posts/future.md', { date: '2024-07-01' }),
    sitePost('content/posts/expired.md', { date: '2024-01-01', expiryDate: '2024-05-31' }),
  ];
  const cases: [string, Omit<PlanOptions, 'asOf'>, string[]][] = [
    ['as of the date', {}, ['content/posts/live.md']],
    ['with drafts', { drafts: true }, ['content/posts/draft.md', 'content/posts/live.md']],
    ['with future posts', { future: true }, ['content/posts/future.md', 'content/posts/live.md']],
    [
      'with expired posts',
      { expired: true },
      ['content/posts/live.md', 'content/posts/expired.md'],
    ],
  ];
  it.each(cases)('%s', (_name, options, want) => {
    expect(paths(planSite(posts, siteConfig(), { asOf, ...options }).published)).toEqual(want);
  });

  it('disableKinds page: no pages and empty lists', () => {
    const plan = planSite(posts, siteConfig({ disableKinds: ['page'] }), { asOf });
    expect(plan.published).toEqual([]);
    expect(plan.home?.posts).toEqual([]);
  });
});

describe('planSite: lists', () => {
  const posts = [
    sitePost('content/posts/a.md', { date: '2024-05-03', tags: ['Go', 'k8s'], series: 'S One' }),
    sitePost('content/posts/b.md', { date: '2024-05-02', tags: ['go'] }),
    sitePost('content/posts/2022/c.md', { date: '2024-05-01' }),
    sitePost('content/posts/nested/d.md', { date: '2024-05-04' }),
    sitePost('content/posts/nested/e/index.md', { date: '2024-05-05' }),
    sitePost('content/notes/n.md', { date: '2024-05-06', tags: ['Go'] }),
    sitePost('content/about.md', { date: '2020-01-01' }),
  ];
  const config = siteConfig({
    taxonomies: { tag: 'tags', series: 'series' },
    pagination: { pagerSize: 2 },
  });
  const plan = planSite(posts, config, { asOf }, { sectionDirs: ['posts/nested'] });

  const lists: [string, string[] | undefined][] = [
    // The largest section is the home page's when params.mainSections is not set.
    [
      'home',
      [
        'content/posts/nested/e/index.md',
        'content/posts/nested/d.md',
        'content/posts/a.md',
        'content/posts/b.md',
        'content/posts/2022/c.md',
      ],
    ],
    ['posts', ['content/posts/a.md', 'content/posts/b.md', 'content/posts/2022/c.md']],
    ['posts/nested', ['content/posts/nested/e/index.md', 'content/posts/nested/d.md']],
    ['notes', ['content/notes/n.md']],
    ['tags/go', ['content/notes/n.md', 'content/posts/a.md', 'content/posts/b.md']],
    ['tags/k8s', ['content/posts/a.md']],
    ['series/s-one', ['content/posts/a.md']],
    [
      'archive',
      [
        'content/posts/nested/e/index.md',
        'content/posts/nested/d.md',
        'content/posts/a.md',
        'content/posts/b.md',
        'content/posts/2022/c.md',
      ],
    ],
    ['tags/nope', undefined],
    ['posts/2022', undefined],
  ];
  it.each(lists)('%s', (name, want) => expect(paths(plan.lists.get(name)?.posts)).toEqual(want));

  it('names every listing once, in picker order', () => {
    expect(listingNames(plan)).toEqual([
      'home',
      'archive',
      'notes',
      'posts',
      'posts/nested',
      'tags',
      'tags/go',
      'tags/k8s',
      'series',
      'series/s-one',
    ]);
    expect(listingNames(plan, { indexes: false })).not.toContain('tags');
  });

  it('a term keeps the name first written and its URL segment', () => {
    const term = plan.taxonomies[0]!.terms.find((t) => t.slug === 'go')!;
    expect([term.name, term.count, term.list.url]).toEqual(['Go', 3, '/tags/go/']);
  });

  const pages: [string, number, string[] | null][] = [
    ['home', 1, ['content/posts/nested/e/index.md', 'content/posts/nested/d.md']],
    ['home', 3, ['content/posts/2022/c.md']],
    ['home', 4, null],
    ['archive', 1, paths(plan.archive!.posts)!],
  ];
  it.each(pages)('%s page %i', (name, n, want) => {
    const page = planPage(plan, plan.lists.get(name)!, n);
    expect(page ? paths(page.items) : null).toEqual(want);
  });

  const where: [string, string[]][] = [
    [
      'content/posts/a.md',
      ['home 2', 'posts 1', 'tags/go 1', 'tags/k8s 1', 'series/s-one 1', 'archive 1'],
    ],
    ['content/about.md', []],
  ];
  it.each(where)('where %s lands', (path, want) => {
    expect(whereInPlan(plan, path).map((w) => `${w.name} ${w.pageNumber}`)).toEqual(want);
  });

  const specs: [string, Parameters<typeof planList>[1], string | null][] = [
    ['home', { kind: 'home' }, 'home'],
    ['a term by display name', { kind: 'term', taxonomy: 'tags', term: 'Go' }, 'tags/go'],
    ['a nested section', { kind: 'section', section: 'posts/nested' }, 'posts/nested'],
    ['a term is not a section', { kind: 'section', section: 'tags/go' }, null],
    ['an unknown section', { kind: 'section', section: 'nope' }, null],
  ];
  it.each(specs)('planList: %s', (_name, spec, want) => {
    expect(planList(plan, spec)?.name ?? null).toBe(want);
  });

  it('mainSections from the config wins over the largest section', () => {
    expect(mainSections(posts, siteConfig({ params: { mainSections: ['notes'] } }))).toEqual([
      'notes',
    ]);
  });
});

describe('planSite: URLs, aliases, copies and collisions', () => {
  it('pages get Hugo URLs, nested sections feed :sections', () => {
    const plan = planSite(
      [sitePost('content/notes/sub/n2.md', { date: '2023-07-10', title: 'Note Two' })],
      siteConfig({ permalinks: { notes: '/:sections/:title/' } }),
      { asOf },
      { sectionDirs: ['notes/sub'] },
    );
    expect(plan.pages.get('content/notes/sub/n2.md')?.url).toBe('/notes/sub/note-two/');
    // A draft is not on the site; planUrl says where it would be.
    expect(planUrl(plan, sitePost('content/notes/x.md', { draft: true }))).toBe('/notes/t/');
  });

  const aliases: [string, string, boolean, string | null][] = [
    ['/old/faq/', '/posts/2022/01/01/faq/', false, '/old/faq/'],
    ['old-rel', '/posts/2022/01/01/faq/', false, '/posts/2022/01/01/old-rel/'],
    ['x/y.html', '/posts/2022/01/01/faq/', false, '/posts/2022/01/01/x/y.html'],
    ['/y-old', '/docs/y/', true, '/y-old.html'],
    ['https://elsewhere.example/', '/a/', false, null],
    ['', '/a/', false, null],
  ];
  it.each(aliases)('alias %s of %s (ugly %s)', (alias, page, ugly, want) => {
    expect(aliasUrl(alias, page, ugly)).toBe(want);
  });

  it("alias pages are Hugo's redirect template", () => {
    const html = aliasHtml('https://example.org/posts/a/', 'en-us');
    expect(html).toContain('<link rel="canonical" href="https://example.org/posts/a/">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain(
      '<meta http-equiv="refresh" content="0; url=https://example.org/posts/a/">',
    );
  });

  it('plans aliases and page-1 redirects', () => {
    const plan = planSite(
      [sitePost('content/posts/a.md', { aliases: ['/old/', 'rel'] })],
      siteConfig(),
      { asOf },
    );
    expect(plan.aliases.map((a) => `${a.file} -> ${a.target}`)).toEqual([
      'page/1/index.html -> /',
      'posts/page/1/index.html -> /posts/',
      'old/index.html -> /posts/a/',
      'posts/rel/index.html -> /posts/a/',
    ]);
  });

  // ouuan/hugo-blog: 18 posts list their own URL among their aliases
  // (`aliases = ["/post/300iq奔北坡", "/300iq奔北坡"]`). Hugo 0.111 writes the page there
  // and builds; Quire reported 18 collisions and its export stopped.
  it('an alias at the post’s own URL is no collision: the page is written there', () => {
    const plan = planSite(
      [
        sitePost('content/post/300iq奔北坡.md', { aliases: ['/post/300iq奔北坡', '/300iq奔北坡'] }),
        sitePost('content/post/b.md', { aliases: ['/post/b/index.html'] }),
      ],
      siteConfig(),
      { asOf },
      {
        sectionDirs: ['post'],
        sectionPages: [{ dir: 'post', title: 'Posts', aliases: ['/post'] }],
      },
    );
    expect(plan.collisions).toEqual([]);
    expect(plan.pages.get('content/post/300iq奔北坡.md')?.rendered).toBe(true);
    expect(plan.aliases.filter((a) => !a.file.includes('page/1/')).map((a) => a.file)).toEqual([
      '300iq奔北坡/index.html',
    ]);
  });

  it('copies bundle resources beside their page and other content files by path', () => {
    const plan = planSite(
      [
        sitePost('content/posts/b/index.md', { slug: 'Bee' }),
        sitePost('content/posts/hidden/index.md', { draft: true }),
      ],
      siteConfig(),
      { asOf },
      {
        contentFiles: [
          'content/posts/b/pic.png',
          'content/posts/b/data/x.json',
          'content/posts/hidden/secret.png',
          'content/Img.PNG',
        ],
      },
    );
    expect(plan.copies).toEqual([
      { from: 'content/Img.PNG', to: 'Img.PNG' },
      { from: 'content/posts/b/data/x.json', to: 'posts/bee/data/x.json' },
      { from: 'content/posts/b/pic.png', to: 'posts/bee/pic.png' },
    ]);
  });

  const collisions: [string, ReturnType<typeof sitePost>[], string[][]][] = [
    [
      'two posts with one slug',
      [sitePost('content/posts/a.md', { slug: 'x' }), sitePost('content/posts/x.md')],
      [['content/posts/a.md', 'content/posts/x.md']],
    ],
    [
      'a post and an alias',
      [sitePost('content/posts/a.md', { aliases: ['/posts/b/'] }), sitePost('content/posts/b.md')],
      [['content/posts/b.md', 'content/posts/a.md (alias /posts/b/)']],
    ],
    [
      'a post and a list page',
      [
        sitePost('content/posts/a.md', { url: '/tags/go/' }),
        sitePost('content/posts/b.md', { tags: ['go'] }),
      ],
      [['the tags/go listing', 'content/posts/a.md']],
    ],
    ['none', [sitePost('content/posts/a.md'), sitePost('content/posts/b.md')], []],
  ];
  it.each(collisions)('collision: %s', (_name, posts, want) => {
    const plan = planSite(posts, siteConfig(), { asOf });
    expect(plan.collisions.map((c) => c.sources)).toEqual(want);
    // The first one keeps the URL; the other is not written (and the export stops).
    for (const c of plan.collisions)
      for (const s of c.sources.slice(1))
        if (plan.pages.has(s)) expect(plan.pages.get(s)!.rendered).toBe(false);
  });

  it('a page laid out as the archive hosts it (PaperMod archives.md)', () => {
    const plan = planSite(
      [
        sitePost('content/archives.md', { layout: 'archives', title: 'Archive' }),
        sitePost('content/posts/a.md'),
      ],
      siteConfig(),
      { asOf },
    );
    expect(plan.archive?.url).toBe('/archives/');
    expect(plan.pages.get('content/archives.md')?.rendered).toBe(false);
    expect(plan.collisions).toEqual([]);
  });

  it('a top-level bundle is a page, not a section; taxonomy folders and an empty archives/ are not sections', () => {
    const plan = planSite(
      [sitePost('content/about/index.md'), sitePost('content/posts/a.md', { tags: ['go'] })],
      siteConfig(),
      { asOf },
      { sectionDirs: ['tags', 'tags/go', 'archives'] },
    );
    expect(plan.sections.map((s) => s.name)).toEqual(['posts']);
    expect(plan.pages.get('content/about/index.md')?.url).toBe('/about/');
    expect(plan.archive?.url).toBe('/archives/');
    expect(plan.collisions).toEqual([]);
  });

  it("a section's _index gives its heading and its aliases", () => {
    const plan = planSite(
      [sitePost('content/topic/go/a.md')],
      siteConfig(),
      { asOf },
      {
        sectionDirs: ['topic/go'],
        sectionPages: [{ dir: 'topic/go', title: 'Go things', aliases: ['/topic/golang/'] }],
      },
    );
    expect(plan.lists.get('topic/go')?.title).toBe('Go things');
    expect(plan.aliases.find((a) => a.url === '/topic/golang/')?.target).toBe('/topic/go/');
  });

  const kinds: [string, (p: ReturnType<typeof planSite>) => unknown, unknown][] = [
    ['home', (p) => [p.home, p.archive], [null, null]],
    ['section', (p) => p.sections, []],
    ['taxonomy', (p) => p.taxonomies[0]!.rendered, false],
    ['term', (p) => p.lists.has('tags/go'), false],
    ['rss', (p) => p.outputs.has('index.xml'), false],
  ];
  it.each(kinds)('disableKinds %s', (kind, read, want) => {
    const plan = planSite(
      [sitePost('content/posts/a.md', { tags: ['go'] })],
      siteConfig({ disableKinds: [kind] }),
      { asOf },
    );
    expect(read(plan)).toEqual(want);
  });
});
