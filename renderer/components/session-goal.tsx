import { useEffect, useState } from 'react';
import { sessionWords } from '../state/session-words.ts';
import type { SessionWords } from '../state/session-words.ts';
import { useQuire } from '../state/context.ts';

let tracker: SessionWords | null = null;
function words(): SessionWords {
  return (tracker ??= sessionWords(typeof sessionStorage === 'undefined' ? null : sessionStorage));
}

/**
 * The session's word-count goal in the status bar: words written in this window since it
 * opened, over every post, against the goal (set here or from the palette).
 */
export function SessionGoal(props: {
  path: string;
  /** The open post's word count now, or null while it is not known. */
  count: number | null;
  /** Back to the text (Enter or Escape in the field). */
  onDone(): void;
}) {
  const goal = useQuire((s) => s.prefs.sessionGoal);
  const setPref = useQuire((s) => s.setPref);
  const [total, setTotal] = useState(() => words().total());
  useEffect(() => {
    if (props.count !== null) setTotal(words().record(props.path, props.count));
  }, [props.path, props.count]);
  const written = Math.max(0, total);
  return (
    <>
      <label className="goal">
        Session goal{' '}
        <input
          id="session-goal"
          type="number"
          min={0}
          step={50}
          placeholder="none"
          value={goal || ''}
          onChange={(e) =>
            setPref('sessionGoal', Math.max(0, Math.floor(Number(e.target.value) || 0)))
          }
          onKeyDown={(e) => {
            if (e.key !== 'Enter' && e.key !== 'Escape') return;
            e.preventDefault();
            props.onDone();
          }}
        />
      </label>
      {goal > 0 && (
        <>
          <meter
            min={0}
            max={goal}
            value={Math.min(written, goal)}
            aria-label="Progress to the session goal"
          />
          <span className={`session-state${written >= goal ? ' reached' : ''}`} aria-live="polite">
            {written >= goal
              ? `Session goal reached (${written.toLocaleString('en-US')} words)`
              : `${written.toLocaleString('en-US')} of ${goal.toLocaleString('en-US')} this session`}
          </span>
        </>
      )}
    </>
  );
}
