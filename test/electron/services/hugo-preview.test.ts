import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findHugo,
  overlaySource,
  projectMounts,
  ThemePreview,
} from '../../../electron/services/hugo-preview.ts';
import { testBackend } from '../../helpers/app.ts';
import { hugoVersion } from '../../helpers/hugo.ts';
import { copyThemeBlog, listFiles, tempDir } from '../../helpers/site.ts';

const hugo = hugoVersion();
if (!hugo.version) console.log(`SKIPPED Your theme with Hugo: ${hugo.why}`);

/** A GET with a chosen Host header (fetch does not let one set it). */
function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, headers: host ? { host } : {} },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('finding Hugo', () => {
  it('names a missing binary and a Hugo that is too old in one line', () => {
    const missing = findHugo(path.join(tempDir(), 'no-hugo-here'));
    expect(missing).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^Hugo is not installed \(no hugo at .*no-hugo-here\); showing Quire's preview$/,
      ),
    });
    const old = path.join(tempDir(), 'hugo');
    writeFileSync(old, '#!/bin/sh\necho "hugo v0.92.2+extended linux/amd64 BuildDate=unknown"\n');
    chmodSync(old, 0o755);
    expect(findHugo(old)).toEqual({
      ok: false,
      message: `Hugo 0.92.2 at ${old} is older than 0.111.0; showing Quire's preview`,
    });
  });
});

