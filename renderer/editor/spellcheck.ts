import { syntaxTree } from '@codemirror/language';
import { Compartment } from '@codemirror/state';
import type { Extension, Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin } from '@codemirror/view';
import type { DecorationSet, ViewUpdate } from '@codemirror/view';

/** What the user picked: spellcheck on or off, and in which languages (BCP 47, first is the text's `lang`). */
export interface SpellcheckConfig {
  enabled: boolean;
  languages: readonly string[];
}

/** Holds the editor's spellcheck attributes; reconfigured when the setting changes. */
export const spellcheckCompartment = new Compartment();

// Markdown syntax whose text is not prose: code, URLs, raw HTML. Their children are skipped.
const NOT_PROSE = new Set([
  'FencedCode',
  'CodeBlock',
  'InlineCode',
  'URL',
  'Autolink',
  'HTMLBlock',
  'HTMLTag',
  'CommentBlock',
  'Comment',
  'ProcessingInstructionBlock',
  'LinkReference',
]);

// Hugo shortcodes (`{{< figure src="…" >}}`): parameters and names, not prose.
const SHORTCODE = /\{\{[<%][\s\S]*?[%>]\}\}/g;

const noSpell = Decoration.mark({ attributes: { spellcheck: 'false' }, class: 'cm-nospell' });

/** The ranges on screen that must not be spellchecked, as `spellcheck="false"` marks. */
export function noSpellRanges(view: Pick<EditorView, 'state' | 'visibleRanges'>): DecorationSet {
  const out: Range<Decoration>[] = [];
  const tree = syntaxTree(view.state);
  for (const { from, to } of view.visibleRanges) {
    tree.iterate({
      from,
      to,
      enter(node) {
        if (!NOT_PROSE.has(node.name)) return;
        const a = Math.max(node.from, from);
        const b = Math.min(node.to, to);
        if (b > a) out.push(noSpell.range(a, b));
        return false;
      },
    });
    const text = view.state.doc.sliceString(from, to);
    for (const m of text.matchAll(SHORTCODE))
      out.push(noSpell.range(from + m.index, from + m.index + m[0].length));
  }
  return Decoration.set(out, true);
}

// Only what is on screen is marked, so a 50,000-word post costs what a screenful does.
const marker = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = noSpellRanges(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged || u.viewportChanged || syntaxTree(u.startState) !== syntaxTree(u.state))
        this.decorations = noSpellRanges(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

/**
 * The editor's spellcheck: the browser's (or Electron's) checker over the text, in the
 * first language picked (`lang`), with code, URLs, raw HTML and shortcodes marked
 * `spellcheck="false"`. (Front matter lines are never checked: front-matter-fold.ts.)
 */
export function spellcheckExtension(config: SpellcheckConfig): Extension {
  const lang = config.languages[0];
  return [
    EditorView.contentAttributes.of({
      spellcheck: config.enabled ? 'true' : 'false',
      ...(lang ? { lang } : {}),
    }),
    config.enabled ? marker : [],
  ];
}
