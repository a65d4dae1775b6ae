import { useState } from 'react';
import { useQuire } from '../state/context.ts';

/** A change on disk met unsaved edits: keep mine, take theirs, or compare. Nothing is written until one is chosen. */
export function ConflictBanner({ mine }: { mine: () => string }) {
  const conflict = useQuire((s) => s.conflict);
  const resolve = useQuire((s) => s.resolveConflict);
  const [compare, setCompare] = useState(false);
  if (!conflict) return null;
  const ours = mine();
  return (
    <div className="banner conflict" role="alert">
      <p>
        <strong>This post changed on disk</strong> while you had unsaved edits. Nothing has been
        overwritten.
      </p>
      <div className="row">
        <button onClick={() => void resolve('mine', mine())}>Keep mine</button>
        <button onClick={() => void resolve('theirs', mine())}>Take theirs</button>
        <button onClick={() => setCompare(!compare)} aria-expanded={compare}>
          Compare
        </button>
      </div>
      {compare && <Compare ours={ours} theirs={conflict.theirsText} />}
    </div>
  );
}

function Compare({ ours, theirs }: { ours: string; theirs: string }) {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  const rows = Math.max(a.length, b.length);
  return (
    <div className="compare" aria-label="Both versions">
      <div className="compare-head">
        <span>Yours</span>
        <span>On disk</span>
      </div>
      <div className="compare-body">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className={a[i] === b[i] ? 'same' : 'differs'}>
            <pre>{a[i] ?? ''}</pre>
            <pre>{b[i] ?? ''}</pre>
          </div>
        ))}
      </div>
    </div>
  );
}
