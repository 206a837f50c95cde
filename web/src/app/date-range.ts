// The global date range and comparison, as they live in the URL so a view can be shared:
//   ?range=30d|90d|6m|12m|ytd|24m          a preset, resolved against today (UTC)
//   ?from=YYYY-MM-DD&to=YYYY-MM-DD         a custom range (both days included)
//   ?compare=previous_period|previous_year  the comparison (absent: none)
// Anything malformed falls back to the default (the last 12 months, no comparison) rather than
// failing: a shared link with a typo still opens. Pure; the hook is use-date-range.ts.
import { addDays, addMonths, daysBetween, eachMonth, firstDayOf, formatDay, formatMonth, isDay, lastDayOf, monthOf, type Day, type Month } from '../lib/calendar.js';

export { addDays } from '../lib/calendar.js';

export const RANGE_PRESETS = [
  { key: '30d', label: 'Last 30 days' },
  { key: '90d', label: 'Last 90 days' },
  { key: '6m', label: 'Last 6 months' },
  { key: '12m', label: 'Last 12 months' },
  { key: 'ytd', label: 'Year to date' },
  { key: '24m', label: 'Last 24 months' },
] as const;

export type RangePreset = (typeof RANGE_PRESETS)[number]['key'];
export type Comparison = 'none' | 'previous_period' | 'previous_year';
export type Granularity = 'day' | 'month';

export const DEFAULT_PRESET: RangePreset = '12m';

export const COMPARISONS: ReadonlyArray<{ key: Comparison; label: string }> = [
  { key: 'none', label: 'No comparison' },
  { key: 'previous_period', label: 'Previous period' },
  { key: 'previous_year', label: 'Previous year' },
];

export type DateRange = {
  preset: RangePreset | 'custom';
  from: Day;
  to: Day;
  /** The calendar months the range touches (for monthly charts). */
  months: Month[];
  /** What suits a chart of this range: days up to ~3 months, months beyond. */
  granularity: Granularity;
  /** True when the range ends today: live figures apply. */
  endsToday: boolean;
};

export type RangeSelection = { range: DateRange; compare: Comparison };

const MAX_DAYS = 3_700;

function isDayParam(value: string | null): value is Day {
  return value !== null && isDay(value);
}

function isPreset(value: string | null): value is RangePreset {
  return RANGE_PRESETS.some((p) => p.key === value);
}

function presetBounds(preset: RangePreset, today: Day): { from: Day; to: Day } {
  switch (preset) {
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case '6m':
      return { from: firstDayOf(addMonths(monthOf(today), -5)), to: today };
    case '12m':
      return { from: firstDayOf(addMonths(monthOf(today), -11)), to: today };
    case '24m':
      return { from: firstDayOf(addMonths(monthOf(today), -23)), to: today };
    case 'ytd':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

function build(preset: DateRange['preset'], from: Day, to: Day, today: Day): DateRange {
  return {
    preset,
    from,
    to,
    months: eachMonth(monthOf(from), monthOf(to)),
    granularity: daysBetween(from, to) <= 92 ? 'day' : 'month',
    endsToday: to === today,
  };
}

/** Reads the range and comparison from a query string (`?range=…`), given today's UTC day. */
export function parseRangeSelection(search: string, today: Day): RangeSelection {
  const params = new URLSearchParams(search);
  const compareParam = params.get('compare');
  const compare: Comparison = compareParam === 'previous_period' || compareParam === 'previous_year' ? compareParam : 'none';
  const from = params.get('from');
  const to = params.get('to');
  if (isDayParam(from) && isDayParam(to) && from <= to && to <= today && daysBetween(from, to) < MAX_DAYS) {
    return { range: build('custom', from, to, today), compare };
  }
  const presetParam = params.get('range');
  const preset = isPreset(presetParam) ? presetParam : DEFAULT_PRESET;
  const bounds = presetBounds(preset, today);
  return { range: build(preset, bounds.from, bounds.to, today), compare };
}

/** The query parameters that describe a selection (defaults omitted, so plain links stay short). */
export function rangeParams(selection: { preset: DateRange['preset']; from?: Day; to?: Day; compare: Comparison }): Record<string, string | undefined> {
  const custom = selection.preset === 'custom';
  return {
    range: custom || selection.preset === DEFAULT_PRESET ? undefined : selection.preset,
    from: custom ? selection.from : undefined,
    to: custom ? selection.to : undefined,
    compare: selection.compare === 'none' ? undefined : selection.compare,
  };
}

/** The period the comparison measures against: the same length just before, or a year earlier. */
export function comparisonBounds(range: DateRange, compare: Comparison): { from: Day; to: Day } | null {
  if (compare === 'none') return null;
  if (compare === 'previous_year') return { from: addMonthsToDay(range.from, -12), to: addMonthsToDay(range.to, -12) };
  const length = daysBetween(range.from, range.to);
  const to = addDays(range.from, -1);
  return { from: addDays(to, -length), to };
}

function addMonthsToDay(day: Day, count: number): Day {
  const month = addMonths(monthOf(day), count);
  const last = lastDayOf(month);
  const candidate = `${month}-${day.slice(8)}`;
  return candidate > last ? last : candidate;
}

/** "Last 12 months" for a preset; "Mar 3, 2025 – Jun 1, 2025" for a custom range. */
export function rangeLabel(range: DateRange, locale?: string): string {
  if (range.preset !== 'custom') return RANGE_PRESETS.find((p) => p.key === range.preset)!.label;
  return `${formatDay(range.from, locale)} – ${formatDay(range.to, locale)}`;
}

/** "vs Mar 2024 – Feb 2025" style label of the comparison period, or null. */
export function comparisonLabel(range: DateRange, compare: Comparison, locale?: string): string | null {
  const bounds = comparisonBounds(range, compare);
  if (!bounds) return null;
  if (range.granularity === 'month') return `vs ${formatMonth(monthOf(bounds.from), locale)} – ${formatMonth(monthOf(bounds.to), locale)}`;
  return `vs ${formatDay(bounds.from, locale)} – ${formatDay(bounds.to, locale)}`;
}
