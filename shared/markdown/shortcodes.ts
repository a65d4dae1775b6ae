// Shortcodes in the one Markdown pipeline, in Hugo's order: found in the raw body, `{{% %}}`
// output spliced into the Markdown, `{{< >}}` output put in after the Markdown is
// rendered (in place of a placeholder, Hugo's "HAHAHUGOSHORTCODE" scheme, unwrapped from
// a `<p>` of its own). Summaries and word counts read the result, as in Hugo.
import type { MarkdownIt, StateBlock, Token } from 'markdown-it';
import { goEscape, renderBuiltin } from './builtin-shortcodes.ts';
import type { BuiltinContext } from './builtin-shortcodes.ts';
import { mayHaveShortcodes } from './shortcode-lexer.ts';
import type { ShortcodeTag } from './shortcode-lexer.ts';
import { isBuiltinShortcode, lineNumbers, parseShortcodes } from './shortcode-tree.ts';
import type { BodyPart, ShortcodeNode } from './shortcode-tree.ts';

/** What shortcodes may read about the page and the site (all optional). */
export interface ShortcodeEnv {
  /** The page's front matter, keys lowercased (Hugo's `.Page.Params`). */
  page?: Record<string, unknown>;
  /** The site's `params`, keys lowercased. */
  site?: Record<string, unknown>;
  /** Hugo's `privacy` config, keys lowercased. */
  privacy?: Record<string, Record<string, unknown>>;
  /** `preview`: embeds as a static card with a link; default `hugo`: Hugo's HTML. */
  embeds?: 'hugo' | 'preview';
  /** The site's base URL, for `ref` (absolute) links. */
  baseURL?: string;
  /** The post being rendered (content path), passed to resolveRef. */
  postPath?: string;
  /** Resolves a ref/relref target (`other.md`, `/posts/x#a`) to a site-relative URL. */
  resolveRef?: (target: string, fromPost: string) => string | null;
  /** Built-in names the site has its own template for (Hugo uses the site's). */
  overrides?: ReadonlySet<string>;
}

interface Replacement {
  block: string;
  inline: string;
}

interface ScState {
  n: number;
  out: Map<string, Replacement>;
}

// `{{< >}}` output stands in the Markdown as Hugo's own placeholder (its text ends up in
// heading ids exactly as in Hugo); `{{% %}}` blocks of the site's shortcodes as ours.
const PH = 'HAHAHUGOSHORTCODEs\\d+HBHB|QSC[PM]\\d+X';
const PLACEHOLDER = new RegExp(PH);
const PLACEHOLDERS = new RegExp(`<p>(${PH})</p>(\n?)|${PH}`, 'g');
const MARKER_LINE = /^[ \t]*(QSCM\d+X)[ \t]*$/;

/** True for a `{{< >}}` shortcode's placeholder (e.g. a ref in a link), filled in after rendering. */
export function isShortcodePlaceholder(text: string): boolean {
  return new RegExp(`^(${PH})$`).test(text);
}

function state(env: Record<string, unknown>): ScState {
  let s = env.quireShortcodeState as ScState | undefined;
  if (!s) {
    s = { n: 0, out: new Map() };
    env.quireShortcodeState = s;
  }
  return s;
}

