import MarkdownItCtor from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { readerText } from '../../../shared/markdown/hugo-text.ts';
import { renderTitleText } from '../../../shared/markdown/title.ts';

// Plain titles skip the inline Markdown render: what a reader sees must not change.
const md = new MarkdownItCtor('default', { html: false, linkify: false, typographer: false });
const rendered = (t: string) => readerText(md.renderInline(t));

describe('renderTitleText', () => {
  it('reads plain titles exactly as the inline Markdown render does', () => {
    const titles = [
      'Post 1',
      '  Post   2  ',
      `Don't "quote" me`,
      'a/b (c); d? e|f',
      'Ünïcödé 東京 title',
      '12. not a list',
      '1) nor this',
      '',
      ' ',
      '"',
      'ǅ',
      'Post 3 .',
    ];
    for (const t of titles) expect(renderTitleText(t), t).toBe(rendered(t));
  });

  it('still renders titles with Markdown, entities or HTML', () => {
    expect(renderTitleText('Use `go build` *fast*')).toBe('Use go build fast');
    expect(renderTitleText('Fish &amp; chips')).toBe('Fish & chips');
    expect(renderTitleText('a \\*b\\*')).toBe('a *b*');
    expect(renderTitleText('Tom & <b>Jerry</b>')).toBe(rendered('Tom & <b>Jerry</b>'));
  });
});
