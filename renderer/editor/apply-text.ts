import type { EditorView } from '@codemirror/view';

/**
 * Replaces the document with `next` as one minimal change (common prefix and suffix
 * kept), so a form edit is a single undoable step and the cursor stays where it was.
 */
export function applyText(view: EditorView, next: string): void {
  const cur = view.state.doc.toString();
  if (cur === next) return;
  let a = 0;
  const max = Math.min(cur.length, next.length);
  while (a < max && cur.charCodeAt(a) === next.charCodeAt(a)) a++;
  let b = 0;
  while (b < max - a && cur.charCodeAt(cur.length - 1 - b) === next.charCodeAt(next.length - 1 - b))
    b++;
  view.dispatch({
    changes: { from: a, to: cur.length - b, insert: next.slice(a, next.length - b) },
    userEvent: 'input.form',
  });
}
