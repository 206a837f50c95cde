// Calendar arithmetic for the simulation: Stripe-style monthly billing anchors (day 31 bills on
// the last day of shorter months), the month windows of the simulated range, and how many
// customers sign up in each month (growth, seasonality, noise).
import { addInterval, SECONDS_PER_DAY } from '../core/dates.js';
import type { UnixSeconds } from '../core/types.js';
import type { Rng } from './random.js';

export const MINUTE = 60;
export const HOUR = 3_600;
export const DAY = SECONDS_PER_DAY;

/**
 * `anchor` moved by `months` calendar months, keeping the anchor's day of month when it exists
 * and clamping to the month's last day when it does not (Jan 31 → Feb 29 → Mar 31): Stripe's
 * monthly billing anchors, which are the date module's month interval.
 */
export function addMonths(anchor: UnixSeconds, months: number): UnixSeconds {
  return addInterval(anchor, 'month', months);
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Short date as Stripe prints it in proration descriptions: "12 Mar 2024". */
export function shortDate(at: UnixSeconds): string {
  const date = new Date(at * 1000);
  return `${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

// Relative signup volume by calendar month: January resolutions, a summer and a December dip.
const SEASONALITY = [1.08, 1.0, 1.04, 1.0, 1.0, 0.95, 0.9, 0.8, 1.05, 1.05, 0.98, 0.76];
export const MONTHLY_GROWTH = 1.05;

/**
 * Splits `customers` signups over `months` monthly windows starting at `startAt`, growing
 * ~5% a month with seasonality and ±8% noise. Largest remainder keeps the total exact.
 */
export function allocateSignups(
  customers: number,
  months: number,
  startAt: UnixSeconds,
  rng: Rng,
): number[] {
  const weights: number[] = [];
  for (let m = 0; m < months; m++) {
    const calendarMonth = new Date(addMonths(startAt, m) * 1000).getUTCMonth();
    const noise = 0.92 + rng.next() * 0.16;
    weights.push(MONTHLY_GROWTH ** m * (SEASONALITY[calendarMonth] ?? 1) * noise);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * customers);
  const counts = exact.map(Math.floor);
  let missing = customers - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((x, y) => y.remainder - x.remainder || x.index - y.index);
  for (const { index } of byRemainder) {
    if (missing === 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    missing -= 1;
  }
  return counts;
}
