import { CompletionContext } from '@codemirror/autocomplete';
import type { CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { filterOptions, linkCompletions } from '../../../renderer/editor/link-complete.ts';
import type { LinkTargets } from '../../../renderer/editor/link-complete.ts';

const targets: LinkTargets = {
  posts: [
    {
      path: 'content/posts/crd-versioning.md',
      title: 'CRD Versioning',
      url: '/posts/crd-versioning/',
    },
    { path: 'content/posts/go-builds.md', title: 'Faster Go builds', url: '/posts/go-builds/' },
  ],
  contentDir: 'content',
  markdown: {} as LinkTargets['markdown'],
  readPost: async () => '',
};

function complete(doc: string): { result: CompletionResult; state: EditorState } {
  const state = EditorState.create({ doc });
  const result = linkCompletions(new CompletionContext(state, doc.length, true), targets, null);
  return { result: result!, state };
}

describe('link completion filters as the user types', () => {
  it('keeps options holding every word typed, anywhere in the label or detail', () => {
    const all = targets.posts.map((p) => ({ label: p.title, detail: p.url }));
    expect(filterOptions(all, 'crd vers').map((c) => c.label)).toEqual(['CRD Versioning']);
    expect(filterOptions(all, 'v').map((c) => c.label)).toEqual(['CRD Versioning']);
    expect(filterOptions(all, 'go-b').map((c) => c.label)).toEqual(['Faster Go builds']);
    expect(filterOptions(all, '').length).toBe(2);
    expect(filterOptions(all, 'nothing')).toEqual([]);
  });

  it('updates the open list in place while the text stays a URL, and lets it go otherwise', () => {
    const { result, state } = complete('See [x](');
    expect(result.filter).toBe(false);
    expect(result.options.map((o) => o.label)).toEqual(['CRD Versioning', 'Faster Go builds']);
    const typed = state.update({ changes: { from: state.doc.length, insert: 'faster' } }).state;
    const next = result.update!(
      result,
      result.from,
      typed.doc.length,
      new CompletionContext(typed, typed.doc.length, false),
    );
    expect(next!.options.map((o) => o.label)).toEqual(['Faster Go builds']);
    const closed = state.update({ changes: { from: state.doc.length, insert: 'a)' } }).state;
    expect(
      result.update!(
        result,
        result.from,
        closed.doc.length,
        new CompletionContext(closed, closed.doc.length, false),
      ),
    ).toBeNull();
  });
});
