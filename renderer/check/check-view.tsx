import { useEffect, useState } from 'react';
import type { CallResponse } from '../../shared/ipc/contract.ts';
import { getApi } from '../api/index.ts';
import { useQuire } from '../state/context.ts';

/** The pre-publish check: errors and warnings, each naming its post; click to open it. */
export function CheckView() {
  const posts = useQuire((s) => s.posts);
  const openPost = useQuire((s) => s.openPost);
  const setView = useQuire((s) => s.setView);
  const [issues, setIssues] = useState<CallResponse<'checkSite'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    getApi()
      .checkSite({})
      .then((r) => !stale && setIssues(r))
      .catch((e: Error) => !stale && setError(e.message));
    return () => {
      stale = true;
    };
  }, [posts]);
  const errors = issues?.filter((i) => i.severity === 'error').length ?? 0;
  return (
    <section className="check-view">
      <h2>Before you publish</h2>
      {error && <p className="error">{error}</p>}
      {!issues && !error && <p className="muted">Checking…</p>}
      {issues && (
        <p role="status">
          {errors} error{errors === 1 ? '' : 's'}, {issues.length - errors} warning
          {issues.length - errors === 1 ? '' : 's'}
        </p>
      )}
      <ul className="issues">
        {issues?.map((i, k) => (
          <li key={k} className={i.severity}>
            <span className="severity">{i.severity}</span>{' '}
            <button
              className="link"
              onClick={() => {
                setView('write');
                void openPost(i.file);
              }}
            >
              {i.file}
            </button>
            : {i.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
