import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../../electron/services/backend.ts';
import { LocalHistory } from '../../../electron/services/history.ts';
import { SettingsStore } from '../../../electron/services/settings.ts';
import { hugoBuild, hugoVersion } from '../../helpers/hugo.ts';
import { listFiles, tempDir } from '../../helpers/site.ts';

// Local history: every save keeps the version it replaces; restore brings one back byte for
// byte as an ordinary (conditional) save, bounded by size and age, without git.

type HistoryList = { entries: { id: string; savedAt: number; size: number; kind: string }[] };

function site(body: string): string {
  const root = path.join(tempDir(), 'site');
  const posts = path.join(root, 'content/posts');
  mkdirSync(posts, { recursive: true });
  writeFileSync(
    path.join(root, 'hugo.toml'),
    'title = "History"\nbaseURL = "https://example.org/"\n',
  );
  writeFileSync(path.join(posts, 'a.md'), body);
  return root;
}

async function backendFor(
  root: string,
  history: object = {},
): Promise<{ b: Backend; data: string }> {
  const data = tempDir();
  const settings = new SettingsStore(data);
  settings.update({ history });
  const b = new Backend(
    { revealInFolder: async () => false, openExternal: async () => false },
    () => {},
    settings,
    null,
  );
  await b.call('openSite', { path: root });
  return { b, data };
}

const REL = 'content/posts/a.md';

/** The n-th version of the post, in the file's own line endings and BOM. */
function version(n: number, eol: string, bom: boolean): string {
  const lines = ['---', `title: "Version ${n}"`, '---', '', `Paragraph ${n}.`, ''];
  for (let i = 0; i < n % 7; i++) lines.push(`Line ${i} of version ${n} with ünïcode ✓.`);
  return (bom ? '\uFEFF' : '') + lines.join(eol);
}

