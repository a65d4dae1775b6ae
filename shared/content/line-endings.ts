import { diffArrays } from 'diff';

const BOM = '\uFEFF';
const BREAK = /\r\n|\r|\n/g;

/**
 * The text an editor shows for a file: no byte-order mark, every line break as `\n`.
 * `toDiskText` puts back what this takes away.
 */
export function toEditorText(disk: string): string {
  const body = disk.startsWith(BOM) ? disk.slice(1) : disk;
  return body.includes('\r') ? body.replace(BREAK, '\n') : body;
}

/**
 * The file's text after an edit: `edited` (editor form, `\n` breaks) written back in the
 * form of `disk`, the text it was read from. The BOM stays; every line the edit did not
 * touch keeps its own line break (CRLF, LF or a lone CR); a changed line keeps the break
 * of the line it replaced, and a new line gets the file's most common break. So a file is
 * byte-identical when nothing was typed, and only the bytes the user changed differ.
 */
export function toDiskText(edited: string, disk: string): string {
  const bom = disk.startsWith(BOM) ? BOM : '';
  const body = bom ? disk.slice(1) : disk;
  if (!body.includes('\r')) return bom + edited;
  const { lines, ends, dominant } = splitLines(body);
  if (ends.every((e, i) => e === '\r\n' || (e === '' && i === ends.length - 1)))
    return bom + edited.replace(/\n/g, '\r\n');
  const next = edited.split('\n');
  const nextEnds = mapEnds(lines, ends, next, dominant);
  let out = bom;
  for (let i = 0; i < next.length; i++) out += next[i]! + nextEnds[i]!;
  return out;
}

function splitLines(body: string): { lines: string[]; ends: string[]; dominant: string } {
  const lines: string[] = [];
  const ends: string[] = [];
  const count = new Map<string, number>();
  let at = 0;
  for (const m of body.matchAll(BREAK)) {
    lines.push(body.slice(at, m.index));
    ends.push(m[0]);
    count.set(m[0], (count.get(m[0]) ?? 0) + 1);
    at = m.index + m[0].length;
  }
  lines.push(body.slice(at));
  ends.push('');
  let dominant = '\n';
  let best = 0;
  for (const [e, n] of count) if (n > best || (n === best && e === '\n')) [dominant, best] = [e, n];
  return { lines, ends, dominant };
}

/** The break after each of `next`'s lines, taken from the matching line of the old text. */
function mapEnds(lines: string[], ends: string[], next: string[], dominant: string): string[] {
  const out: string[] = new Array<string>(next.length);
  // Common head and tail first: a typical edit touches a few lines of a long post.
  let head = 0;
  while (head < lines.length && head < next.length && lines[head] === next[head]) {
    out[head] = ends[head]!;
    head++;
  }
  let tail = 0;
  while (
    tail < lines.length - head &&
    tail < next.length - head &&
    lines[lines.length - 1 - tail] === next[next.length - 1 - tail]
  ) {
    out[next.length - 1 - tail] = ends[lines.length - 1 - tail]!;
    tail++;
  }
  const oldMid = lines.slice(head, lines.length - tail);
  const newMid = next.slice(head, next.length - tail);
  const parts = diffArrays(oldMid, newMid, { maxEditLength: 5000 }) as
    { value: string[]; added?: boolean; removed?: boolean }[] | undefined;
  let o = head;
  let n = head;
  if (!parts) {
    // Too different to pair up line by line: the old breaks in order, then the common one.
    for (; n < next.length - tail; n++) out[n] = o < lines.length - tail ? ends[o++]! : dominant;
  } else {
    let removed: string[] = [];
    for (const part of parts) {
      if (part.removed) {
        removed = part.value.map((_, k) => ends[o + k]!);
        o += part.value.length;
      } else if (part.added) {
        // A replaced line keeps the break of the line it replaced.
        for (let k = 0; k < part.value.length; k++) out[n++] = removed[k] ?? dominant;
        removed = [];
      } else {
        removed = [];
        for (let k = 0; k < part.value.length; k++) out[n++] = ends[o++]!;
      }
    }
  }
  // The last line never has a break after it; any other line always does.
  for (let i = 0; i < out.length - 1; i++) if (!out[i]) out[i] = dominant;
  out[out.length - 1] = '';
  return out;
}
