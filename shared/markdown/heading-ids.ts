import type { MarkdownIt, Token } from 'markdown-it';

/**
 * Hugo's default heading id (goldmark, autoHeadingIDType "github"): letters and digits
 * lowercased, `_` kept, spaces and `-` to `-`, everything else dropped.
 */
export function hugoHeadingId(text: string): string {
  let out = '';
  for (const ch of text.trim()) {
    if (ch === '-' || /\s/u.test(ch)) out += '-';
    else if (ch === '_' || /[\p{L}\p{Nd}]/u.test(ch)) out += ch.toLowerCase();
  }
  return out;
}

function inlineText(tokens: Token[] | null): string {
  let s = '';
  for (const t of tokens ?? []) {
    if (t.type === 'text' || t.type === 'code_inline') s += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') s += ' ';
    else if (t.type === 'image') s += inlineText(t.children);
  }
  return s;
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
 * Adds Hugo's heading ids; repeats get `-1`, `-2`, ... With `env.quireHeadingIdsUnique ===
 * false` the ids stay unnumbered, for a caller that numbers them across several renders.
 */
export function headingIdsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('quire_heading_ids', (state) => {
    const seen = new Map<string, number>();
    const unique =
      (state.env as { quireHeadingIdsUnique?: boolean }).quireHeadingIdsUnique !== false;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type !== 'heading_open' || t.attrGet('id')) continue;
      const base = hugoHeadingId(inlineText(tokens[i + 1]?.children ?? null)) || 'heading';
      t.attrSet('id', unique ? uniqueHeadingId(seen, base) : base);
    }
  });
}
