import { describe, expect, it } from 'vitest';
import { totalWords } from '../../../shared/markdown/hugo-text.ts';
import { rng } from '../../helpers/random.ts';

// Hugo's TotalWords splits on Go's unicode.IsSpace: ASCII tab to carriage return and space,
// U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const reference = (s: string) => s.split(GO_SPACE).filter(Boolean).length;

describe('totalWords', () => {
  it('counts words as Hugo does, with every kind of Go white space', () => {
    expect(totalWords('one two  three\n')).toBe(3);
    expect(totalWords('\u00a0a\u3000b\u200bc')).toBe(2); // U+200B is no space in Go
    expect(totalWords('')).toBe(0);
    for (let c = 0; c < 0x3001; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      expect(totalWords(s), `U+${c.toString(16)}`).toBe(reference(s));
    }
    const pieces = [
      ...'ab\t\n\v\f\r \u0085\u00a0\u1680\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000\u00ff東',
      '\u{1f600}',
      'word',
    ];
    const r = rng(3);
    for (let i = 0; i < 5000; i++) {
      const s = Array.from({ length: r.int(20) }, () => r.pick(pieces)).join('');
      expect(totalWords(s), JSON.stringify(s)).toBe(reference(s));
    }
  });
});
