import { QuireError } from '../errors.ts';
import { calendarDay, dateInstant, parseDate } from '../content/dates.ts';
import type { WrittenDate } from '../content/dates.ts';
import type { PostMeta } from '../content/post.ts';

/** "As of" a moment: a calendar day (readers' whole day) or an exact instant. */
export interface AsOf {
  day: string;
  /** Set when the as-of had a time: compare instants. */
  instant: number | null;
}

/** Reads `YYYY-MM-DD` or a full date-time; throws a message a user can act on. */
export function parseAsOf(value: string): AsOf {
  const d = parseDate(value);
  if (!d) throw new QuireError('invalid-request', `"${value}" is not a date (use YYYY-MM-DD)`);
  return {
    day: calendarDay(d),
    instant: d.hasTime && d.offsetMinutes !== null ? dateInstant(d) : null,
  };
}

/** The as-of for a clock reading and the local UTC offset (callers read the clock). */
export function asOfToday(epochMs: number, offsetMinutes: number): AsOf {
  const t = new Date(epochMs + offsetMinutes * 60_000);
  return { day: t.toISOString().slice(0, 10), instant: null };
}

/** True when `d` is after the as-of (a day as-of covers the whole day, in the date's own zone). */
export function isAfter(d: WrittenDate, asOf: AsOf): boolean {
  if (asOf.instant !== null) return dateInstant(d) > asOf.instant;
  return calendarDay(d) > asOf.day;
}

/** Why a post is not on the published site, or null when it is. */
export type HiddenReason = 'draft' | 'scheduled' | 'expired';

/** Hugo's publish rules as of a date: drafts, future posts and expired posts are hidden. */
export function hiddenReason(
  meta: Pick<PostMeta, 'draft' | 'date' | 'publishDate' | 'expiryDate'>,
  asOf: AsOf,
): HiddenReason | null {
  if (meta.draft) return 'draft';
  const publish = meta.publishDate ?? meta.date;
  if (publish && isAfter(publish, asOf)) return 'scheduled';
  if (meta.expiryDate) {
    const expired =
      asOf.instant !== null
        ? dateInstant(meta.expiryDate) <= asOf.instant
        : calendarDay(meta.expiryDate) <= asOf.day;
    if (expired) return 'expired';
  }
  return null;
}

/** Which hidden posts to include anyway. */
export interface PublishOptions {
  drafts?: boolean;
  future?: boolean;
  expired?: boolean;
}

/** True when the post is listed under these rules. */
export function isListed(
  meta: Pick<PostMeta, 'draft' | 'date' | 'publishDate' | 'expiryDate'>,
  asOf: AsOf,
  options: PublishOptions = {},
): boolean {
  const why = hiddenReason(meta, asOf);
  if (why === null) return true;
  if (why === 'draft') {
    if (!options.drafts) return false;
    const rest = hiddenReason({ ...meta, draft: false }, asOf);
    return (
      rest === null ||
      (rest === 'scheduled' && !!options.future) ||
      (rest === 'expired' && !!options.expired)
    );
  }
  return (why === 'scheduled' && !!options.future) || (why === 'expired' && !!options.expired);
}
