import { describe, expect, it } from 'vitest';
import { reconcile } from '../../../renderer/preview/reconcile.ts';

interface El {
  key: string;
  id: number;
}
let made = 0;
const shownAs = (keys: string[]): El[] => keys.map((key) => ({ key, id: made++ }));

/** Applies an update; returns the new elements and how many were made. */
function update(shown: El[], keys: string[]): { next: El[]; fresh: number } {
  let fresh = 0;
  const next = reconcile(
    shown,
    keys,
    (e) => e.key,
    (i) => {
      fresh++;
      return { key: keys[i]!, id: made++ };
    },
  );
  return { next, fresh };
}

function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

describe('the preview keeps the blocks it already shows', () => {
  const keys = Array.from({ length: 200 }, (_, i) => `block ${i}`);

  it('a new paragraph in the middle of a long post makes one block, not one per block after it', () => {
    const shown = shownAs(keys);
    const withNew = [...keys.slice(0, 50), 'new paragraph', ...keys.slice(50)];
    const { next, fresh } = update(shown, withNew);
    expect(next.map((e) => e.key)).toEqual(withNew);
    expect(fresh).toBe(1);
    // Every block that was shown is the same element.
    expect(next.filter((e) => e.key !== 'new paragraph')).toEqual(shown);
  });

  it('an edited paragraph makes one block; removed paragraphs make none', () => {
    const shown = shownAs(keys);
    const edited = keys.map((k, i) => (i === 120 ? 'block 120, edited' : k));
    expect(update(shown, edited).fresh).toBe(1);
    const removed = keys.filter((_, i) => i < 30 || i > 33);
    const r = update(shown, removed);
    expect(r.fresh).toBe(0);
    expect(r.next.map((e) => e.key)).toEqual(removed);
  });

  it('whatever the edits, the blocks shown are the blocks wanted, in order', () => {
    const random = rng(3);
    let want = keys.slice(0, 60);
    let shown = shownAs(want);
    for (let round = 0; round < 300; round++) {
      const next = want.slice();
      const at = Math.floor(random() * (next.length + 1));
      const r = random();
      if (r < 0.3) next.splice(at, 0, `k${Math.floor(random() * 80)}`);
      else if (r < 0.6) next.splice(at, 1 + Math.floor(random() * 3));
      else if (r < 0.8) next[at] = `k${Math.floor(random() * 80)}`;
      else next.splice(at, 0, next[Math.floor(random() * next.length)] ?? 'dup');
      want = next.filter((k) => k !== undefined);
      shown = update(shown, want).next;
      expect(shown.map((e) => e.key)).toEqual(want);
      expect(new Set(shown).size).toBe(shown.length);
    }
  });
});
