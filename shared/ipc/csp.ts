/**
 * The renderer's Content Security Policy (desktop window and browser host): scripts and
 * styles only from the app itself, no plugins, no <base>, frames only for the preview
 * (srcdoc/blob, itself sandboxed without scripts; and the "Your theme" preview, the site's
 * own Hugo on loopback, in a frame sandboxed without same-origin), connections only back
 * to the app.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'self' blob: about: http://127.0.0.1:*",
  "frame-ancestors 'none'",
].join('; ');
