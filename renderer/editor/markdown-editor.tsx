import { EditorView } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import type { DocumentSession } from '../state/document-session.ts';
import { setFrontMatterHidden } from './front-matter-fold.ts';
import { setFocusMode, setTypewriter } from './focus-mode.ts';
import { applyWritingTools, rememberWritingTools } from './writing-tools.ts';
import type { WritingTools } from './writing-tools.ts';

/** Props: the post's session (it owns the text), and what the mounted view reports. */
export interface MarkdownEditorProps {
  session: DocumentSession;
  hideFrontMatter: boolean;
  focusMode?: boolean;
  typewriter?: boolean;
  /** Vim keybindings, and spellcheck with the user's languages. */
  tools?: WritingTools;
  /** The first visible source line, when the editor scrolls. */
  onTopLine?(line: number): void;
  /** The cursor's line (0-based), when it moves (the outline's current section). */
  onCursorLine?(line: number): void;
  /** Receives the live view (scroll sync, focus). */
  viewRef?: { current: EditorView | null };
}

/**
 * The Markdown editor: a CodeMirror view over the session's state. The session keeps the
 * state (text, selection, undo) when the view unmounts, so switching views or posts never
 * loses or reverts anything; the view's own callbacks live in a compartment the session
 * empties when the view goes.
 */
export function MarkdownEditor(props: MarkdownEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const handlers = useRef(props);
  handlers.current = props;
  const { session } = props;

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: session.editorState(),
      dispatchTransactions(trs, view) {
        view.update(trs);
        session.afterTransactions(trs);
      },
    });
    const cursorLine = (state: EditorView['state']) =>
      state.doc.lineAt(state.selection.main.head).number - 1;
    session.attach(v, [
      EditorView.updateListener.of((u) => {
        if (u.selectionSet || u.docChanged) handlers.current.onCursorLine?.(cursorLine(u.state));
      }),
      EditorView.domEventHandlers({
        scroll(_e, ev) {
          // The height in the document at the top of the scroller (documentTop already
          // moves with the scroll; adding scrollTop again counted it twice, and the preview
          // ran ahead of the editor, to the end of the post from about half way down).
          const top = ev.lineBlockAtHeight(
            ev.scrollDOM.getBoundingClientRect().top - ev.documentTop,
          );
          handlers.current.onTopLine?.(ev.state.doc.lineAt(top.from).number - 1);
          return false;
        },
      }),
    ]);
    handlers.current.onCursorLine?.(cursorLine(v.state));
    v.dispatch({
      effects: [
        setFrontMatterHidden.of(handlers.current.hideFrontMatter),
        setFocusMode.of(!!handlers.current.focusMode),
        setTypewriter.of(!!handlers.current.typewriter),
      ],
    });
    let mounted = true;
    applyWritingTools(v, handlers.current.tools, () => mounted && handlers.current.tools, session);
    v.scrollDOM.scrollTop = session.scrollTop;
    if (props.viewRef) props.viewRef.current = v;
    // Take focus for a newly shown post, but never from a field the user is typing in.
    const active = document.activeElement;
    if (
      !active ||
      active === document.body ||
      active.closest('.editor-pane .editor, .archive-list')
    )
      v.focus();
    return () => {
      mounted = false;
      rememberWritingTools(v, session);
      session.scrollTop = v.scrollDOM.scrollTop;
      session.detach(v);
      if (props.viewRef?.current === v) props.viewRef.current = null;
      v.destroy();
    };
  }, [session]);

  useEffect(() => {
    props.viewRef?.current?.dispatch({ effects: setFrontMatterHidden.of(props.hideFrontMatter) });
  }, [props.hideFrontMatter]);

  useEffect(() => {
    props.viewRef?.current?.dispatch({
      effects: [setFocusMode.of(!!props.focusMode), setTypewriter.of(!!props.typewriter)],
    });
  }, [props.focusMode, props.typewriter]);

  const tools = props.tools;
  useEffect(() => {
    const v = props.viewRef?.current;
    if (v)
      applyWritingTools(v, tools, () => props.viewRef?.current === v && handlers.current.tools);
  }, [tools?.vim, tools?.spell.enabled, tools?.spell.languages.join(',')]);

  return (
    <div
      className={`editor${props.typewriter ? ' typewriter' : ''}`}
      ref={host}
      data-testid="editor"
    />
  );
}
