import { markdownFor } from '../../shared/markdown/render.ts';
import type { MarkdownOptions, RenderEnv } from '../../shared/markdown/render.ts';

/** One top-level block of the preview: its source line and HTML. */
export interface Segment {
  key: string;
  /** 0-based line of the block in the file. */
  line: number;
  html: string;
}

/**
 * Renders Markdown for the live preview with the one shared pipeline, cut into top-level
 * blocks. A block whose source did not change is taken from `cache`, so typing renders
 * only the block being edited. The HTML is not sanitized yet (see sanitize.ts).
 */
export function renderSegments(
  source: string,
  options: MarkdownOptions,
  env: RenderEnv,
  cache: Map<string, string>,
  lineOffset = 0,
  cacheSalt = '',
): Segment[] {
  const md = markdownFor(options);
  const renderEnv = { ...env } as Record<string, unknown>;
  const tokens = md.parse(source, renderEnv);
  const lines = source.split('\n');
  const segments: Segment[] = [];
  const used = new Set<string>();
  const optionsKey = `${options.typographer ? 1 : 0}${options.unsafe ? 1 : 0}${cacheSalt}`;
  for (let i = 0; i < tokens.length;) {
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
      html = md.renderer.render(slice, md.options, renderEnv);
      if (key !== null) cache.set(key, html);
    }
    if (key !== null) used.add(key);
    segments.push({
      key: key ?? `@${start}:${html}`,
      line: (map ? map[0] : lines.length) + lineOffset,
      html,
    });
  }
  if (cache.size > used.size * 2 + 64)
    for (const k of cache.keys()) if (!used.has(k)) cache.delete(k);
  return segments;
}
