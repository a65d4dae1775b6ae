import { existsSync } from 'node:fs';
import { copyFile, constants, lstat, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ARCHETYPE, runArchetype } from '../../shared/content/archetype.ts';
import { findKey, parseFrontMatter, setField } from '../../shared/content/front-matter.ts';
import { QuireError } from '../../shared/errors.ts';
import { configuredThemes } from './shortcodes.ts';
import { toRel } from './paths.ts';
import type { Workspace } from './workspace.ts';

/** Content files Hugo runs as archetype templates (the rest of a bundle is copied). */
const CONTENT_EXT = /\.(md|markdown|mdown|mkd|mkdn|html?|adoc|asciidoc|pandoc|pdc|org|rst)$/i;

/** Options of `newContent` (the clock is a parameter for tests). */
export interface NewContentOptions {
  /** Hugo's `--kind`: the archetype to use instead of the target's section. */
  kind?: string;
  now?: number;
  offsetMinutes?: number;
  /** The title the user typed: set when the archetype's title differs (one field's lines). */
  title?: string;
}

/** Where an archetype was found: a file or a bundle folder, and the name shown in errors. */
interface Archetype {
  abs: string;
  shown: string;
  isDir: boolean;
}

/**
 * The archetype `hugo new <target>` uses (Hugo 0.111 create/content.go): `<kind><ext>`,
 * then `default<ext>`, each looked up in the site's `archetypes/` and then its themes'
 * (the site's file wins). A target without an extension looks for folders (bundles).
 */
export async function findArchetype(
  root: string,
  kind: string,
  ext: string,
): Promise<Archetype | null> {
  const dirs = [path.join(root, 'archetypes')];
  // A theme is a folder name under themes/: a name that would lead elsewhere is skipped.
  for (const t of (await configuredThemes(root)) ?? [])
    if (t && !/[/\\]|^\.\.?$/.test(t)) dirs.push(path.join(root, 'themes', t, 'archetypes'));
  const names = [...(kind ? [kind + ext] : []), 'default' + ext];
  for (const name of names)
    for (const dir of dirs) {
      const abs = path.join(dir, name);
      // Links are never followed: an archetype is the site's own file or folder.
      const st = await lstat(abs).catch(() => null);
      if (st && (st.isFile() || st.isDirectory()))
        return { abs, shown: toRel(root, abs), isDir: st.isDirectory() };
    }
  return null;
}

/**
 * Creates new content as `hugo new <target>` does: `target` is a path in the content
 * folder (`posts/my-post.md`, or `posts/my-bundle` for a bundle archetype). Every content
 * file is the archetype's template run for it; other files of a bundle archetype are
 * copied. Refuses a target that exists. Returns the created posts' site paths (the main
 * one first).
 */
export async function newContent(
  ws: Workspace,
  target: string,
  options: NewContentOptions = {},
): Promise<string[]> {
  const contentPrefix = toRel(ws.root, ws.contentRoot);
  let t = target.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (contentPrefix && t.startsWith(contentPrefix + '/')) t = t.slice(contentPrefix.length + 1);
  if (!t || t.startsWith('/') || t.split('/').some((s) => s === '..' || s === '.' || s === ''))
    throw new QuireError(
      'invalid-request',
      `"${target}" is not a path in the content folder (like posts/my-post.md)`,
    );
  const segs = t.split('/');
  const kind = options.kind ?? (segs.length >= 2 ? segs[0]! : '');
  const ext = path.posix.extname(t);
  const siteRel = (p: string) => (contentPrefix ? `${contentPrefix}/${p}` : p);
  const targetAbs = ws.resolve(siteRel(t));
  if (existsSync(targetAbs))
    throw new QuireError('invalid-request', 'already exists', { file: siteRel(t) });
  const archetype = await findArchetype(ws.root, kind, ext);
  const now = options.now ?? Date.now();
  const offsetMinutes = options.offsetMinutes ?? -new Date(now).getTimezoneOffset();
  const data = (p: string) => {
    const base = path.posix.basename(p);
    const stem = base.replace(/\.[^.]*$/, '');
    const isIndex = stem === 'index' || stem === '_index';
    return {
      name: isIndex ? path.posix.basename(path.posix.dirname(p)) : stem,
      type: kind || (p.includes('/') ? p.split('/')[0]! : 'page'),
      path: p,
      now,
      offsetMinutes,
      site: {
        title: ws.config.title,
        baseURL: ws.config.baseURL,
        languageCode: ws.config.languageCode,
        params: ws.config.params,
      },
    };
  };
  const titled = (text: string, rel: string) => {
    if (!options.title) return text;
    try {
      const f = parseFrontMatter(text, rel);
      const key = findKey(f.data, 'title');
      if (key === undefined || f.data[key] === options.title) return text;
      return setField(f, key, options.title);
    } catch {
      return text;
    }
  };

  if (archetype?.isDir) {
    if (ext)
      throw new QuireError(
        'invalid-request',
        `${archetype.shown} is a bundle archetype: give a folder name without an extension`,
      );
    const files: string[] = [];
    await walkFiles(archetype.abs, '', files);
    const created: string[] = [];
    // Content files first (they are the posts), then the rest copied as they are.
    const contents = files.filter((f) => CONTENT_EXT.test(f));
    const others = files.filter((f) => !CONTENT_EXT.test(f));
    const texts = [];
    for (const f of contents) {
      const src = await readFile(path.join(archetype.abs, f), 'utf8');
      const p = `${t}/${f}`;
      texts.push({ rel: siteRel(p), text: runArchetype(src, `${archetype.shown}/${f}`, data(p)) });
    }
    for (const { rel, text } of texts) {
      await mkdir(path.dirname(ws.resolve(rel)), { recursive: true });
      await ws.savePost(rel, titled(text, rel), null);
      created.push(rel);
    }
    for (const f of others) {
      const dest = ws.resolve(siteRel(`${t}/${f}`));
      await mkdir(path.dirname(dest), { recursive: true });
      await copyFile(path.join(archetype.abs, f), dest, constants.COPYFILE_EXCL);
    }
    // The bundle's index first: it is the post the user asked for.
    return created.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }
  if (!ext)
    throw new QuireError(
      'invalid-request',
      `no bundle archetype for "${t}" (archetypes/${kind || 'default'}/); give a file name like ${t}.md`,
    );
  if (!CONTENT_EXT.test(t))
    throw new QuireError('invalid-request', `"${t}" is not a content file (.md, .html…)`);
  const source = archetype ? await readFile(archetype.abs, 'utf8') : DEFAULT_ARCHETYPE;
  const shown = archetype?.shown ?? "Hugo's default archetype";
  const rel = siteRel(t);
  const text = runArchetype(source, shown, data(t));
  await mkdir(path.dirname(targetAbs), { recursive: true });
  await ws.savePost(rel, titled(text, rel), null);
  return [rel];
}

const rank = (rel: string) => (/\/_?index\.[^/]+$/.test(rel) ? 0 : 1);

async function walkFiles(dir: string, prefix: string, out: string[], depth = 0): Promise<void> {
  if (depth > 8) return;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory())
      await walkFiles(path.join(dir, e.name), `${prefix}${e.name}/`, out, depth + 1);
    else if (e.isFile()) out.push(prefix + e.name);
  }
}
