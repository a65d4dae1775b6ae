/**
 * Words written in this session (since the window opened; a reload keeps it): for each post
 * the word count it had when first seen in the session, and its latest count. The session's
 * words are the sum of the differences, over every post (a post written from scratch counts
 * all its words; deleting words counts against it).
 */
export interface SessionWords {
  /** Records a post's current word count; returns the session's words. */
  record(path: string, words: number): number;
  /** The session's words now. */
  total(): number;
  /** Starts the count again from every post's current words. */
  reset(): void;
}

type Counts = Record<string, { first: number; last: number }>;

/** The session's counts, kept in `storage` (sessionStorage: one window, survives a reload). */
export function sessionWords(storage: Pick<Storage, 'getItem' | 'setItem'> | null): SessionWords {
  const KEY = 'quire-session-words';
  let counts: Counts = {};
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? '{}') as unknown;
    if (raw && typeof raw === 'object')
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const c = v as { first?: unknown; last?: unknown };
        if (typeof c?.first === 'number' && typeof c.last === 'number')
          counts[k] = { first: c.first, last: c.last };
      }
  } catch {
    counts = {};
  }
  const save = () => {
    try {
      storage?.setItem(KEY, JSON.stringify(counts));
    } catch {
      // A count is a convenience: a full or missing storage must not break writing.
    }
  };
  const total = () => Object.values(counts).reduce((n, c) => n + c.last - c.first, 0);
  return {
    record(path, words) {
      const c = counts[path];
      if (!c) counts[path] = { first: words, last: words };
      else if (c.last === words) return total();
      else c.last = words;
      save();
      return total();
    },
    total,
    reset() {
      for (const c of Object.values(counts)) c.first = c.last;
      save();
    },
  };
}
