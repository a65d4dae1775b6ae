import type { BackendContext, Handlers } from './context.ts';

/** The host's spellchecker: Electron's in the desktop app; the browser's elsewhere. */
export function spellcheckHandlers(ctx: BackendContext): Handlers<'spellcheck'> {
  return {
    async spellcheck(req) {
      const set = ctx.platform.spellcheck;
      if (!set) return { host: 'browser', languages: req.languages, available: [] };
      return { host: 'desktop', ...set(req.enabled, req.languages) };
    },
  };
}
