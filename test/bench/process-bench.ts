// What a user runs: the `quire` command against the `hugo` command, whole processes, on
// the export bench's corpus and minimal templates. Paired runs (the order alternates),
// median and spread (min–max), peak RSS from /usr/bin/time. Numbers are printed, never
// asserted. QUIRE_BENCH_SIZES=500,2000 limits the sizes; QUIRE_BENCH_PAIRS sets the
// number of pairs at every size.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hugoVersion } from '../helpers/hugo.ts';
import { tempDir } from '../helpers/site.ts';
import { writeExportCorpus } from './export-bench.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// What `npx quire` runs: package.json's bin.
const quireBin = path.join(root, 'bin/quire.cjs');

interface Run {
  ms: number;
  /** User + system CPU time (ms): on a shared machine, what the process itself cost. */
  cpuMs: number | null;
  peakMb: number | null;
  ok: boolean;
  err: string;
}

/** The machine's load average (1, 5, 15 minutes), as printed beside every number. */
export function load(): string {
  return `load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}

/** Runs a command to its end: wall time, and peak RSS when /usr/bin/time is there. */
export function runProcess(
  cmd: string,
  args: string[],
  cwd = root,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Run> {
  const useTime = existsSync('/usr/bin/time');
  return new Promise((resolve) => {
    const t = performance.now();
    const child = useTime
      ? spawn('/usr/bin/time', ['-f', 'QUIRE_MAXRSS %M %U %S', cmd, ...args], {
          cwd,
          env,
          stdio: ['ignore', 'ignore', 'pipe'],
        })
      : spawn(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      const ms = performance.now() - t;
      const m = /QUIRE_MAXRSS (\d+) ([\d.]+) ([\d.]+)/.exec(err);
      resolve({
        ms,
        cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : null,
        peakMb: m ? Number(m[1]) / 1024 : null,
        ok: code === 0,
        err: err.replace(/QUIRE_MAXRSS [\d. ]+\s*$/, '').trim(),
      });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function spread(xs: number[], digits = 0): string {
  return `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
}

const quire = (...args: string[]): [string, string[]] => [process.execPath, [quireBin, ...args]];

/** Start-up: the commands a user types most, against `hugo version` and Hugo on the seed blog. */
async function benchStartup(runs: number, hugo: boolean): Promise<void> {
  // A copy: Hugo writes a lock file and resources/ into the site it builds.
  const seed = path.join(tempDir(), 'seed-blog');
  cpSync(path.join(root, 'test/fixtures/seed-blog'), seed, { recursive: true });
  const post = path.join(seed, 'content/posts/go-build-times.md');
  // First use may build the command's bundle, and each command's first run in a build
  // writes its code cache: once per install, not what is measured.
  await runProcess(...quire('--help'));
  await runProcess(...quire('meta', post));
  await runProcess(...quire('listing', seed, '--as-of', '2030-01-01'));
  // The floor: Node itself starting and exiting, in the same environment (a
  // NODE_EXTRA_CA_CERTS bundle alone costs Node 20 some 50 ms at every start here).
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) floor.push((await runProcess(process.execPath, ['-e', '0'])).ms);
  console.log(
    `startup: node -e 0 (the floor)          median ${median(floor).toFixed(0).padStart(4)} ms (${spread(floor)} ms, ${runs} runs)${process.env.NODE_EXTRA_CA_CERTS ? '; NODE_EXTRA_CA_CERTS is set' : ''}; ${load()}`,
  );
  const cases: { name: string; target: number; cmd: [string, string[]]; peer?: string }[] = [
    { name: 'quire --help', target: 150, cmd: quire('--help'), peer: 'hugo version' },
    { name: 'quire meta <post>', target: 150, cmd: quire('meta', post), peer: 'hugo version' },
    {
      name: 'quire listing <seed blog>',
      target: 250,
      cmd: quire('listing', seed, '--as-of', '2030-01-01'),
      peer: 'hugo (seed blog)',
    },
  ];
  const peers: Record<string, [string, string[]]> = {
    'hugo version': ['hugo', ['version']],
    'hugo (seed blog)': [
      'hugo',
      ['--source', seed, '--destination', path.join(tempDir(), 'seed-public'), '--quiet'],
    ],
  };
  const peerTimes = new Map<string, number[]>();
  for (const c of cases) {
    const times: number[] = [];
    const rss: number[] = [];
    const cpu: number[] = [];
    const pt = c.peer ? (peerTimes.get(c.peer) ?? []) : [];
    for (let i = 0; i < runs; i++) {
      const q = await runProcess(...c.cmd);
      if (!q.ok) {
        console.log(`startup: ${c.name} failed: ${q.err.split('\n')[0]}`);
        break;
      }
      times.push(q.ms);
      if (q.peakMb) rss.push(q.peakMb);
      if (q.cpuMs !== null) cpu.push(q.cpuMs);
      if (hugo && c.peer && !peerTimes.has(c.peer)) {
        const h = await runProcess(...peers[c.peer]!);
        if (h.ok) pt.push(h.ms);
      }
    }
    if (c.peer && pt.length) peerTimes.set(c.peer, pt);
    if (!times.length) continue;
    const m = median(times);
    const peer = c.peer ? peerTimes.get(c.peer) : undefined;
    console.log(
      `startup: ${c.name.padEnd(26)} median ${m.toFixed(0).padStart(4)} ms (${spread(times)} ms, ${runs} runs; cpu ${cpu.length ? median(cpu).toFixed(0) : '?'} ms), peak RSS ${rss.length ? median(rss).toFixed(0) : '?'} MB` +
        (peer
          ? `; ${c.peer} ${median(peer).toFixed(0)} ms (${spread(peer)}), ${(m / median(peer)).toFixed(1)}x`
          : '') +
        `; target <= ${c.target} ms ${m <= c.target ? 'OK' : 'OVER'}` +
        (cpu.length ? ` (cpu ${median(cpu) <= c.target ? 'OK' : 'OVER'})` : '') +
        `; ${load()}`,
    );
  }
}

