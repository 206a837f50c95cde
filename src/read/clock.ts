// One clock for every read. A read is taken "as of" an instant (default: now): nothing dated after
// that instant's day counts in any figure. The ledger holds rows dated later (a coupon that ends
// next week is already known); they are scheduled, never current.
import type { Day } from '../core/types.js';

export type AsOf = {
  /** The instant the figures are read at. */
  at: Date;
  /** Its UTC day: the last day whose ledger rows, payments and trials count. */
  day: Day;
};

export function asOf(at: Date): AsOf {
  return { at, day: at.toISOString().slice(0, 10) };
}

/** The instant a request asked for (`?asOf=`), else now. An instant after now reads as now. */
export function resolveAsOf(requested: string | undefined, now: Date): AsOf {
  if (requested === undefined) return asOf(now);
  const at = new Date(requested);
  return asOf(at.getTime() > now.getTime() ? now : at);
}

/** The last day of a range that counts: `to`, or the as-of day when `to` is later. */
export function clampDay(to: Day, at: AsOf): Day {
  return to > at.day ? at.day : to;
}
