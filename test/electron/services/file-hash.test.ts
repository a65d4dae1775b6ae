import { describe, expect, it } from 'vitest';
import { fileHash } from '../../../electron/services/render-pages.ts';

// The manifest of every earlier export records SHA-1s in hex: another hash would make
// Quire take the files it wrote for files the user put there, and keep them forever.
describe('fileHash', () => {
  it('is the SHA-1 in hex of the bytes, the same for text and its UTF-8 bytes', () => {
    expect(fileHash('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(fileHash(new Uint8Array([0x61, 0x62, 0x63]))).toBe(
      'a9993e364706816aba3e25717850c26c9cd0d89d',
    );
    expect(fileHash('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    const text = 'Ünïcödé 東京 \u{1f600}';
    expect(fileHash(text)).toBe(fileHash(Buffer.from(text, 'utf8')));
  });
});
