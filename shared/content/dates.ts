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

// spf13/cast 1.5.0's date layouts (StringToDateInDefaultLocation, what Hugo 0.111 reads
// front-matter dates with), in its order. `named`: the zone name is ignored and the date
// read in the site's zone; `time`: no date part (year 0).
const LAYOUTS: [string, 'none' | 'named' | 'numeric' | 'time'][] = [
  ['2006-01-02T15:04:05Z07:00', 'numeric'],
  ['2006-01-02T15:04:05', 'none'],
  ['Mon, 02 Jan 2006 15:04:05 -0700', 'numeric'],
  ['Mon, 02 Jan 2006 15:04:05 MST', 'named'],
  ['02 Jan 06 15:04 -0700', 'numeric'],
  ['02 Jan 06 15:04 MST', 'named'],
  ['Monday, 02-Jan-06 15:04:05 MST', 'named'],
  ['2006-01-02 15:04:05.999999999 -0700 MST', 'numeric'],
  ['2006-01-02T15:04:05-0700', 'numeric'],
  ['2006-01-02 15:04:05Z0700', 'numeric'],
  ['2006-01-02 15:04:05', 'none'],
  ['Mon Jan _2 15:04:05 2006', 'none'],
  ['Mon Jan _2 15:04:05 MST 2006', 'named'],
  ['Mon Jan 02 15:04:05 -0700 2006', 'numeric'],
  ['2006-01-02 15:04:05Z07:00', 'numeric'],
  ['2006-01-02', 'none'],
  ['02 Jan 2006', 'none'],
  ['2006-01-02 15:04:05 -07:00', 'numeric'],
  ['2006-01-02 15:04:05 -0700', 'numeric'],
  ['3:04PM', 'time'],
  ['Jan _2 15:04:05', 'time'],
  ['Jan _2 15:04:05.000', 'time'],
  ['Jan _2 15:04:05.000000', 'time'],
  ['Jan _2 15:04:05.000000000', 'time'],
];

// Go layout elements as regular expressions (time.Parse's rules: `01` is two digits,
// `15` one or two, a space matches a run of spaces, seconds may carry a fraction).
const ELEMENTS: [string, string, string][] = [
  ['2006', '(\\d{4})', 'year'],
  ['January', '([A-Za-z]+)', 'monthName'],
  ['Monday', '([A-Za-z]+)', 'dayName'],
  ['Jan', '([A-Za-z]{3})', 'monthName'],
  ['Mon', '([A-Za-z]{3})', 'dayName'],
  ['MST', '([A-Z]{4}T|[A-Z]{3}T|WITA|ChST|MeST|GMT[+-]\\d{1,2}|[A-Z]{3})', 'zoneName'],
  ['Z07:00', '(Z|[+-]\\d{2}:\\d{2})', 'zone'],
  ['Z0700', '(Z|[+-]\\d{4})', 'zone'],
  ['-07:00', '([+-]\\d{2}:\\d{2})', 'zone'],
  ['-0700', '([+-]\\d{4})', 'zone'],
  ['.999999999', '(?:[.,](\\d+))?', 'fraction'],
  ['.000000000', '[.,](\\d{9})', 'fraction'],
  ['.000000', '[.,](\\d{6})', 'fraction'],
  ['.000', '[.,](\\d{3})', 'fraction'],
  ['15', '(\\d\\d?)', 'hour'],
  ['06', '(\\d{2})', 'year2'],
  ['01', '(\\d{2})', 'month'],
  ['02', '(\\d{2})', 'day'],
  ['_2', ' ?(\\d\\d?)', 'day'],
  ['04', '(\\d{2})', 'minute'],
  ['05', '(\\d{2})', 'second'],
  ['PM', '(AM|PM)', 'pm'],
  ['3', '(\\d\\d?)', 'hour12'],
];

