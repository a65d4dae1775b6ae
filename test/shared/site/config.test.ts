import { describe, expect, it } from 'vitest';
import { normalizeSiteConfig, parseConfigText } from '../../../shared/site/config.ts';

describe('normalizeSiteConfig: Hugo keys, any case, with defaults', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'defaults',
      {},
      {
        pagerSize: 10,
        summaryLength: 70,
        contentDir: 'content',
        uglyURLs: false,
        disableKinds: [],
        permalinks: {},
        taxonomies: { tag: 'tags', category: 'categories' },
      },
    ],
    ['old paginate', { paginate: 5 }, { pagerSize: 5 }],
    ['pagination.pagerSize wins', { paginate: 5, pagination: { pagerSize: 7 } }, { pagerSize: 7 }],
    ['uglyURLs any case', { UglyURLs: true }, { uglyURLs: true }],
    [
      'disableKinds lowercased',
      { disableKinds: ['RSS', 'taxonomy'] },
      { disableKinds: ['rss', 'taxonomy'] },
    ],
    [
      'permalinks map',
      { permalinks: { posts: '/:year/:slug/' } },
      { permalinks: { posts: '/:year/:slug/' } },
    ],
    [
      'permalinks.page table (newer Hugo)',
      { permalinks: { page: { posts: '/:slug/' } } },
      { permalinks: { posts: '/:slug/' } },
    ],
    [
      'custom taxonomies',
      { taxonomies: { Series: 'Series' } },
      { taxonomies: { series: 'series' } },
    ],
    ['mainSections string', { params: { mainSections: 'blog' } }, { mainSections: ['blog'] }],
    ['contentDir trailing slash', { contentDir: 'src/' }, { contentDir: 'src' }],
  ];
  it.each(cases)('%s', (_name, raw, want) => {
    expect(normalizeSiteConfig(raw)).toMatchObject(want);
  });

  const files: [string, string, Record<string, unknown>][] = [
    ['hugo.toml', 'title = "A"\n[params]\nx = 1\n', { title: 'A', params: { x: 1 } }],
    ['hugo.yaml', '\ufefftitle: A\n', { title: 'A' }],
    ['config.json', '{"title": "A"}', { title: 'A' }],
  ];
  it.each(files)('parseConfigText(%s)', (name, text, want) => {
    expect(parseConfigText(name, text)).toMatchObject(want);
  });
});
