import { useEffect, useState } from 'react';
import type { CallResponse } from '../../shared/ipc/contract.ts';
import { getApi } from '../api/index.ts';

type Listing = CallResponse<'listFolders'>;

/** Browse the folders of the user's home (never outside it) and choose one to open. */
export function FolderPicker(props: { onChoose(path: string): void; onCancel(): void }) {
  const [at, setAt] = useState<string | undefined>(undefined);
  const [list, setList] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getApi()
      .listFolders(at === undefined ? {} : { path: at })
      .then(
        (l) => live && (setList(l), setError(null)),
        (err: Error) => live && setError(err.message),
      );
    return () => {
      live = false;
    };
  }, [at]);
  return (
    <div className="folder-picker" role="dialog" aria-label="Choose a folder">
      <p>
        <strong>{list?.path ?? '…'}</strong>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul aria-label="Folders">
        {list?.parent && (
          <li>
            <button className="link" onClick={() => setAt(list.parent!)}>
              ↑ Up
            </button>
          </li>
        )}
        {list?.folders.map((f) => (
          <li key={f.path}>
            <button className="link" onClick={() => setAt(f.path)}>
              {f.name}
            </button>
            {f.site && <span className="badge">Hugo site</span>}
          </li>
        ))}
        {list?.folders.length === 0 && <li className="muted">No folders here.</li>}
      </ul>
      <div className="row">
        <button disabled={!list} onClick={() => list && props.onChoose(list.path)}>
          Open this folder
        </button>
        <button onClick={props.onCancel}>Cancel</button>
      </div>
    </div>
  );
}