// Compiled on first use: a command that reads no date (`quire --help`) never builds them.
let compiled: { re: RegExp; fields: string[]; kind: (typeof LAYOUTS)[number][1] }[] | undefined;
const compiledLayouts = () => (compiled ??= LAYOUTS.map(compileLayout));

function compileLayout([layout, kind]: (typeof LAYOUTS)[number]) {
  let re = '';
  const fields: string[] = [];
  for (let i = 0; i < layout.length;) {
    const el = ELEMENTS.find(([k]) => layout.startsWith(k, i));
    if (el) {
      re += el[1];
      fields.push(el[2]);
      i += el[0].length;
      // Go accepts a fraction after the seconds even when the layout has none.
      if (el[2] === 'second' && !layout.startsWith('.', i)) {
        re += '(?:[.,](\\d+))?';
        fields.push('fraction');
      }
    } else if (layout[i] === ' ') {
      re += ' +';
      i++;
    } else {
      re += layout[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  return { re: new RegExp(`^${re}$`), fields, kind };
}

const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3).toLowerCase());
const DAY_NAMES = DAYS.map((n) => n.toLowerCase());

/**
 * Reads a front-matter date exactly as Hugo 0.111 does (spf13/cast's layouts; an integer
 * is Unix seconds); null when Hugo reads no date from it. Nothing is trimmed or guessed:
 * `2024-4-09` or ` 2024-04-09` are not dates to Hugo.
 */
export function parseDate(value: unknown): WrittenDate | null {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return null;
    const t = new Date(value * 1000);
    if (Number.isNaN(t.getTime())) return null;
    return {
      raw: String(value),
      year: t.getUTCFullYear(),
      month: t.getUTCMonth() + 1,
      day: t.getUTCDate(),
      hour: t.getUTCHours(),
      minute: t.getUTCMinutes(),
      second: t.getUTCSeconds(),
      millisecond: 0,
      offsetMinutes: 0,
      hasTime: true,
    };
  }
  if (typeof value !== 'string') return null;
  for (const { re, fields, kind } of compiledLayouts()) {
    const m = re.exec(value);
    if (!m) continue;
    const d = fromMatch(value, m, fields, kind);
    if (d) return d;
  }
  return null;
}

function fromMatch(
  raw: string,
  m: RegExpExecArray,
  fields: string[],
  kind: 'none' | 'named' | 'numeric' | 'time',
): WrittenDate | null {
  const d: WrittenDate = {
    raw,
    year: 0,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
    offsetMinutes: null,
    hasTime: kind !== 'none' || fields.includes('hour'),
  };
  let pm: string | null = null;
  for (let k = 0; k < fields.length; k++) {
    const v = m[k + 1];
    if (v === undefined) continue;
    switch (fields[k]) {
      case 'year':
        d.year = +v;
        break;
      case 'year2':
        d.year = +v >= 69 ? 1900 + +v : 2000 + +v;
        break;
      case 'month':
        d.month = +v;
        break;
      case 'monthName': {
        const i = MONTH_ABBR.indexOf(v.slice(0, 3).toLowerCase());
        if (i === -1 || (v.length > 3 && MONTHS[i]!.toLowerCase() !== v.toLowerCase())) return null;
        d.month = i + 1;
        break;
      }
      case 'dayName':
        if (!DAY_NAMES.some((n) => (v.length === 3 ? n.slice(0, 3) : n) === v.toLowerCase()))
          return null;
        break;
      case 'day':
        d.day = +v.trim();
        break;
      case 'hour':
        d.hour = +v;
        break;
      case 'hour12':
        d.hour = +v;
        if (d.hour > 12) return null;
        break;
      case 'pm':
        pm = v;
        break;
      case 'minute':
        d.minute = +v;
        break;
      case 'second':
        d.second = +v;
        break;
      case 'fraction':
        d.millisecond = Math.floor(+`0.${v}` * 1000);
        break;
      case 'zone':
        if (kind !== 'numeric') break;
        if (v === 'Z') d.offsetMinutes = 0;
        else {
          const digits = v.replace(':', '');
          d.offsetMinutes =
            (v[0] === '-' ? -1 : 1) * (+digits.slice(1, 3) * 60 + +digits.slice(3, 5));
        }
        break;
    }
  }
  if (pm === 'PM' && d.hour < 12) d.hour += 12;
  if (pm === 'AM' && d.hour === 12) d.hour = 0;
  return valid(d) ? d : null;
}

