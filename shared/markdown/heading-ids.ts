import type { MarkdownIt } from 'markdown-it';

/** Hugo's `markup.goldmark.parser.autoHeadingIDType`. */
export type HeadingIdType = 'github' | 'github-ascii' | 'blackfriday';

/**
 * Hugo's heading id for a heading's source text (markup/goldmark/autoid.go). `github`
 * (default): letters, digits and `_` lowercased, space and `-` to `-`, the rest dropped;
 * `github-ascii`: the same after removing accents, non-ASCII dropped; `blackfriday`:
 * runs of other characters become one `-` between words.
 */
export function hugoHeadingId(text: string, type: HeadingIdType = 'github'): string {
  let out = '';
  if (type === 'blackfriday') {
    let dash = false;
    for (const ch of text) {
      if (/[\p{L}\p{N}]/u.test(ch)) {
        if (dash && out) out += '-';
        dash = false;
        out += ch.toLowerCase();
      } else dash = true;
    }
    return out;
  }
  const src =
    type === 'github-ascii'
      ? text
          .normalize('NFD')
          .replace(/\p{Mn}/gu, '')
          .normalize('NFC')
      : text;
  for (const ch of src.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '')) {
    if (type === 'github-ascii' && ch.charCodeAt(0) > 127) continue;
    if (ch === '-' || ch === ' ') out += '-';
    else if (ch === '_' || /[\p{L}\p{Nd}]/u.test(ch)) out += ch.toLowerCase();
  }
  return out;
}

/** Hugo's rule for a repeated heading id: the second `x` is `x-1`; `seen` keeps count. */
export function uniqueHeadingId(seen: Map<string, number>, base: string): string {
  const n = seen.get(base);
  if (n === undefined) {
    seen.set(base, 0);
    return base;
  }
  let k = n + 1;
  while (seen.has(`${base}-${k}`)) k++;
  seen.set(base, k);
  const id = `${base}-${k}`;
  seen.set(id, 0);
  return id;
}

/**
 * Adds Hugo's heading ids, made from the heading's last source line as goldmark does (a
 * link's URL is part of it); repeats get `-1`, `-2`, ...; an id written as an attribute
 * (`{#id}`) is kept as written and taken. With `env.quireHeadingIdsUnique === false` the
 * ids stay unnumbered, for a caller that numbers them across several renders.
 */
export function headingIdsPlugin(md: MarkdownIt, type: HeadingIdType = 'github'): void {
  md.core.ruler.after('quire_heading_attributes', 'quire_heading_ids', (state) => {
    const seen = new Map<string, number>();
    const unique =
      (state.env as { quireHeadingIdsUnique?: boolean }).quireHeadingIdsUnique !== false;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type !== 'heading_open') continue;
      const explicit = t.attrGet('id');
      if (explicit !== null) {
        if (!seen.has(String(explicit))) seen.set(String(explicit), 0);
        continue;
      }
      const content = tokens[i + 1]?.content ?? '';
      const lastLine = content.slice(content.lastIndexOf('\n') + 1);
      const base = hugoHeadingId(lastLine, type) || 'heading';
      t.attrSet('id', unique ? uniqueHeadingId(seen, base) : base);
    }
  });
}
