import { EditorSelection } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import type { EditorView } from '@codemirror/view';

function wrap(view: EditorView, before: string, after = before, placeholder = 'text'): boolean {
  view.dispatch(
    view.state.changeByRange((range) => {
      const text = view.state.sliceDoc(range.from, range.to) || placeholder;
      // Toggle off when the selection is already wrapped.
      if (
        view.state.sliceDoc(range.from - before.length, range.from) === before &&
        view.state.sliceDoc(range.to, range.to + after.length) === after
      ) {
        return {
          changes: [
            { from: range.from - before.length, to: range.from },
            { from: range.to, to: range.to + after.length },
          ],
          range: EditorSelection.range(range.from - before.length, range.to - before.length),
        };
      }
      return {
        changes: { from: range.from, to: range.to, insert: before + text + after },
        range: EditorSelection.range(
          range.from + before.length,
          range.from + before.length + text.length,
        ),
      };
    }),
  );
  return true;
}

function heading(view: EditorView, level: number): boolean {
  const changes = view.state.selection.ranges.map((r) => {
    const line = view.state.doc.lineAt(r.from);
    const m = /^#{1,6}\s+/.exec(line.text);
    return {
      from: line.from,
      to: line.from + (m ? m[0].length : 0),
      insert: '#'.repeat(level) + ' ',
    };
  });
  view.dispatch({ changes });
  return true;
}

/** Bold, italic, link, inline code and heading shortcuts (Mod = Ctrl or Cmd). */
export function formattingKeymapExtension(): Extension {
  return keymap.of([
    { key: 'Mod-b', run: (v) => wrap(v, '**') },
    { key: 'Mod-i', run: (v) => wrap(v, '*') },
    { key: 'Mod-e', run: (v) => wrap(v, '`', '`', 'code') },
    { key: 'Mod-k', run: (v) => wrap(v, '[', '](https://)', 'link text') },
    ...[1, 2, 3, 4, 5, 6].map((n) => ({
      key: `Mod-Alt-${n}`,
      run: (v: EditorView) => heading(v, n),
    })),
  ]);
}
