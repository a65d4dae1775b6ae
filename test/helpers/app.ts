import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Backend } from '../../electron/services/backend.ts';
import type { Platform } from '../../electron/services/backend.ts';
import { SettingsStore } from '../../electron/services/settings.ts';
import { startWebHost } from '../../electron/web/server.ts';
import type { WebHost } from '../../electron/web/server.ts';
import type { QuireEvent } from '../../shared/ipc/contract.ts';
import { ensureBuilt } from './browser.ts';
import { repoRoot, tempDir } from './site.ts';

/** The back end with a host that can reveal nothing, fresh settings and no index cache. */
export function testBackend(
  emit: (e: QuireEvent) => void = () => {},
  platform: Partial<Platform> = {},
): Backend {
  return new Backend(
    { revealInFolder: async () => true, openExternal: async () => true, ...platform },
    emit,
    new SettingsStore(tempDir()),
    null,
  );
}

/** The browser host on a free port with fresh settings, optionally with a site open. */
export function testHost(site?: string, rendererDir: string = ensureBuilt()): Promise<WebHost> {
  return startWebHost({
    port: 0,
    rendererDir,
    site,
    settings: new SettingsStore(tempDir()),
    cacheDir: null,
  });
}

/**
 * `quire web` as a user runs it, in its own process (so a test can kill -9 it), with the
 * app's data in `dataDir`; resolves with the process and the URL it prints.
 */
export function startQuireWeb(
  site: string,
  dataDir: string,
  env: Record<string, string> = {},
  /** The --port option ('0': a free port; null: none, so the port kept from the last run). */
  port: string | null = '0',
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'bin/quire.js'),
        'web',
        site,
        ...(port === null ? [] : ['--port', port]),
      ],
      { env: { ...process.env, QUIRE_DATA_DIR: dataDir, QUIRE_CACHE_DIR: tempDir(), ...env } },
    );
    let out = '';
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+(?:&open=\S+)?)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`quire web exited (${code}): ${out}`)));
  });
}
