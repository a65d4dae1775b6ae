import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAsOf } from '../../shared/site/publish.ts';
import { Exporter } from '../../electron/services/export.ts';
import { Workspace } from '../../electron/services/workspace.ts';
import { hugoVersion } from '../helpers/hugo.ts';
import { rng } from '../helpers/random.ts';
import { tempDir } from '../helpers/site.ts';

const VOCAB =
  'the a of to and in is it that for on with as was by this be are from at or an have not but which one all were we when there can more if out so what up about into than them only some could time these two may then do first any my now such like our over also new after just where most know get through back much before go good well way even because same still own see both each many those how too little state world very long great year things made work use'.split(
    ' ',
  );

/** 10,000 posts of ~1,000 words, front matter, one code block and tags each. */
export function writeExportCorpus(site: string, count: number): void {
  const r = rng(9);
  const dir = path.join(site, 'content/posts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(site, 'hugo.toml'),
    'baseURL = "https://example.org/"\ntitle = "Bench"\npaginate = 10\n[params]\nmainSections = ["posts"]\n',
  );
  for (let i = 0; i < count; i++) {
    const paras: string[] = [];
    for (let n = 0; n < 1000;) {
      const len = 40 + r.int(60);
      const w = Array.from({ length: len }, () => r.pick(VOCAB));
      paras.push(w.join(' ') + '.');
      n += len;
      if (paras.length === 3) paras.push('```go\nfunc main() {\n\tfmt.Println("hello")\n}\n```');
    }
    const day = new Date(Date.UTC(2010, 0, 1) + i * 36e5 * 7).toISOString().slice(0, 19);
    writeFileSync(
      path.join(dir, `post-${i}.md`),
      `---\ntitle: "Post ${i}"\ndate: ${day}Z\ntags: [${r.pick(['go', 'rust', 'k8s', 'web'])}, ${r.pick(['notes', 'howto', 'essay'])}]\n---\n\n${paras.join('\n\n')}\n`,
    );
  }
  // An equally minimal theme for Hugo: a list page with title, summary, date, reading
  // time; a single page with the content.
  const layouts = path.join(site, 'layouts/_default');
  mkdirSync(layouts, { recursive: true });
  const head =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="stylesheet" href="/assets/site.css"></head><body>';
  writeFileSync(
    path.join(layouts, 'list.html'),
    `${head}{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary | plainify }}</p><footer>{{ .Date.Format "January 2, 2006" }} · {{ .ReadingTime }} min</footer></article>{{ end }}</body></html>`,
  );
  writeFileSync(
    path.join(layouts, 'single.html'),
    `${head}<h1>{{ .Title }}</h1><div>{{ .Date.Format "January 2, 2006" }} · {{ .ReadingTime }} min</div>{{ .Content }}{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a>{{ end }}</body></html>`,
  );
  writeFileSync(
    path.join(site, 'layouts/index.html'),
    `${head}{{ range (.Paginate (where site.RegularPages "Type" "posts")).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary | plainify }}</p><footer>{{ .Date.Format "January 2, 2006" }} · {{ .ReadingTime }} min</footer></article>{{ end }}</body></html>`,
  );
}

/** Runs a command, returning wall time and peak RSS (from /usr/bin/time when present). */
function timed(
  cmd: string,
  args: string[],
): Promise<{ ms: number; peakMb: number | null; ok: boolean }> {
  return new Promise((resolve) => {
    const t = performance.now();
    const useTime = (() => {
      try {
        readFileSync('/usr/bin/time');
        return true;
      } catch {
        return false;
      }
    })();
    const child = useTime
      ? spawn('/usr/bin/time', ['-f', 'QUIRE_MAXRSS %M', cmd, ...args], {
          stdio: ['ignore', 'ignore', 'pipe'],
        })
      : spawn(cmd, args, { stdio: 'ignore' });
    let err = '';
    child.stderr?.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      const m = /QUIRE_MAXRSS (\d+)/.exec(err);
      resolve({
        ms: performance.now() - t,
        peakMb: m ? Number(m[1]) / 1024 : null,
        ok: code === 0,
      });
    });
  });
}

/** Cold and incremental export of 10,000 posts, against Hugo 0.111 on the same corpus. */
export async function benchExport(count = 10_000): Promise<void> {
  const site = tempDir('quire-export-bench-');
  writeExportCorpus(site, count);
  const asOf = parseAsOf('2030-01-01');
  const out = path.join(tempDir(), 'public');
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let t = performance.now();
  const ws = await Workspace.open(site, { cacheDir: null });
  const exporter = new Exporter(ws);
  const cold = await exporter.export({ out, asOf });
  const coldMs = performance.now() - t;
  clearInterval(sample);
  console.log(
    `export: ${count} posts cold: ${(coldMs / 1000).toFixed(2)} s (open ${ws.posts().length} posts + render ${cold.pages} pages, write ${cold.files} files, ${(cold.bytes / 1e6).toFixed(0)} MB); peak RSS ${(peak / 1e6).toFixed(0)} MB`,
  );

  // One post changes; the app's watcher re-reads that file, then the same exporter runs
  // again (it keeps what it rendered). Median of 5 edits to different posts.
  const times: number[] = [];
  let inc = cold;
  for (let k = 0; k < 5; k++) {
    const rel = `content/posts/post-${1000 + k * 1777}.md`;
    writeFileSync(
      path.join(site, rel),
      readFileSync(path.join(site, rel), 'utf8').replace(/\.\n$/, ' edited.\n'),
    );
    t = performance.now();
    await ws.refresh(rel);
    inc = await exporter.export({ out, asOf });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const incMs = times[2]!;
  console.log(
    `export: incremental after one post changed: median ${incMs.toFixed(0)} ms of ${times.map((x) => x.toFixed(0)).join(', ')} (${inc.written} written, ${inc.unchanged} unchanged; target <= 100 ms) ${incMs <= 100 ? 'OK' : 'OVER'}`,
  );

  const hugo = hugoVersion();
  if (!hugo.version) {
    console.log(`export: Hugo comparison skipped: ${hugo.why}`);
    return;
  }
  const h = await timed('hugo', [
    '--source',
    site,
    '--destination',
    path.join(tempDir(), 'hugo-public'),
    '--quiet',
  ]);
  if (!h.ok) {
    console.log('export: Hugo failed on the corpus; no comparison');
    return;
  }
  const ratio = coldMs / h.ms;
  console.log(
    `export: Hugo 0.111 same corpus: ${(h.ms / 1000).toFixed(2)} s, peak RSS ${h.peakMb ? `${h.peakMb.toFixed(0)} MB` : 'unknown'}`,
  );
  console.log(
    `export: Quire cold / Hugo = ${ratio.toFixed(2)}x (target <= 0.5x) ${ratio <= 0.5 ? 'OK' : 'OVER'}`,
  );
}