/** The one pipeline's shortcode support: parse expands, render puts the output in. */
export function shortcodesPlugin(md: MarkdownIt): void {
  const parse = md.parse.bind(md);
  md.parse = (src: string, env: Record<string, unknown>) => {
    env ??= {};
    if (!mayHaveShortcodes(src)) return parse(src, env);
    const expanded = expandShortcodes(md, src, env);
    const tokens = parse(expanded.source, env);
    if (expanded.lineMap) remapLines(tokens, expanded.lineMap);
    return tokens;
  };
  const render = md.renderer.render.bind(md.renderer);
  md.renderer.render = (tokens, options, env: Record<string, unknown>) => {
    const html = render(tokens, options, env);
    const s = env?.quireShortcodeState as ScState | undefined;
    return s && s.out.size > 0 ? substitute(html, s) : html;
  };
  // A `{{% custom %}}` marker alone on its line is a block of its own, as the site's
  // shortcode would most likely make it (a paragraph above does not swallow it).
  md.block.ruler.before(
    'paragraph',
    'quire_shortcode_marker',
    (st: StateBlock, startLine: number, _end: number, silent: boolean) => {
      const from = st.bMarks[startLine]! + st.tShift[startLine]!;
      if (st.src.charCodeAt(from) !== 0x51 /* Q */) return false;
      const line = st.src.slice(from, st.eMarks[startLine]);
      const m = MARKER_LINE.exec(line);
      if (!m) return false;
      if (silent) return true;
      const open = st.push('paragraph_open', 'p', 1);
      open.map = [startLine, startLine + 1];
      const inline = st.push('inline', '', 0);
      inline.content = m[1]!;
      inline.map = [startLine, startLine + 1];
      inline.children = [];
      st.push('paragraph_close', 'p', -1);
      st.line = startLine + 1;
      return true;
    },
    { alt: ['paragraph', 'reference', 'blockquote', 'list'] },
  );
}

/**
 * A body that is HTML (an `.html` content page): shortcodes expanded and their output put
 * in; the rest stays as written, as Hugo leaves it.
 */
export function shortcodesInHtml(
  md: MarkdownIt,
  src: string,
  env: Record<string, unknown>,
): string {
  if (!mayHaveShortcodes(src)) return src;
  const { source } = expandShortcodes(md, src, env);
  const s = env.quireShortcodeState as ScState | undefined;
  return s && s.out.size > 0 ? substitute(source, s) : source;
}

/** Replaces placeholders (nested ones too): `<p>P</p>` takes the block form. */
function substitute(html: string, s: ScState): string {
  let out = html;
  for (let guard = 0; guard < 8 && PLACEHOLDER.test(out); guard++)
    out = out.replace(PLACEHOLDERS, (m, alone: string | undefined, nl: string | undefined) => {
      const r = s.out.get(alone ?? m);
      if (!r) return m;
      if (!alone) return r.inline;
      // A `{{% %}}` marker stands where Hugo has an empty line: no line break of its own,
      // so the text (and the sentence summary, which counts white space) stays Hugo's.
      return alone.startsWith('QSCM') ? r.block : r.block + (nl ?? '');
    });
  return out;
}

function remapLines(tokens: Token[], lineMap: number[]): void {
  const last = lineMap.length - 1;
  const at = (n: number) => (n <= last ? lineMap[n]! : lineMap[last]! + (n - last));
  for (const t of tokens) if (t.map) t.map = [at(t.map[0]), at(t.map[1])];
}

/**
 * The Markdown Hugo renders for a body with shortcodes (placeholders standing for `<`
 * output), and for each line of it the line of the body it came from.
 */
export function expandShortcodes(
  md: MarkdownIt,
  src: string,
  env: Record<string, unknown>,
): { source: string; lineMap: number[] | null } {
  const parts = parseShortcodes(src);
  if (
    !parts.some(
      (p) => p.kind === 'shortcode' || (p.kind === 'text' && p.value !== src.slice(p.start, p.end)),
    )
  )
    return { source: src, lineMap: null };
  const st = state(env);
  let source = '';
  const lineMap: number[] = [0];
  let srcLine = 0;
  const emit = (text: string, fromSource: boolean) => {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (fromSource) srcLine++;
      lineMap.push(srcLine);
    }
    source += text;
  };
  const newlines = (s: string) => s.split('\n').length - 1;
  let ordinal = 0;
  for (const p of parts) {
    if (p.kind !== 'shortcode') {
      if (p.value === src.slice(p.start, p.end)) emit(p.value, true);
      else {
        emit(p.value, false);
        srcLine += newlines(src.slice(p.start, p.end)) - newlines(p.value);
      }
      continue;
    }
    emit(markdownFor(md, p, env, st, ordinal++), false);
    srcLine += newlines(src.slice(p.start, p.end));
    lineMap[lineMap.length - 1] = srcLine;
  }
  return { source, lineMap };
}

