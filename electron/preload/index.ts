import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { channelOf, EVENT_CHANNEL } from '../../shared/ipc/contract.ts';
import { QuireError } from '../../shared/errors.ts';
import type { QuireErrorInfo } from '../../shared/errors.ts';
import type {
  CallName,
  CallRequest,
  CallResponse,
  QuireApi,
  QuireEvent,
} from '../../shared/ipc/contract.ts';

// The bridge: one function per contract entry, nothing else. The renderer never sees
// ipcRenderer, and no function takes a channel name.

async function invoke<K extends CallName>(
  name: K,
  request: CallRequest<K>,
): Promise<CallResponse<K>> {
  const reply = (await ipcRenderer.invoke(channelOf(name), request)) as {
    ok: boolean;
    result?: CallResponse<K>;
    error?: QuireErrorInfo;
  };
  // The back end's QuireError again: code, file, line, column, message.
  if (!reply.ok) throw QuireError.fromInfo(reply.error);
  return reply.result as CallResponse<K>;
}

const api = {
  openSite: (r) => invoke('openSite', r),
  initSite: (r) => invoke('initSite', r),
  currentSite: (r) => invoke('currentSite', r),
  recentSites: (r) => invoke('recentSites', r),
  listPosts: (r) => invoke('listPosts', r),
  readPost: (r) => invoke('readPost', r),
  savePost: (r) => invoke('savePost', r),
  createPost: (r) => invoke('createPost', r),
  renamePost: (r) => invoke('renamePost', r),
  duplicatePost: (r) => invoke('duplicatePost', r),
  deletePost: (r) => invoke('deletePost', r),
  restorePost: (r) => invoke('restorePost', r),
  readSiteConfig: (r) => invoke('readSiteConfig', r),
  updateSiteConfig: (r) => invoke('updateSiteConfig', r),
  listing: (r) => invoke('listing', r),
  listingPreview: (r) => invoke('listingPreview', r),
  whereIs: (r) => invoke('whereIs', r),
  listingPages: (r) => invoke('listingPages', r),
  search: (r) => invoke('search', r),
  checkSite: (r) => invoke('checkSite', r),
  exportStart: (r) => invoke('exportStart', r),
  revealExport: (r) => invoke('revealExport', r),
  exportCancel: (r) => invoke('exportCancel', r),
  journalWrite: (r) => invoke('journalWrite', r),
  journalClear: (r) => invoke('journalClear', r),
  journalList: (r) => invoke('journalList', r),
  addImage: (r) => invoke('addImage', r),
  revealInFolder: (r) => invoke('revealInFolder', r),
  openExternal: (r) => invoke('openExternal', r),
  spellcheck: (r) => invoke('spellcheck', r),
  themePreviewStart: (r) => invoke('themePreviewStart', r),
  themePreviewText: (r) => invoke('themePreviewText', r),
  themePreviewStop: (r) => invoke('themePreviewStop', r),
  hugoStatus: (r) => invoke('hugoStatus', r),
  hugoPathSet: (r) => invoke('hugoPathSet', r),
  historyList: (r) => invoke('historyList', r),
  historyRead: (r) => invoke('historyRead', r),
  historyRestore: (r) => invoke('historyRestore', r),
  gitStatus: (r) => invoke('gitStatus', r),
  gitCommit: (r) => invoke('gitCommit', r),
  gitPull: (r) => invoke('gitPull', r),
  gitPush: (r) => invoke('gitPush', r),
  readPrefs: (r) => invoke('readPrefs', r),
  writePrefs: (r) => invoke('writePrefs', r),
  listFolders: (r) => invoke('listFolders', r),
  subscribe: (listener) => {
    const handler = (_e: IpcRendererEvent, event: QuireEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
} satisfies QuireApi;

contextBridge.exposeInMainWorld('quire', api);
