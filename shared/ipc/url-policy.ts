// URL is a global in every runtime shared/ runs in (Node and browsers), but not part of
// the ES library types this layer compiles against.
declare const URL: new (input: string) => { protocol: string; href: string; hostname: string };

const ALLOWED = new Set(['https:', 'http:', 'mailto:']);

// Control characters, white space and invisible formatting characters.
const UNSAFE_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u2066-\u2069\u205f\u3000\ufeff]/;

/**
 * True when a URL may be handed to the system browser: it parses with the WHATWG URL
 * parser, its scheme is https, http or mailto, and the text holds no control characters,
 * or white space that another parser could read differently.
 */
export function isSafeExternalUrl(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return false;
  if (UNSAFE_CHARS.test(raw)) return false;
  let url;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (!ALLOWED.has(url.protocol)) return false;
  if (url.protocol !== 'mailto:' && !url.hostname) return false;
  return true;
}
