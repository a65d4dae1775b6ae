import { useEffect, useState } from 'react';
import type { CallResponse } from '../../shared/ipc/contract.ts';
import { getApi } from '../api/index.ts';
import { useQuire } from '../state/context.ts';

type Status = CallResponse<'gitStatus'>;

const LABEL: Record<string, string> = {
  modified: 'changed',
  new: 'new',
  deleted: 'deleted',
  renamed: 'renamed',
  conflict: 'conflict',
};

/** The "Publish" button of the app bar and its panel. */
export function PublishButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(!open)} aria-expanded={open}>
        Publish
      </button>
      {open && <PublishPanel onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * Publish with git: the site's changes (posts first), a commit message, then Commit and
 * push, Pull, Push; git's progress as it comes; errors in one line (no remote, a rejected
 * push with Pull offered, conflicts named per file). Never a force-push.
 */
export function PublishPanel(props: { onClose(): void }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  const refresh = () =>
    getApi()
      .gitStatus({})
      .then(setStatus, (err: Error) =>
        setError({ code: (err as { code?: string }).code ?? 'failed', message: err.message }),
      );
  // The list follows the site: every save or change on disk gives a new post list.
  const posts = useQuire((s) => s.posts);
  useEffect(() => {
    if (!busy) void refresh();
  }, [posts]);
  useEffect(
    () =>
      getApi().subscribe((e) => {
        if (e.type === 'gitProgress') setProgress(e.data.line);
      }),
    [],
  );

  const run = async (label: string, steps: (() => Promise<string>)[]) => {
    setBusy(label);
    setError(null);
    setResult(null);
    setProgress('');
    const done: string[] = [];
    try {
      for (const step of steps) done.push(await step());
      setResult(done.join(' '));
    } catch (err) {
      if (done.length) setResult(done.join(' '));
      setError({
        code: (err as { code?: string }).code ?? 'failed',
        message: (err as Error).message,
      });
    } finally {
      setBusy(null);
      setProgress('');
      await refresh();
    }
  };
  const api = getApi();
  const commit = async () => {
    const c = await api.gitCommit({ message });
    setMessage('');
    return `Committed ${c.files} file(s) (${c.commit}).`;
  };
  const push = async () => (await api.gitPush({})).summary;
  const pull = async () => (await api.gitPull({})).summary;
  const changes = status?.changes ?? [];
  const rejected = error?.code === 'conflict' && /rejected/.test(error.message);

  return (
    <div className="publish-panel" role="dialog" aria-label="Publish">
      <header>
        <h2>Publish</h2>
        {status?.ok && (
          <span className="muted">
            {status.branch ?? '(no branch)'}
            {status.remote ? ` → ${status.upstream ?? `${status.remote}/${status.branch}`}` : ''}
            {status.ahead > 0 ? ` · ${status.ahead} to push` : ''}
            {status.behind > 0 ? ` · ${status.behind} to pull` : ''}
          </span>
        )}
        <button className="small" onClick={props.onClose}>
          Close
        </button>
      </header>
      {status && !status.ok && <p className="banner conflict">{status.message}</p>}
      {status?.ok && (
        <>
          {status.message && <p className="banner conflict">{status.message}</p>}
          <h3>{changes.length ? `${changes.length} change(s)` : 'No changes to commit'}</h3>
          <ul className="git-changes" aria-label="Changes">
            {[...changes]
              .sort((a, b) => Number(b.post) - Number(a.post))
              .map((c) => (
                <li key={c.path} className={`git-${c.change}`}>
                  <span className="badge">{LABEL[c.change]}</span> {c.path}
                  {!c.post && <span className="muted"> (not a post)</span>}
                </li>
              ))}
          </ul>
          <label htmlFor="commit-message">Commit message</label>
          <textarea
            id="commit-message"
            rows={2}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            placeholder="What changed"
          />
          <div className="row">
            <button
              disabled={!!busy || !changes.length || !message.trim() || !status.remote}
              onClick={() => void run('publish', [commit, push])}
            >
              Commit and push
            </button>
            <button
              disabled={!!busy || !changes.length || !message.trim()}
              onClick={() => void run('commit', [commit])}
            >
              Commit
            </button>
            <button disabled={!!busy || !status.remote} onClick={() => void run('pull', [pull])}>
              Pull
            </button>
            <button disabled={!!busy || !status.remote} onClick={() => void run('push', [push])}>
              Push
            </button>
          </div>
        </>
      )}
      {busy && (
        <p role="status" className="muted">
          {busy === 'pull' ? 'Pulling' : busy === 'commit' ? 'Committing' : 'Publishing'}…{' '}
          {progress}
        </p>
      )}
      {result && !busy && <p role="status">{result}</p>}
      {error && (
        <div className="banner error" role="alert">
          <p>{error.message}</p>
          {rejected && (
            <button disabled={!!busy} onClick={() => void run('pull', [pull, push])}>
              Pull, then push
            </button>
          )}
        </div>
      )}
    </div>
  );
}
