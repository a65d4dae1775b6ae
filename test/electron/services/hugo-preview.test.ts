import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHugo, ThemePreview } from '../../../electron/services/hugo-preview.ts';
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

describe.skipIf(!hugo.version)('the site’s own Hugo over an overlay of unsaved text', () => {
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
    });
    await preview.configure({ asOf: '2024-04-01', drafts: false });
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
    // Back to the file on disk: the overlay is gone, Hugo reads the file.
    await preview.update('content/posts/winter-reading.md', null);
    expect((await get(preview.base + 'posts/winter-reading/')).body).not.toContain('nosuch');
    expect(readFileSync(path.join(site, 'content/posts/winter-reading.md'), 'utf8')).toBe(disk);
    expect(listFiles(site)).toEqual(before);
    expect(built.length).toBeGreaterThanOrEqual(3);
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
    expect(page.body).toContain(`<script src="${base.pathname}__quire/frame.js"></script>`);
  });
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
    await backend.close();
    await expect(get(r.base)).rejects.toThrow();
  }, 60_000);
});
