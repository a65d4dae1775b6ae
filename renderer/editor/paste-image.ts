import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** Reads a file as base64 (no data: prefix). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('could not read the image'));
    r.readAsDataURL(file);
  });
}

/**
 * Pasting or dropping images hands them to `store` (which copies them into the site) and
 * inserts the returned Markdown link where they landed.
 */
export function pasteImageExtension(store: (file: File) => Promise<string | null>): Extension {
  const handle = (view: EditorView, files: File[], pos: number) => {
    const images = files.filter((f) => f.type.startsWith('image/'));
    if (images.length === 0) return false;
    void (async () => {
      for (const file of images) {
        const link = await store(file);
        if (!link) continue;
        const alt = file.name.replace(/\.[^.]+$/, '').replace(/[[\]]/g, '');
        const insert = `![${alt}](${link})`;
        view.dispatch({
          changes: { from: pos, insert },
          selection: { anchor: pos + insert.length },
        });
        pos += insert.length;
      }
    })();
    return true;
  };
  return EditorView.domEventHandlers({
    paste(event, view) {
      const files = [...(event.clipboardData?.files ?? [])];
      if (!handle(view, files, view.state.selection.main.head)) return false;
      event.preventDefault();
      return true;
    },
    drop(event, view) {
      const files = [...(event.dataTransfer?.files ?? [])];
      const pos =
        view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? view.state.selection.main.head;
      if (!handle(view, files, pos)) return false;
      event.preventDefault();
      return true;
    },
  });
}
