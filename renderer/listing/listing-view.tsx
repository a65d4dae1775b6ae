import { useEffect, useRef, useState } from 'react';
import type { CallResponse } from '../../shared/ipc/contract.ts';
import { getApi } from '../api/index.ts';
import { useQuire } from '../state/context.ts';
import { PreviewModeSwitch, ThemeProblems } from '../theme/theme-bar.tsx';
import { ThemeFrame } from '../theme/theme-frame.tsx';
import { useTheme } from '../theme/use-theme.ts';

/**
 * The listing preview: the home page, a tag or category page, or the archive, rendered by
 * the export's own templates and theme in a frame where no script runs; as of any date,
 * with or without drafts. Clicking an entry opens the post.
 */
export function ListingView() {
  const posts = useQuire((s) => s.posts);
  const open = useQuire((s) => s.open);
  const openPost = useQuire((s) => s.openPost);
  const setView = useQuire((s) => s.setView);
  const [page, setPage] = useState('home');
  // A multilingual site's languages (Hugo's order) and the one shown ('' until known:
  // the default language).
  const [languages, setLanguages] = useState<string[]>([]);
  const [lang, setLang] = useState('');
  const [defaultLang, setDefaultLang] = useState('');
  const langArg = lang ? { lang } : {};
  const [pageNumber, setPageNumber] = useState(1);
  // As of and drafts are the theme preview's too: "Your theme" builds with them.
  const asOf = useTheme((s) => s.asOf);
  const setAsOf = useTheme((s) => s.setAsOf);
  const drafts = useTheme((s) => s.drafts);
  const setDrafts = useTheme((s) => s.setDrafts);
  const themeMode = useTheme((s) => s.mode);
  const themeBase = useTheme((s) => (s.status === 'ready' ? s.base : null));
  const [themeUrl, setThemeUrl] = useState<string | null>(null);
  const [result, setResult] = useState<CallResponse<'listingPreview'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [where, setWhere] = useState<CallResponse<'whereIs'> | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const nav = useRef({ prev: () => {}, next: () => {}, open: (_f: string) => {} });

  // The post listings the site has, from the site plan: home, archive, every section and
  // every term of every configured taxonomy.
  const [pages, setPages] = useState<string[]>(['home']);
  useEffect(() => {
    if (!/^\d{4}-\d\d-\d\d$/.test(asOf)) return;
    let stale = false;
    getApi()
      .listingPages({ asOf, drafts, ...langArg })
      .then((r) => {
        if (stale) return;
        setPages(r.pages);
        setLanguages(r.languages ?? []);
        setDefaultLang(r.defaultLanguage ?? '');
      })
      .catch(() => !stale && setPages(['home']));
    return () => {
      stale = true;
    };
  }, [asOf, drafts, posts, lang]);

  useEffect(() => {
    if (!/^\d{4}-\d\d-\d\d$/.test(asOf)) return;
    let stale = false;
    getApi()
      .listingPreview({ page, pageNumber, asOf, drafts, ...langArg })
      .then((r) => {
        if (stale) return;
        setResult(r);
        setError(null);
      })
      .catch((e: Error) => !stale && setError(e.message));
    if (themeMode === 'theme')
      getApi()
        .listing({ page, pageNumber, asOf, drafts, ...langArg })
        .then((r) => !stale && setThemeUrl(r.url))
        .catch(() => !stale && setThemeUrl(null));
    if (open) {
      getApi()
        .whereIs({ path: open.path, asOf })
        .then((w) => !stale && setWhere(w))
        .catch(() => !stale && setWhere(null));
    }
    return () => {
      stale = true;
    };
  }, [page, pageNumber, asOf, drafts, posts, open?.path, themeMode, lang]);

  nav.current = {
    prev: () => setPageNumber((n) => Math.max(1, n - 1)),
    next: () => setPageNumber((n) => (result ? Math.min(result.totalPages, n + 1) : n)),
    open: (file) => {
      setView('write');
      void openPost(file);
    },
  };

  const onLoad = () => {
    const doc = frame.current?.contentDocument;
    if (!doc) return;
    doc.addEventListener('click', (e) => {
      const el = e.target as Element;
      const entry = el.closest?.('article[data-file]');
      const a = el.closest?.('a');
      if (a || entry) e.preventDefault();
      if (a?.classList.contains('prev')) return nav.current.prev();
      if (a?.classList.contains('next')) return nav.current.next();
      const file = entry?.getAttribute('data-file');
      if (file) nav.current.open(file);
    });
  };

  return (
    <section className="listing-view">
      <header className="listing-bar">
        {languages.length > 0 && (
          <label>
            Language{' '}
            <select
              aria-label="Language"
              value={lang || defaultLang}
              onChange={(e) => {
                setLang(e.target.value);
                setPage('home');
                setPageNumber(1);
              }}
            >
              {languages.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Page{' '}
          <select
            aria-label="Listing"
            value={page}
            onChange={(e) => {
              setPage(e.target.value);
              setPageNumber(1);
            }}
          >
            {pages.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <button
          onClick={() => nav.current.prev()}
          disabled={pageNumber <= 1}
          aria-label="Previous page"
        >
          ‹
        </button>
        <span role="status" aria-label="Page number">
          {result ? `page ${result.pageNumber} of ${result.totalPages}` : ''}
        </span>
        <button
          onClick={() => nav.current.next()}
          disabled={!result || pageNumber >= result.totalPages}
          aria-label="Next page"
        >
          ›
        </button>
        <label>
          As of{' '}
          <input
            type="date"
            aria-label="As of"
            value={asOf}
            onChange={(e) => {
              setAsOf(e.target.value);
              setPageNumber(1);
            }}
          />
        </label>
        <label className="toggle">
          <input type="checkbox" checked={drafts} onChange={(e) => setDrafts(e.target.checked)} />{' '}
          Drafts
        </label>
        <PreviewModeSwitch dates={false} />
      </header>
      {themeMode === 'theme' && <ThemeProblems />}
      {open && where && (
        <p className="where" aria-label="Where this post lands">
          <strong>{open.path}</strong>{' '}
          {where.hidden
            ? `is not on the site as of ${asOf}: it is ${where.hidden === 'draft' ? 'a draft' : where.hidden}.`
            : `is at ${where.url ?? '?'} and lands on ${where.lists.map((t) => `${t.page} page ${t.pageNumber}`).join(', ') || 'no listing'}.`}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {themeMode === 'theme' && themeBase && themeUrl ? (
        <ThemeFrame src={themeBase + themeUrl.slice(1)} title="Your theme" />
      ) : (
        <iframe
          ref={frame}
          className="listing-frame"
          title="Listing preview"
          sandbox="allow-same-origin"
          srcDoc={result?.html ?? ''}
          onLoad={onLoad}
        />
      )}
    </section>
  );
}
