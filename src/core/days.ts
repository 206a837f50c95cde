// UTC day helpers for the ledger: unix seconds <-> 'YYYY-MM-DD', end of day, calendar intervals.
// Day numbers (days since 1970-01-01) are computed arithmetically rather than through Date,
// because a full rebuild converts millions of timestamps.
import type { BillingInterval, Day, Month, UnixSeconds } from './types.js';

export const SECONDS_PER_DAY = 86_400;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(n: number): { y: number; m: number; d: number } {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The UTC day number (days since 1970-01-01) containing `t`. */
export function dayNumberOf(t: UnixSeconds): number {
  return Math.floor(t / SECONDS_PER_DAY);
}

export function dayFromNumber(n: number): Day {
  const { y, m, d } = civilFromDays(n);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Parses 'YYYY-MM-DD' into a day number; throws on anything that is not a calendar day. */
export function dayToNumber(day: Day): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a day (YYYY-MM-DD): "${day}"`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new RangeError(`not a calendar day: "${day}"`);
  return daysFromCivil(y, m, d);
}

export function dayOf(t: UnixSeconds): Day {
  return dayFromNumber(dayNumberOf(t));
}

/** The first second of the UTC day. */
export function startOfDay(day: Day): UnixSeconds {
  return dayToNumber(day) * SECONDS_PER_DAY;
}

/** The last second of the UTC day (23:59:59). */
export function endOfDay(day: Day): UnixSeconds {
  return endOfDayNumber(dayToNumber(day));
}

export function endOfDayNumber(n: number): UnixSeconds {
  return (n + 1) * SECONDS_PER_DAY - 1;
}

export function addDays(day: Day, n: number): Day {
  return dayFromNumber(dayToNumber(day) + n);
}

export function monthOf(day: Day): Month {
  dayToNumber(day);
  return day.slice(0, 7);
}

/**
 * `t` moved forward by `count` billing intervals. Months and years are calendar steps that keep
 * the time of day and clamp to the last day of a shorter month (Jan 31 + 1 month = Feb 28/29),
 * as billing anchors do; days and weeks are fixed lengths in seconds.
 */
export function addInterval(t: UnixSeconds, interval: BillingInterval, count: number): UnixSeconds {
  if (interval === 'day') return t + count * SECONDS_PER_DAY;
  if (interval === 'week') return t + count * 7 * SECONDS_PER_DAY;
  const n = dayNumberOf(t);
  const secondOfDay = t - n * SECONDS_PER_DAY;
  const { y, m, d } = civilFromDays(n);
  const months = interval === 'year' ? count * 12 : count;
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return daysFromCivil(ny, nm, nd) * SECONDS_PER_DAY + secondOfDay;
}
