import { updateSiteConfigFile } from '../site-config-edit.ts';
import type { BackendContext, Handlers } from './context.ts';

/** The calls about the site's config: read the settings, change some. */
export type ConfigCalls = 'readSiteConfig' | 'updateSiteConfig';

export function configHandlers(ctx: BackendContext): Handlers<ConfigCalls> {
  return {
    readSiteConfig: async () => {
      const { ws } = ctx.site();
      const c = ws.config;
      const values = {
        title: c.title,
        baseURL: c.baseURL,
        languageCode: c.languageCode,
        author: c.author,
        pagerSize: c.pagerSize,
        summaryLength: c.summaryLength,
        summaryMode: c.summaryMode,
        dateFormat: c.dateFormat,
        showReadingTime: c.showReadingTime,
        unsafeHtml: c.unsafeHtml,
      };
      if (!ws.configFile) return { file: null, text: null, values };
      const { text } = await ws.readText(ws.configFile);
      return { file: ws.configFile, text, values };
    },
    updateSiteConfig: async ({ set }) => ({
      file: await updateSiteConfigFile(ctx.site().ws, set),
    }),
  };
}
