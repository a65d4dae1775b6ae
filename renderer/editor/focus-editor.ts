/**
 * Puts the cursor in the open post's body once `opened` has settled and the editor has
 * painted, unless the user has moved the focus somewhere else in the meantime (opened the
 * switcher again, started typing in a field): keys typed there must stay there. Without this
 * check a slow open stole the focus from the next palette halfway through a word, and the
 * rest of the word landed in the post.
 */
export function focusEditorAfter(opened: Promise<unknown>): void {
  const from = document.activeElement;
  const settle = () =>
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const now = document.activeElement;
        const moved =
          now !== null && now !== document.body && now !== from && !now.closest('.editor-pane');
        if (moved) return;
        document.querySelector<HTMLElement>('.editor-pane .cm-content')?.focus();
      }),
    );
  opened.then(settle, () => {});
}
