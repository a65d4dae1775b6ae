import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  saveIfUnchanged,
  UnsafeFileError,
  versionOf,
} from '../../../electron/services/atomic-write.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { testBackend } from '../../helpers/app.ts';
import { quireTempFiles, tempDir } from '../../helpers/site.ts';

// Opening these sites takes milliseconds; the failures this guards against were a crash, a
// hang on a FIFO and minutes under a link to /usr. A hang fails by the test's own timeout
// (generous, so a loaded machine does not fail it); the time taken is printed, not asserted.
const HANG_GUARD_MS = 30_000;

function makeSite(): string {
  const site = path.join(tempDir(), 'site');
  mkdirSync(path.join(site, 'content/posts'), { recursive: true });
  writeFileSync(path.join(site, 'hugo.toml'), 'title = "Hostile"\n');
  writeFileSync(
    path.join(site, 'content/posts/plain.md'),
    '---\ntitle: Plain\ndate: 2024-01-02\n---\nHello.\n',
  );
  return site;
}

describe('hostile and broken sites open without crash, stall or reads outside', () => {
  it(
    'symlink loops, links to /usr and /dev/zero, FIFOs and a huge post are skipped, each reported by name',
    async () => {
      const site = makeSite();
      const c = path.join(site, 'content');
      symlinkSync(c, path.join(c, 'posts/loop'));
      symlinkSync('/usr', path.join(c, 'usr'));
      symlinkSync('/dev/zero', path.join(c, 'posts/zero.md'));
      execFileSync('mkfifo', [path.join(c, 'posts/fifo.md')]);
      writeFileSync(
        path.join(c, 'posts/huge.md'),
        '---\ntitle: Huge\n---\n' + 'word '.repeat((11 * 1024 * 1024) / 5 + 10),
      );
      const host = testBackend();
      const t0 = performance.now();
      await host.call('openSite', { path: site });
      const { posts, problems } = (await host.call('listPosts', {})) as {
        posts: { path: string }[];
        problems: { path: string; message: string }[];
      };
      console.log(`hostile site opened and listed in ${(performance.now() - t0).toFixed(0)} ms`);
      expect(posts.map((p) => p.path)).toEqual(['content/posts/plain.md']);
      expect(Object.fromEntries(problems.map((p) => [p.path, p.message]))).toEqual({
        'content/posts/fifo.md':
          'content/posts/fifo.md: is not a regular file (a pipe, device or socket); Quire skips it',
        'content/posts/huge.md': 'content/posts/huge.md: is 11.0 MB; Quire opens files up to 10 MB',
        'content/posts/loop':
          'content/posts/loop: is a link; Quire does not follow links in the content folder (skipped)',
        'content/posts/zero.md':
          'content/posts/zero.md: is a link; Quire does not follow links in the content folder (skipped)',
        'content/usr':
          'content/usr: is a link; Quire does not follow links in the content folder (skipped)',
      });
      // Calls on the FIFO answer at once with the reason instead of hanging.
      await expect(host.call('readPost', { path: 'content/posts/fifo.md' })).rejects.toThrow(
        /fifo\.md: is not a regular file/,
      );
      // The watcher survives the loop: an external change is still seen.
      writeFileSync(path.join(c, 'posts/later.md'), '---\ntitle: Later\n---\n');
      await expect
        .poll(
          async () =>
            ((await host.call('listPosts', {})) as { posts: { path: string }[] }).posts.length,
          { timeout: 5000 },
        )
        .toBe(2);
      await host.close();
    },
    HANG_GUARD_MS,
  );

  it('a contentDir outside the site is refused at open, naming the config', async () => {
    const site = makeSite();
    const outside = path.join(path.dirname(site), 'elsewhere');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.md'), '---\ntitle: Secret\n---\nsecret\n');
    writeFileSync(path.join(site, 'hugo.toml'), 'title = "H"\ncontentDir = "../elsewhere"\n');
    await expect(Workspace.open(site, { cacheDir: null })).rejects.toThrow(
      /^hugo\.toml: contentDir "\.\.\/elsewhere" is outside the site folder/,
    );
    const ws = await Workspace.open(site, { cacheDir: null, allowOutsideContent: true });
    expect(ws.posts().map((p) => p.meta.title)).toEqual(['Secret']);
    // Through the contract: refused with 'needs-confirm' until the user confirms.
    const host = testBackend();
    const refused = await host.call('openSite', { path: site }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'needs-confirm' });
    await host.call('openSite', { path: site, allowOutsideContent: true });
    expect((await host.call('listPosts', {})) as { posts: unknown[] }).toMatchObject({
      posts: [{ title: 'Secret' }],
    });
    await host.close();
  });

  it('file names with a backslash or of 250 bytes open and save', async () => {
    const site = makeSite();
    const back = 'content/posts/a\\b.md';
    const long = `content/posts/${'l'.repeat(247)}.md`;
    writeFileSync(path.join(site, back), '---\ntitle: Back\n---\nx\n');
    writeFileSync(path.join(site, long), '---\ntitle: Long\n---\nx\n');
    const ws = await Workspace.open(site, { cacheDir: null });
    for (const rel of [back, long]) {
      const { text, version } = await ws.readPost(rel);
      await ws.savePost(rel, text + 'more\n', version);
      expect(readFileSync(path.join(site, rel), 'utf8')).toBe(text + 'more\n');
    }
    expect(quireTempFiles(site)).toEqual([]);
  });
});

