import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuireEvent } from '../../../shared/ipc/contract.ts';
import { testBackend } from '../../helpers/app.ts';
import { quireInProcess } from '../../helpers/cli.ts';
import { hugoVersion } from '../../helpers/hugo.ts';
import { copyThemeBlog, listFiles, tempDir } from '../../helpers/site.ts';

const hugo = hugoVersion();
if (!hugo.version) console.log(`SKIPPED Export with Hugo: ${hugo.why}`);

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe.skipIf(!hugo.version)('quire export --with-hugo', () => {
  it('writes the pages Hugo builds with the site’s theme, as of a date, into a folder or a .zip', async () => {
    const site = copyThemeBlog();
    const before = listFiles(site);
    process.env.QUIRE_DATA_DIR = tempDir();
    const out = path.join(tempDir(), 'public');
    const r = await quireInProcess([
      'export',
      site,
      '--out',
      out,
      '--with-hugo',
      '--as-of',
      '2024-03-01',
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Exported \d+ pages, \d+ files/);
    const home = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(home).toContain('Latest from Quill Test Blog');
    expect(home).toContain('Winter reading');
    expect(home).not.toContain('Spring plans');
    expect(readFileSync(path.join(out, 'posts/first-light/index.html'), 'utf8')).toContain(
      'class="quill-callout quill-callout-tip"',
    );
    expect(existsSync(path.join(out, '.quire-export'))).toBe(true);
    // Exporting again replaces what the first export wrote.
    expect(
      (await quireInProcess(['export', site, '--out', out, '--with-hugo', '--as-of', '2024-04-01']))
        .code,
    ).toBe(0);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('Spring plans');

    const zip = path.join(tempDir(), 'site.zip');
    expect((await quireInProcess(['export', site, '--zip', zip, '--with-hugo'])).code).toBe(0);
    const entries = unzipSync(readFileSync(zip));
    expect(Object.keys(entries)).toContain('posts/winter-reading/index.html');
    expect(Object.keys(entries)).toContain('css/quill.css');
    // Nothing was written into the site.
    expect(listFiles(site)).toEqual(before);
  });

  it('lists Hugo’s errors with file and line and exits 1; no Hugo: one line, exit 1', async () => {
    const site = copyThemeBlog();
    process.env.QUIRE_DATA_DIR = tempDir();
    appendFileSync(path.join(site, 'content/posts/winter-reading.md'), '\n{{< nosuch >}}\n');
    const out = path.join(tempDir(), 'public');
    const r = await quireInProcess(['export', site, '--out', out, '--with-hugo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'quire: Hugo could not build the site:\n  content/posts/winter-reading.md:11:1: failed to extract shortcode: template for shortcode "nosuch" not found\n',
    );
    expect(existsSync(out)).toBe(false);

    const old = path.join(tempDir(), 'hugo');
    writeFileSync(old, '#!/bin/sh\necho "hugo v0.80.0 linux/amd64"\n');
    chmodSync(old, 0o755);
    process.env.QUIRE_HUGO = old;
    const r2 = await quireInProcess(['export', copyThemeBlog(), '--out', out, '--with-hugo']);
    expect(r2).toEqual({
      code: 1,
      stdout: '',
      stderr: `quire: --with-hugo: Hugo 0.80.0 at ${old} is older than 0.111.0\n`,
    });
  });
});

describe.skipIf(!hugo.version)('Build with Hugo from the app’s back end', () => {
  it('reports progress and the result; cancel leaves no output', async () => {
    const events: QuireEvent[] = [];
    const backend = testBackend((e) => events.push(e));
    await backend.call('openSite', { path: copyThemeBlog() });
    expect(await backend.call('hugoStatus', {})).toMatchObject({ ok: true, message: '' });
    const out = path.join(tempDir(), 'public');
    const { id } = (await backend.call('exportStart', {
      out,
      asOf: '2024-04-01',
      withHugo: true,
    })) as { id: string };
    await expect
      .poll(() => events.find((e) => e.type === 'exportDone' && e.data.id === id), {
        timeout: 30_000,
      })
      .toMatchObject({ data: { error: null, result: { pages: expect.any(Number) } } });
    expect(events.some((e) => e.type === 'exportProgress' && e.data.phase === 'write')).toBe(true);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('Spring plans');

    const out2 = path.join(tempDir(), 'public');
    const second = (await backend.call('exportStart', {
      out: out2,
      asOf: '2024-04-01',
      withHugo: true,
    })) as { id: string };
    await backend.call('exportCancel', { id: second.id });
    await expect
      .poll(() => events.find((e) => e.type === 'exportDone' && e.data.id === second.id), {
        timeout: 30_000,
      })
      .toMatchObject({ data: { error: 'cancelled', result: null } });
    expect(existsSync(out2)).toBe(false);
    await backend.close();
  }, 60_000);
});
