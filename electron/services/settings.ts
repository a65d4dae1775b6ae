import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** What Quire remembers between runs. */
export interface Settings {
  recentSites: { path: string; title: string }[];
  windowBounds?: { x?: number; y?: number; width: number; height: number; maximized?: boolean };
  /** The Hugo binary for "Your theme" (absent: `hugo` on PATH). */
  hugoPath?: string;
  /** Local history: where (`data` folder or `site`'s `.quire/`), how many MB, how many days. */
  history?: { location?: 'data' | 'site'; maxMB?: number; maxAgeDays?: number };
  /** The UI's preferences (the browser host keeps them here, so a new port or tab keeps them). */
  uiPrefs?: Record<string, unknown>;
}

/** The folder for Quire's settings and journals (XDG on Linux, the usual elsewhere). */
export function defaultDataDir(): string {
  if (process.env.QUIRE_DATA_DIR) return process.env.QUIRE_DATA_DIR;
  if (process.platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Application Support', 'Quire');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'Quire');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'quire');
}

/** Settings in a JSON file, written atomically; a damaged file falls back to defaults. */
export class SettingsStore {
  private readonly file: string;
  private value: Settings;
  /** The data folder (settings, journal). */
  readonly dir: string;

  constructor(dir: string = defaultDataDir()) {
    this.dir = dir;
    this.file = path.join(dir, 'settings.json');
    this.value = { recentSites: [] };
    try {
      const v = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<Settings>;
      this.value = {
        recentSites: Array.isArray(v.recentSites)
          ? v.recentSites.filter((s) => typeof s?.path === 'string').slice(0, 10)
          : [],
        windowBounds: v.windowBounds,
        ...(typeof v.hugoPath === 'string' && v.hugoPath ? { hugoPath: v.hugoPath } : {}),
        ...(v.history && typeof v.history === 'object' ? { history: v.history } : {}),
        ...(v.uiPrefs && typeof v.uiPrefs === 'object' && !Array.isArray(v.uiPrefs)
          ? { uiPrefs: v.uiPrefs }
          : {}),
      };
    } catch {
      // First run, or a damaged file: start from defaults.
    }
  }

  /** The current settings. */
  get(): Settings {
    return this.value;
  }

  /** Changes settings and saves them. */
  update(change: Partial<Settings>): void {
    this.value = { ...this.value, ...change };
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileAtomic.sync(this.file, JSON.stringify(this.value, null, 2));
    } catch {
      // Settings are a convenience; failing to save them must not break the app.
    }
  }

  /** Puts a site first in the recent list. */
  addRecent(site: { path: string; title: string }): void {
    const rest = this.value.recentSites.filter((s) => s.path !== site.path);
    this.update({ recentSites: [site, ...rest].slice(0, 10) });
  }
}
