import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { parse as parseToml } from 'smol-toml';
import { formatDate } from '../../shared/content/dates.ts';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import { readerText } from '../../shared/markdown/hugo-text.ts';
import { renderTitleText } from '../../shared/markdown/title.ts';
import { DeriveCache } from '../../electron/services/derive-cache.ts';
import { Workspace } from '../../electron/services/workspace.ts';
import { addJsonListingLayouts, ENTRY, hugoBuild } from './hugo.ts';
import type { HugoEntry } from './hugo.ts';

/** Every Markdown file below `dir`, recursively (absolute paths, sorted). */
export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...markdownFiles(p));
    else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

const fold = (s: string) => s.replace(/[^\S\u00a0]+/gu, ' ').trim();

/** What comparing a site with Hugo found. */
export interface HugoComparison {
  /** Posts compared (each: its listing entry and its body text). */
  compared: number;
  differences: string[];
}

/**
 * Builds `site` with Hugo (JSON listing of every regular page, bodies as `.Content`) and
 * compares each page's listing entry (title, summary, truncated, date, reading time, word
 * count), heading ids and body text with Quire's. Overwrites the site's layouts.
 */
export async function compareWithHugo(site: string): Promise<HugoComparison> {
  addJsonListingLayouts(site);
  writeFileSync(
    path.join(site, 'layouts/index.qjson.json'),
    `[{{ range $i, $e := site.RegularPages }}{{ if $i }},{{ end }}\n{"url": {{ .RelPermalink | jsonify }}, "entry": ${ENTRY}}{{ end }}]\n`,
  );
  writeFileSync(path.join(site, 'layouts/_default/single.html'), '{{ .Content }}');
  const out = path.join(site, 'public');
  hugoBuild(site, out);
  const theirs = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')) as {
    url: string;
    entry: HugoEntry;
  }[];
  const ws = await Workspace.open(site, { cacheDir: null });
  ws.config.summaryMode = 'sentence';
  const cache = new DeriveCache(
    (rel) => ws.pathOf(rel),
    () => ws.config,
    () => ws.posts(),
    () => ws.indexVersion,
  );
  const differences: string[] = [];
  let compared = 0;
  for (const { url, entry: h } of theirs) {
    const post = ws.post(h.file);
    if (!post) {
      differences.push(`${h.file}: Hugo has it, Quire does not`);
      continue;
    }
    const d = cache.derive(post, 'sentence');
    const ours = {
      // Titles as a page shows them: white space folded.
      title: fold(renderTitleText(post.meta.title)),
      summary: d.summary,
      truncated: d.truncated,
      // No date: Hugo's zero time.
      date: post.meta.date ? formatDate(post.meta.date) : 'January 1, 0001',
      readingTime: d.readingTime,
      wordCount: d.wordCount,
    };
    const want = {
      title: fold(h.title),
      summary: fold(h.summary),
      truncated: h.truncated,
      date: h.date,
      readingTime: h.readingTime,
      wordCount: h.wordCount,
    };
    compared++;
    if (JSON.stringify(ours) !== JSON.stringify(want))
      differences.push(
        `${h.file} entry:\n  ours ${JSON.stringify(ours)}\n  hugo ${JSON.stringify(want)}`,
      );
    const file = path.join(out, decodeURI(url), url.endsWith('/') ? 'index.html' : '');
    if (!existsSync(file)) continue; // a page Hugo writes in another format only (search, json)
    const page = readFileSync(file, 'utf8');
    const ids = (html: string) =>
      [...html.matchAll(/<h[1-6][^>]*?\sid="([^"]*)"/g)].map((m) => m[1]);
    if (JSON.stringify(ids(d.html)) !== JSON.stringify(ids(page)))
      differences.push(
        `${h.file} heading ids:\n  ours ${ids(d.html).join(' ')}\n  hugo ${ids(page).join(' ')}`,
      );
    const a = readerText(d.html);
    const b = readerText(page);
    if (a !== b) {
      let k = 0;
      while (k < a.length && a[k] === b[k]) k++;
      differences.push(
        `${h.file} body at ${k}:\n  ours …${a.slice(Math.max(0, k - 40), k + 60)}\n  hugo …${b.slice(Math.max(0, k - 40), k + 60)}`,
      );
    }
  }
  return { compared, differences };
}

