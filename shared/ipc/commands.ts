/**
 * Every app command, once: its label, its menu accelerator (Electron's syntax) and its
 * keys in the browser host (CodeMirror's syntax). The desktop menu and the browser host's
 * shortcuts are both built from this list; the renderer's command registry runs them.
 * Browser keys avoid shortcuts browsers keep for themselves (Ctrl+N, Ctrl+T, Ctrl+1…).
 */
export const COMMANDS = {
  commandPalette: {
    label: 'Command Palette…',
    menu: 'View',
    accelerator: 'CmdOrCtrl+Shift+P',
    keys: 'Mod-Shift-p',
  },
  quickSwitcher: {
    label: 'Go to Post…',
    menu: 'File',
    accelerator: 'CmdOrCtrl+P',
    keys: 'Mod-p',
  },
  newPost: { label: 'New Post', menu: 'File', accelerator: 'CmdOrCtrl+N', keys: 'Mod-Alt-n' },
  save: { label: 'Save', menu: 'File', accelerator: 'CmdOrCtrl+S', keys: 'Mod-s' },
  export: {
    label: 'Export…',
    menu: 'File',
    accelerator: 'CmdOrCtrl+Shift+E',
    keys: 'Mod-Shift-e',
  },
  preferences: {
    label: 'Preferences…',
    menu: 'File',
    accelerator: 'CmdOrCtrl+,',
    keys: 'Mod-,',
  },
  find: { label: 'Find', menu: 'View', accelerator: 'CmdOrCtrl+F', keys: 'Mod-f' },
  findReplace: {
    label: 'Find and Replace',
    menu: 'View',
    accelerator: 'CmdOrCtrl+H',
    keys: 'Mod-h',
  },
  insertFigure: {
    label: 'Insert or Edit Figure…',
    menu: 'File',
    accelerator: 'CmdOrCtrl+Alt+F',
    keys: 'Mod-Alt-f',
  },
  togglePreview: {
    label: 'Toggle Preview',
    menu: 'View',
    accelerator: 'CmdOrCtrl+Alt+P',
    keys: 'Mod-Alt-p',
  },
  toggleMetadata: {
    label: 'Toggle Metadata Form',
    menu: 'View',
    accelerator: 'CmdOrCtrl+Alt+M',
    keys: 'Mod-Alt-m',
  },
  toggleOutline: {
    label: 'Toggle Outline',
    menu: 'View',
    accelerator: 'CmdOrCtrl+Alt+O',
    keys: 'Mod-Alt-o',
  },
  toggleFocusMode: {
    label: 'Toggle Focus Mode',
    menu: 'View',
    accelerator: 'CmdOrCtrl+Alt+D',
    keys: 'Mod-Alt-d',
  },
  toggleTypewriter: {
    label: 'Toggle Typewriter Scrolling',
    menu: 'View',
    accelerator: null,
    keys: null,
  },
  toggleZen: {
    label: 'Toggle Distraction-Free Layout',
    menu: 'View',
    accelerator: 'CmdOrCtrl+Alt+Z',
    keys: 'Mod-Alt-z',
  },
  setWordGoal: {
    label: 'Set Word-Count Goal…',
    menu: 'View',
    accelerator: null,
    keys: null,
  },
  setSessionGoal: {
    label: 'Set Session Word Goal…',
    menu: 'View',
    accelerator: null,
    keys: null,
  },
  toggleSpellcheck: {
    label: 'Toggle Spellcheck',
    menu: 'View',
    accelerator: null,
    keys: null,
  },
  toggleVim: {
    label: 'Toggle Vim Keybindings',
    menu: 'View',
    accelerator: null,
    keys: null,
  },
  toggleFrontMatter: {
    label: 'Toggle Front Matter in the Editor',
    menu: 'View',
    accelerator: 'CmdOrCtrl+Alt+Shift+M',
    keys: 'Mod-Alt-Shift-m',
  },
  viewWrite: { label: 'Write', menu: 'View', accelerator: 'Alt+1', keys: 'Alt-1' },
  viewListing: { label: 'Listing Preview', menu: 'View', accelerator: 'Alt+2', keys: 'Alt-2' },
  viewCheck: { label: 'Check', menu: 'View', accelerator: 'Alt+3', keys: 'Alt-3' },
  viewExport: { label: 'Export View', menu: 'View', accelerator: 'Alt+4', keys: 'Alt-4' },
  viewSettings: { label: 'Settings', menu: 'View', accelerator: 'Alt+5', keys: 'Alt-5' },
  reload: { label: 'Reload Site', menu: null, accelerator: null, keys: null },
} as const satisfies Record<
  string,
  {
    label: string;
    menu: 'File' | 'View' | null;
    accelerator: string | null;
    keys: string | null;
  }
>;

/** The name of a command. */
export type CommandId = keyof typeof COMMANDS;

/** Every command name, for the contract's schema. */
export const COMMAND_IDS = Object.keys(COMMANDS) as [CommandId, ...CommandId[]];

/**
 * The command a key press means in the browser host, or null. `Mod` is Ctrl, or Cmd on a
 * Mac (`mac`).
 */
export function commandForKey(
  e: {
    key: string;
    ctrlKey: boolean;
    metaKey: boolean;
    altKey: boolean;
    shiftKey: boolean;
    code?: string;
  },
  mac: boolean,
): CommandId | null {
  for (const [id, c] of Object.entries(COMMANDS) as [CommandId, (typeof COMMANDS)[CommandId]][]) {
    if (!c.keys) continue;
    const parts = c.keys.split('-');
    const key = parts.pop()!.toLowerCase();
    const mod = parts.includes('Mod');
    const want = {
      ctrl: mod && !mac,
      meta: mod && mac,
      alt: parts.includes('Alt'),
      shift: parts.includes('Shift'),
    };
    // With Alt (or Shift) the key's character changes on many layouts; the code does not.
    const pressed = /^\d$/.test(key)
      ? (e.code ?? '').replace(/^Digit/, '') || e.key
      : e.code?.startsWith('Key')
        ? e.code.slice(3).toLowerCase()
        : e.key.toLowerCase();
    if (
      pressed === key &&
      e.ctrlKey === want.ctrl &&
      e.metaKey === want.meta &&
      e.altKey === want.alt &&
      e.shiftKey === want.shift
    )
      return id;
  }
  return null;
}
