import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/**
 * Reports, debounced, whether the document differs from `baseline()`. Only this derived
 * flag reaches the store; the text itself stays in CodeMirror.
 */
export function changeTrackingExtension(
  baseline: () => string,
  onDirty: (dirty: boolean) => void,
  delayMs = 120,
): Extension {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    if (timer) clearTimeout(timer);
    const view = update.view;
    timer = setTimeout(() => {
      timer = null;
      onDirty(view.state.doc.toString() !== baseline());
    }, delayMs);
  });
}
