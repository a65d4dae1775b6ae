import { Prec } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import type { EditorView } from '@codemirror/view';

/** Ctrl/Cmd+S saves: calls `save` with the view. Takes precedence over other keymaps. */
export function saveKeymapExtension(save: (view: EditorView) => void): Extension {
  return Prec.highest(
    keymap.of([
      {
        key: 'Mod-s',
        preventDefault: true,
        run: (view) => {
          save(view);
          return true;
        },
      },
    ]),
  );
}
