// Which period a report covers. Periods are UTC calendar periods, as every figure of the engine:
// the daily report a day (`2026-12-01`), the weekly an ISO week (`2026-W48`, Monday to Sunday),
// the board pack a month (`2026-11`), a custom report a period of its granularity. Without a
// period a report covers the last complete one at the instant it is read; a scheduled e-mail the
// last complete one at its fire time (so a run firing at 07:00 in Tokyo, 22:00 UTC the day before,
// reports the UTC day before that: the one that is over).
import { addDays, dayOf, isDay, periodEnd, periodKey, periodStart, type Day, type Granularity } from '../core/dates.js';
import type { AsOf } from '../read/clock.js';
import type { ReportPeriod } from '../read/reports/contract.js';
import { comparisonRange } from '../read/series/load.js';

/** The granularity of each built-in report's period. */
export const BUILTIN_GRANULARITY = { daily: 'day', weekly: 'week', board: 'month' } as const satisfies Record<string, Granularity>;

export class ReportPeriodError extends Error {}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The period `key` names, for a report of this granularity; a ReportPeriodError saying what is wrong otherwise. */
export function parseReportPeriod(granularity: Granularity, key: string): ReportPeriod {
  const first = firstDayOf(granularity, key.trim());
  if (!first) throw new ReportPeriodError(`period "${key}" is not a ${granularity}: expected ${EXAMPLES[granularity]}`);
  return periodContaining(granularity, first);
}

/** The period of this granularity that contains `day`. */
export function periodContaining(granularity: Granularity, day: Day): ReportPeriod {
  const from = periodStart(day, granularity);
  const to = periodEnd(day, granularity);
  return { key: periodKey(day, granularity), label: labelOf(granularity, from, to), from, to };
}

/** The last period of this granularity that is complete at `at` (ended on or before the day before it). */
export function lastCompletePeriod(granularity: Granularity, at: Date): ReportPeriod {
  const today = dayOf(Math.floor(at.getTime() / 1000));
  return periodContaining(granularity, addDays(periodStart(today, granularity), -1));
}

/** The period before this one. */
export function previousPeriod(granularity: Granularity, period: ReportPeriod): ReportPeriod {
  return periodContaining(granularity, addDays(period.from, -1));
}

/** "1 Dec 2026" */
export function dayLabel(d: Day): string {
  return `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;
}

/** A span of days as people read it: one day, or "24 Nov 2026 – 30 Nov 2026"; a whole period of
 *  `granularity` takes that period's label. */
export function spanLabel(from: Day, to: Day, granularity?: Granularity): string {
  if (granularity) {
    const whole = periodContaining(granularity, from);
    if (whole.from === from && whole.to === to) return whole.label;
  }
  return from === to ? dayLabel(from) : `${dayLabel(from)} – ${dayLabel(to)}`;
}

/** A period as a KPI names what it is compared with: "13 Apr 2024", "week 14", "October 2026". */
export function shortLabel(granularity: Granularity, period: ReportPeriod): string {
  const whole = periodContaining(granularity, period.from);
  if (whole.from !== period.from || whole.to !== period.to) return spanLabel(period.from, period.to);
  return granularity === 'week' ? `week ${Number(period.key.slice(6))}` : whole.label;
}

/** What a report covers: `period` (its `to` the as-of day when still running, and its label
 *  saying "to date"), the whole calendar period, and what it is compared with: the period before
 *  it — or, for a period to date, the same span of it (1–3 Dec against 1–3 Nov: like for like). */
export type ResolvedPeriod = { period: ReportPeriod; calendar: ReportPeriod; previous: ReportPeriod; toDate: boolean };

/**
 * The period a report reads at `asOf`: `key` parsed for the granularity (default: the last
 * complete period at the as-of instant). A period that has not started by the as-of day is a
 * ReportPeriodError; one still running — its last day not over before the as-of day — is reported
 * to date (its figures end on the as-of day).
 */
export function resolveReportPeriod(granularity: Granularity, key: string | undefined, asOf: AsOf): ResolvedPeriod {
  const calendar = key === undefined ? lastCompletePeriod(granularity, asOf.at) : parseReportPeriod(granularity, key);
  if (calendar.from > asOf.day) {
    throw new ReportPeriodError(`period "${calendar.key}" is in the future: it starts on ${calendar.from}, after the as-of day ${asOf.day}`);
  }
  const before = previousPeriod(granularity, calendar);
  if (calendar.to < asOf.day) return { period: calendar, calendar, previous: before, toDate: false };
  const same = comparisonRange(calendar.from, asOf.day, granularity, 'previous_period');
  const previous = { key: before.key, label: spanLabel(same.from, same.to, granularity), from: same.from, to: same.to };
  const label = granularity === 'day' ? `${calendar.label} (to date, as of ${asOf.at.toISOString().slice(11, 16)} UTC)` : `${calendar.label} (to date, through ${dayLabel(asOf.day)})`;
  return { period: { ...calendar, to: asOf.day, label }, calendar, previous, toDate: true };
}

const EXAMPLES: Record<Granularity, string> = {
  day: 'a day such as 2026-12-01',
  week: 'an ISO week such as 2026-W48',
  month: 'a month such as 2026-11',
  quarter: 'a quarter such as 2026-Q4',
  year: 'a year such as 2026',
};

function firstDayOf(granularity: Granularity, key: string): Day | null {
  switch (granularity) {
    case 'day':
      return isDay(key) ? key : null;
    case 'month': {
      const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
      return m ? `${m[1]}-${m[2]}-01` : null;
    }
    case 'quarter': {
      const m = /^(\d{4})-Q([1-4])$/.exec(key);
      return m ? `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01` : null;
    }
    case 'year':
      return /^\d{4}$/.test(key) ? `${key}-01-01` : null;
    case 'week': {
      const m = /^(\d{4})-W(\d{2})$/.exec(key);
      if (!m) return null;
      const year = Number(m[1]);
      const week = Number(m[2]);
      // Week 1 is the week with the year's first Thursday, i.e. the week containing 4 January.
      const monday = addDays(periodStart(`${m[1]}-01-04`, 'week'), (week - 1) * 7);
      return week >= 1 && periodKey(monday, 'week') === `${year}-W${m[2]}` ? monday : null;
    }
  }
}

function labelOf(granularity: Granularity, from: Day, to: Day): string {
  switch (granularity) {
    case 'day':
      return dayLabel(from);
    case 'week':
      return `Week ${periodKey(from, 'week').slice(6)}, ${dayLabel(from)} – ${dayLabel(to)}`;
    case 'month':
      return `${LONG_MONTHS[Number(from.slice(5, 7)) - 1]} ${from.slice(0, 4)}`;
    case 'quarter':
      return `${periodKey(from, 'quarter').slice(5)} ${from.slice(0, 4)}`;
    case 'year':
      return from.slice(0, 4);
  }
}
