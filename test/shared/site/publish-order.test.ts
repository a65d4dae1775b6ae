import { describe, expect, it } from 'vitest';
import { compareDefault, sortDefault } from '../../../shared/site/order.ts';
import { asOfToday, hiddenReason, isListed, parseAsOf } from '../../../shared/site/publish.ts';
import { sitePost } from '../../helpers/posts.ts';

describe('publish rules as of a date', () => {
  const asOf = parseAsOf('2024-06-01');
  const cases: [string, Record<string, unknown>, string | null][] = [
    ['published', { date: '2024-06-01' }, null],
    ['draft', { draft: true }, 'draft'],
    ['draft as text', { draft: 'yes' }, 'draft'],
    ['scheduled by date', { date: '2024-06-02' }, 'scheduled'],
    ['scheduled by publishDate', { date: '2024-01-01', publishDate: '2024-07-01' }, 'scheduled'],
    ['late the same day in its own zone', { date: '2024-06-01T23:59:00+14:00' }, null],
    ['expired that day', { expiryDate: '2024-06-01' }, 'expired'],
    ['expires tomorrow', { expiryDate: '2024-06-02' }, null],
  ];
  it.each(cases)('%s', (_name, fm, want) => {
    expect(hiddenReason(sitePost('content/posts/a.md', fm).meta, asOf)).toBe(want);
  });

  const options: [string, Record<string, unknown>, object, boolean][] = [
    ['a draft with drafts', { draft: true }, { drafts: true }, true],
    [
      'a scheduled draft with drafts only',
      { draft: true, date: '2025-01-01' },
      { drafts: true },
      false,
    ],
    [
      'a scheduled draft with drafts and future',
      { draft: true, date: '2025-01-01' },
      { drafts: true, future: true },
      true,
    ],
    ['expired with expired', { expiryDate: '2020-01-01' }, { expired: true }, true],
  ];
  it.each(options)('%s', (_name, fm, opts, want) => {
    expect(isListed(sitePost('content/posts/a.md', fm).meta, asOf, opts)).toBe(want);
  });

  const asOfs: [string, object][] = [
    ['2024-06-01', { day: '2024-06-01', instant: null }],
    ['2024-06-01T10:00:00Z', { day: '2024-06-01', instant: Date.UTC(2024, 5, 1, 10) }],
  ];
  it.each(asOfs)('parseAsOf(%s)', (v, want) => expect(parseAsOf(v)).toEqual(want));
  it('parseAsOf refuses a non-date with a hint', () =>
    expect(() => parseAsOf('soon')).toThrow(/"soon" is not a date \(use YYYY-MM-DD\)/));
  it("today is the clock's day in the given zone", () =>
    expect(asOfToday(Date.UTC(2024, 0, 1, 23, 30), 60).day).toBe('2024-01-02'));
});

describe("Hugo's default order", () => {
  const p = (name: string, fm: Record<string, unknown>) => sitePost(`content/posts/${name}.md`, fm);
  const cases: [string, ReturnType<typeof p>[], string[]][] = [
    [
      'weight first, 0 last',
      [p('a', { weight: 0 }), p('b', { weight: 2 }), p('c', { weight: 1 })],
      ['c', 'b', 'a'],
    ],
    ['newest first', [p('a', { date: '2024-01-01' }), p('b', { date: '2024-02-01' })], ['b', 'a']],
    ['same second: title', [p('a', { title: 'Zed' }), p('b', { title: 'Alpha' })], ['b', 'a']],
    [
      'linktitle before title',
      [p('a', { title: 'A', linkTitle: 'Z' }), p('b', { title: 'B' })],
      ['b', 'a'],
    ],
    ['equal everything: path', [p('b', {}), p('a', {})], ['a', 'b']],
    ['undated last', [p('a', { date: null }), p('b', { date: '1990-01-01' })], ['b', 'a']],
  ];
  it.each(cases)('%s', (_name, posts, want) => {
    expect(sortDefault(posts).map((x) => x.baseName)).toEqual(want);
    expect([...posts].sort(compareDefault).map((x) => x.baseName)).toEqual(want);
  });
});
