import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { parse as parseHtml } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { cleanOutputPath, safeOutputPath } from '../../../electron/services/export-paths.ts';
import { ExportCancelled, Exporter } from '../../../electron/services/export.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { parseAsOf } from '../../../shared/site/publish.ts';
import { walk } from '../../helpers/html.ts';
import { quire } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/site.ts';

const asOf = parseAsOf('2024-04-30');

/** A small site in a fresh folder `<tmp>/site`, next to which nothing else exists. */
function makeSite(posts: Record<string, string>, config = 'title = "Hostile"\n'): string {
  const site = path.join(tempDir(), 'site');
  mkdirSync(path.join(site, 'content/posts'), { recursive: true });
  writeFileSync(path.join(site, 'hugo.toml'), config);
  writeFileSync(
    path.join(site, 'content/posts/plain.md'),
    '---\ntitle: Plain\ndate: 2024-01-02\n---\nHello.\n',
  );
  for (const [name, text] of Object.entries(posts)) {
    const abs = path.join(site, 'content/posts', name);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return site;
}

/** Every file under the temp folder that holds the site, apart from the site itself. */
function outsideFiles(site: string, except: string[]): string[] {
  const top = path.dirname(site);
  return walk(top).filter(
    (f) =>
      !f.startsWith('site/') &&
      !except.some((e) => f === e || f.startsWith(`${e.replace(/\/$/, '')}/`)),
  );
}

async function exportTo(site: string, target: { out?: string; zip?: string }) {
  const ws = await Workspace.open(site, { cacheDir: null });
  return new Exporter(ws).export({ ...target, asOf });
}

describe('output paths are cleaned like Hugo cleans URLs and stay in the export folder', () => {
  it.each([
    ['../../victim/pwned.txt', 'victim/pwned.txt'],
    ['posts/../../../etc/x/index.html', 'etc/x/index.html'],
    ['./a//b/./index.html', 'a/b/index.html'],
    ['/abs/index.html', 'abs/index.html'],
    // 255 bytes of UTF-8 is the limit, not 255 characters: 85 x 3 bytes, 127 x 2 bytes.
    [`tags/${'中'.repeat(85)}/index.html`, `tags/${'中'.repeat(85)}/index.html`],
    [`tags/${'é'.repeat(127)}x/index.html`, `tags/${'é'.repeat(127)}x/index.html`],
  ])('%s -> %s', (raw, rel) => {
    expect(safeOutputPath(raw, () => 'content/posts/x.md')).toBe(rel);
  });

  it.each([
    ['a\\..\\..\\b.html', 'backslash'],
    ['a/\0/b.html', 'control character'],
    ['..', 'export folder itself'],
    ['.quire-export', 'Quire keeps'],
    [`tags/${'x'.repeat(300)}/index.html`, 'longer than 255 bytes'],
    [`tags/${'中'.repeat(86)}/index.html`, 'longer than 255 bytes'],
    [`tags/${'é'.repeat(127)}xy/index.html`, 'longer than 255 bytes'],
    [`tags/${'😀'.repeat(64)}/index.html`, 'longer than 255 bytes'],
  ])('%s is refused, naming the post', (raw, why) => {
    expect(() => safeOutputPath(raw, () => 'content/posts/x.md')).toThrow(
      new RegExp(`^content/posts/x\\.md: its output path .*${why}`),
    );
    expect('why' in cleanOutputPath(raw)).toBe(true);
  });
});

describe('a hostile site cannot write or delete outside the export folder', () => {
  it('a post url with .. lands inside the folder (as Hugo cleans it), and in the zip with no ../ entries', async () => {
    const site = makeSite({
      'evil.md': '---\ntitle: Evil\ndate: 2024-01-03\nurl: "/../../victim/pwned.txt"\n---\nowned\n',
    });
    const out = path.join(path.dirname(site), 'public');
    await exportTo(site, { out });
    expect(readFileSync(path.join(out, 'victim/pwned.txt'), 'utf8')).toContain('owned');
    expect(outsideFiles(site, ['public'])).toEqual([]);
    const zip = path.join(path.dirname(site), 'site.zip');
    await exportTo(site, { zip });
    const names = Object.keys(unzipSync(readFileSync(zip)));
    expect(names).toContain('victim/pwned.txt');
    for (const n of names) expect(n, n).not.toMatch(/(^|\/)\.\.(\/|$)|^\//);
    expect(outsideFiles(site, ['public', 'site.zip'])).toEqual([]);
  });

  it('a permalinks pattern and a slug with .. stay inside the folder', async () => {
    const site = makeSite(
      { 'a.md': '---\ntitle: A\ndate: 2024-01-03\nslug: "../../../b"\n---\nx\n' },
      'title = "H"\n[permalinks]\nposts = "/../../../:year/:slug/"\n',
    );
    const out = path.join(path.dirname(site), 'public');
    await exportTo(site, { out });
    expect(outsideFiles(site, ['public'])).toEqual([]);
    expect(walk(out).some((f) => f.startsWith('2024/'))).toBe(true);
  });

  it('aliases with .. land inside the folder as redirects', async () => {
    const site = makeSite({
      'al.md':
        '---\ntitle: Al\ndate: 2024-01-03\naliases: ["/../../../evil/", "../../x/old.html"]\n---\nx\n',
    });
    const out = path.join(path.dirname(site), 'public');
    await exportTo(site, { out });
    expect(outsideFiles(site, ['public'])).toEqual([]);
    expect(walk(out)).toContain('evil/index.html');
  });

  it('a tag that is ".." would overwrite the home page: refused, naming the post and the term', async () => {
    const site = makeSite({ 'dots.md': '---\ntitle: D\ndate: 2024-01-03\ntags: [".."]\n---\nx\n' });
    const out = path.join(path.dirname(site), 'public');
    await expect(exportTo(site, { out })).rejects.toThrow(
      /^content\/posts\/dots\.md \(tags "\.\."\): its output path "tags\/\.\.\/index\.html" is the same file as another page/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a tag whose slug is longer than 255 bytes is a clear error naming the post and the term, not ENAMETOOLONG', async () => {
    const long = 'é'.repeat(200);
    const site = makeSite({
      'long.md': `---\ntitle: L\ndate: 2024-01-03\ntags: ["${long}"]\n---\nx\n`,
    });
    const out = path.join(path.dirname(site), 'public');
    const r = quire(['export', site, '--out', out, '--as-of', '2024-04-30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^quire: content\/posts\/long\.md \(tags "é+…"\): its output path "tags\/é+.*" has a file name longer than 255 bytes/,
    );
    expect(r.stderr).not.toMatch(/ENAMETOOLONG|\n {4}at /);
    expect(existsSync(out)).toBe(false);
  });

  it('a crafted manifest in the destination cannot make an export delete outside it', async () => {
    const site = makeSite({});
    const top = path.dirname(site);
    mkdirSync(path.join(top, 'outside'));
    writeFileSync(path.join(top, 'outside/victim.txt'), 'keep me');
    const out = path.join(top, 'public');
    mkdirSync(out);
    writeFileSync(
      path.join(out, '.quire-export'),
      'quire-export 1\n0 ../outside/victim.txt\n0 index.html\n',
    );
    writeFileSync(path.join(out, 'index.html'), 'old');
    await expect(exportTo(site, { out })).rejects.toThrow(
      /\.quire-export: the export manifest lists "\.\.\/outside\/victim\.txt", which is not a file inside the export folder/,
    );
    expect(readFileSync(path.join(top, 'outside/victim.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('old');
  });

  it('a planted manifest naming files inside the folder deletes only files Quire wrote', async () => {
    const site = makeSite({});
    const top = path.dirname(site);
    const out = path.join(top, 'home');
    mkdirSync(path.join(out, 'Documents'), { recursive: true });
    writeFileSync(path.join(out, 'Documents/thesis.docx'), 'precious');
    writeFileSync(
      path.join(out, '.quire-export'),
      'quire-export 1\n0000000000000000000000000000000000000000 Documents/thesis.docx\n',
    );
    const result = await exportTo(site, { out });
    expect(readFileSync(path.join(out, 'Documents/thesis.docx'), 'utf8')).toBe('precious');
    expect(result.removed).toBe(0);
  });

  it('a planted manifest cannot make an export overwrite a file the user put in the folder', async () => {
    const site = makeSite({});
    const out = path.join(path.dirname(site), 'home');
    mkdirSync(out);
    writeFileSync(path.join(out, 'index.html'), 'my own page');
    writeFileSync(path.join(out, '.quire-export'), 'quire-export 1\n');
    await expect(exportTo(site, { out })).rejects.toThrow(
      /index\.html: this file was not written by an earlier export \(or was changed since\); nothing was exported/,
    );
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('my own page');
    expect(readdirSync(out).sort()).toEqual(['.quire-export', 'index.html']);
  });

  it('a link planted in an earlier export folder is not written or deleted through', async () => {
    const site = makeSite({});
    const top = path.dirname(site);
    const out = path.join(top, 'public');
    await exportTo(site, { out });
    const victim = path.join(top, 'victim');
    mkdirSync(victim);
    writeFileSync(path.join(victim, 'index.html'), 'keep me');
    // posts/plain/ becomes a link to the victim's folder.
    const posts = path.join(out, 'posts/plain');
    for (const f of readdirSync(posts)) writeFileSync(path.join(posts, f), 'x');
    rmSync(posts, { recursive: true });
    symlinkSync(victim, posts);
    await expect(exportTo(site, { out })).rejects.toThrow(
      /a link in the export folder leads outside it/,
    );
    expect(readFileSync(path.join(victim, 'index.html'), 'utf8')).toBe('keep me');
    expect(readdirSync(victim)).toEqual(['index.html']);
  });

  it('bundle resources and static files that are links out of the site are not copied', async () => {
    const site = makeSite({
      'b/index.md': '---\ntitle: B\ndate: 2024-01-03\n---\nx\n',
    });
    const secret = path.join(path.dirname(site), 'secret.txt');
    writeFileSync(secret, 'secret');
    symlinkSync(secret, path.join(site, 'content/posts/b/leak.txt'));
    mkdirSync(path.join(site, 'static'));
    symlinkSync(secret, path.join(site, 'static/leak.txt'));
    const out = path.join(path.dirname(site), 'public');
    await exportTo(site, { out });
    expect(walk(out).filter((f) => f.endsWith('leak.txt'))).toEqual([]);
  });
});

describe('feeds escape what posts contain', () => {
  it('HTML written in a post reaches feed readers as text, never as markup', async () => {
    const site = makeSite({
      'x.md':
        '---\ntitle: "<b>T</b> & co"\ndate: 2024-01-03\ntags: [x]\n---\nUse `<img src=x onerror=alert(1)>` and <script>alert(2)</script> here.\n',
    });
    const out = path.join(path.dirname(site), 'public');
    await exportTo(site, { out });
    const parser = new XMLParser({ processEntities: true, htmlEntities: false });
    for (const feed of ['index.xml', 'tags/x/index.xml']) {
      const doc = parser.parse(readFileSync(path.join(out, feed), 'utf8'));
      const item = [doc.rss.channel.item]
        .flat()
        .find((i: { title: string }) => i.title.includes('T'));
      // A feed reader parses the description as HTML: the code stays text.
      const html = parseHtml(String(item.description));
      expect(html.querySelectorAll('img, script'), feed).toHaveLength(0);
      expect(html.textContent, feed).toContain('<img src=x onerror=alert(1)>');
      expect(item.title, feed).toBe('<b>T</b> & co');
    }
  });
});

describe('export targets: writes land only where the user chose (issue 10, item 8)', () => {
  const cases: [string, (site: string) => { out?: string; zip?: string }, RegExp][] = [
    ['a .zip over hugo.toml', (s) => ({ zip: path.join(s, 'hugo.toml') }), /site’s config file/],
    [
      'a .zip over a post',
      (s) => ({ zip: path.join(s, 'content/posts/plain.md') }),
      /inside the site’s content folder/,
    ],
    [
      'a .zip named like a post inside content',
      (s) => ({ zip: path.join(s, 'content/posts/site.zip') }),
      /inside the site’s content folder/,
    ],
    ['a folder inside content', (s) => ({ out: path.join(s, 'content/out') }), /content folder/],
    ['a folder inside static', (s) => ({ out: path.join(s, 'static/out') }), /static files/],
    ['the site folder', (s) => ({ out: s }), /this is the site folder or holds it/],
    ['a folder holding the site', (s) => ({ out: path.dirname(s) }), /holds it/],
    [
      'a .zip that is a folder',
      (s) => {
        const dir = path.join(path.dirname(s), 'exports');
        mkdirSync(dir, { recursive: true });
        return { zip: dir };
      },
      /this is a folder; a \.zip export needs a file name, e\.g\. /,
    ],
    [
      'a .zip path not ending in .zip',
      (s) => ({ zip: path.join(path.dirname(s), 'site-export') }),
      /needs a file name ending in \.zip/,
    ],
  ];
  it.each(cases)('%s is refused before anything is written', async (_, target, why) => {
    const site = makeSite({});
    const before = walk(path.dirname(site)).map((f) => [
      f,
      readFileSync(path.join(path.dirname(site), f)),
    ]);
    const ws = await Workspace.open(site, { cacheDir: null });
    const exporter = new Exporter(ws);
    expect(() => exporter.checkTarget(target(site))).toThrow(why);
    await expect(exporter.export({ ...target(site), asOf })).rejects.toThrow(why);
    const after = walk(path.dirname(site));
    expect(after).toEqual(before.map(([f]) => f));
    for (const [f, bytes] of before)
      expect(readFileSync(path.join(path.dirname(site), f as string)).equals(bytes as Buffer)).toBe(
        true,
      );
  });

  it('an existing file that is not an earlier export is refused; an earlier .zip export is replaced', async () => {
    const site = makeSite({});
    const top = path.dirname(site);
    const precious = path.join(top, 'thesis.zip');
    writeFileSync(precious, 'PK not really');
    const r = quire(['export', site, '--zip', precious, '--as-of', '2024-04-30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `quire: ${precious}: a file with this name exists and is not an earlier Quire export; choose a new name; nothing was exported\n`,
    );
    expect(readFileSync(precious, 'utf8')).toBe('PK not really');
    const zip = path.join(top, 'site-2024-04-30.zip');
    expect(quire(['export', site, '--zip', zip, '--as-of', '2024-04-30']).code).toBe(0);
    writeFileSync(
      path.join(site, 'content/posts/new.md'),
      '---\ntitle: New\ndate: 2024-02-01\n---\nx\n',
    );
    expect(quire(['export', site, '--zip', zip, '--as-of', '2024-04-30']).code).toBe(0);
    expect(Object.keys(unzipSync(readFileSync(zip)))).toContain('posts/new/index.html');
    expect(readdirSync(top).sort()).toEqual(['site', 'site-2024-04-30.zip', 'thesis.zip']);
  });

  it('a cancelled .zip export leaves no temporary file and no zip', async () => {
    const site = makeSite({});
    const zip = path.join(path.dirname(site), 'out', 'site.zip');
    const ws = await Workspace.open(site, { cacheDir: null });
    const ctl = new AbortController();
    const run = new Exporter(ws).export({
      zip,
      asOf,
      signal: ctl.signal,
      onProgress: (p) => p.phase === 'write' && ctl.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(walk(path.dirname(site)).filter((f) => !f.startsWith('site/'))).toEqual([]);
  });
});
