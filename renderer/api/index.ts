import type { QuireApi } from '../../shared/ipc/contract.ts';
import { channelOf } from '../../shared/ipc/contract.ts';
import { createMonitor } from './connection.ts';
import { createHttpApi } from './http-client.ts';
import { withLocalJournal } from './local-journal.ts';
import type { JournaledApi } from './local-journal.ts';
import { takeAddressParam } from './address.ts';

declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in the browser host. */
    quire?: QuireApi;
  }
}

let api: QuireApi | null = null;
const backHandlers: (() => void)[] = [];

/** Runs `fn` each time the browser host answers again after it was lost. */
export function onReconnect(fn: () => void): void {
  backHandlers.push(fn);
}

/** The back end: the desktop preload's API, or the browser host's HTTP client. */
export function getApi(): QuireApi {
  if (api) return api;
  if (window.quire) return (api = window.quire);
  // Keep the token out of the address bar, history and screenshots.
  const fromUrl = takeAddressParam('token');
  if (fromUrl) sessionStorage.setItem('quire-token', fromUrl);
  const token = fromUrl ?? sessionStorage.getItem('quire-token') ?? '';
  const probe = async (): Promise<'ok' | 'refused' | 'failed'> => {
    try {
      const res = await fetch(`/api/${channelOf('currentSite')}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Quire-Token': token },
        body: '{}',
      });
      return res.status === 401 ? 'refused' : res.ok ? 'ok' : 'failed';
    } catch {
      return 'failed';
    }
  };
  const monitor = createMonitor(probe, () => {
    http.reopenEvents();
    // The text typed while Quire was stopped goes to its journal first, then the rest.
    void journaled
      .handBack()
      .catch(() => 0)
      .then(() => {
        for (const fn of backHandlers) fn();
      });
  });
  const http = createHttpApi(token, '', monitor);
  const journaled: JournaledApi = withLocalJournal(http, localStorage);
  return (api = journaled);
}
