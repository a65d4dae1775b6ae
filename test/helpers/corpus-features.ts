import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rng } from './random.ts';

/**
 * Stub templates for the site's own shortcodes the feature corpus uses, written as real
 * themes write them: `note` is used as `{{% %}}` (its inner is Markdown), `alert` as
 * `{{< >}}` (renders its inner), `badge` is self-closed; `details` is the site's own.
 */
export const STUB_SHORTCODES: Record<string, string> = {
  note: '{{ .Inner }}',
  alert: '{{ .Inner | markdownify }}',
  badge: '{{ with .Inner }}{{ . }}{{ end }}',
  // Hugo 0.111 has no `details`: this site brings its own, which Quire shows as the
  // site's (a site template wins over a built-in of the same name, as in Hugo).
  details: '{{ .Inner | .Page.RenderString (dict "display" "block") }}',
};

/** Hugo config lines the feature corpus needs (embeds that fetch from the network off). */
export const FEATURE_CONFIG = `
[privacy.twitter]
disable = true
[privacy.instagram]
disable = true
[params]
mainSections = ["posts"]
author = "Site Author"
`;

/** Dates as people write them: some Hugo reads (in their zone), some it reads as no date. */
export const ODD_DATES = [
  '2024-04-09T10:20:30+02:00',
  '2024-04-09 10:20:30',
  '2024-04-09 10:20:30 +0200',
  '"Tue, 09 Apr 2024 10:20:30 GMT"',
  '"09 Apr 24 10:20 UTC"',
  '09 Apr 2024',
  '1712658030',
  '2024-04-09T10:20:30.5Z',
  '2024-4-09',
  '9 Apr 2024',
  '"April 9, 2024"',
  '2024/04/09',
  '2024-02-30',
  '2024-04-09T10:20',
];

const WORDS =
  'mesh proxy cluster build image latency kernel policy network gateway trace metric release cache node binary'.split(
    ' ',
  );

/**
 * Writes `count` posts using every built-in shortcode Hugo 0.111 renders offline (and the
 * site's own), with Go-style quoting, no-space and self-closing forms, nesting and
 * comments; writes the stub templates. Returns the post paths (site-relative).
 */
export function writeFeatureCorpus(site: string, count: number, seed = 3): string[] {
  const r = rng(seed);
  const dir = path.join(site, 'content/posts');
  mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(site, 'layouts/shortcodes'), { recursive: true });
  for (const [name, body] of Object.entries(STUB_SHORTCODES))
    writeFileSync(path.join(site, 'layouts/shortcodes', `${name}.html`), body);
  const sentence = (n: number) => {
    const w = Array.from({ length: n }, () => r.pick(WORDS));
    w[0] = w[0]![0]!.toUpperCase() + w[0]!.slice(1);
    return `${w.join(' ')}${r.pick(['.', '.', '!', '?'])}`;
  };
  const para = () => Array.from({ length: 1 + r.int(3) }, () => sentence(4 + r.int(12))).join(' ');
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(`feature-${String(i).padStart(3, '0')}`);
  const blocks: (() => string)[] = [
    () => `{{< figure src="/img/${r.pick(WORDS)}.png" alt="A ${r.pick(WORDS)} diagram" >}}`,
    () =>
      `{{< figure src="pic.png" title="The ${r.pick(WORDS)} & more" caption="A *${r.pick(WORDS)}* caption. It has two sentences." attr="Photographer" attrlink="https://example.org/p" link="https://example.org" width="300" >}}`,
    () => `{{<figure src="nospace.png" caption="No spaces ${r.pick(WORDS)}">}}`,
    () => `{{< figure src=bare.png caption=\`raw "quoted" ${r.pick(WORDS)}\` >}}`,
    () => `{{% figure src="percent.png" caption="Percent figure" %}}`,
    () => `{{< highlight yaml >}}\n---\ntitle: ${r.pick(WORDS)}\nlist: [a, b]\n{{< /highlight >}}`,
    () =>
      `{{< highlight go "linenos=table,hl_lines=2" >}}\nfunc main() {\n\tfmt.Println("${r.pick(WORDS)}")\n}\n{{< /highlight >}}`,
    () => `{{< highlight python "linenos=inline" >}}\nx = 1\ny = 2\n{{< /highlight >}}`,
    () => `{{< youtube w7Ft2ymGmfc >}}`,
    () => `{{< youtube id="w7Ft2ymGmfc" title="A ${r.pick(WORDS)} talk" autoplay="true" >}}`,
    () => `{{< vimeo 146022717 >}}`,
    () => `{{< vimeo id="146022717" class="video" title="Vimeo ${r.pick(WORDS)}" >}}`,
    () => `{{< gist spf13 7896402 >}}`,
    () => `{{< gist spf13 7896402 "img.html" >}}`,
    () => `{{< twitter user="SanDiegoZoo" id="1453110110599868418" >}}`,
    () => `{{< instagram BWNjjyYFxVx hidecaption >}}`,
    () => `The title is {{< param title >}} and the author {{% param author %}}.`,
    () => `Nested {{< param "extra.color" >}} value.`,
    () =>
      `See [the next post]({{< ref "${r.pick(names)}.md" >}}) and [this one]({{< relref "/posts/${r.pick(names)}" >}}), or {{< ref "${r.pick(names)}" >}}.`,
    () => `{{% note %}}\nA note with **bold** ${r.pick(WORDS)}.\n\nTwo paragraphs.\n{{% /note %}}`,
    () => `{{% note %}}Inline ${r.pick(WORDS)} note{{% /note %}} in a line.`,
    () => `{{< alert >}}\nAlert *body* ${r.pick(WORDS)}. Second sentence.\n{{< /alert >}}`,
    () => `Before a badge {{< badge text="new" />}} after.`,
    () => `{{< badge text="closed" />}}`,
    () =>
      `{{< details summary="More *about* it" >}}\nHidden ${r.pick(WORDS)} text.\n{{< /details >}}`,
    () => `Write {{</* figure src="x.png" */>}} to get a figure, or {{%/* note */%}}.`,
    () => `{{% note %}}\nWith a param inside: {{% param title %}}.\n{{% /note %}}`,
    () =>
      `- a list item\n  {{< highlight sh >}}\n  echo ${r.pick(WORDS)}\n  {{< /highlight >}}\n- another`,
    () => `Para line\n{{< figure src="joined.png" caption="Joined to the paragraph" >}}`,
  ];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [para()];
    for (let k = 0, n = 2 + r.int(5); k < n; k++) {
      parts.push(blocks[(i * 3 + k * 7 + r.int(3)) % blocks.length]!());
      if (r.chance(0.5)) parts.push(para());
    }
    const day = new Date(Date.UTC(2021, 0, 1) + i * 864e5).toISOString().slice(0, 10);
    const fm = [
      `title: "Feature ${i} ${r.pick(WORDS)}"`,
      `date: ${i % 3 === 0 ? r.pick(ODD_DATES) : day}`,
      'tags: [features]',
      `extra:\n  color: ${r.pick(['red', 'green', 'blue'])}`,
    ];
    if (r.chance(0.3)) fm.push(`lastmod: ${day}`);
    // Where Hugo's page lexer finds front matter: after blank lines, opened with six dashes.
    const [open, close] = r.pick([
      ['---\n', '---\n'],
      ['---\n', '---\n'],
      ['\n\n---\n', '---\n'],
      ['  \n\t---\n', '---\n'],
      ['------\n', '------\n'],
      ['------\n', '---\n'],
    ]);
    writeFileSync(
      path.join(dir, `${names[i]}.md`),
      `${open}${fm.join('\n')}\n${close}\n${parts.join('\n\n')}\n`,
    );
  }
  return names.map((n) => `content/posts/${n}.md`);
}

