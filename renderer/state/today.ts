import { asOfToday } from '../../shared/site/publish.ts';

/** Today's date in this computer's time zone, as YYYY-MM-DD (for as-of inputs). */
export function today(): string {
  // The same rule as the back end's and the CLI's default (electron/services/today.ts).
  return asOfToday(Date.now(), -new Date().getTimezoneOffset()).day;
}
