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

/** Adds Hugo's heading ids; repeats get `-1`, `-2`, ... as Hugo makes them. */
export function headingIdsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('quire_heading_ids', (state) => {
    const seen = new Map<string, number>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type !== 'heading_open' || t.attrGet('id')) continue;
      let id = hugoHeadingId(inlineText(tokens[i + 1]?.children ?? null)) || 'heading';
      const n = seen.get(id);
      if (n === undefined) seen.set(id, 0);
      else {
        let k = n + 1;
        while (seen.has(`${id}-${k}`)) k++;
        seen.set(id, k);
        id = `${id}-${k}`;
        seen.set(id, 0);
      }
      t.attrSet('id', id);
    }
  });
}