describe('local history', () => {
  for (const [name, eol, bom] of [
    ['LF', '\n', false],
    ['CRLF with a BOM', '\r\n', true],
  ] as const)
    it(`50 saves, restore the 10th: the file equals it byte for byte (${name})`, async () => {
      const root = site(version(0, eol, bom));
      const { b } = await backendFor(root);
      let base = ((await b.call('readPost', { path: REL })) as { version: string }).version;
      for (let n = 1; n <= 50; n++) {
        const r = (await b.call('savePost', {
          path: REL,
          text: version(n, eol, bom),
          baseVersion: base,
        })) as { version: string };
        base = r.version;
      }
      const file = path.join(root, REL);
      expect(readFileSync(file, 'utf8')).toBe(version(50, eol, bom));
      const list = (await b.call('historyList', { path: REL })) as HistoryList;
      // Every version a save replaced: 0 to 49, newest first.
      expect(list.entries).toHaveLength(50);
      const texts = await Promise.all(
        list.entries.map(
          async (e) =>
            ((await b.call('historyRead', { path: REL, id: e.id })) as { text: string }).text,
        ),
      );
      expect(texts[0]).toBe(version(49, eol, bom));
      const tenth = list.entries[texts.indexOf(version(10, eol, bom))]!;
      expect(tenth).toBeDefined();
      // Restore with unsaved text in the editor: that text is kept in the history too.
      const unsaved = version(50, eol, bom) + 'typed, not saved';
      const restored = (await b.call('historyRestore', {
        path: REL,
        id: tenth.id,
        baseVersion: base,
        unsaved,
      })) as { version: string; text: string };
      expect(readFileSync(file)).toEqual(Buffer.from(version(10, eol, bom), 'utf8'));
      expect(restored.text).toBe(version(10, eol, bom));
      // The restore is itself undoable: the version it replaced and the unsaved text are kept.
      const after = (await b.call('historyList', { path: REL })) as HistoryList;
      const newest = await Promise.all(
        after.entries
          .slice(0, 2)
          .map(
            async (e) =>
              ((await b.call('historyRead', { path: REL, id: e.id })) as { text: string }).text,
          ),
      );
      expect(newest.sort()).toEqual([version(50, eol, bom), unsaved].sort());
      expect(after.entries.find((e) => e.kind === 'unsaved')).toBeDefined();
      // ... and restoring the newest saved version brings version 50 back.
      const v50 = after.entries[newest.indexOf(version(50, eol, bom))]!;
      await b.call('historyRestore', {
        path: REL,
        id: v50.id,
        baseVersion: restored.version,
        unsaved: null,
      });
      expect(readFileSync(file)).toEqual(Buffer.from(version(50, eol, bom), 'utf8'));
      await b.close();
    });

  it('stays within its size bound, dropping the oldest versions first', async () => {
    const root = site('---\ntitle: x\n---\n' + 'start\n');
    const maxMB = 0.01; // 10,486 bytes
    const { b } = await backendFor(root, { maxMB });
    let base = ((await b.call('readPost', { path: REL })) as { version: string }).version;
    for (let n = 1; n <= 50; n++) {
      const text = `---\ntitle: v${n}\n---\n` + `${'x'.repeat(1000)} ${n}\n`;
      base = (
        (await b.call('savePost', { path: REL, text, baseVersion: base })) as {
          version: string;
        }
      ).version;
      const list = (await b.call('historyList', { path: REL })) as HistoryList;
      const total = list.entries.reduce((s, e) => s + e.size, 0);
      expect(total).toBeLessThanOrEqual(maxMB * 1024 * 1024);
    }
    const list = (await b.call('historyList', { path: REL })) as HistoryList;
    // The newest versions are the ones kept.
    expect(list.entries.length).toBeGreaterThan(5);
    expect(list.entries.length).toBeLessThan(50);
    const newest = (await b.call('historyRead', { path: REL, id: list.entries[0]!.id })) as {
      text: string;
    };
    expect(newest.text).toContain('title: v49');
    await b.close();
  });

  it('drops versions older than its age bound', async () => {
    const dir = tempDir();
    let now = Date.UTC(2026, 0, 1);
    const h = new LocalHistory(dir, { location: 'data', maxBytes: 1e9, maxAgeDays: 30 }, () => now);
    await h.record(REL, Buffer.from('old'));
    now += 31 * 86_400_000;
    await h.record(REL, Buffer.from('new'));
    const list = await h.list(REL);
    expect(list).toHaveLength(1);
    expect((await h.read(REL, list[0]!.id)).toString()).toBe('new');
  });

  it('keeps no version for a refused save (a conflict writes nothing)', async () => {
    const root = site('---\ntitle: a\n---\none\n');
    const { b } = await backendFor(root);
    await expect(
      b.call('savePost', { path: REL, text: 'mine', baseVersion: 'stale' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(((await b.call('historyList', { path: REL })) as HistoryList).entries).toEqual([]);
    await b.close();
  });

  it('by default lives in the data folder: the site gets no new file', async () => {
    const root = site('---\ntitle: a\n---\none\n');
    const before = listFiles(root);
    const { b, data } = await backendFor(root);
    const base = ((await b.call('readPost', { path: REL })) as { version: string }).version;
    await b.call('savePost', { path: REL, text: '---\ntitle: a\n---\ntwo\n', baseVersion: base });
    expect(listFiles(root)).toEqual(before);
    expect(existsSync(path.join(data, 'history'))).toBe(true);
    await b.close();
  });

  it.skipIf(!hugoVersion().version)(
    'in the site (.quire/): never in the export nor in what Hugo builds',
    async () => {
      const root = site('---\ntitle: A post\n---\nfirst words\n');
      const { b } = await backendFor(root, { location: 'site' });
      const base = ((await b.call('readPost', { path: REL })) as { version: string }).version;
      await b.call('savePost', {
        path: REL,
        text: '---\ntitle: A post\n---\nsecond words\n',
        baseVersion: base,
      });
      expect(listFiles(path.join(root, '.quire')).length).toBeGreaterThan(0);
      const out = path.join(tempDir(), 'export');
      await b.call('exportStart', { out, asOf: '2030-01-01' });
      await expect.poll(() => existsSync(path.join(out, 'index.html'))).toBe(true);
      const hugoOut = path.join(tempDir(), 'public');
      hugoBuild(root, hugoOut);
      for (const dir of [out, hugoOut]) {
        for (const f of listFiles(dir)) {
          expect(f).not.toMatch(/\.quire\/|\.v$/);
          expect(readFileSync(path.join(dir, f), 'utf8')).not.toContain('first words');
        }
      }
      await b.close();
    },
  );
  if (!hugoVersion().version) console.log(`SKIPPED (history and Hugo): ${hugoVersion().why}`);
});

describe('local history and renames', () => {
  it('follows a renamed post', async () => {
    const root = site('---\ntitle: a\n---\none\n');
    const { b } = await backendFor(root);
    const base = ((await b.call('readPost', { path: REL })) as { version: string }).version;
    await b.call('savePost', { path: REL, text: '---\ntitle: a\n---\ntwo\n', baseVersion: base });
    // A new file name moves the post (and adds the old URL to its aliases: one more save).
    const { path: to } = (await b.call('renamePost', { path: REL, name: 'b' })) as {
      path: string;
    };
    expect(to).not.toBe(REL);
    const list = (await b.call('historyList', { path: to })) as HistoryList;
    const texts = await Promise.all(
      list.entries.map(
        async (e) =>
          ((await b.call('historyRead', { path: to, id: e.id })) as { text: string }).text,
      ),
    );
    // The versions saved under the old name are there under the new one.
    expect(texts).toContain('---\ntitle: a\n---\none\n');
    await b.close();
  });
});

describe('local history that cannot be written', () => {
  it('never stops a save', async () => {
    const root = site('---\ntitle: a\n---\none\n');
    const { b, data } = await backendFor(root);
    // Something in the way of the history folder.
    writeFileSync(path.join(data, 'history'), 'not a folder');
    const base = ((await b.call('readPost', { path: REL })) as { version: string }).version;
    await b.call('savePost', { path: REL, text: '---\ntitle: a\n---\ntwo\n', baseVersion: base });
    expect(readFileSync(path.join(root, REL), 'utf8')).toBe('---\ntitle: a\n---\ntwo\n');
    await b.close();
  });
});
