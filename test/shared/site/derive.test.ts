import { describe, expect, it } from 'vitest';
import { toPostMeta } from '../../../shared/content/post.ts';
import { normalizeSiteConfig } from '../../../shared/site/config.ts';
import { derivePost } from '../../../shared/site/derive.ts';

const config = normalizeSiteConfig({
  summaryLength: 10,
  markup: { goldmark: { extensions: { typographer: false } } },
});
const meta = (data: Record<string, unknown> = {}) => toPostMeta(data);

describe('summaries and reading time', () => {
  const body =
    'First paragraph has five words.\n\n## A heading here\n\nSecond paragraph with more words than that. Another sentence.\n\nThird paragraph.\n';

  it('paragraph mode cuts after the paragraph where the count reaches summaryLength', () => {
    const d = derivePost(body, meta(), config, 'paragraph');
    expect(d.summaryType).toBe('auto');
    expect(d.summary).toBe(
      'First paragraph has five words. A heading here Second paragraph with more words than that. Another sentence.',
    );
    expect(d.truncated).toBe(true);
  });

  it('sentence mode takes summaryLength words then runs to the sentence end', () => {
    const d = derivePost(body, meta(), config, 'sentence');
    expect(d.summary).toBe(
      'First paragraph has five words. A heading here Second paragraph with more words than that.',
    );
    expect(d.truncated).toBe(true);
  });

  it('a front-matter summary wins, rendered as Markdown, never truncated', () => {
    const d = derivePost(
      body + '<!--more-->\nrest',
      meta({ summary: 'Use `set` *now*' }),
      config,
      'paragraph',
    );
    expect(d).toMatchObject({
      summary: 'Use `set` *now*'.replace(/[`*]/g, ''),
      summaryType: 'frontmatter',
      truncated: false,
    });
  });

  it('a <!--more--> divider comes next: truncated when text follows it', () => {
    const d = derivePost(
      'Intro words here.\n\n<!--more-->\n\nThe rest.',
      meta(),
      config,
      'paragraph',
    );
    expect(d).toMatchObject({
      summary: 'Intro words here.',
      summaryType: 'manual',
      truncated: true,
    });
    expect(d.html).not.toContain('HUGOMORE42');
    expect(d.wordCount).toBe(5);
    const end = derivePost('All of it.\n\n<!--more-->\n', meta(), config, 'sentence');
    expect(end).toMatchObject({ summary: 'All of it.', truncated: false });
  });

  it('reading time is ceil(words / 213), and CJK-aware when the site says so', () => {
    const words = Array.from({ length: 214 }, () => 'word').join(' ');
    expect(derivePost(words, meta(), config, 'paragraph')).toMatchObject({
      wordCount: 214,
      readingTime: 2,
    });
    expect(
      derivePost(words.split(' ').slice(0, 213).join(' '), meta(), config, 'paragraph').readingTime,
    ).toBe(1);
    const cjk = normalizeSiteConfig({ hasCJKLanguage: true });
    const d = derivePost('日本語のテキストです', meta(), cjk, 'paragraph');
    expect(d.wordCount).toBe(10);
  });

  it('paragraph summaries count each CJK rune as a word (outside the BMP too) and split words at them', () => {
    // 𠀀𠀁𠀂 (U+20000..) are three words and ` a日` two (Hugo leaves a paragraph's last
    // rune out of its count): five, so the cut is after the first paragraph; counted as
    // one word each, the summary would run on.
    const five = normalizeSiteConfig({ summaryLength: 5 });
    const d = derivePost('𠀀𠀁𠀂 a日b\n\n四五六七 x\n\nend\n', meta(), five, 'paragraph');
    expect(d).toMatchObject({ summary: '𠀀𠀁𠀂 a日b', truncated: true });
    const six = normalizeSiteConfig({ summaryLength: 6 });
    expect(derivePost('𠀀𠀁𠀂 a日b\n\n四五六七 x\n\nend\n', meta(), six, 'paragraph').summary).toBe(
      '𠀀𠀁𠀂 a日b 四五六七 x',
    );
  });
});
