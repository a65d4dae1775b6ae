import { stat } from 'node:fs/promises';
import path from 'node:path';
import { QuireError } from '../../../shared/errors.ts';
import { isSafeExternalUrl } from '../../../shared/ipc/url-policy.ts';
import { siteTitle } from '../../../shared/site/config.ts';
import { runChecks } from '../check.ts';
import { folderKind, initSite } from '../init-site.ts';
import { siteShortcodeNames } from '../shortcodes.ts';
import { Workspace } from '../workspace.ts';
import type { BackendContext, Handlers } from './context.ts';

/** The calls about the site as a whole: open it, what it is, check it, the host's doors. */
export type SiteCalls =
  | 'openSite'
  | 'initSite'
  | 'currentSite'
  | 'recentSites'
  | 'checkSite'
  | 'revealInFolder'
  | 'openExternal';

/** The site the UI sees: its folder, config and the values the renderer renders with. */
export async function siteInfo(ws: Workspace) {
  return {
    root: ws.root,
    readOnly: ws.readOnly,
    title: siteTitle(ws.config) || path.basename(ws.root),
    configFile: ws.configFile,
    postsFolder: ws.postsFolder,
    summaryMode: ws.config.summaryMode,
    pagerSize: ws.config.pagerSize,
    config: {
      typographer: ws.config.typographer,
      unsafeHtml: ws.config.unsafeHtml,
      summaryLength: ws.config.summaryLength,
      hasCJKLanguage: ws.config.hasCJKLanguage,
      enableEmoji: ws.config.enableEmoji,
      codeFences: ws.config.codeFences,
      dateFormat: ws.config.dateFormat,
      showReadingTime: ws.config.showReadingTime,
      permalinks: ws.config.permalinks,
      headingIdType: ws.config.headingIdType,
      lineNos: ws.config.lineNos,
      lineNoStart: ws.config.lineNoStart,
      guessSyntax: ws.config.guessSyntax,
      params: ws.config.params,
      baseURL: ws.config.baseURL,
      privacy: ws.config.privacy,
      contentDir: ws.config.contentDir,
    },
    shortcodes: [...(await siteShortcodeNames(ws.root))].sort(),
  };
}

export function siteHandlers(ctx: BackendContext): Handlers<SiteCalls> {
  return {
    openSite: async ({ path: requested, allowOutsideContent, allowWrites }) => {
      const dir = await ctx.confirmed('site', requested);
      const kind = await folderKind(dir);
      if (kind === 'empty' && (await isFolder(dir)))
        throw new QuireError(
          'not-a-site',
          'is not a Hugo site yet (no hugo.toml and no Markdown); create a new site there?',
          { file: dir },
        );
      const ws = await Workspace.open(dir, { cacheDir: ctx.cacheDir, allowOutsideContent });
      // Markdown without a config: read-only until the user says "Edit anyway".
      ws.readOnly = kind === 'markdown' && allowWrites !== true;
      await ctx.open(ws);
      ctx.settings.addRecent({
        path: ws.root,
        title: siteTitle(ws.config) || path.basename(ws.root),
      });
      return await siteInfo(ws);
    },
    initSite: async ({ path: requested, ...options }) => {
      const dir = await ctx.confirmed('site', requested);
      await initSite(dir, options);
      const ws = await Workspace.open(dir, { cacheDir: ctx.cacheDir });
      await ctx.open(ws);
      ctx.settings.addRecent({
        path: ws.root,
        title: siteTitle(ws.config) || path.basename(ws.root),
      });
      return await siteInfo(ws);
    },
    currentSite: async () => {
      const open = ctx.current();
      return open ? await siteInfo(open.ws) : null;
    },
    recentSites: async () => ctx.settings.get().recentSites,
    checkSite: async () => {
      const { ws, planner } = ctx.site();
      return runChecks(ws, planner);
    },
    revealInFolder: async ({ path: rel }) => ({
      shown: await ctx.platform.revealInFolder(ctx.site().ws.resolve(rel)),
    }),
    openExternal: async ({ url }) => {
      if (!isSafeExternalUrl(url))
        throw new QuireError(
          'forbidden',
          `refused to open "${url.slice(0, 200)}": only http, https and mailto links open outside Quire`,
        );
      return { opened: await ctx.platform.openExternal(url) };
    },
  };
}

async function isFolder(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => null))?.isDirectory() === true;
}
