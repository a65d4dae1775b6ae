import { readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isBuiltinShortcode } from '../../shared/markdown/shortcode-tree.ts';
import { parseConfigText } from '../../shared/site/config.ts';
import { loadSiteConfig } from './site-config-file.ts';

/**
 * The names of a site's own shortcodes: templates under `layouts/shortcodes/` (or
 * `layouts/_shortcodes/`) of the
 * site and of its theme (`theme` in the config; every theme under themes/ when the config
 * names none), with nested folders as namespaces (`a/b`). Output-format and language
 * variants (`note.en.html`, `note.amp.html`) name the same shortcode. Links are not
 * followed; a missing folder is no shortcodes.
 */
export async function siteShortcodeNames(root: string): Promise<Set<string>> {
  const names = new Set<string>();
  const dirs = shortcodeDirs(root);
  const themes = await configuredThemes(root);
  const themeNames = themes ?? (await listDirs(path.join(root, 'themes')));
  for (const t of themeNames) dirs.push(...shortcodeDirs(path.join(root, 'themes', t)));
  for (const dir of dirs) await collect(dir, '', names, 0);
  return names;
}

/**
 * Where a site or theme keeps its shortcodes: `layouts/shortcodes/`, or
 * `layouts/_shortcodes/` (Hugo 0.146 and later; hacdias.com uses it).
 */
function shortcodeDirs(dir: string): string[] {
  return [path.join(dir, 'layouts/shortcodes'), path.join(dir, 'layouts/_shortcodes')];
}

async function collect(dir: string, prefix: string, names: Set<string>, depth: number) {
  if (depth > 4) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isDirectory())
      await collect(path.join(dir, e.name), `${prefix}${e.name}/`, names, depth + 1);
    else if (e.isFile() && /\.(html|md|txt|json|xml)$/i.test(e.name))
      names.add(`${prefix}${e.name.split('.')[0]}`);
  }
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * The themes the config names that are not in this folder: `themes/<name>` missing or
 * without `layouts/` (a git submodule not checked out), and Hugo modules it imports
 * (`module.imports`, kept outside the site). Their shortcodes cannot be known.
 */
export async function absentThemes(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const t of (await configuredThemes(root)) ?? []) {
    const layouts = await listDirs(path.join(root, 'themes', t));
    if (!layouts.includes('layouts')) out.push(`themes/${t}`);
  }
  try {
    const { file, text } = await loadSiteConfig(root);
    if (file && text !== null) {
      const raw = parseConfigText(file, text);
      const mod = Object.entries(raw).find(([k]) => k.toLowerCase() === 'module')?.[1];
      const imports =
        mod && typeof mod === 'object' ? (mod as Record<string, unknown>).imports : null;
      if (Array.isArray(imports))
        for (const i of imports) {
          const p = i && typeof i === 'object' ? (i as Record<string, unknown>).path : null;
          if (typeof p === 'string' && p) out.push(`the Hugo module ${p}`);
        }
    }
  } catch {
    // an unreadable config names no themes
  }
  return out;
}

/** The config's `theme` (a name or a list), or null when it names none. */
export async function configuredThemes(root: string): Promise<string[] | null> {
  try {
    const { file, text } = await loadSiteConfig(root);
    if (!file || text === null) return null;
    const raw = parseConfigText(file, text);
    const theme = Object.entries(raw).find(([k]) => k.toLowerCase() === 'theme')?.[1];
    if (typeof theme === 'string' && theme) return [theme];
    return Array.isArray(theme) ? theme.map(String) : null;
  } catch {
    return null;
  }
}

/**
 * Hugo built-ins the site replaces with its own template (`layouts/shortcodes/highlight.html`,
 * or its themes'): Hugo renders the site's, so Quire shows them as the site's own.
 */
export function builtinOverrides(root: string): Set<string> {
  const out = new Set<string>();
  const dirs = shortcodeDirs(root);
  try {
    for (const t of readdirSync(path.join(root, 'themes'), { withFileTypes: true }))
      if (t.isDirectory()) dirs.push(...shortcodeDirs(path.join(root, 'themes', t.name)));
  } catch {
    // no themes
  }
  for (const dir of dirs) {
    try {
      for (const f of readdirSync(dir)) {
        const name = f.split('.')[0]!;
        if (isBuiltinShortcode(name)) out.add(name);
      }
    } catch {
      // no folder
    }
  }
  return out;
}
