import type { QuireApi } from '../../shared/ipc/contract.ts';
import { createHttpApi } from './http-client.ts';

declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in the browser host. */
    quire?: QuireApi;
  }
}

let api: QuireApi | null = null;

/** The back end: the desktop preload's API, or the browser host's HTTP client. */
export function getApi(): QuireApi {
  if (api) return api;
  if (window.quire) return (api = window.quire);
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('quire-token', fromUrl);
    // Keep the token out of the address bar, history and screenshots.
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (rest ? `?${rest}` : ''));
  }
  const token = fromUrl ?? sessionStorage.getItem('quire-token') ?? '';
  return (api = createHttpApi(token));
}
