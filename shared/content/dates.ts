/**
 * A date as the user wrote it. The fields are the written calendar values, never
 * shifted to UTC or to the machine's zone; `offsetMinutes` is null when none was written
 * (Hugo then reads the date in the site's time zone, UTC by default).
 */
export interface WrittenDate {
  raw: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number | null;
  hasTime: boolean;
}

/** English month names, January first. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz]|UTC|GMT)|([+-])(\d{2}):?(\d{2})?)?(?:\s+[A-Z]{2,5})?$/;
const DAY_MONTH_YEAR = /^(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4})$/;

/** Reads a front-matter date in the forms Hugo accepts; null when it is not a date. */
export function parseDate(value: unknown): WrittenDate | null {
  if (typeof value !== 'string') return null;
  const raw = value.trim();
  let m = ISO.exec(raw);
  if (m) {
    const d: WrittenDate = {
      raw: value,
      year: +m[1]!,
      month: +m[2]!,
      day: +m[3]!,
      hour: m[4] ? +m[4] : 0,
      minute: m[5] ? +m[5] : 0,
      second: m[6] ? +m[6] : 0,
      millisecond: m[7] ? Math.floor(+`0.${m[7]}` * 1000) : 0,
      offsetMinutes: m[8]
        ? 0
        : m[9]
          ? (m[9] === '-' ? -1 : 1) * (+m[10]! * 60 + (m[11] ? +m[11] : 0))
          : null,
      hasTime: m[4] !== undefined,
    };
    return valid(d) ? d : null;
  }
  m = DAY_MONTH_YEAR.exec(raw);
  if (m) {
    const month =
      MONTHS.findIndex((n) => n.slice(0, 3).toLowerCase() === m![2]!.slice(0, 3).toLowerCase()) + 1;
    if (month === 0) return null;
    const d: WrittenDate = {
      raw: value,
      year: +m[3]!,
      month,
      day: +m[1]!,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
      offsetMinutes: null,
      hasTime: false,
    };
    return valid(d) ? d : null;
  }
  return null;
}

function valid(d: WrittenDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.hour > 23 || d.minute > 59 || d.second > 60)
    return false;
  return d.day <= new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
}

/** The instant a date names, in ms since the epoch (a date without offset read as UTC). */
export function dateInstant(d: WrittenDate): number {
  return (
    Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second, d.millisecond) -
    (d.offsetMinutes ?? 0) * 60_000
  );
}

/** The written calendar day, `YYYY-MM-DD`. */
export function calendarDay(d: WrittenDate): string {
  return `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Formats a date with a Go layout (Hugo's `params.DateFormat`, e.g. "January 2, 2006"),
 * in the date's own written zone.
 */
export function formatDate(d: WrittenDate, layout = 'January 2, 2006'): string {
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  const h12 = d.hour % 12 === 0 ? 12 : d.hour % 12;
  const off = d.offsetMinutes ?? 0;
  const offStr = (sep: string) =>
    `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}${sep}${pad(Math.abs(off) % 60)}`;
  const tokens: [string, () => string][] = [
    ['January', () => MONTHS[d.month - 1]!],
    ['Monday', () => DAYS[weekday]!],
    ['2006', () => String(d.year)],
    ['Z07:00', () => (off === 0 ? 'Z' : offStr(':'))],
    ['-07:00', () => offStr(':')],
    ['-0700', () => offStr('')],
    ['Jan', () => MONTHS[d.month - 1]!.slice(0, 3)],
    ['Mon', () => DAYS[weekday]!.slice(0, 3)],
    ['MST', () => (off === 0 ? 'UTC' : offStr(''))],
    ['01', () => pad(d.month)],
    ['02', () => pad(d.day)],
    ['_2', () => String(d.day).padStart(2, ' ')],
    ['15', () => pad(d.hour)],
    ['03', () => pad(h12)],
    ['04', () => pad(d.minute)],
    ['05', () => pad(d.second)],
    ['06', () => pad(d.year % 100)],
    ['PM', () => (d.hour < 12 ? 'AM' : 'PM')],
    ['pm', () => (d.hour < 12 ? 'am' : 'pm')],
    ['1', () => String(d.month)],
    ['2', () => String(d.day)],
    ['3', () => String(h12)],
    ['4', () => String(d.minute)],
    ['5', () => String(d.second)],
  ];
  let out = '';
  for (let i = 0; i < layout.length;) {
    const t = tokens.find(([k]) => layout.startsWith(k, i));
    if (t) {
      out += t[1]();
      i += t[0].length;
    } else {
      out += layout[i];
      i++;
    }
  }
  return out;
}

/**
 * Today's date with the local UTC offset, as written in new posts: the caller passes the
 * clock reading and the zone offset (shared code never reads the clock).
 */
export function writeLocalDateTime(epochMs: number, offsetMinutes: number): string {
  const t = new Date(epochMs + offsetMinutes * 60_000);
  const off = `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${off}`;
}
