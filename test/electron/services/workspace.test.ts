import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../electron/services/atomic-write.ts';
import { readerFiles } from '../../../electron/services/code-version.ts';
import { PathError } from '../../../electron/services/paths.ts';
import { renamePost } from '../../../electron/services/rename-post.ts';
import { SitePlanner } from '../../../electron/services/site-plan.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import type { WorkspaceChange } from '../../../electron/services/workspace.ts';
import { copySeedBlog, repoRoot, tempDir } from '../../helpers/site.ts';

const opened: Workspace[] = [];
async function open(dir: string, cacheDir: string | null = null): Promise<Workspace> {
  const ws = await Workspace.open(dir, { cacheDir });
  opened.push(ws);
  return ws;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((w) => w.close()));
});

describe('opening a site', () => {
  it('reads the config and indexes every post of the seed blog', async () => {
    const ws = await open(copySeedBlog());
    expect(ws.config.title).toBe('Seed Blog');
    expect(ws.config.pagerSize).toBe(10);
    expect(ws.config.typographer).toBe(false);
    expect(ws.config.mainSections).toEqual(['posts']);
    const posts = ws.posts();
    expect(posts).toHaveLength(24);
    expect(ws.problems()).toEqual([]);
    const map = posts.find((p) => p.path === 'content/posts/ergonomic-map.md')!;
    expect(map.meta.title).toBe('Ergonomic Map in Go');
    expect(map.meta.date?.raw).toBe('2023-01-31');
    expect(map.section).toBe('posts');
  });

  it('indexes leaf bundles, skips _index.md and bundle resources, reads config.yaml', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'config.yaml'), 'title: Y\npagination:\n  pagerSize: 5\n');
    mkdirSync(path.join(dir, 'content/posts/bundle'), { recursive: true });
    writeFileSync(path.join(dir, 'content/posts/_index.md'), '---\ntitle: Posts\n---\n');
    writeFileSync(path.join(dir, 'content/posts/bundle/index.md'), '---\ntitle: B\n---\n');
    writeFileSync(path.join(dir, 'content/posts/bundle/notes.md'), 'a resource');
    writeFileSync(path.join(dir, 'content/posts/single.md'), '+++\ntitle = "S"\n+++\n');
    const ws = await open(dir);
    expect(ws.config.pagerSize).toBe(5);
    expect(ws.posts().map((p) => [p.path, p.bundle, p.baseName])).toEqual([
      ['content/posts/bundle/index.md', true, 'bundle'],
      ['content/posts/single.md', false, 'single'],
    ]);
    // A change to a file the walk does not list (a bundle's resource) never makes a post.
    writeFileSync(path.join(dir, 'content/posts/bundle/more.md'), '---\ntitle: R\n---\n');
    expect(await ws.refresh('content/posts/bundle/more.md')).toBeNull();
    expect(ws.posts().map((p) => p.path)).not.toContain('content/posts/bundle/more.md');
    // A file that becomes a resource (its folder turns into a bundle) leaves the posts.
    mkdirSync(path.join(dir, 'content/posts/b2'));
    writeFileSync(path.join(dir, 'content/posts/b2/page.md'), '---\ntitle: P\n---\n');
    expect((await ws.refresh('content/posts/b2/page.md'))?.kind).toBe('added');
    writeFileSync(path.join(dir, 'content/posts/b2/index.md'), '---\ntitle: B2\n---\n');
    expect((await ws.refresh('content/posts/b2/page.md'))?.kind).toBe('removed');
    expect((await ws.refresh('content/posts/b2/index.md'))?.kind).toBe('added');
  });

  it('reports each bad file by name and position, changes none, still loads the rest', async () => {
    const dir = copySeedBlog();
    const bad: Record<string, string | Buffer> = {
      'bad-yaml.md': '---\ntitle: [oops\n---\n',
      // Hugo refuses a TOML key given twice too (YAML and JSON repeats it reads: last wins).
      'dup.md': '+++\ntitle = "a"\ntitle = "b"\n+++\n',
      'bad-toml.md': '+++\ntitle = \n+++\n',
      'bad-json.md': '{\n "title": "x",\n}\n',
      'bomb.md': `---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n`,
      'deep.md': `---\nx: ${'['.repeat(20000)}${']'.repeat(20000)}\n---\n`,
      'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'latin1.md': Buffer.concat([
        Buffer.from('---\ntitle: caf'),
        Buffer.from([0xe9]),
        Buffer.from('\n---\n'),
      ]),
      'code.md': `---js\n{ title: require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'PWNED'))}, 'x') }\n---\n`,
    };
    for (const [name, content] of Object.entries(bad))
      writeFileSync(path.join(dir, 'content/posts', name), content);
    const ws = await open(dir);
    expect(ws.posts()).toHaveLength(24);
    const problems = Object.fromEntries(
      ws.problems().map((p) => [p.path.replace('content/posts/', ''), p.message]),
    );
    expect(Object.keys(problems).sort()).toEqual(Object.keys(bad).sort());
    expect(problems['bad-yaml.md']).toMatch(
      /^content\/posts\/bad-yaml\.md:\d+:\d+: front matter is not valid YAML/,
    );
    expect(problems['dup.md']).toMatch(
      /^content\/posts\/dup\.md:3:1: .*not valid TOML \(trying to redefine an already defined/,
    );
    expect(problems['bad-toml.md']).toMatch(/^content\/posts\/bad-toml\.md:2:\d+: .*TOML/);
    expect(problems['bad-json.md']).toMatch(/^content\/posts\/bad-json\.md:3:1: .*JSON/);
    expect(problems['bomb.md']).toMatch(/aliases expand too much/);
    expect(problems['deep.md']).toMatch(/nested too deeply/);
    expect(problems['binary.md']).toMatch(
      /^content\/posts\/binary\.md:\d+:\d+: this is a binary file/,
    );
    expect(problems['latin1.md']).toMatch(
      /^content\/posts\/latin1\.md:2:11: the file is not valid UTF-8 \(byte 0xe9/,
    );
    expect(problems['code.md']).toMatch(/^content\/posts\/code\.md:1:4: .*never runs it/);
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false);
    for (const [name, content] of Object.entries(bad)) {
      expect(readFileSync(path.join(dir, 'content/posts', name))).toEqual(Buffer.from(content));
    }
  });

  it('reopens from the index cache without parsing unchanged files', async () => {
    const dir = copySeedBlog();
    const cache = tempDir();
    const first = await open(dir, cache);
    expect(first.stats.parsed).toBe(24);
    const second = await open(dir, cache);
    expect(second.stats).toEqual({ parsed: 0, cached: 24 });
    expect(second.posts().map((p) => p.meta.title)).toEqual(first.posts().map((p) => p.meta.title));
    writeFileSync(path.join(dir, 'content/posts/saying-no.md'), '---\ntitle: Changed\n---\n');
    const third = await open(dir, cache);
    expect(third.stats).toEqual({ parsed: 1, cached: 23 });
    expect(third.post('content/posts/saying-no.md')?.meta.title).toBe('Changed');
  });

  it('a plain HTML document is not a post (Hugo copies it); a Markdown file starting with HTML is reported as Hugo refuses it', async () => {
    const dir = copySeedBlog();
    writeFileSync(path.join(dir, 'content/posts/guide.html'), '<!DOCTYPE html>\n<p>x</p>\n');
    writeFileSync(path.join(dir, 'content/posts/raw.md'), '<div>\nno front matter\n</div>\n');
    const ws = await open(dir);
    expect(ws.posts().map((p) => p.path)).not.toContain('content/posts/guide.html');
    expect(ws.copiedAsIs()).toEqual(['content/posts/guide.html']);
    expect(ws.problems()).toEqual([
      {
        path: 'content/posts/raw.md',
        message: expect.stringMatching(
          /^content\/posts\/raw\.md:1:1: Hugo stops the build on this file \("plain HTML documents not supported"\)/,
        ),
      },
    ]);
  });

  it('a save does not rewrite the whole index cache; closing the site writes it', async () => {
    const dir = copySeedBlog();
    const cache = tempDir();
    const first = await open(dir, cache);
    const [name] = readdirSync(cache);
    const file = path.join(cache, name!);
    const before = readFileSync(file, 'utf8');
    const rel = 'content/posts/saying-no.md';
    const { version } = await first.readPost(rel);
    await first.savePost(rel, '---\ntitle: Saved once\n---\n', version);
    expect(first.post(rel)?.meta.title).toBe('Saved once');
    expect(readFileSync(file, 'utf8')).toBe(before);
    await first.close();
    const again = await open(dir, cache);
    expect(again.stats).toEqual({ parsed: 0, cached: 24 });
    expect(again.post(rel)?.meta.title).toBe('Saved once');
  });

  it('a cache that missed the last save is still right: the changed file is parsed again', async () => {
    const dir = copySeedBlog();
    const cache = tempDir();
    const first = await open(dir, cache);
    const rel = 'content/posts/saying-no.md';
    const { version } = await first.readPost(rel);
    await first.savePost(rel, '---\ntitle: Not in the cache yet\n---\n', version);
    // Another process opens the site before the cache was written (or the app was killed).
    const other = await open(dir, cache);
    expect(other.stats).toEqual({ parsed: 1, cached: 23 });
    expect(other.post(rel)?.meta.title).toBe('Not in the cache yet');
  });

  it('never trusts an index another version of the reader wrote (a file it refused is read again)', async () => {
    const dir = copySeedBlog();
    const cache = tempDir();
    await open(dir, cache);
    const [name] = readdirSync(cache);
    const file = path.join(cache, name!);
    // What an older Quire left: the same layout, a problem where today's reader has a post.
    const old = JSON.parse(readFileSync(file, 'utf8')) as {
      version: string;
      entries: Record<string, { post: unknown; problem: string | null }>;
    };
    old.version = '2:0000000000000000';
    old.entries['content/posts/saying-no.md'] = {
      ...old.entries['content/posts/saying-no.md']!,
      post: null,
      problem: 'content/posts/saying-no.md:3:1: front matter is not valid YAML (old reader)',
    };
    writeFileSync(file, JSON.stringify(old));
    const again = await open(dir, cache);
    expect(again.stats).toEqual({ parsed: 24, cached: 0 });
    expect(again.problems()).toEqual([]);
    expect(again.post('content/posts/saying-no.md')).toBeDefined();
  });

  it('the reader version covers every source of the content reader', () => {
    const files = readerFiles(path.join(repoRoot, 'electron/services/code-version.ts'));
    expect(files.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['front-matter.ts', 'yaml-front-matter.ts', 'split.ts', 'post.ts']),
    );
    // From a bundle, the bundle itself.
    expect(readerFiles('/app/out/main/index.cjs')).toEqual(['/app/out/main/index.cjs']);
  });
});

