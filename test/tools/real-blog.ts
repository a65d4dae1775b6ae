// Compares a real Hugo blog (a folder with content/ and its config) with Hugo 0.111 and
// with gray-matter, without the theme: the site's own shortcodes get stub templates that
// render their inner content (Quire cannot run Go templates; it shows them as labelled
// blocks with the inner content rendered, the text these stubs give), and embeds that
// Hugo fetches from the network are turned off in both.
//
//   node bin/run-ts.js test/tools/real-blog.ts <site> [<site> ...]
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'smol-toml';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import { BUILTIN_SHORTCODES, parseShortcodes } from '../../shared/markdown/shortcode-tree.ts';
import type { BodyPart } from '../../shared/markdown/shortcode-tree.ts';
import { CONFIG_FILES, parseConfigText } from '../../shared/site/config.ts';
import { STUB_SHORTCODES } from '../helpers/corpus-features.ts';
import { compareWithGrayMatter, compareWithHugo, markdownFiles } from '../helpers/hugo-compare.ts';
import { JSON_LISTING_CONFIG } from '../helpers/hugo.ts';

// Hugo 0.111's own shortcodes; anything else used in content needs a template.
const NEWER_THAN_0111 = new Set(['details', 'qr', 'x', 'x_simple', 'tweet']);
const HUGO_0111 = new Set(BUILTIN_SHORTCODES.filter((n) => !NEWER_THAN_0111.has(n)));

/** The site's config: top-level hugo.* / config.*, else config/_default/*. */
function readConfig(site: string): Record<string, unknown> {
  for (const name of CONFIG_FILES) {
    try {
      return parseConfigText(name, readFileSync(path.join(site, name), 'utf8'));
    } catch {
      // next
    }
  }
  const dir = path.join(site, 'config/_default');
  const out: Record<string, unknown> = {};
  try {
    for (const f of readdirSync(dir)) {
      const raw = parseConfigText(f, readFileSync(path.join(dir, f), 'utf8'));
      const base = f.replace(/\.(toml|ya?ml|json)$/, '');
      if (base === 'hugo' || base === 'config') Object.assign(out, raw);
      else if (!base.includes('.')) out[base] = raw;
    }
  } catch {
    // none
  }
  return out;
}

async function compareSite(site: string): Promise<void> {
  const config = readConfig(site);
  const lower = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.toLowerCase(), v]));
  const contentDir = typeof lower.contentdir === 'string' ? lower.contentdir : 'content';
  const files = markdownFiles(path.join(site, contentDir));
  const texts = files.map((f) => ({ file: path.relative(site, f), text: readFileSync(f, 'utf8') }));

  // Which of the site's shortcodes take inner content, and how they are called.
  const uses = new Map<string, { inner: boolean; percent: number; angle: number }>();
  const visit = (parts: readonly BodyPart[]) => {
    for (const p of parts) {
      if (p.kind !== 'shortcode') continue;
      const u = uses.get(p.tag.name) ?? { inner: false, percent: 0, angle: 0 };
      if (p.inner || p.tag.selfClosing) u.inner = true;
      if (p.tag.markup === '%') u.percent++;
      else u.angle++;
      uses.set(p.tag.name, u);
      if (p.inner) visit(p.inner);
    }
  };
  for (const { file, text } of texts) {
    try {
      visit(parseShortcodes(parseFrontMatter(text, file).split.body));
    } catch {
      // reported by the comparisons
    }
  }
  let themeDirs: string[] = [];
  try {
    themeDirs = readdirSync(path.join(site, 'themes')).map((t) => `themes/${t}/layouts`);
  } catch {
    // no themes
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'quire-real-'));
  // Pages with their own output formats (a theme's CMS config page) need the theme.
  const skipped: string[] = [];
  cpSync(path.join(site, contentDir), path.join(tmp, 'content'), {
    recursive: true,
    filter: (src) => {
      if (statSync(src).isDirectory()) return true;
      if (!/\.(md|markdown)$/i.test(src)) return false;
      if (/^outputs\s*[:=]/m.test(readFileSync(src, 'utf8').slice(0, 2000))) {
        skipped.push(path.relative(site, src));
        return false;
      }
      return true;
    },
  });
  mkdirSync(path.join(tmp, 'layouts/shortcodes'), { recursive: true });
  const stubs: string[] = [];
  for (const [name, u] of uses) {
    // The site's own templates for built-in names (Hugo uses them) are stubbed too.
    const own = ['layouts', ...themeDirs].some((d) =>
      existsSync(path.join(site, d, 'shortcodes', `${name}.html`)),
    );
    if (HUGO_0111.has(name) && !own) continue;
    const body =
      (name === 'details' ? STUB_SHORTCODES.details : undefined) ??
      (u.inner ? (u.percent > u.angle ? '{{ .Inner }}' : '{{ .Inner | markdownify }}') : '');
    mkdirSync(path.dirname(path.join(tmp, 'layouts/shortcodes', `${name}.html`)), {
      recursive: true,
    });
    writeFileSync(path.join(tmp, 'layouts/shortcodes', `${name}.html`), body);
    stubs.push(name);
  }
  const keep = [
    'baseurl',
    'title',
    'languagecode',
    'summarylength',
    'hascjklanguage',
    'markup',
    'params',
    'taxonomies',
    'permalinks',
  ];
  const cfg: Record<string, unknown> = {};
  for (const k of keep) if (lower[k] !== undefined) cfg[k] = lower[k];
  cfg.privacy = { twitter: { disable: true }, instagram: { disable: true } };
  // A ref to a page that is not there: a warning and "#ZgotmplZ", as Quire writes it.
  cfg.refLinksErrorLevel = 'WARNING';
  writeFileSync(path.join(tmp, 'hugo.toml'), `${stringify(cfg)}\n${JSON_LISTING_CONFIG}`);

  const hugo = await compareWithHugo(tmp);
  const gm = compareWithGrayMatter(texts);
  const kinds = { entry: 0, body: 0, ids: 0, other: 0 };
  for (const d of hugo.differences)
    if (/ entry:/.test(d)) kinds.entry++;
    else if (/ body at/.test(d)) kinds.body++;
    else if (/heading ids/.test(d)) kinds.ids++;
    else kinds.other++;
  const reasons = new Map<string, number>();
  for (const d of gm.differences) reasons.set(d.reason, (reasons.get(d.reason) ?? 0) + 1);
  console.log(`\n== ${site}`);
  console.log(
    `files: ${files.length}; shortcode names used: ${uses.size} (stubbed: ${stubs.join(', ') || 'none'})`,
  );
  console.log(
    `hugo 0.111: compared ${hugo.compared} pages, ${hugo.differences.length} differences (entries ${kinds.entry}, bodies ${kinds.body}, heading ids ${kinds.ids}, other ${kinds.other})`,
  );
  for (const d of hugo.differences.slice(0, Number(process.env.SHOW ?? 6))) console.log(`  ${d}`);
  if (skipped.length) console.log(`skipped (own output formats): ${skipped.join(', ')}`);
  console.log(`gray-matter: compared ${gm.compared} files, ${gm.differences.length} differ`);
  for (const [r, n] of reasons) console.log(`  ${n} x ${r}`);
  for (const d of gm.differences.filter((x) => x.reason === 'unexplained').slice(0, 4))
    console.log(`  ${d.file}: ${d.detail}`);
  console.log(`(site copy: ${tmp})`);
}

for (const site of process.argv.slice(2)) await compareSite(path.resolve(site));
