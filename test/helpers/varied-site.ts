import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rng } from './random.ts';

const WORDS =
  'the a of to and in is it that for on with as was by this be are from at or an go rust code test build proxy'.split(
    ' ',
  );

/** A varied site above the parallel threshold: code, shortcodes, refs, bundles, dividers, CJK, a broken post. */
export function writeVariedSite(site: string, count: number): void {
  const r = rng(15);
  const posts = path.join(site, 'content/posts');
  mkdirSync(posts, { recursive: true });
  writeFileSync(
    path.join(site, 'hugo.toml'),
    'baseURL = "https://example.org/"\ntitle = "Parallel"\npaginate = 7\nhasCJKLanguage = true\n[params]\nmainSections = ["posts"]\n',
  );
  mkdirSync(path.join(site, 'layouts/shortcodes'), { recursive: true });
  writeFileSync(path.join(site, 'layouts/shortcodes/note.html'), '{{ .Inner }}');
  for (let i = 0; i < count; i++) {
    const paras: string[] = [];
    for (let k = 0; k < 3 + r.int(4); k++)
      paras.push(Array.from({ length: 20 + r.int(60) }, () => r.pick(WORDS)).join(' ') + '.');
    const extra = [
      '```go\nfunc main() {\n\tfmt.Println("hi")\n}\n```',
      '{{< figure src="/img/a.png" alt="A" >}}',
      `See [the other one]({{< ref "post-${(i + 1) % count}.md" >}}).`,
      '<!--more-->',
      '{{< note >}}**inner** text{{< /note >}}',
      '中文的句子，没有空格。还有一句。',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      'A footnote[^1].\n\n[^1]: The note.',
      '<div>raw</div>',
      '## Heading {#custom .cls}',
      // Links from the site's root: relative to each page where it is rendered.
      '[Home](/) and ![logo](/img/logo.png)',
    ];
    paras.splice(1 + r.int(paras.length - 1), 0, r.pick(extra), r.pick(extra));
    const day = new Date(Date.UTC(2015, 0, 1) + i * 36e5 * 13).toISOString().slice(0, 19);
    const fm = `---\ntitle: "Post ${i}: ${r.pick(WORDS)}"\ndate: ${day}Z\ntags: [${r.pick(['go', 'rust', 'web'])}]\n${i % 9 === 0 ? 'summary: "Front *matter* summary"\n' : ''}${i % 50 === 7 ? 'draft: true\n' : ''}---\n\n`;
    const text = fm + paras.join('\n\n') + '\n';
    if (i % 25 === 3) {
      mkdirSync(path.join(posts, `post-${i}`), { recursive: true });
      writeFileSync(path.join(posts, `post-${i}/index.md`), text);
      writeFileSync(path.join(posts, `post-${i}/photo.txt`), `resource ${i}`);
    } else writeFileSync(path.join(posts, `post-${i}.md`), text);
  }
  // Front matter that does not parse: skipped by both, named as a problem.
  writeFileSync(path.join(posts, 'broken.md'), '---\ntitle: [unclosed\n---\nbody\n');
}

/** Every file under `dir` by relative path. */
export function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out.set(path.relative(dir, abs), readFileSync(abs));
    }
  };
  walk(dir);
  return out;
}
