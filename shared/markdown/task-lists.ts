import type { MarkdownIt } from 'markdown-it';

/** GFM task list items: `- [ ] a` / `- [x] b` become disabled checkboxes, as goldmark. */
export function taskListsPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'quire_task_lists', (state) => {
    const tokens = state.tokens;
    for (let i = 2; i < tokens.length; i++) {
      const inline = tokens[i]!;
      if (
        inline.type !== 'inline' ||
        tokens[i - 1]!.type !== 'paragraph_open' ||
        tokens[i - 2]!.type !== 'list_item_open'
      )
        continue;
      const first = inline.children?.[0];
      const m = first && first.type === 'text' ? /^\[([ xX])\]\s/.exec(first.content) : null;
      if (!m || !first) continue;
      first.content = first.content.slice(m[0].length);
      const box = new state.Token('html_inline', '', 0);
      box.content = `<input${m[1] === ' ' ? '' : ' checked=""'} disabled="" type="checkbox"> `;
      box.meta = { quireTrusted: true };
      inline.children!.unshift(box);
      tokens[i - 2]!.attrJoin('class', 'task-list-item');
    }
  });
}
