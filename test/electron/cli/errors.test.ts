import { describe, expect, it } from 'vitest';
import { ContentError } from '../../../shared/content/errors.ts';
import { QuireError } from '../../../shared/errors.ts';
import { callFailure } from '../../../electron/services/backend.ts';
import { ConflictError, UnsafeFileError } from '../../../electron/services/atomic-write.ts';
import { PathError } from '../../../electron/services/paths.ts';
import { ExportCancelled, UrlCollisionError } from '../../../electron/services/export.ts';
import { NeedsBundle } from '../../../electron/services/images.ts';
import { ContentOutsideSite } from '../../../electron/services/workspace.ts';
import { reportError } from '../../../electron/cli/main.ts';

const errno = (code: string, path: string) =>
  Object.assign(new Error(`${code}: raw, '${path}'`), { code, path });

// One table: what a service throws, the code the UI gets, and what the CLI prints.
const cases: [string, unknown, string, number, string][] = [
  [
    'bad front matter',
    new ContentError('content/a.md', 3, 1, 'front matter is not valid YAML'),
    'invalid-content',
    1,
    'quire: content/a.md:3:1: front matter is not valid YAML\n',
  ],
  [
    'a conflict',
    new ConflictError('content/a.md'),
    'conflict',
    1,
    'quire: content/a.md: changed on disk since it was opened; nothing was written (reload it or keep your version explicitly)\n',
  ],
  [
    'a path outside the site',
    new PathError('../x.md', 'is outside the site folder'),
    'forbidden',
    1,
    'quire: ../x.md: is outside the site folder\n',
  ],
  [
    'a pipe where a post should be',
    new UnsafeFileError('content/p.md', 'is not a regular file'),
    'unsafe-file',
    1,
    'quire: content/p.md: is not a regular file\n',
  ],
  [
    'a post that must become a bundle',
    new NeedsBundle('content/a.md'),
    'needs-bundle',
    1,
    'quire: content/a.md is a single file; turn it into a page bundle (a folder with index.md) to keep images next to it\n',
  ],
  [
    'content outside the site',
    new ContentOutsideSite('hugo.toml', 'contentDir "../x" is outside the site folder'),
    'needs-confirm',
    1,
    'quire: hugo.toml: contentDir "../x" is outside the site folder\n',
  ],
  [
    'a URL collision',
    new UrlCollisionError({
      collisions: [{ file: 'a/index.html', url: '/a/', sources: ['content/a.md', 'content/b.md'] }],
    }),
    'url-collision',
    1,
    'quire: URL collision: content/a.md and content/b.md are all at /a/. Nothing was exported: change a slug, url or alias (or export anyway: --allow-collisions, or "Export even when two files want one URL" in the app; the first by path wins)\n',
  ],
  [
    'a cancelled export',
    new ExportCancelled(),
    'cancelled',
    1,
    'quire: export cancelled; the output was left as it was\n',
  ],
  [
    'permission denied',
    errno('EACCES', '/site/content/a.md'),
    'failed',
    1,
    'quire: /site/content/a.md: permission denied\n',
  ],
  [
    'no site',
    new QuireError('no-site', 'no site is open'),
    'no-site',
    1,
    'quire: no site is open\n',
  ],
];

describe('one error type: the UI code and the CLI line for every service error', () => {
  it.each(cases)('%s', (_what, thrown, code, exit, line) => {
    expect(callFailure(thrown).code).toBe(code);
    let err = '';
    const io = { out: () => {}, err: (t: string) => void (err += t), isTTY: false };
    expect(reportError(thrown, io)).toBe(exit);
    expect(err).toBe(line);
    expect(err).not.toContain('    at ');
  });

  it('a file that is gone is "not-found" to the UI, naming only its name', () => {
    const f = callFailure(errno('ENOENT', '/home/me/site/content/a.md'));
    expect(f.toInfo()).toEqual({ code: 'not-found', message: 'a.md: not found', file: 'a.md' });
  });

  it('a bug is "internal": the UI shows its message, the CLI its stack, exit 2', () => {
    const bug = new TypeError('cannot read x of undefined');
    expect(callFailure(bug).toInfo()).toEqual({
      code: 'internal',
      message: 'cannot read x of undefined',
    });
    let err = '';
    const io = { out: () => {}, err: (t: string) => void (err += t), isTTY: false };
    expect(reportError(bug, io)).toBe(2);
    expect(err).toMatch(/^quire: internal error: TypeError: cannot read x of undefined\n +at /);
  });
});
