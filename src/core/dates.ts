// The one date module: UTC days ('YYYY-MM-DD') and months ('YYYY-MM') as strings, unix seconds
// <-> days, billing-interval steps, and the reporting periods built from days: day, ISO week
// (Monday start), month, quarter, year. Everything is UTC; no time zones here. Shared by the
// server, the demo and the dashboard (web imports it as @core/dates.js).
//
// Day numbers (days since 1970-01-01) are computed arithmetically rather than through Date,
// because a full rebuild converts millions of timestamps.
import type { BillingInterval, Day, Month, UnixSeconds } from './types.js';

export type { Day, Month, UnixSeconds } from './types.js';

export const SECONDS_PER_DAY = 86_400;

export type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';

export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month', 'quarter', 'year'];

/** One reporting period; `start` and `end` are both inclusive. */
export type Period = { key: string; start: Day; end: Day };

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

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

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// --- days and day numbers ------------------------------------------------------------------

/** The UTC day number (days since 1970-01-01) containing `t`. */
export function dayNumberOf(t: UnixSeconds): number {
  return Math.floor(t / SECONDS_PER_DAY);
}

export function dayFromNumber(n: number): Day {
  const { y, m, d } = civilFromDays(n);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** Parses 'YYYY-MM-DD' into a day number; throws on anything that is not a calendar day. */
export function dayToNumber(day: Day): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a day (YYYY-MM-DD): "${day}"`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new RangeError(`not a calendar day: "${day}"`);
  return daysFromCivil(y, m, d);
}

/** True for a real calendar day written 'YYYY-MM-DD'. */
export function isDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** The UTC day containing the unix time `t` (seconds). */
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

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return dayToNumber(to) - dayToNumber(from);
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

// --- months ---------------------------------------------------------------------------------

export function monthOf(day: Day): Month {
  dayToNumber(day);
  return day.slice(0, 7);
}

function parseMonth(month: Month): { y: number; m: number } {
  const match = MONTH_PATTERN.exec(month);
  const m = match ? Number(match[2]) : 0;
  if (!match || m < 1 || m > 12) throw new RangeError(`not a month (YYYY-MM): "${month}"`);
  return { y: Number(match[1]), m };
}

export function addMonths(month: Month, n: number): Month {
  const { y, m } = parseMonth(month);
  const index = y * 12 + (m - 1) + n;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

/** Whole months from `from` to `to` ('2024-01' → '2024-03' is 2). */
export function monthsBetween(from: Month, to: Month): number {
  const a = parseMonth(from);
  const b = parseMonth(to);
  return (b.y - a.y) * 12 + (b.m - a.m);
}

/** Every month from `from` to `to`, both included (empty when `to` is earlier). */
export function eachMonth(from: Month, to: Month): Month[] {
  const count = monthsBetween(from, to);
  return Array.from({ length: Math.max(0, count + 1) }, (_, i) => addMonths(from, i));
}

export function firstDayOfMonth(month: Month): Day {
  parseMonth(month);
  return `${month}-01`;
}

export function lastDayOfMonth(month: Month): Day {
  const { y, m } = parseMonth(month);
  return `${month}-${pad(daysInMonth(y, m))}`;
}

/** The same day of the month `months` months away, or that month's last day when it is shorter
 *  (31 Mar − 1 month → 28 or 29 Feb): how a like-for-like comparison finds its day. */
export function shiftDayByMonths(day: Day, months: number): Day {
  const month = addMonths(monthOf(day), months);
  const last = lastDayOfMonth(month);
  const shifted = `${month}-${day.slice(8, 10)}`;
  return shifted > last ? last : shifted;
}

// --- reporting periods ----------------------------------------------------------------------

/** Monday = 1 … Sunday = 7. */
function isoWeekday(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** The ISO week-numbering year and week of a day (the week belongs to the year of its Thursday). */
export function isoWeek(day: Day): { year: number; week: number } {
  const n = dayToNumber(day);
  const thursday = n - isoWeekday(n) + 4;
  const year = civilFromDays(thursday).y;
  return { year, week: Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1 };
}

/** First day of the period that contains `day`. */
export function periodStart(day: Day, granularity: Granularity): Day {
  const n = dayToNumber(day);
  const y = day.slice(0, 4);
  const m = Number(day.slice(5, 7));
  switch (granularity) {
    case 'day':
      return day;
    case 'week':
      return dayFromNumber(n - isoWeekday(n) + 1);
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'quarter':
      return `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`;
    case 'year':
      return `${y}-01-01`;
  }
}

/** First day of the period after the one that starts on `start`. */
function nextPeriodStart(start: Day, granularity: Granularity): Day {
  switch (granularity) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      return firstDayOfMonth(addMonths(monthOf(start), 1));
    case 'quarter':
      return firstDayOfMonth(addMonths(monthOf(start), 3));
    case 'year':
      return firstDayOfMonth(addMonths(monthOf(start), 12));
  }
}

/** Last day of the period that contains `day`. */
export function periodEnd(day: Day, granularity: Granularity): Day {
  return addDays(nextPeriodStart(periodStart(day, granularity), granularity), -1);
}

/** Keys: day `YYYY-MM-DD`, week `YYYY-Www` (ISO week-year), month `YYYY-MM`, quarter `YYYY-Qn`, year `YYYY`. */
export function periodKey(day: Day, granularity: Granularity): string {
  dayToNumber(day);
  switch (granularity) {
    case 'day':
      return day;
    case 'week': {
      const { year, week } = isoWeek(day);
      return `${pad(year, 4)}-W${pad(week)}`;
    }
    case 'month':
      return day.slice(0, 7);
    case 'quarter':
      return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return day.slice(0, 4);
  }
}

/**
 * Every period that intersects [from, to], in order, with its full calendar bounds (the first
 * period may start before `from`, the last may end after `to`). Empty when `to` < `from`.
 */
export function periodsBetween(from: Day, to: Day, granularity: Granularity): Period[] {
  const last = dayToNumber(to);
  const periods: Period[] = [];
  if (last < dayToNumber(from)) return periods;
  let start = periodStart(from, granularity);
  while (dayToNumber(start) <= last) {
    const next = nextPeriodStart(start, granularity);
    periods.push({ key: periodKey(start, granularity), start, end: addDays(next, -1) });
    start = next;
  }
  return periods;
}
