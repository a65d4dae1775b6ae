import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import { toPostMeta } from '../../shared/content/post.ts';
import { planSite } from '../../shared/site/plan.ts';
import type { ContentTree, PlanOptions, SitePlan } from '../../shared/site/plan.ts';
import type { SitePost } from '../../shared/site/listing.ts';
import { languageRoots } from './site-index.ts';
import { decodeText } from './text-file.ts';
import type { Workspace } from './workspace.ts';

/** What the plan needs from the site folder besides the posts, and the static/ files. */
export interface SiteTree extends ContentTree {
  sectionDirs: string[];
  contentFiles: string[];
  sectionPages: { dir: string; title: string; aliases: string[]; path: string }[];
  indexFiles: string[];
  /** Files under static/, relative to it. */
  staticFiles: string[];
}

const MARKDOWN = /\.(md|markdown|mdown|mkd|html?)$/i;

async function walk(dir: string, visit: (rel: string, isDir: boolean) => void, base = dir) {
  let items;
  try {
    items = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of items) {
    if (d.name.startsWith('.') || d.name === 'node_modules') continue;
    const abs = path.join(dir, d.name);
    const rel = path.relative(base, abs).split(path.sep).join('/');
    if (d.isDirectory()) {
      visit(rel, true);
      await walk(abs, visit, base);
    } else if (d.isFile()) visit(rel, false);
  }
}

/**
 * Scans the content folder for nested sections (folders with an `_index` file) and the
 * files Hugo copies as they are (everything that is not content), and lists static/.
 */
export async function scanSiteTree(ws: Workspace): Promise<SiteTree> {
  const sectionDirs: string[] = [];
  const contentFiles: string[] = [];
  const sectionPages: SiteTree['sectionPages'] = [];
  const indexes: { dir: string; abs: string }[] = [];
  const indexFiles: string[] = [];
  const siteRel = (abs: string) => path.relative(ws.root, abs).split(path.sep).join('/');
  const content = ws.contentRoot;
  // A plain folder of posts (no config, no content/) has no content files to copy.
  if (content !== ws.root) {
    await walk(content, (rel, isDir) => {
      if (isDir) return;
      const name = rel.split('/').pop()!;
      if (/^_index\./i.test(name)) {
        indexFiles.push(siteRel(path.join(content, rel)));
        if (rel.includes('/')) {
          const dir = rel.slice(0, rel.lastIndexOf('/'));
          sectionDirs.push(dir);
          indexes.push({ dir, abs: path.join(content, rel) });
        }
      } else if (!MARKDOWN.test(name)) {
        contentFiles.push(siteRel(path.join(content, rel)));
      }
    });
    // A multilingual site's language folders outside content/: their `_index` files and
    // the files Hugo copies (their paths are the site's; the plan re-roots them).
    for (const root of languageRoots(ws)) {
      await walk(root, (rel, isDir) => {
        if (isDir) return;
        const abs = path.join(root, rel);
        const name = rel.split('/').pop()!;
        if (/^_index\./i.test(name)) {
          indexFiles.push(siteRel(abs));
          if (rel.includes('/'))
            indexes.push({ dir: path.relative(content, path.dirname(abs)), abs });
        } else if (!MARKDOWN.test(name)) contentFiles.push(siteRel(abs));
      });
    }
    // Plain HTML documents: not pages, copied as they are (the index read them).
    contentFiles.push(...ws.copiedAsIs());
  }
  // The sections' own pages: their title and aliases (a file that does not parse is
  // skipped here; it is not a post, and Hugo would stop on it anyway).
  for (const { dir, abs } of indexes) {
    try {
      const text = decodeText(await readFile(abs), dir);
      const meta = toPostMeta(parseFrontMatter(text, dir).data);
      if (meta.title || meta.aliases.length)
        sectionPages.push({
          dir,
          title: meta.title,
          aliases: meta.aliases,
          path: siteRel(abs),
        });
    } catch {
      continue;
    }
  }
  const staticFiles: string[] = [];
  await walk(path.join(ws.root, 'static'), (rel, isDir) => {
    if (!isDir) staticFiles.push(rel);
  });
  return {
    sectionDirs: sectionDirs.sort(),
    contentFiles: contentFiles.sort(),
    sectionPages: sectionPages.sort((a, b) =>
      a.dir !== b.dir ? (a.dir < b.dir ? -1 : 1) : a.path < b.path ? -1 : 1,
    ),
    indexFiles: indexFiles.sort(),
    staticFiles: staticFiles.sort(),
  };
}

/** A post with the explicit version the build memo keys on (its file's mtime and size). */
export function versioned<T extends SitePost & { mtimeMs: number; size: number }>(
  posts: readonly T[],
): (T & { version: string })[] {
  return posts.map((p) => {
    // One versioned record per index record: a post whose file did not change is the
    // very same object in the next build, which the plan and render compare first.
    const version = `${p.mtimeMs}:${p.size}`;
    let v = versionedRecords.get(p) as (T & { version: string }) | undefined;
    if (!v || v.version !== version) versionedRecords.set(p, (v = { ...p, version }));
    return v;
  });
}

const versionedRecords = new WeakMap<object, SitePost & { version: string }>();

/**
 * The site plan for a workspace, cached until the index changes: the one place the back
 * end and the CLI get listings, where-a-post-lands and check from.
 */
export class SitePlanner {
  private tree: { version: number; tree: Promise<SiteTree> } | null = null;
  private plans = new Map<string, SitePlan>();
  private plansVersion = -1;

  constructor(private readonly ws: Workspace) {}

  /** The content tree, rescanned when the index changed. */
  siteTree(): Promise<SiteTree> {
    const version = this.ws.indexVersion;
    if (!this.tree || this.tree.version !== version)
      this.tree = { version, tree: scanSiteTree(this.ws) };
    return this.tree.tree;
  }

  /** The plan for these options. */
  async plan(options: PlanOptions): Promise<SitePlan> {
    const tree = await this.siteTree();
    if (this.plansVersion !== this.ws.indexVersion) {
      // Kept to lend to the next plans: after an edit of a post's text, the plan holds.
      this.previous = this.plans;
      this.plans = new Map();
      this.plansVersion = this.ws.indexVersion;
    }
    const key = JSON.stringify([options, this.ws.config]);
    let plan = this.plans.get(key);
    if (!plan) {
      if (this.plans.size > 16) this.plans.clear();
      plan = planSite(this.ws.posts(), this.ws.config, options, tree, this.previous.get(key));
      this.plans.set(key, plan);
    }
    return plan;
  }

  private previous = new Map<string, SitePlan>();
}
