// Usage against plan limits: the window each limit period sums over (month to date, the last 30
// days, the day itself; seats always count the distinct users active in the last 30 days), and
// used / limit. Pure: totals in, LimitUse out. The store side loads the totals for many
// customers at once: loadLimitUses in src/store/plan-limits-repo.ts.
import type { LimitUse } from './customer-signals.js';
import { addDays, firstDayOfMonth, monthOf, type Day } from './dates.js';

export type LimitPeriod = 'day' | 'month' | 'rolling_30_days';
export const LIMIT_PERIODS: readonly LimitPeriod[] = ['day', 'month', 'rolling_30_days'];

/** The metric of seats: distinct active users in the last 30 days. */
export const SEATS = '$seats';

/** Days over which seats are counted, ending on the day read. */
export const SEAT_DAYS = 30;

export type LimitDefinition = { metric: string; limit: number; period: LimitPeriod };

/** A limit's use with the window it was summed over. */
export type WindowedLimitUse = LimitUse & { period: LimitPeriod; from: Day; to: Day };

/** The usage of one event name on `day`, over each period's window ending then. */
export type PeriodTotals = Readonly<Record<LimitPeriod, number>>;

export type Window = { from: Day; to: Day };

/** The days a period sums over, ending on `day` (inclusive). */
export function limitWindow(period: LimitPeriod, day: Day): Window {
  switch (period) {
    case 'day':
      return { from: day, to: day };
    case 'month':
      return { from: firstDayOfMonth(monthOf(day)), to: day };
    case 'rolling_30_days':
      return { from: addDays(day, -29), to: day };
  }
}

/** The window of a metric: seats always look at the last 30 days, whatever the period says. */
export function metricWindow(metric: string, period: LimitPeriod, day: Day): Window {
  return metric === SEATS ? { from: addDays(day, -(SEAT_DAYS - 1)), to: day } : limitWindow(period, day);
}

/** The earliest day any period needs, ending on `day` (what to load). */
export function earliestWindowDay(day: Day): Day {
  const month = limitWindow('month', day).from;
  const rolling = addDays(day, -(SEAT_DAYS - 1));
  return month < rolling ? month : rolling;
}

/** used / limit; a limit must be positive (the table refuses others), so this is finite. */
export function limitRatio(used: number, limit: number): number {
  if (!(limit > 0)) throw new RangeError(`a limit must be positive, got ${limit}`);
  return used / limit;
}

/** Each limit's use on `day`: the event's total over the limit's period (0 when never used), or
 *  the seats in use for $seats. In the order the limits are given. */
export function limitUses(limits: readonly LimitDefinition[], day: Day, usage: ReadonlyMap<string, PeriodTotals>, seats: number): WindowedLimitUse[] {
  return limits.map((l) => {
    const used = l.metric === SEATS ? seats : (usage.get(l.metric)?.[l.period] ?? 0);
    return { metric: l.metric, period: l.period, ...metricWindow(l.metric, l.period, day), used, limit: l.limit, ratio: limitRatio(used, l.limit) };
  });
}

/** Adds one day's usage of an event to its period totals on `day` (for callers that hold daily
 *  rows rather than the store's sums). */
export function addDailyUsage(totals: Map<string, Record<LimitPeriod, number>>, day: Day, row: { day: Day; event: string; quantity: number }): void {
  if (row.day > day) return;
  let t = totals.get(row.event);
  if (!t) totals.set(row.event, (t = { day: 0, month: 0, rolling_30_days: 0 }));
  for (const period of LIMIT_PERIODS) if (row.day >= limitWindow(period, day).from) t[period] += row.quantity;
}
