import { describe, expect, it } from 'vitest';
import { pageCount, paginate } from '../../../shared/site/paginate.ts';

const items = Array.from({ length: 23 }, (_, i) => i + 1);

describe('paginate: one paginator for every list', () => {
  const cases: [string, number, number, boolean, object | null][] = [
    [
      'page 1',
      10,
      1,
      false,
      { pageNumber: 1, totalPages: 3, url: '/tags/go/', prev: null, next: '/tags/go/page/2/' },
    ],
    [
      'a middle page',
      10,
      2,
      false,
      {
        pageNumber: 2,
        totalPages: 3,
        url: '/tags/go/page/2/',
        prev: '/tags/go/',
        next: '/tags/go/page/3/',
      },
    ],
    [
      'the last page holds the rest',
      10,
      3,
      false,
      {
        pageNumber: 3,
        totalPages: 3,
        url: '/tags/go/page/3/',
        prev: '/tags/go/page/2/',
        next: null,
      },
    ],
    [
      'ugly URLs',
      10,
      2,
      true,
      { url: '/tags/go/page/2.html', prev: '/tags/go.html', next: '/tags/go/page/3.html' },
    ],
    ['page 0 does not exist', 10, 0, false, null],
    ['past the end does not exist', 10, 4, false, null],
    ['not a whole number', 10, 1.5, false, null],
  ];
  it.each(cases)('%s', (_name, size, n, ugly, want) => {
    const page = paginate(items, size, n, '/tags/go/', ugly);
    if (want === null) expect(page).toBeNull();
    else expect(page).toMatchObject(want);
  });

  it('slices in order', () => {
    expect(paginate(items, 10, 3, '/')!.items).toEqual([21, 22, 23]);
  });

  const counts: [number, number, number][] = [
    [0, 10, 1],
    [10, 10, 1],
    [11, 10, 2],
    [5, 0, 5],
  ];
  it.each(counts)('%i items at %i a page make %i pages', (count, size, want) =>
    expect(pageCount(count, size)).toBe(want),
  );
});
