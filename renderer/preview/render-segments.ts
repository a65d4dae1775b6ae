import DOMPurify from 'dompurify';
import type { Token } from 'markdown-it';
import { markdownFor } from '../../shared/markdown/render.ts';
import type { MarkdownOptions, RenderEnv } from '../../shared/markdown/render.ts';

/** One top-level block of the preview: its source line and sanitized HTML. */
export interface Segment {
  key: string;
  /** 0-based line of the block in the rendered source. */
  line: number;
  html: string;
}

// Nothing that can run, load a document, submit or restyle the page survives.
const PURIFY = {
  FORBID_TAGS: [
    'style',
    'iframe',
    'frame',
    'frameset',
    'object',
    'embed',
    'form',
    'meta',
    'base',
    'link',
    'script',
    'svg',
    'math',
    'template',
  ],
  FORBID_ATTR: ['style', 'srcdoc', 'formaction', 'action'],
  ALLOW_DATA_ATTR: false,
};

/**
 * Renders Markdown for the live preview with the one shared pipeline, cut into top-level
 * blocks. Blocks whose source did not change are taken from `cache` (already sanitized),
 * so typing re-renders and re-sanitizes only the block being edited.
 */
export function renderSegments(
  source: string,
  options: MarkdownOptions,
  env: RenderEnv,
  cache: Map<string, string>,
): Segment[] {
  const md = markdownFor(options);
  const renderEnv = { ...env } as Record<string, unknown>;
  const tokens = md.parse(source, renderEnv);
  const lines = source.split('\n');
  const segments: Segment[] = [];
  const used = new Set<string>();
  const optionsKey = `${options.typographer ? 1 : 0}${options.unsafe ? 1 : 0}`;
  let i = 0;
  while (i < tokens.length) {
    const start = i;
    let depth = 0;
    do {
      depth += tokens[i]!.nesting;
      i++;
    } while (i < tokens.length && depth > 0);
    const slice = tokens.slice(start, i);
    const map = slice[0]!.map;
    // Footnotes and other blocks without a source position render every time.
    const src = map ? lines.slice(map[0], map[1]).join('\n') : null;
    const key = src === null ? null : `${optionsKey}\u0000${slice[0]!.type}\u0000${src}`;
    let html = key === null ? undefined : cache.get(key);
    if (html === undefined) {
      html = DOMPurify.sanitize(
        md.renderer.render(slice as Token[], md.options, renderEnv),
        PURIFY,
      ) as unknown as string;
      if (key !== null) cache.set(key, html);
    }
    if (key !== null) used.add(key);
    segments.push({
      key: key ?? `@${start}:${html.length}:${html}`,
      line: map ? map[0] : lines.length,
      html,
    });
  }
  // Keep the cache to what the document holds now.
  if (cache.size > used.size * 2 + 64)
    for (const k of cache.keys()) if (!used.has(k)) cache.delete(k);
  return segments;
}
