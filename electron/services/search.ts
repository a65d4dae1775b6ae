import MiniSearch from 'minisearch';
import type { IndexedPost, Workspace } from './workspace.ts';

interface WordHit {
  score: number;
  terms: string[];
}

interface Doc {
  id: string;
  title: string;
  summary: string;
  tags: string;
  body: string;
}

/**
 * Full-text search over titles, summaries, tags and bodies (minisearch). Built on first
 * use and kept current: each search re-reads only posts whose file changed since.
 */
export class SiteSearch {
  private index = new MiniSearch<Doc>({
    fields: ['title', 'summary', 'tags', 'body'],
    storeFields: ['title'],
    searchOptions: {
      boost: { title: 4, tags: 2, summary: 2 },
      prefix: true,
      fuzzy: 0.15,
      combineWith: 'AND',
    },
  });
  private versions = new Map<string, string>();
  private bodies = new Map<string, string>();

  constructor(private readonly ws: Workspace) {}

  private doc(p: IndexedPost): Doc {
    let body: string;
    try {
      body = this.ws.body(p.path);
    } catch {
      body = '';
    }
    this.bodies.set(p.path, body);
    return {
      id: p.path,
      title: p.meta.title,
      summary: p.meta.summary ?? '',
      tags: [...p.meta.tags, ...p.meta.categories].join(' '),
      body,
    };
  }

  private indexedAt = -1;

  /** Brings the index up to date with the workspace (only changed files are read). */
  refresh(): void {
    if (this.ws.indexVersion === this.indexedAt) return;
    this.indexedAt = this.ws.indexVersion;
    const seen = new Set<string>();
    for (const p of this.ws.posts()) {
      seen.add(p.path);
      const v = `${p.mtimeMs}:${p.size}`;
      if (this.versions.get(p.path) === v) continue;
      if (this.versions.has(p.path)) this.index.discard(p.path);
      this.index.add(this.doc(p));
      this.versions.set(p.path, v);
    }
    for (const path of [...this.versions.keys()]) {
      if (seen.has(path)) continue;
      this.index.discard(path);
      this.versions.delete(path);
      this.bodies.delete(path);
    }
  }

  private cache = new Map<
    string,
    { path: string; score: number; snippet: string; terms: string[] }[]
  >();
  private cachedAt = -1;

  /**
   * Each word's matches, most recent last: a query's words are searched one by one, so each
   * key searches one word (the one being typed) and reuses the others.
   */
  private perWord = new Map<string, Map<string, WordHit>>();

  /**
   * The `limit` best posts that match every word: the sum of the words' scores, as
   * MiniSearch's AND adds them, plus the `optional` word's where a post has it. Scores
   * first, terms only for the posts returned.
   */
  private matchAll(
    words: string[],
    limit: number,
    optional?: string,
  ): { id: string; score: number; terms: string[] }[] {
    const hits = words.map((w) => this.word(w)).sort((a, b) => a.size - b.size);
    const extra = optional ? this.word(optional) : null;
    const [first, ...rest] = hits as [Map<string, WordHit>, ...Map<string, WordHit>[]];
    const ids: string[] = [];
    const scores: number[] = [];
    next: for (const [id, h] of first) {
      let score = h.score;
      for (const m of rest) {
        const x = m.get(id);
        if (!x) continue next;
        score += x.score;
      }
      score += extra?.get(id)?.score ?? 0;
      ids.push(id);
      scores.push(score);
    }
    const order = Array.from(ids.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
    return order.slice(0, limit).map((i) => {
      const id = ids[i]!;
      const terms = new Set<string>();
      for (const m of hits) for (const t of m.get(id)!.terms) terms.add(t);
      for (const t of extra?.get(id)?.terms ?? []) terms.add(t);
      return { id, score: scores[i]!, terms: [...terms] };
    });
  }

  /**
   * One word's matches, fuzzy and boosted as configured: as a prefix from three letters on;
   * shorter, as a whole word, and as a prefix only in titles and tags (a prefix of one or two
   * letters covers much of a blog's vocabulary: scoring it over every body took ~110 ms in
   * 10,000 posts, longer than the gap between two keys). The same whether the word is being
   * typed or finished, so a word typed once is not searched again.
   */
  private word(w: string): Map<string, WordHit> {
    const key = w;
    let hit = this.perWord.get(key);
    if (hit) {
      this.perWord.delete(key);
      this.perWord.set(key, hit);
      return hit;
    }
    const found =
      w.length >= 3
        ? this.index.search(w, { prefix: true })
        : this.index.search({
            combineWith: 'OR',
            queries: [
              { queries: [w], prefix: false },
              { queries: [w], prefix: true, fields: ['title', 'tags'] },
            ],
          });
    hit = new Map();
    for (const r of found) hit.set(r.id as string, { score: r.score, terms: r.terms });
    this.perWord.set(key, hit);
    if (this.perWord.size > 16) this.perWord.delete(this.perWord.keys().next().value!);
    return hit;
  }

  /**
   * Matching posts, best first, each with a snippet around the first match. A last word
   * of one letter is still being typed: it waits for the next key instead of matching
   * every word that starts with it. Recent answers, and each word's matches, are kept until
   * the index changes.
   */
  search(
    query: string,
    limit = 100,
  ): { path: string; score: number; snippet: string; terms: string[] }[] {
    this.refresh();
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length > 1 && words[words.length - 1]!.length < 2) words.pop();
    const normalized = words.join(' ');
    if (!normalized) return [];
    if (this.cachedAt !== this.indexedAt) {
      this.cache.clear();
      this.perWord.clear();
      this.cachedAt = this.indexedAt;
    }
    const key = `${limit}\u0000${normalized}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    // A last word of two letters after others is still being typed: the posts are those of
    // the words before it (the list narrows, never widens, as letters are added), and the
    // ones that have it come first.
    const short = words.length > 1 && words[words.length - 1]!.length < 3;
    const found = short
      ? this.matchAll(words.slice(0, -1), limit, words[words.length - 1])
      : this.matchAll(words, limit);
    const results = found
      .slice(0, limit)
      // Snippets for the first screenfuls only: each costs a scan of the post.
      .map((r, i) => ({
        path: r.id,
        score: r.score,
        terms: r.terms,
        snippet: i < 50 ? snippet(this.bodies.get(r.id) ?? '', r.terms) : '',
      }));
    if (this.cache.size > 100) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, results);
    return results;
  }
}

function snippet(body: string, terms: string[]): string {
  const lower = body.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t.toLowerCase());
    if (i !== -1 && (at === -1 || i < at)) at = i;
  }
  const start = Math.max(0, at - 60);
  const text = body
    .slice(start, start + 180)
    .replace(/\s+/g, ' ')
    .trim();
  return (start > 0 ? '…' : '') + text + (start + 180 < body.length ? '…' : '');
}
