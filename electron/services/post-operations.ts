import { existsSync } from 'node:fs';
import { cp, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { writeLocalDateTime } from '../../shared/content/dates.ts';
import { findKey, parseFrontMatter, setField } from '../../shared/content/front-matter.ts';
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

  /**
   * Creates a draft post from a title in the posts folder, dated now with the local UTC
   * offset. `now` and `offsetMinutes` default to the clock. Returns its path.
   */
  async createPost(
    title: string,
    now = Date.now(),
    offsetMinutes = -new Date(now).getTimezoneOffset(),
  ): Promise<string> {
    const t = title.trim();
    if (!t) throw new QuireError('invalid-request', 'a new post needs a title');
    const slug = slugify(t) || 'untitled';
    const rel = await this.freeName(`${this.postsFolder()}/${slug}`, '.md');
    const text = `---\ntitle: ${JSON.stringify(t)}\ndate: ${writeLocalDateTime(now, offsetMinutes)}\ndraft: true\n---\n\n`;
    await this.store.savePost(rel, text, null);
    return rel;
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

  /** Renames a post's file (or bundle folder) to a new slug; updates a `slug` field. */
  async renamePost(rel: string, newSlug: string): Promise<string> {
    const post = this.indexed(rel);
    const slug = slugify(newSlug);
    if (!slug) throw new QuireError('invalid-request', `"${newSlug}" does not make a usable slug`);
    const abs = this.store.resolve(rel);
    const from = post.bundle ? path.dirname(abs) : abs;
    const ext = post.bundle ? '' : path.extname(abs);
    const target = path.join(path.dirname(from), slug + ext);
    if (existsSync(target))
      throw new QuireError('invalid-request', 'already exists; choose another slug', {
        file: toRel(this.root, target),
      });
    this.store.resolve(toRel(this.root, target));
    await rename(from, target);
    const newRel = toRel(this.root, post.bundle ? path.join(target, path.basename(abs)) : target);
    await this.index.remove(rel, false);
    if (findKey(post.data, 'slug') !== undefined) {
      const { text, version } = await this.store.readPost(newRel);
      await this.store.savePost(
        newRel,
        setField(parseFrontMatter(text, newRel), 'slug', slug),
        version,
      );
    } else {
      await this.index.refreshFile(this.store.resolve(newRel));
    }
    return newRel;
  }

  /** Copies a post (bundle resources too) as a draft titled "… (copy)". Returns its path. */
  async duplicatePost(rel: string): Promise<string> {
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
      await cp(dir, newDir, { recursive: true, errorOnExist: true, force: false });
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
   * Deletes a post (its bundle folder too) by handing it to `trash`; the default moves it
   * into the site's `.trash/` folder, keeping its path. Returns where it went.
   */
  async deletePost(rel: string, trash?: (abs: string) => Promise<string>): Promise<string> {
    const post = this.indexed(rel);
    const abs = this.store.resolve(rel);
    const target = post.bundle ? path.dirname(abs) : abs;
    const where = trash ? await trash(target) : await this.moveToSiteTrash(target);
    await this.index.remove(rel, true);
    return where;
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
