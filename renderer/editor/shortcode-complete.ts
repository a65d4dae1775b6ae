import { snippetCompletion, startCompletion } from '@codemirror/autocomplete';
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { BUILTIN_SHORTCODES, BUILTINS_WITH_INNER } from '../../shared/markdown/shortcode-tree.ts';

// What each built-in is for, shown beside its name.
const BUILTIN_INFO: Record<string, string> = {
  figure: 'image with caption',
  highlight: 'highlighted code',
  youtube: 'YouTube video',
  vimeo: 'Vimeo video',
  gist: 'GitHub gist',
  instagram: 'Instagram post',
  twitter: 'post on X (Twitter)',
  x: 'post on X',
  param: 'a front matter or site param',
  ref: 'absolute link to a page',
  relref: 'relative link to a page',
  details: 'collapsible section',
  qr: 'QR code',
};

// What typing the name inserts: the usual parameters, with fields to Tab through.
const TEMPLATES: Record<string, string> = {
  figure: 'figure src="${src}" alt="${alt}" caption="${caption}"',
  highlight: 'highlight ${go}',
  youtube: 'youtube ${id}',
  vimeo: 'vimeo ${id}',
  gist: 'gist ${user} ${id}',
  instagram: 'instagram ${id}',
  twitter: 'twitter user="${user}" id="${id}"',
  x: 'x user="${user}" id="${id}"',
  param: 'param ${name}',
  ref: 'ref "${page.md}"',
  relref: 'relref "${page.md}"',
  details: 'details summary="${summary}"',
  qr: 'qr text="${text}" /',
};

const OPEN = /\{\{([<%])[ \t]*(\/?)([\w/-]*)$/;

/**
 * Completions for a shortcode name after `{{<` or `{{%`: Hugo's built-ins (with their
 * usual parameters and, for those that take content, the closing tag) and the site's own.
 */
export function shortcodeCompletions(
  context: CompletionContext,
  siteShortcodes: readonly string[],
): CompletionResult | null {
  const line = context.state.doc.lineAt(context.pos);
  const m = OPEN.exec(line.text.slice(0, context.pos - line.from));
  if (!m) return null;
  const [, delim, closing, typed] = m;
  const close = delim === '<' ? '>}}' : '%}}';
  const after = context.state.sliceDoc(context.pos, context.pos + 4);
  const closed = after.trimStart().startsWith(close);
  const options: Completion[] = [];
  const names = new Set<string>();
  for (const name of BUILTIN_SHORTCODES) {
    if (!BUILTIN_INFO[name]) continue; // aliases and *_simple variants stay unlisted
    names.add(name);
    const body = closing ? name : (TEMPLATES[name] ?? name);
    const inner = !closing && BUILTINS_WITH_INNER.has(name);
    const tail = closed ? '' : ` ${close}`;
    const snippet = inner ? `${body}${tail}\n\${}\n{{${delim} /${name} ${close}` : `${body}${tail}`;
    options.push(
      snippetCompletion(snippet.replace(/\$\{\}/g, '${content}'), {
        label: name,
        detail: 'Hugo',
        info: BUILTIN_INFO[name],
        type: 'function',
      }),
    );
  }
  for (const name of siteShortcodes) {
    if (names.has(name)) continue;
    names.add(name);
    options.push({
      label: name,
      detail: 'this site',
      type: 'class',
      apply: closed ? name : `${name} ${close}`,
    });
  }
  return { from: context.pos - typed!.length, options, validFor: /^[\w/-]*$/ };
}

/**
 * Shortcode name completion in the post editor: opens by itself after `{{<` or `{{%`
 * (and on Ctrl-Space inside one). `siteShortcodes` gives the site's own names (from
 * layouts/shortcodes and the theme's), read at each completion.
 */
export function shortcodeCompleteExtension(siteShortcodes: () => readonly string[]): Extension {
  // One source for the life of the editor: the completion plugin matches a running query to
  // its source by identity, so a new function per lookup left every query pending forever.
  const source = (ctx: CompletionContext) => shortcodeCompletions(ctx, siteShortcodes());
  return [
    EditorState.languageData.of(() => [{ autocomplete: source }]),
    EditorView.updateListener.of((u) => {
      if (!u.docChanged || !u.transactions.some((t) => t.isUserEvent('input.type'))) return;
      const head = u.state.selection.main.head;
      const before = u.state.sliceDoc(Math.max(0, head - 4), head);
      // Not during the update itself: CodeMirror refuses a dispatch while one is applied.
      if (/\{\{[<%][ \t]?$/.test(before)) queueMicrotask(() => startCompletion(u.view));
    }),
  ];
}
