import { ensureSyntaxTree, syntaxTreeAvailable } from '@codemirror/language';
import type { EditorState, Extension } from '@codemirror/state';
import { ViewPlugin } from '@codemirror/view';
import type { EditorView, ViewUpdate } from '@codemirror/view';

/** Most of one idle slice spent parsing, so a key pressed meanwhile waits at most this long. */
const SLICE_MS = 8;

type Idle = (cb: (deadline?: { timeRemaining(): number }) => void) => number;
type CancelIdle = (handle: number) => void;

const requestIdle: Idle =
  typeof requestIdleCallback === 'function'
    ? (cb) => requestIdleCallback(cb, { timeout: 2000 })
    : (cb) => setTimeout(() => cb(), 50) as unknown as number;
const cancelIdle: CancelIdle =
  typeof cancelIdleCallback === 'function'
    ? (h) => cancelIdleCallback(h)
    : (h) => clearTimeout(h as unknown as ReturnType<typeof setTimeout>);

/**
 * One slice of parsing ahead: parses `state`'s document towards its end for at most
 * `budgetMs`; true once the whole document is parsed. The parse context keeps its progress
 * (and the next transaction starts from it), so slices add up, edits in between included.
 */
export function parseAheadSlice(state: EditorState, budgetMs: number): boolean {
  return (
    syntaxTreeAvailable(state, state.doc.length) ||
    ensureSyntaxTree(state, state.doc.length, budgetMs) !== null
  );
}

/**
 * Parses the whole post in idle time, a slice at a time. CodeMirror parses only up to the
 * viewport (and 100,000 characters past it) on its own, and every transaction parses what is
 * missing up to the viewport with a budget of 20 ms: after a jump to the end of a long post
 * (Ctrl+End, the outline, search), the first keystrokes each paid up to 20 ms of parsing
 * (measured at 50,000 words: 10–29 ms per key for the first seven keys, 2–4 ms after). With
 * the tree complete, a keystroke re-parses only the block it changed, wherever it is.
 */
export function parseAheadExtension(): Extension {
  return ViewPlugin.fromClass(
    class {
      handle: number | null = null;
      constructor(readonly view: EditorView) {
        this.schedule();
      }
      update(u: ViewUpdate) {
        if (u.docChanged) this.schedule();
      }
      schedule() {
        if (this.handle !== null) return;
        if (syntaxTreeAvailable(this.view.state, this.view.state.doc.length)) return;
        this.handle = requestIdle((deadline) => {
          this.handle = null;
          const budget = Math.min(SLICE_MS, Math.max(1, (deadline?.timeRemaining() ?? 50) - 2));
          if (!parseAheadSlice(this.view.state, budget)) this.schedule();
        });
      }
      destroy() {
        if (this.handle !== null) cancelIdle(this.handle);
      }
    },
  );
}
