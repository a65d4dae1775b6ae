import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIdentity, saveIdentity } from '../../../electron/web/host-identity.ts';
import { browserCommand, openBrowser } from '../../../electron/web/open-browser.ts';
import { startQuireWeb } from '../../helpers/app.ts';
import { ensureBuilt } from '../../helpers/browser.ts';
import { copySeedBlog, tempDir } from '../../helpers/site.ts';

describe("the browser host's port and token, kept per user", () => {
  it('are kept readable by the user only', () => {
    const dir = path.join(tempDir(), 'quire');
    saveIdentity(dir, { port: 41234, token: 'a'.repeat(32) });
    expect(loadIdentity(dir)).toEqual({ port: 41234, token: 'a'.repeat(32) });
    expect(statSync(path.join(dir, 'web-host.json')).mode & 0o777).toBe(0o600);
  });

  it('a restart keeps them; a port taken meanwhile falls back to a free one, said in one line', async () => {
    ensureBuilt();
    const site = copySeedBlog();
    const data = tempDir();
    const first = await startQuireWeb(site, data);
    first.child.kill('SIGTERM');
    await new Promise((r) => first.child.once('exit', r));
    const again = await startQuireWeb(site, data, {}, null);
    expect(again.url).toBe(first.url);
    again.child.kill('SIGTERM');
    await new Promise((r) => again.child.once('exit', r));
    // Another program takes the port.
    const squatter = createServer();
    const port = Number(new URL(first.url).port);
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', () => r()));
    try {
      const third = await startQuireWeb(site, data, {}, null);
      expect(new URL(third.url).port).not.toBe(String(port));
      expect(new URL(third.url).searchParams.get('token')).toBe(
        new URL(first.url).searchParams.get('token'),
      );
      // Stops on SIGTERM (the host that could not listen was closed too).
      third.child.kill('SIGTERM');
      await new Promise((r) => third.child.once('exit', r));
    } finally {
      squatter.close();
    }
    const kept = loadIdentity(data)!;
    expect(kept.port).not.toBe(port);
  });

  it('says which port was taken', async () => {
    ensureBuilt();
    const data = tempDir();
    // Another program holds the port kept from the last run.
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
    saveIdentity(data, {
      port: (squatter.address() as AddressInfo).port,
      token: 'b'.repeat(32),
    });
    const kept = loadIdentity(data)!;
    const { repoRoot } = await import('../../helpers/site.ts');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/quire.js'), 'web'], {
      env: { ...process.env, QUIRE_DATA_DIR: data, QUIRE_CACHE_DIR: tempDir() },
    });
    try {
      let err = '';
      let out = '';
      child.stderr.on('data', (d) => (err += d));
      child.stdout.on('data', (d) => (out += d));
      await expect.poll(() => out).toMatch(/Quire is running at/);
      expect(err).toContain(`port ${kept.port} is taken`);
      expect(out).toContain(`token=${'b'.repeat(32)}`);
    } finally {
      child.kill('SIGTERM');
      squatter.close();
    }
  });
});

describe('opening the default browser', () => {
  const url = 'http://127.0.0.1:4000/?token=x';
  it('uses the system opener, as an argument array', () => {
    expect(browserCommand(url, 'linux', { DISPLAY: ':0' })).toEqual({
      cmd: 'xdg-open',
      args: [url],
    });
    expect(browserCommand(url, 'darwin', {})).toEqual({ cmd: 'open', args: [url] });
    expect(browserCommand(url, 'win32', {})).toEqual({
      cmd: 'rundll32',
      args: ['url.dll,FileProtocolHandler', url],
    });
  });
  it('does nothing in CI, when asked not to, or without a desktop', () => {
    expect(browserCommand(url, 'darwin', { CI: 'true' })).toBeNull();
    expect(browserCommand(url, 'linux', { DISPLAY: ':0', QUIRE_NO_OPEN: '1' })).toBeNull();
    expect(browserCommand(url, 'linux', {})).toBeNull();
    expect(browserCommand('http://evil.example/', 'darwin', {})).toBeNull();
    let calls = 0;
    const fake = (() => {
      calls++;
      throw new Error('not run');
    }) as unknown as typeof spawn;
    expect(openBrowser(url, fake, 'linux', { CI: '1', DISPLAY: ':0' })).toBe(false);
    expect(calls).toBe(0);
    // A missing opener is silent.
    expect(openBrowser(url, fake, 'darwin', {})).toBe(false);
    expect(calls).toBe(1);
  });
});
