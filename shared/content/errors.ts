import { QuireError } from '../errors.ts';

/** A problem with a file's content that a user can fix, with its position. */
export class ContentError extends QuireError {
  declare readonly file: string;
  declare readonly line: number;
  declare readonly column: number;

  constructor(file: string, line: number, column: number, reason: string) {
    super('invalid-content', reason, { file, line, column });
    this.name = 'ContentError';
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The line ending a file mostly uses: CRLF when its first line break is CRLF. */
export function detectEol(text: string): '\n' | '\r\n' {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/**
 * A field edit that was refused because its result would not be valid front matter (or
 * would not hold the value asked for). Nothing was changed; the message names the field.
 */
export class FieldEditError extends QuireError {
  declare readonly file: string;
  readonly field: string;
  /** Why the edit was refused (without the file and field). */
  readonly why: string;

  constructor(file: string, field: string, reason: string) {
    super('field-edit', `"${field}" was not changed: ${reason}`, { file });
    this.name = 'FieldEditError';
    this.field = field;
    this.why = reason;
  }
}
