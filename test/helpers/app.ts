import { Backend } from '../../electron/services/backend.ts';
import type { Platform } from '../../electron/services/backend.ts';
import { SettingsStore } from '../../electron/services/settings.ts';
import { startWebHost } from '../../electron/web/server.ts';
import type { WebHost } from '../../electron/web/server.ts';
import type { QuireEvent } from '../../shared/ipc/contract.ts';
import { ensureBuilt } from './browser.ts';
import { tempDir } from './site.ts';

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
