import { Document, isMap, isScalar, parseDocument } from 'yaml';
import type { Pair, Node as YamlNode, YAMLMap } from 'yaml';
import { ContentError } from './errors.ts';
import { setDocumentField } from './front-matter.ts';
import type { FrontMatterFormat } from './split.ts';
import { tomlFieldText, tomlStatements } from './toml-front-matter.ts';
import { yamlFieldText, yamlKeySource, yamlPairLines } from './yaml-front-matter.ts';

/**
 * Sets a nested key (`['params', 'DateFormat']`) in a YAML or TOML document (a Hugo site
 * config) with a minimal edit: only that key's lines change; a missing table or map is
 * added at the end. JSON configs take top-level keys only.
 */
export function setDocumentPath(
  text: string,
  format: FrontMatterFormat,
  path: string[],
  value: unknown,
  file = '<config>',
): string {
  if (path.length === 1) return setDocumentField(text, format, path[0]!, value, file);
  if (format === 'toml') return setTomlPath(text, path, value);
  if (format === 'yaml') return setYamlPath(text, path, value, file);
  throw new ContentError(
    file,
    1,
    1,
    `nested settings (${path.join('.')}) in a JSON config are not edited by Quire; change them by hand`,
  );
}

function setTomlPath(text: string, path: string[], value: unknown): string {
  const table = path.slice(0, -1).join('.').toLowerCase();
  const key = path[path.length - 1]!;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const headerRe = /^[ \t]*\[([^[\]\n]+)\][ \t]*(?:#.*)?\r?$/gm;
  let start = -1;
  let end = text.length;
  for (let m = headerRe.exec(text); m; m = headerRe.exec(text)) {
    const name = m[1]!.replace(/["'\s]/g, '').toLowerCase();
    if (start !== -1) {
      end = m.index;
      break;
    }
    if (name === table)
      start = m.index + m[0].length + (text[m.index + m[0].length] === '\n' ? 1 : 0);
  }
  if (start === -1) {
    const sep = text === '' || text.endsWith('\n') ? '' : eol;
    return `${text}${sep}${eol}[${path.slice(0, -1).join('.')}]${eol}${tomlFieldText(key, value, undefined).replace(/\n/g, eol)}`;
  }
  const region = text.slice(start, end);
  const st = tomlStatements(region).find((s) => s.key === key.toLowerCase());
  const fix = (t: string) => t.replace(/\r?\n/g, eol);
  if (!st) {
    const statements = tomlStatements(region);
    const at = start + (statements.length ? statements[statements.length - 1]!.end : 0);
    const before = text.slice(0, at);
    const indent = statements.length
      ? (/^[ \t]*/.exec(region.slice(statements[0]!.start))?.[0] ?? '')
      : '';
    return (
      before +
      (before.endsWith('\n') ? '' : eol) +
      indent +
      fix(tomlFieldText(key, value, undefined)) +
      text.slice(at)
    );
  }
  const indent = /^[ \t]*/.exec(region.slice(st.start))?.[0] ?? '';
  return (
    text.slice(0, start + st.start) +
    indent +
    fix(tomlFieldText(st.keySource, value, st.valueSource)) +
    text.slice(start + st.end)
  );
}

function setYamlPath(text: string, path: string[], value: unknown, file: string): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length)
    throw new ContentError(
      file,
      doc.errors[0]!.linePos?.[0]?.line ?? 1,
      1,
      `the config is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`,
    );
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineIndent = (offset: number) =>
    /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1))![0];
  const indentLines = (t: string, indent: string) =>
    t
      .replace(/\r?\n$/, '')
      .split(/\r?\n/)
      .map((l) => indent + l)
      .join(eol) + eol;
  let map = doc.contents as YAMLMap<YamlNode, YamlNode | null> | null;
  let depth = 0;
  let indent = '';
  for (; depth < path.length; depth++) {
    if (!isMap(map)) break;
    const want = path[depth]!.toLowerCase();
    const pair = (map.items as Pair<YamlNode, YamlNode | null>[]).find(
      (p) => isScalar(p.key) && String(p.key.value).toLowerCase() === want,
    );
    if (!pair) break;
    if (depth === path.length - 1) {
      const [from, to] = yamlPairLines(text, pair);
      const own = lineIndent(from);
      let next = indentLines(yamlFieldText(yamlKeySource(text, pair), value, pair.value), own);
      if (to === text.length && !text.endsWith('\n')) next = next.replace(/\r?\n$/, '');
      return text.slice(0, from) + next + text.slice(to);
    }
    if (!isMap(pair.value)) break;
    map = pair.value as YAMLMap<YamlNode, YamlNode | null>;
    const first = map.items[0]?.key as YamlNode | undefined;
    indent = first?.range ? lineIndent(first.range[0]) : indent + '  ';
  }
  // Add what is missing under the deepest map that exists.
  let nested: unknown = value;
  for (let i = path.length - 1; i > depth; i--) nested = { [path[i]!]: nested };
  const snippet = new Document({ [path[depth]!]: nested }).toString({ lineWidth: 0 });
  if (depth === 0 || !isMap(map) || !map.range) {
    const sep = text === '' || text.endsWith('\n') ? '' : eol;
    return text + sep + indentLines(snippet, '');
  }
  const last = map.items[map.items.length - 1] as Pair<YamlNode, YamlNode | null> | undefined;
  const at = last ? yamlPairLines(text, last)[1] : map.range[1];
  const before = text.slice(0, at);
  return (
    before + (before.endsWith('\n') ? '' : eol) + indentLines(snippet, indent) + text.slice(at)
  );
}
