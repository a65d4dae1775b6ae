// The desktop window's security settings, as plain data so tests can assert them without
// an Electron binary. electron/main/index.ts applies them.
import { RENDERER_CSP } from '../../shared/ipc/csp.ts';

/** The custom scheme and host the renderer is served from (never file://). */
export const APP_ORIGIN = 'app://quire';

/** The CSP every renderer response carries. */
export const CSP = RENDERER_CSP;

/** Where the preview's images (files of the open site) are served from. */
export const SITE_ASSET_PREFIX = '/site-asset/';

/**
 * True only for the app's own pages: everything else is denied navigation, and IPC is
 * refused from it. The site's files under /site-asset/ are content, never app pages.
 */
export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return (
      u.protocol === 'app:' &&
      u.host === 'quire' &&
      !u.pathname.toLowerCase().startsWith(SITE_ASSET_PREFIX) &&
      !/%2f|%5c/i.test(u.pathname)
    );
  } catch {
    return false;
  }
}

/** The site-relative path an app://quire/site-asset/ URL asks for, or null. */
export function siteAssetPath(raw: string): string | null {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'app:' || u.host !== 'quire' || !u.pathname.startsWith(SITE_ASSET_PREFIX))
      return null;
    return decodeURIComponent(u.pathname.slice(SITE_ASSET_PREFIX.length));
  } catch {
    return null;
  }
}

/**
 * Headers for a site file served to the preview: a CSP under which nothing runs (an SVG
 * opened as a page stays inert and sandboxed) and no type sniffing.
 */
export const SITE_ASSET_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox",
  'X-Content-Type-Options': 'nosniff',
};

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
