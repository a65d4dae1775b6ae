import MiniSearch from 'minisearch';
import type { IndexedPost, Workspace } from './workspace.ts';

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
   * Matching posts, best first, each with a snippet around the first match. A last word
   * of one letter is still being typed: it waits for the next key instead of matching
   * every word that starts with it. Recent answers are kept until the index changes.
   */
  search(
    query: string,
    limit = 100,
  ): { path: string; score: number; snippet: string; terms: string[] }[] {
    this.refresh();
    const words = query.trim().split(/\s+/).filter(Boolean);
    if (words.length > 1 && words[words.length - 1]!.length < 2) words.pop();
    const normalized = words.join(' ').toLowerCase();
    if (!normalized) return [];
    if (this.cachedAt !== this.indexedAt) {
      this.cache.clear();
      this.cachedAt = this.indexedAt;
    }
    const key = `${limit}\u0000${normalized}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const results = this.index
      .search(normalized)
      .slice(0, limit)
      // Snippets for the first screenfuls only: each costs a scan of the post.
      .map((r, i) => ({
        path: r.id as string,
        score: r.score,
        terms: r.terms,
        snippet: i < 50 ? snippet(this.bodies.get(r.id as string) ?? '', r.terms) : '',
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
