import { useEffect, useMemo, useRef, useState } from 'react';
import { findKey, parseFrontMatter } from '../../shared/content/front-matter.ts';
import { slugify } from '../../shared/content/slug.ts';
import { useQuire } from '../state/context.ts';
import type { RenameAnswer } from '../state/store.ts';

/** The post's name parts: file (or bundle folder) name, bundle or not. */
function nameOf(path: string): { name: string; bundle: boolean } {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  // A leaf bundle's index, a language's too (`index.fr.md`).
  const bundle = /^index(\.[a-z][\w-]*)?\.[^.]+$/i.test(file);
  return { name: bundle ? (parts.pop() ?? '') : file.replace(/\.[^.]+$/, ''), bundle };
}

function readFront(text: string): { title: string; slug: string | null } {
  try {
    const f = parseFrontMatter(text);
    const t = findKey(f.data, 'title');
    const s = findKey(f.data, 'slug');
    return {
      title: t ? String(f.data[t] ?? '') : '',
      slug: s ? String(f.data[s] ?? '') : null,
    };
  } catch {
    return { title: '', slug: null };
  }
}

/**
 * Rename, duplicate and delete for the open post, and the quiet offer of a slug that
 * matches a changed title.
 */
export function PostActions() {
  const open = useQuire((s) => s.open);
  const duplicatePost = useQuire((s) => s.duplicatePost);
  const deletePost = useQuire((s) => s.deletePost);
  const readOnly = useQuire((s) => s.site?.readOnly === true);
  const posts = useQuire((s) => s.posts);
  const [dialog, setDialog] = useState<{ name?: string; slug?: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const path = open?.path ?? '';
  const front = useMemo(() => readFront(open?.text ?? ''), [open?.text]);
  // The title when the post was opened: a change offers the matching slug.
  const openedTitle = useRef<{ path: string; title: string } | null>(null);
  if (open && openedTitle.current?.path !== path)
    openedTitle.current = { path, title: front.title };
  useEffect(() => setConfirmDelete(false), [path]);
  if (!open) return null;
  const { name } = nameOf(path);
  // A bundle whose folder holds its translations (index.md beside index.fr.md): the
  // delete takes this page's file only.
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  const sharesFolder = posts.some(
    (p) => p.path !== path && p.path.startsWith(dir) && !p.path.slice(dir.length).includes('/'),
  );
  const current = front.slug ?? name;
  const wanted = slugify(front.title);
  const offer =
    !readOnly &&
    front.title !== '' &&
    openedTitle.current !== null &&
    front.title !== openedTitle.current.title &&
    wanted !== '' &&
    wanted !== current;
  return (
    <div className="post-actions" aria-label="Post actions" role="group">
      <button className="small" disabled={readOnly} onClick={() => setDialog({})}>
        Rename…
      </button>
      <button className="small" disabled={readOnly} onClick={() => void duplicatePost(path)}>
        Duplicate
      </button>
      {confirmDelete ? (
        <span className="confirm-delete">
          Delete this post{nameOf(path).bundle && !sharesFolder ? ' and its folder' : ''}?{' '}
          <button className="small danger" onClick={() => void deletePost(path)}>
            Delete
          </button>{' '}
          <button className="small" onClick={() => setConfirmDelete(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button className="small" disabled={readOnly} onClick={() => setConfirmDelete(true)}>
          Delete…
        </button>
      )}
      {offer && (
        <span className="slug-offer muted">
          The title changed.{' '}
          <button
            className="link"
            onClick={() => setDialog(front.slug !== null ? { slug: wanted } : { name: wanted })}
          >
            Use “{wanted}” as the {front.slug !== null ? 'slug' : 'file name'}?
          </button>
        </span>
      )}
      {dialog && (
        <RenameDialog
          path={path}
          initial={dialog}
          slug={front.slug}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

/**
 * Rename: the file (or bundle folder) name, the slug, single file or bundle. "Review"
 * lists every file the rename will change, line by line; nothing is written until
 * "Rename" is pressed.
 */
function RenameDialog(props: {
  path: string;
  initial: { name?: string; slug?: string };
  slug: string | null;
  onClose(): void;
}) {
  const planRename = useQuire((s) => s.planRename);
  const renamePost = useQuire((s) => s.renamePost);
  const was = nameOf(props.path);
  const [name, setName] = useState(props.initial.name ?? was.name);
  const [slug, setSlug] = useState(props.initial.slug ?? props.slug ?? '');
  const [bundle, setBundle] = useState(was.bundle);
  const [alias, setAlias] = useState(true);
  const [plan, setPlan] = useState<RenameAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const request = () => ({
    ...(name.trim() !== was.name ? { name: name.trim() } : {}),
    ...(slug.trim() !== (props.slug ?? '') ? { slug: slug.trim() } : {}),
    ...(bundle !== was.bundle ? { bundle } : {}),
    alias,
  });
  const edited = () => setPlan(null);
  return (
    <div
      className="dialog-backdrop"
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Rename post">
        <h2>Rename {props.path}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            planRename(props.path, request())
              .then(setPlan)
              .catch((err: Error) => setError(err.message))
              .finally(() => setBusy(false));
          }}
        >
          <label>
            File name{' '}
            <input
              ref={first}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                edited();
              }}
            />
          </label>
          <label>
            Slug{' '}
            <input
              value={slug}
              placeholder="(none: the file name)"
              onChange={(e) => {
                setSlug(e.target.value);
                edited();
              }}
            />
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              checked={bundle}
              onChange={(e) => {
                setBundle(e.target.checked);
                edited();
              }}
            />{' '}
            Page bundle (a folder with index.md)
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              checked={alias}
              onChange={(e) => {
                setAlias(e.target.checked);
                edited();
              }}
            />{' '}
            Keep the old URL working (an alias)
          </label>
          <div className="row">
            <button type="submit" disabled={busy}>
              Review changes
            </button>
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
          </div>
        </form>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {plan && (
          <section aria-label="Files this rename changes" className="rename-plan">
            <p>
              {plan.oldUrl === plan.newUrl ? (
                <>The URL stays {plan.newUrl}.</>
              ) : (
                <>
                  URL {plan.oldUrl} → <strong>{plan.newUrl}</strong>
                  {plan.alias ? ' (the old URL redirects)' : ''}.
                </>
              )}
            </p>
            <p>
              {plan.changes.length} file{plan.changes.length === 1 ? '' : 's'} will change:
            </p>
            <ul className="rename-files">
              {plan.changes.map((c) => (
                <li key={c.file}>
                  <code>{c.file}</code>
                  {c.newFile !== c.file && (
                    <>
                      {' '}
                      → <code>{c.newFile}</code>
                    </>
                  )}
                  <ul>
                    {c.lines.map((l) => (
                      <li key={l.line}>
                        <span className="muted">line {l.line}:</span> <code>{l.after.trim()}</code>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
            <p className="muted">Unsaved text in any post is saved first.</p>
            <button
              disabled={busy}
              onClick={() => {
                setBusy(true);
                void renamePost(props.path, request()).then((done) => {
                  setBusy(false);
                  if (done) props.onClose();
                });
              }}
            >
              Rename ({plan.changes.length} file{plan.changes.length === 1 ? '' : 's'})
            </button>
          </section>
        )}
      </div>
    </div>
  );
}

/** After a delete: where it went, and Undo while it can be undone. */
export function DeletedBanner() {
  const d = useQuire((s) => s.lastDeleted);
  const undo = useQuire((s) => s.undoDelete);
  if (!d) return null;
  return (
    <div className="banner" role="status">
      Deleted {d.path} (moved to {d.trashedTo}).{' '}
      {d.undoable && (
        <button className="small" onClick={() => void undo()}>
          Undo
        </button>
      )}
    </div>
  );
}

/** A folder of Markdown without a Hugo config is open read-only: say so, offer the way out. */
export function ReadOnlyBanner() {
  const site = useQuire((s) => s.site);
  const openSite = useQuire((s) => s.openSite);
  if (!site?.readOnly) return null;
  return (
    <div className="banner conflict" role="alert">
      <p>
        <strong>Read-only:</strong> this folder holds Markdown but no Hugo config (hugo.toml), so
        Quire changes nothing in it.
      </p>
      <button onClick={() => void openSite(site.root, false, true)}>Edit anyway</button>
    </div>
  );
}

/** The folder is not a Hugo site: make it one (title, base URL, language, summary mode). */
export function NewSiteForm(props: { path: string; message: string }) {
  const initSite = useQuire((s) => s.initSite);
  const [title, setTitle] = useState(props.path.split(/[/\\]/).filter(Boolean).pop() ?? '');
  const [baseURL, setBaseURL] = useState('https://example.org/');
  const [languageCode, setLanguage] = useState('en-us');
  const [summaryMode, setMode] = useState<'paragraph' | 'sentence'>('paragraph');
  return (
    <form
      className="new-site"
      aria-label="New site"
      onSubmit={(e) => {
        e.preventDefault();
        void initSite({ title, baseURL, languageCode, summaryMode });
      }}
    >
      <h2>Create a Hugo site in {props.path}</h2>
      <p className="muted">
        {props.message} Quire writes hugo.toml, content/posts/ and minimal layouts, so Hugo builds
        it as it is.
      </p>
      <label>
        Site title <input value={title} onChange={(e) => setTitle(e.target.value)} required />
      </label>
      <label>
        Base URL <input value={baseURL} onChange={(e) => setBaseURL(e.target.value)} required />
      </label>
      <label>
        Language{' '}
        <input value={languageCode} onChange={(e) => setLanguage(e.target.value)} required />
      </label>
      <label>
        Summaries{' '}
        <select
          value={summaryMode}
          onChange={(e) => setMode(e.target.value as 'paragraph' | 'sentence')}
        >
          <option value="paragraph">First paragraph (Hugo 0.134 and later)</option>
          <option value="sentence">First sentences (older Hugo)</option>
        </select>
      </label>
      <button type="submit">Create site</button>
    </form>
  );
}
