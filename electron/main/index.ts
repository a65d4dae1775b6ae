import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import type { MenuItemConstructorOptions, WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { callNames, channelOf, EVENT_CHANNEL } from '../../shared/ipc/contract.ts';
import { COMMANDS } from '../../shared/ipc/commands.ts';
import type { QuireEvent } from '../../shared/ipc/contract.ts';
import { isSafeExternalUrl } from '../../shared/ipc/url-policy.ts';
import { Backend, callFailure } from '../services/backend.ts';
import { SettingsStore } from '../services/settings.ts';
import { PathGrants } from './path-grants.ts';
import { spellLanguagesFor, spellMenuTemplate } from './spell-menu.ts';
import type { PathUse } from '../services/backend.ts';
import {
  APP_ORIGIN,
  CSP,
  isAppUrl,
  rendererFile,
  SITE_ASSET_HEADERS,
  siteAssetPath,
} from './window-options.ts';

// Wiring only: lifecycle, the secure window, menu, dialogs and IPC registration. What the
// app does lives in electron/services, shared with the CLI and the browser host.

if (!app.requestSingleInstanceLock()) app.quit();

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = path.join(__dirname, '../renderer');
const settings = new SettingsStore(app.getPath('userData'));
let win: BrowserWindow | null = null;

const send = (event: QuireEvent) => win?.webContents.send(EVENT_CHANNEL, event);

/** The main-process dialog for a path the renderer named but the user has not chosen. */
async function askPath(use: PathUse, suggested: string): Promise<string | null> {
  if (!win) return null;
  if (use === 'export-zip') {
    const r = await dialog.showSaveDialog(win, {
      title: 'Export the site to a .zip file',
      defaultPath: suggested,
      filters: [{ name: 'Zip archive', extensions: ['zip'] }],
    });
    return r.canceled || !r.filePath ? null : r.filePath;
  }
  if (use === 'hugo') {
    const r = await dialog.showOpenDialog(win, {
      title: 'Choose the hugo program',
      defaultPath: suggested,
      properties: ['openFile'],
    });
    return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
  }
  const r = await dialog.showOpenDialog(win, {
    title: use === 'site' ? 'Open a site folder' : 'Export the site into a folder',
    defaultPath: suggested,
    properties: ['openDirectory', 'createDirectory'],
  });
  return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
}

// Sites and export targets come from main-process dialogs or the recent list only.
const grants = new PathGrants(() => settings.get().recentSites.map((s) => s.path), askPath);

const backend = new Backend(
  {
    revealInFolder: async (abs) => {
      shell.showItemInFolder(abs);
      return true;
    },
    openExternal: async (url) => {
      if (!isSafeExternalUrl(url)) return false;
      await shell.openExternal(url);
      return true;
    },
    trash: async (abs) => {
      await shell.trashItem(abs);
      return 'the system trash';
    },
    confirmPath: (use, requested) => grants.confirm(use, requested),
    spellcheck: (enabled, requested) => {
      // Electron's own checker (Hunspell dictionaries; macOS uses the system's languages).
      const ses = session.defaultSession;
      const available = ses.availableSpellCheckerLanguages;
      const languages = spellLanguagesFor(requested, available);
      ses.setSpellCheckerEnabled(enabled);
      if (enabled && languages.length && process.platform !== 'darwin')
        ses.setSpellCheckerLanguages(languages);
      return { languages, available };
    },
  },
  send,
  settings,
);

function createWindow(): void {
  const bounds = settings.get().windowBounds ?? { width: 1280, height: 840 };
  win = new BrowserWindow({
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Quire',
    // Written out here, not built elsewhere, so electronegativity reads the very options
    // the window gets (test/electron/main/window-options.test.ts reads them from here too).
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      // A middle click would open links in a new window; the window-open handler denies
      // it too, but the event never fires this way.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (bounds.maximized) win.maximize();
  // The editor's context menu: spelling suggestions, "Add to dictionary", cut/copy/paste.
  win.webContents.on('context-menu', (_event, params) => {
    const template = spellMenuTemplate(params, {
      replaceMisspelling: (word) => win?.webContents.replaceMisspelling(word),
      addToDictionary: (word) =>
        void win?.webContents.session.addWordToSpellCheckerDictionary(word),
    });
    if (template.length && win) Menu.buildFromTemplate(template).popup({ window: win });
  });
  win.once('ready-to-show', () => win?.show());
  win.on('close', () => {
    if (!win) return;
    settings.update({ windowBounds: { ...win.getNormalBounds(), maximized: win.isMaximized() } });
  });
  // The renderer refuses to unload with unsaved edits; ask the user.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win!, {
      type: 'question',
      buttons: ['Keep editing', 'Discard changes'],
      defaultId: 0,
      cancelId: 0,
      message: 'You have unsaved changes.',
      detail: 'If you leave now, your changes will be lost.',
    });
    if (choice === 1) event.preventDefault();
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function registerIpc(): void {
  for (const name of callNames) {
    ipcMain.handle(channelOf(name), async (event, request: unknown) => {
      // Only our own top-level page may call the back end.
      const frame = event.senderFrame;
      if (!frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'calls are only accepted from the Quire window' },
        };
      }
      try {
        return { ok: true, result: await backend.call(name, request) };
      } catch (err) {
        return { ok: false, error: callFailure(err).toInfo() };
      }
    });
  }
}

