import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { changeTrackingExtension } from './change-tracking.ts';
import { saveKeymapExtension } from './save-keymap.ts';

/** Props: the document to show (a new `docKey` replaces it) and what to do on changes. */
export interface MarkdownEditorProps {
  docKey: string;
  initialText: string;
  savedText: () => string;
  onDirty(dirty: boolean): void;
  onSave(text: string): void;
  /** Receives the live view (to read the text for a Save button). */
  viewRef?: { current: EditorView | null };
}

/**
 * The Markdown editor: CodeMirror owns the text (undo, selection and speed stay intact);
 * React only mounts it and hears about saves and the dirty flag.
 */
export function MarkdownEditor({
  docKey,
  initialText,
  savedText,
  onDirty,
  onSave,
  viewRef,
}: MarkdownEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const handlers = useRef({ savedText, onDirty, onSave });
  handlers.current = { savedText, onDirty, onSave };

  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          history(),
          drawSelection(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          EditorView.lineWrapping,
          markdown(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          saveKeymapExtension((v) => handlers.current.onSave(v.state.doc.toString())),
          keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
          changeTrackingExtension(
            () => handlers.current.savedText(),
            (dirty) => handlers.current.onDirty(dirty),
          ),
          EditorView.contentAttributes.of({ 'aria-label': 'Post text', spellcheck: 'true' }),
        ],
      }),
    });
    if (viewRef) viewRef.current = view;
    view.focus();
    return () => {
      if (viewRef?.current === view) viewRef.current = null;
      view.destroy();
    };
    // A new document (docKey) gets a fresh editor with its own undo history.
  }, [docKey]);

  return <div className="editor" ref={host} data-testid="editor" />;
}
