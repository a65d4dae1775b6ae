import { ensureSyntaxTree, syntaxTreeAvailable } from '@codemirror/language';
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { EditorState } from '@codemirror/state';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseAheadSlice } from '../../../renderer/editor/parse-ahead.ts';
import { makePost } from '../../bench/markdown-bench.ts';

const extensions = [markdown({ base: markdownLanguage })];

/** The syntax tree of a document parsed from scratch, in one go. */
function fullTree(doc: string): string {
  const s = EditorState.create({ doc, extensions });
  return ensureSyntaxTree(s, doc.length, 1e9)!.toString();
}

/** A small seeded random generator (the same edits every run). */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

// Parsing ahead in slices, with the writer's edits between the slices, ends with the tree a
// parse from scratch gives; after that, a keystroke anywhere keeps the tree whole (only the
// changed block is parsed again), where a fresh state has parsed only its start.
describe('parse ahead', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('slices and random edits add up to the full parse, and edits keep it whole', () => {
    const random = rng(7);
    let state = EditorState.create({
      doc: `---\ntitle: "x"\n---\n\n${makePost(15_000)}`,
      extensions,
    });
    expect(syntaxTreeAvailable(state, state.doc.length)).toBe(false);
    const pieces = ['a', ' ', '\n', '\n\n', '## ', '`', '*', '```\n', '- '];
    let slices = 0;
    while (!parseAheadSlice(state, 2)) {
      slices++;
      expect(slices).toBeLessThan(5_000);
      if (random() < 0.5) {
        const at = Math.floor(random() * state.doc.length);
        const del = random() < 0.3 ? Math.min(3, state.doc.length - at) : 0;
        const insert = del && random() < 0.5 ? '' : pieces[Math.floor(random() * pieces.length)]!;
        state = state.update({ changes: { from: at, to: at + del, insert } }).state;
      }
    }
    expect(slices).toBeGreaterThan(1);
    expect(ensureSyntaxTree(state, state.doc.length, 0)!.toString()).toBe(
      fullTree(state.doc.toString()),
    );
    // CodeMirror gives a keystroke's re-parse 20 ms of Date.now(). A clock that moves 0.5 ms
    // each time the parser looks at it makes that 40 steps of work whatever the machine's
    // load (a loaded CI machine once ran past 20 ms): enough for the changed block (5–10
    // steps at 15,000 words), far from a parse from scratch (about 320).
    let now = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 0.5));
    for (let i = 0; i < 30; i++) {
      const at = Math.floor(random() * state.doc.length);
      const insert = pieces[Math.floor(random() * pieces.length)]!;
      state = state.update({ changes: { from: at, insert } }).state;
      expect(syntaxTreeAvailable(state, state.doc.length), `edit ${i} at ${at}`).toBe(true);
    }
    expect(ensureSyntaxTree(state, state.doc.length, 0)!.toString()).toBe(
      fullTree(state.doc.toString()),
    );
  });
});
