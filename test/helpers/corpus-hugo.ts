import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rng } from './random.ts';

const WORDS =
  'mesh proxy cluster build image latency Go Rust kernel test suite policy network gateway trace metric release cache node binary compiler'.split(
    ' ',
  );

/** Writes `count` varied posts for comparing listings with Hugo; returns the tag names. */
export function writeVariedCorpus(site: string, count: number, seed = 7): string[] {
  const r = rng(seed);
  const dir = path.join(site, 'content/posts');
  mkdirSync(dir, { recursive: true });
  const tags = ['go', 'k8s', 'Rust', 'builds', 'notes'];
  const sentence = (n: number) => {
    const w = Array.from({ length: n }, () => r.pick(WORDS));
    w[0] = w[0]![0]!.toUpperCase() + w[0]!.slice(1);
    return w.join(' ') + r.pick(['.', '.', '.', '!', '?', ',', ':']);
  };
  const para = () => {
    const parts: string[] = [];
    for (let i = 0, n = 1 + r.int(4); i < n; i++) {
      let s = sentence(3 + r.int(18));
      if (r.chance(0.2)) s = s.replace(/ (\w+) /, ' `$1()` ');
      if (r.chance(0.2)) s = s.replace(/ (\w+) /, ' [$1](https://example.org/$1) ');
      if (r.chance(0.15)) s = s.replace(/ (\w+) /, ' **$1** ');
      if (r.chance(0.1)) s = s.replace(/ (\w+) /, ' _$1_ ');
      if (r.chance(0.05)) s += ' Say "hello" & <b>bye</b>';
      parts.push(s);
    }
    return parts.join(r.chance(0.15) ? '  \n' : r.chance(0.3) ? '\n' : ' ');
  };
  const nasty = [
    'A footnote here[^1] and there.\n\n[^1]: The note text. With two sentences.',
    '- outer item\n  - nested item one\n  - nested item two\n- second outer',
    '- loose one\n\n- loose two\n\n- loose three',
    '![an image](pic.png) and an autolink https://example.org/page and <https://example.org/x>.',
    'It\'s a "quoted" phrase -- with dashes --- and dots... and (c) marks.',
    '~~struck~~ and - [ ] a task\n\n- [x] done task\n- [ ] open task',
    'Entities: &copy; &amp; &lt;tag&gt; and a literal < sign and 3 > 2.',
    '<div class="note">\n<p>raw html block</p>\n</div>',
    'Escaped \\*stars\\* and `code with <b>tags</b>` inline.',
    '### Heading with `code` and *emphasis*!',
    'Line one with trailing backslash\\\nline two.',
    'Mid paragraph divider candidate. Words follow. More words here. And more.',
    '日本語のテキストです。Mixed with English words.',
    'A very long sentence without any terminal punctuation that just keeps going on and on with many words in it so that the summary must extend to the next line break',
    '1) paren list\n2) second',
    '***\n\nAfter a rule.',
    '    indented code block. With a period.',
    'Setext Heading\n--------------',
    '<script>alert("x")</script>',
    'Text with <span>inline</span> html and <!-- a comment --> inside.',
    'Visit www.example.org or mail me@example.org, not example.com.',
    'Tab\tseparated\u00a0nbsp and  double  spaces.',
  ];
  const block = () => {
    if (r.chance(0.4)) return r.pick(nasty);
    switch (r.int(9)) {
      case 0:
        return `${'#'.repeat(2 + r.int(2))} ${sentence(2 + r.int(4)).slice(0, -1)}`;
      case 1:
        return Array.from({ length: 2 + r.int(3) }, () => `- ${sentence(2 + r.int(8))}`).join('\n');
      case 2:
        return Array.from(
          { length: 2 + r.int(3) },
          (_, i) => `${i + 1}. ${sentence(2 + r.int(8))}`,
        ).join('\n');
      case 3:
        return '```go\nfunc main() {\n\tfmt.Println("hi. there")\n}\n```';
      case 4:
        return `> ${para()}`;
      case 5:
        return `| a | b |\n|---|---|\n| ${r.pick(WORDS)} | ${r.pick(WORDS)} |\n| x. | y |`;
      default:
        return para();
    }
  };
  const titles: string[] = [];
  for (let i = 0; i < count; i++) {
    const blocks = Array.from({ length: 2 + r.int(14) }, block);
    if (r.chance(0.12)) blocks.splice(1 + r.int(blocks.length - 1), 0, '<!--more-->');
    const equalDate = r.chance(0.15);
    const day = equalDate
      ? new Date(Date.UTC(2020, 5, 1))
      : new Date(Date.UTC(2015, 0, 1) + r.int(3000) * 864e5);
    const ymd = day.toISOString().slice(0, 10);
    const date = r.pick([
      ymd,
      `${ymd}T${String(r.int(24)).padStart(2, '0')}:30:00Z`,
      `${ymd}T08:15:00-07:00`,
      `${ymd}T23:45:00+09:00`,
    ]);
    let title = `${r.pick(WORDS)} ${r.pick(['and', 'for', 'without', '&', '—', 'vs.'])} ${r.pick(WORDS)} ${i % 7}`;
    if (r.chance(0.05)) title = `C++ & "Go": it's <fine> ${i}`;
    if (equalDate && r.chance(0.5)) title = title.toUpperCase();
    titles.push(title);
    const fm = [
      `title: ${JSON.stringify(title)}`,
      `date: ${date}`,
      `tags: [${[...new Set([r.pick(tags), r.pick(tags)])].join(', ')}]`,
    ];
    if (r.chance(0.15))
      fm.push(`summary: ${JSON.stringify(sentence(5 + r.int(10)) + ' With `code`.')}`);
    if (r.chance(0.05)) fm.push('expiryDate: 2019-01-01');
    if (r.chance(0.05)) fm.push(`lastmod: ${ymd}`);
    if (r.chance(0.08)) fm.push('draft: true');
    if (r.chance(0.1)) fm.push(`weight: ${1 + r.int(3)}`);
    writeFileSync(
      path.join(dir, `post-${String(i).padStart(3, '0')}.md`),
      `---\n${fm.join('\n')}\n---\n\n${blocks.join('\n\n')}\n`,
    );
  }
  return tags;
}
