import { dateInstant } from '../content/dates.ts';
import type { PostMeta } from '../content/post.ts';

/** The fields Hugo's default page order reads. */
export interface Orderable {
  path: string;
  meta: Pick<PostMeta, 'weight' | 'date' | 'title' | 'params'>;
}

// Made on first use (a tie on weight and date): building a collator takes milliseconds.
let collator: Intl.Collator | undefined;
const NO_DATE = -62135596800; // Go's zero time, in Unix seconds: undated pages sort last

function unixSeconds(p: Orderable): number {
  return p.meta.date ? Math.floor(dateInstant(p.meta.date) / 1000) : NO_DATE;
}

function linkTitle(p: Orderable): string {
  const lt = p.meta.params.linktitle;
  return typeof lt === 'string' && lt ? lt : p.meta.title;
}

/**
 * Hugo's default page order: weight (0 means none and goes last), date newest first (to
 * the second), link title, then path as the total tiebreak.
 */
export function compareDefault(a: Orderable, b: Orderable): number {
  const wa = a.meta.weight;
  const wb = b.meta.weight;
  if (wa !== wb) {
    if (wb === 0) return -1;
    if (wa === 0) return 1;
    return wa < wb ? -1 : 1;
  }
  const da = unixSeconds(a);
  const db = unixSeconds(b);
  if (da !== db) return db - da;
  const t = (collator ??= new Intl.Collator('en')).compare(linkTitle(a), linkTitle(b));
  if (t !== 0) return t;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** A sorted copy in Hugo's default order. */
export function sortDefault<T extends Orderable>(posts: readonly T[]): T[] {
  // Decorate once: dates are compared many times per post.
  const secs = new Map<Orderable, number>();
  for (const p of posts) secs.set(p, unixSeconds(p));
  return [...posts].sort((a, b) => {
    const wa = a.meta.weight;
    const wb = b.meta.weight;
    if (wa === wb) {
      const da = secs.get(a)!;
      const db = secs.get(b)!;
      if (da !== db) return db - da;
    }
    return compareDefault(a, b);
  });
}
