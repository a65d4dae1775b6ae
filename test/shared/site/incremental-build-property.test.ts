import { describe, expect, it } from 'vitest';
import { buildSite, createBuildMemo } from '../../../shared/site/build.ts';
import type { BuildAssets } from '../../../shared/site/build.ts';
import type { SiteConfig } from '../../../shared/site/config.ts';
import type { DerivedPost } from '../../../shared/site/derive.ts';
import type { SitePost } from '../../../shared/site/listing.ts';
import { planSite } from '../../../shared/site/plan.ts';
import type { SitePlan } from '../../../shared/site/plan.ts';
import { day, fakeDerive, siteConfig, sitePost } from '../../helpers/posts.ts';
import { rng } from '../../helpers/random.ts';

// The incremental build (the last plan lent to the next, pages and lists kept by their
// records) must give exactly the bytes of a fresh build, whatever changed in between:
// a post's text only (the common edit), its front matter, posts added or removed, and
// the section folders (which move URLs of posts whose records did not change).

const asOf = day('2024-12-31');
const TAGS = ['go', 'rust', 'web', 'notes'];

/** A derive whose output depends on the post's version, as a real body edit does. */
const derive = (p: SitePost): DerivedPost => {
  const d = fakeDerive(p);
  const text = `${p.meta.title} v${p.version}`;
  return { ...d, html: `<p>${text}</p>`, plain: text, summary: text, summaryHtml: text };
};

interface State {
  posts: SitePost[];
  tree: BuildAssets;
  n: number;
}

function front(r: ReturnType<typeof rng>, i: number): Record<string, unknown> {
  return {
    title: `Post ${i} ${r.pick(['a', 'b', 'c'])}`,
    date: `2024-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`,
    tags: [r.pick(TAGS), r.pick(TAGS)],
    ...(r.int(6) === 0 ? { aliases: [`/old/${i}/`] } : {}),
    ...(r.int(8) === 0 ? { draft: true } : {}),
  };
}

function start(seed: number): State {
  const r = rng(seed);
  const posts: SitePost[] = [];
  for (let i = 0; i < 30; i++) {
    const folder = r.pick(['posts', 'posts/2024', 'notes']);
    posts.push(sitePost(`content/${folder}/p${String(i).padStart(2, '0')}.md`, front(r, i)));
  }
  return { posts: sorted(posts), tree: { sectionDirs: [] }, n: 30 };
}

function sorted(posts: SitePost[]): SitePost[] {
  return [...posts].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** One random change, as the index would hand it over (new records only for changed files). */
function step(s: State, r: ReturnType<typeof rng>, versions: Map<string, number>): string {
  const i = r.int(s.posts.length);
  const p = s.posts[i]!;
  const bump = () => {
    const v = (versions.get(p.path) ?? 1) + 1;
    versions.set(p.path, v);
    return String(v);
  };
  switch (r.int(7)) {
    case 0:
    case 1:
    case 2: {
      // The text changed, the front matter did not: same meta, new version.
      s.posts[i] = { ...p, version: bump() };
      return `text of ${p.path}`;
    }
    case 3: {
      const fm = front(r, Number(p.path.match(/p(\d+)/)![1]));
      s.posts[i] = sitePost(p.path, fm, bump());
      return `front matter of ${p.path}`;
    }
    case 4: {
      const folder = r.pick(['posts', 'posts/2024', 'notes']);
      const path = `content/${folder}/p${s.n}.md`;
      s.posts = sorted([...s.posts, sitePost(path, front(r, s.n++))]);
      return `added ${path}`;
    }
    case 5: {
      s.posts = s.posts.filter((_, k) => k !== i);
      return `removed ${p.path}`;
    }
    default: {
      // A nested section appears or goes (an _index file): URLs move, records do not.
      const on = (s.tree.sectionDirs ?? []).length === 0;
      s.tree = { sectionDirs: on ? ['posts/2024'] : [] };
      return on ? 'posts/2024 became a section' : 'posts/2024 is no section';
    }
  }
}

/** What a plan decides, as data (no object identity). */
function planView(plan: SitePlan) {
  return {
    published: plan.published.map((p) => `${p.path}@${p.version}`),
    newest: plan.newest.map((p) => p.path),
    pages: [...plan.pages].map(([k, v]) => [k, v.url, v.file, v.rendered, v.post.version]),
    lists: [...plan.lists].map(([k, l]) => [k, l.url, l.posts.map((p) => p.version + p.path)]),
    taxonomies: plan.taxonomies.map((t) => [t.plural, t.terms.map((x) => [x.slug, x.count])]),
    aliases: plan.aliases,
    copies: plan.copies,
    collisions: plan.collisions,
    outputs: [...plan.outputs].sort(),
  };
}

const configs: [string, SiteConfig][] = [
  ['pretty URLs', siteConfig({ paginate: 4 })],
  [
    'permalinks with :sections and ugly URLs',
    siteConfig({ paginate: 3, uglyURLs: true, permalinks: { posts: '/:sections/:slug/' } }),
  ],
];

describe('an incremental build equals a fresh build after every change', () => {
  it.each(configs)('%s: 3 seeds x 40 changes', (_name, config) => {
    for (const seed of [1, 2, 3]) {
      const r = rng(seed * 7919);
      const s = start(seed);
      const versions = new Map<string, number>();
      const memo = createBuildMemo();
      let lent: SitePlan | undefined;
      for (let k = 0; k <= 40; k++) {
        const what = k === 0 ? 'first build' : step(s, r, versions);
        const at = `seed ${seed}, change ${k}: ${what}`;
        const incremental = buildSite(s.posts, config, { asOf }, derive, s.tree, memo);
        const fresh = buildSite(s.posts, config, { asOf }, derive, s.tree);
        // Compared as one text first (cheap); the detailed comparison shows a difference.
        const files = (site: typeof fresh) => JSON.stringify([...site.files].sort());
        if (files(incremental) !== files(fresh))
          expect([...incremental.files].sort(), at).toEqual([...fresh.files].sort());
        expect(incremental.copies, at).toEqual(fresh.copies);
        // The plan lent to the next one decides what a fresh plan decides.
        const next = planSite(s.posts, config, { asOf }, s.tree, lent);
        const view = planView(next);
        const want = planView(planSite(s.posts, config, { asOf }, s.tree));
        if (JSON.stringify(view) !== JSON.stringify(want)) expect(view, at).toEqual(want);
        lent = next;
      }
    }
  });

  it('a text-only edit keeps every list that does not hold the post, and its plan', () => {
    const s = start(5);
    const config = siteConfig({ paginate: 4 });
    const before = planSite(s.posts, config, { asOf }, s.tree);
    const i = s.posts.findIndex((p) => before.pages.has(p.path) && p.section === 'notes');
    const edited = [...s.posts];
    edited[i] = { ...edited[i]!, version: '9' };
    const after = planSite(edited, config, { asOf }, s.tree, before);
    // Lists without the post are the very same objects; the post's are new, with it in.
    expect(after.lists.get('posts')).toBe(before.lists.get('posts'));
    expect(after.lists.get('notes')).not.toBe(before.lists.get('notes'));
    expect(after.lists.get('notes')!.posts).toContain(edited[i]);
    expect(after.pages.get(edited[i]!.path)!.post).toBe(edited[i]);
  });
});