function buildMenu(): void {
  type Command = Extract<QuireEvent, { type: 'menuCommand' }>['data']['command'];
  const command = (name: Command) => () => send({ type: 'menuCommand', data: { command: name } });
  // Labels and accelerators come from the one list of commands the renderer runs too.
  const item = (name: Command): MenuItemConstructorOptions => ({
    label: COMMANDS[name].label,
    accelerator: COMMANDS[name].accelerator ?? undefined,
    click: command(name),
  });
  const recent = settings.get().recentSites.map<MenuItemConstructorOptions>((s) => ({
    label: `${s.title} — ${s.path}`,
    click: () => void backend.call('openSite', { path: s.path }).then(() => command('reload')()),
  }));
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('newPost'),
        item('quickSwitcher'),
        {
          label: 'Open Site…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const r = await dialog.showOpenDialog(win!, { properties: ['openDirectory'] });
            if (!r.canceled && r.filePaths[0]) {
              grants.grant('site', r.filePaths[0]);
              await backend.call('openSite', { path: r.filePaths[0] });
              command('reload')();
            }
          },
        },
        {
          label: 'Open Recent',
          submenu: recent.length ? recent : [{ label: 'No recent sites', enabled: false }],
        },
        { type: 'separator' },
        item('save'),
        item('insertFigure'),
        item('export'),
        { type: 'separator' },
        item('preferences'),
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        item('commandPalette'),
        item('find'),
        item('findReplace'),
        item('togglePreview'),
        item('toggleMetadata'),
        item('toggleOutline'),
        item('toggleFocusMode'),
        item('toggleTypewriter'),
        item('toggleZen'),
        item('setWordGoal'),
        item('setSessionGoal'),
        item('toggleSpellcheck'),
        item('toggleVim'),
        item('toggleFrontMatter'),
        { type: 'separator' },
        item('viewWrite'),
        item('viewListing'),
        item('viewCheck'),
        item('viewExport'),
        item('viewSettings'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.on('web-contents-created', (_event, contents) => hardenContents(contents));

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle('app', async (request) => {
    // The preview's images: files of the open site, confined to it.
    const asset = siteAssetPath(request.url);
    if (asset !== null) {
      const abs = backend.assetPath(asset);
      if (!abs) return new Response('not found', { status: 404 });
      const res = await net.fetch(pathToFileURL(abs).toString());
      const headers = new Headers(res.headers);
      for (const [k, v] of Object.entries(SITE_ASSET_HEADERS)) headers.set(k, v);
      return new Response(res.body, { status: res.status, headers });
    }
    const file = rendererFile(rendererDir, request.url, path.join, path.normalize);
    if (!file) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
  registerIpc();
  buildMenu();
  createWindow();
});

// Hugo ("Your theme") stops with the app.
app.on('before-quit', () => void backend.close());

app.on('window-all-closed', () => {
  void backend.close();
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) createWindow();
});
