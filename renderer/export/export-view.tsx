import { useEffect, useState } from 'react';
import { getApi } from '../api/index.ts';
import { useQuire } from '../state/context.ts';
import { today } from '../state/today.ts';

function size(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}

/** Where an export goes by default: `<site>-public/`, or `<site>-<date>.zip` next to it. */
function proposedTarget(root: string, kind: 'folder' | 'zip', asOf: string): string {
  if (!root) return '';
  const base = root.replace(/[\\/]+$/, '');
  return kind === 'zip' ? `${base}-${asOf}.zip` : `${base}-public`;
}

/** Export the site: folder or .zip, as of a date, drafts, base URL; progress; cancel; result. */
export function ExportView() {
  const site = useQuire((s) => s.site);
  const job = useQuire((s) => s.exportJob);
  const start = useQuire((s) => s.startExport);
  const cancel = useQuire((s) => s.cancelExport);
  const [kind, setKind] = useState<'folder' | 'zip'>('folder');
  const [asOf, setAsOf] = useState(today());
  const [typed, setTyped] = useState<string | null>(null);
  // Until the user types a path, the target follows the kind (and the date for a .zip).
  const target = typed ?? proposedTarget(site?.root ?? '', kind, asOf);
  const [drafts, setDrafts] = useState(false);
  const [allowCollisions, setAllowCollisions] = useState(false);
  const [baseURL, setBaseURL] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  // "Build with Hugo" is offered where Hugo is installed; Quire's own build stays the default.
  const [hugo, setHugo] = useState<{ ok: boolean; version: string | null; message: string } | null>(
    null,
  );
  const [withHugo, setWithHugo] = useState(false);
  useEffect(() => {
    let stale = false;
    getApi()
      .hugoStatus({})
      .then((h) => !stale && setHugo(h))
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, []);
  const running = job && job.phase !== 'done';
  const pct = job ? Math.round((job.done / Math.max(job.total, 1)) * 100) : 0;
  return (
    <section className="export-view">
      <h2>Export the site</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start({
            ...(kind === 'folder' ? { out: target } : { zip: target }),
            asOf,
            drafts,
            ...(allowCollisions ? { allowCollisions } : {}),
            ...(baseURL ? { baseURL } : {}),
            ...(withHugo && hugo?.ok ? { withHugo: true } : {}),
          });
        }}
      >
        <fieldset>
          <legend>To</legend>
          <label>
            <input
              type="radio"
              name="kind"
              checked={kind === 'folder'}
              onChange={() => {
                setKind('folder');
                setTyped(null);
              }}
            />{' '}
            a folder
          </label>
          <label>
            <input
              type="radio"
              name="kind"
              checked={kind === 'zip'}
              onChange={() => {
                setKind('zip');
                setTyped(null);
              }}
            />{' '}
            a .zip file
          </label>
          <input aria-label="Export to" value={target} onChange={(e) => setTyped(e.target.value)} />
        </fieldset>
        <label>
          As of{' '}
          <input
            type="date"
            aria-label="Export as of"
            value={asOf}
            onChange={(e) => setAsOf(e.target.value)}
          />
        </label>
        <label>
          <input type="checkbox" checked={drafts} onChange={(e) => setDrafts(e.target.checked)} />{' '}
          Include drafts
        </label>
        <label title="Two files that want one URL stop the export; checked, the first by path is written and the export says which">
          <input
            type="checkbox"
            checked={allowCollisions}
            onChange={(e) => setAllowCollisions(e.target.checked)}
          />{' '}
          Export even when two files want one URL
        </label>
        {hugo?.ok ? (
          <label title="Your site's own Hugo builds the pages with your theme; Quire writes them like its own export">
            <input
              type="checkbox"
              checked={withHugo}
              onChange={(e) => setWithHugo(e.target.checked)}
            />{' '}
            Build with Hugo {hugo.version}
          </label>
        ) : hugo ? (
          <p className="muted" aria-label="Build with Hugo">
            Build with Hugo: {hugo.message}
          </p>
        ) : null}
        <label>
          Base URL{' '}
          <input
            aria-label="Base URL"
            value={baseURL}
            onChange={(e) => setBaseURL(e.target.value)}
            placeholder="https://example.org/blog/"
          />
        </label>
        <div className="row">
          <button type="submit" disabled={!!running || !target}>
            Export
          </button>
          {running && (
            <button type="button" onClick={() => void cancel()}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {job && (
        <div className="export-status">
          <progress max={100} value={pct} aria-label="Export progress" />
          <span>
            {running
              ? `${job.phase === 'render' ? 'Rendering' : 'Writing'} ${job.done} of ${job.total}`
              : `${pct}%`}
          </span>
          {job.result && (
            <p role="status">
              Exported {job.result.pages} pages, {job.result.files} files, {size(job.result.bytes)}{' '}
              in {(job.result.ms / 1000).toFixed(2)} s
              {job.result.unchanged
                ? ` (${job.result.written} written, ${job.result.unchanged} unchanged)`
                : ''}
              .
            </p>
          )}
          {job.result && (
            <div className="row">
              <button
                type="button"
                onClick={() =>
                  void getApi()
                    .revealExport({ id: job.id })
                    .then((r) => !r.shown && setShown(`It is at ${r.path}`))
                    .catch((err: Error) => setShown(`Could not show it: ${err.message}`))
                }
              >
                Show in folder
              </button>
              {shown && <span className="muted">{shown}</span>}
            </div>
          )}
          {job.error && (
            <p className="error" role="alert">
              {job.error === 'cancelled' ? 'Cancelled: the output was left as it was.' : job.error}
            </p>
          )}
          {job.result && [...job.result.skipped, ...job.result.warnings].length > 0 && (
            <ul className="issues">
              {[...job.result.skipped, ...job.result.warnings].map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
