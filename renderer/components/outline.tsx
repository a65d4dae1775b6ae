import type { EditorView } from '@codemirror/view';
import { EditorSelection } from '@codemirror/state';
import { EditorView as View } from '@codemirror/view';
import { memo, useEffect, useRef, useState } from 'react';
import type { OutlineHeading } from '../../shared/markdown/outline.ts';

/** The line of `h` in the live text (the outline is from a snapshot taken at a pause). */
function liveLine(view: EditorView, h: OutlineHeading): number {
  const doc = view.state.doc;
  const looks = (n: number) => n >= 1 && n <= doc.lines && doc.line(n).text.includes(h.text);
  if (looks(h.line + 1)) return h.line + 1;
  for (let d = 1; d < 200; d++) {
    if (looks(h.line + 1 - d)) return h.line + 1 - d;
    if (looks(h.line + 1 + d)) return h.line + 1 + d;
  }
  return Math.min(Math.max(h.line + 1, 1), doc.lines);
}

/** The index of the section `line` (0-based, the file's) is in, or -1. */
export function sectionAt(headings: readonly OutlineHeading[], line: number): number {
  let current = -1;
  for (let i = 0; i < headings.length; i++) if (headings[i]!.line <= line) current = i;
  return current;
}

/** Puts the cursor on a heading, scrolls it to the top and gives the editor the focus. */
export function jumpToHeading(view: EditorView, h: OutlineHeading): void {
  const line = view.state.doc.line(liveLine(view, h));
  view.dispatch({
    selection: EditorSelection.cursor(line.to),
    effects: View.scrollIntoView(line.from, { y: 'start', yMargin: 24 }),
    userEvent: 'select.outline',
  });
  view.focus();
}

/**
 * The open post's outline: its headings, indented by level; the section the cursor is in
 * is marked. One tab stop; arrows move, Enter (or a click) jumps there.
 */
export const Outline = memo(function Outline(props: {
  headings: OutlineHeading[];
  /** The section the cursor is in (-1: before the first heading). */
  current: number;
  onJump(h: OutlineHeading): void;
}) {
  const { headings, current } = props;
  const [active, setActive] = useState(Math.max(0, current));
  const list = useRef<HTMLDivElement>(null);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setActive(Math.max(0, current));
  }, [current]);
  const index = Math.min(active, Math.max(0, headings.length - 1));
  useEffect(() => {
    list.current?.querySelector(`#outline-${index}`)?.scrollIntoView({ block: 'nearest' });
  }, [index]);
  const onKey = (e: React.KeyboardEvent) => {
    const n = headings.length;
    if (!n) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(0, Math.min(n - 1, index + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      setActive(e.key === 'Home' ? 0 : n - 1);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      props.onJump(headings[index]!);
    }
  };
  return (
    <nav className="outline" aria-label="Outline">
      <div className="outline-title" id="outline-title">
        Outline
      </div>
      {headings.length === 0 ? (
        <p className="muted outline-empty">No headings yet</p>
      ) : (
        <div
          className="outline-list"
          role="listbox"
          aria-labelledby="outline-title"
          tabIndex={0}
          ref={list}
          aria-activedescendant={`outline-${index}`}
          onKeyDown={onKey}
          onFocus={() => (focused.current = true)}
          onBlur={() => {
            focused.current = false;
            setActive(Math.max(0, current));
          }}
        >
          {headings.map((h, i) => (
            <div
              key={`${h.id}-${i}`}
              id={`outline-${i}`}
              role="option"
              aria-selected={i === current}
              className={`outline-item level-${Math.min(h.level, 4)}${i === current ? ' current' : ''}${i === index ? ' active' : ''}`}
              onClick={() => {
                setActive(i);
                props.onJump(h);
              }}
              title={`#${h.id}`}
            >
              {h.text || `#${h.id}`}
            </div>
          ))}
        </div>
      )}
    </nav>
  );
});
