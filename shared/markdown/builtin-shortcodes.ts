// Hugo's built-in shortcodes (tpl/tplimpl/embedded/templates/shortcodes, Hugo 0.111; x,
// details and qr as later Hugo renders them). Every parameter is untrusted: it is escaped
// for the place it lands in, and URLs with a script scheme become Go's "#ZgotmplZ".
import { highlightBlock } from './highlight.ts';
import type { ShortcodeValue } from './shortcode-lexer.ts';
import { getParam, shortcodeValueText } from './shortcode-tree.ts';
import type { ShortcodeNode } from './shortcode-tree.ts';

/** What a built-in needs from the page it is on. */
export interface BuiltinContext {
  /** Inline Markdown to HTML (Hugo's markdownify: one paragraph loses its `<p>`). */
  markdownify(s: string): string;
  /** HTML to plain text (Hugo's plainify). */
  plainify(html: string): string;
  /** Hugo's `.Page.Param`: the page's front matter, then the site's params. */
  param(key: string): unknown;
  /** ref/relref targets; null when the page does not exist. */
  ref(target: string, kind: 'ref' | 'relref'): string | null;
  /** `hugo`: the HTML Hugo writes; `preview`: embeds as a static card (no frame, no script). */
  embeds: 'hugo' | 'preview';
  /** Hugo's `privacy` config, keys lowercased (e.g. privacy.youtube.privacyenhanced). */
  privacy: Record<string, Record<string, unknown>>;
  /** The shortcode's inner content as Hugo passes it (`.Inner`). */
  inner: string;
}

