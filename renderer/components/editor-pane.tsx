import type { EditorView } from '@codemirror/view';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import { toPostMeta } from '../../shared/content/post.ts';
import { assetUrl } from '../api/assets.ts';
import { MarkdownEditor } from '../editor/markdown-editor.tsx';
import { MetaForm } from '../meta/meta-form.tsx';
import { MetaSummary } from '../meta/meta-summary.tsx';
import { PreviewFrame } from '../preview/preview-frame.tsx';
import { usePreview } from '../preview/use-preview.ts';
import { PreviewModeSwitch, ThemeProblems } from '../theme/theme-bar.tsx';
import { ThemeFrame } from '../theme/theme-frame.tsx';
import { useTheme } from '../theme/use-theme.ts';
import { useQuire } from '../state/context.ts';
import { ConflictBanner } from './conflict-banner.tsx';
import { jumpToHeading, Outline, sectionAt } from './outline.tsx';
import { FigureForm } from './figure-form.tsx';
import { HistoryButton } from '../history/history-panel.tsx';
import { SessionGoal } from './session-goal.tsx';
import { PostActions } from './post-actions.tsx';

const STATUS: Record<string, string> = { saving: 'Saving…', saved: 'Saved', loading: 'Opening…' };

/** The open post: form, editor, live preview, status bar, and every way a save can go. */
export function EditorPane() {
  const open = useQuire((s) => s.open);
  const session = useQuire((s) => (s.open ? s.session() : null));
  const site = useQuire((s) => s.site);
  const posts = useQuire((s) => s.posts);
  const prefs = useQuire((s) => s.prefs);
  const setPref = useQuire((s) => s.setPref);
  const save = useQuire((s) => s.save);
  const formEdit = useQuire((s) => s.formEdit);
  const setDraft = useQuire((s) => s.setDraft);
  const figure = useQuire((s) => s.figure);
  const applyFigure = useQuire((s) => s.applyFigure);
  const view = useRef<EditorView | null>(null);
  const themeMode = useTheme((s) => s.mode);
  const themeBase = useTheme((s) => (s.status === 'ready' ? s.base : null));
  const themeUrls = useTheme((s) => s.urls);
  const themeShown = themeMode === 'theme' && themeBase !== null;
  const [topLine, setTopLine] = useState<number | null>(null);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  // The outline's current section: state changes only when the cursor crosses a heading.
  const [section, setSection] = useState(-1);
  const cursorLine = useRef(0);
  const text = open?.text ?? '';
  const status = open?.status ?? 'idle';
  const dirty = open?.dirty ?? false;
  const conflict = open?.conflict ?? null;

  const config = site?.config;
  // One parse per text snapshot, shared by the preview, the status bar and the form.
  const parsed = useMemo(() => {
    try {
      return { file: parseFrontMatter(text, open?.path), error: null };
    } catch (err) {
      return { file: null, error: (err as Error).message };
    }
  }, [text, open?.path]);
  const split = useMemo(() => {
    const f = parsed.file;
    if (!f) return null;
    return {
      body: f.split.body,
      bodyLine: (f.split.open + f.split.raw + f.split.close).split('\n').length - 1,
      meta: toPostMeta(f.data),
    };
  }, [parsed]);

  // Every post's URL, for ref/relref in the preview (a new list only when posts change).
  const refs = useMemo(() => posts.map((p) => ({ path: p.path, url: p.url })), [posts]);
  const previewRequest = useMemo(() => {
    if (!open || !config || !split) return null;
    const probe = assetUrl('x');
    return {
      body: split.body,
      bodyLine: split.bodyLine,
      postPath: open.path,
      // Hidden behind the theme's page: not rendered (the word count still is).
      wantSegments: prefs.showPreview && !themeShown,
      wantOutline: prefs.showOutline,
      meta: {
        summary: split.meta.summary,
        params: split.meta.params,
        title: split.meta.title,
        date: split.meta.date,
      },
      config: {
        typographer: config.typographer,
        unsafeHtml: config.unsafeHtml,
        summaryLength: config.summaryLength,
        hasCJKLanguage: config.hasCJKLanguage,
        dateFormat: config.dateFormat,
        showReadingTime: config.showReadingTime,
        headingIdType: config.headingIdType,
        ...(config.lineNos ? { lineNos: config.lineNos } : {}),
        ...(config.lineNoStart !== undefined ? { lineNoStart: config.lineNoStart } : {}),
        ...(config.guessSyntax ? { guessSyntax: true } : {}),
      },
      shortcodes: { site: config.params, baseURL: config.baseURL, privacy: config.privacy },
      refs,
      contentDir: config.contentDir,
      summaryMode: site!.summaryMode,
      assetPrefix: probe.slice(0, probe.indexOf('x')),
      assetSuffix: probe.slice(probe.indexOf('x') + 1),
    };
  }, [split, prefs.showPreview, prefs.showOutline, themeShown, config, open?.path, refs]);
  const { segments, derived } = usePreview(previewRequest);
  const headings = useMemo(() => derived?.outline ?? [], [derived]);
  const headingsRef = useRef(headings);
  headingsRef.current = headings;
  useEffect(() => setSection(sectionAt(headings, cursorLine.current)), [headings]);
  const jump = useCallback(
    (h: (typeof headings)[number]) => view.current && jumpToHeading(view.current, h),
    [],
  );

  const allTags = useMemo(() => [...new Set(posts.flatMap((p) => p.tags))].sort(), [posts]);
  const allCategories = useMemo(
    () => [...new Set(posts.flatMap((p) => p.categories))].sort(),
    [posts],
  );
  const otherUrls = useMemo(() => new Map(posts.map((p) => [p.path, p.url])), [posts]);

  const tools = useMemo(
    () => ({
      vim: prefs.vim,
      spell: { enabled: prefs.spellcheck, languages: prefs.spellLanguages },
    }),
    [prefs.vim, prefs.spellcheck, prefs.spellLanguages],
  );

  if (!session)
    return <section className="editor-pane empty">Choose a post, or create one.</section>;
  const goal = prefs.wordGoals[session.path] ?? 0;

  // The front matter hides only while the form shows it (and parses: see front-matter-fold).
  const hideFrontMatter = prefs.hideFrontMatter && prefs.showMeta;
  const editor = (
    <MarkdownEditor
      session={session}
      hideFrontMatter={hideFrontMatter}
      focusMode={prefs.focusMode}
      typewriter={prefs.typewriter}
      tools={tools}
      onTopLine={(l) => prefs.showPreview && setTopLine(l)}
      onCursorLine={(l) => {
        cursorLine.current = l;
        const next = sectionAt(headingsRef.current, l);
        setSection((s) => (s === next ? s : next));
      }}
      viewRef={view}
    />
  );

  return (
    <section className={`editor-pane${prefs.showPreview ? ' with-preview' : ''} tab-${tab}`}>
      <header className="editor-bar">
        <span className="path" title={session.path}>
          {session.path}
          {dirty && <span aria-label="unsaved changes"> •</span>}
        </span>
        <span className="status" role="status">
          {open?.message ?? STATUS[status] ?? (dirty ? 'Unsaved changes' : '')}
          {open?.held && (
            <button className="small" onClick={() => void save({ force: true })}>
              Save anyway
            </button>
          )}
        </span>
        <HistoryButton />
        <div className="tabs" role="tablist">
          <button role="tab" aria-selected={tab === 'write'} onClick={() => setTab('write')}>
            Write
          </button>
          <button role="tab" aria-selected={tab === 'preview'} onClick={() => setTab('preview')}>
            Preview
          </button>
        </div>
        {(
          [
            ['showOutline', 'Outline', false],
            ['showMeta', 'Metadata', false],
            ['hideFrontMatter', 'Front matter', true],
            ['showPreview', 'Preview', false],
            ['autosave', 'Autosave', false],
          ] as const
        ).map(([key, label, inverted]) => (
          <label className="toggle" key={key}>
            <input
              type="checkbox"
              checked={prefs[key] !== inverted}
              onChange={(e) => setPref(key, e.target.checked !== inverted)}
            />{' '}
            {label}
          </label>
        ))}
        <label className="toggle">
          Images go to{' '}
          <select
            value={prefs.imageTarget}
            onChange={(e) => setPref('imageTarget', e.target.value as 'bundle' | 'static')}
          >
            <option value="bundle">the post's folder</option>
            <option value="static">static/images</option>
          </select>
        </label>
        <button onClick={() => void save()} disabled={status === 'saving' || !!conflict}>
          Save
        </button>
      </header>
      <PostActions />
      {conflict && <ConflictBanner session={session} />}
      {figure && (
        <FigureForm
          initial={figure.fields.src ? figure.fields : undefined}
          extra={figure.extra}
          onSubmit={(text) => {
            applyFigure(text);
            view.current?.focus();
          }}
          onCancel={() => {
            applyFigure(null);
            view.current?.focus();
          }}
        />
      )}
      <div className="panes">
        {prefs.showOutline && <Outline headings={headings} current={section} onJump={jump} />}
        <div className="write-pane">
          {prefs.showMeta && (
            <MetaSummary
              parsed={parsed}
              drafts={open?.drafts ?? {}}
              expanded={prefs.metaExpanded || !parsed.file}
              onToggle={() => setPref('metaExpanded', !prefs.metaExpanded)}
            />
          )}
          {prefs.showMeta && (prefs.metaExpanded || !parsed.file) && (
            <MetaForm
              path={session.path}
              parsed={parsed}
              derived={derived}
              allTags={allTags}
              allCategories={allCategories}
              otherUrls={otherUrls}
              permalinks={config?.permalinks ?? {}}
              section={
                posts.find((p) => p.path === session.path)?.section ??
                session.path.split('/')[1] ??
                ''
              }
              drafts={open?.drafts ?? {}}
              fieldError={open?.fieldError}
              setDraft={setDraft}
              onEdit={formEdit}
            />
          )}
          {editor}
        </div>
        {prefs.showPreview && (
          <div className="preview-pane">
            <div className="preview-bar">
              <PreviewModeSwitch dates />
            </div>
            {themeMode === 'theme' && <ThemeProblems />}
            {themeMode === 'theme' && themeBase ? (
              <ThemeFrame
                src={
                  themeBase +
                  (
                    themeUrls[session.path] ??
                    posts.find((p) => p.path === session.path)?.url ??
                    '/'
                  ).slice(1)
                }

                title="Your theme"
              />
            ) : (
              <PreviewFrame
                segments={segments}
                header={derived?.header ?? ''}
                scrollToLine={topLine}
                onScrollLine={(line) => view.current && scrollEditorTo(view.current, line)}
              />
            )}
          </div>
        )}
      </div>
      <footer className="status-bar">
        <span>
          {derived
            ? `${derived.wordCount.toLocaleString('en-US')} words · ${derived.readingTime} min read`
            : ''}
          {derived && site?.config.dateFormat && split?.meta.date
            ? ` · ${split.meta.date.raw}`
            : ''}
        </span>
        <label className="goal">
          Goal{' '}
          <input
            id="word-goal"
            type="number"
            min={0}
            step={50}
            placeholder="none"
            value={goal || ''}
            onChange={(e) => {
              const n = Math.max(0, Math.floor(Number(e.target.value) || 0));
              const goals = { ...prefs.wordGoals };
              if (n) goals[session.path] = n;
              else delete goals[session.path];
              setPref('wordGoals', goals);
            }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' && e.key !== 'Escape') return;
              // Back to the text; the key itself must not reach it.
              e.preventDefault();
              view.current?.focus();
            }}
          />
        </label>
        {goal > 0 && derived && (
          <>
            <meter
              min={0}
              max={goal}
              value={Math.min(derived.wordCount, goal)}
              aria-label="Progress to the goal"
            />
            <span
              className={`goal-state${derived.wordCount >= goal ? ' reached' : ''}`}
              aria-live="polite"
            >
              {derived.wordCount >= goal
                ? 'Goal reached'
                : `${(goal - derived.wordCount).toLocaleString('en-US')} to go`}
            </span>
          </>
        )}
        <SessionGoal
          path={session.path}
          count={derived && derived.path === session.path ? derived.wordCount : null}
          onDone={() => view.current?.focus()}
        />
        {prefs.focusMode && <span className="mode">Focus</span>}
        {prefs.typewriter && <span className="mode">Typewriter</span>}
      </footer>
    </section>
  );
}

function scrollEditorTo(view: EditorView, line: number): void {
  const l = view.state.doc.line(Math.min(Math.max(line + 1, 1), view.state.doc.lines));
  const block = view.lineBlockAt(l.from);
  view.scrollDOM.scrollTop = block.top;
}
