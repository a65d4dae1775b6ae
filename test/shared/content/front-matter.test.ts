import { describe, expect, it } from 'vitest';
import { ContentError } from '../../../shared/content/errors.ts';
import {
  bodyAfterFrontMatter,
  duplicateKeys,
  parseFrontMatter,
  removeField,
  serializeFrontMatter,
  setField,
} from '../../../shared/content/front-matter.ts';
import { toPostMeta } from '../../../shared/content/post.ts';
import { changedLines } from '../../helpers/lines.ts';

const yamlPost = `---
# a comment that must survive
title: "Old title"
date: 2023-07-31T10:00:00-07:00
tags: [go, k8s]
base: &base
  x: 1
other: *base
description: >-
  folded
  text
weight: 3
---
Body with --- inside

---
and a thematic break.
`;

const tomlPost = `+++
title = 'Old title'  # trailing comment
date = 2023-07-31
tags = [
  "go",
  "k8s",
]
[params]
  mood = "ok"
+++
Body
`;

const jsonPost = `{
  "title": "Old title",
  "date": "2023-07-31",
  "tags": ["go"]
}

Body
`;

describe('parse', () => {
  it('reads YAML, TOML and JSON front matter with dates as written', () => {
    expect(parseFrontMatter(yamlPost).data).toMatchObject({
      title: 'Old title',
      date: '2023-07-31T10:00:00-07:00',
      tags: ['go', 'k8s'],
      other: { x: 1 },
      description: 'folded text',
    });
    expect(parseFrontMatter(tomlPost).data).toMatchObject({
      title: 'Old title',
      date: '2023-07-31',
      tags: ['go', 'k8s'],
      params: { mood: 'ok' },
    });
    expect(parseFrontMatter(jsonPost).data).toEqual({
      title: 'Old title',
      date: '2023-07-31',
      tags: ['go'],
    });
  });

  it('gives back identical bytes for untouched files', () => {
    for (const text of [
      yamlPost,
      tomlPost,
      jsonPost,
      '\ufeff---\r\ntitle: x\r\n---\r\nbody',
      'no front matter',
      '',
      '---\n---\n',
    ]) {
      expect(serializeFrontMatter(parseFrontMatter(text))).toBe(text);
    }
  });

  it('treats a leading thematic break in prose as body', () => {
    const text = '---\n\nA paragraph after a rule.\n\n---\n\nMore.\n';
    const f = parseFrontMatter(text);
    expect(f.split.format).toBeNull();
    expect(f.split.body).toBe(text);
    expect(serializeFrontMatter(f)).toBe(text);
    const unclosed = '---\n\nJust prose under a rule.\n';
    expect(parseFrontMatter(unclosed).split.body).toBe(unclosed);
  });

  it('honours Hugo key aliases and case-insensitive keys', () => {
    const meta = toPostMeta(
      parseFrontMatter(
        '---\nTitle: Hi\nPublishDate: 2024-01-02\nunpublishdate: 2025-01-01\nDraft: true\nTags: go\n---\n',
      ).data,
    );
    expect(meta.title).toBe('Hi');
    expect(meta.date?.raw).toBe('2024-01-02'); // date falls back to publishDate
    expect(meta.expiryDate?.raw).toBe('2025-01-01');
    expect(meta.draft).toBe(true);
    expect(meta.tags).toEqual(['go']);
  });

  // claire-codes/hugo-blog came from Jekyll: `published: true|false` on 30 posts. Hugo 0.111
  // reads it (undocumented): false is a draft unless `draft` is given. Quire published
  // the two `published: false` posts and reported the other 28 as unreadable dates.
  // Each case was built with Hugo 0.111: published (false) or not (true).
  const published: [string, boolean][] = [
    ['published: false', true],
    ['published: true', false],
    ['published: false\ndraft: false', false],
    ['published: no', true],
    ['published:', true],
    ['published: 0', true],
    ['published: "False"', true],
    ['published: 2020-01-01', false],
  ];
  it.each(published)('%s: a draft %s, as in Hugo; never a date problem', (fm, draft) => {
    const meta = toPostMeta(parseFrontMatter(`---\ndate: 2020-01-01\n${fm}\n---\n`).data);
    expect(meta.draft).toBe(draft);
    expect(meta.warnings).toEqual([]);
  });

  it('keeps a date with an offset as written: calendar values never shifted', () => {
    const meta = toPostMeta({ date: '2023-07-31T23:30:00-07:00' });
    expect(meta.date).toMatchObject({
      year: 2023,
      month: 7,
      day: 31,
      hour: 23,
      offsetMinutes: -420,
    });
  });
});

