/**
 * Fuzzy matching for the command palette and the quick switcher: every character of the
 * query, in order, case-insensitive (spaces separate words that may match anywhere).
 * Scores favour matches at word starts, consecutive runs and earlier fields.
 */
export interface FuzzyMatch<T> {
  item: T;
  score: number;
  /** Matched character positions in the first field that matched, for highlighting. */
  field: number;
  positions: number[];
}

function isWordStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text[i - 1]!;
  const cur = text[i]!;
  return /[\s\-_/.·,:]/.test(prev) || (prev === prev.toLowerCase() && cur !== cur.toLowerCase());
}

/** The best score of `word` as a subsequence of `text`, or null. */
export function scoreWord(
  word: string,
  text: string,
): { score: number; positions: number[] } | null {
  const w = word.toLowerCase();
  const t = text.toLowerCase();
  if (!w) return { score: 0, positions: [] };
  // A contiguous substring beats a scattered one; a prefix or word start beats both.
  const at = t.indexOf(w);
  if (at >= 0) {
    let best = at;
    for (let i = at; i >= 0; i = t.indexOf(w, i + 1)) {
      if (isWordStart(text, i)) {
        best = i;
        break;
      }
    }
    const positions = Array.from({ length: w.length }, (_, k) => best + k);
    return {
      score: 100 + (best === 0 ? 50 : isWordStart(text, best) ? 30 : 0) - best * 0.1,
      positions,
    };
  }
  // Greedy subsequence, preferring word starts.
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  for (const ch of w) {
    let found = -1;
    for (let i = from; i < t.length; i++) {
      if (t[i] !== ch) continue;
      if (found < 0) found = i;
      if (isWordStart(text, i)) {
        found = i;
        break;
      }
      // Keep scanning only within the same word.
      if (/\s/.test(t[i + 1] ?? ' ')) break;
    }
    if (found < 0) return null;
    const prev = positions[positions.length - 1];
    score += isWordStart(text, found) ? 8 : prev !== undefined && found === prev + 1 ? 5 : 1;
    positions.push(found);
    from = found + 1;
  }
  return { score, positions };
}

/**
 * Items whose fields match every word of the query, best first (ties keep the given order).
 * `fields(item)` lists the texts to search, the most important first.
 */
export function fuzzyFilter<T>(
  items: readonly T[],
  query: string,
  fields: (item: T) => readonly string[],
  limit = 50,
): FuzzyMatch<T>[] {
  const words = query.trim().split(/\s+/).filter(Boolean);
  const out: (FuzzyMatch<T> & { index: number })[] = [];
  items.forEach((item, index) => {
    const fs = fields(item);
    let total = 0;
    let field = 0;
    let positions: number[] = [];
    for (const [k, word] of words.entries()) {
      let best: { score: number; positions: number[]; f: number } | null = null;
      fs.forEach((text, f) => {
        const m = scoreWord(word, text);
        if (m && (!best || m.score - f * 20 > best.score - best.f * 20)) best = { ...m, f };
      });
      if (!best) return;
      const b = best as { score: number; positions: number[]; f: number };
      total += b.score - b.f * 20;
      if (k === 0) {
        field = b.f;
        positions = b.positions;
      } else if (b.f === field) positions = [...positions, ...b.positions];
    }
    out.push({ item, score: total, field, positions, index });
  });
  out.sort((a, b) => b.score - a.score || a.index - b.index);
  return out.slice(0, limit).map(({ index: _index, ...m }) => m);
}
