import { describe, expect, it } from 'vitest';
import { ContentError, FieldEditError } from '../../shared/content/errors.ts';
import {
  errorCode,
  formatPlace,
  isQuireError,
  isUserError,
  QuireError,
  toQuireError,
} from '../../shared/errors.ts';
import type { ErrorCode, QuireErrorInfo } from '../../shared/errors.ts';
import { parseAsOf } from '../../shared/site/publish.ts';

describe('formatPlace: file:line:column: message, leaving out what is not known', () => {
  const cases: [Parameters<typeof formatPlace>[0], string][] = [
    [{}, 'boom'],
    [{ file: 'a.md' }, 'a.md: boom'],
    [{ file: 'a.md', line: 3 }, 'a.md:3: boom'],
    [{ file: 'a.md', line: 3, column: 7 }, 'a.md:3:7: boom'],
    // A column without a line says nothing.
    [{ file: 'a.md', column: 7 }, 'a.md: boom'],
    [{ line: 3, column: 7 }, 'boom'],
  ];
  it.each(cases)('%j', (place, want) => expect(formatPlace(place, 'boom')).toBe(want));
});

describe('toQuireError: every thrown value becomes one QuireError', () => {
  const errno = (code: string, path?: string) =>
    Object.assign(new Error(`${code}: raw node text, '${path}'`), { code, path });
  const cases: [string, unknown, ErrorCode, string][] = [
    [
      'a QuireError as it is',
      new QuireError('conflict', 'x', { file: 'a.md' }),
      'conflict',
      'a.md: x',
    ],
    [
      'a content error with its place',
      new ContentError('p.md', 3, 1, 'front matter is not valid YAML'),
      'invalid-content',
      'p.md:3:1: front matter is not valid YAML',
    ],
    [
      'a refused field edit',
      new FieldEditError('p.md', 'date', 'not a date'),
      'field-edit',
      'p.md: "date" was not changed: not a date',
    ],
    ['a missing file', errno('ENOENT', '/s/a.md'), 'not-found', '/s/a.md: no such file or folder'],
    ['a missing file, no path', errno('ENOENT'), 'not-found', 'no such file or folder'],
    ['permission denied', errno('EACCES', '/s/a.md'), 'failed', '/s/a.md: permission denied'],
    ['a full disk', errno('ENOSPC', '/out'), 'failed', '/out: the disk is full'],
    ['a folder for a file', errno('EISDIR', '/s'), 'failed', '/s: is a folder'],
    // Anything else is a bug: 'internal', never mapped by reading its message.
    [
      'a plain Error',
      new Error('content/a.md: looks like ours'),
      'internal',
      'content/a.md: looks like ours',
    ],
    ['a TypeError', new TypeError('x is undefined'), 'internal', 'x is undefined'],
    ['a string', 'odd', 'internal', 'odd'],
    ['null', null, 'internal', 'failed'],
    ['an unknown errno', errno('EWEIRD', '/x'), 'internal', "EWEIRD: raw node text, '/x'"],
  ];
  it.each(cases)('%s', (_what, thrown, code, message) => {
    const e = toQuireError(thrown);
    expect(e).toBeInstanceOf(QuireError);
    expect({ code: e.code, message: e.message }).toEqual({ code, message });
    expect(isUserError(e)).toBe(code !== 'internal');
  });

  it('keeps the original as the cause (its stack for bug reports)', () => {
    const bug = new TypeError('x');
    expect(toQuireError(bug).cause).toBe(bug);
  });

  it('shared code throws QuireErrors a user can act on', () => {
    expect(() => parseAsOf('soon')).toThrow(
      expect.objectContaining({
        code: 'invalid-request',
        message: '"soon" is not a date (use YYYY-MM-DD)',
      }),
    );
  });
});

describe('across the contract: code, file, line, column and message arrive as sent', () => {
  const cases: [string, QuireError][] = [
    ['with a place', new ContentError('content/a.md', 2, 5, 'bad')],
    ['a file only', new QuireError('conflict', 'changed on disk', { file: 'content/a.md' })],
    ['no place', new QuireError('no-site', 'no site is open')],
  ];
  it.each(cases)('%s', (_what, sent) => {
    const info = JSON.parse(JSON.stringify(sent.toInfo())) as QuireErrorInfo;
    const got = QuireError.fromInfo(info);
    expect(got).toBeInstanceOf(QuireError);
    expect(got.toInfo()).toEqual(sent.toInfo());
    expect(errorCode(got)).toBe(sent.code);
  });

  const odd: [string, unknown, ErrorCode][] = [
    ['an unknown code', { code: 'nope', message: 'm' }, 'failed'],
    ['nothing', undefined, 'failed'],
  ];
  it.each(odd)('%s is a failure with its message', (_what, info, code) => {
    expect(QuireError.fromInfo(info as QuireErrorInfo).code).toBe(code);
  });

  const codes: [string, unknown, ErrorCode][] = [
    ['a QuireError', new QuireError('needs-bundle', 'm'), 'needs-bundle'],
    [
      'an Error carrying a known code',
      Object.assign(new Error('m'), { code: 'conflict' }),
      'conflict',
    ],
    ['an Error carrying an errno', Object.assign(new Error('m'), { code: 'ENOENT' }), 'failed'],
    ['not an error', { code: 'conflict' }, 'failed'],
  ];
  it.each(codes)('errorCode of %s', (_what, err, code) => expect(errorCode(err)).toBe(code));

  it('isQuireError checks the code when asked', () => {
    const e = new QuireError('conflict', 'm');
    expect([isQuireError(e), isQuireError(e, 'conflict'), isQuireError(e, 'forbidden')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