/** gray-matter with every code engine refused (front matter is data, never run). */
function grayMatter(text: string) {
  const refuse = () => {
    throw new Error('code front matter refused');
  };
  const engines = {
    js: refuse,
    javascript: refuse,
    coffee: refuse,
    coffeescript: refuse,
    cson: refuse,
    toml: (s: string) => parseToml(s) as object,
  };
  const toml = text.replace(/^\ufeff/, '').startsWith('+++');
  return matter(text, toml ? { engines, delimiters: '+++', language: 'toml' } : { engines });
}

/** A value as both readers can be compared: dates as instants, YAML 1.1 scalars as read. */
function comparable(v: unknown): unknown {
  // A TOML local date (smol-toml's TomlDate) prints as written; others as an instant.
  if (v instanceof Date) return comparable(String(v.toISOString()));
  if (Array.isArray(v)) return v.map(comparable);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, comparable(x)]));
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d([Tt ][\d:.]+([Zz]|[+-]\d\d:?\d\d)?)?$/.test(v)) {
    const t = Date.parse(/[Zz]|[+-]\d\d:?\d\d$/.test(v) || v.length === 10 ? v : `${v}Z`);
    return Number.isNaN(t) ? v : `date:${new Date(t).toISOString()}`;
  }
  return v;
}

/** One file's data as Quire and gray-matter read it, when they differ. */
export interface MatterDifference {
  file: string;
  /** Why they differ: a known difference between the two readers, or 'unexplained'. */
  reason: string;
  detail: string;
}

/**
 * Reads every Markdown file under `dir` with Quire and with gray-matter (code engines
 * refused) and lists the files whose data differ, each with the reason when it is one of
 * the known differences (gray-matter finds no front matter after blank lines or in Hugo's
 * bare `{` JSON; its YAML 1.1 reads `yes`/`no`, `1:20` and unquoted dates differently).
 */
export function compareWithGrayMatter(files: readonly { file: string; text: string }[]): {
  compared: number;
  differences: MatterDifference[];
} {
  const differences: MatterDifference[] = [];
  let compared = 0;
  for (const { file, text } of files) {
    let ours: Record<string, unknown>;
    try {
      ours = parseFrontMatter(text, file).data;
    } catch (e) {
      differences.push({ file, reason: 'Quire refuses the front matter', detail: String(e) });
      continue;
    }
    let theirs: Record<string, unknown>;
    try {
      theirs = grayMatter(text).data as Record<string, unknown>;
    } catch (e) {
      differences.push({
        file,
        reason: 'gray-matter refuses the front matter',
        detail: String(e).slice(0, 200),
      });
      continue;
    }
    compared++;
    const a = JSON.stringify(comparable(ours));
    const b = JSON.stringify(comparable(theirs));
    if (a === b) continue;
    const src = text.replace(/^\ufeff/, '');
    let reason = 'unexplained';
    if (/^[ \t\r\n]+(---|\+\+\+|\{)/.test(src))
      reason = 'front matter after blank lines: Hugo reads it, gray-matter does not';
    else if (src.startsWith('{'))
      reason = "Hugo's bare JSON front matter: gray-matter knows only ---json";
    else if (/^------/.test(src)) reason = 'six-dash opening: Hugo reads it, gray-matter does not';
    else if (/^\s*[\w-]+:\s*(yes|no|on|off|y|n)\s*$/im.test(src))
      reason = 'YAML 1.1 booleans (yes/no/on/off) in gray-matter, strings in YAML 1.2 and Hugo';
    else if (/^\s*[\w-]+:\s*\d+:\d+\s*$/m.test(src))
      reason = 'YAML 1.1 sexagesimal numbers in gray-matter';
    differences.push({
      file,
      reason,
      detail: `quire ${a.slice(0, 300)}\n  gray-matter ${b.slice(0, 300)}`,
    });
  }
  return { compared, differences };
}
