import MiniSearch from 'minisearch';
import type { IndexedPost, Workspace } from './workspace.ts';

/**
 * One word's matches: `order` holds the posts' short ids as MiniSearch ranks them (score,
 * then first match), `score` each post's score by short id (0: no match), `terms` the
 * words of the post it matched (for the snippet and highlighting).
 */
interface WordMatch {
  order: number[];
  score: Float64Array;
  terms: (id: number) => string[];
}

/** The parts of MiniSearch 7's index the word scorer reads (see `scoreWord`). */
interface IndexInternals {
  _index: {
    get(term: string): Map<number, Map<number, number>> | undefined;
    atPrefix(prefix: string): Iterable<[string, Map<number, Map<number, number>>]>;
    fuzzyGet(
      term: string,
      maxDistance: number,
    ): Map<string, [Map<number, Map<number, number>>, number]>;
  };
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _fieldLength: Map<number, number[]>;
  _documentCount: number;
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _nextId: number;
  _dirtCount: number;
  _options: { tokenize: (text: string) => string[]; processTerm: (term: string) => unknown };
}

const FIELDS = ['title', 'summary', 'tags', 'body'] as const;
const BOOST: Record<string, number> = { title: 4, tags: 2, summary: 2 };
const FUZZY = 0.15;
/** MiniSearch's defaults: maxFuzzy, weights, bm25. */
const MAX_FUZZY = 6;
const FUZZY_WEIGHT = 0.45;
const PREFIX_WEIGHT = 0.375;
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** An array index as JavaScript orders an object's keys: those first, by value. */
const ARRAY_INDEX = /^(0|[1-9]\d*)$/;
function objectKeyOrder(terms: string[]): string[] {
  const index = terms.filter((t) => ARRAY_INDEX.test(t) && Number(t) < 2 ** 32 - 1);
  if (!index.length) return terms;
  index.sort((a, b) => Number(a) - Number(b));
  return [...index, ...terms.filter((t) => !index.includes(t))];
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
    fields: [...FIELDS],
    storeFields: ['title'],
    searchOptions: {
      boost: BOOST,
      prefix: true,
      fuzzy: FUZZY,
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
  /** The index's parts the word scorer reads (MiniSearch 7, pinned). */
  private get internals(): IndexInternals {
    return this.index as unknown as IndexInternals;
  }
  /** Each field's length by short id, for the word scorer; made again after a change. */
  private lengths: Float64Array[] | null = null;

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
      this.lengths = null;
      this.versions.set(p.path, v);
    }
    for (const path of [...this.versions.keys()]) {
      if (seen.has(path)) continue;
      this.index.discard(path);
      this.lengths = null;
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
  private perWord = new Map<string, WordMatch>();

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
    const hits = words.map((w) => this.word(w)).sort((a, b) => a.order.length - b.order.length);
    const extra = optional ? this.word(optional) : null;
    const [first, ...rest] = hits as [WordMatch, ...WordMatch[]];
    const ids: number[] = [];
    const scores: number[] = [];
    next: for (const id of first.order) {
      let score = first.score[id]!;
      for (const m of rest) {
        const x = m.score[id]!;
        if (!x) continue next;
        score += x;
      }
      score += extra?.score[id] ?? 0;
      ids.push(id);
      scores.push(score);
    }
    // Only the best `limit` are sorted: those at or above the limit-th best score.
    let cut = -Infinity;
    if (ids.length > limit) {
      const sorted = Float64Array.from(scores).sort();
      cut = sorted[ids.length - limit]!;
    }
    const order: number[] = [];
    for (let i = 0; i < ids.length; i++) if (scores[i]! >= cut) order.push(i);
    order.sort((a, b) => scores[b]! - scores[a]! || a - b);
    const docs = this.internals._documentIds;
    return order.slice(0, limit).map((i) => {
      const id = ids[i]!;
      const terms = new Set<string>();
      for (const m of hits) for (const t of m.terms(id)) terms.add(t);
      if (extra?.score[id]) for (const t of extra.terms(id)) terms.add(t);
      return { id: docs.get(id)!, score: scores[i]!, terms: [...terms] };
    });
  }

  /**
   * One word's matches, fuzzy and boosted as configured: as a prefix from three letters on;
   * shorter, as a whole word, and as a prefix only in titles and tags (a prefix of one or two
   * letters covers much of a blog's vocabulary: scoring it over every body took ~110 ms in
   * 10,000 posts, longer than the gap between two keys). The same whether the word is being
   * typed or finished, so a word typed once is not searched again.
   */
  private word(w: string): WordMatch {
    const key = w;
    let hit = this.perWord.get(key);
    if (hit) {
      this.perWord.delete(key);
      this.perWord.set(key, hit);
      return hit;
    }
    const internals = this.internals;
    const { tokenize, processTerm } = internals._options;
    hit =
      w.length >= 3 && tokenize(w).length === 1 && processTerm(w) === w
        ? scoreWord(internals, w, (this.lengths ??= fieldLengths(internals)))
        : this.viaSearch(
            w.length >= 3
              ? this.index.search(w, { prefix: true })
              : this.index.search({
                  combineWith: 'OR',
                  queries: [
                    { queries: [w], prefix: false },
                    { queries: [w], prefix: true, fields: ['title', 'tags'] },
                  ],
                }),
          );
    this.perWord.set(key, hit);
    if (this.perWord.size > 16) this.perWord.delete(this.perWord.keys().next().value!);
    return hit;
  }

  /** MiniSearch's own results as a word's matches (short words, words it splits). */
  private viaSearch(found: { id: unknown; score: number; terms: string[] }[]): WordMatch {
    const internals = this.internals;
    const score = new Float64Array(internals._nextId);
    const terms = new Map<number, string[]>();
    const order: number[] = [];
    for (const r of found) {
      const id = internals._idToShortId.get(r.id as string);
      if (id === undefined) continue;
      order.push(id);
      score[id] = r.score;
      terms.set(id, r.terms);
    }
    return { order, score, terms: (id) => terms.get(id) ?? [] };
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

/**
 * `index.search(word, { prefix: true })` with the index's options (one word, three letters
 * or more, that MiniSearch keeps whole): the same scores, added in the same order, the same
 * ranking and the same matched terms, without MiniSearch's result objects (a match object
 * and a term list per post per word: for a prefix found in all of 10,000 posts, most of the
 * ~60 ms it took). Reads MiniSearch 7's index (the version is pinned; search.test.ts
 * compares the two). One difference: a post discarded since the index was vacuumed is left
 * out of the document frequency from the first search on (MiniSearch drops it as it meets it).
 */
function scoreWord(ix: IndexInternals, word: string, lengths: Float64Array[]): WordMatch {
  const score = new Float64Array(ix._nextId);
  const order: number[] = [];
  // The terms the word matched, in MiniSearch's order: the word itself, its prefixes, then
  // its fuzzy matches (those not already prefixes).
  const matched: [term: string, weight: number, data: Map<number, Map<number, number>>][] = [];
  const exact = ix._index.get(word);
  if (exact) matched.push([word, 1, exact]);
  const maxDistance = Math.min(MAX_FUZZY, Math.round(word.length * FUZZY));
  const fuzzy = maxDistance ? ix._index.fuzzyGet(word, maxDistance) : null;
  for (const [term, data] of ix._index.atPrefix(word)) {
    const distance = term.length - word.length;
    if (!distance) continue;
    fuzzy?.delete(term);
    matched.push([term, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance), data]);
  }
  if (fuzzy)
    for (const [term, [data, distance]] of fuzzy) {
      if (!distance) continue;
      matched.push([term, (FUZZY_WEIGHT * term.length) / (term.length + distance), data]);
    }
  const live = ix._documentIds;
  const stale = ix._dirtCount > 0;
  const fields = FIELDS.map((f) => ({
    id: ix._fieldIds[f]!,
    boost: BOOST[f] ?? 1,
    avg: ix._avgFieldLength[ix._fieldIds[f]!]!,
    lengths: lengths[ix._fieldIds[f]!]!,
  }));
  const { k, b, d } = BM25;
  for (const [, weight, data] of matched)
    for (const f of fields) {
      const freqs = data.get(f.id);
      if (!freqs) continue;
      let matching = freqs.size;
      if (stale) for (const id of freqs.keys()) if (!live.has(id)) matching--;
      const idf = Math.log(1 + (ix._documentCount - matching + 0.5) / (matching + 0.5));
      const { boost, avg, lengths } = f;
      // forEach: no [id, tf] pair made per post.
      freqs.forEach((tf, id) => {
        if (stale && !live.has(id)) return;
        const raw = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[id]!) / avg)));
        // As MiniSearch multiplies: term weight, term boost, field boost, document boost.
        const weighted = weight * 1 * boost * 1 * raw;
        const was = score[id]!;
        if (was === 0) order.push(id);
        score[id] = was + weighted;
      });
    }
  // Left in the order of first match: matchAll ranks by the sum, ties in this order, which
  // for equal scores is MiniSearch's (its sort is stable). Asked only for posts in `order`,
  // which are all live.
  return {
    order,
    score,
    terms: (id) =>
      objectKeyOrder(
        matched
          .filter(([, , data]) => fields.some((f) => data.get(f.id)?.has(id)))
          .map(([term]) => term),
      ),
  };
}

/** Each field's length by short id (MiniSearch keeps them in a map of arrays). */
function fieldLengths(ix: IndexInternals): Float64Array[] {
  const out = FIELDS.map(() => new Float64Array(ix._nextId));
  for (const [id, lengths] of ix._fieldLength)
    for (let f = 0; f < lengths.length && f < out.length; f++) out[f]![id] = lengths[f]!;
  return out;
}
