import { describe, expect, it } from 'vitest';
import { applyEdits, changedLines, linkEdits } from '../../../shared/site/rename-links.ts';

// The link finder of a rename, by table: what is rewritten (only those bytes) and what not.

const rewrite = {
  oldUrl: '/posts/old/',
  newUrl: '/notes/new/',
  baseURL: 'https://example.org/blog/',
  pageUrl: '/posts/other/',
  refTarget: (t: string) => (t === 'posts/old.md' ? 'notes/new.md' : t === 'old' ? 'new' : null),
};

const run = (body: string) => applyEdits(body, linkEdits(body, 0, rewrite));

describe('linkEdits', () => {
  it.each([
    ['[a](/posts/old/)', '[a](/notes/new/)'],
    ['[a](/posts/old)', '[a](/notes/new)'],
    ['[a](/posts/old/#x "T")', '[a](/notes/new/#x "T")'],
    ['[a](<https://example.org/blog/posts/old/>)', '[a](<https://example.org/blog/notes/new/>)'],
    ['[a](/blog/posts/old/?q=1)', '[a](/blog/notes/new/?q=1)'],
    ['[a](../old/)', '[a](../../notes/new/)'],
    ['![p](/posts/old/pic.png)', '![p](/notes/new/pic.png)'],
    ['[d]: /posts/old/ "T"', '[d]: /notes/new/ "T"'],
    ['<a href="/posts/old/">x</a>', '<a href="/notes/new/">x</a>'],
    ['{{< ref "posts/old.md" >}}', '{{< ref "notes/new.md" >}}'],
    ['[r]({{< relref "old" >}})', '[r]({{< relref "new" >}})'],
  ])('%s -> %s', (before, after) => {
    expect(run(before)).toBe(after);
  });

  it.each([
    ['[a](/posts/older/)'],
    ['[a](https://other.org/posts/old/)'],
    ['[a](https://example.org/posts/old/)'],
    ['[a](/posts/old/sub/)'],
    ['```\n[a](/posts/old/)\n```'],
    ['{{< ref "posts/other.md" >}}'],
    ['`/posts/old/` in prose'],
  ])('leaves %s', (text) => {
    expect(run(text)).toBe(text);
  });

  it('skips the front matter and reports changed lines', () => {
    const text = '---\nurl: /posts/old/\n---\n\n[a](/posts/old/)\n';
    const start = text.indexOf('\n\n') + 2;
    const out = applyEdits(text, linkEdits(text, start, rewrite));
    expect(out).toBe('---\nurl: /posts/old/\n---\n\n[a](/notes/new/)\n');
    expect(changedLines(text, out)).toEqual([5]);
  });
});
