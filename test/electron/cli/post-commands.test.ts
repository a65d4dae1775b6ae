import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testBackend } from '../../helpers/app.ts';
import { quire, quireInProcess } from '../../helpers/cli.ts';
import { hugoBuild, hugoVersion } from '../../helpers/hugo.ts';
import { copySeedBlog, listFiles, tempDir } from '../../helpers/site.ts';

const hugo = hugoVersion();

describe('quire init', () => {
  it('makes an empty folder a site that Hugo builds with its first post on the home page', async () => {
    const site = path.join(tempDir(), 'blog');
    const r = await quireInProcess([
      'init',
      site,
      '--title',
      'Fresh Blog',
      '--base-url',
      'https://fresh.example/',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(listFiles(site)).toEqual([
      'archetypes/default.md',
      'hugo.toml',
      'layouts/_default/baseof.html',
      'layouts/_default/list.html',
      'layouts/_default/single.html',
      'layouts/index.html',
    ]);
    expect(existsSync(path.join(site, 'content/posts'))).toBe(true);
    const n = await quireInProcess(['new', site, 'First Light']);
    expect(n).toMatchObject({ code: 0, stdout: 'content/posts/first-light.md\n' });
    const rel = path.join(site, 'content/posts/first-light.md');
    writeFileSync(
      rel,
      readFileSync(rel, 'utf8').replace('draft: true', 'draft: false') + 'Hello.\n',
    );
    if (!hugo.version) {
      console.log(`the Hugo build is skipped: ${hugo.why}`);
      return;
    }
    const out = path.join(tempDir(), 'public');
    hugoBuild(site, out);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain(
      '<a href="/posts/first-light/">First Light</a>',
    );
  });

  it('user errors are one line, exit 1, nothing written', async () => {
    const seed = copySeedBlog();
    const again = await quireInProcess(['init', seed]);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toBe(`quire: ${seed}: is already a Hugo site (it has a config file)\n`);
    const dir = path.join(tempDir(), 'x');
    const bad = await quireInProcess(['init', dir, '--base-url', 'not a url']);
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'quire: "not a url" is not a URL (like https://example.org/)\n',
    });
    const mode = await quireInProcess(['init', dir, '--summary-mode', 'words']);
    expect(mode.stderr).toBe('quire: --summary-mode is paragraph or sentence, not "words"\n');
    expect(existsSync(dir)).toBe(false);
    const file = path.join(tempDir(), 'f');
    writeFileSync(file, '');
    expect((await quireInProcess(['init', file])).stderr).toBe(
      `quire: ${file}: is a file, not a folder\n`,
    );
  });
});

