import { autocompletion, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { languages } from '@codemirror/language-data';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import {
  crosshairCursor,
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  rectangularSelection,
} from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { changeTrackingExtension } from './change-tracking.ts';
import { formattingKeymapExtension } from './formatting-keymap.ts';
import { frontMatterFoldExtension, setFrontMatterHidden } from './front-matter-fold.ts';
import { pasteImageExtension } from './paste-image.ts';
import { saveKeymapExtension } from './save-keymap.ts';

// Per-post editor states (text, selection, undo history) for posts opened in this session.
const histories = new Map<string, EditorState>();

/** Props: the document to show (a new `docKey` replaces it) and what to do on changes. */
export interface MarkdownEditorProps {
  docKey: string;
  initialText: string;
  savedText: () => string;
  hideFrontMatter: boolean;
  onDirty(dirty: boolean): void;
  onSave(text: string): void;
  /** Debounced: the current text, for the preview, the form and the journal. */
  onText(text: string): void;
  /** The first visible source line, when the editor scrolls. */
  onTopLine?(line: number): void;
  storeImage(file: File): Promise<string | null>;
  /** The post's path: its undo history is kept while the app runs. */
  path?: string;
  /** Receives the live view (Save button, the form's edits, scroll sync). */
  viewRef?: { current: EditorView | null };
}

/**
 * The Markdown editor: CodeMirror owns the text (undo, selection and speed stay intact);
 * React only mounts it and hears about saves, the dirty flag and debounced text.
 */
export function MarkdownEditor(props: MarkdownEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const handlers = useRef(props);
  handlers.current = props;
  const view = useRef<EditorView | null>(null);

  useEffect(() => {
    if (!host.current) return;
    let textTimer: ReturnType<typeof setTimeout> | null = null;
    // Coming back to a post whose text is as we left it: its undo history comes back too.
    const kept = props.path ? histories.get(props.path) : undefined;
    const v = new EditorView({
      parent: host.current,
      state:
        kept && kept.doc.toString() === props.initialText
          ? kept
          : EditorState.create({
              doc: props.initialText,
              extensions: [
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
                search({ top: true }),
                EditorView.lineWrapping,
                // Fenced code languages load on first use.
                markdown({ base: markdownLanguage, codeLanguages: languages }),
                syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
                frontMatterFoldExtension(props.hideFrontMatter),
                saveKeymapExtension((ev) => handlers.current.onSave(ev.state.doc.toString())),
                formattingKeymapExtension(),
                keymap.of([
                  ...closeBracketsKeymap,
                  ...defaultKeymap,
                  ...historyKeymap,
                  ...searchKeymap,
                  indentWithTab,
                ]),
                pasteImageExtension((file) => handlers.current.storeImage(file)),
                changeTrackingExtension(
                  () => handlers.current.savedText(),
                  (dirty) => handlers.current.onDirty(dirty),
                ),
                EditorView.updateListener.of((u) => {
                  if (!u.docChanged) return;
                  if (textTimer) clearTimeout(textTimer);
                  // Long posts wait a little longer, so fast typing is not interrupted by the
                  // preview: 40 ms for short posts, up to 250 ms for very long ones.
                  const delay = Math.min(250, 40 + u.state.doc.length / 1500);
                  textTimer = setTimeout(
                    () => handlers.current.onText(u.view.state.doc.toString()),
                    delay,
                  );
                }),
                EditorView.domEventHandlers({
                  scroll(_e, ev) {
                    const top = ev.lineBlockAtHeight(
                      ev.scrollDOM.scrollTop -
                        ev.documentTop +
                        ev.scrollDOM.getBoundingClientRect().top,
                    );
                    handlers.current.onTopLine?.(ev.state.doc.lineAt(top.from).number - 1);
                    return false;
                  },
                }),
                EditorView.contentAttributes.of({ 'aria-label': 'Post text', spellcheck: 'true' }),
              ],
            }),
    });
    view.current = v;
    if (props.viewRef) props.viewRef.current = v;
    // Take focus for a newly opened post, but never from a field the user is typing in.
    const active = document.activeElement;
    if (
      !active ||
      active === document.body ||
      active.closest('.editor-pane .editor, .archive-list')
    )
      v.focus();
    return () => {
      if (props.path) histories.set(props.path, v.state);
      if (textTimer) clearTimeout(textTimer);
      if (props.viewRef?.current === v) props.viewRef.current = null;
      view.current = null;
      v.destroy();
    };
    // A new document (docKey) gets a fresh editor with its own undo history.
  }, [props.docKey]);

  useEffect(() => {
    view.current?.dispatch({ effects: setFrontMatterHidden.of(props.hideFrontMatter) });
  }, [props.hideFrontMatter]);

  return <div className="editor" ref={host} data-testid="editor" />;
}