/** What a top-level shortcode puts into the Markdown. */
function markdownFor(
  md: MarkdownIt,
  node: ShortcodeNode,
  env: Record<string, unknown>,
  st: ScState,
  ordinal: number | null,
): string {
  const place = (r: Replacement, kind: 'P' | 'M') => {
    const key =
      kind === 'P' && ordinal !== null
        ? `HAHAHUGOSHORTCODEs${ordinal}HBHB`
        : `QSC${kind}${st.n++}X`;
    st.out.set(key, r);
    return key;
  };
  if (node.tag.markup === '<') {
    const html = htmlFor(md, node, env, st, 0);
    return place(html, 'P');
  }
  if (builtin(node.tag.name, env)) {
    // Hugo splices a `{{% %}}` shortcode's output into the Markdown.
    return indentOutput(builtinHtml(md, node, env, st, 0), node);
  }
  const label = labelOf(node.tag);
  if (!node.inner) return place(labelled(label, '', ''), 'M');
  const open = place(
    {
      block: `<div class="quire-shortcode" title="${label}">`,
      inline: `<span class="quire-shortcode" title="${label}">`,
    },
    'M',
  );
  const close = place({ block: '</div>', inline: '</span>' }, 'M');
  let inner = '';
  // As in Hugo, a nested shortcode's output is HTML in the parent's inner Markdown (so
  // without markup.goldmark.renderer.unsafe it is omitted, as Hugo omits it).
  for (const p of node.inner)
    inner += p.kind === 'shortcode' ? htmlFor(md, p, env, st, 1).block : p.value;
  return `${open}${inner}${close}`;
}

/** Hugo indents a shortcode's output lines after the first like the tag (no inner only). */
function indentOutput(out: string, node: ShortcodeNode): string {
  if (node.inner || !node.indentation) return out;
  return out.replace(/\n(?=[^])/g, `\n${node.indentation}`);
}

/** A Hugo built-in the site has not replaced with its own template. */
function builtin(name: string, env: Record<string, unknown>): boolean {
  return (
    isBuiltinShortcode(name) && !(env.shortcodes as ShortcodeEnv | undefined)?.overrides?.has(name)
  );
}

function labelOf(tag: ShortcodeTag): string {
  const params = tag.named
    ? Object.entries(tag.named).map(([k, v]) => `${k}=${JSON.stringify(String(v))}`)
    : tag.positional.map((v) =>
        typeof v === 'string' && !/^[\w.-]+$/.test(v) ? JSON.stringify(v) : String(v),
      );
  return goEscape([tag.name, ...params].join(' '));
}

function labelled(label: string, blockInner: string, inlineInner: string): Replacement {
  return {
    block: `<div class="quire-shortcode" title="${label}">${blockInner}</div>`,
    inline: `<span class="quire-shortcode" title="${label}">${inlineInner}</span>`,
  };
}

/** A shortcode's output as HTML (`{{< >}}` and anything nested in one). */
function htmlFor(
  md: MarkdownIt,
  node: ShortcodeNode,
  env: Record<string, unknown>,
  st: ScState,
  level: number,
): Replacement {
  if (builtin(node.tag.name, env)) {
    const html = indentOutput(builtinHtml(md, node, env, st, level), node);
    return { block: html, inline: html };
  }
  const label = labelOf(node.tag);
  if (!node.inner) return labelled(label, '', '');
  // The site's own shortcode: its inner content rendered as Markdown, nested shortcodes too.
  const block = md.render(node.innerSource, childEnv(env));
  const single = /^<p>([^]*)<\/p>\n?$/.exec(block);
  return labelled(label, block, single && !single[1]!.includes('<p>') ? single[1]! : block);
}

