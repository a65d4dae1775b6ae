import type { EditorView } from '@codemirror/view';
import { spellcheckCompartment, spellcheckExtension } from './spellcheck.ts';
import type { SpellcheckConfig } from './spellcheck.ts';
import { setVimMode } from './vim-mode.ts';

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
): void {
  if (!tools) return;
  view.dispatch({ effects: spellcheckCompartment.reconfigure(spellcheckExtension(tools.spell)) });
  void setVimMode(view, tools.vim, () => {
    const now = current();
    return !!now && now.vim === tools.vim;
  });
}
