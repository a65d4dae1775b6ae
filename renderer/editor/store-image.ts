import { errorCode } from '../../shared/errors.ts';
import type { QuireApi } from '../../shared/ipc/contract.ts';
import { fileToBase64 } from './paste-image.ts';

/**
 * Copies a pasted or dropped image into the site for the post at `post()` and returns the
 * Markdown link to it. A single-file post becomes a bundle only after the user agrees;
 * `moved` hears of the post's new path.
 */
export async function storeImage(
  api: QuireApi,
  post: string,
  target: 'bundle' | 'static',
  file: File,
  moved: (from: string, to: string) => void,
): Promise<string | null> {
  const request = {
    post,
    name: file.name || `pasted-${Date.now()}.png`,
    dataBase64: await fileToBase64(file),
    target,
  };
  try {
    return (await api.addImage(request)).link;
  } catch (err) {
    if (errorCode(err) !== 'needs-bundle') {
      window.alert((err as Error).message);
      return null;
    }
    if (
      !window.confirm(
        `${(err as Error).message}\n\nTurn it into a bundle now? Its URL stays the same.`,
      )
    )
      return null;
    const r = await api.addImage({ ...request, convertToBundle: true });
    if (r.post !== post) moved(post, r.post);
    return r.link;
  }
}
