import { StateEffect, StateField } from '@codemirror/state';
import type { Extension, EditorState } from '@codemirror/state';
import { Decoration, EditorView, WidgetType } from '@codemirror/view';
import type { DecorationSet } from '@codemirror/view';
import { splitFrontMatter } from '../../shared/content/split.ts';

/** Shows or hides the front matter (the text stays whole; only the view changes). */
export const setFrontMatterHidden = StateEffect.define<boolean>();

class FrontMatterWidget extends WidgetType {
  override eq(): boolean {
    return true;
  }
  override toDOM(): HTMLElement {
    const el = document.createElement('div');
    el.className = 'cm-front-matter-hidden';
    el.textContent = 'Front matter: edit it in the form above';
    return el;
  }
}

function frontMatterEnd(state: EditorState): number {
  try {
    const s = splitFrontMatter(state.doc.toString());
    return s.format ? s.bom.length + s.open.length + s.raw.length + s.close.length : 0;
  } catch {
    return 0;
  }
}

function decorations(state: EditorState, hidden: boolean): DecorationSet {
  const end = hidden ? frontMatterEnd(state) : 0;
  return end > 0
    ? Decoration.set([
        Decoration.replace({ widget: new FrontMatterWidget(), block: true }).range(0, end - 1),
      ])
    : Decoration.none;
}

/** Hides the front matter block behind a one-line note; editing goes through the form. */
export function frontMatterFoldExtension(initiallyHidden: boolean): Extension {
  const field = StateField.define<{ hidden: boolean; deco: DecorationSet }>({
    create: (state) => ({ hidden: initiallyHidden, deco: decorations(state, initiallyHidden) }),
    update(value, tr) {
      let hidden = value.hidden;
      for (const e of tr.effects) if (e.is(setFrontMatterHidden)) hidden = e.value;
      if (hidden === value.hidden && !tr.docChanged) return value;
      // Only edits near the top can move the block's end.
      if (
        hidden === value.hidden &&
        tr.docChanged &&
        !tr.changes.touchesRange(0, frontMatterEnd(tr.startState) + 1)
      ) {
        return { hidden, deco: value.deco.map(tr.changes) };
      }
      return { hidden, deco: decorations(tr.state, hidden) };
    },
    provide: (f) => [
      EditorView.decorations.from(f, (v) => v.deco),
      EditorView.atomicRanges.of((view) => view.state.field(f).deco),
    ],
  });
  return field;
}
