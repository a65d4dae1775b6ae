import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rmdir } from 'node:fs/promises';
import path from 'node:path';
import {
  findKey,
  parseFrontMatter,
  removeField,
  setField,
} from '../../shared/content/front-matter.ts';
import { isLeafIndex } from '../../shared/content/content-files.ts';
import { toPostMeta } from '../../shared/content/post.ts';
import { slugify } from '../../shared/content/slug.ts';
import { QuireError } from '../../shared/errors.ts';
import { planSite, planUrl } from '../../shared/site/plan.ts';
import type { SitePlan } from '../../shared/site/plan.ts';
import { hiddenReason } from '../../shared/site/publish.ts';
import { refResolver } from '../../shared/site/refs.ts';
import { applyEdits, changedLines, linkEdits } from '../../shared/site/rename-links.ts';
import { contentPath } from '../../shared/site/urls.ts';
import type { IndexedPost } from './site-index.ts';
import type { SitePlanner } from './site-plan.ts';
import { todayAsOf } from './today.ts';
import type { Workspace } from './workspace.ts';

/** What to change: the slug field, the file (or bundle folder) name, single file <-> bundle. */
export interface RenameRequest {
  /** Set the `slug` field ('' removes it); absent: unchanged. */
  slug?: string;
  /** The new file or bundle folder name (no extension); absent: unchanged. */
  name?: string;
  /** true: a bundle (`name/index.md`); false: a single file; absent: unchanged. */
  bundle?: boolean;
  /** Add the old URL to `aliases` when the published URL changes (default true). */
  alias?: boolean;
}

/** One file the rename changes, with the lines before and after (for the confirm list). */
export interface RenameChange {
  file: string;
  /** The file's path after the rename (differs for the renamed post itself). */
  newFile: string;
  lines: { line: number; before: string; after: string }[];
}

/** What a rename will do, before it does it. */
export interface RenamePlan {
  from: string;
  to: string;
  oldUrl: string;
  newUrl: string;
  /** The alias added (the old URL), or null. */
  alias: string | null;
  /** Every file written, the renamed post first. */
  changes: RenameChange[];
}

interface Prepared {
  plan: RenamePlan;
  texts: Map<string, { text: string; version: string; next: string }>;
  post: IndexedPost;
  toBundle: boolean;
}

/** The plan's options for "where the post is, published or not": every post placed. */
const allPosts = () => ({ asOf: todayAsOf(), drafts: true, future: true, expired: true });

