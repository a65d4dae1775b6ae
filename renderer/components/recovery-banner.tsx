import { useState } from 'react';
import { toEditorText } from '../../shared/content/line-endings.ts';
import { getApi } from '../api/index.ts';
import { useQuire } from '../state/context.ts';
import { hunks } from '../state/merge.ts';
import type { QuireState } from '../state/store.ts';
import { Sides } from './sides.tsx';

type Entry = QuireState['recovered'][number];

/** Unsaved text from a crash or kill, offered back: compare it with the file, restore or discard. */
export function RecoveryBanner() {
  const recovered = useQuire((s) => s.recovered);
  const restore = useQuire((s) => s.restore);
  const discard = useQuire((s) => s.discard);
  if (recovered.length === 0) return null;
  return (
    <div className="banner recovery" role="alert">
      <p>
        <strong>Unsaved text was recovered</strong> from the last session.
      </p>
      <ul>
        {recovered.map((e) => (
          <li key={e.path}>
            {e.path} <span className="muted">({new Date(e.savedAt).toLocaleString()})</span>{' '}
            <button onClick={() => void restore(e)}>Restore</button>{' '}
            <button onClick={() => void discard(e)}>Discard</button> <CompareWithDisk entry={e} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function CompareWithDisk({ entry }: { entry: Entry }) {
  const [disk, setDisk] = useState<string | null | undefined>(undefined);
  if (disk === undefined)
    return (
      <button
        onClick={() =>
          void getApi()
            .readPost({ path: entry.path })
            .then(
              (d) => setDisk(d.text),
              () => setDisk(null),
            )
        }
      >
        Compare with the file
      </button>
    );
  const parts = hunks(toEditorText(entry.text), toEditorText(disk ?? ''));
  return (
    <div className="compare" aria-label="Recovered text and the file">
      {disk === null && <p className="muted">The file is no longer on disk.</p>}
      {parts.map((h, i) =>
        h.kind === 'same' ? null : (
          <Sides key={i} mine={h.mine} theirs={h.theirs} mineLabel="Recovered" />
        ),
      )}
    </div>
  );
}
