import { autocompletion, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { languages } from '@codemirror/language-data';
import { bracketMatching } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import {
  crosshairCursor,
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  rectangularSelection,
} from '@codemirror/view';
import { formattingKeymapExtension } from './formatting-keymap.ts';
import { writerHighlighting } from './highlight-style.ts';
import { frontMatterFoldExtension } from './front-matter-fold.ts';
import { focusModeExtension } from './focus-mode.ts';
import { pasteImageExtension } from './paste-image.ts';
import { safeTabExtension } from './safe-tab.ts';
import { shortcodeCompleteExtension } from './shortcode-complete.ts';
import { linkCompleteExtension } from './link-complete.ts';
import type { LinkTargets } from './link-complete.ts';
import { findPanel } from './find-panel.ts';
import { parseAheadExtension } from './parse-ahead.ts';
import { spellcheckCompartment, spellcheckExtension } from './spellcheck.ts';
import { vimCompartment } from './vim-mode.ts';

/** What pasting an image reaches, and how the editor starts. (Saving is a command: renderer/commands.ts.) */
export interface EditorActions {
  /** The site's own shortcode names (completion after `{{<`). */
  siteShortcodes(): readonly string[];
  storeImage(file: File): Promise<string | null>;
  hideFrontMatter: boolean;
  /** The site's posts and how headings get their ids (link completion). */
  linkTargets(): LinkTargets;
  /** The post's path now (it can move: a bundle conversion). */
  postPath(): string | null;
}

/**
 * Every extension of a post's editor state. The callbacks are the session's, which lives
 * as long as the post is open, so a state restored into a new view never calls a
 * component that is gone.
 */
export function editorExtensions(actions: EditorActions): Extension {
  return [
    // Vim keybindings when on (vim-mode.ts): first, so its keys win over the others.
    vimCompartment.of([]),
    history(),
    drawSelection(),
    EditorState.allowMultipleSelections.of(true),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ activateOnTyping: false }),
    // Quire's own find and replace panel (find-panel.ts), in the app's look.
    search({ top: true, createPanel: findPanel }),
    EditorView.lineWrapping,
    // Fenced code languages load on first use.
    markdown({ base: markdownLanguage, codeLanguages: languages }),
    // The whole post parsed in idle time, so no keystroke pays for parsing (parse-ahead.ts).
    parseAheadExtension(),
    writerHighlighting(),
    frontMatterFoldExtension(actions.hideFrontMatter),
    focusModeExtension(),
    formattingKeymapExtension(),
    safeTabExtension(),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...searchKeymap]),
    pasteImageExtension((file) => actions.storeImage(file)),
    shortcodeCompleteExtension(() => actions.siteShortcodes()),
    linkCompleteExtension(
      () => actions.linkTargets(),
      () => actions.postPath(),
    ),
    // tabindex: the text is a tab stop anyway (contenteditable); saying so lets tools that
    // look for keyboard access in scrolling regions (axe) see it.
    EditorView.contentAttributes.of({ 'aria-label': 'Post text', tabindex: '0' }),
    // spellcheck and lang (the user's languages), code and URLs excluded (spellcheck.ts).
    spellcheckCompartment.of(spellcheckExtension({ enabled: true, languages: [] })),
  ];
}
