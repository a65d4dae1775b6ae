import { describe, expect, it } from 'vitest';
import type { QuireApi } from '../../../shared/ipc/contract.ts';
import { createMonitor, connectionStore } from '../../../renderer/api/connection.ts';
import { withLocalJournal } from '../../../renderer/api/local-journal.ts';

/** A Storage in memory (what localStorage does, for the tab's journal). */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
  };
}

/** A back end that can be stopped: its journal, and whether it answers. */
function fakeBackend() {
  const journal = new Map<string, string>();
  const state = { up: true };
  const gone = () => Promise.reject(new TypeError('Failed to fetch'));
  const api = {
    currentSite: async () => (state.up ? { root: '/site' } : gone()),
    journalWrite: async (r: { path: string; text: string }) => {
      if (!state.up) return gone();
      journal.set(r.path, r.text);
      return { saved: true };
    },
    journalClear: async (r: { path: string }) => {
      if (!state.up) return gone();
      journal.delete(r.path);
      return { cleared: true };
    },
    journalList: async () => [...journal].map(([path, text]) => ({ path, text })),
    subscribe: () => () => {},
  } as unknown as QuireApi;
  return { api, journal, state };
}

describe("the tab's journal (browser host)", () => {
  it('keeps text the stopped back end could not take, and hands it back when it is there again', async () => {
    const storage = memoryStorage();
    const b = fakeBackend();
    const api = withLocalJournal(b.api, storage);
    await api.currentSite({});
    await api.journalWrite({ path: 'a.md', text: 'one', baseVersion: null, writtenAt: 1 });
    // Taken by the back end: nothing left in the tab.
    expect(api.localEntries()).toEqual([]);
    b.state.up = false;
    await expect(
      api.journalWrite({
        path: 'a.md',
        text: 'typed while stopped',
        baseVersion: null,
        writtenAt: 2,
      }),
    ).rejects.toThrow();
    expect(api.localEntries().map((e) => e.text)).toEqual(['typed while stopped']);
    // A new page (a reload) of the same tab: the entry is still there.
    const again = withLocalJournal(b.api, storage);
    b.state.up = true;
    await again.currentSite({});
    const listed = await again.journalList({});
    expect(listed).toEqual([{ path: 'a.md', text: 'typed while stopped' }]);
    expect(again.localEntries()).toEqual([]);
  });

  it('a clear (the text was saved) forgets the entry; an older clear never drops newer text', async () => {
    const storage = memoryStorage();
    const b = fakeBackend();
    const api = withLocalJournal(b.api, storage);
    await api.currentSite({});
    b.state.up = false;
    await api
      .journalWrite({ path: 'a.md', text: 'new', baseVersion: null, writtenAt: 5 })
      .catch(() => 0);
    b.state.up = true;
    await api.journalClear({ path: 'a.md', writtenAt: 4 });
    expect(api.localEntries().map((e) => e.text)).toEqual(['new']);
    await api.journalClear({ path: 'a.md', writtenAt: 6 });
    expect(api.localEntries()).toEqual([]);
  });
});

describe('the connection monitor', () => {
  it('goes down when a request gets no answer, probes, and comes back once', async () => {
    let answer: 'ok' | 'failed' | 'refused' = 'failed';
    let back = 0;
    const m = createMonitor(
      async () => answer,
      () => back++,
      5,
    );
    m.failed();
    await expect.poll(() => connectionStore.getState().state).toBe('down');
    answer = 'ok';
    await expect.poll(() => connectionStore.getState().state).toBe('up');
    expect(back).toBe(1);
    answer = 'refused';
    m.refused();
    expect(connectionStore.getState().state).toBe('forbidden');
    answer = 'ok';
    await expect.poll(() => connectionStore.getState().state).toBe('up');
    expect(back).toBe(2);
  });
});
