// Calendar arithmetic for the simulation: Stripe-style monthly billing anchors (day 31 bills on
// the last day of shorter months), the month windows of the simulated range, and how many
// customers sign up in each month (growth, seasonality, noise).
import type { UnixSeconds } from '../core/types.js';
import type { Rng } from './random.js';

export const MINUTE = 60;
export const HOUR = 3_600;
export const DAY = 86_400;

// Civil-calendar conversions in integer arithmetic (H. Hinnant's days_from_civil and inverse):
// the simulation moves dates by months millions of times, and Date objects are slow for that.
function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1] ?? 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * `anchor` moved by `months` calendar months, keeping the anchor's day of month when it exists
 * and clamping to the month's last day when it does not (Jan 31 → Feb 29 → Mar 31).
 */
export function addMonths(anchor: UnixSeconds, months: number): UnixSeconds {
  const days = Math.floor(anchor / DAY);
  const timeOfDay = anchor - days * DAY;
  const [year, month, day] = civilFromDays(days);
  const total = year * 12 + (month - 1) + months;
  const newYear = Math.floor(total / 12);
  const newMonth = total - newYear * 12 + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  return daysFromCivil(newYear, newMonth, newDay) * DAY + timeOfDay;
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
