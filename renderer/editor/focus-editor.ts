/**
 * Focus that moves later (after a post opens, after a view renders) must not take the focus
 * from where the user put it in the meantime: keys typed there must stay there. Without
 * this check a slow open, or a command's deferred focus, took the focus from the palette or
 * switcher opened right after it (the palette closed, or the rest of a word landed in the
 * post).
 */

/** True when the focus is now on something other than `from` that the user chose. */
export function focusMovedSince(from: Element | null): boolean {
  const now = document.activeElement;
  return now !== null && now !== document.body && now !== from && !now.closest('.editor-pane');
}

/** Runs `fn` two frames from now (once a change has rendered) unless the focus left `from`. */
function afterRenderFrom(from: Element | null, fn: () => void): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (!focusMovedSince(from)) fn();
    }),
  );
}

/** Runs `fn` two frames from now (once the change has rendered), unless the focus moved. */
export function afterRenderUnlessMoved(fn: () => void): void {
  afterRenderFrom(document.activeElement, fn);
}

/**
 * Puts the cursor in the open post's body once `opened` has settled and the editor has
 * painted, unless the user has put the focus somewhere else in the meantime.
 */
export function focusEditorAfter(opened: Promise<unknown>): void {
  const from = document.activeElement;
  opened.then(
    () =>
      afterRenderFrom(from, () =>
        document.querySelector<HTMLElement>('.editor-pane .cm-content')?.focus(),
      ),
    () => {},
  );
}