describe('saving', () => {
  it('refuses to overwrite a change someone else made, writing nothing', async () => {
    const dir = copySeedBlog();
    const ws = await open(dir);
    const rel = 'content/posts/saying-no.md';
    const { text, version } = await ws.readPost(rel);
    writeFileSync(path.join(dir, rel), text + '\nAn edit from another editor.\n');
    await expect(
      ws.savePost(rel, text.replace('Saying', 'SAYING'), version),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(readFileSync(path.join(dir, rel), 'utf8')).toBe(
      text + '\nAn edit from another editor.\n',
    );
  });

  it('saves when the version matches and returns the new version', async () => {
    const dir = copySeedBlog();
    const ws = await open(dir);
    const rel = 'content/posts/saying-no.md';
    const { text, version } = await ws.readPost(rel);
    const v2 = await ws.savePost(rel, text + 'more\n', version);
    expect(readFileSync(path.join(dir, rel), 'utf8')).toBe(text + 'more\n');
    expect((await ws.readPost(rel)).version).toBe(v2);
    await expect(ws.savePost(rel, text, version)).rejects.toThrow(/changed on disk/);
  });

  it('a save killed midway leaves the old or the new file whole', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'post.md');
    const a = '---\ntitle: A\n---\n' + 'a'.repeat(8 << 20);
    const b = '---\ntitle: B\n---\n' + 'b'.repeat(8 << 20);
    writeFileSync(file, a);
    const script = path.join(dir, 'saver.mts');
    writeFileSync(
      script,
      `import { saveIfUnchanged, versionOf } from ${JSON.stringify(path.join(repoRoot, 'electron/services/atomic-write.ts'))};
import { readFileSync } from 'node:fs';
const a = '---\\ntitle: A\\n---\\n' + 'a'.repeat(${8 << 20});
const b = '---\\ntitle: B\\n---\\n' + 'b'.repeat(${8 << 20});
for (let i = 0; ; i++) {
  const cur = readFileSync(process.argv[2]);
  await saveIfUnchanged(process.argv[2], 'post.md', i % 2 ? a : b, versionOf(cur));
  if (i === 0) process.stdout.write('started\\n');
}
`,
    );
    for (const delay of [5, 40, 90, 150]) {
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/run-ts.js'), script, file], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`saver exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const now = readFileSync(file, 'utf8');
      expect(now === a || now === b, `after a kill at ${delay} ms the file is whole`).toBe(true);
    }
  });
});

