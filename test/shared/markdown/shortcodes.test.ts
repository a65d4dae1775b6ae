import { describe, expect, it } from 'vitest';
import { toPostMeta } from '../../../shared/content/post.ts';
import { renderMarkdown, markdownFor } from '../../../shared/markdown/render.ts';
import { lexShortcodes } from '../../../shared/markdown/shortcode-lexer.ts';
import { listShortcodes } from '../../../shared/markdown/shortcodes.ts';
import { derivePost } from '../../../shared/site/derive.ts';

const safe = { typographer: true, unsafe: false };
const preview = { shortcodes: { embeds: 'preview' as const } };

describe('shortcodes, as Hugo reads them', () => {
  it('lexes Go-style quoting, named and positional params, with and without spaces', () => {
    const tags = lexShortcodes(
      '{{< figure src="a \\"b\\".png" caption=`raw "x"` width=300 >}} {{<youtube w7Ft2ymGmfc>}} {{% x/y-z 1.5 true "two words" /%}}',
    ).filter((t) => t.kind === 'tag');
    expect(tags).toMatchObject([
      { name: 'figure', markup: '<', named: { src: 'a "b".png', caption: 'raw "x"', width: 300 } },
      { name: 'youtube', positional: ['w7Ft2ymGmfc'], named: null },
      { name: 'x/y-z', markup: '%', selfClosing: true, positional: [1.5, true, 'two words'] },
    ]);
  });

  it('never shows raw delimiters for a well-formed shortcode, in the export or the preview', () => {
    const body = [
      '{{< figure src="/a.png" caption="A *cap*" >}}',
      'Text {{<figure src="b.png">}} inline.',
      '{{% figure src="c.png" %}}',
      '{{< highlight yaml >}}\n---\ntitle: x\n{{< /highlight >}}',
      '{{< youtube w7Ft2ymGmfc >}}',
      '{{< vimeo 146022717 >}}',
      '{{< gist spf13 7896402 >}}',
      '{{< twitter user="a" id="1" >}} {{< x user="a" id="2" >}} {{< instagram B1 >}}',
      '{{< param title >}} {{% param title %}}',
      '[ref]({{< ref "other.md" >}}) {{< relref "other" >}}',
      '{{< details summary="More" >}}\nHidden **text**.\n{{< /details >}}',
      '{{< qr text="https://example.org" />}}',
      '{{% note %}}\nNote with **md**.\n\n{{< alert type="x" >}}nested{{< /alert >}}\n{{% /note %}}',
      '{{< custom a="1" />}} and {{< custom2 >}}',
    ].join('\n\n');
    for (const env of [
      { shortcodes: { page: { title: 'T' } } },
      { shortcodes: { ...preview.shortcodes, page: { title: 'T' } } },
    ]) {
      const html = renderMarkdown(body, safe, env);
      expect(html).not.toMatch(/\{\{[<%]|[>%]\}\}|\{\{\}\}|QSC[PM]\d|HAHAHUGO/);
      expect(html).not.toMatch(/<h2/); // `---` inside highlight is code, not a setext heading
    }
    const pv = renderMarkdown(body, safe, { shortcodes: { ...preview.shortcodes } });
    expect(pv).not.toMatch(/<iframe|<script/);
    expect(pv).toContain(
      '<a href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">YouTube video: YouTube Video</a>',
    );
  });

  it('shows the site own shortcodes as a labelled block with the inner content rendered', () => {
    const html = renderMarkdown(
      '{{< notice warning "Read this" >}}\nSome **bold** text.\n{{< /notice >}}\n',
      safe,
    );
    expect(html).toContain(
      '<div class="quire-shortcode" title="notice warning &#34;Read this&#34;">',
    );
    expect(html).toContain('<strong>bold</strong>');
  });

  it('escapes every parameter (untrusted input)', () => {
    const html = renderMarkdown(
      '{{< figure src="javascript:alert(1)" title="<img src=x onerror=alert(1)>" caption="<script>alert(1)</script>" link="javascript:x" >}}\n\n{{< youtube id="x\\" onload=\\"alert(1)" >}}\n\n{{< custom a="\\"><script>alert(1)</script>" />}}',
      safe,
    );
    expect(html).not.toMatch(/<script|<img src=x|javascript:|" onload=/);
    expect(html).toContain('src="#ZgotmplZ"');
  });

  it('keeps comments as the literal shortcode text', () => {
    expect(renderMarkdown('Use `{{</* figure src="x" */>}}` here.', safe)).toBe(
      '<p>Use <code>{{&lt; figure src=&quot;x&quot; &gt;}}</code> here.</p>\n',
    );
  });

  it('runs before summaries and word counts', () => {
    const d = derivePost(
      'One two {{< figure src="a.png" caption="Three four" >}}\n\n{{< youtube abc >}}\n',
      toPostMeta({}),
      { typographer: true, unsafeHtml: false, summaryLength: 70, hasCJKLanguage: false },
      'sentence',
    );
    expect(d.plain).not.toContain('{{');
    expect(d.wordCount).toBe(4);
  });

  it('keeps the source lines of the blocks after a shortcode', () => {
    const tokens = markdownFor(safe).parse(
      '{{< highlight go >}}\na\nb\nc\n{{< /highlight >}}\n\n## After\n',
      {},
    );
    expect(tokens.find((t) => t.type === 'heading_open')?.map?.[0]).toBe(6);
  });

  it('lists the shortcodes a body uses, nested ones too', () => {
    expect(
      listShortcodes('x\n{{% note %}}\n{{< figure src="a" >}}\n{{% /note %}}\n{{< mine >}}'),
    ).toEqual([
      { name: 'note', line: 2, builtin: false },
      { name: 'figure', line: 3, builtin: true },
      { name: 'mine', line: 5, builtin: false },
    ]);
  });

  it('reads hostile bodies whole: thousands of unclosed tags, closers without openers', () => {
    const body = `${'{{< x a="1" '.repeat(5_000)}\n${'{{< /y >}} {{< z >}}'.repeat(5_000)}`;
    const html = renderMarkdown(body, safe);
    expect(html.length).toBeGreaterThan(body.length / 2);
    expect(listShortcodes(body).filter((s) => s.name === 'z')).toHaveLength(5_000);
  });
});
