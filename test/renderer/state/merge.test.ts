import { describe, expect, it } from 'vitest';
import { hunks, merge } from '../../../renderer/state/merge.ts';

describe('merging two versions hunk by hunk', () => {
  const theirs = 'title\none\ntwo (theirs)\nthree\nfour\n';
  const mine = 'title\none (mine)\ntwo\nthree\nfour\nfive (mine)\n';

  it('finds each place the versions differ, with both sides', () => {
    const parts = hunks(mine, theirs);
    const changes = parts.filter((h) => h.kind === 'change');
    expect(changes).toEqual([
      { kind: 'change', mine: 'one (mine)\ntwo\n', theirs: 'one\ntwo (theirs)\n' },
      { kind: 'change', mine: 'five (mine)\n', theirs: '' },
    ]);
  });

  it('mine by default, theirs or both per hunk; shared lines kept once', () => {
    const parts = hunks(mine, theirs);
    const first = parts.findIndex((h) => h.kind === 'change');
    expect(merge(parts, {})).toBe(mine);
    expect(merge(parts, { [first]: 'theirs' })).toBe(
      'title\none\ntwo (theirs)\nthree\nfour\nfive (mine)\n',
    );
    expect(merge(parts, { [first]: 'both' })).toBe(
      'title\none (mine)\ntwo\none\ntwo (theirs)\nthree\nfour\nfive (mine)\n',
    );
    const all = Object.fromEntries(parts.map((_, i) => [i, 'theirs' as const]));
    expect(merge(parts, all)).toBe(theirs);
  });

  it('both keeps a last line without a line break apart from the other side', () => {
    const parts = hunks('a\nmine', 'a\ntheirs');
    const i = parts.findIndex((h) => h.kind === 'change');
    expect(merge(parts, { [i]: 'both' })).toBe('a\nmine\ntheirs');
  });
});
