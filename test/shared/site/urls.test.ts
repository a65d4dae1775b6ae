import { describe, expect, it } from 'vitest';
import { rng } from '../../helpers/random.ts';
import {
  absoluteUrl,
  listUrl,
  outputFile,
  pagerUrl,
  postUrl,
  relativeUrl,
  resolvePostLink,
} from '../../../shared/site/urls.ts';
import { sitePost, siteConfig } from '../../helpers/posts.ts';

// Expected values are what Hugo 0.111 wrote for the same files (see hugo-parity-urls).
const permalinks = {
  posts: '/:section/:year/:month/:day/:slug/',
  notes: '/:sections/:monthname/:weekday/:yearday/:title/',
  blog: '/:year/:filename/',
  misc: '/:sections[1:]/:slugorfilename/',
  docs: '/:sections[last]/:contentbasename/',
};

describe('postUrl: a post URL by Hugo rules', () => {
  const cases: [string, string, Record<string, unknown>, string | undefined, string][] = [
    ['default: folder and file name', 'content/posts/a.md', {}, undefined, '/posts/a/'],
    [
      'a nested folder stays in the URL',
      'content/posts/2022/faq.md',
      {},
      undefined,
      '/posts/2022/faq/',
    ],
    [
      'a bundle is its folder',
      'content/posts/my-bundle/index.md',
      {},
      undefined,
      '/posts/my-bundle/',
    ],
    [
      'slug replaces the file name',
      'content/posts/2022/a.md',
      { slug: 'Why Not' },
      undefined,
      '/posts/2022/why-not/',
    ],
    [
      'spaces and case in the file name',
      'content/docs/Guide Page.md',
      {},
      undefined,
      '/docs/guide-page/',
    ],
    ['a top-level page', 'content/about.md', {}, undefined, '/about/'],
    [
      'url as written, case kept',
      'content/docs/x.md',
      { url: '/Custom/Path' },
      undefined,
      '/Custom/Path/',
    ],
    ['url with a file name', 'content/docs/x.md', { url: 'feed.xml' }, undefined, '/feed.xml'],
    [
      'a dot in a file name is no extension',
      'content/posts/about-3li3.com.md',
      {},
      undefined,
      '/posts/about-3li3.com/',
    ],
    ['a top-level bundle is in no section', 'content/about/index.md', {}, undefined, '/about/'],
  ];
  it.each(cases)('%s', (_name, path, fm, _s, want) => {
    expect(postUrl(sitePost(path, fm), siteConfig())).toBe(want);
  });

  const tokens: [string, string, Record<string, unknown>, string, string][] = [
    [
      ':section :year :month :day :slug',
      'content/posts/a.md',
      { date: '2021-03-04', slug: 'My Slug' },
      'posts',
      '/posts/2021/03/04/my-slug/',
    ],
    [
      ':slug falls back to the title',
      'content/posts/b.md',
      { date: '2021-03-05T10:00:00Z', title: 'Hello World: Part 2' },
      'posts',
      '/posts/2021/03/05/hello-world-part-2/',
    ],
    [
      ':sections :monthname :weekday :yearday :title',
      'content/notes/n1.md',
      { date: '2023-07-09', title: 'Note One!' },
      'notes',
      '/notes/july/0/190/note-one/',
    ],
    [
      ':sections of a nested section',
      'content/notes/sub/n2.md',
      { date: '2023-07-10', title: 'Note Two' },
      'notes/sub',
      '/notes/sub/july/1/191/note-two/',
    ],
    [
      ':yearday is not padded',
      'content/notes/plain/n3.md',
      { date: '2023-01-05', title: 'Note Three' },
      'notes',
      '/notes/january/4/5/note-three/',
    ],
    [':filename is lowercased', 'content/blog/B1.md', { date: '2018-05-06' }, 'blog', '/2018/b1/'],
    [
      ':filename of a bundle is its folder',
      'content/blog/Trip/index.md',
      { date: '2018-05-06' },
      'blog',
      '/2018/trip/',
    ],
    [
      ':sections[1:] and :slugorfilename',
      'content/misc/deep/p.md',
      { slug: 'S' },
      'misc/deep',
      '/deep/s/',
    ],
    [
      ':sections[last] and :contentbasename',
      'content/docs/a/b/Page.md',
      {},
      'docs/a/b',
      '/b/page/',
    ],
    [
      'undated: Go zero time',
      'content/posts/u.md',
      { date: null, slug: 'u' },
      'posts',
      '/posts/1/01/01/u/',
    ],
  ];
  it.each(tokens)('permalinks %s', (_name, path, fm, sectionPath, want) => {
    expect(postUrl(sitePost(path, fm), siteConfig({ permalinks }), sectionPath)).toBe(want);
  });

  const ugly: [string, string, Record<string, unknown>, string][] = [
    ['a page', 'content/docs/Guide Page.md', {}, '/docs/guide-page.html'],
    [
      'a permalink',
      'content/posts/a.md',
      { date: '2021-03-04', slug: 'My Slug' },
      '/posts/2021/03/04/my-slug.html',
    ],
    ['a bundle', 'content/other/bb/index.md', { slug: 'Bee Bee' }, '/other/bee-bee.html'],
    ['url is kept as a folder', 'content/docs/x.md', { url: '/Custom/Path' }, '/Custom/Path/'],
  ];
  it.each(ugly)('uglyURLs: %s', (_name, path, fm, want) => {
    expect(postUrl(sitePost(path, fm), siteConfig({ permalinks, uglyURLs: true }))).toBe(want);
  });

  // Observed with Hugo 0.111: titles and slugs through permalinks lose `+` (Hugo unescapes
  // the expanded permalink as a query); file names and terms keep it.
  const titles: [string, string, string][] = [
    ['C++ & Go: part 14', '/n/c-go-part-14/', '/docs/c++-go-part-14/'],
    ['C++', '/n/c-/', '/docs/c++/'],
    ['a+b', '/n/a-b/', '/docs/a+b/'],
    ['a  b', '/n/a-b/', '/docs/a-b/'],
    ['a - b', '/n/a-b/', '/docs/a-b/'],
    ['-x y-', '/n/-x-y-/', '/docs/-x-y-/'],
    ['Vim (text editor)', '/n/vim-text-editor/', '/docs/vim-text-editor/'],
    ['x_y.z~w#q', '/n/x_y.z~w#q/', '/docs/x_y.z~w#q/'],
    ['50% off', '/n/50-off/', '/docs/50-off/'],
    ['Ünïcode Title', '/n/ünïcode-title/', '/docs/ünïcode-title/'],
  ];
  it.each(titles)('"%s" as a :title is %s, as a file name %s', (title, asTitle, asFile) => {
    const config = siteConfig({ permalinks: { notes: '/n/:title/' } });
    expect(postUrl(sitePost('content/notes/x.md', { title }), config)).toBe(asTitle);
    expect(postUrl(sitePost(`content/docs/${title}.md`), config)).toBe(asFile);
  });

  it('a slug is trimmed of hyphens', () => {
    const config = siteConfig({ permalinks: { posts: '/p/:slug/' } });
    expect(postUrl(sitePost('content/posts/x.md', { slug: '-lead and trail-' }), config)).toBe(
      '/p/lead-and-trail/',
    );
  });

  it('disablePathToLower keeps the case of file names', () => {
    expect(
      postUrl(sitePost('content/docs/Guide Page.md'), siteConfig({ disablePathToLower: true })),
    ).toBe('/docs/Guide-Page/');
  });
});

