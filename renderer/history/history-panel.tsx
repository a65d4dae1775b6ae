import { diffLines } from 'diff';
import { useEffect, useMemo, useState } from 'react';
import { toEditorText } from '../../shared/content/line-endings.ts';
import type { CallResponse } from '../../shared/ipc/contract.ts';
import { getApi } from '../api/index.ts';
import { useQuire } from '../state/context.ts';

type Entry = CallResponse<'historyList'>['entries'][number];

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}

/** The "History" button of the editor bar and the open post's timeline it shows. */
export function HistoryButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button className="small" onClick={() => setOpen(!open)} aria-expanded={open}>
        History
      </button>
      {open && <HistoryPanel onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * The local history of the open post: every version a save replaced, newest first; the
 * chosen one compared with the text in the editor (the `diff` library); Restore writes it
 * back as a save (the current file and any unsaved text go to the history first).
 */
export function HistoryPanel(props: { onClose(): void }) {
  const open = useQuire((s) => s.open);
  const restoreVersion = useQuire((s) => s.restoreVersion);
  const path = open?.path ?? null;
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Entry | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [seq, setSeq] = useState(0);

  useEffect(() => {
    if (!path) return;
    let live = true;
    getApi()
      .historyList({ path })
      .then(
        (r) => live && (setEntries(r.entries), setError(null)),
        (err: Error) => live && setError(err.message),
      );
    return () => {
      live = false;
    };
  }, [path, seq]);

  useEffect(() => {
    if (!path || !chosen) return;
    let live = true;
    setText(null);
    getApi()
      .historyRead({ path, id: chosen.id })
      .then(
        (r) => live && setText(r.text),
        (err: Error) => live && setError(err.message),
      );
    return () => {
      live = false;
    };
  }, [path, chosen]);

  const current = open?.text ?? '';
  const parts = useMemo(
    () => (text === null ? [] : diffLines(current, toEditorText(text))),
    [current, text],
  );
  const changed = parts.some((p) => p.added || p.removed);

  return (
    <div className="history-panel" role="dialog" aria-label="History of this post">
      <header>
        <h2>History</h2>
        <span className="muted">{path}</span>
        <button className="small" onClick={props.onClose}>
          Close
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="history-body">
        <ol className="history-timeline" aria-label="Versions">
          {entries?.length === 0 && (
            <li className="muted">No earlier versions yet: each save keeps the one it replaces.</li>
          )}
          {entries?.map((e) => (
            <li key={e.id}>
              <button
                className="link"
                aria-pressed={chosen?.id === e.id}
                onClick={() => setChosen(e)}
              >
                {when(e.savedAt)}
                <span className="muted">
                  {' '}
                  · {e.kind === 'unsaved' ? 'unsaved text' : 'saved'} · {e.size} bytes
                </span>
              </button>
            </li>
          ))}
        </ol>
        <div className="history-diff">
          {!chosen && <p className="muted">Choose a version to compare it with your text.</p>}
          {chosen && text === null && <p className="muted">Loading…</p>}
          {chosen && text !== null && (
            <>
              <p>
                Changes from your text to the version of {when(chosen.savedAt)}:{' '}
                <button
                  disabled={busy}
                  onClick={() => {
                    setBusy(true);
                    void restoreVersion(chosen.id)
                      .then(() => {
                        setChosen(null);
                        setSeq((n) => n + 1);
                      })
                      .catch((err: Error) => setError(err.message))
                      .finally(() => setBusy(false));
                  }}
                >
                  Restore this version
                </button>
              </p>
              {!changed && <p className="muted">It is the same as your text.</p>}
              <pre className="diff" aria-label="Differences">
                {parts.map((p, i) =>
                  p.added || p.removed || p.count! <= 6 ? (
                    <span key={i} className={p.added ? 'ins' : p.removed ? 'del' : 'same'}>
                      {p.value
                        .replace(/\n$/, '')
                        .split('\n')
                        .map((l) => `${p.added ? '+ ' : p.removed ? '- ' : '  '}${l}`)
                        .join('\n') + '\n'}
                    </span>
                  ) : (
                    <span key={i} className="same muted">
                      {`  … ${p.count} unchanged lines …\n`}
                    </span>
                  ),
                )}
              </pre>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
