// Shapes GET /v1/metrics/cohorts into the heatmap (oldest cohort first, one column per month of
// age, null where the cohort has not reached that age yet) and the average retention curve of
// both kinds, for the chart beside it. An average pooled by fewer than `minAverageCohorts`
// cohorts is flagged by the API (`fewCohorts`) and marked wherever it is shown.
import type { CohortKind, CohortsResponse } from '@read/cohorts/contract.js';
import { addMonths, formatMonth, monthOf, utcDay, type Month } from '../../lib/calendar.js';
import { heatStyle, type HeatStyle } from './heat-scale.js';

export type HeatCell = { age: number; retention: number | null; value: number | null; style: HeatStyle | null };
export type HeatRow = { cohort: string; label: string; customers: number; startMrr: number; cells: HeatCell[] };
export type AverageCell = HeatCell & { cohorts: number; fewCohorts: boolean };
export type Heatmap = { kind: CohortKind; ages: number[]; rows: HeatRow[]; average: AverageCell[]; minAverageCohorts: number };

export function heatmap(data: CohortsResponse, locale?: string): Heatmap {
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
    const a = byAge.get(age);
    const retention = a?.retention ?? null;
    return { age, retention, value: null, style: heatStyle(retention), cohorts: a?.cohorts ?? 0, fewCohorts: a?.fewCohorts ?? true };
  });
  return { kind: data.kind, ages, rows, average, minAverageCohorts: data.minAverageCohorts };
}

export type CurvePoint = {
  age: number;
  label: string;
  /** Averages pooled by enough cohorts (solid line); null where few cohorts reached the age. */
  logo: number | null;
  revenue: number | null;
  /** The same averages where few cohorts reached the age, joined to the last solid point (dashed line). */
  logoFew: number | null;
  revenueFew: number | null;
  cohorts: number;
  fewCohorts: boolean;
};

/** The average curve of each kind by age (a missing kind is null throughout). */
export function averageCurve(logo: CohortsResponse | undefined, revenue: CohortsResponse | undefined): CurvePoint[] {
  const maxAge = Math.max(logo?.maxAge ?? -1, revenue?.maxAge ?? -1);
  const at = (data: CohortsResponse | undefined, age: number) => data?.average.find((a) => a.age === age);
  const points = Array.from({ length: maxAge + 1 }, (_, age) => {
    const l = at(logo, age);
    const r = at(revenue, age);
    const cohorts = Math.max(l?.cohorts ?? 0, r?.cohorts ?? 0);
    const fewCohorts = (l?.fewCohorts ?? true) && (r?.fewCohorts ?? true);
    const lv = l?.retention ?? null;
    const rv = r?.retention ?? null;
    return { age, label: `M${age}`, logo: fewCohorts ? null : lv, revenue: fewCohorts ? null : rv, logoFew: fewCohorts ? lv : null, revenueFew: fewCohorts ? rv : null, cohorts, fewCohorts };
  });
  // The dashed part starts at the last solid point, so the two lines meet.
  const firstFew = points.findIndex((p) => p.fewCohorts);
  if (firstFew > 0) {
    const joint = points[firstFew - 1]!;
    joint.logoFew = joint.logo;
    joint.revenueFew = joint.revenue;
  }
  return points;
}

/** "M21–M23": the ages averaged by fewer than the minimum of cohorts, as ranges. */
export function fewCohortAges(ages: readonly { age: number; fewCohorts: boolean; cohorts: number }[]): string {
  const ranges: [number, number][] = [];
  for (const a of ages) {
    if (!a.fewCohorts || a.cohorts === 0) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === a.age - 1) last[1] = a.age;
    else ranges.push([a.age, a.age]);
  }
  return ranges.map(([from, to]) => (from === to ? `M${from}` : `M${from}–M${to}`)).join(', ');
}

export const COHORT_SPANS = [12, 24, 36] as const;
export type CohortSpan = (typeof COHORT_SPANS)[number];

/** "Last N months": exactly N cohorts — this month and the N − 1 before it — followed from M0
 *  to M(N − 1), the oldest cohort's age this month. */
export function cohortRange(span: CohortSpan, now: Date): { from: Month; to: Month; maxAge: number } {
  const to = monthOf(utcDay(now));
  return { from: addMonths(to, -(span - 1)), to, maxAge: span - 1 };
}

/** "Month 3 of the Mar 2025 cohort: 87.5% (28 of 32 customers)". */
export function cellLabel(row: HeatRow, cell: HeatCell, kind: CohortKind, formatPercent: (v: number) => string, formatValue: (v: number) => string): string {
  if (row.customers === 0) return `${row.label}: no customer first paid this month`;
  if (cell.retention === null) return `Month ${cell.age} of the ${row.label} cohort: not reached yet`;
  const base = kind === 'logo' ? `${cell.value ?? 0} of ${row.customers} customers` : `${formatValue(cell.value ?? 0)} of ${formatValue(row.startMrr)} MRR`;
  return `Month ${cell.age} of the ${row.label} cohort: ${formatPercent(cell.retention)} (${base})`;
}

/** "Month 22, 2 cohorts: 61.0% (fewer than 3 cohorts)". */
export function averageLabel(cell: AverageCell, minimum: number, formatPercent: (v: number) => string): string {
  if (cell.retention === null) return `Month ${cell.age}: no cohort has reached it`;
  const pooled = `${cell.cohorts} cohort${cell.cohorts === 1 ? '' : 's'}`;
  return `Month ${cell.age}, weighted average of ${pooled}: ${formatPercent(cell.retention)}${cell.fewCohorts ? ` (fewer than ${minimum} cohorts: read with care)` : ''}`;
}
