import { Compartment } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';

/** Holds vim keybindings when they are on; first among the editor's keymaps, so it wins. */
export const vimCompartment = new Compartment();

let loaded: Promise<Extension> | null = null;

/** The vim extension (`@replit/codemirror-vim`), loaded the first time it is turned on. */
function vimExtension(): Promise<Extension> {
  return (loaded ??= import('@replit/codemirror-vim').then((m) => m.vim({ status: true })));
}

/**
 * Turns vim keybindings on or off in `view`. Turning them on waits for the module (a few
 * milliseconds, once); a view that went away meanwhile, or a change of mind, is left alone.
 */
export async function setVimMode(
  view: EditorView,
  on: boolean,
  still: () => boolean,
): Promise<void> {
  if (!on) {
    view.dispatch({ effects: vimCompartment.reconfigure([]) });
    return;
  }
  const ext = await vimExtension();
  if (!still()) return;
  view.dispatch({ effects: vimCompartment.reconfigure(ext) });
}
