import { openSearchPanel } from '@codemirror/search';
import { EditorView } from '@codemirror/view';
import { openReplacePanel } from './editor/find-panel.ts';
import type { StoreApi } from 'zustand/vanilla';
import { COMMANDS, commandForKey } from '../shared/ipc/commands.ts';
import type { CommandId } from '../shared/ipc/commands.ts';
import type { QuireState } from './state/store.ts';
import { afterRenderUnlessMoved, focusMovedSince } from './editor/focus-editor.ts';

/** What each command does. The desktop menu and the browser host's keys both run these. */
export function commandRegistry(store: StoreApi<QuireState>): Record<CommandId, () => void> {
  const s = () => store.getState();
  const editor = (): EditorView | null => {
    const dom = document.querySelector<HTMLElement>('.editor-pane .cm-editor');
    return dom ? EditorView.findFromDOM(dom) : null;
  };
  // What a command focuses once the view has rendered; not if the user has meanwhile put
  // the focus elsewhere (Ctrl+Alt+Z then at once Ctrl+Shift+P: the palette keeps it).
  const afterRender = afterRenderUnlessMoved;
  /** Focuses what `find` returns once it is on screen (it may render a few frames late). */
  const focusWhenShown = (
    find: () => HTMLElement | null,
    frames = 90,
    from = document.activeElement,
  ) => {
    if (focusMovedSince(from)) return;
    const el = find();
    if (el) el.focus();
    else if (frames > 0) requestAnimationFrame(() => focusWhenShown(find, frames - 1, from));
  };
  return {
    commandPalette: () => s().setPalette(s().palette === 'commands' ? null : 'commands'),
    quickSwitcher: () => s().setPalette(s().palette === 'posts' ? null : 'posts'),
    newPost() {
      s().setView('write');
      afterRender(() => document.querySelector<HTMLInputElement>('.new-post input')?.focus());
    },
    save: () => void s().save(),
    export: () => s().setView('export'),
    preferences: () => s().setView('settings'),
    find() {
      s().setView('write');
      afterRender(() => {
        const v = editor();
        if (!v) return;
        v.focus();
        openSearchPanel(v);
      });
    },
    findReplace() {
      s().setView('write');
      afterRender(() => {
        const v = editor();
        if (v) openReplacePanel(v);
      });
    },
    setSessionGoal() {
      s().setView('write');
      afterRender(() => focusWhenShown(() => document.getElementById('session-goal')));
    },
    toggleSpellcheck: () => s().setPref('spellcheck', !s().prefs.spellcheck),
    toggleVim() {
      s().setPref('vim', !s().prefs.vim);
      afterRender(() => editor()?.focus());
    },
    togglePreview: () => s().setPref('showPreview', !s().prefs.showPreview),
    toggleMetadata() {
      s().setView('write');
      const expand = !(s().prefs.showMeta && s().prefs.metaExpanded);
      s().setPref('showMeta', true);
      s().setPref('metaExpanded', expand);
      // Expanding goes to the first field; collapsing goes back to the text.
      afterRender(() =>
        expand ? document.getElementById('meta-title')?.focus() : editor()?.focus(),
      );
    },
    toggleOutline() {
      s().setView('write');
      const list = () => document.querySelector<HTMLElement>('.outline-list');
      const inOutline = !!document.activeElement?.closest('.outline');
      if (s().prefs.showOutline && inOutline) {
        // Second press from the outline: hide it and go back to the text.
        s().setPref('showOutline', false);
        afterRender(() => editor()?.focus());
        return;
      }
      s().setPref('showOutline', true);
      // The list appears once the outline has the post's headings.
      afterRender(() => focusWhenShown(list));
    },
    toggleFocusMode() {
      s().setView('write');
      s().setPref('focusMode', !s().prefs.focusMode);
    },
    toggleTypewriter: () => s().setPref('typewriter', !s().prefs.typewriter),
    toggleZen() {
      s().setView('write');
      const zen = !s().prefs.zen;
      s().setPref('zen', zen);
      // Full screen too where the host allows it (a key press is the gesture it needs).
      if (zen) void document.documentElement.requestFullscreen?.().catch(() => undefined);
      else if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      afterRender(() => editor()?.focus());
    },
    setWordGoal() {
      s().setView('write');
      afterRender(() => document.getElementById('word-goal')?.focus());
    },
    toggleFrontMatter: () => s().setPref('hideFrontMatter', !s().prefs.hideFrontMatter),
    insertFigure() {
      s().setView('write');
      s().openFigure();
    },
    viewWrite: () => s().setView('write'),
    viewListing: () => s().setView('listing'),
    viewCheck: () => s().setView('check'),
    viewExport: () => s().setView('export'),
    viewSettings: () => s().setView('settings'),
    reload: () => void s().init(),
  };
}

/**
 * The browser host's keyboard shortcuts (in the desktop app the menu's accelerators do
 * this). Returns a function that removes them.
 */
export function installShortcuts(run: Record<CommandId, () => void>): () => void {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented) return;
    const id = commandForKey(e, mac);
    if (!id) return;
    // Find inside the editor is the editor's own (its search panel opens in place).
    if (id === 'find' && (e.target as Element | null)?.closest?.('.cm-editor')) return;
    e.preventDefault();
    run[id]();
  };
  // Vim keybindings take every key they know (Ctrl+P, Ctrl+F…) and stop it; the app's
  // own command keys still win there, caught before the editor sees them.
  const onVimKey = (e: KeyboardEvent) => {
    if (!(e.target as Element | null)?.closest?.('.cm-vimMode')) return;
    const id = commandForKey(e, mac);
    if (!id) return;
    e.preventDefault();
    e.stopPropagation();
    run[id]();
  };
  window.addEventListener('keydown', onKey);
  window.addEventListener('keydown', onVimKey, true);
  return () => {
    window.removeEventListener('keydown', onKey);
    window.removeEventListener('keydown', onVimKey, true);
  };
}

/** How a command's key reads in this host: `Ctrl+Alt+N`, or `⌘⌥N` on a Mac. */
export function keyLabel(id: CommandId, mac: boolean, desktop: boolean): string | null {
  const c = COMMANDS[id];
  const spec = desktop ? c.accelerator?.replace('CmdOrCtrl', 'Mod') : c.keys;
  if (!spec) return null;
  const parts = spec.split(/[-+]/).filter(Boolean);
  const key = parts.pop()!;
  const names: Record<string, string> = mac
    ? { Mod: '⌘', Alt: '⌥', Shift: '⇧' }
    : { Mod: 'Ctrl', Alt: 'Alt', Shift: 'Shift' };
  const mods = parts.map((m) => names[m] ?? m);
  return mac ? [...mods, key.toUpperCase()].join('') : [...mods, key.toUpperCase()].join('+');
}
