import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rng } from './random.ts';

/** What a generated site holds, for tests to ask about. */
export interface GeneratedSite {
  posts: number;
  drafts: number;
  bundles: number;
  aliases: number;
}

/** Options for {@link writeGeneratedSite}. */
export interface GenerateOptions {
  count?: number;
  /** Only what Hugo 0.111 understands (no `:contentbasename`, no expiry). */
  hugo?: boolean;
  pagerSize?: number;
  uglyURLs?: boolean;
}

const WORDS =
  'mesh proxy cluster build image latency kernel policy network gateway trace metric release cache node binary compiler'.split(
    ' ',
  );

/**
 * Writes a seeded Hugo site: several sections with permalinks using every token, nested
 * folders with and without `_index.md`, bundles with resources, custom taxonomies, slugs,
 * urls, aliases, equal dates, drafts and weights. URLs are unique by construction.
 */
export function writeGeneratedSite(
  site: string,
  seed: number,
  { count = 60, hugo = false, pagerSize = 3, uglyURLs = false }: GenerateOptions = {},
): GeneratedSite {
  const r = rng(seed);
  const permalinks = [
    'posts = "/:section/:year/:month/:day/:slug/"',
    'notes = "/:sections/:monthname/:weekday/:yearday/:title/"',
    'blog = "/:year/:filename/"',
    hugo ? 'misc = "/:sections[1:]/:slug/"' : 'misc = "/:sections[last]/:contentbasename/"',
  ];
  writeFileSync(
    path.join(site, 'hugo.toml'),
    `baseURL = "https://example.org/"
title = "Generated ${seed}"
paginate = ${pagerSize}
uglyURLs = ${uglyURLs}
[taxonomies]
tag = "tags"
category = "categories"
series = "series"
[permalinks]
${permalinks.join('\n')}
[params]
mainSections = ["posts", "blog", "docs"]
`,
  );
  const write = (rel: string, text: string) => {
    const abs = path.join(site, 'content', rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  for (const dir of ['notes/sub', 'docs/guide', 'misc/deep', 'posts/series-x'])
    write(`${dir}/_index.md`, `---\ntitle: ${dir}\n---\n`);
  write('files/manual.txt', 'a content file Hugo copies\n');

  const tags = ['Go', 'go lang', 'K8s', 'Rust', 'C++', 'notes'];
  const sentence = (n: number) => {
    const w = Array.from({ length: n }, () => r.pick(WORDS));
    w[0] = w[0]![0]!.toUpperCase() + w[0]!.slice(1);
    return `${w.join(' ')}.`;
  };
  const out: GeneratedSite = { posts: 0, drafts: 0, bundles: 0, aliases: 0 };
  for (let i = 0; i < count; i++) {
    const section = r.pick(['posts', 'posts', 'notes', 'blog', 'docs', 'misc', '']);
    const folder =
      section === ''
        ? ''
        : r.pick([
            section,
            section,
            `${section}/${section === 'notes' ? 'sub' : section === 'docs' ? 'guide' : section === 'misc' ? 'deep' : 'series-x'}`,
            `${section}/plain`,
            `${section}/y${2019 + r.int(4)}/inner`,
          ]);
    const name = `${r.pick(['Post', 'entry', 'Note'])}-${i}`;
    const bundle = section !== '' && r.chance(0.2);
    const rel = `${folder ? `${folder}/` : ''}${bundle ? `${name}/index.md` : `${name}.md`}`;
    const equal = r.chance(0.3);
    const date = equal
      ? '2020-06-01'
      : `${2018 + r.int(6)}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
    const time = r.chance(0.3) ? `T${String(r.int(24)).padStart(2, '0')}:15:00Z` : '';
    const title = r.chance(0.1)
      ? `C++ & Go: part ${i}`
      : `${r.pick(WORDS)} ${r.pick(['and', 'for', 'vs'])} ${r.pick(WORDS)} ${i}`;
    const fm = [`title: ${JSON.stringify(title)}`, `date: ${date}${time}`];
    const postTags = [...new Set([r.pick(tags), r.pick(tags)])];
    if (r.chance(0.8)) fm.push(`tags: [${postTags.map((t) => JSON.stringify(t)).join(', ')}]`);
    if (r.chance(0.3)) fm.push(`categories: [${r.pick(['Dev', 'ops', 'Life'])}]`);
    if (r.chance(0.3)) fm.push(`series: [${JSON.stringify(r.pick(['Deep Dive', 'basics']))}]`);
    if (r.chance(0.3)) fm.push(`slug: ${JSON.stringify(`Slug ${r.pick(WORDS)} ${i}`)}`);
    if (r.chance(0.05)) fm.push(`url: /custom/${r.pick(['Path', 'path'])}-${i}/`);
    if (r.chance(0.25)) {
      fm.push(`aliases: [${r.chance(0.5) ? `/old/${i}/` : `old-${i}`}]`);
      out.aliases++;
    }
    if (r.chance(0.1)) fm.push(`weight: ${1 + r.int(3)}`);
    if (r.chance(0.08)) {
      fm.push('draft: true');
      out.drafts++;
    }
    // Jekyll's `published` flag, which Hugo reads too (false: a draft, unless `draft` is
    // given). Chosen by number, so the random choices stay those of older seeds.
    if (hugo && i % 23 === 7 && !fm.includes('draft: true')) {
      fm.push('published: false');
      out.drafts++;
    } else if (hugo && i % 23 === 11) fm.push('published: true');
    if (!hugo && r.chance(0.05)) fm.push('expiryDate: 2021-01-01');
    if (r.chance(0.15)) fm.push(`summary: ${JSON.stringify(sentence(6))}`);
    const body = Array.from({ length: 1 + r.int(4) }, () => sentence(5 + r.int(30)));
    if (r.chance(0.2)) body.splice(1, 0, '<!--more-->');
    write(rel, `---\n${fm.join('\n')}\n---\n\n${body.join('\n\n')}\n`);
    if (bundle) {
      write(`${folder}/${name}/pic.png`, `png ${i}\n`);
      if (r.chance(0.5)) write(`${folder}/${name}/data/notes.txt`, `notes ${i}\n`);
      out.bundles++;
    }
    out.posts++;
  }
  return out;
}

/** Layouts that make Hugo paginate the same lists Quire does (for comparing URLs). */
export function addPaginatingLayouts(site: string): void {
  const dir = path.join(site, 'layouts/_default');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(site, 'layouts/index.html'),
    'home\n{{ $p := .Paginate (where site.RegularPages "Type" "in" site.Params.mainSections) }}{{ range $p.Pages }}{{ .Title }}\n{{ end }}',
  );
  writeFileSync(
    path.join(dir, 'list.html'),
    'list {{ .Title }}\n{{ $p := .Paginate .RegularPages }}{{ range $p.Pages }}{{ .Title }}\n{{ end }}',
  );
  writeFileSync(
    path.join(dir, 'term.html'),
    'term {{ .Title }}\n{{ range .Paginator.Pages }}{{ .Title }}\n{{ end }}',
  );
  // Never empty: Hugo does not write a page whose output is empty.
  writeFileSync(path.join(dir, 'taxonomy.html'), 'taxonomy {{ .Title }}');
  writeFileSync(path.join(dir, 'single.html'), 'page {{ .Title }}');
}
