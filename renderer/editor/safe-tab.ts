import { indentLess, indentMore } from '@codemirror/commands';
import { EditorSelection, Prec } from '@codemirror/state';
import type { EditorState, Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { keymap, ViewPlugin } from '@codemirror/view';
import { splitFrontMatter } from '../../shared/content/split.ts';

/** The front matter's extent in the editor's text: where the body starts, and the delimiter lines. */
function frontMatter(state: EditorState): { bodyStart: number; delimiters: number[] } | null {
  try {
    const s = splitFrontMatter(state.doc.toString());
    if (!s.format) return null;
    const bodyStart = s.bom.length + s.open.length + s.raw.length + s.close.length;
    const delimiters =
      s.format === 'json'
        ? []
        : [
            state.doc.lineAt(s.bom.length).number,
            state.doc.lineAt(Math.max(0, bodyStart - 1)).number,
          ];
    return { bodyStart, delimiters };
  } catch {
    return null;
  }
}

/**
 * Tab never damages the front matter, and never traps a keyboard user:
 * - focus that arrives by keyboard (Tab, or a newly opened post) puts the cursor at the
 *   start of the body, not on the `---` line;
 * - until the user types or clicks in the editor, Tab moves focus on as it does elsewhere;
 * - after that, Tab indents (Shift+Tab outdents), except on the front matter's delimiter
 *   lines, which it leaves alone.
 */
export function safeTabExtension(): Extension {
  const engaged = new WeakSet<EditorView>();
  let pointerAt = 0;
  const plugin = ViewPlugin.define(() => ({}), {
    eventHandlers: {
      pointerdown(_e, view) {
        pointerAt = Date.now();
        engaged.add(view);
      },
      keydown(e, view) {
        if (e.key !== 'Tab' && e.key !== 'Shift') engaged.add(view);
      },
      focus(_e, view) {
        if (Date.now() - pointerAt < 500) return;
        engaged.delete(view);
        const sel = view.state.selection.main;
        const fm = frontMatter(view.state);
        if (fm && sel.empty && sel.head < fm.bodyStart)
          view.dispatch({ selection: EditorSelection.cursor(fm.bodyStart), scrollIntoView: true });
      },
    },
  });
  const guarded =
    (command: (view: EditorView) => boolean) =>
    (view: EditorView): boolean => {
      if (!engaged.has(view)) return false;
      const fm = frontMatter(view.state);
      if (fm) {
        for (const r of view.state.selection.ranges) {
          const from = view.state.doc.lineAt(r.from).number;
          const to = view.state.doc.lineAt(r.to).number;
          if (fm.delimiters.some((d) => d >= from && d <= to)) return true;
        }
      }
      return command(view);
    };
  return [
    plugin,
    Prec.high(keymap.of([{ key: 'Tab', run: guarded(indentMore), shift: guarded(indentLess) }])),
  ];
}
