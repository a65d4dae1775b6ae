import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { afterEach, describe, expect, it } from 'vitest';
import { SiteSearch } from '../../../electron/services/search.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { rng } from '../../helpers/random.ts';
import { tempDir } from '../../helpers/site.ts';

const open: Workspace[] = [];
afterEach(async () => {
  for (const ws of open.splice(0)) await ws.close();
});

/** A site of these posts (file name -> title, tags, body), and its search. */
async function siteOf(
  posts: Record<string, { title: string; tags?: string[]; body: string }>,
): Promise<{ ws: Workspace; search: SiteSearch; dir: string }> {
  const dir = tempDir('quire-search-');
  mkdirSync(path.join(dir, 'content/posts'), { recursive: true });
  writeFileSync(path.join(dir, 'hugo.toml'), 'title = "S"\n');
  let day = 1;
  for (const [name, p] of Object.entries(posts))
    writeFileSync(
      path.join(dir, 'content/posts', name),
      `---\ntitle: "${p.title}"\ndate: 2024-01-${String(day++).padStart(2, '0')}\ntags: [${(p.tags ?? []).join(', ')}]\n---\n\n${p.body}\n`,
    );
  const ws = await Workspace.open(dir, { cacheDir: null });
  open.push(ws);
  return { ws, search: new SiteSearch(ws), dir };
}

const paths = (r: { path: string }[]) => r.map((x) => path.basename(x.path)).sort();

/**
 * The reference: one MiniSearch index over the site's posts with the options the app's
 * index had before words were searched one by one.
 */
function reference(ws: Workspace) {
  const ref = new MiniSearch<{
    id: string;
    title: string;
    summary: string;
    tags: string;
    body: string;
  }>({
    fields: ['title', 'summary', 'tags', 'body'],
    searchOptions: { boost: { title: 4, tags: 2, summary: 2 }, fuzzy: 0.15, prefix: true },
  });
  ref.addAll(
    ws.posts().map((p) => ({
      id: p.path,
      title: p.meta.title,
      summary: p.meta.summary ?? '',
      tags: [...p.meta.tags, ...p.meta.categories].join(' '),
      body: ws.body(p.path),
    })),
  );
  return ref;
}

