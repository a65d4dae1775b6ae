import type { MarkdownIt, StateCore, Token } from 'markdown-it';

// Goldmark (1.5.4, Hugo 0.111) finds tables in paragraphs and pads a header row that has
// fewer cells than its delimiter row (`|a|b|` over `|---|---|---|` is a three-column
// table); markdown-it refuses such a table and leaves a paragraph of pipes. This turns
// those paragraphs into the table goldmark makes. Tables markdown-it already takes are
// left alone (the other rules agree: a header with more cells is no table; a body row's
// extra cells are dropped, missing ones padded).

const DELIMITER_CELL = /^:?-+:?$/;

/** The alignments of a delimiter row (`|:--|--:|`), or null when the line is not one. */
function delimiterRow(line: string): string[] | null {
  const t = line.trim();
  if (!/^[|:\- \t]+$/.test(t) || !t.includes('-')) return null;
  const cols = t.split('|');
  if (cols.length && cols[0]!.trim() === '') cols.shift();
  if (cols.length && cols[cols.length - 1]!.trim() === '') cols.pop();
  if (cols.length === 0) return null;
  const aligns: string[] = [];
  for (const c of cols) {
    const x = c.trim();
    if (!DELIMITER_CELL.test(x)) return null;
    aligns.push(
      x.endsWith(':') ? (x.startsWith(':') ? 'center' : 'right') : x.startsWith(':') ? 'left' : '',
    );
  }
  return aligns;
}

/** A row's cells: split at `|` that is not escaped, without the outer pipes. */
function cells(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '\\' && t[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (c === '|') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Paragraphs holding a table only goldmark reads become that table. */
export function goldmarkTablesPlugin(md: MarkdownIt): void {
  md.core.ruler.after('block', 'quire_goldmark_tables', (state: StateCore) => {
    const tokens = state.tokens;
    const out: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const open = tokens[i]!;
      const inline = tokens[i + 1];
      const close = tokens[i + 2];
      if (open.type !== 'paragraph_open' || inline?.type !== 'inline' || !close) {
        out.push(open);
        continue;
      }
      const lines = inline.content.split('\n');
      let at = -1;
      let aligns: string[] | null = null;
      for (let k = 1; k < lines.length; k++) {
        aligns = delimiterRow(lines[k]!);
        if (!aligns) continue;
        const head = lines[k - 1]!;
        const n = head.includes('|') ? cells(head).length : 0;
        // Only the case markdown-it refused: a header with fewer cells than the delimiter.
        if (n > 0 && n < aligns.length) at = k;
        break;
      }
      if (at === -1 || !aligns) {
        out.push(open);
        continue;
      }
      const line0 = open.map?.[0] ?? 0;
      const level = open.level;
      const push = (type: string, tag: string, nesting: -1 | 0 | 1, lvl: number) => {
        const t = new state.Token(type, tag, nesting);
        t.block = true;
        t.level = lvl;
        out.push(t);
        return t;
      };
      // The lines before the header stay a paragraph.
      if (at > 1) {
        out.push(open);
        const before = new state.Token('inline', '', 0);
        before.content = lines.slice(0, at - 1).join('\n');
        before.children = [];
        before.level = inline.level;
        before.map = [line0, line0 + at - 1];
        out.push(before);
        out.push(close);
      }
      const row = (texts: string[], tag: 'th' | 'td', lvl: number) => {
        push('tr_open', 'tr', 1, lvl);
        for (let c = 0; c < aligns!.length; c++) {
          const o = push(`${tag}_open`, tag, 1, lvl + 1);
          if (aligns![c]) o.attrs = [['style', `text-align:${aligns![c]}`]];
          const content = new state.Token('inline', '', 0);
          content.content = texts[c] ?? '';
          content.children = [];
          content.level = lvl + 2;
          out.push(content);
          push(`${tag}_close`, tag, -1, lvl + 1);
        }
        push('tr_close', 'tr', -1, lvl);
      };
      const table = push('table_open', 'table', 1, level);
      table.map = [line0 + at - 1, line0 + lines.length];
      push('thead_open', 'thead', 1, level + 1);
      row(cells(lines[at - 1]!), 'th', level + 2);
      push('thead_close', 'thead', -1, level + 1);
      if (at + 1 < lines.length) {
        push('tbody_open', 'tbody', 1, level + 1);
        for (const l of lines.slice(at + 1)) row(cells(l), 'td', level + 2);
        push('tbody_close', 'tbody', -1, level + 1);
      }
      push('table_close', 'table', -1, level);
      i += 2;
    }
    state.tokens = out;
  });
}
