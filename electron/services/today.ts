import { asOfToday } from '../../shared/site/publish.ts';
import type { AsOf } from '../../shared/site/publish.ts';

/** "Today" for every Node-side default (CLI, back end): this computer's calendar day. */
export function todayAsOf(now = Date.now()): AsOf {
  return asOfToday(now, -new Date(now).getTimezoneOffset());
}
