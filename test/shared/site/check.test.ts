import { describe, expect, it } from 'vitest';
import { checkSite } from '../../../shared/site/check.ts';
import type { SitePost } from '../../../shared/site/listing.ts';
import { planSite } from '../../../shared/site/plan.ts';
import { day, fakeDerive, sitePost, siteConfig } from '../../helpers/posts.ts';

function check(posts: SitePost[], bodies: Record<string, string> = {}) {
  const config = siteConfig();
  // As `quire check` plans: as of the check date, with drafts and scheduled posts.
  const plan = planSite(posts, config, { asOf: day('2024-06-01'), drafts: true, future: true });
  return checkSite({
    posts,
    config,
    unreadable: [],
    body: (p) => bodies[p.path] ?? '',
    derive: fakeDerive,
    outputFiles: plan.outputs,
    plan,
  }).filter((i) => i.severity === 'error');
}

describe('check: the plan-related rules', () => {
  const cases: [string, SitePost[], Record<string, string>, string[]][] = [
    [
      'two posts at one URL',
      [sitePost('content/posts/a.md', { slug: 'x' }), sitePost('content/posts/x.md')],
      {},
      [
        'content/posts/a.md: has the same URL /posts/x/ as content/posts/x.md (duplicate slug, url or alias; the export stops on it)',
        'content/posts/x.md: has the same URL /posts/x/ as content/posts/a.md (duplicate slug, url or alias; the export stops on it)',
      ],
    ],
    [
      'an alias over a post',
      [sitePost('content/posts/a.md', { aliases: ['/posts/b/'] }), sitePost('content/posts/b.md')],
      {},
      [
        'content/posts/a.md: has an alias with the same URL /posts/b/ as content/posts/b.md (duplicate slug, url or alias; the export stops on it)',
        'content/posts/b.md: has the same URL /posts/b/ as content/posts/a.md (alias /posts/b/) (duplicate slug, url or alias; the export stops on it)',
      ],
    ],
    [
      'a link to a scheduled post is fine, to an expired one broken',
      [
        sitePost('content/posts/a.md'),
        sitePost('content/posts/soon.md', { date: '2025-01-01' }),
        sitePost('content/posts/gone.md', { expiryDate: '2024-05-01' }),
      ],
      { 'content/posts/a.md': '[s](/posts/soon/)\n\n[g](/posts/gone/)\n' },
      ['content/posts/a.md: line 3: broken link /posts/gone/'],
    ],
    [
      'links resolve through the plan: nested folders, aliases, lists',
      [
        sitePost('content/posts/a.md', { tags: ['go'] }),
        sitePost('content/posts/2022/faq.md', { aliases: ['/faq/'] }),
      ],
      {
        'content/posts/a.md': '[f](/posts/2022/faq/) [o](/faq/) [t](/tags/go/) [x](../2022/faq/)\n',
      },
      [],
    ],
  ];
  it.each(cases)('%s', (_name, posts, bodies, want) => {
    expect(check(posts, bodies).map((i) => `${i.file}: ${i.message}`)).toEqual(want);
  });
});
