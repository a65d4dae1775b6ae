// Hugo's `enableEmoji`: `:smile:` in a post's body becomes 😄 before the Markdown is
// rendered (Hugo 0.111's page lexer, with the emoji names of kyokomi/emoji: GitHub's
// gemoji names, and the Unicode names of the emoji written with underscores).
import { gemoji } from 'gemoji';
import { lexShortcodes, mayHaveShortcodes } from './shortcode-lexer.ts';

let names: Map<string, string> | null = null;

/** Every emoji name Quire knows, built on first use. */
function emojiNames(): Map<string, string> {
  if (names) return names;
  names = new Map();
  for (const g of gemoji) for (const n of g.names) names.set(n, g.emoji);
  // The Unicode names (`thinking face` → `thinking_face`), where they are plain words.
  for (const g of gemoji) {
    const d = g.description.toLowerCase();
    if (/^[a-z0-9 -]+$/.test(d)) {
      const n = d.replace(/ /g, '_');
      if (!names.has(n)) names.set(n, g.emoji);
    }
  }
  return names;
}

/** The characters an emoji name may hold in Hugo's lexer. */
const NAME = /[A-Za-z0-9_+-]/;

/** The emoji `:name:` stands for, or null. */
export function emojiFor(name: string): string | null {
  return emojiNames().get(name) ?? null;
}

/** One stretch of text with its emoji names replaced, as Hugo's page lexer reads them. */
function emojifyText(s: string): string {
  let out = '';
  let from = 0;
  let i = s.indexOf(':');
  while (i !== -1) {
    let j = i + 1;
    while (j < s.length && NAME.test(s[j]!)) j++;
    if (j < s.length && s[j] === ':' && j > i + 1) {
      // A name between two colons: both colons belong to it, whether it is known or not.
      const emoji = emojiFor(s.slice(i + 1, j));
      if (emoji !== null) {
        out += s.slice(from, i) + emoji;
        from = j + 1;
      }
      i = s.indexOf(':', j + 1);
    } else {
      // No name here (`::`, `:a b:`, `:日本:`): the next colon may start one.
      i = s.indexOf(':', i + 1);
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * A post's body with emoji names replaced, as Hugo does with `enableEmoji`: everywhere in
 * the text (code and a shortcode's inner text included), never in a shortcode's tag.
 */
export function emojify(body: string): string {
  if (!body.includes(':')) return body;
  if (!mayHaveShortcodes(body)) return emojifyText(body);
  let out = '';
  for (const item of lexShortcodes(body)) {
    const src = body.slice(item.start, item.end);
    out += item.kind === 'text' && item.value === src ? emojifyText(src) : src;
  }
  return out;
}
