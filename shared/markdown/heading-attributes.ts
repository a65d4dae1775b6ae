import type { MarkdownIt, Token } from 'markdown-it';

// Goldmark's heading attributes (Hugo's markup.goldmark.parser.attribute.title, on by
// default): `## Title {#id .class key="value"}` at the end of a heading's last line.

/** Attributes a heading may carry (goldmark's global ones that cannot run or restyle). */
const ALLOWED = /^(id|class|title|lang|dir|role|translate|(data|aria)-[\w:.-]+)$/i;

/**
 * Parses goldmark attributes `{...}` starting at `from` (`text[from] === '{'`); returns
 * them in order (repeated classes joined) and the end offset, or null when not valid.
 */
export function parseAttributes(
  text: string,
  from: number,
): { attrs: [string, string][]; end: number } | null {
  let i = from + 1;
  const attrs: [string, string][] = [];
  const skip = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  for (;;) {
    skip();
    if (i >= text.length) return null;
    if (text[i] === '}') return { attrs, end: i + 1 };
    let name: string;
    let value: string;
    const c = text[i]!;
    if (c === '#' || c === '.') {
      i++;
      const start = i;
      while (
        i < text.length &&
        !/\s/.test(text[i]!) &&
        (!isPunct(text[i]!) || /[_\-:.]/.test(text[i]!))
      )
        i++;
      name = c === '#' ? 'id' : 'class';
      value = text.slice(start, i);
    } else {
      const m = /^[A-Za-z_:][\w:.-]*/.exec(text.slice(i));
      if (!m) return null;
      name = m[0];
      i += name.length;
      skip();
      if (text[i] !== '=') return null;
      i++;
      skip();
      if (text[i] === '"') {
        let out = '';
        let j = i + 1;
        for (; j < text.length && text[j] !== '"'; j++) {
          if (text[j] === '\\' && j + 1 < text.length) j++;
          out += text[j];
        }
        if (j >= text.length) return null;
        value = out;
        i = j + 1;
      } else {
        const m2 = /^[^\s}"',]+/.exec(text.slice(i));
        if (!m2) return null;
        value = m2[0];
        i += value.length;
      }
    }
    const existing = name === 'class' ? attrs.find(([n]) => n === 'class') : undefined;
    if (existing) existing[1] += ` ${value}`;
    else attrs.push([name, value]);
    skip();
    if (text[i] === ',') i++;
  }
}

function isPunct(c: string): boolean {
  return /[!-/:-@[-`{-~]/.test(c);
}

/** Moves a heading's trailing `{...}` into its attributes, as goldmark does. */
export function headingAttributesPlugin(md: MarkdownIt): void {
  md.core.ruler.after('block', 'quire_heading_attributes', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const open = tokens[i]!;
      if (open.type !== 'heading_open') continue;
      const inline = tokens[i + 1];
      if (!inline || inline.type !== 'inline') continue;
      applyTrailingAttributes(open, inline);
    }
  });
}

function applyTrailingAttributes(open: Token, inline: Token): void {
  const content = inline.content;
  const lineStart = content.lastIndexOf('\n') + 1;
  // The last `{` (not escaped) whose attributes end the line.
  let found: { at: number; attrs: [string, string][] } | null = null;
  for (let j = lineStart; j < content.length; j++) {
    const c = content[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c !== '{') continue;
    const parsed = parseAttributes(content, j);
    if (parsed && content.slice(parsed.end).trim() === '') found = { at: j, attrs: parsed.attrs };
  }
  if (!found) return;
  let text = content.slice(0, found.at).replace(/[ \t]+$/, '');
  // `### Title ### {#id}`: the closing hashes go too.
  if (open.markup.startsWith('#')) text = text.replace(/(^|[ \t]+)#+$/, '');
  inline.content = text;
  for (const [name, value] of found.attrs) {
    if (!ALLOWED.test(name)) continue;
    open.attrSet(name, value);
  }
  open.meta = {
    ...(open.meta as object | null),
    quireExplicitId: found.attrs.some(([n]) => n === 'id'),
  };
}
