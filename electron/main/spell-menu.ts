import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron';

// Pure (types only from Electron), so the menu is unit-tested without Electron's binary;
// electron/main/index.ts is the thin glue that shows it and sets the session's languages.

/** What the context menu reads of Electron's `context-menu` event. */
export type SpellMenuParams = Pick<
  ContextMenuParams,
  'isEditable' | 'misspelledWord' | 'dictionarySuggestions' | 'selectionText'
> & {
  editFlags: Pick<
    ContextMenuParams['editFlags'],
    'canCut' | 'canCopy' | 'canPaste' | 'canSelectAll'
  >;
};

/** What the menu's items do (the window's webContents and session in the app). */
export interface SpellMenuActions {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
}

/**
 * The editor's context menu: for a misspelled word its suggestions (at most five, or "No
 * suggestions"), "Add to dictionary", then cut, copy, paste and select all as the page
 * allows them. Outside editable text only Copy (when something is selected). Empty: no menu.
 */
export function spellMenuTemplate(
  params: SpellMenuParams,
  actions: SpellMenuActions,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  const word = params.misspelledWord.trim();
  if (params.isEditable && word) {
    const suggestions = params.dictionarySuggestions.slice(0, 5);
    for (const s of suggestions)
      items.push({ label: s, click: () => actions.replaceMisspelling(s) });
    if (suggestions.length === 0) items.push({ label: 'No suggestions', enabled: false });
    items.push({ type: 'separator' });
    items.push({
      label: `Add “${word}” to dictionary`,
      click: () => actions.addToDictionary(word),
    });
    items.push({ type: 'separator' });
  }
  if (params.isEditable) {
    items.push(
      { role: 'cut', enabled: params.editFlags.canCut },
      { role: 'copy', enabled: params.editFlags.canCopy },
      { role: 'paste', enabled: params.editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', enabled: params.editFlags.canSelectAll },
    );
  } else if (params.selectionText.trim()) {
    items.push({ role: 'copy', enabled: params.editFlags.canCopy });
  }
  return items;
}

/**
 * The languages to give Electron's checker: those asked for that it has (exactly, or the
 * same language in another region: `en` for `en-US`, `de-DE` for `de`), in the order asked,
 * without repeats. Electron refuses a language it does not have, so none is passed on.
 */
export function spellLanguagesFor(
  requested: readonly string[],
  available: readonly string[],
): string[] {
  const out: string[] = [];
  const lower = available.map((a) => a.toLowerCase());
  for (const want of requested) {
    const w = want.toLowerCase();
    let i = lower.indexOf(w);
    if (i < 0) {
      const base = w.split('-')[0]!;
      i = lower.findIndex((a) => a === base || a.split('-')[0] === base);
    }
    if (i >= 0 && !out.includes(available[i]!)) out.push(available[i]!);
  }
  return out;
}
