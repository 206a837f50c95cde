// Calendar arithmetic on UTC days ('YYYY-MM-DD') and the reporting periods built from them:
// day, ISO week (Monday start), month, quarter, year. Everything is UTC; no time zones here.
import type { Day, Month } from './types.js';

export type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';

export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month', 'quarter', 'year'];

/** One reporting period; `start` and `end` are both inclusive. */
export type Period = { key: string; start: Day; end: Day };

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Days since 1970-01-01 (UTC). Throws on anything that is not a real calendar day. */
export function toEpochDay(day: Day): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a day (YYYY-MM-DD): "${day}"`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a calendar day: "${day}"`);
  }
  return ms / MS_PER_DAY;
}

export function fromEpochDay(epochDay: number): Day {
  const date = new Date(epochDay * MS_PER_DAY);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function addDays(day: Day, n: number): Day {
  return fromEpochDay(toEpochDay(day) + n);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Monday = 1 … Sunday = 7. */
function isoWeekday(epochDay: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

export function monthOf(day: Day): Month {
  toEpochDay(day);
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

export function firstDayOfMonth(month: Month): Day {
  parseMonth(month);
  return `${month}-01`;
}

export function lastDayOfMonth(month: Month): Day {
  return addDays(firstDayOfMonth(addMonths(month, 1)), -1);
}

/** The ISO week-numbering year and week of a day (the week belongs to the year of its Thursday). */
export function isoWeek(day: Day): { year: number; week: number } {
  const epochDay = toEpochDay(day);
  const thursday = epochDay - isoWeekday(epochDay) + 4;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / MS_PER_DAY;
  return { year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

/** First day of the period that contains `day`. */
export function periodStart(day: Day, granularity: Granularity): Day {
  const epochDay = toEpochDay(day);
  const y = day.slice(0, 4);
  const m = Number(day.slice(5, 7));
  switch (granularity) {
    case 'day':
      return day;
    case 'week':
      return fromEpochDay(epochDay - isoWeekday(epochDay) + 1);
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
  toEpochDay(day);
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
  const last = toEpochDay(to);
  const periods: Period[] = [];
  if (last < toEpochDay(from)) return periods;
  let start = periodStart(from, granularity);
  while (toEpochDay(start) <= last) {
    const next = nextPeriodStart(start, granularity);
    periods.push({ key: periodKey(start, granularity), start, end: addDays(next, -1) });
    start = next;
  }
  return periods;
}
