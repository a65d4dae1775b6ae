import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';
import type { QuireErrorInfo } from '../errors.ts';
import { COMMAND_IDS } from './commands.ts';

// THE contract between the UI and the back end. Every call and event is named here
// once; the preload, the IPC registration, the browser host and its client all derive
// from this object. Requests are validated on the back end before any handler runs.

/** A path relative to the open site, as the index shows it (`content/posts/a.md`). */
const SitePath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.includes('\0'), 'a path may not contain NUL');

const PostSummary = z.object({
  path: z.string(),
  title: z.string(),
  date: z.string().nullable(),
  draft: z.boolean(),
  tags: z.array(z.string()),
  categories: z.array(z.string()),
  section: z.string(),
  summary: z.string().nullable(),
  hidden: z.enum(['draft', 'scheduled', 'expired']).nullable(),
  url: z.string(),
  mtimeMs: z.number(),
  /** A multilingual site: the post's language. */
  lang: z.string().optional(),
  /** A multilingual site: the same post in the other languages (Hugo's `.Translations`). */
  translations: z
    .array(z.object({ lang: z.string(), path: z.string(), url: z.string() }))
    .optional(),
});

const Problem = z.object({ path: z.string(), message: z.string() });

const SiteInfo = z.object({
  root: z.string(),
  /** A folder of Markdown without a Hugo config: opened read-only until the user says so. */
  readOnly: z.boolean().optional(),
  title: z.string(),
  configFile: z.string().nullable(),
  postsFolder: z.string(),
  summaryMode: z.enum(['paragraph', 'sentence']),
  pagerSize: z.number(),
  /** What the renderer needs to render and summarize posts exactly as the site does. */
  config: z.object({
    typographer: z.boolean(),
    unsafeHtml: z.boolean(),
    summaryLength: z.number(),
    hasCJKLanguage: z.boolean(),
    enableEmoji: z.boolean().optional(),
    codeFences: z.boolean().optional(),
    dateFormat: z.string(),
    showReadingTime: z.boolean(),
    permalinks: z.record(z.string(), z.string()),
    /** markup.goldmark.parser.autoHeadingIDType. */
    headingIdType: z.enum(['github', 'github-ascii', 'blackfriday']).optional(),
    /** markup.highlight line numbers on code blocks. */
    lineNos: z.enum(['table', 'inline']).optional(),
    lineNoStart: z.number().int().optional(),
    guessSyntax: z.boolean().optional(),
    /** The site's params (keys lowercased), base URL and privacy: what shortcodes read. */
    params: z.record(z.string(), z.unknown()),
    baseURL: z.string(),
    privacy: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    contentDir: z.string(),
  }),
  /** The site's own shortcodes (layouts/shortcodes, the theme's too), for completion. */
  shortcodes: z.array(z.string()),
});

const ListingEntry = z.object({
  title: z.string(),
  summary: z.string(),
  truncated: z.boolean(),
  date: z.string(),
  readingTime: z.number(),
  meta: z.string(),
  file: z.string(),
});

const AsOfDate = z.string().regex(/^\d{4}-\d\d-\d\d$/, 'a date like 2024-01-31');

/** A language key of the site's config (`en`, `pt-br`). */
const Lang = z.string().regex(/^[A-Za-z][\w-]{0,34}$/, 'a language key like en or pt-br');

const ExportResult = z.object({
  pages: z.number(),
  files: z.number(),
  bytes: z.number(),
  written: z.number(),
  unchanged: z.number(),
  removed: z.number(),
  ms: z.number(),
  warnings: z.array(z.string()),
  skipped: z.array(z.string()),
  /** Posts rendered on worker threads (0: all in the back end's thread). */
  renderedOnWorkers: z.number().optional(),
});

/** Which Hugo "Your theme" uses, or why none (one line); `path` as set in Settings. */
const HugoStatus = z.object({
  ok: z.boolean(),
  version: z.string().nullable(),
  message: z.string(),
  path: z.string().nullable(),
});

/** A Hugo error, with the site-relative file and line when Hugo named them. */
const HugoProblem = z.object({
  file: z.string().nullable(),
  line: z.number().nullable(),
  column: z.number().nullable(),
  message: z.string(),
});