/** Pairs per size: enough for a median at small sizes, a full run in minutes at large ones. */
function pairsFor(n: number): number {
  const env = Number(process.env.QUIRE_BENCH_PAIRS);
  if (env > 0) return env;
  // 50,000 posts: one pair (minutes, and heavy for a shared machine).
  return n <= 2000 ? 5 : n <= 10_000 ? 3 : 1;
}

/** Where a quire export's time went: QUIRE_TIMINGS marks (ms since the process started). */
function stages(stderr: string): Map<string, number> {
  const marks = [...stderr.matchAll(/^quire-timing (\S+) (\d+)$/gm)].map(
    (m) => [m[1]!, Number(m[2])] as const,
  );
  const out = new Map<string, number>();
  let last = 0;
  for (const [name, at] of marks) {
    out.set(name, at - last);
    last = at;
  }
  return out;
}

const STAGE_NAMES: Record<string, string> = {
  workers: 'workers started',
  start: 'start-up',
  open: 'read+index',
  plan: 'plan',
  tasks: 'pages planned',
  warmed: 'rendered ahead (wait)',
  'render-workers': 'render+write posts (workers)',
  'render-thread': 'render (thread)',
  layout: 'lists+feeds',
  ahead: 'lists written ahead (wait)',
  'safe-paths': 'paths',
  'manifest-read': 'target',
  write: 'write rest',
  done: 'swap',
};

/**
 * Folders the export bench is done with, removed only after its last run. On ext4
 * without a journal (this machine's disk), every file or folder created within minutes of
 * a mass deletion makes the kernel walk the free inodes it just freed, checking each one's
 * deletion time (fs/ext4/ialloc.c, recently_deleted): removing the 2,800 files of one
 * export before the next run added 1 to 3 s of system time to whichever command ran next,
 * Quire or Hugo alike, and so measured the bench's own clean-up rather than either tool.
 */
const trash: string[] = [];

/** Writes back what earlier runs left in the page cache (where `sync` exists). */
function settle(): void {
  try {
    execFileSync('sync');
  } catch {
    // No sync here: the runs measure what they find.
  }
}

