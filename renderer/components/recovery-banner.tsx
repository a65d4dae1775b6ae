import { useQuire } from '../state/context.ts';

/** Unsaved text from a crash or kill, offered back. */
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
            <button onClick={() => void discard(e)}>Discard</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
