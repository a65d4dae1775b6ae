/**
 * The preview's blocks after an update: the elements already shown are kept wherever their
 * key still stands (moved up when blocks above them went away, left in place when new blocks
 * come before them), and only blocks with a new key are made. A new paragraph in the middle
 * of a long post makes one element, not one for every block after it.
 */
export function reconcile<T>(
  shown: readonly T[],
  keys: readonly string[],
  keyOf: (item: T) => string,
  make: (index: number) => T,
): T[] {
  const out = shown.slice();
  // How many times each key is still wanted from the current position on.
  const ahead = new Map<string, number>();
  for (const k of keys) ahead.set(k, (ahead.get(k) ?? 0) + 1);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const el = out[i];
    if (el === undefined || keyOf(el) !== key) {
      // The same block a little further down (blocks above it were removed): move it up.
      let found = -1;
      for (let j = i + 1; j < out.length && j < i + 8; j++)
        if (keyOf(out[j]!) === key) {
          found = j;
          break;
        }
      if (found >= 0) out.splice(i, 0, ...out.splice(found, 1));
      else if (el !== undefined && (ahead.get(keyOf(el)) ?? 0) > 0) out.splice(i, 0, make(i));
      else if (el !== undefined) out[i] = make(i);
      else out.push(make(i));
    }
    ahead.set(key, ahead.get(key)! - 1);
  }
  out.length = keys.length;
  return out;
}
