import MarkdownItCtor from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { readerText } from '../../../shared/markdown/hugo-text.ts';
import { renderTitleHtml, renderTitleText } from '../../../shared/markdown/title.ts';
import { rng } from '../../helpers/random.ts';

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

describe('renderTitleHtml', () => {
  // Plain titles are escaped instead of parsed: the page's <h1> must not change, whether a
  // title is plain or not.
  const pieces = [
    ...'aZ09 ,.;?\'"()/|éü東\u00a0\t\n*_`&<>\\#!-[]~=+:@',
    '  ',
    '...',
    '--',
    '1. ',
    '2) ',
    '&amp;',
    '<b>',
    '[x](y)',
    '**b**',
  ];
  const r = rng(7);

  it('renders every title exactly as the inline Markdown render does', () => {
    const titles = ['Post 1', `Don't "quote" me`, 'a/b (c); d? e|f', '', ' ', '  x  ', '"&"'];
    for (let i = 0; i < 5000; i++)
      titles.push(Array.from({ length: r.int(10) }, () => r.pick(pieces)).join(''));
    let plain = 0;
    for (const t of titles) {
      if (/^[\p{L}\p{N} ,.;?'"()/|]*$/u.test(t)) plain++;
      expect(renderTitleHtml(t), JSON.stringify(t)).toBe(md.renderInline(t));
    }
    // Both paths are taken many times.
    expect(plain).toBeGreaterThan(300);
    expect(titles.length - plain).toBeGreaterThan(3000);
  });

  it('still renders titles with Markdown, entities or HTML', () => {
    expect(renderTitleHtml('Use `go` *fast*')).toBe('Use <code>go</code> <em>fast</em>');
    expect(renderTitleHtml('Fish &amp; chips <b>')).toBe('Fish &amp; chips &lt;b&gt;');
  });
});
