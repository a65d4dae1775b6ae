import { describe, expect, it } from 'vitest';
import { lexShortcodes } from '../../../shared/markdown/shortcode-lexer.ts';
import { figureAt, figureShortcode } from '../../../shared/markdown/shortcode-write.ts';

describe('the figure form writes shortcodes Hugo reads back exactly', () => {
  it('quotes every value (quotes, backticks, new lines) so the lexer gets it back', () => {
    for (const caption of ['Plain', 'With "quotes"', 'Both " and `', 'Line\nbreak', '']) {
      const text = figureShortcode({ src: 'a b.png', alt: 'An "alt"', caption });
      const tag = lexShortcodes(text).find((t) => t.kind === 'tag');
      expect(tag && tag.kind === 'tag' && tag.named).toEqual({
        src: 'a b.png',
        alt: 'An "alt"',
        ...(caption ? { caption } : {}),
      });
    }
  });

  it('finds the figure under the cursor with its other params, to edit it', () => {
    const text = 'Intro.\n\n{{< figure src="a.png" width="300" caption=`A "cap"` >}}\n\nMore.';
    const at = figureAt(text, text.indexOf('width'));
    expect(at?.fields).toEqual({ src: 'a.png', alt: '', caption: 'A "cap"' });
    expect(at?.extra).toEqual({ width: '300' });
    expect(text.slice(at!.from, at!.to)).toBe(
      '{{< figure src="a.png" width="300" caption=`A "cap"` >}}',
    );
    expect(figureAt(text, 2)).toBeNull();
    expect(figureShortcode({ ...at!.fields, alt: 'A chart' }, at!.extra)).toBe(
      '{{< figure src="a.png" alt="A chart" caption=`A "cap"` width="300" >}}',
    );
  });
});