describe.skipIf(!hugo.version).each(['build', 'server'] as const)(
  'the site’s own Hugo over an overlay of unsaved text (%s mode)',
  (mode) => {
    let site: string;
    let before: string[];
    let preview: ThemePreview;
    const built: number[] = [];
    beforeAll(async () => {
      site = copyThemeBlog();
      before = listFiles(site);
      preview = new ThemePreview({
        root: site,
        contentDir: 'content',
        configFile: 'hugo.toml',
        dataDir: tempDir(),
        bin: 'hugo',
        version: '0.111',
        onBuild: (r) => built.push(r.seq),
        mode,
      });
      await preview.configure({ asOf: '2024-04-01', drafts: false });
      expect(preview.mode).toBe(mode);
    }, 60_000);
    afterAll(async () => {
      await preview?.stop();
    });

    it('renders unsaved text, never writes into the site, and maps errors to the post’s line', async () => {
      const disk = readFileSync(path.join(site, 'content/posts/winter-reading.md'), 'utf8');
      const r = await preview.update(
        'content/posts/winter-reading.md',
        disk + '\nAn unsaved paragraph.\n',
      );
      expect(r).toEqual({ built: true, problems: [] });
      expect((await get(preview.base + 'posts/winter-reading/')).body).toContain(
        '<p>An unsaved paragraph.</p>',
      );
      const bad = await preview.update(
        'content/posts/winter-reading.md',
        disk + '\n{{< nosuch >}}\n',
      );
      expect(bad.problems).toEqual([
        {
          file: 'content/posts/winter-reading.md',
          line: 11,
          column: 1,
          message: 'failed to extract shortcode: template for shortcode "nosuch" not found',
        },
      ]);
      // Back to the file on disk after an error: Hugo builds it again without problems,
      // the post is still on the home page, and a later save of the file shows.
      expect(await preview.update('content/posts/winter-reading.md', null)).toEqual({
        built: true,
        problems: [],
      });
      expect((await get(preview.base + 'posts/winter-reading/')).body).not.toContain(
        'An unsaved paragraph.',
      );
      expect((await get(preview.base)).body).toContain('Winter reading');
      writeFileSync(path.join(site, 'content/posts/winter-reading.md'), disk + '\nSaved later.\n');
      await expect
        .poll(async () => (await get(preview.base + 'posts/winter-reading/')).body, {
          timeout: 10_000,
        })
        .toContain('Saved later.');
      writeFileSync(path.join(site, 'content/posts/winter-reading.md'), disk);
      await expect
        .poll(async () => (await get(preview.base + 'posts/winter-reading/')).body, {
          timeout: 10_000,
        })
        .not.toContain('Saved later.');
      expect(readFileSync(path.join(site, 'content/posts/winter-reading.md'), 'utf8')).toBe(disk);
      expect(listFiles(site)).toEqual(before);
      expect(built.length).toBeGreaterThanOrEqual(3);
    });

    it('shows a file saved on disk (another post, no unsaved text)', async () => {
      const file = path.join(site, 'content/posts/first-light.md');
      const disk = readFileSync(file, 'utf8');
      writeFileSync(file, disk + '\nSaved by another editor.\n');
      try {
        await expect
          .poll(async () => (await get(preview.base + 'posts/first-light/')).body, {
            timeout: 10_000,
          })
          .toContain('Saved by another editor.');
      } finally {
        writeFileSync(file, disk);
      }
    });

    it('builds as of a date (Hugo’s clock) and with drafts on request', async () => {
      const titles = async () =>
        [...(await get(preview.base)).body.matchAll(/<h2><a href="[^"]*">([^<]*)</g)].map(
          (m) => m[1],
        );
      expect(await titles()).toEqual(['Spring plans', 'Winter reading', 'First light']);
      await preview.configure({ asOf: '2024-03-14', drafts: false });
      expect(await titles()).toEqual(['Winter reading', 'First light']);
      await preview.configure({ asOf: '2024-03-14', drafts: true });
      expect(await titles()).toEqual(['Half done', 'Winter reading', 'First light']);
    }, 30_000);

    it('serves only its own host and per-run path', async () => {
      const base = new URL(preview.base);
      expect((await get(preview.base)).status).toBe(200);
      expect((await get(preview.base, `evil.example:${base.port}`)).status).toBe(403);
      expect((await get(`${base.origin}/`)).status).toBe(404);
      expect((await get(`${base.origin}/posts/first-light/`)).status).toBe(404);
      const page = await get(preview.base + 'posts/first-light/');
      const tag = new RegExp(
        `<script src="${base.pathname}__quire/frame\\.js" data-quire-page="(\\d+)"></script></body>`,
      ).exec(page.body);
      expect(tag).not.toBeNull();
      // The page as it was served, by the id in its tag, for the frame's script to patch a
      // newer build in: under the token only, on this host only.
      const served = await get(`${preview.base}__quire/page/${tag![1]}`);
      expect(served.status).toBe(200);
      expect(served.body).toBe(page.body);
      expect((await get(`${base.origin}/__quire/page/${tag![1]}`)).status).toBe(404);
      expect(
        (await get(`${preview.base}__quire/page/${tag![1]}`, `evil.example:${base.port}`)).status,
      ).toBe(403);
      expect((await get(`${preview.base}__quire/page/999999`)).status).toBe(404);
      // A folder without its slash is sent to it; a path out of the pages is not served.
      const bare = await get(preview.base + 'posts/first-light');
      expect([301, 302]).toContain(bare.status);
      expect((await get(preview.base + 'posts/%2e%2e/%2e%2e/hugo.toml')).status).toBe(404);
      expect((await get(preview.base + 'no/such/page/')).status).toBe(404);
    });
  },
);

