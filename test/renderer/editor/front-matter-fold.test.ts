import { EditorSelection, EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import {
  frontMatterFoldExtension,
  setFrontMatterHidden,
} from '../../../renderer/editor/front-matter-fold.ts';

const FM = '---\ntitle: "A post"\ndate: 2024-01-02\n---\n';
const DOC = `${FM}Body text.\n`;
const END = FM.length;

function state(doc = DOC, hidden = true): EditorState {
  return EditorState.create({ doc, extensions: [frontMatterFoldExtension(hidden)] });
}

// What a user's key presses do to hidden front matter: nothing, and the body still edits.
describe('hidden front matter', () => {
  it('typing, pasting or deleting inside it changes nothing there', () => {
    const s = state();
    for (const [from, to, insert, userEvent] of [
      [0, 0, 'x', 'input.type'],
      [END - 1, END - 1, 'x', 'input.type'],
      [END - 1, END, '', 'delete.backward'],
      [4, 10, '', 'delete.selection'],
      [0, 3, 'pasted', 'input.paste'],
      [4, 4, '  ', 'indent.more'],
    ] as const) {
      const t = s.update({ changes: { from, to, insert }, userEvent }).state;
      expect(t.doc.toString().slice(0, END), `${userEvent} at ${from}`).toBe(FM);
    }
  });

  it('a selection across it and the body (select all, then type) replaces only the body', () => {
    const s = state();
    const t = s.update({
      changes: { from: 0, to: s.doc.length, insert: 'New body' },
      userEvent: 'input.type',
    }).state;
    expect(t.doc.toString()).toBe(`${FM}New body`);
    expect(t.selection.main.head).toBe(t.doc.length);
  });

  it('the cursor never rests inside it', () => {
    const s = state();
    const t = s.update({ selection: EditorSelection.cursor(0), userEvent: 'select' }).state;
    expect(t.selection.main.head).toBe(END);
    const all = s.update({ selection: EditorSelection.range(0, s.doc.length) }).state;
    expect(all.selection.main.from).toBe(END);
  });

  it('the form, undo and reloads still change it; typing in the body works', () => {
    const s = state();
    const form = s.update({
      changes: { from: 4, to: 19, insert: 'title: "Renamed"' },
      userEvent: 'input.form',
    }).state;
    expect(form.doc.toString()).toContain('title: "Renamed"');
    const reload = s.update({ changes: { from: 0, to: 3, insert: '---' }, userEvent: 'reload' });
    expect(reload.changes.empty).toBe(false);
    const typed = s.update({
      changes: { from: END, insert: 'More. ' },
      userEvent: 'input.type',
    }).state;
    expect(typed.doc.toString()).toBe(`${FM}More. Body text.\n`);
  });

  it('shown (the toggle), or broken, it edits as text', () => {
    const shown = state(DOC, false);
    const t = shown.update({ changes: { from: 0, to: 1, insert: '' }, userEvent: 'delete' }).state;
    expect(t.doc.toString()).toBe(DOC.slice(1));
    const hiddenThenShown = state().update({ effects: setFrontMatterHidden.of(false) }).state;
    const u = hiddenThenShown.update({
      changes: { from: 4, insert: 'x' },
      userEvent: 'input.type',
    }).state;
    expect(u.doc.toString()).toBe(`---\nxtitle${DOC.slice(9)}`);
    // A block that does not parse stays in sight so it can be fixed.
    const broken = state('---\ntitle: [unclosed\n---\nBody\n');
    const v = broken.update({ changes: { from: 4, insert: 'x' }, userEvent: 'input.type' }).state;
    expect(v.doc.toString()).toBe('---\nxtitle: [unclosed\n---\nBody\n');
  });
});
