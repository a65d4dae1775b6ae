import { QuireError } from '../../shared/errors.ts';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { createAtomically } from './atomic-write.ts';
import type { Workspace } from './workspace.ts';

const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg)$/i;

/** A refusal the UI answers by asking (a single-file post must become a bundle). */
export class NeedsBundle extends QuireError {
  constructor(post: string) {
    super(
      'needs-bundle',
      `${post} is a single file; turn it into a page bundle (a folder with index.md) to keep images next to it`,
    );
    this.name = 'NeedsBundle';
  }
}

function safeName(name: string): string {
  const base = path
    .basename(name)
    .normalize('NFKC')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .toLowerCase();
  if (!IMAGE.test(base))
    throw new QuireError(
      'invalid-request',
      'only images (png, jpg, gif, webp, avif, svg) can be added',
      {
        file: name,
      },
    );
  return base;
}

/**
 * Adds an image for a post: into its bundle (a single-file post becomes a bundle when
 * `convertToBundle`), or into static/images. Never overwrites: a taken name gets `-2`.
 * Returns the link to write in the post and the file's site path.
 */
export async function addImage(
  ws: Workspace,
  post: string,
  name: string,
  data: Uint8Array,
  target: 'bundle' | 'static',
  convertToBundle = false,
): Promise<{ link: string; file: string; post: string }> {
  const entry = ws.post(post);
  if (!entry) throw new QuireError('not-found', 'no such post', { file: post });
  let postPath = post;
  let dir: string;
  if (target === 'bundle') {
    if (!entry.bundle) {
      if (!convertToBundle) throw new NeedsBundle(post);
      // content/posts/a.md -> content/posts/a/index.md: the post's URL stays the same.
      const abs = ws.resolve(post);
      const folder = abs.replace(/\.(md|markdown)$/i, '');
      if (existsSync(folder))
        throw new QuireError('failed', "a folder with the post's name already exists", {
          file: path.basename(folder),
        });
      await mkdir(folder);
      await rename(abs, path.join(folder, `index${path.extname(abs)}`));
      postPath = path
        .relative(ws.root, path.join(folder, `index${path.extname(abs)}`))
        .split(path.sep)
        .join('/');
      await ws.refresh(post);
      await ws.refresh(postPath);
    }
    dir = path.dirname(ws.resolve(postPath));
  } else {
    dir = ws.resolve('static/images');
    await mkdir(dir, { recursive: true });
  }
  const base = safeName(name);
  let file = base;
  for (let n = 2; existsSync(path.join(dir, file)); n++)
    file = base.replace(/(\.[^.]+)$/, `-${n}$1`);
  const abs = path.join(dir, file);
  ws.resolve(path.relative(ws.root, abs).split(path.sep).join('/'));
  // Whole or not at all, even if the app is killed mid-write; never over an existing file.
  await createAtomically(abs, data);
  const rel = path.relative(ws.root, abs).split(path.sep).join('/');
  return { link: target === 'bundle' ? file : `/images/${file}`, file: rel, post: postPath };
}

/** True for files the preview may load from the site (images and media). */
export function isSiteAsset(rel: string): boolean {
  return /\.(png|jpe?g|gif|webp|avif|svg|ico|mp4|webm|mp3|ogg)$/i.test(rel);
}
