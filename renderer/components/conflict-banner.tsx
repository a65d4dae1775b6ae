import { useMemo, useState } from 'react';
import { toEditorText } from '../../shared/content/line-endings.ts';
import type { DocumentSession } from '../state/document-session.ts';
import { hunks, merge } from '../state/merge.ts';
import type { Hunk, HunkChoice } from '../state/merge.ts';
import { useQuire } from '../state/context.ts';
import { Sides } from './sides.tsx';

/**
 * A change on disk met unsaved edits (or recovered text met a newer file). Nothing is
 * written until the user chooses: keep mine, take theirs (mine stays in undo), or merge
 * hunk by hunk and save the result.
 */
export function ConflictBanner({ session }: { session: DocumentSession }) {
  const conflict = useQuire((s) => s.open?.conflict ?? null);
  // Re-rendered as your text settles, so the comparison shows your latest text.
  useQuire((s) => s.open?.revision ?? 0);
  const resolve = useQuire((s) => s.resolveConflict);
  const [compare, setCompare] = useState(true);
  if (!conflict) return null;
  return (
    <div className="banner conflict" role="alert">
      <p>
        <strong>
          {conflict.reason === 'recovered'
            ? 'The recovered text and the file on disk differ'
            : 'This post changed on disk'}
        </strong>{' '}
        while you had unsaved edits. Nothing has been overwritten.
      </p>
      <div className="row">
        <button onClick={() => void resolve('mine')}>Keep mine</button>
        <button onClick={() => void resolve('theirs')} title="Your version stays in undo (Ctrl+Z)">
          Take theirs
        </button>
        <button onClick={() => setCompare(!compare)} aria-expanded={compare}>
          Compare and merge
        </button>
      </div>
      {compare && (
        <Merge
          key={conflict.theirsVersion}
          mine={() => session.text()}
          theirs={toEditorText(conflict.theirsText)}
          onSave={(merged) => void resolve({ merged, theirsVersion: conflict.theirsVersion })}
        />
      )}
    </div>
  );
}

/**
 * Each differing place's identity across re-renders: the text on disk it holds, and which
 * of the places holding that same text it is. Your side is left out: it grows while you
 * type, and a choice made on it must stay (positions shift as well, as places come and go).
 */
function hunkKeys(parts: Hunk[]): string[] {
  const seen = new Map<string, number>();
  return parts.map((h) => {
    if (h.kind !== 'change') return '';
    const n = seen.get(h.theirs) ?? 0;
    seen.set(h.theirs, n + 1);
    return `${n}\u0000${h.theirs}`;
  });
}

function Merge(props: {
  /** Your text now (read at each render, and again at the click: typing may go on). */
  mine(): string;
  theirs: string;
  onSave(merged: string): void;
}) {
  const mine = props.mine();
  const parts = useMemo(() => hunks(mine, props.theirs), [mine, props.theirs]);
  // Choices are kept by place (hunkKeys), not by position: your text settling or growing
  // does not reset a choice (it did: the panel was re-made at every revision, and a save
  // right after a choice wrote "Yours" everywhere).
  const [byHunk, setByHunk] = useState<Record<string, HunkChoice>>({});
  const chosen = (list: Hunk[]) => {
    const out: Record<number, HunkChoice> = {};
    hunkKeys(list).forEach((k, i) => {
      if (k && byHunk[k]) out[i] = byHunk[k]!;
    });
    return out;
  };
  const keys = hunkKeys(parts);
  const choices = chosen(parts);
  // Merged from your text as it is now: nothing typed since the last render is lost.
  const save = () => {
    const now = hunks(props.mine(), props.theirs);
    props.onSave(merge(now, chosen(now)));
  };
  const changes = parts.filter((h) => h.kind === 'change').length;
  return (
    <div className="compare" aria-label="Both versions">
      <p className="muted">
        {changes} {changes === 1 ? 'place differs' : 'places differ'}. For each, keep yours, theirs
        or both, then save the result.
      </p>
      <div className="compare-body">
        {parts.map((h, i) =>
          h.kind === 'same' ? (
            <pre key={i} className="same">
              {h.text.length > 400 ? `${h.text.slice(0, 180)}\n…\n${h.text.slice(-180)}` : h.text}
            </pre>
          ) : (
            <fieldset key={i} className="hunk" aria-label={`Difference ${i}`}>
              <Sides mine={h.mine} theirs={h.theirs} mineLabel="Yours" />
              <div className="row" role="radiogroup" aria-label="Keep">
                {(['mine', 'theirs', 'both'] as const).map((c) => (
                  <label key={c}>
                    <input
                      type="radio"
                      name={`hunk-${i}`}
                      checked={(choices[i] ?? 'mine') === c}
                      onChange={() => setByHunk({ ...byHunk, [keys[i]!]: c })}
                    />{' '}
                    {{ mine: 'Yours', theirs: 'On disk', both: 'Both' }[c]}
                  </label>
                ))}
              </div>
            </fieldset>
          ),
        )}
      </div>
      <button onClick={save}>Save merged text</button>
    </div>
  );
}
