import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { shortcodeCompleteExtension } from '../../../renderer/editor/shortcode-complete.ts';

/** The completions the editor offers with the cursor at the end of `doc`. */
function complete(doc: string, site: string[] = ['note', 'alert']) {
  const state = EditorState.create({ doc, extensions: shortcodeCompleteExtension(() => site) });
  const pos = doc.length;
  const sources = state.languageDataAt<(c: CompletionContext) => unknown>('autocomplete', pos);
  for (const source of sources) {
    const r = source(new CompletionContext(state, pos, false)) as {
      from: number;
      options: { label: string; detail?: string }[];
    } | null;
    if (r) return r;
  }
  return null;
}

describe('shortcode name completion', () => {
  it('offers Hugo built-ins and the site own after {{< and {{%, with or without a space', () => {
    for (const doc of ['Text {{< ', 'Text {{<', '{{% ']) {
      const r = complete(doc);
      const labels = r?.options.map((o) => o.label) ?? [];
      expect(labels).toEqual(
        expect.arrayContaining(['figure', 'highlight', 'youtube', 'ref', 'note', 'alert']),
      );
      expect(r?.options.find((o) => o.label === 'note')?.detail).toBe('this site');
      expect(r?.from).toBe(doc.length);
    }
  });

  it('completes a partly typed name from where it starts, and closing tags', () => {
    expect(complete('{{< fig')?.from).toBe(4);
    expect(complete('{{< /hi')?.from).toBe(5);
  });

  it('offers nothing outside a shortcode', () => {
    expect(complete('Just text {{ .Title')).toBeNull();
    expect(complete('a < b')).toBeNull();
  });
});
