// Shapes GET /v1/metrics/cohorts into the heatmap (newest cohort last, one column per month of
// age, null where the cohort has not reached that age yet) and the average retention curve of
// both kinds, for the chart beside it.
import { addMonths, formatMonth, monthOf, utcDay, type Month } from '../../lib/calendar.js';
import { heatStyle, type HeatStyle } from './heat-scale.js';
import type { CohortKind, Cohorts } from './schemas.js';

export type HeatCell = { age: number; retention: number | null; value: number | null; style: HeatStyle | null };
export type HeatRow = { cohort: string; label: string; customers: number; startMrr: number; cells: HeatCell[] };
export type Heatmap = { kind: CohortKind; ages: number[]; rows: HeatRow[]; average: HeatCell[] };

export function heatmap(data: Cohorts, locale?: string): Heatmap {
  const ages = Array.from({ length: data.maxAge + 1 }, (_, age) => age);
  const rows = [...data.cohorts]
    .sort((a, b) => (a.cohort < b.cohort ? -1 : 1))
    .map((c) => ({
      cohort: c.cohort,
      label: formatMonth(c.cohort, locale),
      customers: c.customers,
      startMrr: c.startMrr,
      cells: ages.map((age) => {
        const retention = c.retention[age] ?? null;
        return { age, retention, value: c.values[age] ?? null, style: heatStyle(retention) };
      }),
    }));
  const byAge = new Map(data.average.map((a) => [a.age, a]));
  const average = ages.map((age) => {
    const retention = byAge.get(age)?.retention ?? null;
    return { age, retention, value: null, style: heatStyle(retention) };
  });
  return { kind: data.kind, ages, rows, average };
}

export type CurvePoint = { age: number; label: string; logo: number | null; revenue: number | null; cohorts: number };

/** The average curve of each kind by age (a missing kind is null throughout). */
export function averageCurve(logo: Cohorts | undefined, revenue: Cohorts | undefined): CurvePoint[] {
  const maxAge = Math.max(logo?.maxAge ?? -1, revenue?.maxAge ?? -1);
  const at = (data: Cohorts | undefined, age: number) => data?.average.find((a) => a.age === age);
  return Array.from({ length: maxAge + 1 }, (_, age) => ({
    age,
    label: `M${age}`,
    logo: at(logo, age)?.retention ?? null,
    revenue: at(revenue, age)?.retention ?? null,
    cohorts: Math.max(at(logo, age)?.cohorts ?? 0, at(revenue, age)?.cohorts ?? 0),
  }));
}

export const COHORT_SPANS = [12, 24, 36] as const;
export type CohortSpan = (typeof COHORT_SPANS)[number];

/** The cohorts of the last `span` months before this one and this one, followed up to `span` months. */
export function cohortRange(span: CohortSpan, now: Date): { from: Month; to: Month; maxAge: number } {
  const to = monthOf(utcDay(now));
  return { from: addMonths(to, -span), to, maxAge: span };
}

/** "Month 3 of the Mar 2025 cohort: 87.5% (28 of 32 customers)". */
export function cellLabel(row: HeatRow, cell: HeatCell, kind: CohortKind, formatPercent: (v: number) => string, formatValue: (v: number) => string): string {
  if (cell.retention === null) return `Month ${cell.age} of the ${row.label} cohort: not reached yet`;
  const base = kind === 'logo' ? `${cell.value ?? 0} of ${row.customers} customers` : `${formatValue(cell.value ?? 0)} of ${formatValue(row.startMrr)} MRR`;
  return `Month ${cell.age} of the ${row.label} cohort: ${formatPercent(cell.retention)} (${base})`;
}