/**
 * Writes `count` posts with goldmark's extensions Hugo turns on: heading attributes,
 * definition lists, footnotes, typographer and linkify edge cases, headings whose ids come
 * from their source (links, code, accents).
 */
export function writeGoldmarkCorpus(site: string, count: number, seed = 5): void {
  const r = rng(seed);
  const dir = path.join(site, 'content/posts');
  mkdirSync(dir, { recursive: true });
  const w = () => r.pick(WORDS);
  const blocks: (() => string)[] = [
    () => `## Custom ${w()} {#custom-${w()}}`,
    () => `## Classy ${w()} {.fancy #id-${r.int(5)} data-role="x"}`,
    () => `### Both {#both .a .b} ###`,
    () => `## [A ${w()} link](https://example.org/${w()}) and \`code\``,
    () => `## Ünïcode Ça ${w()} _x_`,
    () => `## Repeated heading`,
    () => `Setext ${w()} {#setext-${r.int(9)}}\n---------`,
    () => `## Not attributes {${w()}}`,
    () => `Term ${w()}\n: Definition of ${w()}.\n: Another definition.`,
    () => `Loose ${w()}\n\n: A loose definition. With two sentences.`,
    () => `Apple\n:   Pomaceous fruit.\n\n    Second paragraph in the definition.`,
    () =>
      `Term ${w()}\nTerm ${w()}\n: Definition with *emphasis*.\ncontinued lazily\n: Second definition.`,
    () =>
      `Footnote${w()}[^a] again[^a] and [^b].\n\n[^a]: A note about ${w()}.\n[^b]: B note with **bold**.\n    Continued.`,
    () =>
      `'${w()}' and "quoted 'nested' ${w()}" -- rock'n'roll in the '90s, don't 'em. 5'10" tall, Monitor 21"" and <<${w()}>>.`,
    () => `"Open quote never closed, it's ${w()}... and 'single too`,
    () =>
      `Links: https://example.org/${w()}. www.example.com/a_(b)? (https://x.org/p?q=1&r=2), mailto:me@x.org and me@${w()}.org. http://localhost:8080/x "https://quoted.org" *https://em.org*.`,
    () => `A [link with 'quotes'](https://example.org "Title") and ![img "alt"](a.png).`,
    () =>
      `Under 'enterprise ${w()}':\n\n* ‘HP Genuine'!\n\n- Bug: [https://example.org/show?id=1](https://example.org/show?id=1)`,
  ];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    for (let k = 0, n = 3 + r.int(5); k < n; k++)
      parts.push(blocks[(i * 5 + k * 3 + r.int(4)) % blocks.length]!());
    const day = new Date(Date.UTC(2022, 0, 1) + i * 864e5).toISOString().slice(0, 10);
    writeFileSync(
      path.join(dir, `goldmark-${String(i).padStart(3, '0')}.md`),
      `---\ntitle: "Goldmark ${i}"\ndate: ${day}\n---\n\n${parts.join('\n\n')}\n`,
    );
  }
}