describe('quire rename, duplicate, delete, restore', () => {
  it('--dry-run lists the files and lines and changes nothing; then renames', () => {
    const site = copySeedBlog();
    const linker = path.join(site, 'content/posts/saying-no.md');
    const text = readFileSync(linker, 'utf8') + '\n[map](/posts/ergonomic-map/#usage)\n';
    writeFileSync(linker, text);
    const dry = quire([
      'rename',
      site,
      'content/posts/ergonomic-map.md',
      '--name',
      'maps',
      '--dry-run',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    const lines = text.split('\n').length - 1;
    expect(dry.stdout).toBe(
      [
        'content/posts/ergonomic-map.md -> content/posts/maps.md',
        'URL /posts/ergonomic-map/ -> /posts/maps/',
        'alias /posts/ergonomic-map/ added (the old URL redirects)',
        'would change 2 file(s):',
        '  content/posts/ergonomic-map.md -> content/posts/maps.md',
        '    5: + aliases: [/posts/ergonomic-map/]',
        '  content/posts/saying-no.md',
        `    ${lines}: [map](/posts/ergonomic-map/#usage)  ->  [map](/posts/maps/#usage)`,
        '',
      ].join('\n'),
    );
    expect(readFileSync(linker, 'utf8')).toBe(text);
    expect(existsSync(path.join(site, 'content/posts/ergonomic-map.md'))).toBe(true);
    const done = quire(['rename', site, 'content/posts/ergonomic-map.md', '--name', 'maps']);
    expect(done.code, done.stderr).toBe(0);
    expect(readFileSync(linker, 'utf8')).toBe(
      text.replace('/posts/ergonomic-map/#', '/posts/maps/#'),
    );
    expect(existsSync(path.join(site, 'content/posts/maps.md'))).toBe(true);
    const none = quire(['rename', site, 'content/posts/maps.md']);
    expect(none).toMatchObject({
      code: 1,
      stderr: 'quire: say what to change: --slug, --name, --bundle or --single\n',
    });
    const gone = quire(['rename', site, 'content/posts/nope.md', '--name', 'x']);
    expect(gone).toMatchObject({ code: 1, stderr: 'quire: content/posts/nope.md: no such post\n' });
  });

  it('duplicates, deletes into .trash/ and restores', async () => {
    const site = copySeedBlog();
    const rel = 'content/posts/saying-no.md';
    const before = readFileSync(path.join(site, rel), 'utf8');
    const copy = await quireInProcess(['duplicate', site, rel]);
    expect(copy).toMatchObject({ code: 0, stdout: 'content/posts/saying-no-copy.md\n' });
    const del = await quireInProcess(['delete', site, rel]);
    expect(del).toMatchObject({ code: 0, stdout: '.trash/content/posts/saying-no.md\n' });
    expect(existsSync(path.join(site, rel))).toBe(false);
    const back = await quireInProcess(['restore', site, '.trash/content/posts/saying-no.md']);
    expect(back).toMatchObject({ code: 0, stdout: `${rel}\n` });
    expect(readFileSync(path.join(site, rel), 'utf8')).toBe(before);
    const twice = await quireInProcess(['restore', site, '.trash/content/posts/saying-no.md']);
    expect(twice).toMatchObject({
      code: 1,
      stderr: 'quire: .trash/content/posts/saying-no.md: no such file in .trash/\n',
    });
  });
});

describe('post operations through the contract', () => {
  it('the desktop trash is the platform glue (not undoable); .trash/ elsewhere is', async () => {
    const trashed: string[] = [];
    const site = copySeedBlog();
    const desktop = testBackend(() => {}, {
      trash: async (abs) => {
        trashed.push(abs);
        return 'the system trash';
      },
    });
    await desktop.call('openSite', { path: site });
    const rel = 'content/posts/saying-no.md';
    expect(await desktop.call('deletePost', { path: rel })).toEqual({
      trashedTo: 'the system trash',
      undoable: false,
    });
    expect(trashed).toEqual([path.join(site, rel)]);
    await desktop.close();

    const web = testBackend();
    await web.call('openSite', { path: site });
    const other = 'content/posts/ergonomic-map.md';
    const d = (await web.call('deletePost', { path: other })) as { trashedTo: string };
    expect(d).toEqual({ trashedTo: `.trash/${other}`, undoable: true });
    expect(await web.call('restorePost', { trashedTo: `.trash/${other}`, path: other })).toEqual({
      path: other,
    });
    expect(existsSync(path.join(site, other))).toBe(true);
    // Validated and confined: a name with a slash, a path out of the site.
    await expect(web.call('renamePost', { path: other, name: '../x' })).rejects.toMatchObject({
      code: 'invalid-request',
    });
    await expect(
      web.call('restorePost', { trashedTo: '../../etc/passwd', path: other }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/forbidden|invalid-request/),
    });
    await web.close();
  });

  it('an empty folder answers not-a-site; initSite makes it one; Markdown alone opens read-only', async () => {
    const b = testBackend();
    const empty = path.join(tempDir(), 'empty');
    mkdirSync(empty);
    await expect(b.call('openSite', { path: empty })).rejects.toMatchObject({ code: 'not-a-site' });
    const info = await b.call('initSite', {
      path: empty,
      title: 'T',
      baseURL: 'https://t.example/',
      languageCode: 'en',
      summaryMode: 'sentence',
    });
    expect(info).toMatchObject({
      title: 'T',
      postsFolder: 'content/posts',
      summaryMode: 'sentence',
      readOnly: false,
    });
    const notes = path.join(tempDir(), 'notes');
    mkdirSync(notes);
    writeFileSync(path.join(notes, 'a.md'), '# A\n');
    expect(await b.call('openSite', { path: notes })).toMatchObject({ readOnly: true });
    await expect(
      b.call('savePost', { path: 'a.md', text: 'x', baseVersion: null }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(readFileSync(path.join(notes, 'a.md'), 'utf8')).toBe('# A\n');
    expect(await b.call('openSite', { path: notes, allowWrites: true })).toMatchObject({
      readOnly: false,
    });
    await b.close();
  });
});
