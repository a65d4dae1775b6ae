import { parseDate } from './dates.ts';
import type { WrittenDate } from './dates.ts';

/** The front matter a post carries, read as Hugo reads it. */
export interface PostMeta {
  title: string;
  date: WrittenDate | null;
  lastmod: WrittenDate | null;
  publishDate: WrittenDate | null;
  expiryDate: WrittenDate | null;
  draft: boolean;
  description: string;
  /** The front-matter summary, or null (then the listing computes one). */
  summary: string | null;
  tags: string[];
  categories: string[];
  slug: string;
  url: string;
  aliases: string[];
  weight: number;
  /** Every front-matter key, lowercased as Hugo does, values as written. */
  params: Record<string, unknown>;
  /** Problems with values a user can fix (a date that does not parse). */
  warnings: string[];
}

// Hugo's default front-matter date configuration: the first key present wins.
const DATE_KEYS = {
  date: ['date', 'publishdate', 'pubdate', 'published', 'lastmod', 'modified'],
  lastmod: ['lastmod', 'modified', 'date', 'publishdate', 'pubdate', 'published'],
  publishDate: ['publishdate', 'pubdate', 'published', 'date'],
  expiryDate: ['expirydate', 'unpublishdate'],
} as const;

/** Lowercases top-level keys, as Hugo's front matter is case-insensitive. */
export function lowerKeys(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const lk = k.toLowerCase();
    if (!(lk in out)) out[lk] = v;
  }
  return out;
}

/** Builds the Post model from front-matter values. `taxonomies` are the plural names. */
export function toPostMeta(
  data: Record<string, unknown>,
  taxonomies: readonly string[] = ['tags', 'categories'],
): PostMeta {
  const p = lowerKeys(data);
  const warnings: string[] = [];
  const pick = (keys: readonly string[]): WrittenDate | null => {
    for (const k of keys) {
      const v = p[k];
      if (v === undefined || v === null || v === '') continue;
      const d = parseDate(v);
      if (d) return d;
      // `published: true` (Jekyll's flag, which Hugo reads too) is no date meant.
      if (k === 'published' && publishedFlag(v) !== undefined) continue;
      // Hugo reads no date from it and goes on to the next key.
      warnings.push(`"${k}" is not a date Hugo can read: ${JSON.stringify(v)}`);
    }
    return null;
  };
  const date = pick(DATE_KEYS.date);
  const lastmod = pick(DATE_KEYS.lastmod);
  const publishDate = pick(DATE_KEYS.publishDate);
  const expiryDate = pick(DATE_KEYS.expiryDate);
  void taxonomies;
  return {
    title: str(p.title),
    date,
    lastmod,
    publishDate,
    expiryDate,
    // Hugo's undocumented `published` (as Jekyll's): false makes a draft, unless `draft`
    // is given too (then `draft` wins).
    draft: p.draft !== undefined ? bool(p.draft) : publishedFlag(p.published) === false,
    description: str(p.description),
    // An empty summary is none: Hugo then makes one from the text.
    summary:
      (typeof p.summary === 'string' && p.summary !== '') || typeof p.summary === 'number'
        ? String(p.summary)
        : null,
    tags: strList(p.tags),
    categories: strList(p.categories),
    slug: str(p.slug),
    url: str(p.url),
    aliases: strList(p.aliases),
    weight: Number.isFinite(Number(p.weight)) ? Math.trunc(Number(p.weight ?? 0)) : 0,
    params: p,
    warnings: [...new Set(warnings)],
  };
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v);
}

/**
 * `published` as Hugo 0.111 reads it for drafts (cast.ToBoolE): a boolean, a number, a
 * boolean word, or no value (false); undefined for anything else (a date).
 */
function publishedFlag(v: unknown): boolean | undefined {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v !== 'string') return undefined;
  // Go's strconv.ParseBool, and YAML 1.1's words that yaml.v2 reads as booleans when
  // unquoted (YAML 1.2 reads them as text).
  if (/^(1|t|T|TRUE|true|True|[yY]|yes|Yes|YES|on|On|ON)$/.test(v)) return true;
  if (/^(0|f|F|FALSE|false|False|[nN]|no|No|NO|off|Off|OFF)$/.test(v)) return false;
  return undefined;
}

function bool(v: unknown): boolean {
  if (typeof v === 'string') return /^(true|yes|on|1)$/i.test(v.trim());
  return v === true || v === 1;
}

/** A taxonomy or alias list: a list, or one string (Hugo accepts both). */
export function strList(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v))
    return v
      .filter((x) => x !== null && x !== undefined && typeof x !== 'object')
      .map((x) => String(x));
  if (typeof v === 'object') return [];
  return [String(v)];
}

/** The terms of one taxonomy (e.g. "series") for a post. */
export function taxonomyTerms(meta: PostMeta, plural: string): string[] {
  if (plural === 'tags') return meta.tags;
  if (plural === 'categories') return meta.categories;
  return strList(meta.params[plural.toLowerCase()]);
}
