import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apTitle, runArchetype } from '../../../shared/content/archetype.ts';
import { listFiles, repoRoot, tempDir } from '../../helpers/site.ts';
import { hugoVersion } from '../../helpers/hugo.ts';

// `quire new` against `hugo new` (Debian's Hugo 0.111) on test/fixtures/archetype-blog: a
// default archetype (TOML front matter), a section archetype using every supported field
// and function, a bundle archetype (a folder with a non-content file), a theme's archetype,
// and --kind. The files must be equal byte for byte, dates compared as instants.

const fixture = path.join(repoRoot, 'test/fixtures/archetype-blog');
const TZ = 'Asia/Kolkata'; // +05:30: offsets are written, not just Z
const TARGETS: string[][] = [
  ['posts/the-lord-of-the-rings.md'],
  ['notes/my-notes'],
  ['links/go-dev.md'],
  ['about.md'],
  ['--kind', 'notes', 'other/x'],
];

function copy(): string {
  const dir = path.join(tempDir(), 'site');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

const DATE = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)/g;

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, TZ } });
  return { code: r.status, out: r.stdout + r.stderr };
}

const hugo = hugoVersion();

describe('quire new with archetypes', () => {
  it.skipIf(!hugo.version)('matches hugo new byte for byte (dates as instants)', () => {
    if (!hugo.version) console.log(`skipped: ${hugo.why}`);
    const viaHugo = copy();
    const viaQuire = copy();
    for (const t of TARGETS) {
      const h = run('hugo', ['new', ...t], viaHugo);
      expect(h.code, h.out).toBe(0);
      const kind = t[0] === '--kind' ? ['--kind', t[1]!] : [];
      const target = t[t.length - 1]!;
      const q = run(
        process.execPath,
        [path.join(repoRoot, 'bin/quire.js'), 'new', viaQuire, target, ...kind],
        repoRoot,
      );
      expect(q.code, q.out).toBe(0);
    }
    const files = listFiles(path.join(viaHugo, 'content'));
    expect(listFiles(path.join(viaQuire, 'content'))).toEqual(files);
    expect(files).toContain('notes/my-notes/data.csv');
    let dates = 0;
    for (const f of files) {
      const a = readFileSync(path.join(viaHugo, 'content', f), 'utf8');
      const b = readFileSync(path.join(viaQuire, 'content', f), 'utf8');
      const da = a.match(DATE) ?? [];
      const db = b.match(DATE) ?? [];
      expect(db.length, f).toBe(da.length);
      da.forEach((d, i) => {
        // The same instant (the runs are seconds apart), written with the same offset.
        expect(Math.abs(Date.parse(d) - Date.parse(db[i]!)), `${f}: ${d} vs ${db[i]}`).toBeLessThan(
          120_000,
        );
        expect(db[i]!.slice(19)).toBe(d.slice(19));
        dates++;
      });
      expect(b.replace(DATE, 'DATE'), f).toBe(a.replace(DATE, 'DATE'));
    }
    expect(dates).toBeGreaterThanOrEqual(5);
  });

  it('runs an archetype to the same bytes for the same instant', () => {
    const src = readFileSync(path.join(fixture, 'archetypes/posts.md'), 'utf8');
    const now = Date.UTC(2024, 0, 2, 3, 4, 5);
    const out = runArchetype(src, 'archetypes/posts.md', {
      name: 'a-b',
      type: 'posts',
      path: 'posts/a-b.md',
      now,
      offsetMinutes: 330,
      site: {
        title: 'T',
        baseURL: 'https://e.org/',
        languageCode: 'en',
        params: { author: 'Ann', mood: 'calm' },
      },
    });
    expect(out).toContain(
      'title: "A B"\ndate: 2024-01-02T08:34:05+05:30\nday: 2024-01-02\nshown: "January 2, 2024"\n',
    );
    expect(out).toContain('author: Ann\nmood: CALM\n');
    expect(out).toContain('{{< figure src="cover.jpg" alt="A cover" >}}');
    expect(apTitle('the lord of the rings: a tale-of two')).toBe(
      'The Lord of the Rings: A Tale-of Two',
    );
  });

  it('names the archetype file and line for what it cannot evaluate; writes nothing', () => {
    const site = copy();
    writeFileSync(
      path.join(site, 'archetypes/bad.md'),
      '---\ntitle: x\nmenu: {{ .Site.Menus }}\n---\n',
    );
    writeFileSync(
      path.join(site, 'archetypes/ctl.md'),
      '---\n\ntitle: {{ if .Date }}x{{ end }}\n---\n',
    );
    writeFileSync(path.join(site, 'archetypes/fn.md'), '---\ntitle: {{ .Name | humanize }}\n---\n');
    const quire = (...args: string[]) =>
      run(process.execPath, [path.join(repoRoot, 'bin/quire.js'), 'new', site, ...args], repoRoot);
    const bad = quire('bad/x.md');
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.out).toMatch(/^quire: archetypes\/bad\.md:3: \.Menus is not a field/);
    expect(quire('ctl/x.md').out).toMatch(
      /^quire: archetypes\/ctl\.md:3: "\{\{ if \}\}" is not supported/,
    );
    expect(quire('fn/x.md').out).toMatch(
      /^quire: archetypes\/fn\.md:2: function "humanize" is not supported/,
    );
    expect(quire('posts/existing.md').out).toMatch(
      /^quire: content\/posts\/existing\.md: already exists\n$/,
    );
    expect(quire('../x.md').code).toBe(1);
    for (const d of ['bad', 'ctl', 'fn'])
      expect(existsSync(path.join(site, 'content', d))).toBe(false);
  });

  it('a title keeps the words the user typed (one field changed), in content/posts/', () => {
    const site = copy();
    const r = run(
      process.execPath,
      [path.join(repoRoot, 'bin/quire.js'), 'new', site, 'Hello, World: Again!'],
      repoRoot,
    );
    expect(r).toMatchObject({ code: 0, out: 'content/posts/hello-world-again.md\n' });
    const text = readFileSync(path.join(site, 'content/posts/hello-world-again.md'), 'utf8');
    expect(text).toMatch(/^---\ntitle: "Hello, World: Again!"\ndate: /);
    expect(text).toContain('kind: posts\ndraft: true\n');
  });
});
