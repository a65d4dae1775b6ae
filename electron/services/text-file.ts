import { ContentError } from '../../shared/content/errors.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a file's bytes as UTF-8 text, keeping a BOM as U+FEFF so saving writes it back.
 * Refuses binary files and invalid UTF-8 with the file and position of the first bad byte.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOfByte(bytes, nul);
    throw new ContentError(
      file,
      line,
      column,
      'this is a binary file (it holds a NUL byte), not Markdown text',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = positionOfByte(bytes, bad);
    throw new ContentError(
      file,
      line,
      column,
      `the file is not valid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${bad}); re-save it as UTF-8`,
    );
  }
}

function positionOfByte(bytes: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  try {
    return { line, column: decoder.decode(bytes.subarray(lineStart, at)).length + 1 };
  } catch {
    return { line, column: at - lineStart + 1 };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const [n, min] =
      c < 0x80
        ? [0, 0]
        : c >= 0xc2 && c <= 0xdf
          ? [1, 0x80]
          : c >= 0xe0 && c <= 0xef
            ? [2, 0x800]
            : c >= 0xf0 && c <= 0xf4
              ? [3, 0x10000]
              : [-1, 0];
    if (n < 0) return i;
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (n > 0 && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) return i;
    i += n + 1;
  }
  return b.length;
}