describe('URL helpers', () => {
  const files: [string, string][] = [
    ['/', 'index.html'],
    ['/posts/a/', 'posts/a/index.html'],
    ['/posts/a.html', 'posts/a.html'],
    ['/feed.xml', 'feed.xml'],
  ];
  it.each(files)('outputFile(%s) = %s', (url, want) => expect(outputFile(url)).toBe(want));

  const pagers: [string, number, boolean, string][] = [
    ['/', 1, false, '/'],
    ['/', 2, false, '/page/2/'],
    ['/posts/', 3, false, '/posts/page/3/'],
    ['/posts/', 1, true, '/posts.html'],
    ['/posts/', 2, true, '/posts/page/2.html'],
    ['/', 1, true, '/'],
  ];
  it.each(pagers)('pagerUrl(%s, %i, ugly %s) = %s', (dir, n, u, want) =>
    expect(pagerUrl(dir, n, u)).toBe(want),
  );
  it('listUrl is page 1', () => expect(listUrl('/tags/go/', true)).toBe('/tags/go.html'));

  const rel: [string, string, string][] = [
    ['/', '/posts/a/', 'posts/a/'],
    ['/posts/a/', '/tags/go/', '../../tags/go/'],
    ['/posts/a/', '/posts/a/', './'],
    ['/posts/a.html', '/posts/b.html', 'b.html'],
    ['/tags/go/page/2/', '/tags/go/', '../../'],
    ['/a/', '/b/#x', '../b/#x'],
    ['/a/b.html', '/a/#x#y', './#x'],
    ['/a/', '//a//c/', 'c/'],
    ['/a/b.html', '/a/b.html', 'b.html'],
  ];
  it.each(rel)('relativeUrl(%s, %s) = %s', (from, to, want) =>
    expect(relativeUrl(from, to)).toBe(want),
  );

  it('relativeUrl takes its folder shortcut only where splitting gives the same link', () => {
    // Reference: the split-into-segments form the shortcut for `/a/b/` URLs stands in for.
    const reference = (fromUrl: string, toUrl: string) => {
      const dir = fromUrl.endsWith('/') ? fromUrl : fromUrl.slice(0, fromUrl.lastIndexOf('/') + 1);
      const from = dir.split('/').filter(Boolean);
      const [toPath = '', hash = ''] = toUrl.split('#');
      const to = toPath.split('/').filter(Boolean);
      let i = 0;
      while (i < from.length && i < to.length && from[i] === to[i]) i++;
      let r = '../'.repeat(from.length - i) + to.slice(i).join('/');
      if (toPath.endsWith('/') && to.length > i) r += '/';
      if (r === '') r = './';
      return hash ? `${r}#${hash}` : r;
    };
    const cases: [string, string][] = [
      ['/a/', '/a'],
      ['/a/', '/a/'],
      ['/a.b/', '/a.b/x/'],
      ['/a/b/', '/a/'],
      ['/a/', '/a/b/c/'],
      ['/ab/', '/a/'],
      ['/a/', '/ab/'],
      ['/', '/'],
      ['/posts/page/2/', '/posts/pag/'],
      ['/x.html', '/y/'],
      ['a/', '/a/'],
    ];
    for (const [from, to] of cases)
      expect(relativeUrl(from, to), `${from} -> ${to}`).toBe(reference(from, to));
    // Mostly folder URLs from the root (the shortcut), with the other kinds mixed in.
    const parts = ['a', 'ab', 'a.b', 'page', '2', 'x.html', '', 'é', '#f', 'b'];
    const r = rng(5);
    const url = () => {
      const segs = Array.from({ length: r.int(5) }, () => r.pick(parts));
      return `${r.chance(0.9) ? '/' : ''}${segs.join('/')}${r.chance(0.8) ? '/' : ''}`;
    };
    const plain = (u: string) =>
      u.startsWith('/') && u.endsWith('/') && !u.includes('#') && !u.includes('//');
    let shortcut = 0;
    for (let k = 0; k < 5000; k++) {
      const from = url();
      for (let j = 0; j < 3; j++) {
        const to = url();
        if (plain(from) && plain(to)) shortcut++;
        expect(relativeUrl(from, to), `${from} -> ${to}`).toBe(reference(from, to));
      }
    }
    expect(shortcut).toBeGreaterThan(2000);
  });

  it('absoluteUrl keeps a base path', () => {
    expect(absoluteUrl('https://example.org/blog', '/posts/a/')).toBe(
      'https://example.org/blog/posts/a/',
    );
  });

  const links: [string, string][] = [
    ['https://x.org/', 'https://x.org/'],
    ['#top', '#top'],
    ['/posts/b/', '../b/'],
    ['pic.png', 'pic.png'],
  ];
  it.each(links)('resolvePostLink on /posts/a/: %s -> %s', (url, want) =>
    expect(resolvePostLink('/posts/a/', url)).toBe(want),
  );
});
