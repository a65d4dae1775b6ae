import { existsSync, realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { QuireError } from '../../../shared/errors.ts';
import { CONFIG_FILES } from '../../../shared/site/config.ts';
import type { BackendContext, Handlers } from './context.ts';

/** The calls of the app as a whole: the UI's preferences, the folder picker. */
export type HostCalls = 'readPrefs' | 'writePrefs' | 'listFolders';

/** What makes a folder look like a Hugo site in the picker: a config file or content/. */
const SITE_MARKERS = [...CONFIG_FILES, 'content'];

/** True when `p` is `root` or inside it (both real paths). */
function inside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

export function hostHandlers(ctx: BackendContext): Handlers<HostCalls> {
  const home = () => realpathSync(ctx.platform.homeDir ?? os.homedir());
  return {
    readPrefs: async () => ({ prefs: ctx.settings.get().uiPrefs ?? null }),
    writePrefs: async ({ prefs }) => {
      ctx.settings.update({ uiPrefs: prefs });
      return { saved: true };
    },
    listFolders: async ({ path: asked }) => {
      const root = home();
      let dir: string;
      try {
        dir = realpathSync(path.resolve(root, asked ?? root));
      } catch {
        throw new QuireError('not-found', 'no such folder', { file: asked ?? root });
      }
      // The picker shows the user's home and what is in it, nothing else (links included).
      if (!inside(root, dir))
        throw new QuireError('forbidden', 'the folder picker shows only folders in your home', {
          file: asked ?? dir,
        });
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
        throw new QuireError('failed', 'this folder cannot be read', { file: dir });
      });
      const folders = entries
        .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
        .map((d) => {
          const p = path.join(dir, d.name);
          return {
            name: d.name,
            path: p,
            site: SITE_MARKERS.some((m) => existsSync(path.join(p, m))),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
      return { path: dir, parent: dir === root ? null : path.dirname(dir), folders };
    },
  };
}
