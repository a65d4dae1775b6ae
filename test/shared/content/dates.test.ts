import { describe, expect, it } from 'vitest';
import { formatDate, parseDate } from '../../../shared/content/dates.ts';
import { toPostMeta } from '../../../shared/content/post.ts';

// Each row was checked against Hugo 0.111.3 (`.Date` of a post with that front matter).
const HUGO: [unknown, string | null][] = [
  ['2024-04-09', '2024-04-09T00:00:00 site'],
  ['2024-04-09T10:20:30+02:00', '2024-04-09T10:20:30 +120'],
  ['2024-04-09T9:20:30Z', '2024-04-09T09:20:30 +0'],
  ['2024-04-09T10:20:30', '2024-04-09T10:20:30 site'],
  ['2024-04-09 10:20:30 +0200', '2024-04-09T10:20:30 +120'],
  ['2024-04-09 10:20:30.5 -0700 MST', '2024-04-09T10:20:30 -420'],
  ['Tue, 09 Apr 2024 10:20:30 GMT', '2024-04-09T10:20:30 site'],
  ['09 Apr 24 10:20 +0200', '2024-04-09T10:20:00 +120'],
  ['Tuesday, 09-Apr-24 10:20:30 UTC', '2024-04-09T10:20:30 site'],
  ['Tue Apr  9 10:20:30 2024', '2024-04-09T10:20:30 site'],
  ['09 apr 2024', '2024-04-09T00:00:00 site'],
  [1712658030, '2024-04-09T10:20:30 +0'],
  ['2024-4-09', null],
  ['9 Apr 2024', null],
  ['09 April 2024', null],
  ['April 9, 2024', null],
  ['2024/04/09', null],
  ['2024-04-09T10:20', null],
  ['2024-04-09 10:20', null],
  ['2024-02-30', null],
  ['2024-04-09T24:00:00Z', null],
  ['2024-04-09T10:20:30 +02:00', null],
  ['2024-04-09t10:20:30z', null],
  ['2024-04-09T10:20:30Z ', null],
  [' 2024-04-09', null],
];

describe('dates, exactly as Hugo reads them', () => {
  for (const [value, want] of HUGO)
    it(`${JSON.stringify(value)} -> ${want ?? 'no date'}`, () => {
      const d = parseDate(value);
      const got = d
        ? `${formatDate(d, '2006-01-02T15:04:05')} ${d.offsetMinutes === null ? 'site' : `${d.offsetMinutes >= 0 ? '+' : ''}${d.offsetMinutes}`}`
        : null;
      expect(got).toBe(want);
    });

  it('an unreadable date falls through to the next key, as Hugo does, and is reported', () => {
    const meta = toPostMeta({ date: '2024-4-09', lastmod: '2024-05-01' });
    expect(meta.date && formatDate(meta.date)).toBe('May 1, 2024');
    expect(meta.warnings).toEqual(['"date" is not a date Hugo can read: "2024-4-09"']);
  });
});
