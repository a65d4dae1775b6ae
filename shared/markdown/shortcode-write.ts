import { lexShortcodes } from './shortcode-lexer.ts';

/** A figure's fields as the figure form edits them. */
export interface FigureFields {
  src: string;
  alt: string;
  caption: string;
}

/** A shortcode parameter value in Go-style quotes Hugo reads back exactly. */
export function quoteParam(value: string): string {
  if (!/["\n\r]/.test(value)) return `"${value}"`;
  if (!value.includes('`')) return `\`${value}\``;
  return `"${value.replace(/[\r\n]+/g, ' ').replace(/"/g, '\\"')}"`;
}

/** `{{< figure src="…" alt="…" caption="…" >}}`, empty fields left out, other params kept. */
export function figureShortcode(f: FigureFields, extra: Record<string, string> = {}): string {
  const params: [string, string][] = [
    ['src', f.src],
    ['alt', f.alt],
    ['caption', f.caption],
    ...Object.entries(extra).filter(([k]) => !['src', 'alt', 'caption'].includes(k)),
  ];
  const text = params
    .filter(([, v]) => v.trim() !== '')
    .map(([k, v]) => `${k}=${quoteParam(v)}`)
    .join(' ');
  return `{{< figure ${text} >}}`;
}

/**
 * The figure shortcode under `pos` in `text` (to edit it in the form): its extent, its
 * src/alt/caption, and its other named params; null when there is none.
 */
export function figureAt(
  text: string,
  pos: number,
): { from: number; to: number; fields: FigureFields; extra: Record<string, string> } | null {
  // The nearest tag opening at or before the cursor; a figure tag is short.
  const open = text.lastIndexOf('{{', pos);
  if (open === -1) return null;
  const slice = text.slice(open, Math.min(text.length, open + 4000));
  for (const item of lexShortcodes(slice)) {
    if (item.kind !== 'tag' || item.name !== 'figure' || item.closing) continue;
    const start = open + item.start;
    const end = open + item.end;
    if (pos < start || pos > end) return null;
    const named = item.named ?? {};
    const str = (k: string) => (named[k] === undefined ? '' : String(named[k]));
    const extra: Record<string, string> = {};
    for (const [k, v] of Object.entries(named))
      if (!['src', 'alt', 'caption'].includes(k)) extra[k] = String(v);
    return {
      from: start,
      to: end,
      fields: { src: str('src'), alt: str('alt'), caption: str('caption') },
      extra,
    };
  }
  return null;
}
