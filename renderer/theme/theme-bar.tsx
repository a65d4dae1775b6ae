import { useEffect, useRef } from 'react';
import { getApi } from '../api/index.ts';
import { useQuire } from '../state/context.ts';
import { themeStore, useTheme } from './use-theme.ts';

/** Quire's preview or "Your theme" (the site's own Hugo), and the line saying why not. */
export function PreviewModeSwitch({ dates }: { dates: boolean }) {
  const mode = useTheme((s) => s.mode);
  const setMode = useTheme((s) => s.setMode);
  const status = useTheme((s) => s.status);
  const message = useTheme((s) => s.message);
  const asOf = useTheme((s) => s.asOf);
  const setAsOf = useTheme((s) => s.setAsOf);
  const drafts = useTheme((s) => s.drafts);
  const setDrafts = useTheme((s) => s.setDrafts);
  const hugo = useTheme((s) => s.hugo);
  const hugoMode = useTheme((s) => s.hugoMode);
  return (
    <>
      <span className="preview-mode" role="group" aria-label="Preview with">
        <button aria-pressed={mode === 'quire'} onClick={() => setMode('quire')}>
          Quire
        </button>
        <button aria-pressed={mode === 'theme'} onClick={() => setMode('theme')}>
          Your theme
        </button>
      </span>
      {dates && mode === 'theme' && (
        <>
          <label>
            As of{' '}
            <input
              type="date"
              aria-label="Theme as of"
              value={asOf}
              onChange={(e) => setAsOf(e.target.value)}
            />
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              aria-label="Theme drafts"
              checked={drafts}
              onChange={(e) => setDrafts(e.target.checked)}
            />{' '}
            Drafts
          </label>
        </>
      )}
      {mode === 'theme' && status === 'starting' && (
        <span className="muted theme-status">Starting Hugo…</span>
      )}
      {mode === 'theme' && status === 'ready' && hugo && (
        <span
          className="muted theme-status"
          data-mode={hugoMode ?? undefined}
          title={
            hugoMode === 'build'
              ? 'Your site is built once per pause in typing'
              : hugoMode === 'server'
                ? 'Your site runs in hugo server'
                : undefined
          }
        >
          Hugo {hugo}
        </span>
      )}
      {mode === 'quire' && message && (
        <span className="theme-note" role="note" aria-label="Your theme">
          {message}
        </span>
      )}
    </>
  );
}

/** Hugo's errors of the last build (or of a site that does not build), with file and line. */
export function ThemeProblems() {
  const problems = useTheme((s) => s.problems);
  const status = useTheme((s) => s.status);
  if (!problems.length || (status !== 'ready' && status !== 'failed')) return null;
  return (
    <ul className="theme-problems" aria-label="Hugo errors">
      {problems.map((p, i) => (
        <li key={i}>
          {p.file && (
            <strong>
              {p.file}
              {p.line !== null ? `:${p.line}` : ''}
              {p.column !== null ? `:${p.column}` : ''}
            </strong>
          )}{' '}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * Sends the open post's text to Hugo after typing pauses (the store's settled text): its
 * unsaved text when it has changes, the file on disk otherwise. Nothing is saved.
 */
export function ThemeTextSync() {
  const open = useQuire((s) => s.open);
  const base = useTheme((s) => (s.status === 'ready' ? s.base : null));
  const path = open?.path;
  const text = open ? (open.dirty ? open.text : null) : undefined;
  // Answers can come back out of order (one build answers several texts): only the
  // newest text's URL counts.
  const sent = useRef(0);
  useEffect(() => {
    if (!path || !base || text === undefined) return;
    const id = ++sent.current;
    void getApi()
      .themePreviewText({ path, text })
      // The page moves with a slug typed but not saved (after Hugo built it there).
      .then((r) => {
        if (id !== sent.current) return;
        themeStore()
          .getState()
          .setUrl(path, text === null ? null : r.url);
      })
      .catch(() => undefined);
  }, [path, text, base]);
  return null;
}