describe('minimal edits', () => {
  for (const [name, text, titleLine] of [
    ['YAML', yamlPost, 'title: "New: title"'],
    ['TOML', tomlPost, `title = 'New: title'`],
    ['JSON', jsonPost, '  "title": "New: title",'],
  ] as const) {
    it(`${name}: setting the title rewrites only the title line`, () => {
      const next = setField(parseFrontMatter(text), 'title', 'New: title');
      const diff = changedLines(text, next);
      expect(diff.added).toEqual([titleLine]);
      expect(diff.removed).toHaveLength(1);
      expect(diff.removed[0]).toContain('Old title');
      expect(parseFrontMatter(next).data.title).toBe('New: title');
    });

    it(`${name}: same value changes nothing; add appends; remove removes only its lines`, () => {
      const f = parseFrontMatter(text);
      expect(setField(f, 'title', 'Old title')).toBe(text);
      const added = setField(f, 'slug', 'my-slug');
      const diffAdd = changedLines(text, added);
      if (name === 'JSON') {
        // JSON needs a comma after what was the last member; nothing else changes.
        expect(diffAdd.removed).toEqual(['  "tags": ["go"]']);
        expect(diffAdd.added).toEqual(['  "tags": ["go"],', '  "slug": "my-slug"']);
      } else {
        expect(diffAdd.removed).toEqual([]);
        expect(diffAdd.added).toHaveLength(1);
      }
      expect(parseFrontMatter(added).data.slug).toBe('my-slug');
      // JSON's last member cannot go without touching the comma before it: take a middle one.
      const gone = name === 'JSON' ? 'date' : 'tags';
      const removed = removeField(f, gone);
      const diffRm = changedLines(text, removed);
      expect(diffRm.added).toEqual([]);
      expect(diffRm.removed.join('\n')).toMatch(name === 'JSON' ? /2023/ : /go/);
      expect(parseFrontMatter(removed).data[gone]).toBeUndefined();
      expect(parseFrontMatter(removed).data.title).toBe('Old title');
    });
  }

  it('edits a key in the case it was written in', () => {
    const text = '---\nTitle: Old\n---\n';
    expect(setField(parseFrontMatter(text), 'title', 'New')).toBe('---\nTitle: New\n---\n');
  });

  it('keeps CRLF and the BOM when editing', () => {
    const text = '\ufeff---\r\ntitle: Old\r\ndraft: true\r\n---\r\nBody\r\n';
    expect(setField(parseFrontMatter(text), 'draft', false)).toBe(
      '\ufeff---\r\ntitle: Old\r\ndraft: false\r\n---\r\nBody\r\n',
    );
  });

  it('replaces a block scalar and a block list whole, leaving neighbours alone', () => {
    const text = '---\na: 1\ntags:\n  - x\n  - y\ndesc: |\n  one\n  two\nz: 2\n---\n';
    const f = parseFrontMatter(text);
    expect(setField(f, 'tags', ['q'])).toBe(
      '---\na: 1\ntags:\n  - q\ndesc: |\n  one\n  two\nz: 2\n---\n',
    );
    expect(setField(f, 'desc', 'short')).toBe(
      '---\na: 1\ntags:\n  - x\n  - y\ndesc: short\nz: 2\n---\n',
    );
  });

  it('prepends a block to a file without front matter and keeps every byte after it', () => {
    const text = '# Hello\n\n---\n\nworld';
    const next = setField(parseFrontMatter(text), 'title', 'Hello');
    expect(next).toBe('---\ntitle: Hello\n---\n' + text);
  });

  it('handles a missing final newline after the last field', () => {
    const text = '+++\ntitle = "a"\nweight = 1\n+++';
    const next = setField(parseFrontMatter(text), 'weight', 2);
    expect(next).toBe('+++\ntitle = "a"\nweight = 2\n+++');
  });
});