describe.skipIf(!hugo.version)('a site with its own module mounts', () => {
  it('keeps them (content, static) and still shows unsaved text of a post', async () => {
    const site = copyThemeBlog();
    // The site mounts its content folder, a folder of notes into content/notes, and a
    // second static folder.
    mkdirSync(path.join(site, 'notes'));
    writeFileSync(
      path.join(site, 'notes/a-note.md'),
      '---\ntitle: "A mounted note"\ndate: 2024-01-05\n---\nFrom the notes mount.\n',
    );
    mkdirSync(path.join(site, 'extra-static'));
    writeFileSync(path.join(site, 'extra-static/hello.txt'), 'hello from a mount\n');
    writeFileSync(
      path.join(site, 'hugo.toml'),
      readFileSync(path.join(site, 'hugo.toml'), 'utf8') +
        [
          '',
          '[[module.mounts]]',
          'source = "content"',
          'target = "content"',
          '[[module.mounts]]',
          'source = "notes"',
          'target = "content/notes"',
          '[[module.mounts]]',
          'source = "extra-static"',
          'target = "static"',
          '',
        ].join('\n'),
    );
    const before = listFiles(site);
    for (const mode of ['build', 'server'] as const) {
      const preview = new ThemePreview({
        root: site,
        contentDir: 'content',
        configFile: 'hugo.toml',
        dataDir: tempDir(),
        bin: 'hugo',
        version: '0.111',
        mode,
      });
      try {
        await preview.configure({ asOf: '2024-04-01', drafts: false });
        expect((await get(preview.base + 'notes/a-note/')).body).toContain('From the notes mount.');
        expect((await get(preview.base + 'hello.txt')).body).toBe('hello from a mount\n');
        const post = 'content/posts/winter-reading.md';
        const disk = readFileSync(path.join(site, post), 'utf8');
        await preview.update(post, disk + '\nUnsaved beside the mounts.\n');
        expect((await get(preview.base + 'posts/winter-reading/')).body).toContain(
          'Unsaved beside the mounts.',
        );
        // A mounted file's unsaved text shadows it too (the overlay mirrors each mount).
        await preview.update(
          'notes/a-note.md',
          '---\ntitle: "A mounted note"\ndate: 2024-01-05\n---\nEdited, not saved.\n',
        );
        expect((await get(preview.base + 'notes/a-note/')).body).toContain('Edited, not saved.');
      } finally {
        await preview.stop();
      }
    }
    expect(listFiles(site)).toEqual(before);
  }, 60_000);
});

describe('the project’s mounts from `hugo config mounts`', () => {
  it('reads the project module’s mounts and leaves the theme’s', () => {
    const out = [
      '{\n "path": "project",\n "owner": "",\n "dir": "/s",\n "mounts": [\n  {"source": "content", "target": "content", "lang": "en", "excludeFiles": ["*.txt"]},\n  {"source": "static", "target": "static"}\n ]\n}',
      '{\n "path": "quill",\n "owner": "project",\n "mounts": [{"source": "layouts", "target": "layouts"}]\n}',
    ].join('\n');
    expect(projectMounts(out)).toEqual([
      { source: 'content', target: 'content', lang: 'en', excludeFiles: ['*.txt'] },
      { source: 'static', target: 'static' },
    ]);
    expect(projectMounts('Error: no config')).toBeNull();
  });
  it('mirrors only mounts inside the site in the overlay', () => {
    expect(overlaySource('/site', 'content')).toBe('content');
    expect(overlaySource('/site', '/site/notes/x')).toBe('notes/x');
    expect(overlaySource('/site', '../shared')).toBeNull();
    expect(overlaySource('/site', '/elsewhere')).toBeNull();
  });
});

describe.skipIf(!hugo.version)('choosing how to run Hugo', () => {
  it('builds a small site once per change and runs the server when the first build is slow', async () => {
    const small = new ThemePreview({
      root: copyThemeBlog(),
      contentDir: 'content',
      configFile: 'hugo.toml',
      dataDir: tempDir(),
      bin: 'hugo',
      version: '0.111',
      mode: 'auto',
      // Any real build of the fixture is within this (no wall-clock bet on a busy machine).
      buildModeMaxMs: 60_000,
    });
    // A "Hugo" whose builds take long but which runs the real one as a server.
    const slow = path.join(tempDir(), 'hugo');
    writeFileSync(
      slow,
      '#!/bin/sh\nif [ "$1" = server ] || [ "$1" = config ]; then exec hugo "$@"; fi\nsleep 5\nexec hugo "$@"\n',
    );
    chmodSync(slow, 0o755);
    const big = new ThemePreview({
      root: copyThemeBlog(),
      contentDir: 'content',
      configFile: 'hugo.toml',
      dataDir: tempDir(),
      bin: slow,
      version: '0.111',
      mode: 'auto',
      buildModeMaxMs: 1_000,
    });
    try {
      await small.configure({ asOf: '2024-04-01', drafts: false });
      expect(small.mode).toBe('build');
      await big.configure({ asOf: '2024-04-01', drafts: false });
      expect(big.mode).toBe('server');
      expect((await get(big.base + 'posts/first-light/')).body).toContain('First light');
    } finally {
      await small.stop();
      await big.stop();
    }
  }, 60_000);
});

