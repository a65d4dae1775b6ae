import { describe, expect, it } from 'vitest';
import { FieldEditError } from '../../../shared/content/errors.ts';
import {
  findKey,
  parseFrontMatter,
  removeField,
  setField,
} from '../../../shared/content/front-matter.ts';
import { rng } from '../../helpers/random.ts';

// Field edits are fuzzed over the three formats: every accepted edit must parse, hold the
// value asked for and leave every other field (and the body) as it was; every refused
// edit throws FieldEditError naming the field, and the caller writes nothing.

const BASES = {
  yaml: `---
title: "Old: title" # a comment
date: 2023-07-31T10:00:00-07:00
tags:
  - go
  - k8s
other: { x: 1 }
description: >-
  folded
  text
'quoted key': yes
list: [a, "b, c"]
---
Body with --- inside
`,
  toml: `+++
title = 'Old title'  # trailing comment
date = 2023-07-31
tags = [
  "go", # a comment in an array
  "k8s",
]
nested = [[1, 2], [3]]
inline = { a = 1, "b c" = "d" }
multi = """
first "line"
second"""
lit = '''
raw \\ text'''
"quoted key" = 1
[params]
  mood = "ok"
+++
Body
`,
  json: `{
  "title": "Old title",
  "date": "2023-07-31",
  "tags": ["go"],
  "nested": {"a": [1, {"b": null}]},
  "n": -1.5e3
}

Body
`,
} as const;

const KEYS = [
  'title',
  'Title',
  'date',
  'tags',
  'other',
  'inline',
  'multi',
  'lit',
  'nested',
  'description',
  'slug',
  'weight',
  'new_key',
  'my key',
  'a: b',
  '#hash',
  'dotted.key',
  "it's",
  'quoted key',
  'ключ',
  '"q"',
];

function randomString(r: ReturnType<typeof rng>): string {
  const parts = [
    'plain',
    ' spaced ',
    "it's",
    '"quoted"',
    '\\back\\slash',
    'line\nbreak',
    'crlf\r\nbreak',
    'tab\there',
    '\u0000nul',
    '\u0007bell',
    '\u007fdel',
    '\u001bescape',
    "'''",
    '"""',
    '# not a comment',
    ': colon',
    '- dash',
    '[bracket',
    '{brace}',
    '---',
    '+++',
    'émoji 🎉',
    '\ud800lone',
    '2024-01-02',
    '2024-13-45',
    '2024-01-02T10:00:00Z',
    'true',
    'null',
    '~',
    '',
    '  ',
    '@at',
    '%pct',
    '*star',
    '&amp',
    '!bang',
    '|pipe',
    '>gt',
  ];
  let s = '';
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) s += r.pick(parts);
  return s;
}

function randomValue(r: ReturnType<typeof rng>, depth = 0): unknown {
  const k = r.int(depth > 1 ? 6 : 9);
  switch (k) {
    case 0:
    case 1:
      return randomString(r);
    case 2:
      return r.pick([0, 1, -1, 1.5, -0, 1e21, 2 ** 53, NaN, Infinity, -Infinity, 0.1]);
    case 3:
      return r.chance(0.5);
    case 4:
      return null;
    case 5:
      return r.pick(['2024-01-02', '2024-01-02T10:00:00Z', '2024-01-02T10:00:00+02:00']);
    case 6:
    case 7:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(3); i > 0; i--) o[r.pick(KEYS)] = randomValue(r, depth + 1);
      return o;
    }
  }
}

/** Equal as front matter values: -0 and 0 alike, NaN equal to itself. */
function same(a: unknown, b: unknown): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function lines(s: string): string[] {
  return s.split('\n');
}

/** Old lines that differ from the new text, after common leading and trailing lines. */
function changedOldLines(a: string, b: string): number {
  const x = lines(a);
  const y = lines(b);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  let j = 0;
  while (j < x.length - i && j < y.length - i && x[x.length - 1 - j] === y[y.length - 1 - j]) j++;
  return x.length - i - j;
}

describe('field editor fuzz (seeded)', () => {
  for (const [format, base] of Object.entries(BASES)) {
    it(`${format}: accepted edits parse and change only their field; refused edits name it`, () => {
      const r = rng(format.length * 7919 + 16);
      let text: string = base;
      const body = parseFrontMatter(base).split.body;
      let accepted = 0;
      let refused = 0;
      const EDITS = format === 'yaml' ? 1000 : 1500;
      for (let n = 0; n < EDITS; n++) {
        // Start again from the base now and then, so the block stays the size of a post's.
        if (n % 100 === 0) text = base;
        const f = parseFrontMatter(text, 'p.md');
        const key = r.pick(KEYS);
        const remove = r.chance(0.15);
        const value = remove ? undefined : randomValue(r);
        let next: string;
        try {
          next = remove ? removeField(f, key) : setField(f, key, value);
        } catch (err) {
          expect(err, `${format} edit ${n}: ${key}=${JSON.stringify(value)}`).toBeInstanceOf(
            FieldEditError,
          );
          expect((err as FieldEditError).field).toBe(key);
          expect((err as Error).message).toMatch(/^p\.md: ".*" was not changed: /);
          refused++;
          continue;
        }
        const where = `${format} edit ${n}: ${remove ? 'remove ' + key : `${key}=${JSON.stringify(value)}`}\n${next}`;
        let g;
        try {
          g = parseFrontMatter(next, 'p.md');
        } catch (err) {
          throw new Error(`${where}\n-> does not parse: ${(err as Error).message}`, {
            cause: err,
          });
        }
        expect(g.split.body, where).toBe(body);
        expect(g.split.format, where).toBe(format);
        const k = findKey(g.data, key);
        if (remove) expect(k, where).toBeUndefined();
        else if (k === undefined) throw new Error(`${where}\n-> the field is missing`);
        else
          expect(same(g.data[k], value), `${where}\n-> holds ${JSON.stringify(g.data[k])}`).toBe(
            true,
          );
        for (const [other, v] of Object.entries(f.data))
          if (other.toLowerCase() !== key.toLowerCase())
            expect(same(g.data[other], v), `${where}\n-> changed ${other}`).toBe(true);
        // Only the field's own lines change (plus, in JSON, the comma of its neighbour).
        const old = findKey(f.data, key);
        const own = old === undefined ? 0 : changedOldLines(text, removeField(f, key));
        expect(changedOldLines(text, next), where).toBeLessThanOrEqual(own + 1);
        if (next !== text) accepted++;
        text = next;
      }
      console.log(
        `field edit fuzz ${format}: ${EDITS} edits, ${accepted} accepted (changed the file), ${refused} refused, 0 invalid`,
      );
      expect(accepted).toBeGreaterThan(EDITS / 3);
      expect(refused).toBeGreaterThan(0);
    });
  }
});
