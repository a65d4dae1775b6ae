import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planUrl } from '../../../shared/site/plan.ts';
import { parseAsOf } from '../../../shared/site/publish.ts';
import { MINIMAL_LAYOUTS } from '../../../electron/services/init-site.ts';
import { planRename, renamePost } from '../../../electron/services/rename-post.ts';
import { SitePlanner } from '../../../electron/services/site-plan.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { writeGeneratedSite } from '../../helpers/corpus-site.ts';
import { hugoBuild, hugoVersion } from '../../helpers/hugo.ts';
import { copySeedBlog, listFiles, tempDir } from '../../helpers/site.ts';

// A rename on a generated site: the old URL gets an alias, every internal link to the post
// (root-relative, absolute with the base URL, relative, reference definitions, HTML, ref and
// relref) is rewritten with only its bytes changed, Hugo 0.111 builds the result, the old URL
// redirects to the new one, and every internal link of the built site resolves.

const BASE = 'https://example.org/';

function siteWithLinks() {
  const site = path.join(tempDir(), 'site');
  mkdirSync(site, { recursive: true });
  writeGeneratedSite(site, 14, { count: 40, hugo: true });
  for (const [rel, text] of Object.entries(MINIMAL_LAYOUTS)) {
    mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
    writeFileSync(path.join(site, rel), text);
  }
  return site;
}

