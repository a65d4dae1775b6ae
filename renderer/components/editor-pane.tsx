import type { EditorView } from '@codemirror/view';
import { useRef } from 'react';
import { MarkdownEditor } from '../editor/markdown-editor.tsx';
import { useQuire } from '../state/context.ts';

const STATUS: Record<string, string> = { saving: 'Saving…', saved: 'Saved', loading: 'Opening…' };

/** The open post: its editor, Save, and what happened to the last save. */
export function EditorPane() {
  const open = useQuire((s) => s.open);
  const dirty = useQuire((s) => s.dirty);
  const status = useQuire((s) => s.status);
  const message = useQuire((s) => s.message);
  const save = useQuire((s) => s.save);
  const setDirty = useQuire((s) => s.setDirty);
  const openPost = useQuire((s) => s.openPost);
  const view = useRef<EditorView | null>(null);
  const savedText = useRef('');
  savedText.current = open?.savedText ?? '';

  if (!open) return <section className="editor-pane empty">Choose a post, or create one.</section>;
  return (
    <section className="editor-pane">
      <header className="editor-bar">
        <span className="path">
          {open.path}
          {dirty && <span aria-label="unsaved changes"> •</span>}
        </span>
        <span className="status" role="status">
          {message ?? STATUS[status] ?? (dirty ? 'Unsaved changes' : '')}
        </span>
        {status === 'conflict' && (
          <button
            onClick={() => void openPost(open.path)}
            title="Discard your edits and load the file as it is on disk"
          >
            Reload from disk
          </button>
        )}
        <button
          onClick={() => view.current && void save(view.current.state.doc.toString())}
          disabled={status === 'saving'}
        >
          Save
        </button>
      </header>
      <MarkdownEditor
        docKey={`${open.path}#${open.loadId}`}
        initialText={open.loadedText}
        savedText={() => savedText.current}
        onDirty={setDirty}
        onSave={(text) => void save(text)}
        viewRef={view}
      />
    </section>
  );
}
