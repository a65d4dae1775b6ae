import type {
  CallName,
  CallRequest,
  CallResponse,
  QuireEvent,
} from '../../../shared/ipc/contract.ts';
import type { DeriveCache } from '../derive-cache.ts';
import type { Exporter } from '../export.ts';
import type { Journal } from '../journal.ts';
import type { SiteSearch } from '../search.ts';
import type { SettingsStore } from '../settings.ts';
import type { SitePlanner } from '../site-plan.ts';
import type { ThemePreviewCalls } from '../theme-preview-handlers.ts';
import type { Workspace } from '../workspace.ts';

/** What a path named by the UI is for. */
export type PathUse = 'site' | 'export-folder' | 'export-zip' | 'hugo';

/** What only the host can do: the desktop app and the browser host differ here. */
export interface Platform {
  /** Shows a file in the system file manager; false where the host cannot. */
  revealInFolder(abs: string): Promise<boolean>;
  /** Opens an already-vetted URL in the system browser; false where the host cannot. */
  openExternal(url: string): Promise<boolean>;
  /** Moves a file or folder to the OS trash; absent: the site's .trash folder. */
  trash?(abs: string): Promise<string>;
  /**
   * The path to use for a site to open or an export target named by the UI: the desktop
   * takes only paths the user chose in a main-process dialog (or recent sites) and asks
   * otherwise; null when the user cancelled. Absent (CLI, browser host): used as given.
   */
  confirmPath?(use: PathUse, requested: string): Promise<string | null>;
  /** The folder the folder picker is confined to (absent: the user's home). */
  homeDir?: string;
  /**
   * Sets the host's spellchecker (the desktop app: Electron's, in the languages it has);
   * returns the languages set and those available. Absent: the browser's own checker.
   */
  spellcheck?(enabled: boolean, languages: string[]): { languages: string[]; available: string[] };
}

/** The open site and what serves it: one of each per open site. */
export interface OpenSite {
  ws: Workspace;
  exporter: Exporter;
  planner: SitePlanner;
  /** The site's one derive cache (the workspace's; the exporter uses the same). */
  derive: DeriveCache;
  searcher: SiteSearch;
}

/** What every handler module may use: the open site, the host, the app's stores. */
export interface BackendContext {
  readonly platform: Platform;
  readonly emit: (event: QuireEvent) => void;
  readonly settings: SettingsStore;
  readonly journal: Journal;
  readonly cacheDir?: string | null;
  /** The open site; a QuireError 'no-site' when none is. */
  site(): OpenSite;
  /** The open site, or null. */
  current(): OpenSite | null;
  /** Makes `ws` the open site (the previous one is closed); starts watching it. */
  open(ws: Workspace): Promise<OpenSite>;
  /** A path from the UI, as the platform allows it (see Platform.confirmPath). */
  confirmed(use: PathUse, requested: string): Promise<string>;
  /** Exports running in this session, by id (aborted when the site closes). */
  readonly exports: Map<string, AbortController>;
  /** "Your theme": the site's own Hugo (its calls, and "Build with Hugo" for exports). */
  readonly theme: ThemePreviewCalls;
}

/**
 * The handlers of a slice of the contract: one function per call, typed by the call's
 * request and response schemas. Each handler module exports one of these.
 */
export type Handlers<K extends CallName> = {
  [P in K]: (req: CallRequest<P>) => Promise<CallResponse<P>>;
};
