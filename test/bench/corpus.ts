import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rng } from '../helpers/random.ts';

const VOCAB =
  'the a of to and in is it that for on with as was by this be are from at or an have not but which one all were we when there can more if out so what up about into than them only some could time these two may then do first any my now such like our over also new after just where most know get through back much before go good well way even because same still own see both each many those how too little state world very long great year things made work use'.split(
    ' ',
  );

/** Writes `count` posts of about `words` words each, YAML front matter with tags. */
export function writeCorpus(dir: string, count: number, words = 1000): void {
  const r = rng(42);
  const posts = path.join(dir, 'content/posts');
  mkdirSync(posts, { recursive: true });
  writeFileSync(path.join(dir, 'hugo.toml'), 'title = "Bench"\nbaseURL = "https://example.org/"\n');
  for (let i = 0; i < count; i++) {
    const paras: string[] = [];
    let n = 0;
    while (n < words) {
      const len = 40 + r.int(60);
      const ws = Array.from({ length: len }, () => r.pick(VOCAB));
      ws[0] = ws[0]![0]!.toUpperCase() + ws[0]!.slice(1);
      paras.push(ws.join(' ') + '.');
      n += len;
    }
    const day = new Date(Date.UTC(2010, 0, 1) + i * 36e5 * 7);
    const fm = `---\ntitle: "Post number ${i}"\ndate: ${day.toISOString().slice(0, 19)}Z\ntags: [${r.pick(['go', 'rust', 'k8s', 'web'])}, ${r.pick(['notes', 'howto', 'essay'])}]\ndraft: ${i % 50 === 0}\n---\n\n`;
    writeFileSync(path.join(posts, `post-${i}.md`), fm + paras.join('\n\n') + '\n');
  }
}
