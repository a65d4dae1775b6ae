import { describe, expect, it } from 'vitest';
import {
  archiveGroups,
  listingEntry,
  listingPage,
  parseListingSpec,
  specName,
} from '../../../shared/site/listing.ts';
import { planSite } from '../../../shared/site/plan.ts';
import { day, fakeDerive, sitePost, siteConfig } from '../../helpers/posts.ts';

const config = siteConfig({ taxonomies: { tag: 'tags', series: 'series' } });

describe('parseListingSpec', () => {
  const cases: [string, object][] = [
    ['', { kind: 'home' }],
    ['home', { kind: 'home' }],
    ['/archives/', { kind: 'archive' }],
    ['tags', { kind: 'terms', taxonomy: 'tags' }],
    ['tags/Go Lang', { kind: 'term', taxonomy: 'tags', term: 'Go Lang' }],
    ['series/s-one', { kind: 'term', taxonomy: 'series', term: 's-one' }],
    ['posts', { kind: 'section', section: 'posts' }],
    ['posts/2022', { kind: 'section', section: 'posts/2022' }],
  ];
  it.each(cases)('"%s"', (page, want) => {
    const spec = parseListingSpec(page, config);
    expect(spec).toEqual(want);
    if (page) expect(parseListingSpec(specName(spec), config)).toEqual(spec);
  });
});

describe('listingPage reads the plan', () => {
  const posts = Array.from({ length: 12 }, (_, i) =>
    sitePost(`content/posts/p${String(i).padStart(2, '0')}.md`, {
      title: `Post ${i}`,
      date: `2024-01-${String(i + 1).padStart(2, '0')}`,
      tags: i % 2 ? ['odd'] : [],
    }),
  );
  const plan = planSite(posts, config, { asOf: day('2024-06-01') });
  const mode = 'paragraph' as const;

  const pages: [
    string,
    number,
    { totalPages: number; url: string; first: string; count: number },
  ][] = [
    ['home', 1, { totalPages: 2, url: '/', first: 'Post 11', count: 10 }],
    ['home', 2, { totalPages: 2, url: '/page/2/', first: 'Post 1', count: 2 }],
    ['tags/odd', 1, { totalPages: 1, url: '/tags/odd/', first: 'Post 11', count: 6 }],
    ['archive', 1, { totalPages: 1, url: '/archives/', first: 'Post 11', count: 12 }],
  ];
  it.each(pages)('%s page %i', (name, n, want) => {
    const page = listingPage(
      plan,
      { spec: parseListingSpec(name, config), pageNumber: n, mode },
      fakeDerive,
    );
    expect({
      totalPages: page.totalPages,
      url: page.url,
      first: page.entries[0]?.title,
      count: page.entries.length,
    }).toEqual(want);
  });

  const errors: [string, number, RegExp][] = [
    [
      'nope',
      1,
      /"nope" is not a listing on this site as of 2024-06-01; there are: home, archive, posts/,
    ],
    ['tags/nope', 1, /"tags\/nope" is not a listing/],
    ['home', 3, /page 3 does not exist: home has 2 pages/],
  ];
  it.each(errors)('%s page %i is an error', (name, n, want) => {
    expect(() =>
      listingPage(plan, { spec: parseListingSpec(name, config), pageNumber: n, mode }, fakeDerive),
    ).toThrow(want);
  });

  it('a disabled kind says so', () => {
    const off = planSite(posts, siteConfig({ disableKinds: ['term'] }), {
      asOf: day('2024-06-01'),
    });
    expect(() =>
      listingPage(
        off,
        { spec: parseListingSpec('tags/odd', config), pageNumber: 1, mode },
        fakeDerive,
      ),
    ).toThrow(/disableKinds has "term"/);
  });
});

describe('listingEntry and archiveGroups', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['date and minutes', { date: '2024-01-06' }, {}, 'January 6, 2024\u00a0·\u00a01 min'],
    [
      'no reading time',
      { date: '2024-01-06' },
      { params: { ShowReadingTime: false } },
      'January 6, 2024',
    ],
    [
      'custom date format',
      { date: '2024-01-06' },
      { params: { DateFormat: '2006-01-02' } },
      '2024-01-06\u00a0·\u00a01 min',
    ],
    ['undated', { date: null }, {}, '1 min'],
  ];
  it.each(cases)('%s', (_name, fm, raw, want) => {
    const p = sitePost('content/posts/a.md', fm);
    expect(listingEntry(p, fakeDerive(p), siteConfig(raw)).meta).toBe(want);
  });

  it('groups by year then month, keeping order', () => {
    const posts = ['2024-03-02', '2024-03-01', '2024-01-05', '2023-12-31'].map((d, i) =>
      sitePost(`content/posts/${i}.md`, { date: d }),
    );
    expect(
      archiveGroups(posts).map(
        (y) => `${y.year}: ${y.months.map((m) => `${m.month}x${m.posts.length}`).join(' ')}`,
      ),
    ).toEqual(['2024: 3x2 1x1', '2023: 12x1']);
  });
});
