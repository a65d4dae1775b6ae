import type { EditorView } from '@codemirror/view';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import { toPostMeta } from '../../shared/content/post.ts';
import { assetUrl } from '../api/assets.ts';
import { getApi } from '../api/index.ts';
import { applyText } from '../editor/apply-text.ts';
import { MarkdownEditor } from '../editor/markdown-editor.tsx';
import { fileToBase64 } from '../editor/paste-image.ts';
import { MetaForm } from '../meta/meta-form.tsx';
import { PreviewFrame } from '../preview/preview-frame.tsx';
import { usePreview } from '../preview/use-preview.ts';
import { StoreContext, useQuire } from '../state/context.ts';
import { ConflictBanner } from './conflict-banner.tsx';

const STATUS: Record<string, string> = { saving: 'Saving…', saved: 'Saved', loading: 'Opening…' };

/** The open post: form, editor, live preview, status bar, and every way a save can go. */
export function EditorPane() {
  const open = useQuire((s) => s.open);
  const site = useQuire((s) => s.site);
  const posts = useQuire((s) => s.posts);
  const dirty = useQuire((s) => s.dirty);
  const status = useQuire((s) => s.status);
  const message = useQuire((s) => s.message);
  const conflict = useQuire((s) => s.conflict);
  const prefs = useQuire((s) => s.prefs);
  const setPref = useQuire((s) => s.setPref);
  const save = useQuire((s) => s.save);
  const setDirty = useQuire((s) => s.setDirty);
  const renamedTo = useQuire((s) => s.renamedTo);
  const view = useRef<EditorView | null>(null);
  const savedText = useRef('');
  savedText.current = open?.savedText ?? '';
  const [text, setText] = useState(open?.loadedText ?? '');
  const [topLine, setTopLine] = useState<number | null>(null);
  const [tab, setTab] = useState<'write' | 'preview'>('write');

  useEffect(() => {
    setText(open?.loadedText ?? '');
  }, [open?.loadId]);

  // Autosave after a pause; the journal keeps unsaved text safe meanwhile.
  useEffect(() => {
    if (!open || !dirty || conflict) return;
    const journal = setTimeout(
      () =>
        void getApi()
          .journalWrite({ path: open.path, text, baseVersion: open.version })
          .catch(() => undefined),
      // Soon after a pause; long posts wait a little longer so typing is not slowed.
      Math.min(1500, 300 + text.length / 300),
    );
    const auto =
      prefs.autosave && view.current
        ? setTimeout(
            () => view.current && void save(view.current.state.doc.toString()),
            prefs.autosaveMs,
          )
        : null;
    return () => {
      clearTimeout(journal);
      if (auto) clearTimeout(auto);
    };
  }, [text, dirty, open?.path, conflict, prefs.autosave]);

  // Nothing lost when another post opens: save (autosave on) or ask first.
  const setBeforeSwitch = useQuire((s) => s.setBeforeSwitch);
  const store = useContext(StoreContext);
  const autosaveRef = useRef(prefs.autosave);
  autosaveRef.current = prefs.autosave;
  useEffect(() => {
    setBeforeSwitch(async () => {
      // The live text, not the debounced dirty flag: the last keystroke may be a moment old.
      if (!view.current || view.current.state.doc.toString() === savedText.current) return true;
      if (autosaveRef.current) {
        const text = view.current.state.doc.toString();
        await save(text);
        return (
          store?.getState().open?.savedText === text ||
          window.confirm(
            'This post could not be saved. Open the other one anyway? Its text stays in the recovery journal.',
          )
        );
      }
      return window.confirm(
        'This post has unsaved changes. Open the other post and leave them? They stay in the recovery journal.',
      );
    });
    return () => setBeforeSwitch(null);
  }, [save, setBeforeSwitch]);

  // Ctrl/Cmd+S saves from anywhere in the window (the editor handles its own first).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 's') return;
      e.preventDefault();
      if (view.current) void save(view.current.state.doc.toString());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

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

  const previewRequest = useMemo(() => {
    if (!open || !config || !split) return null;
    const probe = assetUrl('x');
    return {
      body: split.body,
      bodyLine: split.bodyLine,
      postPath: open.path,
      wantSegments: prefs.showPreview,
      meta: { summary: split.meta.summary, params: split.meta.params },
      config: {
        typographer: config.typographer,
        unsafeHtml: config.unsafeHtml,
        summaryLength: config.summaryLength,
        hasCJKLanguage: config.hasCJKLanguage,
      },
      summaryMode: site!.summaryMode,
      assetPrefix: probe.slice(0, probe.indexOf('x')),
      assetSuffix: probe.slice(probe.indexOf('x') + 1),
    };
  }, [split, prefs.showPreview, config, open?.path]);
  const { segments, derived } = usePreview(previewRequest);

  const allTags = useMemo(() => [...new Set(posts.flatMap((p) => p.tags))].sort(), [posts]);
  const allCategories = useMemo(
    () => [...new Set(posts.flatMap((p) => p.categories))].sort(),
    [posts],
  );
  const otherUrls = useMemo(() => new Map(posts.map((p) => [p.path, p.url])), [posts]);

  if (!open) return <section className="editor-pane empty">Choose a post, or create one.</section>;

  const storeImage = async (file: File): Promise<string | null> => {
    const api = getApi();
    const request = {
      post: open.path,
      name: file.name || `pasted-${Date.now()}.png`,
      dataBase64: await fileToBase64(file),
      target: prefs.imageTarget,
    };
    try {
      return (await api.addImage(request)).link;
    } catch (err) {
      if ((err as { code?: string }).code !== 'needs-bundle') {
        window.alert((err as Error).message);
        return null;
      }
      if (
        !window.confirm(
          `${(err as Error).message}\n\nTurn it into a bundle now? Its URL stays the same.`,
        )
      )
        return null;
      const r = await api.addImage({ ...request, convertToBundle: true });
      renamedTo(r.post);
      return r.link;
    }
  };

  const editor = (
    <MarkdownEditor
      docKey={`#${open.loadId}`}
      initialText={open.loadedText}
      path={open.path}
      savedText={() => savedText.current}
      hideFrontMatter={prefs.hideFrontMatter}
      onDirty={setDirty}
      onSave={(t) => void save(t)}
      onText={setText}
      onTopLine={(l) => prefs.showPreview && setTopLine(l)}
      storeImage={storeImage}
      viewRef={view}
    />
  );

  return (
    <section className={`editor-pane${prefs.showPreview ? ' with-preview' : ''} tab-${tab}`}>
      <header className="editor-bar">
        <span className="path">
          {open.path}
          {dirty && <span aria-label="unsaved changes"> •</span>}
        </span>
        <span className="status" role="status">
          {message ?? STATUS[status] ?? (dirty ? 'Unsaved changes' : '')}
        </span>
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
            ['showMeta', 'Metadata'],
            ['hideFrontMatter', 'Hide front matter'],
            ['showPreview', 'Preview'],
            ['autosave', 'Autosave'],
          ] as const
        ).map(([key, label]) => (
          <label className="toggle" key={key}>
            <input
              type="checkbox"
              checked={prefs[key]}
              onChange={(e) => setPref(key, e.target.checked)}
            />{' '}
            {label}
          </label>
        ))}
        <label className="toggle">
          Images go to{' '}
          <select
            aria-label="Pasted images go to"
            value={prefs.imageTarget}
            onChange={(e) => setPref('imageTarget', e.target.value as 'bundle' | 'static')}
          >
            <option value="bundle">the post's folder</option>
            <option value="static">static/images</option>
          </select>
        </label>
        <button
          onClick={() => view.current && void save(view.current.state.doc.toString())}
          disabled={status === 'saving' || !!conflict}
        >
          Save
        </button>
      </header>
      {conflict && <ConflictBanner mine={() => view.current?.state.doc.toString() ?? text} />}
      <div className="panes">
        <div className="write-pane">
          {prefs.showMeta && (
            <MetaForm
              path={open.path}
              parsed={parsed}
              derived={derived}
              allTags={allTags}
              allCategories={allCategories}
              otherUrls={otherUrls}
              permalinks={config?.permalinks ?? {}}
              section={
                posts.find((p) => p.path === open.path)?.section ?? open.path.split('/')[1] ?? ''
              }
              onEdit={(edit) => {
                // Always from the live document: the form's copy may be a keystroke behind.
                const live = view.current ? view.current.state.doc.toString() : text;
                let file;
                try {
                  file = parseFrontMatter(live, open.path);
                } catch {
                  return;
                }
                const next = edit(file);
                if (view.current) applyText(view.current, next);
                setText(next);
              }}
            />
          )}
          {editor}
        </div>
        {prefs.showPreview && (
          <div className="preview-pane">
            <PreviewFrame
              segments={segments}
              scrollToLine={topLine}
              onScrollLine={(line) => view.current && scrollEditorTo(view.current, line)}
            />
          </div>
        )}
      </div>
      <footer className="status-bar">
        {derived
          ? `${derived.wordCount.toLocaleString('en-US')} words · ${derived.readingTime} min read`
          : ''}
        {derived && site?.config.dateFormat && split?.meta.date ? ` · ${split.meta.date.raw}` : ''}
      </footer>
    </section>
  );
}

function scrollEditorTo(view: EditorView, line: number): void {
  const l = view.state.doc.line(Math.min(Math.max(line + 1, 1), view.state.doc.lines));
  const block = view.lineBlockAt(l.from);
  view.scrollDOM.scrollTop = block.top;
}