/** Export, process against process, at each size. */
async function benchExportProcess(sizes: number[]): Promise<void> {
  const rows: string[] = [];
  // Quire's median ms per post at each size: the cost should grow linearly with posts.
  const perPost: [number, number][] = [];
  for (const n of sizes) {
    const site = tempDir(`quire-process-bench-${n}-`);
    const t = performance.now();
    writeExportCorpus(site, n);
    console.log(`export ${n}: corpus written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // Quire keeps its post index between runs (a user exports the same site again and
    // again); the first run parses every post's front matter. Filled here, and shown.
    const first = await runProcess(...quire('listing', site, '--as-of', '2100-01-01'));
    console.log(
      `export ${n}: index cache filled by quire listing in ${(first.ms / 1000).toFixed(2)} s (cpu ${((first.cpuMs ?? NaN) / 1000).toFixed(2)} s; once per site, not in the pairs); ${load()}`,
    );
    const q: Run[] = [];
    const h: Run[] = [];
    const loads: number[] = [];
    const outs = tempDir('quire-process-out-');
    for (let i = 0; i < pairsFor(n); i++) {
      const qOut = path.join(outs, `quire-${i}`);
      const hOut = path.join(outs, `hugo-${i}`);
      // Everything published on both sides: Hugo builds future posts, Quire as of 2100.
      // Each run starts with the disk written back (`sync`): neither pays for the writeback
      // of the files the run before it wrote.
      const runQ = () => {
        settle();
        return runProcess(...quire('export', site, '--out', qOut, '--as-of', '2100-01-01'), root, {
          ...process.env,
          QUIRE_TIMINGS: '1',
        });
      };
      const runH = () => {
        settle();
        return runProcess('hugo', [
          '--source',
          site,
          '--destination',
          hOut,
          '--quiet',
          '--buildFuture',
        ]);
      };
      const [a, b] = i % 2 === 0 ? [await runQ(), await runH()] : [await runH(), await runQ()];
      const [qr, hr] = i % 2 === 0 ? [a, b] : [b, a];
      trash.push(qOut, hOut);
      if (!qr.ok)
        console.log(
          `export ${n}: quire failed: ${qr.err
            .split('\n')
            .filter((l) => !l.startsWith('quire-timing'))
            .slice(0, 3)
            .join(' ')}`,
        );
      if (!hr.ok)
        console.log(`export ${n}: hugo failed: ${hr.err.split('\n').slice(0, 3).join(' ')}`);
      if (!qr.ok || !hr.ok) break;
      q.push(qr);
      h.push(hr);
      loads.push(os.loadavg()[0]!);
      console.log(
        `export ${n}: pair ${i + 1}: quire ${(qr.ms / 1000).toFixed(2)} s (cpu ${((qr.cpuMs ?? NaN) / 1000).toFixed(2)} s) ${qr.peakMb?.toFixed(0)} MB, hugo ${(hr.ms / 1000).toFixed(2)} s (cpu ${((hr.cpuMs ?? NaN) / 1000).toFixed(2)} s) ${hr.peakMb?.toFixed(0)} MB, ratio ${(qr.ms / hr.ms).toFixed(2)}x (cpu ${((qr.cpuMs ?? NaN) / (hr.cpuMs ?? NaN)).toFixed(2)}x); ${load()}`,
      );
      const st = stages(qr.err);
      if (st.size)
        console.log(
          `export ${n}:   quire stages: ${[...st].map(([k, v]) => `${STAGE_NAMES[k] ?? k} ${v} ms`).join(', ')}`,
        );
    }
    trash.push(site);
    if (!q.length) continue;
    const qm = median(q.map((r) => r.ms));
    const hm = median(h.map((r) => r.ms));
    const ratios = q.map((r, i) => r.ms / h[i]!.ms);
    const qCpu = median(q.map((r) => r.cpuMs ?? NaN)) / 1000;
    const hCpu = median(h.map((r) => r.cpuMs ?? NaN)) / 1000;
    const qRss = median(q.map((r) => r.peakMb ?? NaN));
    const hRss = median(h.map((r) => r.peakMb ?? NaN));
    const target = n >= 10_000 ? 0.33 : n >= 2000 ? 0.6 : null;
    perPost.push([n, qm / n]);
    const ratio = median(ratios);
    const cpuRatio = median(q.map((r, i) => (r.cpuMs ?? NaN) / (h[i]!.cpuMs ?? NaN)));
    rows.push(
      `| ${String(n).padStart(6)} | ${(qm / 1000).toFixed(2)} s (${spread(
        q.map((r) => r.ms / 1000),
        2,
      )}) | ${(hm / 1000).toFixed(2)} s (${spread(
        h.map((r) => r.ms / 1000),
        2,
      )}) | ${ratio.toFixed(2)}x (${spread(ratios, 2)})${target ? (ratio <= target ? ` OK <= ${target}` : ` OVER ${target}`) : ''} | ${(qm / n).toFixed(3)} / ${(hm / n).toFixed(3)} | ${qRss.toFixed(0)} / ${hRss.toFixed(0)} MB = ${(qRss / hRss).toFixed(2)}x${qRss / hRss <= 0.5 ? ' OK' : ' OVER 0.5'} | ${qCpu.toFixed(1)} / ${hCpu.toFixed(1)} s = ${cpuRatio.toFixed(2)}x | ${q.length} | ${median(loads).toFixed(1)} |`,
    );
  }
  console.log(
    '\n| posts | quire export median (spread) | hugo median (spread) | quire/hugo (spread) | ms per post quire / hugo | peak RSS quire / hugo | CPU quire / hugo | pairs | load (1 min) |\n|---|---|---|---|---|---|---|---|---|\n' +
      rows.join('\n'),
  );
  if (perPost.length > 1) {
    const ms = perPost.map(([, m]) => m);
    console.log(
      `\nquire ms per post by size: ${perPost.map(([n, m]) => `${n}: ${m.toFixed(3)}`).join(', ')} (largest / smallest ${(Math.max(...ms) / Math.min(...ms)).toFixed(2)}; linear cost keeps it near 1, start-up makes small sites dearer per post); ${load()}`,
    );
  }
}

/** `npm run bench process`: start-up, then export at every size. */
export async function benchProcess(): Promise<void> {
  const hugo = hugoVersion();
  if (!hugo.version) console.log(`process: Hugo comparison skipped: ${hugo.why}`);
  await benchStartup(Number(process.env.QUIRE_BENCH_STARTUP_RUNS) || 10, !!hugo.version);
  if (!hugo.version) return;
  const sizes = (process.env.QUIRE_BENCH_SIZES ?? '500,2000,10000,50000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  try {
    await benchExportProcess(sizes);
  } finally {
    for (const dir of trash.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
