// The desktop window's security settings, as plain data so tests can assert them without
// an Electron binary. electron/main/index.ts applies them.
import { RENDERER_CSP } from '../../shared/ipc/csp.ts';

/** The custom scheme and host the renderer is served from (never file://). */
export const APP_ORIGIN = 'app://quire';

/** The CSP every renderer response carries. */
export const CSP = RENDERER_CSP;

/** webPreferences for every window: isolated, sandboxed, no Node. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
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
    // A middle click would open links in a new window; the window-open handler denies it
    // too, but the event never fires this way.
    disableBlinkFeatures: 'Auxclick',
  } as const;
}

/** True only for the app's own pages: everything else is denied navigation. */
export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'app:' && u.host === 'quire';
  } catch {
    return false;
  }
}

/** Resolves an app:// URL to a file inside the renderer folder, or null (no escaping). */
export function rendererFile(
  rendererDir: string,
  raw: string,
  join: (...p: string[]) => string,
  normalize: (p: string) => string,
): string | null {
  if (!isAppUrl(raw)) return null;
  const pathname = decodeURIComponent(new URL(raw).pathname);
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const rel = normalize(pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, ''));
  if (rel.startsWith('..') || rel.startsWith('/')) return null;
  return join(rendererDir, rel);
}
