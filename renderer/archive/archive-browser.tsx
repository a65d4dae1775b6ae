import { MONTHS } from '../../shared/content/dates.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { CallResponse } from '../../shared/ipc/contract.ts';
import { getApi } from '../api/index.ts';
import { focusEditorAfter } from '../editor/focus-editor.ts';
import { useQuire } from '../state/context.ts';

type Post = CallResponse<'listPosts'>['posts'][number];
type Row =
  | { kind: 'year' | 'month'; label: string; count: number }
  | { kind: 'post'; post: Post; snippet?: string; terms?: string[] };

const ROW = 52;
const HEAD = 26;

function highlight(text: string, terms: string[] | undefined) {
  if (!terms?.length) return text;
  const re = new RegExp(
    `(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
    'gi',
  );
  return text.split(re).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part));
}

/**
 * The archive browser: every post by year and month (newest first) with counts and
 * badges; search over titles, summaries and bodies; filters by tag, category and state;
 * sort by date, title or last change; arrow keys and Enter; only visible rows rendered.
 */
export function ArchiveBrowser() {
  const posts = useQuire((s) => s.posts);
  const problems = useQuire((s) => s.problems);
  const current = useQuire((s) => s.open?.path ?? null);
  const openPost = useQuire((s) => s.openPost);
  const createPost = useQuire((s) => s.createPost);
  const setView = useQuire((s) => s.setView);
  const [title, setTitle] = useState('');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CallResponse<'search'> | null>(null);
  // The query whose results are on screen (for tests and the benchmark).
  const [shownQuery, setShownQuery] = useState('');
  const [tag, setTag] = useState('');
  const [category, setCategory] = useState('');
  const [state, setState] = useState('');
  const [sort, setSort] = useState<'date' | 'title' | 'modified'>('date');
  const [active, setActive] = useState(0);
  const [enterPending, setEnterPending] = useState(false);
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(600);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!query.trim()) {
      setHits(null);
      setShownQuery('');
      return;
    }
    // Asked at once (from the key's own event), and shown as soon as the answer comes: the
    // results are what the user waits for, so they are committed without a scheduler task.
    let stale = false;
    void getApi()
      .search({ query, limit: 200 })
      .then((r) => {
        if (stale) return;
        flushSync(() => {
          setHits(r);
          setShownQuery(query);
        });
      })
      .catch(() => !stale && setHits([]));
    return () => {
      stale = true;
    };
  }, [query, posts]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const tags = useMemo(
    () => [...new Set(posts.flatMap((p) => p.tags))].sort((a, b) => a.localeCompare(b)),
    [posts],
  );
  const categories = useMemo(
    () => [...new Set(posts.flatMap((p) => p.categories))].sort((a, b) => a.localeCompare(b)),
    [posts],
  );

  // Three memos, so a keystroke in the search builds only the rows of its hits, and clearing
  // the search gives back the archive without sorting 10,000 posts again.
  const byPath = useMemo(() => new Map(posts.map((p) => [p.path, p])), [posts]);
  const keep = useCallback(
    (post: Post) => {
      if (tag && !post.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return false;
      if (category && !post.categories.some((c) => c.toLowerCase() === category.toLowerCase()))
        return false;
      if (state === 'published' && post.hidden) return false;
      if (state && state !== 'published' && post.hidden !== state) return false;
      return true;
    },
    [tag, category, state],
  );
  const archiveRows = useMemo((): Row[] => {
    const list = posts.filter(keep).map((post) => ({ post }));
    if (sort === 'title')
      return list
        .sort((a, b) => a.post.title.localeCompare(b.post.title))
        .map((x) => ({ kind: 'post', ...x }));
    if (sort === 'modified')
      return list
        .sort((a, b) => b.post.mtimeMs - a.post.mtimeMs)
        .map((x) => ({ kind: 'post', ...x }));
    list.sort(
      (a, b) =>
        (b.post.date ?? '').localeCompare(a.post.date ?? '') ||
        a.post.path.localeCompare(b.post.path),
    );
    const out: Row[] = [];
    let year = '';
    let month = '';
    const yearCounts = new Map<string, number>();
    const monthCounts = new Map<string, number>();
    for (const { post } of list) {
      const y = post.date?.slice(0, 4) ?? 'Undated';
      const m = post.date?.slice(0, 7) ?? 'Undated';
      yearCounts.set(y, (yearCounts.get(y) ?? 0) + 1);
      monthCounts.set(m, (monthCounts.get(m) ?? 0) + 1);
    }
    for (const x of list) {
      const y = x.post.date?.slice(0, 4) ?? 'Undated';
      const m = x.post.date?.slice(0, 7) ?? 'Undated';
      if (y !== year) out.push({ kind: 'year', label: (year = y), count: yearCounts.get(y)! });
      if (m !== month)
        out.push({
          kind: 'month',
          label: (month = m) === 'Undated' ? '' : MONTHS[Number(m.slice(5, 7)) - 1]!,
          count: monthCounts.get(m)!,
        });
      out.push({ kind: 'post', ...x });
    }
    return out;
  }, [posts, keep, sort]);
  const searchRows = useMemo(
    (): Row[] | null =>
      hits &&
      hits.flatMap((h) => {
        const post = byPath.get(h.path);
        return post && keep(post)
          ? [{ kind: 'post' as const, post, snippet: h.snippet, terms: h.terms }]
          : [];
      }),
    [hits, byPath, keep],
  );
  const rows = searchRows ?? archiveRows;

  const { postRows, tops, total } = useMemo(() => {
    const postRows = rows.flatMap((r, i) => (r.kind === 'post' ? [i] : []));
    const tops: number[] = [];
    let y = 0;
    for (const r of rows) {
      tops.push(y);
      y += r.kind === 'post' ? ROW : HEAD;
    }
    return { postRows, tops, total: y };
  }, [rows]);
  // Binary search for the first visible row; render a screenful only.
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]! <= scroll) lo = mid;
    else hi = mid - 1;
  }
  const first = Math.max(0, lo);
  let last = first;
  while (last < rows.length && tops[last]! < scroll + height + ROW) last++;

  // One selection at a time: the keyboard's place follows the open post.
  useEffect(() => {
    const i = postRows.findIndex((r) => {
      const row = rows[r];
      return row?.kind === 'post' && row.post.path === current;
    });
    if (i >= 0) setActive(i);
  }, [current, postRows, rows]);
  const activeIndex = Math.min(active, Math.max(0, postRows.length - 1));

  const open = (post: Post) => {
    setView('write');
    void openPost(post.path);
  };
  const openTop = () => {
    const r = rows[postRows[0]!];
    if (r?.kind === 'post') open(r.post);
  };
  useEffect(() => {
    if (enterPending && shownQuery === query) {
      setEnterPending(false);
      openTop();
    }
  });
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = Math.max(
        0,
        Math.min(postRows.length - 1, activeIndex + (e.key === 'ArrowDown' ? 1 : -1)),
      );
      setActive(next);
      const top = tops[postRows[next]!]!;
      const el = box.current!;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW > el.scrollTop + el.clientHeight)
        el.scrollTop = top + ROW - el.clientHeight;
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const next = e.key === 'Home' ? 0 : Math.max(0, postRows.length - 1);
      setActive(next);
      box.current!.scrollTop = e.key === 'Home' ? 0 : tops[postRows[next]!]!;
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const r = rows[postRows[activeIndex]!];
      if (r?.kind === 'post') open(r.post);
    }
  };

  return (
    <nav className="archive" aria-label="Posts">
      <form
        className="new-post"
        onSubmit={(e) => {
          e.preventDefault();
          if (!title.trim()) return;
          // Straight to writing: the new post's body gets the cursor.
          focusEditorAfter(createPost(title.trim()).then(() => setTitle('')));
        }}
      >
        <input
          aria-label="New post title"
          placeholder="New post title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit">New</button>
      </form>
      <div className="filters">
        <input
          type="search"
          aria-label="Search posts"
          placeholder="Search titles, summaries and text"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setEnterPending(false);
          }}
          onKeyDown={(e) => {
            // Enter opens the top result; the arrow keys go on into the list.
            if (e.key === 'Enter') {
              e.preventDefault();
              // Results still on their way: open the top one when they arrive.
              if (query.trim() && shownQuery !== query) setEnterPending(true);
              else openTop();
            } else if (e.key === 'ArrowDown' && postRows.length) {
              e.preventDefault();
              setActive(0);
              box.current?.focus();
            }
          }}
        />
        <div className="row">
          <select aria-label="Tag" value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">All tags</option>
            {tags.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <select
            aria-label="Category"
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          >
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <div className="row">
          <select aria-label="State" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">Any state</option>
            <option value="published">Published</option>
            <option value="draft">Draft</option>
            <option value="scheduled">Scheduled</option>
            <option value="expired">Expired</option>
          </select>
          <select
            aria-label="Sort"
            value={sort}
            onChange={(e) => setSort(e.target.value as typeof sort)}
            disabled={!!hits}
          >
            <option value="date">By date</option>
            <option value="title">By title</option>
            <option value="modified">By last change</option>
          </select>
        </div>
        <div className="muted count" aria-label="Result count">
          {postRows.length} {postRows.length === 1 ? 'post' : 'posts'}
        </div>
      </div>
      <div
        className="archive-list"
        data-query={shownQuery}
        data-filter={`${tag}|${category}|${state}|${sort}`}
        ref={box}
        tabIndex={0}
        onKeyDown={onKey}
        onScroll={(e) => setScroll((e.target as HTMLDivElement).scrollTop)}
        aria-label="Archive"
        role="listbox"
        aria-activedescendant={
          postRows.length && rows[postRows[activeIndex]!]
            ? `archive-row-${postRows[activeIndex]}`
            : undefined
        }
      >
        <div style={{ height: total, position: 'relative' }} role="presentation">
          {rows.slice(first, last).map((r, k) => {
            const i = first + k;
            const style = {
              position: 'absolute' as const,
              top: tops[i],
              left: 0,
              right: 0,
              height: r.kind === 'post' ? ROW : HEAD,
            };
            if (r.kind !== 'post')
              return (
                <div
                  key={`${r.kind}-${r.label}-${i}`}
                  className={`group ${r.kind}`}
                  style={style}
                  aria-hidden="true"
                >
                  {r.label} <span className="muted">{r.count}</span>
                </div>
              );
            const p = r.post;
            const focusedRow = postRows[activeIndex] === i;
            return (
              // An option of the list (one tab stop for the whole list, arrows inside).
              <div
                key={p.path}
                id={`archive-row-${i}`}
                role="option"
                aria-selected={p.path === current}
                className={`post${p.path === current ? ' current' : ''}${focusedRow ? ' active' : ''}`}
                style={style}
                onClick={() => {
                  setActive(postRows.indexOf(i));
                  open(p);
                }}
                title={p.path}
              >
                <span className="post-title">
                  {highlight(p.title || p.path.split('/').pop()!, r.terms)}
                </span>
                <span className="post-meta">
                  {p.date ?? 'undated'}
                  {p.hidden && <span className={`badge ${p.hidden}`}>{p.hidden}</span>}
                  {p.lang && (
                    <span
                      className="badge lang"
                      title={
                        p.translations?.length
                          ? `In ${p.lang}; also in ${p.translations.map((t) => `${t.lang} (${t.path})`).join(', ')}`
                          : `In ${p.lang}; no translation`
                      }
                    >
                      {[p.lang, ...(p.translations ?? []).map((t) => t.lang)].join(' · ')}
                    </span>
                  )}
                  {p.tags.length > 0 && <span className="tags"> · {p.tags.join(', ')}</span>}
                  {r.snippet && <span className="snippet"> · {highlight(r.snippet, r.terms)}</span>}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {problems.length > 0 && (
        <details className="problems">
          <summary>{problems.length} file(s) could not be read</summary>
          <ul>
            {problems.map((p) => (
              <li key={p.path}>{p.message}</li>
            ))}
          </ul>
        </details>
      )}
    </nav>
  );
}
