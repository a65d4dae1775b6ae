import { uniqueHeadingId } from '../../shared/markdown/heading-ids.ts';
import { markdownFor, renderHtmlContent } from '../../shared/markdown/render.ts';
import type { MarkdownOptions, RenderEnv } from '../../shared/markdown/render.ts';
import type { Token } from 'markdown-it';

/** One top-level block of the preview: its source line and HTML. */
export interface Segment {
  key: string;
  /** 0-based line of the block in the file. */
  line: number;
  html: string;
}

type Block = { rel: number; html: string; heading: boolean };

/**
 * Renders Markdown for the live preview with the one shared pipeline, as the export
 * does, block by block. The source is cut into independent chunks (at blank lines where
 * no construct continues); each distinct chunk is parsed and rendered once, so typing
 * re-parses only the chunk being edited. Heading ids are numbered across chunks as Hugo
 * numbers them. Documents with link references or footnotes (blocks that refer to each
 * other) are rendered whole. Not sanitized yet (see sanitize.ts).
 */
export function renderSegments(
  source: string,
  options: MarkdownOptions,
  env: RenderEnv,
  cache: Map<string, unknown>,
  lineOffset = 0,
  cacheSalt = '',
): Segment[] {
  const salt = `${options.typographer ? 1 : 0}${options.unsafe ? 1 : 0}${options.headingIds ?? ''}:${options.lineNos ?? ''}:${options.lineNoStart ?? ''}:${options.guessSyntax ? 1 : 0}:${cacheSalt}`;
  const used = new Set<string>();
  const segments: Segment[] = [];
  if (!independent(source)) {
    for (const b of renderWhole(source, options, env))
      segments.push({ ...b, line: b.line + lineOffset });
  } else {
    const seen = new Map<string, number>();
    for (const chunk of splitChunks(source)) {
      const key = `${salt}\u0000${chunk.text}`;
      let blocks = cache.get(key) as Block[] | undefined;
      if (!blocks) {
        blocks = renderBlocks(chunk.text, options, {
          ...env,
          quireHeadingIdsUnique: false,
        } as RenderEnv);
        cache.set(key, blocks);
      }
      used.add(key);
      blocks.forEach((b, i) => {
        let html = b.html;
        let k = `${key}\u0000${i}`;
        if (b.heading) {
          const base = /^<h[1-6] id="([^"]*)"/.exec(html)?.[1];
          if (base !== undefined) {
            const id = uniqueHeadingId(seen, base);
            if (id !== base) {
              html = html.replace(`id="${base}"`, `id="${id}"`);
              k += `\u0000${id}`;
            }
          }
        }
        segments.push({ key: k, line: chunk.line + b.rel + lineOffset, html });
      });
    }
  }
  if (cache.size > used.size * 2 + 64)
    for (const k of cache.keys()) if (!used.has(k)) cache.delete(k);
  return segments;
}

/**
 * The preview of an `.html` page: its body as written, shortcodes rendered, one block;
 * images load through `env.resolveUrl` as a Markdown image's do.
 */
export function htmlPageSegment(
  body: string,
  options: MarkdownOptions,
  env: RenderEnv,
  line: number,
  cacheSalt = '',
): Segment {
  let html = renderHtmlContent(body, options, env);
  const resolve = env.resolveUrl;
  if (resolve)
    html = html.replace(
      /(<img\b[^>]*?\ssrc=)(["'])([^"']*)\2/gi,
      (_m, head: string, q: string, url: string) => `${head}${q}${resolve(url, 'image')}${q}`,
    );
  return { key: `html\u0000${cacheSalt}\u0000${body}`, line, html };
}

/** Cuts a token stream into its top-level blocks (each opening token with its contents). */
function topLevelBlocks(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  for (let i = 0; i < tokens.length;) {
    const start = i;
    let depth = 0;
    do {
      depth += tokens[i]!.nesting;
      i++;
    } while (i < tokens.length && depth > 0);
    out.push(tokens.slice(start, i));
  }
  return out;
}

/** Parses and renders one chunk, block by block. */
function renderBlocks(text: string, options: MarkdownOptions, env: RenderEnv): Block[] {
  const md = markdownFor(options);
  const renderEnv = { ...env } as Record<string, unknown>;
  const lines = text.split('\n').length;
  return topLevelBlocks(md.parse(text, renderEnv)).map((slice) => ({
    rel: slice[0]!.map ? slice[0]!.map[0] : lines,
    html: md.renderer.render(slice, md.options, renderEnv),
    heading: slice[0]!.type === 'heading_open',
  }));
}

/**
 * The whole document parsed and rendered at once: its blocks refer to each other (link
 * references, footnote numbers), so no block's HTML can be reused on its own.
 */
function renderWhole(source: string, options: MarkdownOptions, env: RenderEnv): Segment[] {
  const md = markdownFor(options);
  const renderEnv = { ...env } as Record<string, unknown>;
  const lines = source.split('\n').length;
  return topLevelBlocks(md.parse(source, renderEnv)).map((slice) => {
    const html = md.renderer.render(slice, md.options, renderEnv);
    return {
      key: `${slice[0]!.type}\u0000${html}`,
      line: slice[0]!.map ? slice[0]!.map[0] : lines,
      html,
    };
  });
}

const REFERENCE = /^ {0,3}\[[^\]\n]+\]:/m;

/**
 * True when no block refers to another: no link reference definitions, no footnotes, no
 * shortcode with a closing tag (its inner content may span blocks).
 */
function independent(source: string): boolean {
  return !REFERENCE.test(source) && !source.includes('[^') && !PAIRED_SHORTCODE.test(source);
}

const PAIRED_SHORTCODE = /\{\{[<%]\s*\//;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const CONTINUES = /^([ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|>|[-*+]$|\d{1,9}[.)]$|={2,}|-{2,})/;

/** Cuts at blank lines after which a new, unrelated block starts at column 0. */
function splitChunks(source: string): { text: string; line: number }[] {
  const lines = source.split('\n');
  const chunks: { text: string; line: number }[] = [];
  let start = 0;
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1])
        fence = null;
      continue;
    }
    if (f) {
      fence = f[1]!;
      continue;
    }
    if (line.trim() !== '' || i + 1 >= lines.length) continue;
    const next = lines[i + 1]!;
    if (next.trim() === '' || CONTINUES.test(next)) continue;
    chunks.push({ text: lines.slice(start, i + 1).join('\n'), line: start });
    start = i + 1;
  }
  chunks.push({ text: lines.slice(start).join('\n'), line: start });
  return chunks;
}
