import { QuireError } from '../../shared/errors.ts';
import { parseAsOf } from '../../shared/site/publish.ts';
import { todayAsOf } from '../services/today.ts';
import type { AsOf } from '../../shared/site/publish.ts';

/** Where a command writes; tests pass buffers, the real command passes the process's. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (progress bars only then). */
  isTTY: boolean;
}

/** The process's own streams. */
export const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
};

/** The --as-of option: a date, or today in this computer's time zone. */
export function asOfOption(value: string | undefined): AsOf {
  try {
    return value ? parseAsOf(value) : todayAsOf();
  } catch (err) {
    throw new QuireError('invalid-request', `--as-of: ${(err as Error).message}`);
  }
}