/** Days in a month of the proleptic Gregorian calendar (years 0-99 included). */
function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function valid(d: WrittenDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.hour > 23 || d.minute > 59 || d.second > 59)
    return false;
  return d.day <= daysIn(d.year, d.month);
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
  const f: DateFields = { d, weekday, h12, off };
  let out = '';
  for (const part of compiledLayout(layout)) out += typeof part === 'string' ? part : part(f);
  return out;
}

interface DateFields {
  d: WrittenDate;
  weekday: number;
  h12: number;
  off: number;
}

function offStr(off: number, sep: string): string {
  return `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}${sep}${pad(Math.abs(off) % 60)}`;
}

// Go's layout tokens, longest first where one starts another.
const DATE_TOKENS: [string, (f: DateFields) => string][] = [
  ['January', (f) => MONTHS[f.d.month - 1]!],
  ['Monday', (f) => DAYS[f.weekday]!],
  ['2006', (f) => String(f.d.year).padStart(4, '0')],
  ['Z07:00', (f) => (f.off === 0 ? 'Z' : offStr(f.off, ':'))],
  ['Z0700', (f) => (f.off === 0 ? 'Z' : offStr(f.off, ''))],
  ['-07:00', (f) => offStr(f.off, ':')],
  ['-0700', (f) => offStr(f.off, '')],
  ['-07', (f) => offStr(f.off, '').slice(0, 3)],
  ['.000', (f) => `.${String(f.d.millisecond).padStart(3, '0')}`],
  ['Jan', (f) => MONTHS[f.d.month - 1]!.slice(0, 3)],
  ['Mon', (f) => DAYS[f.weekday]!.slice(0, 3)],
  ['MST', (f) => (f.off === 0 ? 'UTC' : offStr(f.off, ''))],
  ['01', (f) => pad(f.d.month)],
  ['02', (f) => pad(f.d.day)],
  ['_2', (f) => String(f.d.day).padStart(2, ' ')],
  ['15', (f) => pad(f.d.hour)],
  ['03', (f) => pad(f.h12)],
  ['04', (f) => pad(f.d.minute)],
  ['05', (f) => pad(f.d.second)],
  ['06', (f) => pad(f.d.year % 100)],
  ['PM', (f) => (f.d.hour < 12 ? 'AM' : 'PM')],
  ['pm', (f) => (f.d.hour < 12 ? 'am' : 'pm')],
  ['1', (f) => String(f.d.month)],
  ['2', (f) => String(f.d.day)],
  ['3', (f) => String(f.h12)],
  ['4', (f) => String(f.d.minute)],
  ['5', (f) => String(f.d.second)],
];

// A layout cut into literal text and tokens once: listings format thousands of dates.
const layouts = new Map<string, (string | ((f: DateFields) => string))[]>();

function compiledLayout(layout: string): (string | ((f: DateFields) => string))[] {
  let parts = layouts.get(layout);
  if (parts) return parts;
  parts = [];
  let text = '';
  for (let i = 0; i < layout.length;) {
    const t = DATE_TOKENS.find(([k]) => layout.startsWith(k, i));
    if (t) {
      if (text) parts.push(text);
      text = '';
      parts.push(t[1]);
      i += t[0].length;
    } else {
      text += layout[i];
      i++;
    }
  }
  if (text) parts.push(text);
  if (layouts.size > 100) layouts.clear();
  layouts.set(layout, parts);
  return parts;
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
