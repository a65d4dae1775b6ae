import { QuireError } from '../../shared/errors.ts';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { CONFIG_FILES } from '../../shared/site/config.ts';

/** The manifest an export folder (or .zip) carries: proof that Quire wrote it. */
export const MANIFEST = '.quire-export';

/** An output path or export target that Quire refuses; the message names the source. */
export class ExportPathError extends QuireError {
  constructor(message: string) {
    super('forbidden', message);
    this.name = 'ExportPathError';
  }
}

const MAX_SEGMENT_BYTES = 255;

/**
 * Cleans a site output path the way Hugo cleans URLs (path.Clean on a rooted path: `.`,
 * empty segments and `..` that would climb above the root are dropped), and returns it
 * relative to the export folder, or the reason it can never be written there.
 */
export function cleanOutputPath(raw: string): { rel: string } | { why: string } {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(raw)) return { why: 'holds a control character' };
  if (raw.includes('\\')) return { why: 'holds a backslash, a path separator on Windows' };
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      out.pop();
      continue;
    }
    // A UTF-16 unit is at most 3 bytes of UTF-8: short names need no count (an encoder
    // per segment was a tenth of the lists' layout).
    if (seg.length * 3 > MAX_SEGMENT_BYTES && Buffer.byteLength(seg, 'utf8') > MAX_SEGMENT_BYTES)
      return {
        why: `has a file name longer than ${MAX_SEGMENT_BYTES} bytes ("${seg.slice(0, 40)}…"); shorten it`,
      };
    out.push(seg);
  }
  const rel = out.join('/');
  if (rel === '') return { why: 'names the export folder itself, not a file in it' };
  if (out.some((s) => s === MANIFEST || s.endsWith('.quire-tmp') || s.startsWith('.quire-')))
    return { why: `uses a name Quire keeps for its own files (${MANIFEST}, *.quire-tmp)` };
  return { rel };
}

/**
 * THE check every file an export writes passes through (pages, feeds, aliases, resources,
 * static files, manifest entries, zip entries): the path cleaned like Hugo cleans URLs,
 * which by construction resolves inside the export folder. Throws ExportPathError naming
 * `owner()` (the post or file it comes from) when it cannot be written safely.
 */
export function safeOutputPath(raw: string, owner: () => string): string {
  const r = cleanOutputPath(raw);
  if ('why' in r)
    throw new ExportPathError(
      `${owner()}: its output path "${raw.length > 120 ? raw.slice(0, 120) + '…' : raw}" ${r.why}; nothing was exported`,
    );
  // Belt and braces: whatever the rules above become, the result stays inside the folder.
  const probe = path.posix.join('/export', r.rel);
  if (!probe.startsWith('/export/'))
    throw new ExportPathError(`${owner()}: its output path "${raw}" leaves the export folder`);
  return r.rel;
}

/** True when `p` is `root` or inside it (both absolute, already resolved). */
export function isInside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** The real path of `abs`: symlinks resolved for the part that exists, the rest appended. */
export function realPathOf(abs: string): string {
  let probe = path.resolve(abs);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(probe), ...rest.reverse());
    } catch {
      const parent = path.dirname(probe);
      if (parent === probe) return path.join(probe, ...rest.reverse());
      rest.push(path.basename(probe));
      probe = parent;
    }
  }
}

/** True when `abs` is a .zip that an earlier Quire export wrote (it holds the manifest). */
export function isEarlierZipExport(abs: string): boolean {
  try {
    let found = false;
    unzipSync(readFileSync(abs), {
      filter: (f) => {
        if (f.name === MANIFEST) found = true;
        return false;
      },
    });
    return found;
  } catch {
    return false;
  }
}

/** The parts of a site an export must never write into, with what to call them. */
export interface SiteLayout {
  root: string;
  contentRoot: string;
  configFile: string | null;
}

/**
 * Refuses an export target that is the site, holds it, or lies in its content, static
 * files, config or theme sources, and (for a .zip) a folder or an existing file that is
 * not an earlier export. Checked in the back end, so the CLI, browser host and desktop
 * all get it. Throws ExportPathError with what to do instead.
 */
export function checkExportTarget(site: SiteLayout, target: { out?: string; zip?: string }): void {
  const shown = (target.zip ?? target.out)!;
  const abs = path.resolve(shown);
  const real = realPathOf(abs);
  const root = realPathOf(site.root);
  const refuse = (why: string): never => {
    throw new ExportPathError(`${shown}: ${why}; nothing was exported`);
  };
  if (isInside(real, root)) refuse('this is the site folder or holds it; choose another place');
  const rel = path.relative(root, real).split(path.sep).join('/');
  if (isInside(root, real)) {
    const content = path.relative(root, realPathOf(site.contentRoot)).split(path.sep).join('/');
    const parts: [string, string][] = [
      [content, 'the site’s content folder'],
      ['static', 'the site’s static files'],
      ['config', 'the site’s config'],
      ['layouts', 'the site’s layouts'],
      ['themes', 'the site’s themes'],
      ['assets', 'the site’s assets'],
      ['data', 'the site’s data'],
      ['i18n', 'the site’s translations'],
      ['archetypes', 'the site’s archetypes'],
    ];
    for (const [dir, what] of parts)
      if (dir === '' || rel === dir || rel.startsWith(`${dir}/`))
        refuse(`this is inside ${what}; choose a place outside them (e.g. public/)`);
    const first = rel.split('/')[0]!;
    if ((CONFIG_FILES as readonly string[]).includes(first) || first === site.configFile)
      refuse('this is the site’s config file');
  }
  const st = statOrNull(abs);
  if (target.zip !== undefined) {
    if (st?.isDirectory())
      refuse(
        `this is a folder; a .zip export needs a file name, e.g. ${path.join(shown, `${path.basename(site.root)}.zip`)}`,
      );
    if (!/\.zip$/i.test(abs)) refuse('a .zip export needs a file name ending in .zip');
    if (st && !st.isFile()) refuse('this is not a regular file');
    if (st && !isEarlierZipExport(abs))
      refuse('a file with this name exists and is not an earlier Quire export; choose a new name');
  } else if (st && !st.isDirectory()) {
    refuse('exists and is not a folder');
  }
}

function statOrNull(abs: string) {
  try {
    return statSync(abs);
  } catch {
    return null;
  }
}