describe('a key given twice (YAML, JSON): read as Hugo reads it, the last value wins', () => {
  const cases: [string, string, string, string][] = [
    // name, file, its text after setting title to "New", after removing title
    [
      'YAML',
      '---\ntitle: First\ndate: 2024-01-02\ntitle: Last\n---\nBody\n',
      '---\ntitle: First\ndate: 2024-01-02\ntitle: New\n---\nBody\n',
      '---\ndate: 2024-01-02\n---\nBody\n',
    ],
    [
      'JSON',
      '{\n  "title": "First",\n  "date": "2024-01-02",\n  "title": "Last"\n}\nBody\n',
      '{\n  "title": "First",\n  "date": "2024-01-02",\n  "title": "New"\n}\nBody\n',
      '{\n  "date": "2024-01-02"\n}\nBody\n',
    ],
  ];
  it.each(cases)('%s', (_, text, edited, removed) => {
    const f = parseFrontMatter(text, 'p.md');
    expect(f.data.title).toBe('Last');
    // Nothing else changes, and the edit lands on the value Hugo reads.
    expect(serializeFrontMatter(f)).toBe(text);
    expect(setField(f, 'title', 'New')).toBe(edited);
    expect(parseFrontMatter(edited).data.title).toBe('New');
    expect(setField(f, 'title', undefined)).toBe(removed);
    expect(duplicateKeys(text)).toEqual([{ key: 'title', line: 4, firstLine: 2 }]);
  });

  it('finds repeats in nested YAML mappings too, and none in a clean file', () => {
    expect(duplicateKeys('---\nparams:\n  a: 1\n  a: 2\n---\n')).toEqual([
      { key: 'a', line: 4, firstLine: 3 },
    ]);
    expect(duplicateKeys('---\ntitle: a\n---\n')).toEqual([]);
    expect(duplicateKeys('+++\ntitle = "a"\n+++\n')).toEqual([]);
  });
});