function builtLinksResolve(out: string): string[] {
  const broken: string[] = [];
  for (const f of listFiles(out).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(path.join(out, f), 'utf8');
    for (const m of html.matchAll(/(?:href|url)=["']?([^"'\s>]+)/g)) {
      let u = m[1]!
        .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
        .replace(/&amp;/g, '&');
      if (u.startsWith(BASE)) u = '/' + u.slice(BASE.length);
      if (/^[a-z]+:|^\/\/|^#/i.test(u)) continue;
      // Relative links are read against the page's own folder.
      if (!u.startsWith('/'))
        u = path.posix.join('/', path.posix.dirname(f), u) + (u.endsWith('/') ? '/' : '');
      const p = decodeURI(u.replace(/[#?].*$/, ''));
      const file = path.join(out, p.endsWith('/') ? `${p}index.html` : p);
      if (!existsSync(file)) broken.push(`${f}: ${m[1]}`);
    }
  }
  return broken;
}

const hugo = hugoVersion();

describe('rename a post', () => {
  it.skipIf(!hugo.version)(
    'adds an alias, rewrites every internal link (only those bytes), and Hugo builds it',
    async () => {
      if (!hugo.version) console.log(`skipped: ${hugo.why}`);
      const site = siteWithLinks();
      const ws = await Workspace.open(site, { cacheDir: null });
      const planner = new SitePlanner(ws);
      const plan = await planner.plan({
        asOf: parseAsOf('2030-01-01'),
        drafts: false,
        future: false,
        expired: false,
      });
      // The target: a published single-file post in posts/ (its URL uses the slug).
      const target = ws
        .posts()
        .find(
          (p) => p.path.startsWith('content/posts/') && !p.bundle && !p.meta.draft && !p.meta.url,
        )!;
      expect(target).toBeTruthy();
      const oldUrl = planUrl(plan, target);
      const content = target.path.slice('content/'.length);
      const fileName = content.split('/').pop()!;
      // Links to it from five other posts, in every form; a fenced block stays as it is.
      const linkers = ws
        .posts()
        .filter((p) => p !== target && !p.bundle)
        .slice(0, 5);
      const lines = [
        `Root: [it](${oldUrl}) and [anchor](${oldUrl}#part).`,
        `Absolute: [it](${BASE}${oldUrl.slice(1)}).`,
        `Ref: [it]({{< ref "${content}" >}}) and [rel]({{< relref "/${content}" >}}).`,
        `By name: {{< ref "${fileName}" >}}.`,
        `HTML: <a href="${oldUrl}">it</a>.`,
        `[def]: ${oldUrl}`,
        '```',
        `code keeps ${oldUrl} and [x](${oldUrl})`,
        '```',
        'Elsewhere: [home](/) and [other](/tags/).',
      ];
      const before = new Map<string, string>();
      const relative = new Map<string, string>();
      for (const p of linkers) {
        const file = path.join(site, p.path);
        // A link relative to the linking page's URL.
        const from = planUrl(plan, p);
        const rel =
          path.posix.relative(from.endsWith('/') ? from : path.posix.dirname(from), oldUrl) + '/';
        relative.set(p.path, `Relative: [it](${rel}).`);
        writeFileSync(
          file,
          readFileSync(file, 'utf8') + '\n' + [...lines, relative.get(p.path)].join('\n') + '\n',
        );
        before.set(p.path, readFileSync(file, 'utf8'));
      }
      await ws.reindex();

      const dry = await planRename(ws, planner, target.path, { slug: 'a-brand-new-slug' });
      expect(dry.oldUrl).toBe(oldUrl);
      expect(dry.newUrl).not.toBe(oldUrl);
      expect(dry.newUrl).toMatch(/\/a-brand-new-slug\/$/);
      expect(dry.alias).toBe(oldUrl);
      expect(dry.changes.map((c) => c.file).sort()).toEqual(
        [target.path, ...linkers.map((p) => p.path)].sort(),
      );
      // A dry run writes nothing.
      for (const [rel, text] of before)
        expect(readFileSync(path.join(site, rel), 'utf8')).toBe(text);

      const done = await renamePost(ws, planner, target.path, { slug: 'a-brand-new-slug' });
      expect(done.newUrl).toBe(dry.newUrl);
      const newUrl = done.newUrl;
      for (const [rel, text] of before) {
        const after = readFileSync(path.join(site, rel), 'utf8');
        const a = text.split('\n');
        const b = after.split('\n');
        expect(b.length).toBe(a.length);
        const changed = a.map((l, i) => (l === b[i] ? -1 : i)).filter((i) => i >= 0);
        // Only the lines with URL links changed (refs by path still resolve: same file).
        expect(changed.map((i) => a[i])).toEqual([
          lines[0],
          lines[1],
          lines[4],
          lines[5],
          relative.get(rel),
        ]);
        // And in them only the URL.
        for (const i of changed) expect(b[i]!.split(newUrl).join(oldUrl)).toBe(a[i]);
      }
      const own = readFileSync(path.join(site, target.path), 'utf8');
      expect(own).toMatch(/^slug: "?a-brand-new-slug"?$/m);
      expect(own).toContain(oldUrl);

      // A second rename: the file name and single file -> bundle; refs by path follow it.
      const second = await renamePost(ws, planner, target.path, {
        name: 'moved-here',
        bundle: true,
      });
      expect(second.to).toBe(target.path.replace(/[^/]+\.md$/, 'moved-here/index.md'));
      expect(existsSync(path.join(site, target.path))).toBe(false);
      for (const rel of before.keys()) {
        const after = readFileSync(path.join(site, rel), 'utf8');
        expect(after).toContain(`{{< ref "${second.to.slice('content/'.length)}" >}}`);
        expect(after).toContain(`{{< relref "/${second.to.slice('content/'.length)}" >}}`);
        expect(after).toContain('By name: {{< ref "moved-here" >}}.');
        expect(after).toContain(`code keeps ${oldUrl} and [x](${oldUrl})`);
      }
      await ws.close();

      const out = path.join(tempDir(), 'public');
      hugoBuild(site, out);
      // The old URL redirects to the new one (Hugo's alias page).
      const alias = readFileSync(path.join(out, oldUrl, 'index.html'), 'utf8');
      expect(alias).toContain(
        `<meta http-equiv="refresh" content="0; url=${BASE}${newUrl.slice(1)}">`,
      );
      expect(existsSync(path.join(out, newUrl, 'index.html'))).toBe(true);
      expect(builtLinksResolve(out)).toEqual([]);
    },
    120_000,
  );

  it('keeps a bundle with other files a bundle, and refuses a name that exists', async () => {
    const site = copySeedBlog();
    const ws = await Workspace.open(site, { cacheDir: null });
    const planner = new SitePlanner(ws);
    const posts = ws.posts().filter((p) => !p.bundle);
    await expect(
      planRename(ws, planner, posts[0]!.path, {
        name: posts[1]!.path.split('/').pop()!.replace(/\.md$/, ''),
      }),
    ).rejects.toThrow(/already exists/);
    await expect(planRename(ws, planner, posts[0]!.path, {})).rejects.toThrow(/nothing to change/);
    // A single file never moves into a folder that is already there.
    const folder = path.join(site, posts[0]!.path.replace(/\.md$/, ''));
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'index.md'), 'someone else\n');
    await expect(renamePost(ws, planner, posts[0]!.path, { bundle: true })).rejects.toThrow(
      /already exists/,
    );
    expect(readFileSync(path.join(folder, 'index.md'), 'utf8')).toBe('someone else\n');
    await expect(planRename(ws, planner, posts[0]!.path, { name: '../x' })).rejects.toThrow(
      /not a usable file name/,
    );
    const bundle = ws
      .posts()
      .find((p) => p.bundle && readdirSync(path.dirname(path.join(site, p.path))).length > 1);
    if (bundle)
      await expect(planRename(ws, planner, bundle.path, { bundle: false })).rejects.toThrow(
        /stays a bundle/,
      );
    await ws.close();
  });

  it("refuses to move a bundle folder that holds another translation's page, naming it; nothing moves", async () => {
    const site = path.join(tempDir(), 'site');
    cpSync(path.resolve(__dirname, '../../fixtures/bilingual-blog'), site, { recursive: true });
    const ws = await Workspace.open(site, { cacheDir: null });
    const planner = new SitePlanner(ws);
    const before = listFiles(site);
    await expect(
      renamePost(ws, planner, 'content/posts/my-trip/index.fr.md', { name: 'mon-voyage' }),
    ).rejects.toThrow(/also holds index\.md \(its translations\)/);
    expect(listFiles(site)).toEqual(before);
    // The slug still changes this translation's URL alone.
    const done = await renamePost(ws, planner, 'content/posts/my-trip/index.fr.md', {
      slug: 'mon-voyage',
    });
    expect(done.newUrl).toBe('/fr/posts/mon-voyage/');
    expect(existsSync(path.join(site, 'content/posts/my-trip/index.md'))).toBe(true);
    await ws.close();
  });
});
