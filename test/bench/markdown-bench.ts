import MarkdownIt from 'markdown-it';
import { renderMarkdown } from '../../shared/markdown/render.ts';
import { derivePost } from '../../shared/site/derive.ts';
import { normalizeSiteConfig } from '../../shared/site/config.ts';
import { toPostMeta } from '../../shared/content/post.ts';
import { rng } from '../helpers/random.ts';

const VOCAB =
  'the proxy mesh cluster of to and in build image latency is it kernel test suite that for policy network gateway trace with metric release cache node binary compiler'.split(
    ' ',
  );

/** A blog post of about `words` words: paragraphs, headings, lists, links, code. */
export function makePost(words: number, seed = 1): string {
  const r = rng(seed);
  const out: string[] = [];
  let n = 0;
  while (n < words) {
    const kind = r.int(10);
    if (kind === 0) out.push(`## ${r.pick(VOCAB)} ${r.pick(VOCAB)} ${r.pick(VOCAB)}`);
    else if (kind === 1)
      out.push(
        Array.from(
          { length: 4 },
          () => `- ${r.pick(VOCAB)} **${r.pick(VOCAB)}** ${r.pick(VOCAB)} \`${r.pick(VOCAB)}\``,
        ).join('\n'),
      );
    else if (kind === 2)
      out.push(
        '```go\nfunc main() {\n\tfmt.Println("hello", 42)\n\tfor i := 0; i < 10; i++ { total += i }\n}\n```',
      );
    const len = 40 + r.int(60);
    const ws = Array.from({ length: len }, (_, i) =>
      i % 17 === 5
        ? `[${r.pick(VOCAB)}](https://example.org/${r.pick(VOCAB)})`
        : i % 13 === 3
          ? `*${r.pick(VOCAB)}*`
          : r.pick(VOCAB),
    );
    out.push(ws.join(' ') + '.');
    n += len + 8;
  }
  return out.join('\n\n') + '\n';
}

function timeIt(fn: () => void, minMs = 400): number {
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  const start = performance.now();
  while (performance.now() - start < minMs || samples.length < 5) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** Renders 5,000- and 50,000-word posts: our pipeline vs bare markdown-it, same process. */
export async function benchMarkdown(): Promise<void> {
  const bare = new MarkdownIt();
  const config = normalizeSiteConfig({});
  for (const words of [5_000, 50_000]) {
    const src = makePost(words);
    const count = src.split(/\s+/).length;
    const bareMs = timeIt(() => bare.render(src));
    const oursMs = timeIt(() => renderMarkdown(src, { typographer: true, unsafe: false }));
    const deriveMs = timeIt(() => derivePost(src, toPostMeta({}), config, 'paragraph'));
    const ratio = oursMs / bareMs;
    const target = words === 5_000 ? ` ; target <= 16 ms ${oursMs <= 16 ? 'OK' : 'OVER'}` : '';
    console.log(
      `markdown: ${count} words: bare markdown-it ${bareMs.toFixed(2)} ms, Quire pipeline ${oursMs.toFixed(2)} ms (${ratio.toFixed(2)}x; target <= 1.5x ${ratio <= 1.5 ? 'OK' : 'OVER'}${target})`,
    );
    console.log(
      `markdown: ${count} words: render + word count + summary ${deriveMs.toFixed(2)} ms`,
    );
  }
}
