import {
  closeSearchPanel,
  findNext,
  findPrevious,
  getSearchQuery,
  openSearchPanel,
  replaceAll,
  replaceNext,
  SearchQuery,
  setSearchQuery,
} from '@codemirror/search';
import type { EditorState } from '@codemirror/state';
import type { Command, EditorView, Panel, ViewUpdate } from '@codemirror/view';

/** More matches than this are shown as "1000+" (counting is on every change). */
const COUNT_CAP = 1000;

/** How many matches the query has in the text, up to COUNT_CAP, and which one is selected. */
export function matchCount(
  state: EditorState,
  query: SearchQuery,
): { total: number; capped: boolean; current: number } {
  if (!query.valid || !query.search) return { total: 0, capped: false, current: 0 };
  const sel = state.selection.main;
  const cursor = query.getCursor(state);
  let total = 0;
  let current = 0;
  for (let r = cursor.next(); !r.done; r = cursor.next()) {
    total++;
    if (r.value.from === sel.from && r.value.to === sel.to) current = total;
    if (total >= COUNT_CAP) return { total, capped: true, current };
  }
  return { total, capped: false, current };
}

/**
 * Quire's find and replace panel (instead of CodeMirror's stock one): labelled fields in
 * the app's look, match count, case / whole word / regexp, next, previous, replace, replace
 * all, close. Enter finds the next match (Shift+Enter the previous), Enter in the replace
 * field replaces, Escape closes and goes back to the text.
 */
export function findPanel(view: EditorView): Panel {
  const dom = document.createElement('div');
  dom.className = 'find-panel';
  dom.setAttribute('role', 'search');
  dom.setAttribute('aria-label', 'Find and replace');

  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props: Partial<HTMLElementTagNameMap[K]> & { attrs?: Record<string, string> } = {},
    ...kids: (Node | string)[]
  ): HTMLElementTagNameMap[K] => {
    const { attrs, ...rest } = props;
    const e = Object.assign(document.createElement(tag), rest);
    for (const [k, v] of Object.entries(attrs ?? {})) e.setAttribute(k, v);
    e.append(...kids);
    return e;
  };
  const field = (label: string, cls: string, main: boolean) => {
    const input = el('input', {
      type: 'text',
      className: cls,
      spellcheck: false,
      attrs: { ...(main ? { 'main-field': 'true' } : {}), autocomplete: 'off' },
    });
    return { input, label: el('label', { className: 'find-field' }, el('span', {}, label), input) };
  };
  const toggle = (label: string) => {
    const input = el('input', { type: 'checkbox' });
    return { input, label: el('label', { className: 'find-toggle' }, input, ` ${label}`) };
  };
  const button = (label: string, run: () => void, cls = '') =>
    el('button', { type: 'button', className: cls, onclick: run }, label);

  const find = field('Find', 'find-input', true);
  const replace = field('Replace with', 'replace-input', false);
  const matchCase = toggle('Match case');
  const wholeWord = toggle('Whole word');
  const regexp = toggle('Regular expression');
  const count = el('span', { className: 'find-count', attrs: { 'aria-live': 'polite' } });

  const run = (cmd: Command) => () => {
    commit();
    cmd(view);
  };
  const close = () => {
    closeSearchPanel(view);
    view.focus();
  };

  const queryFromFields = () =>
    new SearchQuery({
      search: find.input.value,
      replace: replace.input.value,
      caseSensitive: matchCase.input.checked,
      wholeWord: wholeWord.input.checked,
      regexp: regexp.input.checked,
    });
  let query = getSearchQuery(view.state);
  const commit = () => {
    const next = queryFromFields();
    if (next.eq(query)) return;
    query = next;
    view.dispatch({ effects: setSearchQuery.of(next) });
  };
  const showQuery = (q: SearchQuery) => {
    query = q;
    if (find.input.value !== q.search) find.input.value = q.search;
    if (replace.input.value !== q.replace) replace.input.value = q.replace;
    matchCase.input.checked = q.caseSensitive;
    wholeWord.input.checked = q.wholeWord;
    regexp.input.checked = q.regexp;
  };
  let countFrame = 0;
  const showCount = () => {
    if (countFrame) return;
    countFrame = requestAnimationFrame(() => {
      countFrame = 0;
      if (query.regexp && !query.valid) {
        count.textContent = 'Not a valid regular expression';
        return;
      }
      const c = matchCount(view.state, query);
      const total = `${c.total}${c.capped ? '+' : ''}`;
      count.textContent = !query.search
        ? ''
        : c.total === 0
          ? 'No matches'
          : c.current
            ? `${c.current} of ${total}`
            : `${total} ${c.total === 1 ? 'match' : 'matches'}`;
    });
  };

  for (const f of [find.input, replace.input]) f.addEventListener('input', () => commit());
  for (const t of [matchCase.input, wholeWord.input, regexp.input])
    t.addEventListener('change', () => commit());
  dom.addEventListener('keydown', (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Enter' && e.target === find.input) {
      e.preventDefault();
      run(e.shiftKey ? findPrevious : findNext)();
    } else if (e.key === 'Enter' && e.target === replace.input) {
      e.preventDefault();
      run(mod && e.altKey ? replaceAll : replaceNext)();
    } else if (mod && !e.altKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      find.input.select();
    } else if (mod && !e.altKey && e.key.toLowerCase() === 'g') {
      e.preventDefault();
      run(e.shiftKey ? findPrevious : findNext)();
    }
  });

  dom.append(
    el(
      'div',
      { className: 'find-row' },
      find.label,
      button('Previous', run(findPrevious)),
      button('Next', run(findNext)),
      count,
      el('span', { className: 'find-spacer' }),
      button('Close', close, 'find-close'),
    ),
    el(
      'div',
      { className: 'find-row' },
      replace.label,
      button('Replace', run(replaceNext)),
      button('Replace all', run(replaceAll)),
      matchCase.label,
      wholeWord.label,
      regexp.label,
    ),
  );
  showQuery(query);
  showCount();

  return {
    dom,
    top: true,
    mount() {
      find.input.select();
    },
    update(u: ViewUpdate) {
      for (const tr of u.transactions)
        for (const e of tr.effects)
          if (e.is(setSearchQuery) && !e.value.eq(query)) showQuery(e.value);
      if (u.docChanged || u.selectionSet || u.transactions.some((t) => t.effects.length))
        showCount();
    },
    destroy() {
      if (countFrame) cancelAnimationFrame(countFrame);
    },
  };
}

/** Opens the panel with the replace field focused (Ctrl/Cmd+H). */
export function openReplacePanel(view: EditorView): boolean {
  openSearchPanel(view);
  const input = view.dom.querySelector<HTMLInputElement>('.find-panel .replace-input');
  if (!input) return false;
  input.focus();
  input.select();
  return true;
}