/** The "Your theme" preview: running (base URL), or why not in one line. */
const ThemePreviewState = z.object({
  state: z.enum(['ready', 'unavailable', 'failed']),
  /** One line for the user ('' when ready). */
  message: z.string(),
  /** Hugo's version, when one was found. */
  hugo: z.string().nullable(),
  /** Where the site is served (ends in `/`; a page's URL path without its `/` goes after it). */
  base: z.string().nullable(),
  problems: z.array(HugoProblem),
  /** How Hugo runs: one build per typing pause, or `hugo server` (null when not ready). */
  mode: z.enum(['build', 'server']).nullable().optional(),
});

// Local history (issue 14): every save keeps the version it replaces.
const HistoryId = z.string().regex(/^\d{13}-\d{6}-[0-9a-f]{8}-[su]$/, 'a version id');
const historyCalls = {
  /** A post's kept versions, newest first. */
  historyList: {
    request: z.object({ path: SitePath }),
    response: z.object({
      entries: z.array(
        z.object({
          id: z.string(),
          savedAt: z.number(),
          size: z.number(),
          kind: z.enum(['saved', 'unsaved']),
        }),
      ),
      location: z.enum(['data', 'site']),
    }),
  },
  historyRead: {
    request: z.object({ path: SitePath, id: HistoryId }),
    response: z.object({ text: z.string() }),
  },
  /**
   * Writes a kept version back as a save (only over `baseVersion`): the file it replaces
   * goes to the history first, and so does `unsaved` (text typed but not saved).
   */
  historyRestore: {
    request: z.object({
      path: SitePath,
      id: HistoryId,
      baseVersion: z.string().max(128).nullable(),
      unsaved: z.string().max(50_000_000).nullable(),
    }),
    response: z.object({ version: z.string(), text: z.string() }),
  },
} as const;

// Publish with git (issue 14): the system git, never a force-push.
const GitChange = z.object({
  /** Site-relative. */
  path: z.string(),
  change: z.enum(['modified', 'new', 'deleted', 'renamed', 'conflict']),
  /** A Markdown file in the content folder. */
  post: z.boolean(),
});
const publishCalls = {
  gitStatus: {
    request: z.object({}),
    response: z.object({
      /** false: no git here, or the site is not in a repository (`message` says which). */
      ok: z.boolean(),
      message: z.string(),
      branch: z.string().nullable(),
      remote: z.string().nullable(),
      upstream: z.string().nullable(),
      ahead: z.number(),
      behind: z.number(),
      changes: z.array(GitChange),
    }),
  },
  gitCommit: {
    request: z.object({ message: z.string().trim().min(1, 'a commit message').max(10_000) }),
    response: z.object({ commit: z.string(), files: z.number() }),
  },
  /** Pull (rebase, your edits kept): conflicts are a 'conflict' error naming each file. */
  gitPull: { request: z.object({}), response: z.object({ summary: z.string() }) },
  /** Push to the configured remote; a rejected push is a 'conflict' error (pull first). */
  gitPush: {
    request: z.object({}),
    response: z.object({ remote: z.string(), branch: z.string(), summary: z.string() }),
  },
} as const;

// The browser host as an app (issue 14): preferences kept per user, a folder picker.
const hostCalls = {
  readPrefs: {
    request: z.object({}),
    response: z.object({ prefs: z.record(z.string(), z.unknown()).nullable() }),
  },
  writePrefs: {
    request: z.object({
      prefs: z
        .record(z.string().max(100), z.unknown())
        .refine((p) => JSON.stringify(p).length <= 200_000, 'preferences are too large'),
    }),
    response: z.object({ saved: z.boolean() }),
  },
  /** The folders in one folder of the user's home (never outside it), to open a site. */
  listFolders: {
    request: z.object({ path: z.string().max(4096).optional() }),
    response: z.object({
      path: z.string(),
      parent: z.string().nullable(),
      folders: z.array(z.object({ name: z.string(), path: z.string(), site: z.boolean() })),
    }),
  },
} as const;

