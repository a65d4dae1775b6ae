import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quire, quireInProcess } from '../../helpers/cli.ts';
import { changedLines } from '../../helpers/lines.ts';
import { copySeedBlog, tempDir } from '../../helpers/site.ts';

const posts = {
  'yaml.md': '---\n# keep me\ntitle: Old\ndate: 2024-01-06T08:00:00+01:00\ntags: [go]\n---\nBody\n',
  'toml.md': '+++\ntitle = "Old"   # keep me\ndate = 2024-01-06\n[params]\nx = 1\n+++\nBody',
  'json.md': '{\n    "title": "Old",\n    "date": "2024-01-06"\n}\n\nBody\n',
};

describe('quire meta', () => {
  for (const [name, text] of Object.entries(posts)) {
    it(`${name}: title="New" changes exactly the title line`, () => {
      const dir = tempDir();
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const r = quire(['meta', file, 'title="New"']);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      const after = readFileSync(file, 'utf8');
      const diff = changedLines(text, after);
      expect(diff.removed).toHaveLength(1);
      expect(diff.removed[0]).toContain('Old');
      expect(diff.added).toHaveLength(1);
      expect(diff.added[0]).toMatch(/title.*New/);
      expect(after.replace(diff.added[0]!, diff.removed[0]!)).toBe(text);
    });
  }

  it('prints front matter as JSON', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'p.md'), posts['yaml.md']);
    const r = await quireInProcess(['meta', path.join(dir, 'p.md')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      title: 'Old',
      date: '2024-01-06T08:00:00+01:00',
      tags: ['go'],
    });
  });

  it('sets YAML-typed values and unsets fields', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.md');
    writeFileSync(file, posts['yaml.md']);
    const r = await quireInProcess([
      'meta',
      file,
      'draft=false',
      'tags=[go, k8s]',
      'title="A: B"',
      '--unset',
      'date',
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(
      '---\n# keep me\ntitle: "A: B"\ntags: [go, k8s]\ndraft: false\n---\nBody\n',
    );
  });

  it('a user error is one line naming the file, exit 1, file untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.md');
    const bad = '+++\ntitle = "a"\ntitle = "b"\n+++\n';
    writeFileSync(file, bad);
    const r = quire(['meta', file, 'title=x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `quire: ${file}:3:1: front matter is not valid TOML (trying to redefine an already defined table or value)\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(bad);
    const missing = quire(['meta', path.join(dir, 'nope.md')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.md: no such file/);
    expect(missing.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    // A folder given for a file is named as a folder (it was called a pipe, device or socket).
    const folder = quire(['meta', dir]);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toMatch(/: is a folder, not a file\n$/);
  });

  it('never runs JavaScript front matter: the file it would write is never written', () => {
    const dir = tempDir();
    const target = path.join(dir, 'PWNED');
    const file = path.join(dir, 'js.md');
    const text = `---js\n{ title: require('fs').writeFileSync(${JSON.stringify(target)}, 'x') || 'x' }\n---\n`;
    writeFileSync(file, text);
    const r = quire(['meta', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/js\.md:1:4: .*never runs it/);
    expect(existsSync(target)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('quire new', () => {
  it('creates a draft post and prints its path', () => {
    const site = copySeedBlog();
    const r = quire(['new', site, 'My First Post']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'content/posts/my-first-post.md\n' });
    const text = readFileSync(path.join(site, 'content/posts/my-first-post.md'), 'utf8');
    expect(text).toMatch(
      /^---\ntitle: "My First Post"\ndate: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)\ndraft: true\n---\n/,
    );
    expect(readdirSync(path.join(site, 'content/posts'))).toHaveLength(25);
  });
});
