import { QuireError } from '../../shared/errors.ts';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseFrontMatter, removeField, setField } from '../../shared/content/front-matter.ts';
import { readVersion, saveIfUnchanged } from '../services/atomic-write.ts';
import { decodeText } from '../services/text-file.ts';
import type { CliIo } from './io.ts';

/** Parses `key=value` where value is a YAML scalar or flow collection. */
export function parseAssignment(arg: string, file: string): [string, unknown] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new QuireError('invalid-request', `${file}: "${arg}" is not key=value`);
  const key = arg.slice(0, eq).trim();
  const rawValue = arg.slice(eq + 1);
  if (!/^[A-Za-z_][\w.-]*$/.test(key))
    throw new QuireError('invalid-request', `${file}: "${key}" is not a front matter key`);
  try {
    return [key, rawValue === '' ? '' : (parseYaml(rawValue, { maxAliasCount: 10 }) as unknown)];
  } catch (err) {
    throw new QuireError(
      'invalid-request',
      `${file}: the value of ${key} is not valid (${(err as Error).message.split('\n')[0]}); quote it, e.g. ${key}='"${rawValue}"'`,
    );
  }
}

/**
 * `quire meta <file> [key=value …] [--unset key …]`: prints the front matter as JSON, or
 * changes only the named fields' lines and writes the file atomically.
 */
export async function metaCommand(
  file: string,
  assignments: string[],
  unset: string[],
  io: CliIo,
): Promise<void> {
  const display = file;
  const { bytes, version } = await readVersion(path.resolve(file));
  if (!bytes) throw new QuireError('invalid-request', `${display}: no such file`);
  const text = decodeText(bytes, display);
  let f = parseFrontMatter(text, display);
  if (assignments.length === 0 && unset.length === 0) {
    io.out(JSON.stringify(f.data, null, 2) + '\n');
    return;
  }
  let next = text;
  for (const a of assignments) {
    const [key, value] = parseAssignment(a, display);
    next = setField(f, key, value);
    f = parseFrontMatter(next, display);
  }
  for (const key of unset) {
    next = removeField(f, key);
    f = parseFrontMatter(next, display);
  }
  if (next === text) return;
  await saveIfUnchanged(path.resolve(file), display, next, version);
}