describe('path confinement', () => {
  it('refuses paths outside the site, including through a symlink', async () => {
    const dir = copySeedBlog();
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.md'), 'secret');
    symlinkSync(outside, path.join(dir, 'content/link'));
    const ws = await open(dir);
    for (const p of [
      '../secret.md',
      '/etc/passwd',
      'content/../../x.md',
      'content/link/secret.md',
      'a\0b',
    ]) {
      expect(() => ws.resolve(p), p).toThrow(PathError);
    }
    await expect(ws.readPost('content/link/secret.md')).rejects.toThrow(/outside the site/);
    expect(ws.resolve('content/posts/new.md')).toBe(path.join(dir, 'content/posts/new.md'));
  });
});

describe('post operations', () => {
  it('on a bundle with translations: duplicate copies this page only, delete trashes this page only, restore puts it back', async () => {
    const dir = path.join(tempDir(), 'site');
    cpSync(path.join(repoRoot, 'test/fixtures/bilingual-blog'), dir, { recursive: true });
    const ws = await open(dir);
    const fr = 'content/posts/my-trip/index.fr.md';
    const copy = await ws.duplicatePost(fr);
    expect(copy).toBe('content/posts/my-trip-copy/index.fr.md');
    expect(readdirSync(path.join(dir, 'content/posts/my-trip-copy')).sort()).toEqual([
      'index.fr.md',
      'map.fr.txt',
      'notes.fr.txt',
      'notes.txt',
      'sea.png',
    ]);
    expect(ws.post('content/posts/my-trip-copy/index.md')).toBeUndefined();

    const where = await ws.deletePost(fr);
    expect(where).toBe('.trash/content/posts/my-trip/index.fr.md');
    expect(existsSync(path.join(dir, 'content/posts/my-trip/index.md'))).toBe(true);
    expect(existsSync(path.join(dir, 'content/posts/my-trip/sea.png'))).toBe(true);
    expect(ws.post('content/posts/my-trip/index.md')?.meta.title).toBe('My trip');
    expect(await ws.restorePost(where)).toBe(fr);
    expect(ws.post(fr)?.meta.title).toBe('Mon voyage');
    // A bundle alone in its folder still goes with it.
    expect(await ws.deletePost('content/posts/my-trip-copy/index.fr.md')).toBe(
      '.trash/content/posts/my-trip-copy',
    );
    await ws.close();
  });

  it('creates, renames, duplicates and deletes posts', async () => {
    const dir = copySeedBlog();
    const ws = await open(dir);
    const now = Date.UTC(2026, 10, 22, 1, 2, 3);
    const rel = await ws.createPost('Hello, World: Again!', now, 60);
    expect(rel).toBe('content/posts/hello-world-again.md');
    expect(readFileSync(path.join(dir, rel), 'utf8')).toBe(
      '---\ntitle: "Hello, World: Again!"\ndate: 2026-11-22T02:02:03+01:00\ndraft: true\n---\n\n',
    );
    expect(await ws.createPost('Hello, World: Again!', now, 0)).toBe(
      'content/posts/hello-world-again-2.md',
    );

    const { to: renamed } = await renamePost(ws, new SitePlanner(ws), rel, { name: 'greetings' });
    expect(renamed).toBe('content/posts/greetings.md');
    expect(existsSync(path.join(dir, rel))).toBe(false);
    expect(ws.post(renamed)?.meta.title).toBe('Hello, World: Again!');

    const copy = await ws.duplicatePost('content/posts/ergonomic-map.md');
    expect(copy).toBe('content/posts/ergonomic-map-copy.md');
    expect(ws.post(copy)?.meta).toMatchObject({ title: 'Ergonomic Map in Go (copy)', draft: true });

    const where = await ws.deletePost(copy);
    expect(where).toBe('.trash/content/posts/ergonomic-map-copy.md');
    expect(existsSync(path.join(dir, copy))).toBe(false);
    expect(existsSync(path.join(dir, where))).toBe(true);
    expect(ws.post(copy)).toBeUndefined();
  });
});

describe('watching', () => {
  it('reports external changes and not our own saves', async () => {
    const dir = copySeedBlog();
    const ws = await open(dir);
    const changes: WorkspaceChange[] = [];
    const stop = await ws.watch((c) => changes.push(c));
    const rel = 'content/posts/saying-no.md';
    const { text, version } = await ws.readPost(rel);
    await ws.savePost(rel, text + 'ours\n', version);
    writeFileSync(path.join(dir, 'content/posts/external.md'), '---\ntitle: From elsewhere\n---\n');
    for (let i = 0; i < 100 && !changes.some((c) => c.path.endsWith('external.md')); i++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    await stop();
    expect(changes).toEqual([{ kind: 'added', path: 'content/posts/external.md' }]);
    expect(ws.post('content/posts/external.md')?.meta.title).toBe('From elsewhere');
  });
});
