// The internal links to a post that a rename must rewrite, found in a post's text with
// their exact offsets: Markdown inline links and reference definitions (`](url)`,
// `[x]: url`), HTML `href="…"`, and ref/relref shortcodes. Pure; the Node side decides
// which URLs and content paths match (through the site plan) and writes the edits.

import { lexShortcodes, mayHaveShortcodes } from '../markdown/shortcode-lexer.ts';

/** One replacement in a text: `[start, end)` becomes `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** What a rename changes: the URL (old -> new) and the content path (old -> new). */
export interface LinkRewrite {
  /** Site-relative URL paths (`/posts/old/`), as the plan gives them. */
  oldUrl: string;
  newUrl: string;
  /** The site's base URL (`https://example.org/blog/`): links may be written with it. */
  baseURL: string;
  /** The linking page's own URL (relative links are read against it). */
  pageUrl: string;
  /**
   * A ref/relref target written in this post -> the new target to write, or null when it
   * does not point at the renamed post (or still resolves after the rename).
   */
  refTarget(target: string): string | null;
}

const norm = (u: string) => {
  let p = u;
  try {
    p = decodeURI(p);
  } catch {
    // keep as written
  }
  return p.endsWith('/') || /\.[a-z0-9]+$/i.test(p) ? p : p + '/';
};