/** `.Inner` as Hugo hands it to a template: nested shortcodes rendered to strings. */
function innerString(
  md: MarkdownIt,
  node: ShortcodeNode,
  env: Record<string, unknown>,
  st: ScState,
  level: number,
): string {
  let inner = '';
  for (const p of node.inner ?? []) {
    if (p.kind !== 'shortcode') inner += p.value;
    else inner += htmlFor(md, p, env, st, level + 1).block;
  }
  // Nested `{{% %}}` shortcodes have their inner Markdown rendered (Hugo: level > 0).
  if (level > 0 && node.tag.markup === '%' && inner) {
    const html = md.render(inner, childEnv(env));
    return inner.includes('\n') ? html : html.replace(/^<p>([^]*)<\/p>\n$/, '$1');
  }
  return inner;
}

function builtinHtml(
  md: MarkdownIt,
  node: ShortcodeNode,
  env: Record<string, unknown>,
  st: ScState,
  level: number,
): string {
  const sc = (env.shortcodes ?? {}) as ShortcodeEnv;
  const ctx: BuiltinContext = {
    markdownify: (s) => {
      if (!s) return '';
      const html = md.render(s, { ...childEnv(env), quireShortcodeState: undefined });
      return html
        .replace(/^<p>([^]*)<\/p>\n?$/, (m, one: string) => (one.includes('<p>') ? m : one))
        .replace(/\n$/, '');
    },
    plainify: (html) => html.replace(/<[^>]*>/g, ''),
    param: (key) => lookupParam(sc, key),
    ref: (target, kind) => {
      const [path, anchor] = splitAnchor(target);
      const url = path ? (sc.resolveRef?.(path, sc.postPath ?? '') ?? null) : '';
      if (url === null) return null;
      const base =
        kind === 'ref' && url.startsWith('/') ? (sc.baseURL ?? '').replace(/\/+$/, '') : '';
      return `${base}${url}${anchor ? `#${anchor}` : ''}`;
    },
    embeds: sc.embeds ?? 'hugo',
    privacy: sc.privacy ?? {},
    inner: innerString(md, node, env, st, level),
  };
  return renderBuiltin(node, ctx) ?? '';
}

/** An env for rendering a piece on its own (its own footnotes), sharing the placeholders. */
function childEnv(env: Record<string, unknown>): Record<string, unknown> {
  return { ...env, footnotes: undefined, quireQuotes: undefined, quireShortcodeState: undefined };
}

function splitAnchor(target: string): [string, string] {
  const i = target.indexOf('#');
  return i === -1 ? [target, ''] : [target.slice(0, i), target.slice(i + 1)];
}

/** Hugo's `.Page.Param`: the page's value, else the site's; dotted keys walk maps. */
export function lookupParam(sc: ShortcodeEnv, key: string): unknown {
  const walk = (root: Record<string, unknown> | undefined) => {
    let v: unknown = root;
    for (const k of key.toLowerCase().split('.')) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
      const obj = v as Record<string, unknown>;
      const hit = Object.keys(obj).find((x) => x.toLowerCase() === k);
      v = hit === undefined ? undefined : obj[hit];
    }
    return v;
  };
  const own = walk(sc.page);
  return own !== undefined ? own : walk(sc.site);
}

/** Every shortcode in a body: name, markup, 1-based line; for `quire check` and the editor. */
export function listShortcodes(src: string): { name: string; line: number; builtin: boolean }[] {
  const out: { name: string; line: number; builtin: boolean }[] = [];
  const lineOf = lineNumbers(src);
  const walk = (parts: readonly BodyPart[]) => {
    for (const p of parts) {
      if (p.kind !== 'shortcode') continue;
      out.push({
        name: p.tag.name,
        line: lineOf(p.start),
        builtin: isBuiltinShortcode(p.tag.name),
      });
      if (p.inner) walk(p.inner);
    }
  };
  walk(parseShortcodes(src));
  return out;
}
