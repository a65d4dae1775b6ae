import { describe, expect, it } from 'vitest';
import {
  parseFrontMatter,
  serializeFrontMatter,
  setField,
} from '../../../shared/content/front-matter.ts';
import { changedLines } from '../../helpers/lines.ts';
import { rng } from '../../helpers/random.ts';

const WORDS = [
  'go',
  'kubernetes',
  'ümlaut',
  'naïve',
  '日本語',
  'emoji 🎉',
  'quote"d',
  "it's",
  'colon: here',
  '#hash',
  'tab\there',
];

/** Generates one varied post; returns its text and whether it has a title field. */
function generate(i: number): { text: string; format: string; hasTitle: boolean } {
  const r = rng(i + 1);
  const eol = r.chance(0.25) ? '\r\n' : '\n';
  const bom = r.chance(0.1) ? '\ufeff' : '';
  const format = r.pick(['yaml', 'yaml', 'yaml', 'toml', 'json', 'none', 'break'] as const);
  const title = `${r.pick(WORDS)} ${i}`;
  const body = [
    `# Heading ${i}`,
    '',
    `Some text with ${r.pick(WORDS)} and *emphasis*.`,
    '',
    r.chance(0.3) ? '---' : '- a list item',
    '',
    '```go',
    'fmt.Println("---")',
    '```',
  ].join(eol);
  const end = r.chance(0.15) ? '' : eol;
  let lines: string[];
  if (format === 'yaml') {
    const q = r.pick(['plain', 'double', 'single']);
    const t =
      q === 'double'
        ? JSON.stringify(title)
        : q === 'single'
          ? `'${title.replace(/'/g, "''")}'`
          : /^[\w ]+$/.test(title)
            ? title
            : JSON.stringify(title);
    lines = [
      r.chance(0.3) ? '# leading comment' : '',
      `title: ${t}`,
      `date: ${r.pick(['2023-07-31', '2023-07-31T10:00:00-07:00', '"2024-01-06T08:00:00Z"', '2022-02-28 12:00:00'])}`,
    ];
    if (r.chance(0.5)) lines.push(`tags: [${r.pick(WORDS).replace(/[,:#"'\t]/g, '')}, k8s]`);
    else lines.push('tags:', '  - one', '  - "two"');
    if (r.chance(0.3)) lines.push('desc: |', `  block ${r.pick(WORDS)}`, '  second line', '');
    if (r.chance(0.3)) lines.push('folded: >-', '  folded', '  text');
    if (r.chance(0.3)) lines.push('base: &base', '  x: 1', 'copy: *base');
    if (r.chance(0.3)) lines.push(`weight: ${r.int(10)}  # inline comment`);
    if (r.chance(0.2)) lines.push('draft: true');
    if (r.chance(0.2)) lines.push(`nested: {a: 1, b: [x, y]}`);
    lines = lines.filter((l, k) => k !== 0 || l !== '');
    return {
      text: bom + ['---', ...lines, '---'].join(eol) + eol + body + end,
      format,
      hasTitle: true,
    };
  }
  if (format === 'toml') {
    lines = [
      `title = ${JSON.stringify(title)}`,
      `date = ${r.pick(['2023-07-31', '2023-07-31T10:00:00-07:00', '"2023-07-31"'])}`,
    ];
    if (r.chance(0.5)) lines.push('tags = ["go", "k8s"]');
    else lines.push('tags = [', '  "go",', '  "k8s",', ']');
    if (r.chance(0.3)) lines.push("literal = 'C:\\path'", '# comment line');
    if (r.chance(0.3)) lines.push('multi = """', 'two', 'lines"""');
    if (r.chance(0.3)) lines.push('[params]', '  x = 1');
    return {
      text: bom + ['+++', ...lines, '+++'].join(eol) + eol + body + end,
      format,
      hasTitle: true,
    };
  }
  if (format === 'json') {
    const inner = [
      `  "title": ${JSON.stringify(title)}`,
      `  "date": "2023-07-31"`,
      `  "tags": ["go", "${r.pick(['a', 'b'])}"]`,
    ];
    if (r.chance(0.3)) inner.push('  "params": {"x": [1, 2, {"y": null}]}');
    return {
      text: bom + ['{', inner.join(`,${eol}`), '}'].join(eol) + eol + body + end,
      format,
      hasTitle: true,
    };
  }
  // (a paragraph with "key: value" in it would be a YAML mapping, front matter to Hugo too)
  if (format === 'break')
    return {
      text:
        bom +
        [
          '---',
          '',
          `A paragraph ${r.pick(WORDS.filter((w) => !w.includes(':')))}.`,
          '',
          '---',
          '',
        ].join(eol) +
        body +
        end,
      format,
      hasTitle: false,
    };
  return { text: bom + body + end, format, hasTitle: false };
}

describe('round trip over a generated corpus', () => {
  const corpus = Array.from({ length: 2400 }, (_, i) => generate(i));

  it('covers every style the corpus is meant to have', () => {
    const all = corpus.map((c) => c.text).join('\n');
    for (const needle of [
      '\ufeff',
      '\r\n',
      '# leading comment',
      '&base',
      'desc: |',
      'folded: >-',
      '+++',
      '{\n',
      '日本語',
      "'it''s",
      '"""',
    ]) {
      expect(all).toContain(needle);
    }
    expect(corpus.filter((c) => !c.text.endsWith('\n')).length).toBeGreaterThan(100);
    expect(new Set(corpus.map((c) => c.format)).size).toBe(5);
  });

  it('parse then serialize gives identical bytes for every post', () => {
    const failures: string[] = [];
    for (const [i, c] of corpus.entries()) {
      const f = parseFrontMatter(c.text, `post-${i}.md`);
      if (serializeFrontMatter(f) !== c.text) failures.push(`post-${i}`);
      if (c.format === 'break' && f.split.format !== null)
        failures.push(`post-${i}: thematic break read as front matter`);
    }
    expect(failures).toEqual([]);
  });

  it('setting the title changes only the title line in every post that has one', () => {
    const failures: string[] = [];
    for (const [i, c] of corpus.entries()) {
      if (!c.hasTitle) continue;
      const next = setField(parseFrontMatter(c.text), 'title', `New: ${i} "q"`);
      const diff = changedLines(c.text, next);
      const back = parseFrontMatter(next).data;
      if (
        diff.removed.length !== 1 ||
        diff.added.length !== 1 ||
        !/title/i.test(diff.added[0]!) ||
        back.title !== `New: ${i} "q"`
      ) {
        failures.push(`post-${i} (${c.format}): ${JSON.stringify(diff)}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