async function prepare(
  ws: Workspace,
  planner: SitePlanner,
  rel: string,
  req: RenameRequest,
): Promise<Prepared> {
  ws.store.assertWritable();
  const post = ws.post(rel);
  if (!post) throw new QuireError('not-found', 'no such post', { file: rel });
  const abs = ws.pathOf(rel);
  const fileName = path.posix.basename(rel);
  const ext = path.posix.extname(fileName);
  const parent = post.bundle
    ? path.posix.dirname(path.posix.dirname(rel))
    : path.posix.dirname(rel);
  const name = req.name === undefined ? post.baseName : req.name.trim();
  if (
    !name ||
    name.includes('/') ||
    name.includes('\\') ||
    name.startsWith('.') ||
    name.includes('\0')
  )
    throw new QuireError('invalid-request', `"${req.name}" is not a usable file name`, {
      file: rel,
    });
  const toBundle = req.bundle ?? post.bundle;
  const to = toBundle
    ? `${parent}/${name}/${post.bundle ? fileName : `index${ext}`}`
    : `${parent}/${name}${ext}`;
  ws.resolve(to);
  if (to !== rel) {
    const target = toBundle ? path.dirname(ws.resolve(to)) : ws.resolve(to);
    // Only a bundle folder whose name changes case only may "exist" (it is itself).
    const same = post.bundle && toBundle && name.toLowerCase() === post.baseName.toLowerCase();
    if (existsSync(target) && !same)
      throw new QuireError('invalid-request', 'already exists; choose another name', {
        file: toBundle ? path.posix.dirname(to) : to,
      });
    // A bundle folder that holds another translation's page (`index.md` beside
    // `index.fr.md`): moving the folder would move that page too.
    if (post.bundle && path.posix.dirname(to) !== path.posix.dirname(rel)) {
      const langs = (ws.config.languages ?? []).map((l) => l.lang);
      const translations = (await readdir(path.dirname(abs))).filter(
        (f) => f !== fileName && isLeafIndex(f, langs),
      );
      if (translations.length)
        throw new QuireError(
          'invalid-request',
          `the bundle folder also holds ${translations.join(', ')} (its translations); renaming it would move them too, so it is not renamed (change the slug instead)`,
          { file: rel },
        );
    }
    if (post.bundle && !toBundle) {
      const others = (await readdir(path.dirname(abs))).filter((f) => f !== fileName);
      if (others.length)
        throw new QuireError(
          'invalid-request',
          `the bundle holds other files (${others.slice(0, 3).join(', ')}); it stays a bundle`,
          { file: rel },
        );
    }
  }

  // The post's own front matter after the rename (slug), before aliases.
  const own = await ws.readPost(rel);
  let ownText = own.text;
  if (req.slug !== undefined) {
    const slug = req.slug.trim() === '' ? '' : slugify(req.slug) || req.slug.trim();
    const f = parseFrontMatter(ownText, rel);
    const key = findKey(f.data, 'slug') ?? 'slug';
    ownText = slug === '' ? removeField(f, key) : setField(f, key, slug);
  }
  const newData = parseFrontMatter(ownText, rel).data;
  if (to === rel && ownText === own.text)
    throw new QuireError('invalid-request', 'nothing to change: same name and slug', { file: rel });

  // URLs, both from the site plan: now, and with the post moved.
  const options = allPosts();
  const before = await planner.plan(options);
  const tree = await planner.siteTree();
  const moved = {
    ...post,
    path: to,
    bundle: toBundle,
    baseName: name,
    data: newData,
    meta: toPostMeta(newData, Object.values(ws.config.taxonomies)),
  };
  const after: SitePlan = planSite(
    ws.posts().map((p) => (p.path === rel ? moved : p)),
    ws.config,
    options,
    tree,
  );
  const oldUrl = planUrl(before, post);
  const newUrl = planUrl(after, moved);
  const published = hiddenReason(post.meta, todayAsOf()) === null;
  const aliases = post.meta.aliases;
  const alias =
    req.alias !== false && published && oldUrl !== newUrl && !aliases.includes(oldUrl)
      ? oldUrl
      : null;

  // Links across the site.
  const contentDir = ws.config.contentDir;
  const resolveOld = refResolver(ws.posts(), ws.config, (p) => planUrl(before, p));
  const resolveNew = refResolver(
    ws.posts().map((p) => (p.path === rel ? moved : p)),
    ws.config,
    (p) => planUrl(after, p),
  );
  const newContent = contentPath(moved, contentDir);
  const refTarget = (from: string) => (target: string) => {
    const fromAfter = from === rel ? to : from;
    if (resolveOld(target, from) !== oldUrl) return null;
    if (resolveNew(target, fromAfter) === newUrl) return null;
    const t = target.trim();
    const withExt = /\.[a-z0-9]+$/i.test(t);
    if (!t.includes('/')) return withExt && !toBundle ? `${name}${ext}` : name;
    const lead = t.startsWith('/') ? '/' : '';
    return (
      lead + (withExt ? newContent : newContent.replace(/\.[^./]+$/, '').replace(/\/index$/, ''))
    );
  };

  const texts = new Map<string, { text: string; version: string; next: string }>();
  const changes: RenameChange[] = [];
  for (const p of ws.posts()) {
    const { text, version } = p.path === rel ? own : await ws.readPost(p.path);
    // The renamed post's links are found in its text after the slug edit.
    const base = p.path === rel ? ownText : text;
    const f = parseFrontMatter(base, p.path);
    const bodyStart = base.length - f.split.body.length;
    const edits = linkEdits(base, bodyStart, {
      oldUrl,
      newUrl,
      baseURL: ws.config.baseURL,
      pageUrl: p.path === rel ? newUrl : planUrl(before, p),
      refTarget: refTarget(p.path),
    });
    let next = edits.length ? applyEdits(base, edits) : null;
    if (p.path === rel) {
      if (next === null) next = ownText;
      if (alias) {
        const g = parseFrontMatter(next, rel);
        const key = findKey(g.data, 'aliases') ?? 'aliases';
        next = setField(g, key, [...aliases, alias]);
      }
    }
    if (next === null || (next === text && p.path !== rel)) continue;
    texts.set(p.path, { text, version, next });
    const beforeLines = text.split('\n');
    const afterLines = next.split('\n');
    changes.push({
      file: p.path,
      newFile: p.path === rel ? to : p.path,
      lines: changedLines(text, next).map((line) => ({
        line,
        before: beforeLines.length === afterLines.length ? (beforeLines[line - 1] ?? '') : '',
        after: afterLines[line - 1] ?? '',
      })),
    });
  }
  changes.sort((a, b) => (a.file === rel ? -1 : b.file === rel ? 1 : a.file.localeCompare(b.file)));
  return { plan: { from: rel, to, oldUrl, newUrl, alias, changes }, texts, post, toBundle };
}

/** What renaming `rel` would change (nothing is written). */
export async function planRename(
  ws: Workspace,
  planner: SitePlanner,
  rel: string,
  req: RenameRequest,
): Promise<RenamePlan> {
  return (await prepare(ws, planner, rel, req)).plan;
}

/**
 * Renames a post: edits the links in other posts (each a conditional save of only the
 * changed bytes), moves the file or bundle, and writes its own edits (slug, aliases).
 * A file changed on disk since it was read stops the rename before anything moves.
 */
export async function renamePost(
  ws: Workspace,
  planner: SitePlanner,
  rel: string,
  req: RenameRequest,
): Promise<RenamePlan> {
  const { plan, texts, post, toBundle } = await prepare(ws, planner, rel, req);
  // Others first: each save is conditional on the version the plan read.
  for (const [file, t] of texts) if (file !== rel) await ws.savePost(file, t.next, t.version);
  const own = texts.get(rel);
  if (plan.to !== rel) {
    const abs = ws.pathOf(rel);
    const dest = ws.resolve(plan.to);
    if (post.bundle && toBundle) await rename(path.dirname(abs), path.dirname(dest));
    else if (post.bundle) {
      // Bundle -> single file: the folder holds only its index (checked).
      await rename(abs, dest);
      await rmdir(path.dirname(abs));
    } else {
      await mkdir(path.dirname(dest), { recursive: true });
      await rename(abs, dest);
    }
    await ws.forget(rel);
  }
  if (own && own.next !== own.text) {
    // A move keeps the bytes: the save is conditional on the version the plan read.
    await ws.savePost(plan.to, own.next, own.version);
  } else await ws.refresh(plan.to);
  return plan;
}
