import { describe, expect, it } from 'vitest';
import { hugoHeadingId } from '../../../shared/markdown/heading-ids.ts';
import { renderMarkdown } from '../../../shared/markdown/render.ts';

const safe = { typographer: true, unsafe: false };

describe('the Markdown pipeline', () => {
  it('makes heading ids as Hugo does, repeats numbered', () => {
    const html = renderMarkdown(
      '## Background knowledge\n\n## Background knowledge\n\n## Background knowledge\n\n### Ünïcode & C++ `code`!\n',
      safe,
    );
    expect(html).toContain('<h2 id="background-knowledge">');
    expect(html).toContain('<h2 id="background-knowledge-1">');
    expect(html).toContain('<h2 id="background-knowledge-2">');
    expect(hugoHeadingId('Ünïcode & C++ code!')).toBe('ünïcode--c-code');
  });

  it('drops blank lines before a closing fence, as Hugo does (they are not shown)', () => {
    const html = renderMarkdown(
      '```\nplain\n\n\n```\n\n```go\nx := 1\n\n```\n\n```\n\n```\n',
      safe,
    );
    expect(html).toContain('<pre><code>plain\n</code></pre>');
    expect(html).toContain('x := <span class="hljs-number">1</span>\n</code></pre>');
    expect(html).toContain('<pre><code></code></pre>');
  });

  it('renders GFM: tables, strikethrough, task lists, autolinks, footnotes', () => {
    const html = renderMarkdown(
      '| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~gone~~ www.example.org\n\n- [x] done\n- [ ] todo\n\nNote[^n].\n\n[^n]: The note.\n',
      safe,
    );
    expect(html).toContain('<th style="text-align:right">b</th>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('<a href="https://www.example.org">www.example.org</a>');
    expect(html).toContain('<input checked="" disabled="" type="checkbox"> done');
    expect(html).toContain('<input disabled="" type="checkbox"> todo');
    expect(html).toContain('<sup id="fnref:1"><a href="#fn:1"');
    expect(html).toContain('<li id="fn:1">');
  });

  it('typographer follows the site config, without markdown-it extras Hugo lacks', () => {
    const src = `It's "quoted" -- and... (c)`;
    expect(renderMarkdown(src, { typographer: true, unsafe: false })).toBe(
      '<p>It&rsquo;s &ldquo;quoted&rdquo; &ndash; and&hellip; (c)</p>\n',
    );
    // As goldmark writes them (entities), while curly quotes the writer typed stay characters.
    expect(
      renderMarkdown('\u201cTyped\u201d -- \u00abthem\u00bb <<these>>', {
        typographer: true,
        unsafe: false,
      }),
    ).toBe('<p>\u201cTyped\u201d &ndash; \u00abthem\u00bb &laquo;these&raquo;</p>\n');
    expect(renderMarkdown(src, { typographer: false, unsafe: false })).toBe(
      "<p>It's &quot;quoted&quot; -- and... (c)</p>\n",
    );
  });

  it('omits raw HTML unless the site allows it', () => {
    const src =
      '<script>alert(1)</script>\n\nText <img src=x onerror="alert(1)"> and <iframe src="https://evil.example"></iframe>.\n';
    const html = renderMarkdown(src, safe);
    expect(html).not.toMatch(/<script|<img|<iframe|onerror/);
    expect(html).toBe(
      '<!-- raw HTML omitted -->\n<p>Text <!-- raw HTML omitted --> and <!-- raw HTML omitted --><!-- raw HTML omitted -->.</p>\n',
    );
    expect(renderMarkdown(src, { typographer: true, unsafe: true })).toContain(
      '<script>alert(1)</script>',
    );
  });

  it('never trusts a code fence info string as HTML', () => {
    const html = renderMarkdown(
      '```"><script>alert(1)</script>\ncode\n```\n\n```go onclick=x\nfunc main() {}\n```\n',
      safe,
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('<pre><code>code\n</code></pre>');
    expect(html).toMatch(/<pre><code class="language-go" data-lang="go">.*<span class="hljs-/s);
  });

  it('drops dangerous link targets', () => {
    const html = renderMarkdown(
      '[x](javascript:alert(1)) [y](vbscript:x) ![z](data:text/html;base64,xx)',
      safe,
    );
    expect(html).not.toMatch(/href="(javascript|vbscript)/);
    expect(html).not.toContain('src="data:text/html');
  });

  it('resolves relative links and images against the post', () => {
    const html = renderMarkdown(
      '![pic](pic.png) [abs](/about/) [ext](https://x.org) [rel](../other/)',
      safe,
      {
        resolveUrl: (url) => (/^([a-z]+:|\/|#)/i.test(url) ? url : `/posts/my-post/${url}`),
      },
    );
    expect(html).toContain('src="/posts/my-post/pic.png"');
    expect(html).toContain('href="/about/"');
    expect(html).toContain('href="https://x.org"');
    expect(html).toContain('href="/posts/my-post/../other/"');
  });
  it('a text whose only link candidate goldmark would not link renders as text (it used to crash the export)', () => {
    // A real post: "www." right after a colon is not linked by goldmark.
    const html = renderMarkdown('用户名:www.orsoon.com', { typographer: true, unsafe: false });
    expect(html).toBe('<p>用户名:www.orsoon.com</p>\n');
  });
});
