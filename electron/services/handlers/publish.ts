import { SitePublisher } from '../git.ts';
import type { BackendContext, Handlers } from './context.ts';

/** The calls that publish the site with git. */
export type PublishCalls = 'gitStatus' | 'gitCommit' | 'gitPull' | 'gitPush';

export function publishHandlers(ctx: BackendContext): Handlers<PublishCalls> {
  const publisher = () => {
    const { ws } = ctx.site();
    return new SitePublisher(ws.root, ws.config.contentDir, (op, line) =>
      ctx.emit({ type: 'gitProgress', data: { op, line } }),
    );
  };
  return {
    gitStatus: async () => publisher().status(),
    gitCommit: async ({ message }) => publisher().commit(message),
    gitPull: async () => publisher().pull(),
    gitPush: async () => publisher().push(),
  };
}