describe('a flow list continued at the margin (accepted by the YAML reader of Hugo)', () => {
  const text =
    '---\r\ntitle:\t\t"Go"\r\ncategories: [ \r\n\t"Go",\r\n"Web"\r\n]\r\ntags: {a: 1,\r\nb: 2}\r\n---\r\nBody\r\n';
  it('reads as Hugo reads it, and edits only the field changed', () => {
    const f = parseFrontMatter(text, 'p.md');
    expect(f.data).toEqual({ title: 'Go', categories: ['Go', 'Web'], tags: { a: 1, b: 2 } });
    expect(serializeFrontMatter(f)).toBe(text);
    const t = setField(f, 'title', 'Went');
    expect(changedLines(text, t)).toEqual({
      removed: ['title:\t\t"Go"\r'],
      added: ['title: "Went"\r'],
    });
    const c = setField(f, 'categories', ['Go']);
    expect(c).toBe(
      '---\r\ntitle:\t\t"Go"\r\ncategories: [Go]\r\ntags: {a: 1,\r\nb: 2}\r\n---\r\nBody\r\n',
    );
    expect(parseFrontMatter(c).data.tags).toEqual({ a: 1, b: 2 });
  });

  it('a comment at the end of the line before stays an error, named by line', () => {
    expect(() => parseFrontMatter('---\ntags: [a, # note\nb]\n---\n', 'p.md')).toThrow(
      /^p\.md:\d+:1: front matter is not valid YAML \(Flow sequence/,
    );
  });
});

// claire-codes/hugo-blog writes Markdown links in quoted strings, the `](url)` on the
// next line at the margin: YAML 1.2 refuses that, Hugo 0.111 (yaml.v2) reads it. The
// values below are what Hugo 0.111 gives (`{{ .Params.interests | jsonify }}`).
describe('a quoted string continued at the margin (accepted by the YAML reader of Hugo)', () => {
  const text =
    '---\r\ntitle: "A"\r\ninterests:\r\n- "[Color gradient  \r\n](https://x.com) - \r\n\r\nA gen."\r\n- \'b\r\nc\'\r\n---\r\nbody\r\n';
  it('reads the folded value Hugo reads, and edits only the field changed', () => {
    const f = parseFrontMatter(text, 'p.md');
    expect(f.data).toEqual({
      title: 'A',
      interests: ['[Color gradient ](https://x.com) -\nA gen.', 'b c'],
    });
    expect(serializeFrontMatter(f)).toBe(text);
    const t = setField(f, 'title', 'Went');
    expect(changedLines(text, t)).toEqual({
      removed: ['title: "A"\r'],
      added: ['title: "Went"\r'],
    });
    expect(parseFrontMatter(t).data.interests).toEqual(f.data.interests);
  });

  it('a quote never closed stays an error, named by line', () => {
    expect(() => parseFrontMatter('---\ntitle: "abc\ndate: 2020\n---\n', 'p.md')).toThrow(
      /^p\.md:2:1: front matter is not valid YAML \(Missing closing "quote\)/,
    );
  });
});
describe('bad input', () => {
  const bad: [string, string, RegExp][] = [
    [
      'invalid YAML',
      '---\ntitle: [unclosed\n---\n',
      /^p\.md:\d+:\d+: front matter is not valid YAML/,
    ],
    ['invalid TOML', '+++\ntitle = \n+++\n', /^p\.md:2:\d+: front matter is not valid TOML/],
    [
      'duplicate TOML key',
      '+++\na = 1\na = 2\n+++\n',
      /^p\.md:3:\d+: front matter is not valid TOML/,
    ],
    ['invalid JSON', '{\n  "a": 1,\n  "b": \n}\n', /^p\.md:4:1: front matter is not valid JSON/],
    [
      'alias bomb',
      '---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n',
      /^p\.md:\d+:\d+: front matter is refused: its aliases expand too much/,
    ],
    [
      'deep YAML nesting',
      `---\nx: ${'['.repeat(20000)}${']'.repeat(20000)}\n---\n`,
      /^p\.md:\d+:\d+: .*nested too deeply/,
    ],
    [
      'deep JSON nesting',
      `{"x": ${'['.repeat(5000)}${']'.repeat(5000)}}\n`,
      /^p\.md:\d+:\d+: .*nested too deeply/,
    ],
    [
      'unclosed front matter',
      '---\ntitle: x\ndate: 2020-01-01\n',
      /^p\.md:1:1: front matter opened with --- is never closed/,
    ],
  ];
  for (const [name, text, re] of bad) {
    it(`${name}: a clear error naming the file and position`, () => {
      let err: unknown;
      try {
        parseFrontMatter(text, 'p.md');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ContentError);
      expect((err as Error).message).toMatch(re);
    });
  }

  for (const open of ['---js', '---javascript', '--- JavaScript ', '---JS', '---coffee']) {
    it(`refuses ${JSON.stringify(open)} front matter without evaluating it`, () => {
      const g = globalThis as { __quirePwned?: boolean };
      const text = `${open}\n{ title: (globalThis.__quirePwned = true, "x") }\n---\nbody\n`;
      expect(() => parseFrontMatter(text, 'p.md')).toThrow(
        /^p\.md:1:4: front matter .*(code|not supported)/,
      );
      expect(g.__quirePwned).toBeUndefined();
    });
  }
});

describe('bodyAfterFrontMatter (the export reads bodies without parsing the front matter again)', () => {
  // The line the index records: where the body starts after the front matter it parsed.
  const indexedLine = (text: string) => {
    const s = parseFrontMatter(text).split;
    return (s.open + s.raw + s.close).split('\n').length;
  };
  const files = [
    '---\ntitle: A\ntags: [a, b]\n---\n\nBody *one*.\n',
    '\ufeff---\r\ntitle: CRLF\r\n---\r\nBody\r\n',
    '+++\ntitle = "T"\n+++\nToml body\n',
    '{\n  "title": "J"\n}\nJson body\n',
    '---\n\nNot front matter: a thematic break.\n\n---\n\nText\n',
    'No front matter at all.\n',
    '\n\n---\ntitle: leading blank lines\n---\nBody\n',
    '---\ntitle: at the end\n---',
  ];
  it('gives the body parseFrontMatter gives, for every kind of file', () => {
    for (const text of files)
      expect(bodyAfterFrontMatter(text, indexedLine(text)), text).toBe(
        parseFrontMatter(text).split.body,
      );
  });
  it('parses again when the file changed since the index read it', () => {
    const text = '---\ntitle: A\nmore: lines\n---\nBody\n';
    expect(bodyAfterFrontMatter(text, 4)).toBe('Body\n');
    // The front matter is now bad: the error parseFrontMatter gives, naming the file.
    expect(() => bodyAfterFrontMatter('---\ntitle: [unclosed\n---\nBody\n', 3, 'p.md')).toThrow(
      /p\.md/,
    );
  });
});
