/** A URL the preview can load a site file from (images of the post's bundle, static/). */
export function assetUrl(sitePath: string): string {
  const encoded = sitePath.split('/').map(encodeURIComponent).join('/');
  if (window.quire) return `app://quire/site-asset/${encoded}`;
  const token = sessionStorage.getItem('quire-token') ?? '';
  return `/api/asset/${encoded}?token=${encodeURIComponent(token)}`;
}

/** Resolves a link written in a post to a site path: relative to the post, or static/. */
export function sitePathOfLink(postPath: string, url: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('#') || !url)
    return null;
  const clean = url.split(/[?#]/)[0]!;
  const parts = clean.startsWith('/')
    ? ['static', ...clean.split('/')]
    : [...postPath.split('/').slice(0, -1), ...clean.split('/')];
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (!out.pop()) return null;
    } else out.push(decodeURIComponent(p));
  }
  return out.join('/');
}