/** Go html/template's escaping of text and attribute values. */
export function goEscape(v: unknown): string {
  return String(v ?? '').replace(
    /[&'"<>+\0]/g,
    (c) =>
      ({
        '&': '&amp;',
        "'": '&#39;',
        '"': '&#34;',
        '<': '&lt;',
        '>': '&gt;',
        '+': '&#43;',
        '\0': '\uFFFD',
      })[c]!,
  );
}

/** Go html/template's URL attribute: unsafe schemes filtered, then normalized and escaped. */
export function goUrl(v: unknown): string {
  const s = String(v ?? '');
  const scheme = /^([^:/?#]*):/.exec(s)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto')
    return '#ZgotmplZ';
  let out = '';
  for (const ch of s) {
    if (/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/.test(ch)) out += ch;
    else
      for (const b of new TextEncoderBytes(ch).bytes)
        out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return goEscape(out).replace(/&#43;/g, '+');
}

/** UTF-8 bytes of one character without TextEncoder (shared code has no DOM types). */
class TextEncoderBytes {
  readonly bytes: number[];
  constructor(ch: string) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) this.bytes = [c];
    else if (c < 0x800) this.bytes = [0xc0 | (c >> 6), 0x80 | (c & 63)];
    else if (c < 0x10000) this.bytes = [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    else
      this.bytes = [
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 63),
        0x80 | ((c >> 6) & 63),
        0x80 | (c & 63),
      ];
  }
}

const truthy = (v: ShortcodeValue | undefined | unknown) =>
  v !== undefined && v !== null && v !== '' && v !== false && v !== 0;

/**
 * An embed Quire cannot show as Hugo does (a frame in the preview, a script or a network
 * fetch at build time): a link to it. In the preview the link has text; in the export it
 * is labelled through CSS only, so the page's text (and word count) stays Hugo's.
 */
function card(ctx: BuiltinContext, kind: string, url: string, label: string): string {
  const text = `${kind}: ${label}`;
  return ctx.embeds === 'preview'
    ? `<div class="quire-embed"><a href="${goUrl(url)}">${goEscape(text)}</a></div>`
    : `<div class="quire-embed"><a href="${goUrl(url)}" aria-label="${goEscape(text)}"></a></div>\n`;
}

/** Renders a built-in shortcode; null when `name` is not one. */
export function renderBuiltin(node: ShortcodeNode, ctx: BuiltinContext): string | null {
  const tag = node.tag;
  const get = (k: number | string) => getParam(tag, k);
  const text = (k: number | string) => shortcodeValueText(get(k));
  const privacy = (service: string) => ctx.privacy[service] ?? {};
  switch (tag.name) {
    case 'figure':
      return figure(get, text, ctx);
    case 'highlight': {
      const inner = trimNewlines(deindent(ctx.inner, node.indentation));
      const lang = text(0);
      const opts = tag.positional.length === 2 ? text(1) : '';
      return highlightBlock(inner, lang, opts);
    }
    case 'youtube': {
      const pc = privacy('youtube');
      if (truthy(pc.disable)) return '';
      const host = truthy(pc.privacyenhanced) ? 'www.youtube-nocookie.com' : 'www.youtube.com';
      const id = text('id') || text(0);
      const cls = text('class') || text(1);
      const title = text('title') || 'YouTube Video';
      const autoplay = text('autoplay') === 'true' ? '?autoplay=1' : '';
      if (ctx.embeds === 'preview')
        return card(ctx, 'YouTube video', `https://www.youtube.com/watch?v=${id}`, title);
      return `\n<div ${cls ? `class="${goEscape(cls)}"` : 'style="position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;"'}>\n  <iframe src="${goUrl(`https://${host}/embed/${id}`)}${autoplay}" ${cls ? '' : 'style="position: absolute; top: 0; left: 0; width: 100%; height: 100%; border:0;" '}allowfullscreen title="${goEscape(title)}"></iframe>\n</div>\n`;
    }
    case 'vimeo':
    case 'vimeo_simple': {
      const pc = privacy('vimeo');
      if (truthy(pc.disable)) return '';
      const named = tag.named !== null;
      const id = named ? text('id') : text(0);
      const title = named ? text('title') : tag.positional.length === 3 ? text(2) : '';
      if (ctx.embeds === 'preview' || tag.name === 'vimeo_simple' || truthy(pc.simple))
        return card(ctx, 'Vimeo video', `https://vimeo.com/${id}`, title || id);
      const dnt = truthy(pc.enablednt) ? '?dnt=1' : '';
      const cls = named ? text('class') : tag.positional.length > 1 ? text(1) : '';
      const style =
        'style="position: absolute; top: 0; left: 0; width: 100%; height: 100%; border:0;" ';
      const useStyle = named ? !cls : tag.positional.length === 1;
      const frame = `<div ${cls ? `class="${goEscape(cls)}"` : 'style="position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;"'}>\n  <iframe src="${goUrl(`https://player.vimeo.com/video/${id}`)}${dnt}" ${useStyle ? style : ''}title="${goEscape(title || 'vimeo video')}" webkitallowfullscreen mozallowfullscreen allowfullscreen></iframe>\n</div>`;
      return named ? frame : `\n${frame}\n`;
    }
    case 'gist': {
      const user = text(0);
      const id = text(1);
      const file = tag.positional.length === 3 ? text(2) : '';
      const url = `https://gist.github.com/${user}/${id}`;
      // Hugo writes a <script> the exported page's CSP would block: a link shows the gist.
      return card(
        ctx,
        'Gist',
        file ? `${url}#file-${file.replace(/\./g, '-')}` : url,
        file || `${user}/${id}`,
      );
    }
    case 'twitter':
    case 'twitter_simple':
    case 'tweet':
    case 'x':
    case 'x_simple': {
      const service = tag.name.startsWith('x') ? 'x' : 'twitter';
      if (truthy(privacy(service).disable) || truthy(privacy('twitter').disable)) return '';
      const user = tag.named ? text('user') : tag.positional.length === 1 ? 'x' : text(0);
      const id = tag.named ? text('id') : tag.positional.length === 1 ? text(0) : text(1);
      // Hugo fetches the post's HTML from the network at build time; offline, a link.
      return card(ctx, 'Post on X', `https://x.com/${user}/status/${id}`, `@${user}/${id}`);
    }
    case 'instagram':
    case 'instagram_simple': {
      if (truthy(privacy('instagram').disable)) return '';
      const id = text(0);
      return card(ctx, 'Instagram post', `https://www.instagram.com/p/${id}/`, id);
    }
    case 'param': {
      const key = text(0);
      if (!key) return '';
      return goEscape(goPrint(ctx.param(key)));
    }
    case 'ref':
    case 'relref': {
      const target = tag.named ? text('path') : text(0);
      const url = ctx.ref(target, tag.name);
      return goEscape(url ?? '#ZgotmplZ');
    }
    case 'details': {
      const summary = text('summary') || 'Details';
      const open = truthy(get('open')) && text('open') !== 'false' ? ' open' : '';
      const cls = text('class');
      return `<details${cls ? ` class="${goEscape(cls)}"` : ''}${open}>\n  <summary>${ctx.markdownify(summary)}</summary>\n  ${renderInnerMarkdown(ctx)}\n</details>`;
    }
    case 'qr': {
      const t = text('text') || trimNewlines(ctx.inner);
      return `<div class="quire-embed">QR code: ${goEscape(t)}</div>`;
    }
    default:
      return null;
  }
}

function renderInnerMarkdown(ctx: BuiltinContext): string {
  return ctx.markdownify(ctx.inner.trim()) ?? '';
}

/** Go's fmt of a template value: lists as `[a b]`, maps as `map[k:v]`. */
function goPrint(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (typeof v === 'object')
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goPrint((v as Record<string, unknown>)[k])}`)
      .join(' ')}]`;
  return String(v);
}

function figure(
  get: (k: string) => ShortcodeValue | undefined,
  text: (k: string) => string,
  ctx: BuiltinContext,
): string {
  const has = (k: string) => truthy(get(k));
  let out = `<figure${has('class') ? ` class="${goEscape(text('class'))}"` : ''}>`;
  if (has('link'))
    out += `<a href="${goUrl(text('link'))}"${has('target') ? ` target="${goEscape(text('target'))}"` : ''}${has('rel') ? ` rel="${goEscape(text('rel'))}"` : ''}>`;
  out += `<img src="${goUrl(text('src'))}"`;
  if (has('alt') || has('caption'))
    out += `\n         alt="${goEscape(has('alt') ? text('alt') : ctx.plainify(ctx.markdownify(text('caption'))))}"`;
  if (has('width')) out += ` width="${goEscape(text('width'))}"`;
  if (has('height')) out += ` height="${goEscape(text('height'))}"`;
  out += '/>';
  if (has('link')) out += '</a>';
  if (has('title') || has('caption') || has('attr')) {
    out += '<figcaption>\n            ';
    if (has('title')) out += `<h4>${goEscape(text('title'))}</h4>`;
    if (has('caption') || has('attr')) {
      out += `<p>${ctx.markdownify(text('caption'))}`;
      if (has('attrlink')) out += `\n                    <a href="${goUrl(text('attrlink'))}">`;
      out += ctx.markdownify(text('attr'));
      if (has('attrlink')) out += '</a>';
      out += '</p>';
    }
    out += '\n        </figcaption>';
  }
  return `${out}\n</figure>\n`;
}

function trimNewlines(s: string): string {
  return s.replace(/^[\n\r]+|[\n\r]+$/g, '');
}

/** Hugo's InnerDeindent: the shortcode's indentation removed from each inner line. */
export function deindent(inner: string, indentation: string): string {
  if (!indentation) return inner;
  return inner
    .split(/(?<=\n)/)
    .map((line) => (line.startsWith(indentation) ? line.slice(indentation.length) : line))
    .join('');
}
