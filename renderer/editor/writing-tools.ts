import type { EditorView } from '@codemirror/view';
import { spellcheckCompartment, spellcheckExtension } from './spellcheck.ts';
import type { SpellcheckConfig } from './spellcheck.ts';
import { setVimMode, vimInsertMode } from './vim-mode.ts';

/** The editor settings that live in compartments: vim keybindings and spellcheck. */
export interface WritingTools {
  vim: boolean;
  spell: SpellcheckConfig;
}

/**
 * Puts `tools` into a mounted view (on mount, and when a setting changes). `current`
 * returns the settings wanted now, or a falsy value once the view is gone (vim loads
 * asynchronously the first time).
 */
export function applyWritingTools(
  view: EditorView,
  tools: WritingTools | undefined,
  current: () => WritingTools | undefined | false,
  owner?: object,
): void {
  if (!tools) return;
  view.dispatch({ effects: spellcheckCompartment.reconfigure(spellcheckExtension(tools.spell)) });
  const insert = !!owner && leftInInsertMode.get(owner) === true;
  if (owner) leftInInsertMode.delete(owner);
  void setVimMode(
    view,
    tools.vim,
    () => {
      const now = current();
      return !!now && now.vim === tools.vim;
    },
    insert,
  );
}

// Per document session: vim was in insert mode when its view unmounted.
const leftInInsertMode = new WeakMap<object, boolean>();

/** Remembers the vim mode of a view about to unmount, for the next view of `owner`. */
export function rememberWritingTools(view: EditorView, owner: object): void {
  leftInInsertMode.set(owner, vimInsertMode(view));
}
