import { QuireError } from '../../shared/errors.ts';
import { setDocumentPath } from '../../shared/content/document-path.ts';
import { parseConfigText } from '../../shared/site/config.ts';
import type { FrontMatterFormat } from '../../shared/content/split.ts';
import { readVersion, saveIfUnchanged } from './atomic-write.ts';
import type { Workspace } from './workspace.ts';

/**
 * Sets keys (dotted paths) of the site's Hugo config with minimal edits (only those lines
 * change), saves atomically and reloads the site. Creates hugo.toml when there is none.
 */
export async function updateSiteConfigFile(
  ws: Workspace,
  set: Record<string, string | number | boolean>,
): Promise<string> {
  const file = ws.configFile ?? 'hugo.toml';
  const abs = ws.resolve(file);
  const { bytes, version } = await readVersion(abs);
  let text = bytes ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) : '';
  const format: FrontMatterFormat = file.endsWith('.toml')
    ? 'toml'
    : file.endsWith('.json')
      ? 'json'
      : 'yaml';
  if (!text && format === 'json') text = '{}\n';
  for (const [key, value] of Object.entries(set))
    text = setDocumentPath(text, format, key.split('.'), value, file);
  try {
    parseConfigText(file, text);
  } catch (err) {
    throw new QuireError(
      'invalid-request',
      `this change would make the config invalid (${(err as Error).message.split('\n')[0]}); nothing was written, edit it by hand`,
      { file },
      { cause: err },
    );
  }
  await saveIfUnchanged(abs, file, text, version);
  await ws.reloadConfig();
  return file;
}
