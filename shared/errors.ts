// THE error type of Quire: services, the contract, the CLI and the UI all speak it. Pure
// (no Node, no DOM): the renderer builds the same type from what a call answered.

/**
 * What kind of failure, which decides what the UI does (ask, show a conflict…), the
 * contract's answer and the CLI's exit code (1 for a user error, 2 for `internal`).
 */
export const ERROR_CODES = [
  /** A request or option that is not valid (a bad date, an unknown listing, a bad slug). */
  'invalid-request',
  /** A file's content that cannot be read as a post or config: names file:line:column. */
  'invalid-content',
  /** A front-matter field edit that was refused; nothing was changed. */
  'field-edit',
  /** The file changed on disk since it was read; nothing was written. */
  'conflict',
  'not-found',
  /** A path outside the site or the export folder, a refused URL or target. */
  'forbidden',
  /** A file Quire will not read or replace (a pipe, too big, read-only). */
  'unsafe-file',
  'no-site',
  /** Needs the user's yes first: the post must become a bundle. */
  'needs-bundle',
  /** Needs the user's yes first (e.g. a contentDir outside the site). */
  'needs-confirm',
  /** The folder is not a Hugo site (no config, no Markdown): offer to create one. */
  'not-a-site',
  /** Two files want one URL; the export stopped before writing. */
  'url-collision',
  'cancelled',
  /** Could not be done, for a reason the message names (a full disk, permission denied). */
  'failed',
  /** A bug in Quire: the CLI shows the stack trace, the UI the message. */
  'internal',
] as const;

/** A kind of failure. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where in a file the problem is (line and column 1-based). */
export interface ErrorPlace {
  file?: string;
  line?: number;
  column?: number;
}

/** An error as it crosses the contract (JSON): the code, the place, the message. */
export interface QuireErrorInfo extends ErrorPlace {
  code: ErrorCode;
  /** The whole line to show: `file:line:column: reason` (the place when there is one). */
  message: string;
}

/** `file:line:column: reason`, leaving out what is not known. */
export function formatPlace(place: ErrorPlace, reason: string): string {
  if (!place.file) return reason;
  let at = place.file;
  if (place.line !== undefined) {
    at += `:${place.line}`;
    if (place.column !== undefined) at += `:${place.column}`;
  }
  return `${at}: ${reason}`;
}

/** A failure Quire explains: a code, the file and position when there is one, the reason. */
export class QuireError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The message without the place. */
  readonly reason: string;

  constructor(code: ErrorCode, reason: string, place: ErrorPlace = {}, options?: ErrorOptions) {
    super(formatPlace(place, reason), options);
    this.name = 'QuireError';
    this.code = code;
    this.reason = reason;
    if (place.file !== undefined) this.file = place.file;
    if (place.line !== undefined) this.line = place.line;
    if (place.column !== undefined) this.column = place.column;
  }

  /** What crosses the contract. */
  toInfo(): QuireErrorInfo {
    const info: QuireErrorInfo = { code: this.code, message: this.message };
    if (this.file !== undefined) info.file = this.file;
    if (this.line !== undefined) info.line = this.line;
    if (this.column !== undefined) info.column = this.column;
    return info;
  }

  /** The error again on the other side of the contract (the message is kept as sent). */
  static fromInfo(info: Partial<QuireErrorInfo> | null | undefined): QuireError {
    const code = isErrorCode(info?.code) ? info.code : 'failed';
    const e = new QuireError(code, info?.message ?? 'failed');
    const place: ErrorPlace = {};
    if (typeof info?.file === 'string') place.file = info.file;
    if (typeof info?.line === 'number') place.line = info.line;
    if (typeof info?.column === 'number') place.column = info.column;
    return Object.assign(e, place);
  }
}

/** True for one of the codes above. */
export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}

/** True when `err` is a QuireError (of `code`, when given). */
export function isQuireError(err: unknown, code?: ErrorCode): err is QuireError {
  return err instanceof QuireError && (code === undefined || err.code === code);
}

/** The code of any thrown value, as the UI acts on it ('failed' when it is not ours). */
export function errorCode(err: unknown): ErrorCode {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof QuireError || (err instanceof Error && isErrorCode(code))
    ? (code as ErrorCode)
    : 'failed';
}

/** How the file system says what went wrong (Node's errno codes), for people. */
const SYSTEM_ERRORS: Record<string, { code: ErrorCode; reason: string }> = {
  ENOENT: { code: 'not-found', reason: 'no such file or folder' },
  EISDIR: { code: 'failed', reason: 'is a folder' },
  ENOTDIR: { code: 'failed', reason: 'a file is in the way of a folder on that path' },
  EEXIST: { code: 'failed', reason: 'already exists' },
  EACCES: { code: 'failed', reason: 'permission denied' },
  EPERM: { code: 'failed', reason: 'permission denied' },
  ENOSPC: { code: 'failed', reason: 'the disk is full' },
  EROFS: { code: 'failed', reason: 'the disk is read-only' },
  ELOOP: { code: 'failed', reason: 'too many levels of links' },
  ENAMETOOLONG: { code: 'failed', reason: 'the name is too long' },
};

/**
 * Any thrown value as a QuireError: ours as they are; a file-system error (errno code
 * and path) as `<path>: <what happened>`; anything else is a bug (`internal`), with the
 * original kept as the cause for its stack.
 */
export function toQuireError(err: unknown): QuireError {
  if (err instanceof QuireError) return err;
  const e = err as { code?: unknown; path?: unknown; message?: unknown } | null;
  const sys = typeof e?.code === 'string' ? SYSTEM_ERRORS[e.code] : undefined;
  if (sys) {
    const file = typeof e?.path === 'string' ? e.path : undefined;
    return new QuireError(sys.code, sys.reason, file ? { file } : {}, { cause: err });
  }
  const message =
    err instanceof Error ? err.message : typeof err === 'string' ? err : String(err ?? 'failed');
  return new QuireError('internal', message, {}, { cause: err });
}

/** True when the user can fix it (the CLI exits 1 and prints one line); false for a bug. */
export function isUserError(err: QuireError): boolean {
  return err.code !== 'internal';
}