/** Every call: its request and response schemas. */
export const calls = {
  openSite: {
    request: z.object({
      path: z.string().min(1).max(4096),
      /** The user confirmed reading a `contentDir` outside the site (after 'needs-confirm'). */
      allowOutsideContent: z.boolean().optional(),
      /** A folder of Markdown without a Hugo config: open it for writing ("Edit anyway"). */
      allowWrites: z.boolean().optional(),
    }),
    response: SiteInfo,
  },
  /** Makes a folder that is not a Hugo site one (after 'not-a-site'), then opens it. */
  initSite: {
    request: z.object({
      path: z.string().min(1).max(4096),
      title: z.string().min(1).max(300),
      baseURL: z.string().min(1).max(2048),
      languageCode: z.string().min(1).max(35),
      summaryMode: z.enum(['paragraph', 'sentence']),
    }),
    response: SiteInfo,
  },
  currentSite: { request: z.object({}), response: SiteInfo.nullable() },
  recentSites: {
    request: z.object({}),
    response: z.array(z.object({ path: z.string(), title: z.string() })),
  },
  listPosts: {
    request: z.object({ asOf: AsOfDate.optional() }),
    response: z.object({ posts: z.array(PostSummary), problems: z.array(Problem) }),
  },
  readPost: {
    request: z.object({ path: SitePath }),
    response: z.object({ path: z.string(), text: z.string(), version: z.string() }),
  },
  savePost: {
    request: z.object({
      path: SitePath,
      text: z.string().max(50_000_000),
      baseVersion: z.string().max(128).nullable(),
    }),
    response: z.object({ version: z.string() }),
  },
  createPost: {
    request: z.object({ title: z.string().min(1).max(500) }),
    response: z.object({ path: z.string() }),
  },
  /**
   * Renames a post: its slug field, its file (or bundle folder) name, single file <-> bundle.
   * A changed published URL gets an alias; internal links to it are rewritten. `dryRun`
   * answers what would change and writes nothing.
   */
  renamePost: {
    request: z.object({
      path: SitePath,
      slug: z.string().max(200).optional(),
      name: z
        .string()
        .min(1)
        .max(200)
        .refine(
          (n) => !/[/\\\0]/.test(n) && !n.startsWith('.'),
          'a file name without / or a leading dot',
        )
        .optional(),
      bundle: z.boolean().optional(),
      alias: z.boolean().optional(),
      dryRun: z.boolean().optional(),
    }),
    response: z.object({
      path: z.string(),
      oldUrl: z.string(),
      newUrl: z.string(),
      alias: z.string().nullable(),
      changes: z.array(
        z.object({
          file: z.string(),
          newFile: z.string(),
          lines: z.array(z.object({ line: z.number(), before: z.string(), after: z.string() })),
        }),
      ),
    }),
  },
  duplicatePost: {
    request: z.object({ path: SitePath }),
    response: z.object({ path: z.string() }),
  },
  deletePost: {
    request: z.object({ path: SitePath }),
    /** `undoable`: it went to the site's .trash/ (restorePost puts it back). */
    response: z.object({ trashedTo: z.string(), undoable: z.boolean() }),
  },
  /** Undo a delete into the site's .trash/: moves it back to `path`. */
  restorePost: {
    request: z.object({ trashedTo: SitePath, path: SitePath }),
    response: z.object({ path: z.string() }),
  },
  readSiteConfig: {
    request: z.object({}),
    response: z.object({
      file: z.string().nullable(),
      text: z.string().nullable(),
      values: z.object({
        title: z.string(),
        baseURL: z.string(),
        languageCode: z.string(),
        author: z.string(),
        pagerSize: z.number(),
        summaryLength: z.number(),
        summaryMode: z.enum(['paragraph', 'sentence']),
        dateFormat: z.string(),
        showReadingTime: z.boolean(),
        unsafeHtml: z.boolean(),
      }),
    }),
  },
  updateSiteConfig: {
    request: z.object({
      set: z.record(
        // A config path: `title`, `params.DateFormat`, `markup.goldmark.renderer.unsafe`.
        z.string().regex(/^[A-Za-z]\w*(\.[A-Za-z]\w*){0,5}$/),
        z.union([z.string().max(10_000), z.number(), z.boolean()]),
      ),
    }),
    response: z.object({ file: z.string() }),
  },
  listing: {
    request: z.object({
      page: z.string().max(300),
      pageNumber: z.number().int().min(1).max(100_000),
      asOf: AsOfDate,
      summaryMode: z.enum(['paragraph', 'sentence']).optional(),
      drafts: z.boolean().optional(),
      /** A multilingual site's language (absent: the default language). */
      lang: Lang.optional(),
    }),
    response: z.object({
      page: z.string(),
      pageNumber: z.number(),
      totalPages: z.number(),
      url: z.string(),
      entries: z.array(ListingEntry),
    }),
  },
  listingPreview: {
    request: z.object({
      page: z.string().max(300),
      pageNumber: z.number().int().min(1).max(100_000),
      asOf: AsOfDate,
      drafts: z.boolean().optional(),
      /** A multilingual site's language (absent: the default language). */
      lang: Lang.optional(),
    }),
    response: z.object({
      html: z.string(),
      page: z.string(),
      pageNumber: z.number(),
      totalPages: z.number(),
      files: z.array(z.string()),
      /** Each entry's page URL on the site (its language's on a multilingual site). */
      urls: z.array(z.string()),
    }),
  },
  whereIs: {
    request: z.object({ path: SitePath, asOf: AsOfDate }),
    response: z.object({
      hidden: z.enum(['draft', 'scheduled', 'expired']).nullable(),
      /** Its URL on the site (null when it is not published as of the date). */
      url: z.string().nullable(),
      home: z.number().nullable(),
      terms: z.array(z.object({ page: z.string(), pageNumber: z.number() })),
      /** Every listing it is on (home, sections, terms, archive) with the page number. */
      lists: z.array(z.object({ page: z.string(), pageNumber: z.number() })),
    }),
  },
  listingPages: {
    request: z.object({ asOf: AsOfDate, drafts: z.boolean().optional(), lang: Lang.optional() }),
    /**
     * The listings the site (or the language asked for) has as of the date: home, archive,
     * sections, taxonomies, terms. A multilingual site also names its languages (Hugo's
     * order) and its default one.
     */
    response: z.object({
      pages: z.array(z.string()),
      languages: z.array(z.string()).optional(),
      defaultLanguage: z.string().optional(),
    }),
  },
  search: {
    request: z.object({
      query: z.string().max(500),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    response: z.array(
      z.object({
        path: z.string(),
        score: z.number(),
        snippet: z.string(),
        terms: z.array(z.string()),
      }),
    ),
  },
  checkSite: {
    request: z.object({}),
    response: z.array(
      z.object({ severity: z.enum(['error', 'warning']), file: z.string(), message: z.string() }),
    ),
  },
  exportStart: {
    request: z
      .object({
        out: z.string().min(1).max(4096).optional(),
        zip: z.string().min(1).max(4096).optional(),
        asOf: AsOfDate,
        drafts: z.boolean().optional(),
        baseURL: z.string().url().max(2048).optional(),
        /** Export even when two files want one URL (the first by path is written). */
        allowCollisions: z.boolean().optional(),
        /** Build with the site's own Hugo ("Export with Hugo") instead of Quire. */
        withHugo: z.boolean().optional(),
      })
      .refine((r) => !r.out !== !r.zip, 'choose a folder or a .zip file'),
    response: z.object({ id: z.string() }),
  },
  revealExport: {
    request: z.object({ id: z.string().max(64) }),
    response: z.object({ shown: z.boolean(), path: z.string() }),
  },
  exportCancel: {
    request: z.object({ id: z.string().max(64) }),
    response: z.object({ cancelled: z.boolean() }),
  },
  journalWrite: {
    request: z.object({
      path: SitePath,
      text: z.string().max(50_000_000),
      baseVersion: z.string().max(128).nullable(),
      /** When the page took this text (ms, monotonic): an older write never replaces a newer one. */
      writtenAt: z.number().optional(),
    }),
    response: z.object({ saved: z.boolean() }),
  },
  journalClear: {
    request: z.object({ path: SitePath, writtenAt: z.number().optional() }),
    response: z.object({ cleared: z.boolean() }),
  },
  journalList: {
    request: z.object({}),
    response: z.array(
      z.object({
        path: z.string(),
        text: z.string(),
        baseVersion: z.string().nullable(),
        savedAt: z.number(),
      }),
    ),
  },
  addImage: {
    request: z.object({
      post: SitePath,
      name: z.string().min(1).max(200),
      dataBase64: z.string().max(70_000_000),
      target: z.enum(['bundle', 'static']),
      convertToBundle: z.boolean().optional(),
    }),
    response: z.object({ link: z.string(), file: z.string(), post: z.string() }),
  },
  revealInFolder: {
    request: z.object({ path: SitePath }),
    response: z.object({ shown: z.boolean() }),
  },
  openExternal: {
    request: z.object({ url: z.string().max(8192) }),
    response: z.object({ opened: z.boolean() }),
  },
  /**
   * The user's spellcheck setting, for the host's own checker: the desktop app sets
   * Electron's languages (only those it has; `languages` answers which); the browser host
   * leaves it to the browser (`host: 'browser'`, the editor's `lang` says the language).
   */
  spellcheck: {
    request: z.object({
      enabled: z.boolean(),
      languages: z.array(z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/)).max(8),
    }),
    response: z.object({
      host: z.enum(['desktop', 'browser']),
      languages: z.array(z.string()),
      available: z.array(z.string()),
    }),
  },
  /** Starts (or re-flags) the site's own Hugo for the "Your theme" preview. */
  themePreviewStart: {
    request: z.object({ asOf: AsOfDate, drafts: z.boolean() }),
    response: ThemePreviewState,
  },
  /** A post's unsaved text for Hugo (null: the file on disk); answers after Hugo rebuilt. */
  themePreviewText: {
    request: z.object({ path: SitePath, text: z.string().max(50_000_000).nullable() }),
    response: z.object({
      built: z.boolean(),
      problems: z.array(HugoProblem),
      /** The post's URL with this text (a slug typed, not saved), or null. */
      url: z.string().nullable(),
    }),
  },
  themePreviewStop: { request: z.object({}), response: z.object({ stopped: z.boolean() }) },
  /** Whether a usable Hugo is installed ("Your theme", "Build with Hugo"), or why not. */
  hugoStatus: {
    request: z.object({}),
    response: HugoStatus,
  },
  /**
   * Sets the Hugo program (Settings): a full path, or null for `hugo` on PATH. Saved only
   * when it runs and is new enough; the answer says which Hugo it is, or why not (one line).
   */
  hugoPathSet: {
    request: z.object({
      path: z
        .string()
        .max(4096)
        .refine((p) => !p.includes('\0'), 'no NUL characters')
        .nullable(),
    }),
    response: HugoStatus,
  },
  ...historyCalls,
  ...publishCalls,
  ...hostCalls,
} as const;

/** Every event the back end sends. */
export const events = {
  indexChanged: z.object({ kind: z.enum(['added', 'changed', 'removed']), path: z.string() }),
  exportProgress: z.object({
    id: z.string(),
    phase: z.enum(['render', 'write']),
    done: z.number(),
    total: z.number(),
  }),
  exportDone: z.object({
    id: z.string(),
    result: ExportResult.nullable(),
    /** The message to show ('cancelled' for a cancelled export), or null. */
    error: z.string().nullable(),
    /** The failure with its code and place (absent when it succeeded). */
    failure: z
      .lazy(() => callError)
      .nullable()
      .optional(),
  }),
  menuCommand: z.object({ command: z.enum(COMMAND_IDS) }),
  /** Hugo rebuilt the "Your theme" preview (typing, a saved file, a template) or stopped. */
  themePreviewBuilt: z.object({
    seq: z.number(),
    problems: z.array(HugoProblem),
    /** Set when Hugo stopped: the one line to show. */
    stopped: z.string().nullable(),
  }),
  /** A line of git's progress (publish). */
  gitProgress: z.object({ op: z.enum(['commit', 'pull', 'push']), line: z.string() }),
} as const;

/** The name of a call. */
export type CallName = keyof typeof calls;
/** The name of an event. */
export type EventName = keyof typeof events;
/** What a call takes. */
export type CallRequest<K extends CallName> = z.input<(typeof calls)[K]['request']>;
/** What a call answers. */
export type CallResponse<K extends CallName> = z.output<(typeof calls)[K]['response']>;
/** An event as the UI receives it. */
export type QuireEvent = {
  [K in EventName]: { type: K; data: z.output<(typeof events)[K]> };
}[EventName];

/** The API the UI sees: one function per call, plus event subscription. */
export type QuireApi = {
  [K in CallName]: (request: CallRequest<K>) => Promise<CallResponse<K>>;
} & {
  /** Calls `listener` for every back-end event; returns a function that stops it. */
  subscribe(listener: (event: QuireEvent) => void): () => void;
};

/** The IPC channel (and HTTP route) of a call. The only place channel names are made. */
export function channelOf(name: CallName): string {
  return `quire:${name}`;
}

/** The IPC channel events arrive on. */
export const EVENT_CHANNEL = 'quire:event';

/**
 * An error a call answers with, as it crosses the boundary: a QuireError's code (what the
 * UI acts on: 'conflict', 'needs-bundle', 'needs-confirm'…), its file, line and column when
 * it has them, and the message to show.
 */
export const callError = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

/** An error a call answers with (a QuireError's info). */
export type CallError = QuireErrorInfo;

/** Names of every call, for registering them. */
export const callNames = Object.keys(calls) as CallName[];
