// The periods a report can be read for, as the period picker offers them: the built-in reports'
// granularities (a day, an ISO week, a month), a custom report's own, the period keys the API
// takes (`2026-03-17`, `2026-W11`, `2026-02`, `2026-Q1`) and their labels in the reader's locale.
// Pure: keys come from the server's one date module, so the picker and the API agree.
import { addDays, periodEnd, periodKey, periodStart, startOfDay, type Day, type Granularity } from '@core/dates.js';
import type { BuiltinReport, CustomReport, CUSTOM_GRANULARITIES } from '@read/reports/contract.js';

export type ReportGranularity = (typeof CUSTOM_GRANULARITIES)[number];

/** Each built-in report's period (as src/reports/period.ts BUILTIN_GRANULARITY). */
export const BUILTIN_GRANULARITY: Record<BuiltinReport, ReportGranularity> = { daily: 'day', weekly: 'week', board: 'month' };

export const GRANULARITY_WORDS: Record<ReportGranularity, string> = { day: 'Day', week: 'ISO week', month: 'Month', quarter: 'Quarter' };

export type PeriodOption = { key: string; label: string };

/** The last period that is over on `today` (UTC): yesterday, last week, last month, last quarter. */
export function lastCompletePeriodKey(granularity: ReportGranularity, today: Day): string {
  return periodKey(addDays(periodStart(today, granularity), -1), granularity);
}

/** The first day of the period a key names, or null when the key is not one of this granularity. */
export function periodFirstDay(granularity: ReportGranularity, key: string): Day | null {
  let first: Day | null = null;
  if (granularity === 'day' && /^\d{4}-\d{2}-\d{2}$/.test(key)) first = key;
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (granularity === 'month' && month) first = `${month[1]}-${month[2]}-01`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (granularity === 'quarter' && quarter) first = `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  const week = /^(\d{4})-W(\d{2})$/.exec(key);
  // ISO week 1 is the week holding 4 January.
  if (granularity === 'week' && week) first = addDays(periodStart(`${week[1]}-01-04`, 'week'), (Number(week[2]) - 1) * 7);
  if (first === null) return null;
  try {
    return periodKey(first, granularity) === key ? first : null;
  } catch {
    return null;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();
function utcFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    formats.set(id, format);
  }
  return format;
}
const asDate = (day: Day) => new Date(startOfDay(day) * 1000);

/** "Tue, Mar 17, 2026", "Week 11 · Mar 9 – 15, 2026", "February 2026", "Q1 2026". The key itself when it names no period. */
export function periodLabel(granularity: ReportGranularity, key: string, locale?: string): string {
  const first = periodFirstDay(granularity, key);
  if (!first) return key;
  switch (granularity) {
    case 'day':
      return utcFormat(locale, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' }).format(asDate(first));
    case 'week':
      return `Week ${Number(key.slice(6))} · ${utcFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).formatRange(asDate(first), asDate(periodEnd(first, 'week')))}`;
    case 'month':
      return utcFormat(locale, { year: 'numeric', month: 'long' }).format(asDate(first));
    case 'quarter':
      return `${key.slice(5)} ${key.slice(0, 4)}`;
  }
}

/** How many periods back the picker offers. */
const DEPTH: Record<ReportGranularity, number> = { day: 62, week: 27, month: 24, quarter: 12 };

/**
 * The picker's choices, newest first: the current period (to date) when `today` is given, then
 * `latest` (the last complete one) and the periods before it. A `selected` key outside the list
 * (typed into the address, an older period) is kept, so the select never loses it.
 */
export function periodOptions(granularity: ReportGranularity, latest: string, options: { today?: Day; selected?: string; locale?: string } = {}): PeriodOption[] {
  const start = periodFirstDay(granularity, latest);
  if (!start) return [];
  const keys: string[] = [];
  if (options.today) {
    const current = periodKey(options.today, granularity);
    if (current !== latest) keys.push(current);
  }
  let first = start;
  for (let i = 0; i < DEPTH[granularity]; i++) {
    keys.push(periodKey(first, granularity));
    first = periodStart(addDays(first, -1), granularity);
  }
  if (options.selected && !keys.includes(options.selected) && periodFirstDay(granularity, options.selected)) keys.push(options.selected);
  const current = options.today ? periodKey(options.today, granularity) : null;
  return keys.map((key) => ({ key, label: key === current ? `${periodLabel(granularity, key, options.locale)} (so far)` : periodLabel(granularity, key, options.locale) }));
}

/** A report's granularity: a built-in's fixed one, a custom report's from its definition. */
export function granularityOf(report: { kind: BuiltinReport } | { custom: CustomReport }): ReportGranularity {
  return 'kind' in report ? BUILTIN_GRANULARITY[report.kind] : report.custom.definition.granularity;
}

/** `day`'s period key at this granularity (for a default). */
export const keyOf = (granularity: ReportGranularity, day: Day): string => periodKey(day, granularity as Granularity);
