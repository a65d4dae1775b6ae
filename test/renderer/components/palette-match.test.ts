import { describe, expect, it } from 'vitest';
import { fuzzyFilter } from '../../../renderer/components/fuzzy.ts';

const POSTS = [
  { title: 'Proxy Layers', path: 'content/posts/proxy-layers.md', tags: 'proxies' },
  { title: 'Service Mesh Proxy Classes', path: 'content/posts/proxy-classes.md', tags: 'proxies' },
  {
    title: 'Analyzing Go Binary Sizes',
    path: 'content/posts/go-binary-size.md',
    tags: 'go builds',
  },
  { title: 'Go Build Times', path: 'content/posts/go-build-times.md', tags: 'go builds' },
  { title: 'Saying No In Open Source', path: 'content/posts/saying-no.md', tags: '' },
];
const titles = (q: string) =>
  fuzzyFilter(POSTS, q, (p) => [p.title, p.path, p.tags]).map((m) => m.item.title);

describe('fuzzy filter (palette and switcher)', () => {
  it('an empty query keeps every item in order', () => {
    expect(titles('')).toEqual(POSTS.map((p) => p.title));
  });
  it('letters in order match across words; word starts and titles rank first', () => {
    expect(titles('gbs')[0]).toBe('Analyzing Go Binary Sizes');
    expect(titles('prla')[0]).toBe('Proxy Layers');
    expect(titles('layers')).toEqual(['Proxy Layers']);
    expect(titles('xyzzy')).toEqual([]);
  });
  it('matches paths and tags, and every word must match somewhere', () => {
    expect(titles('saying-no.md')).toEqual(['Saying No In Open Source']);
    expect(titles('builds times')).toEqual(['Go Build Times']);
    expect(titles('proxies classes')).toEqual(['Service Mesh Proxy Classes']);
  });
  it('is case-insensitive and reports the matched letters of the title', () => {
    const [m] = fuzzyFilter(POSTS, 'PROXY L', (p) => [p.title, p.path, p.tags]);
    expect(m!.item.title).toBe('Proxy Layers');
    expect(m!.positions).toEqual([0, 1, 2, 3, 4, 6]);
  });
});