describe('search as the user types', () => {
  it('matches the word being typed as a prefix from three letters, and every word (AND)', async () => {
    const { search } = await siteOf({
      'a.md': { title: 'Generics in Go', body: 'Type parameters arrived with generics.' },
      'b.md': { title: 'Rust traits', body: 'Traits are like interfaces; generic code.' },
      'c.md': { title: 'Gardening', body: 'Tomatoes and generators of compost.' },
    });
    expect(paths(search.search('gen'))).toEqual(['a.md', 'b.md', 'c.md']);
    expect(paths(search.search('gener'))).toEqual(['a.md', 'b.md', 'c.md']);
    expect(paths(search.search('generi'))).toEqual(['a.md', 'b.md']);
    expect(paths(search.search('generics type'))).toEqual(['a.md']);
    expect(paths(search.search('tomatoes generics'))).toEqual([]);
  });

  it('a word of one or two letters matches whole words, and starts of words in titles and tags', async () => {
    const { search } = await siteOf({
      'word.md': { title: 'Notes', body: 'Why I go to the market on foot.' },
      'body-prefix.md': { title: 'Notes again', body: 'The gopher is a good mascot.' },
      'title-prefix.md': { title: 'Going fast', body: 'Nothing else here.' },
      'tag-prefix.md': { title: 'Tagged', tags: ['golang'], body: 'Nothing else here.' },
    });
    // "go" is a word of word.md; a title and a tag start with it; only a body word of
    // body-prefix.md starts with it (gopher, good), which two letters do not reach.
    expect(paths(search.search('go'))).toEqual(['tag-prefix.md', 'title-prefix.md', 'word.md']);
    // From three letters on, bodies match as prefixes too.
    expect(paths(search.search('gop'))).toEqual(['body-prefix.md']);
  });

  it('a last word of one or two letters after others only reorders: the list narrows, never widens, as letters are added', async () => {
    const { search } = await siteOf({
      'a.md': { title: 'Garden', body: 'Turning compost weekly helps the garden grow.' },
      'b.md': { title: 'Notes', body: 'Compost is a way to go green.' },
      'c.md': { title: 'Other', body: 'Nothing to see.' },
    });
    const before = paths(search.search('compost'));
    expect(before).toEqual(['a.md', 'b.md']);
    // One letter waits; two letters keep the same posts, those with the word first.
    expect(paths(search.search('compost t'))).toEqual(before);
    expect(paths(search.search('compost to'))).toEqual(before);
    expect(search.search('compost to')[0]!.path).toMatch(/b\.md$/);
    expect(paths(search.search('compost tu'))).toEqual(before);
    // From three letters the word is required, as a prefix.
    expect(paths(search.search('compost tur'))).toEqual(['a.md']);
    expect(paths(search.search('compost turning'))).toEqual(['a.md']);
    expect(paths(search.search('compost green'))).toEqual(['b.md']);
  });

  it('ranks as MiniSearch ranks the same words (AND, prefix, fuzzy, boosts) for words of three letters or more', async () => {
    const r = rng(11);
    const vocab =
      'state world because little things made work great year long over also know through each many those after where before first could these still good well back even same very'.split(
        ' ',
      );
    const posts: Record<string, { title: string; tags: string[]; body: string }> = {};
    for (let i = 0; i < 120; i++)
      posts[`p${i}.md`] = {
        title: `${r.pick(vocab)} ${r.pick(vocab)} ${i}`,
        tags: [r.pick(['alpha', 'beta', 'gamma'])],
        body: Array.from({ length: 20 + r.int(60) }, () => r.pick(vocab)).join(' '),
      };
    const { ws, search } = await siteOf(posts);
    const ref = reference(ws);
    for (let q = 0; q < 40; q++) {
      const words = Array.from({ length: 1 + r.int(3) }, () => r.pick(vocab));
      const cut = words.at(-1)!.slice(0, 3 + r.int(words.at(-1)!.length - 2));
      const query = [...words.slice(0, -1), cut].join(' ');
      const ours = search.search(query, 1000);
      const theirs = ref.search(query, { combineWith: 'AND' });
      expect(ours.map((x) => x.path).sort(), query).toEqual(theirs.map((x) => x.id).sort());
      // The same order wherever the scores differ (ties may fall either way).
      const score = new Map(theirs.map((x) => [x.id as string, x.score]));
      for (let i = 1; i < ours.length; i++)
        expect(score.get(ours[i - 1]!.path)!, query).toBeGreaterThanOrEqual(
          score.get(ours[i]!.path)! - 1e-9,
        );
    }
  });

  it('scores a word exactly as MiniSearch does: the same posts, order, scores and matched terms', async () => {
    const r = rng(5);
    // A small vocabulary (each word in many posts, prefixes and typos of each other) with
    // numbers, which JavaScript orders first among an object's keys.
    const vocab =
      'state stated states station world word words work worked worn great greater year 2024 2024s 7 42 long longer'.split(
        ' ',
      );
    const posts: Record<string, { title: string; tags: string[]; body: string }> = {};
    for (let i = 0; i < 80; i++)
      posts[`p${i}.md`] = {
        title: `${r.pick(vocab)} ${r.pick(vocab)}`,
        tags: [r.pick(['stats', 'wording', 'years'])],
        body: Array.from({ length: 5 + r.int(40) }, () => r.pick(vocab)).join(' '),
      };
    const { ws, search } = await siteOf(posts);
    const ref = reference(ws);
    const words = new Set<string>();
    for (const w of [...vocab, 'wirds', 'graet', 'stattion', 'yaer'])
      for (let n = 3; n <= w.length; n++) words.add(w.slice(0, n));
    let compared = 0;
    for (const w of words) {
      const ours = search.search(w, 1000);
      const theirs = ref.search(w);
      expect(
        ours.map((x) => [x.path, x.score, x.terms]),
        w,
      ).toEqual(theirs.map((x) => [x.id, x.score, x.terms]));
      compared += theirs.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('sees a post changed on disk at the next search (no answer kept from before)', async () => {
    const { ws, search, dir } = await siteOf({
      'a.md': { title: 'One', body: 'apples and pears' },
      'b.md': { title: 'Two', body: 'plums' },
    });
    expect(paths(search.search('plums'))).toEqual(['b.md']);
    expect(paths(search.search('apples plums'))).toEqual([]);
    writeFileSync(
      path.join(dir, 'content/posts/a.md'),
      '---\ntitle: "One"\ndate: 2024-01-01\n---\n\napples and plums, later\n',
    );
    await ws.refresh('content/posts/a.md');
    expect(paths(search.search('plums'))).toEqual(['a.md', 'b.md']);
    expect(paths(search.search('apples plums'))).toEqual(['a.md']);
  });
});
