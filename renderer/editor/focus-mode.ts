import { EditorState, StateEffect, StateField } from '@codemirror/state';
import type { Extension, Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin } from '@codemirror/view';
import type { DecorationSet, ViewUpdate } from '@codemirror/view';

/** Focus mode: every paragraph but the cursor's is dimmed. */
export const setFocusMode = StateEffect.define<boolean>();
/** Typewriter scrolling: the cursor's line stays in the middle of the editor. */
export const setTypewriter = StateEffect.define<boolean>();

function flag(effect: typeof setFocusMode) {
  return StateField.define<boolean>({
    create: () => false,
    update(v, tr) {
      for (const e of tr.effects) if (e.is(effect)) v = e.value;
      return v;
    },
  });
}
const focusField = flag(setFocusMode);
const typewriterField = flag(setTypewriter);

/** The cursor's paragraph: the run of non-blank lines around it (line numbers). */
export function paragraphAt(state: EditorState, pos: number): { from: number; to: number } {
  const doc = state.doc;
  const here = doc.lineAt(pos).number;
  if (!doc.line(here).text.trim()) return { from: here, to: here };
  let from = here;
  let to = here;
  while (from > 1 && doc.line(from - 1).text.trim()) from--;
  while (to < doc.lines && doc.line(to + 1).text.trim()) to++;
  return { from, to };
}

const dim = Decoration.line({ class: 'cm-dimmed' });

// Only the lines on screen are decorated, so a 50,000-word post costs what a screenful does.
const dimmer = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = this.build(view);
    }
    update(u: ViewUpdate) {
      const was = u.startState.field(focusField);
      const on = u.state.field(focusField);
      if (was !== on || (on && (u.docChanged || u.selectionSet || u.viewportChanged)))
        this.decorations = this.build(u.view);
    }
    build(view: EditorView): DecorationSet {
      if (!view.state.field(focusField)) return Decoration.none;
      const { from, to } = paragraphAt(view.state, view.state.selection.main.head);
      const out: Range<Decoration>[] = [];
      for (const r of view.visibleRanges) {
        let n = view.state.doc.lineAt(r.from).number;
        const last = view.state.doc.lineAt(r.to).number;
        for (; n <= last; n++) {
          if (n >= from && n <= to) continue;
          out.push(dim.range(view.state.doc.line(n).from));
        }
      }
      return Decoration.set(out, true);
    }
  },
  { decorations: (v) => v.decorations },
);

/** Focus mode and typewriter scrolling (both off until their effects turn them on). */
export function focusModeExtension(): Extension {
  return [
    focusField,
    typewriterField,
    dimmer,
    // Typewriter: every cursor move or edit scrolls the cursor's line to the middle.
    EditorState.transactionExtender.of((tr) => {
      if (!tr.state.field(typewriterField) || !(tr.selection || tr.docChanged)) return null;
      return { effects: EditorView.scrollIntoView(tr.state.selection.main.head, { y: 'center' }) };
    }),
  ];
}
