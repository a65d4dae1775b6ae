import { addImage } from '../images.ts';
import type { BackendContext, Handlers } from './context.ts';

/** The calls about images: add one next to a post (or in static/). */
export type ImageCalls = 'addImage';

export function imageHandlers(ctx: BackendContext): Handlers<ImageCalls> {
  return {
    addImage: async ({ post, name, dataBase64, target, convertToBundle }) => {
      const { ws } = ctx.site();
      ws.resolve(post);
      const added = await addImage(
        ws,
        post,
        name,
        Buffer.from(dataBase64, 'base64'),
        target,
        convertToBundle,
      );
      // A post that became a bundle takes its unsaved text in the journal along.
      if (added.post !== post) ctx.journal.move(ws.root, post, added.post);
      return added;
    },
  };
}
