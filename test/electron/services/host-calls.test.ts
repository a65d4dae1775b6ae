import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../../electron/services/backend.ts';
import { SettingsStore } from '../../../electron/services/settings.ts';
import { testBackend } from '../../helpers/app.ts';
import { tempDir } from '../../helpers/site.ts';

type Folders = { path: string; parent: string | null; folders: { name: string; site: boolean }[] };

describe('the folder picker', () => {
  it("shows the folders of the user's home, marks sites, and never leaves home (links included)", async () => {
    const home = tempDir();
    const outside = tempDir();
    mkdirSync(path.join(home, 'blog/content'), { recursive: true });
    mkdirSync(path.join(home, 'notes/deep'), { recursive: true });
    mkdirSync(path.join(home, '.hidden'));
    symlinkSync(outside, path.join(home, 'escape'));
    const b = testBackend(() => {}, { homeDir: home });
    const top = (await b.call('listFolders', {})) as Folders;
    expect(top.parent).toBeNull();
    expect(top.folders.map((f) => [f.name, f.site])).toEqual([
      ['blog', true],
      ['notes', false],
    ]);
    const notes = (await b.call('listFolders', { path: path.join(home, 'notes') })) as Folders;
    expect(notes.folders.map((f) => f.name)).toEqual(['deep']);
    expect(notes.parent).toBe(top.path);
    for (const p of ['/', outside, path.join(home, '..'), path.join(home, 'escape'), '../..'])
      await expect(b.call('listFolders', { path: p })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(b.call('listFolders', { path: 'nope' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('preferences kept by the back end', () => {
  it('survive a restart (a new settings store on the same folder), validated in size', async () => {
    const dir = tempDir();
    const make = () =>
      new Backend(
        { revealInFolder: async () => false, openExternal: async () => false },
        () => {},
        new SettingsStore(dir),
        null,
      );
    const a = make();
    expect(await a.call('readPrefs', {})).toEqual({ prefs: null });
    await a.call('writePrefs', { prefs: { showPreview: false, autosaveMs: 900 } });
    expect(await make().call('readPrefs', {})).toEqual({
      prefs: { showPreview: false, autosaveMs: 900 },
    });
    await expect(
      a.call('writePrefs', { prefs: { big: 'x'.repeat(300_000) } }),
    ).rejects.toMatchObject({ code: 'invalid-request' });
  });
});