describe('saves', () => {
  it('an external change landing between the check and the rename is a conflict, not overwritten', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'post.md');
    writeFileSync(file, 'mine\n');
    const base = versionOf(readFileSync(file));
    await expect(
      saveIfUnchanged(file, 'post.md', 'typed\n', base, {
        beforeRename: async () => {
          writeFileSync(file, 'theirs\n');
        },
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(readFileSync(file, 'utf8')).toBe('theirs\n');
    expect(readdirSync(dir)).toEqual(['post.md']);
  });

  it('a new file that appears meanwhile is never clobbered', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'new.md');
    await expect(
      saveIfUnchanged(file, 'new.md', 'ours\n', null, {
        beforeRename: async () => {
          writeFileSync(file, 'theirs\n');
        },
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(readFileSync(file, 'utf8')).toBe('theirs\n');
    expect(readdirSync(dir)).toEqual(['new.md']);
  });

  it('a read-only post is refused with a clear message and left as it was', async () => {
    const site = makeSite();
    const rel = 'content/posts/plain.md';
    chmodSync(path.join(site, rel), 0o444);
    const ws = await Workspace.open(site, { cacheDir: null });
    const { text, version } = await ws.readPost(rel);
    const err = await ws.savePost(rel, text + 'x', version).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafeFileError);
    expect((err as Error).message).toBe(
      'content/posts/plain.md: is read-only; Quire does not replace it (make it writable, then save again)',
    );
    expect(readFileSync(path.join(site, rel), 'utf8')).toBe(text);
  });

  it('temp files of an interrupted save are removed on the next open; other files are not', async () => {
    const site = makeSite();
    const posts = path.join(site, 'content/posts');
    writeFileSync(path.join(posts, '.plain.md.quire-tmp-0123456789ab'), 'half');
    mkdirSync(path.join(site, 'static/images'), { recursive: true });
    writeFileSync(path.join(site, 'static/images/.a.png.quire-tmp-00112233aabb'), 'half');
    writeFileSync(path.join(posts, 'notes.md.1234567'), 'a user file that looks like a temp');
    const ws = await Workspace.open(site, { cacheDir: null });
    expect(ws.tempsRemoved).toBe(2);
    expect(quireTempFiles(site)).toEqual([]);
    expect(existsSync(path.join(posts, 'notes.md.1234567'))).toBe(true);
  });
});
