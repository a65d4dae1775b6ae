import type { MarkdownIt, Token } from 'markdown-it';

// Goldmark's definition lists take every line of the paragraph before a `: definition`
// as a term of its own; markdown-it-deflist takes one line, and otherwise leaves the
// whole thing a paragraph. This turns such paragraphs into the list goldmark makes.

const DEF = /^[:~][ \t]+/;

/** `Term A\nTerm B\n: definition` paragraphs become definition lists, as in goldmark. */
export function definitionTermsPlugin(md: MarkdownIt): void {
  md.core.ruler.after('block', 'quire_definition_terms', (state) => {
    const tokens = state.tokens;
    const out: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const open = tokens[i]!;
      const inline = tokens[i + 1];
      if (open.type !== 'paragraph_open' || inline?.type !== 'inline' || open.level !== 0) {
        out.push(open);
        continue;
      }
      const lines = inline.content.split('\n');
      const first = lines.findIndex((l) => DEF.test(l));
      if (first < 1) {
        out.push(open);
        continue;
      }
      const line0 = open.map?.[0] ?? 0;
      const push = (type: string, tag: string, nesting: -1 | 0 | 1, content = '', at = line0) => {
        const t = new state.Token(type, tag, nesting);
        t.block = true;
        t.map = [at, at + 1];
        if (type === 'inline') {
          t.content = content;
          t.children = [];
        }
        out.push(t);
        return t;
      };
      push('dl_open', 'dl', 1);
      for (let k = 0; k < first; k++) {
        push('dt_open', 'dt', 1, '', line0 + k);
        push('inline', '', 0, lines[k]!, line0 + k);
        push('dt_close', 'dt', -1);
      }
      let k = first;
      while (k < lines.length) {
        // A definition runs until the next `:` line (its other lines are lazy continuation).
        let end = k + 1;
        while (end < lines.length && !DEF.test(lines[end]!)) end++;
        const text = [lines[k]!.replace(DEF, ''), ...lines.slice(k + 1, end)].join('\n');
        push('dd_open', 'dd', 1, '', line0 + k);
        push('inline', '', 0, text, line0 + k);
        push('dd_close', 'dd', -1);
        k = end;
      }
      push('dl_close', 'dl', -1);
      i += 2; // the inline and the paragraph_close
    }
    state.tokens = out;
  });
}
