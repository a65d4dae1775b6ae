// QUIRE_TIMINGS=1: each stage of a command prints `quire-timing <stage> <ms since the
// process started>` on stderr (the process bench reads them to show where the time goes).
const on = !!process.env.QUIRE_TIMINGS;

/** Notes that `stage` ended now (only with QUIRE_TIMINGS set). */
export function mark(stage: string): void {
  if (on) process.stderr.write(`quire-timing ${stage} ${performance.now().toFixed(0)}\n`);
}
