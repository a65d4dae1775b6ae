import { QuireError } from '../../shared/errors.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILES, normalizeSiteConfig, parseConfigText } from '../../shared/site/config.ts';
import type { SiteConfig } from '../../shared/site/config.ts';

/** Reads the site's Hugo config (hugo.* or config.*); defaults for a plain folder. */
export async function loadSiteConfig(
  root: string,
): Promise<{ config: SiteConfig; file: string | null; text: string | null }> {
  for (const name of CONFIG_FILES) {
    let text: string;
    try {
      text = await readFile(path.join(root, name), 'utf8');
    } catch {
      continue;
    }
    try {
      return { config: normalizeSiteConfig(parseConfigText(name, text)), file: name, text };
    } catch (err) {
      const e = err as Error & { line?: number; column?: number };
      throw new QuireError(
        'invalid-content',
        `the site config could not be read (${e.message.split('\n')[0]})`,
        e.line ? { file: name, line: e.line, column: e.column ?? 1 } : { file: name },
        { cause: err },
      );
    }
  }
  return { config: normalizeSiteConfig({}), file: null, text: null };
}
