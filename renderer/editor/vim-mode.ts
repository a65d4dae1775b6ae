import { Compartment } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type * as VimApi from '@replit/codemirror-vim';

type VimModule = typeof VimApi;

/** Holds vim keybindings when they are on; first among the editor's keymaps, so it wins. */
export const vimCompartment = new Compartment();

let module: VimModule | null = null;
let loaded: Promise<Extension> | null = null;

/** The vim extension (`@replit/codemirror-vim`), loaded the first time it is turned on. */
function vimExtension(): Promise<Extension> {
  return (loaded ??= import('@replit/codemirror-vim').then((m) => {
    module = m;
    return m.vim({ status: true });
  }));
}

/** Whether vim is in insert mode in `view` (false without vim). */
export function vimInsertMode(view: EditorView): boolean {
  const state = module?.getCM(view)?.state as { vim?: { insertMode?: boolean } } | undefined;
  return !!state?.vim?.insertMode;
}

/**
 * Turns vim keybindings on or off in `view`. Turning them on waits for the module (a few
 * milliseconds, once); a view that went away meanwhile, or a change of mind, is left alone.
 */
export async function setVimMode(
  view: EditorView,
  on: boolean,
  still: () => boolean,
  insert = false,
): Promise<void> {
  if (!on) {
    view.dispatch({ effects: vimCompartment.reconfigure([]) });
    return;
  }
  const ext = await vimExtension();
  if (!still()) return;
  view.dispatch({ effects: vimCompartment.reconfigure(ext) });
  // A view mounted again (another view and back) goes on in the mode it was left in, so
  // keys typed as text stay text.
  const cm = module?.getCM(view);
  if (insert && cm && !vimInsertMode(view)) module!.Vim.handleKey(cm, 'i', 'user');
}
