import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseAsOf } from '../../../shared/site/publish.ts';
import { ExportCancelled, Exporter } from '../../../electron/services/export.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { quire } from '../../helpers/cli.ts';
import { pageEntries, readPage, walk } from '../../helpers/html.ts';
import { copySeedBlog, seedBlog, tempDir } from '../../helpers/site.ts';

const asOf = parseAsOf('2024-04-30');
const expected = (name: string) =>
  JSON.parse(readFileSync(path.join(seedBlog, 'expected', name), 'utf8')) as {
    entries: { title: string; summary: string; truncated: boolean; meta: string }[];
  };

async function exportSite(site: string, opts: { baseURL?: string; out?: string } = {}) {
  const ws = await Workspace.open(site, { cacheDir: null });
  const out = opts.out ?? path.join(tempDir(), 'public');
  const result = await new Exporter(ws).export({ out, asOf, baseURL: opts.baseURL });
  return { out, result, ws };
}

describe('export of the seed blog', () => {
  it('index.html lists the home page entries in order; pages 2 and 3 exist, 4 does not', async () => {
    const { out } = await exportSite(seedBlog);
    const shown = pageEntries(path.join(out, 'index.html'));
    expect(shown.map(({ title, summary, meta }) => ({ title, summary, meta }))).toEqual(
      expected('home-2024-04-30-paragraph.json').entries.map((e) => ({
        title: e.title,
        summary: e.summary + (e.truncated ? '...' : ''),
        meta: e.meta,
      })),
    );
    expect(existsSync(path.join(out, 'page/2/index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'page/3/index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'page/4/index.html'))).toBe(false);
    expect(
      readPage(path.join(out, 'page/3/index.html')).querySelectorAll('article.post-entry').length,
    ).toBe(3);
  });

  it('tags/go/index.html lists the tag page entries (sentence summaries, as that page was published)', async () => {
    const site = copySeedBlog();
    writeFileSync(
      path.join(site, 'hugo.toml'),
      readFileSync(path.join(site, 'hugo.toml'), 'utf8').replace(
        '[params]',
        '[params]\nquire = { summaryMode = "sentence" }',
      ),
    );
    const { out } = await exportSite(site);
    const shown = pageEntries(path.join(out, 'tags/go/index.html'));
    expect(shown.map(({ title, summary, meta }) => ({ title, summary, meta }))).toEqual(
      expected('tags-go-2024-04-30-sentence.json').entries.map((e) => ({
        title: e.title,
        summary: e.summary + (e.truncated ? '...' : ''),
        meta: e.meta,
      })),
    );
  });

  it('post pages carry title, meta line, tags, content and neighbour links', async () => {
    const { out } = await exportSite(seedBlog);
    const page = readPage(path.join(out, 'posts/ergonomic-map/index.html'));
    expect(page.querySelector('h1')!.text).toBe('Ergonomic Map in Go');
    expect(page.querySelector('.post-meta')!.text).toBe('January 31, 2023\u00a0·\u00a05 min');
    expect(page.querySelectorAll('.post-tags a').map((a) => a.text)).toEqual(['go']);
    expect(page.querySelector('.post-content code')!.text).toBe('people.map { it.Name }');
    expect(page.querySelectorAll('.paginav a')).toHaveLength(2);
    expect(page.querySelector('html')!.getAttribute('lang')).toBe('en-us');
    expect(page.querySelector('meta[name=description]')!.getAttribute('content')).toMatch(
      /^In many languages/,
    );
    expect(page.querySelector('link[rel=canonical]')!.getAttribute('href')).toBe(
      'https://blog.example.org/posts/ergonomic-map/',
    );
    expect(page.querySelector('meta[property="og:title"]')!.getAttribute('content')).toBe(
      'Ergonomic Map in Go',
    );
  });

  for (const baseURL of [undefined, 'https://example.org/blog/']) {
    it(`every internal link, image and stylesheet resolves to a file (base URL ${baseURL ?? 'from config'})`, async () => {
      const site = copySeedBlog();
      // A bundle with an image, a static file and root-relative links.
      mkdirSync(path.join(site, 'content/posts/with-image'), { recursive: true });
      writeFileSync(
        path.join(site, 'content/posts/with-image/index.md'),
        '---\ntitle: With image\ndate: 2024-04-01\ntags: [Go, "Site Notes"]\n---\n\n![a chart](chart.png)\n\n![logo](/images/logo.png) [about](/posts/saying-no/) [top](#with-image) [ext](https://example.com/x)\n',
      );
      writeFileSync(path.join(site, 'content/posts/with-image/chart.png'), 'png');
      mkdirSync(path.join(site, 'static/images'), { recursive: true });
      writeFileSync(path.join(site, 'static/images/logo.png'), 'logo');
      const { out } = await exportSite(site, { baseURL });
      const files = new Set(walk(out));
      const broken: string[] = [];
      let checked = 0;
      for (const f of files) {
        if (!f.endsWith('.html')) continue;
        const page = readPage(path.join(out, f));
        for (const el of page.querySelectorAll('a[href], img[src], link[href]')) {
          const url = el.getAttribute('href') ?? el.getAttribute('src')!;
          if (/^[a-z]+:/i.test(url) || url.startsWith('#')) continue;
          checked++;
          const target = path.posix.normalize(
            path.posix.join(path.posix.dirname(f), url.split('#')[0]!),
          );
          const file =
            target.endsWith('/') || url.endsWith('/') || url === './'
              ? path.posix.join(target, 'index.html')
              : target;
          if (!files.has(file.replace(/^\.\//, ''))) broken.push(`${f}: ${url}`);
        }
      }
      expect(checked).toBeGreaterThan(400);
      expect(broken).toEqual([]);
      expect(files.has('posts/with-image/chart.png')).toBe(true);
      expect(files.has('images/logo.png')).toBe(true);
      const canonical = readPage(path.join(out, 'index.html'))
        .querySelector('link[rel=canonical]')!
        .getAttribute('href');
      expect(canonical).toBe(baseURL ?? 'https://blog.example.org/');
    });
  }

  it('RSS, tag feeds and the sitemap parse as XML and carry absolute URLs', async () => {
    const { out } = await exportSite(seedBlog, { baseURL: 'https://example.org/blog/' });
    const parser = new XMLParser({ ignoreAttributes: false });
    const feeds = walk(out).filter((f) => f.endsWith('index.xml'));
    expect(feeds.length).toBeGreaterThan(5);
    for (const f of [...feeds, 'sitemap.xml']) {
      const text = readFileSync(path.join(out, f), 'utf8');
      expect(XMLValidator.validate(text), f).toBe(true);
      const doc = parser.parse(text);
      // As Hugo, a taxonomy without terms (the seed blog has no categories) has an empty feed.
      if (f !== 'sitemap.xml' && doc.rss.channel.item === undefined) {
        expect(f).toBe('categories/index.xml');
        continue;
      }
      const links: string[] =
        f === 'sitemap.xml'
          ? [doc.urlset.url].flat().map((u: { loc: string }) => u.loc)
          : [doc.rss.channel.item].flat().map((i: { link: string }) => i.link);
      expect(links.length, f).toBeGreaterThan(0);
      for (const l of links) expect(l, f).toMatch(/^https:\/\/example\.org\/blog\//);
    }
    const rss = parser.parse(readFileSync(path.join(out, 'index.xml'), 'utf8'));
    expect(rss.rss.channel.item).toHaveLength(20);
    expect(rss.rss.channel.item[0].title).toBe(
      'Testing a Kubernetes Networking Implementation Without Kubernetes',
    );
    expect(rss.rss.channel.item[0].description).toBe(
      'How Istio tests its networking proxy without Kubernetes, Docker, or root.',
    );
  });

  it('two exports of the same input are byte-identical trees, and the zip holds the same files', async () => {
    const a = await exportSite(seedBlog);
    const b = await exportSite(seedBlog);
    const fa = walk(a.out);
    expect(walk(b.out)).toEqual(fa);
    for (const f of fa)
      expect(readFileSync(path.join(b.out, f)).equals(readFileSync(path.join(a.out, f))), f).toBe(
        true,
      );
    const ws = await Workspace.open(seedBlog, { cacheDir: null });
    const zip1 = path.join(tempDir(), 'site.zip');
    const zip2 = path.join(tempDir(), 'site.zip');
    await new Exporter(ws).export({ zip: zip1, asOf });
    await new Exporter(ws).export({ zip: zip2, asOf });
    expect(readFileSync(zip1).equals(readFileSync(zip2))).toBe(true);
    const entries = unzipSync(readFileSync(zip1));
    expect(Object.keys(entries).sort()).toEqual(fa);
    expect(
      Buffer.from(entries['index.html']!).equals(readFileSync(path.join(a.out, 'index.html'))),
    ).toBe(true);
  });

  it('exports hostile HTML with none of it active under the default config', async () => {
    const site = copySeedBlog();
    writeFileSync(
      path.join(site, 'content/posts/hostile.md'),
      `---\ntitle: "Hostile <script>alert(1)</script>"\ndate: 2024-04-29\ndescription: '"><script>alert(2)</script>'\ntags: ['<img src=x onerror=alert(3)>']\n---\n\n<script>alert(4)</script>\n\n<iframe src="https://evil.example"></iframe>\n\nText <img src=x onerror="alert(5)"> <a href="javascript:alert(6)">js</a> [md js](javascript:alert(7)) <svg onload=alert(8)></svg>\n\n<meta http-equiv="refresh" content="0;url=https://evil.example">\n\n<base href="https://evil.example/">\n\n<form action="https://evil.example"><input name=x></form>\n\n<object data="x.swf"></object><embed src="x.swf">\n\n\`\`\`"><script>alert(9)</script>\ncode\n\`\`\`\n`,
    );
    const { out } = await exportSite(site);
    for (const f of walk(out).filter((x) => x.endsWith('.html'))) {
      const page = readPage(path.join(out, f));
      // Hugo's redirect pages (aliases, page 1 of a list) refresh to the site's own pages.
      const refresh = page.querySelector('meta[http-equiv=refresh]');
      if (refresh) {
        expect(page.querySelector('meta[name=robots]')?.getAttribute('content'), f).toBe('noindex');
        expect(refresh.getAttribute('content'), f).toMatch(
          /^0; url=https:\/\/blog\.example\.org\//,
        );
      }
      expect(
        page.querySelectorAll('script, iframe, object, embed, form, base, svg'),
        f,
      ).toHaveLength(0);
      for (const el of page.querySelectorAll('*')) {
        for (const [name, value] of Object.entries(el.attributes)) {
          expect(name.toLowerCase().startsWith('on'), `${f}: ${el.tagName} ${name}`).toBe(false);
          if (name === 'href' || name === 'src')
            expect(value.trim().toLowerCase().startsWith('javascript:'), `${f}: ${value}`).toBe(
              false,
            );
        }
      }
      // Every page forbids script outright, whatever it holds.
      expect(
        page.querySelector('meta[http-equiv=Content-Security-Policy]')!.getAttribute('content'),
      ).toContain("script-src 'none'");
    }
    const post = readPage(path.join(out, 'posts/hostile/index.html'));
    expect(post.querySelector('h1')!.text).toBe('Hostile <script>alert(1)</script>');
  });
});

describe('incremental export and safety', () => {
  it('after one post changes, rewrites only the files whose bytes changed', async () => {
    const site = copySeedBlog();
    const ws = await Workspace.open(site, { cacheDir: null });
    const exporter = new Exporter(ws);
    const out = path.join(tempDir(), 'public');
    const first = await exporter.export({ out, asOf });
    expect(first.written).toBe(first.files);
    const before = new Map(walk(out).map((f) => [f, readFileSync(path.join(out, f), 'utf8')]));
    const rel = 'content/posts/ergonomic-map.md';
    // An edit past the summary that keeps the reading time: only the post's page changes.
    writeFileSync(
      path.join(site, rel),
      readFileSync(path.join(site, rel), 'utf8').replace(/Traffic\.\s*$/, 'Traffics.\n'),
    );
    await ws.reindex();
    const second = await exporter.export({ out, asOf });
    const changed = walk(out).filter(
      (f) => f !== '.quire-export' && before.get(f) !== readFileSync(path.join(out, f), 'utf8'),
    );
    expect(changed).toEqual(['posts/ergonomic-map/index.html']);
    expect(second).toMatchObject({ written: 1, unchanged: first.files - 1, removed: 0 });
    const onDisk = walk(out)
      .filter((f) => f !== '.quire-export')
      .reduce((n, f) => n + readFileSync(path.join(out, f)).length, 0);
    expect(second.bytes).toBe(onDisk);
    // A fresh exporter (a new CLI run) agrees, from the manifest on disk.
    const third = await new Exporter(ws).export({ out, asOf });
    expect(third).toMatchObject({ written: 0, unchanged: first.files });
  });

  it('a cancelled export leaves the previous site whole and no temp folder', async () => {
    const { out, ws } = await exportSite(seedBlog);
    const snapshot = new Map(walk(out).map((f) => [f, readFileSync(path.join(out, f))]));
    const fresh = path.join(tempDir(), 'public');
    const ctl = new AbortController();
    const run = new Exporter(ws).export({
      out: fresh,
      asOf,
      signal: ctl.signal,
      onProgress: (p) => p.phase === 'write' && p.done === 10 && ctl.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(existsSync(fresh)).toBe(false);
    expect(readdirSync(path.dirname(fresh))).toEqual([]);
    for (const [f, bytes] of snapshot)
      expect(readFileSync(path.join(out, f)).equals(bytes)).toBe(true);
  });

  it('refuses to replace a folder that is not an earlier export', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'thesis.docx'), 'precious');
    const r = quire(['export', seedBlog, '--out', out, '--as-of', '2024-04-30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `quire: ${out}: this folder is not empty and is not an earlier Quire export; choose an empty or new folder\n`,
    );
    expect(readFileSync(path.join(out, 'thesis.docx'), 'utf8')).toBe('precious');
  });

  it('quire export reports a post that fails to parse by name and leaves it out', () => {
    const site = copySeedBlog();
    writeFileSync(path.join(site, 'content/posts/broken.md'), '---\ntitle: [oops\n---\nbody');
    const out = path.join(tempDir(), 'public');
    const r = quire(['export', site, '--out', out, '--as-of', '2024-04-30']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^quire: skipped content\/posts\/broken\.md:\d+:\d+: front matter is not valid YAML/,
    );
    expect(r.stdout).toMatch(
      /^Exported \d+ pages, \d+ files, [\d.]+ kB in [\d.]+ s to .*; 1 post\(s\) skipped, see above\n$/,
    );
    expect(existsSync(path.join(out, 'posts/broken/index.html'))).toBe(false);
  });
});