/** Byte ranges of fenced code blocks (links there are code, not links). */
function fencedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /^( {0,3})(`{3,}|~{3,})[^\n]*$/gm;
  let open: { fence: string; start: number } | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const fence = m[2]!;
    if (!open) open = { fence, start: m.index };
    else if (
      fence[0] === open.fence[0] &&
      fence.length >= open.fence.length &&
      !/\S/.test(m[0].slice(m[1]!.length + fence.length))
    ) {
      out.push([open.start, m.index + m[0].length]);
      open = null;
    }
  }
  if (open) out.push([open.start, text.length]);
  return out;
}

/**
 * The edits that point links in `text` (a whole post, front matter included; only the
 * body from `bodyStart` is scanned) at the renamed post's new place. Each edit replaces
 * only the URL or the ref target, keeping `#anchors`, `?queries` and the link's form
 * (absolute with the base URL, root-relative, relative).
 */
export function linkEdits(text: string, bodyStart: number, r: LinkRewrite): TextEdit[] {
  const edits: TextEdit[] = [];
  const body = text.slice(bodyStart);
  const fences = fencedRanges(body);
  const inFence = (i: number) => fences.some(([a, b]) => i >= a && i < b);
  const base = new URL(r.baseURL || 'http://localhost/', 'http://localhost/');
  const basePath = base.pathname.endsWith('/') ? base.pathname : base.pathname + '/';
  const oldN = norm(r.oldUrl);

  const rewriteUrl = (url: string): string | null => {
    const cut = url.search(/[?#]/);
    const pathPart = cut < 0 ? url : url.slice(0, cut);
    const rest = cut < 0 ? '' : url.slice(cut);
    if (!pathPart) return null;
    let prefix = '';
    let sitePath: string;
    if (/^[a-z][a-z0-9+.-]*:/i.test(pathPart)) {
      // Absolute: only links into this site (its base URL's host and path).
      let u: URL;
      try {
        u = new URL(pathPart);
      } catch {
        return null;
      }
      if (u.host !== base.host || !u.pathname.startsWith(basePath)) return null;
      prefix = `${u.protocol}//${u.host}${basePath.slice(0, -1)}`;
      sitePath = u.pathname.slice(basePath.length - 1);
    } else if (pathPart.startsWith('//')) return null;
    else if (pathPart.startsWith('/')) {
      sitePath = pathPart;
      // A root-relative link written with the base URL's path (`/blog/posts/a/`).
      if (basePath !== '/' && sitePath.startsWith(basePath)) {
        prefix = basePath.slice(0, -1);
        sitePath = sitePath.slice(basePath.length - 1);
      }
    } else {
      // Relative to the linking page.
      let resolved: string;
      try {
        resolved = new URL(pathPart, `http://x${r.pageUrl}`).pathname;
      } catch {
        return null;
      }
      if (norm(resolved) !== oldN) return null;
      const from = r.pageUrl.endsWith('/') ? r.pageUrl : r.pageUrl.replace(/[^/]*$/, '');
      const rel = relativePath(from, r.newUrl);
      return rel + rest;
    }
    if (norm(sitePath) !== oldN) {
      // A file under the page (a bundle resource: `/posts/old/pic.png`) moves with it.
      const decoded = norm(sitePath);
      if (!(oldN.endsWith('/') && r.newUrl.endsWith('/') && decoded.startsWith(oldN))) return null;
      if (!/\.[a-z0-9]+$/i.test(decoded)) return null;
      const tail = sitePath.startsWith(r.oldUrl)
        ? sitePath.slice(r.oldUrl.length)
        : encodeURI(decoded.slice(oldN.length));
      return prefix + r.newUrl + tail + rest;
    }
    const keepSlash = pathPart.endsWith('/') || !r.newUrl.endsWith('/');
    const newPath = keepSlash ? r.newUrl : r.newUrl.replace(/\/$/, '');
    return prefix + newPath + rest;
  };

  const push = (start: number, url: string) => {
    if (inFence(start)) return;
    const next = rewriteUrl(url);
    if (next !== null && next !== url)
      edits.push({ start: bodyStart + start, end: bodyStart + start + url.length, text: next });
  };

  // Inline links and images: ](url "title") or ](<url>).
  for (const m of body.matchAll(/\]\(\s*(<)?([^)\s>]+)/g)) {
    const url = m[2]!;
    push(m.index! + m[0].length - url.length, url);
  }
  // Reference definitions: [label]: url
  for (const m of body.matchAll(/^ {0,3}\[[^\]\n]+\]:[ \t]*(<)?([^\s>]+)/gm)) {
    const url = m[2]!;
    push(m.index! + m[0].length - url.length, url);
  }
  // HTML links.
  for (const m of body.matchAll(/\bhref\s*=\s*(["'])([^"'\s]+)\1/gi)) {
    const url = m[2]!;
    push(m.index! + m[0].length - 1 - url.length, url);
  }
  // ref / relref shortcodes: the first positional argument (or `path=`).
  if (mayHaveShortcodes(body)) {
    for (const item of lexShortcodes(body)) {
      if (item.kind !== 'tag' || item.closing || (item.name !== 'ref' && item.name !== 'relref'))
        continue;
      const target = item.positional[0] ?? item.named?.path;
      if (typeof target !== 'string') continue;
      const next = r.refTarget(target);
      if (next === null || next === target) continue;
      const tagText = body.slice(item.start, item.end);
      const at = findQuoted(tagText, target);
      if (at < 0) continue;
      edits.push({
        start: bodyStart + item.start + at,
        end: bodyStart + item.start + at + target.length,
        text: next,
      });
    }
  }
  // One edit per place (a ref inside `](…)` is not also a URL).
  edits.sort((a, b) => a.start - b.start);
  return edits.filter((e, i) => i === 0 || e.start >= edits[i - 1]!.end);
}

/** Where `value` is written inside a shortcode tag (quoted or bare), or -1. */
function findQuoted(tag: string, value: string): number {
  for (const q of ['"', '`', '']) {
    const i = tag.indexOf(q + value + q);
    if (i >= 0) return i + q.length;
  }
  return -1;
}

/** A relative URL path from the folder `from` (ends in /) to `to`. */
function relativePath(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.length - i;
  const rel = [...Array<string>(up).fill('..'), ...b.slice(i)].join('/');
  return (rel || '.') + (to.endsWith('/') && rel ? '/' : '');
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The 1-based lines an edit of `before` into `after` changed (same line count or more). */
export function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: number[] = [];
  // Common prefix and suffix; lines between them changed.
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  if (a.length === b.length) {
    for (let k = i; k < a.length - j; k++) if (a[k] !== b[k]) out.push(k + 1);
    return out;
  }
  for (let k = i; k < b.length - j; k++) out.push(k + 1);
  return out;
}
