import { existsSync } from 'node:fs';
import { cp, mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseFrontMatter, setField } from '../../shared/content/front-matter.ts';
import { slugify } from '../../shared/content/slug.ts';
import { QuireError } from '../../shared/errors.ts';
import { readVersion } from './atomic-write.ts';
import { toRel } from './paths.ts';
import type { PostStore } from './post-store.ts';
import { CONTENT_EXT } from './site-index.ts';
import type { IndexedPost, SiteIndex } from './site-index.ts';

/**
 * What a user does to whole posts: create, rename (file or bundle folder, and its `slug`),
 * duplicate, delete into a trash. Every write goes through the post store.
 */
export class PostOperations {
  constructor(
    private readonly root: string,
    private readonly index: SiteIndex,
    private readonly store: PostStore,
    /** The folder new posts go in (site-relative). */
    private readonly postsFolder: () => string,
  ) {}

  private indexed(rel: string): IndexedPost {
    const post = this.index.post(rel);
    if (!post) throw new QuireError('not-found', 'no such post', { file: rel });
    return post;
  }

  /** The other pages in a bundle's folder: its translations (`index.md` beside `index.fr.md`). */
  private translationsBeside(post: IndexedPost): string[] {
    if (!post.bundle) return [];
    const dir = path.posix.dirname(post.path);
    return this.index
      .posts()
      .filter((p) => p.path !== post.path && path.posix.dirname(p.path) === dir)
      .map((p) => p.path);
  }

  /** A free path in the posts folder for a new post titled `title` (`my-title.md`, `-2`…). */
  async newPostPath(title: string): Promise<string> {
    const t = title.trim();
    if (!t) throw new QuireError('invalid-request', 'a new post needs a title');
    const slug = slugify(t) || 'untitled';
    return this.freeName(`${this.postsFolder()}/${slug}`, '.md');
  }

  private async freeName(stem: string, ext: string): Promise<string> {
    for (let n = 1; ; n++) {
      const candidate = `${stem}${n === 1 ? '' : `-${n}`}`;
      if (
        !existsSync(this.store.resolve(candidate + ext)) &&
        !existsSync(this.store.resolve(candidate))
      )
        return candidate + ext;
    }
  }

  /** Copies a post (bundle resources too) as a draft titled "… (copy)". Returns its path. */
  async duplicatePost(rel: string): Promise<string> {
    this.store.assertWritable();
    const post = this.indexed(rel);
    const abs = this.store.resolve(rel);
    const { text } = await this.store.readPost(rel);
    let f = parseFrontMatter(text, rel);
    f = parseFrontMatter(setField(f, 'title', `${post.meta.title || post.baseName} (copy)`), rel);
    const copyText = setField(f, 'draft', true);
    if (post.bundle) {
      const dir = path.dirname(abs);
      const newDirRel = await this.freeName(`${toRel(this.root, dir)}-copy`, '');
      const newDir = this.store.resolve(newDirRel);
      // Its translations stay behind: the copy is this page's only.
      const others = new Set(this.translationsBeside(post).map((p) => this.store.resolve(p)));
      await cp(dir, newDir, {
        recursive: true,
        errorOnExist: true,
        force: false,
        filter: (src) => !others.has(src),
      });
      const newRel = `${newDirRel}/${path.basename(abs)}`;
      const { version } = await readVersion(this.store.resolve(newRel));
      await this.store.savePost(newRel, copyText, version);
      return newRel;
    }
    const newRel = await this.freeName(rel.replace(CONTENT_EXT, '') + '-copy', path.extname(rel));
    await this.store.savePost(newRel, copyText, null);
    return newRel;
  }

  /**
   * Deletes a post (its bundle folder too, unless that holds its translations) by handing
   * it to `trash`; the default moves it into the site's `.trash/` folder, keeping its path.
   * Returns where it went.
   */
  async deletePost(rel: string, trash?: (abs: string) => Promise<string>): Promise<string> {
    this.store.assertWritable();
    const post = this.indexed(rel);
    const abs = this.store.resolve(rel);
    // A bundle goes with its folder, unless the folder holds its translations too.
    const target = post.bundle && !this.translationsBeside(post).length ? path.dirname(abs) : abs;
    const where = trash ? await trash(target) : await this.moveToSiteTrash(target);
    await this.index.remove(rel, true);
    return where;
  }

  /**
   * Puts a post deleted into the site's `.trash/` back where it was (`to`: its path when
   * deleted; default: the trash path without `.trash/` and the `.2`… a second copy got).
   * Refuses when something is there now. Returns the post's path.
   */
  async restorePost(trashed: string, to?: string): Promise<string> {
    const rel = trashed.replace(/\\/g, '/');
    if (!rel.startsWith('.trash/'))
      throw new QuireError('invalid-request', "not in the site's .trash/ folder", {
        file: trashed,
      });
    const src = this.store.resolve(rel);
    const st = await stat(src).catch(() => null);
    if (!st) throw new QuireError('not-found', 'no such file in .trash/', { file: trashed });
    let back = to ?? rel.slice('.trash/'.length);
    if (
      to === undefined &&
      !existsSync(this.store.resolve(back)) &&
      /\.\d+$/.test(back) &&
      CONTENT_EXT.test(back.replace(/\.\d+$/, ''))
    )
      back = back.replace(/\.\d+$/, '');
    const dest = this.store.resolve(back);
    if (existsSync(dest))
      throw new QuireError('invalid-request', 'something is there now; nothing was restored', {
        file: back,
      });
    await mkdir(path.dirname(dest), { recursive: true });
    await rename(src, dest);
    if (st.isDirectory()) {
      await this.index.reindex();
      const post = this.index.posts().find((p) => p.path.startsWith(back + '/'));
      return post?.path ?? back;
    }
    await this.index.refreshFile(dest);
    return back;
  }

  private async moveToSiteTrash(abs: string): Promise<string> {
    const rel = toRel(this.root, abs);
    let dest = path.join(this.root, '.trash', rel);
    for (let n = 2; existsSync(dest); n++) dest = path.join(this.root, '.trash', `${rel}.${n}`);
    await mkdir(path.dirname(dest), { recursive: true });
    await rename(abs, dest);
    return toRel(this.root, dest);
  }
}
