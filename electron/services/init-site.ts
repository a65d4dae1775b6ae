import { existsSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ARCHETYPE } from '../../shared/content/archetype.ts';
import { QuireError } from '../../shared/errors.ts';
import { CONFIG_FILES } from '../../shared/site/config.ts';

/** What a new site is asked for (the New site form, `quire init`). */
export interface NewSiteOptions {
  title: string;
  baseURL: string;
  languageCode: string;
  summaryMode: 'paragraph' | 'sentence';
}

/** What a folder is, for opening it: a Hugo site, a folder of Markdown, or neither. */
export type FolderKind = 'site' | 'markdown' | 'empty';

const MD = /\.(md|markdown|mdown|mkd)$/i;

/** Whether a folder is a Hugo site (it has a config), holds Markdown, or neither. */
export async function folderKind(dir: string): Promise<FolderKind> {
  for (const name of CONFIG_FILES) if (existsSync(path.join(dir, name))) return 'site';
  if (existsSync(path.join(dir, 'config'))) return 'site';
  return (await hasMarkdown(dir, 0)) ? 'markdown' : 'empty';
}

async function hasMarkdown(dir: string, depth: number): Promise<boolean> {
  if (depth > 3) return false;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    if (e.isFile() && MD.test(e.name)) return true;
    if (e.isDirectory() && (await hasMarkdown(path.join(dir, e.name), depth + 1))) return true;
  }
  return false;
}

const toml = (s: string) => JSON.stringify(s);

/**
 * The minimal layouts a new site gets, so a plain `hugo` build (no theme) renders a home
 * page listing the posts, each post's page, section and term lists. A theme added later
 * is used for anything these do not define; delete `layouts/` to let the theme do it all.
 */
export const MINIMAL_LAYOUTS: Record<string, string> = {
  'layouts/_default/baseof.html': `<!DOCTYPE html>
<html lang="{{ site.LanguageCode | default "en" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
`,
  'layouts/index.html': `{{ define "main" }}
{{ $pages := where site.RegularPages "Type" "in" site.Params.mainSections }}
{{ range (.Paginate $pages).Pages }}
<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
{{ .Summary }}
</article>
{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
`,
  'layouts/_default/list.html': `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range (.Paginate .Pages).Pages }}
<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
{{ .Summary }}
</article>
{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
`,
  'layouts/_default/single.html': `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
{{ .Content }}
</article>
{{ end }}
`,
};

/**
 * Makes a folder a Hugo site: `hugo.toml` (title, base URL, language, summary mode),
 * `content/posts/`, `archetypes/default.md` (Hugo's own) and minimal layouts. Refuses a
 * folder that already has a Hugo config; never replaces a file. Returns the files written.
 */
export async function initSite(dir: string, options: NewSiteOptions): Promise<string[]> {
  const abs = path.resolve(dir);
  const st = await stat(abs).catch(() => null);
  if (st && !st.isDirectory())
    throw new QuireError('invalid-request', 'is a file, not a folder', { file: dir });
  if (st && (await folderKind(abs)) === 'site')
    throw new QuireError('invalid-request', 'is already a Hugo site (it has a config file)', {
      file: dir,
    });
  const title = options.title.trim();
  if (!title) throw new QuireError('invalid-request', 'a new site needs a title');
  let base: URL;
  try {
    base = new URL(options.baseURL.trim());
  } catch {
    throw new QuireError(
      'invalid-request',
      `"${options.baseURL}" is not a URL (like https://example.org/)`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new QuireError('invalid-request', `the base URL must start with https:// or http://`);
  const baseURL = base.href.endsWith('/') ? base.href : base.href + '/';
  const lang = options.languageCode.trim() || 'en';
  if (!/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(lang))
    throw new QuireError('invalid-request', `"${lang}" is not a language code (like en-us)`);
  const files: Record<string, string> = {
    'hugo.toml': `baseURL = ${toml(baseURL)}
languageCode = ${toml(lang)}
title = ${toml(title)}

[params]
  mainSections = ["posts"]

[params.quire]
  # How automatic summaries are cut: "paragraph" (Hugo 0.134 and later) or "sentence".
  summaryMode = ${toml(options.summaryMode)}
`,
    'archetypes/default.md': DEFAULT_ARCHETYPE,
    ...MINIMAL_LAYOUTS,
  };
  await mkdir(path.join(abs, 'content/posts'), { recursive: true });
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const target = path.join(abs, rel);
    if (existsSync(target)) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text, { flag: 'wx' });
    written.push(rel);
  }
  return written;
}
