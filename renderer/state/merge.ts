import { diffLines } from 'diff';

/** A run of lines both versions share, or a place where they differ. */
export type Hunk =
  { kind: 'same'; text: string } | { kind: 'change'; mine: string; theirs: string };

/** Which side a differing hunk takes in the merged text. */
export type HunkChoice = 'mine' | 'theirs' | 'both';

/** The two versions as a line diff: shared runs and the hunks where they differ. */
export function hunks(mine: string, theirs: string): Hunk[] {
  const out: Hunk[] = [];
  for (const part of diffLines(theirs, mine)) {
    const last = out[out.length - 1];
    if (!part.added && !part.removed) {
      out.push({ kind: 'same', text: part.value });
    } else if (last?.kind === 'change') {
      if (part.added) last.mine += part.value;
      else last.theirs += part.value;
    } else {
      out.push({
        kind: 'change',
        mine: part.added ? part.value : '',
        theirs: part.removed ? part.value : '',
      });
    }
  }
  return out;
}

/**
 * The merged text: shared runs as they are, each differing hunk as chosen (default: mine).
 * `both` keeps my lines, then theirs, so nothing either writer wrote is lost.
 */
export function merge(parts: Hunk[], choices: Record<number, HunkChoice>): string {
  let out = '';
  parts.forEach((h, i) => {
    if (h.kind === 'same') {
      out += h.text;
      return;
    }
    const c = choices[i] ?? 'mine';
    const mine = h.mine && !h.mine.endsWith('\n') && c === 'both' ? `${h.mine}\n` : h.mine;
    out += c === 'mine' ? h.mine : c === 'theirs' ? h.theirs : mine + h.theirs;
  });
  return out;
}