describe.skipIf(!hugo.version)('the back end’s theme calls', () => {
  it('start, follow the open post’s text, and stop with the site', async () => {
    const site = copyThemeBlog();
    const backend = testBackend();
    await backend.call('openSite', { path: site });
    const r = (await backend.call('themePreviewStart', { asOf: '2024-04-01', drafts: false })) as {
      state: string;
      base: string;
    };
    expect(r.state).toBe('ready');
    await expect(
      backend.call('themePreviewText', { path: '../outside.md', text: 'x' }),
    ).rejects.toThrow();
    // A slug typed but not saved: the page is at the new URL, and the answer says so.
    const post = 'content/posts/first-light.md';
    const disk = readFileSync(path.join(site, post), 'utf8');
    const moved = (await backend.call('themePreviewText', {
      path: post,
      text: disk.replace(/^title:.*$/m, '$&\nslug: dawn-notes'),
    })) as { url: string | null };
    expect(moved.url).toBe('/posts/dawn-notes/');
    expect((await get(r.base + 'posts/dawn-notes/')).body).toContain('First light');
    const back = (await backend.call('themePreviewText', { path: post, text: null })) as {
      url: string | null;
    };
    expect(back.url).toBe('/posts/first-light/');
    expect(readFileSync(path.join(site, post), 'utf8')).toBe(disk);
    await backend.close();
    await expect(get(r.base)).rejects.toThrow();
  }, 60_000);
});

describe('the Hugo program set in Settings (hugoPathSet)', () => {
  it('saves only a full path to a usable Hugo and says why not in one line', async () => {
    const asked: string[] = [];
    const fakeOld = path.join(tempDir(), 'hugo');
    writeFileSync(
      fakeOld,
      '#!/bin/sh\necho "hugo v0.92.2+extended linux/amd64 BuildDate=unknown"\n',
    );
    chmodSync(fakeOld, 0o755);
    // The desktop's rule: a program the renderer names runs only once chosen in the dialog
    // (here the "dialog" picks what was asked, and records it).
    const backend = testBackend(() => {}, {
      confirmPath: async (use, requested) => {
        asked.push(`${use}:${requested}`);
        return requested;
      },
    });
    const set = (p: string | null) =>
      backend.call('hugoPathSet', { path: p }) as Promise<{
        ok: boolean;
        version: string | null;
        message: string;
        path: string | null;
      }>;
    expect(await set('hugo')).toEqual({
      ok: false,
      version: null,
      message: 'hugo: give the full path of the hugo program, e.g. /usr/local/bin/hugo',
      path: null,
    });
    expect(await set('/nowhere/hugo')).toMatchObject({
      ok: false,
      message: 'Hugo is not installed (no hugo at /nowhere/hugo)',
      path: null,
    });
    expect(await set(fakeOld)).toMatchObject({
      ok: false,
      message: `Hugo 0.92.2 at ${fakeOld} is older than 0.111.0`,
      path: null,
    });
    expect(asked).toEqual([`hugo:/nowhere/hugo`, `hugo:${fakeOld}`]);
    expect(await backend.call('hugoStatus', {})).toMatchObject({ path: null });
    if (!hugo.version) return;
    const bin = spawnSync('sh', ['-c', 'command -v hugo'], { encoding: 'utf8' }).stdout.trim();
    const ok = await set(bin);
    expect(ok).toEqual({
      ok: true,
      version: expect.stringMatching(/^0\.\d+\.\d+$/),
      message: '',
      path: bin,
    });
    expect(await backend.call('hugoStatus', {})).toEqual(ok);
    // Set again: no dialog for the program already in use; empty: back to PATH.
    await set(bin);
    expect(asked).toHaveLength(3);
    expect(await set(null)).toMatchObject({ ok: true, path: null });
  });
});
