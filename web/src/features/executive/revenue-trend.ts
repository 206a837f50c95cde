// The rows of the executive revenue trend: for each month of the range, the MRR movements as
// stacked bars (gains above zero, losses below, FX folded into neither) and MRR at the month's
// end as a line; then the projection's months with the forecast MRR and its 80% band. The
// projection line starts at the last actual month so the two lines join. Annotations are pinned
// to the month of their day. Pure; the chart is revenue-trend-chart.tsx.
import type { Month } from '../../lib/calendar.js';
import type { MovementPeriod } from '../metrics/series.js';

export type ForecastPoint = { month: Month; mrr: number; low: number; high: number };
export type TrendAnnotation = { id: string; day: string; title: string };

export type TrendRow = {
  month: Month;
  /** Movements (minor units, reporting currency); losses negative. Absent for projected months. */
  new?: number;
  expansion?: number;
  reactivation?: number;
  contraction?: number;
  churn?: number;
  fx?: number;
  netNew?: number;
  /** MRR at the month's end (or today, for the current month). */
  mrr?: number;
  /** The projection: the forecast MRR, and [low, high] of the band. */
  projected?: number;
  band?: [number, number];
  /** The month is still running (its figures are to date). */
  partial?: boolean;
  /** MRR of the comparison period's matching month (previous period or year), when comparing. */
  compareMrr?: number;
  annotations: TrendAnnotation[];
};

export function buildTrendRows(input: {
  periods: readonly MovementPeriod[];
  forecast: readonly ForecastPoint[];
  annotations: readonly TrendAnnotation[];
  /** The current month (UTC): its row is partial and the projection follows it. */
  currentMonth: Month;
  horizon: number;
  /** The comparison's MRR by month of the range (from the MRR series' compare points). */
  compareMrr?: ReadonlyMap<Month, number | null>;
}): TrendRow[] {
  const rows: TrendRow[] = input.periods.map((p) => {
    const month = p.period.slice(0, 7);
    return {
      month,
      new: p.movements.new,
      expansion: p.movements.expansion,
      reactivation: p.movements.reactivation,
      contraction: p.movements.contraction,
      churn: p.movements.churn,
      fx: p.movements.fx,
      netNew: p.netNewMrr,
      mrr: p.mrr,
      partial: month === input.currentMonth,
      annotations: [],
      ...(input.compareMrr?.get(month) != null ? { compareMrr: input.compareMrr.get(month)! } : {}),
    };
  });
  const last = rows.at(-1);
  if (last && last.month === input.currentMonth && last.mrr !== undefined) {
    const future = input.forecast.filter((f) => f.month > input.currentMonth).slice(0, input.horizon);
    if (future.length > 0) {
      last.projected = last.mrr;
      last.band = [last.mrr, last.mrr];
      for (const f of future) rows.push({ month: f.month, projected: f.mrr, band: [f.low, f.high], annotations: [] });
    }
  }
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  for (const a of [...input.annotations].sort((x, y) => x.day.localeCompare(y.day))) byMonth.get(a.day.slice(0, 7))?.annotations.push(a);
  return rows;
}

/** One sentence for screen readers: where MRR started and ended, and where it is projected. */
export function describeTrend(rows: readonly TrendRow[], format: (minor: number) => string, monthLabel: (m: Month) => string): string {
  const actual = rows.filter((r) => r.mrr !== undefined);
  const first = actual[0];
  const last = actual.at(-1);
  if (!first || !last) return 'No revenue in this range.';
  const projected = rows.filter((r) => r.mrr === undefined && r.projected !== undefined).at(-1);
  const parts = [`MRR went from ${format(first.mrr!)} in ${monthLabel(first.month)} to ${format(last.mrr!)} in ${monthLabel(last.month)}.`];
  if (projected) parts.push(`Projected ${format(projected.projected!)} by ${monthLabel(projected.month)} (80% range ${format(projected.band![0])} to ${format(projected.band![1])}).`);
  return parts.join(' ');
}

/** The scale of the movement bars: symmetric enough to show losses, rounded up. */
export function movementDomain(rows: readonly TrendRow[]): [number, number] {
  let up = 0;
  let down = 0;
  for (const r of rows) {
    up = Math.max(up, (r.new ?? 0) + (r.expansion ?? 0) + (r.reactivation ?? 0));
    down = Math.min(down, (r.contraction ?? 0) + (r.churn ?? 0));
  }
  if (up === 0 && down === 0) return [0, 1];
  return [down, up];
}

/** One marker per month with annotations, labelled with their numbers ("1, 2"). */
export function annotationMarkers(annotations: ReadonlyArray<{ day: string; number: number }>): Array<{ month: Month; label: string }> {
  const byMonth = new Map<Month, number[]>();
  for (const a of annotations) {
    const month = a.day.slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), a.number]);
  }
  return [...byMonth.entries()].map(([month, numbers]) => ({ month, label: numbers.join(', ') }));
}

/** A round step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × a power of ten) of at least `value`. */
export function niceStep(value: number, atLeast = 0): number {
  value = Math.max(value, atLeast);
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}

export type Axis = { domain: [number, number]; ticks: number[] };

/**
 * The two scales of the trend chart, with their zeros on one baseline and their grid lines at
 * the same heights: movements on the right (losses below zero), MRR on the left (its negative
 * ticks are left unlabelled).
 */
export function alignedAxes(mrrMax: number, barLow: number, barHigh: number): { mrr: Axis; moves: Axis } {
  let best: { mrr: Axis; moves: Axis; waste: number } | null = null;
  // Try 3 to 6 steps above zero; keep the one that leaves least empty space on both scales.
  for (let up = 3; up <= 6; up += 1) {
    const moveStep = Math.max(1, niceStep(Math.max(barHigh, 1) / up, Math.max(-barLow, 0) / up));
    const aboveMoves = Math.max(1, Math.ceil(barHigh / moveStep));
    const down = Math.max(0, Math.ceil(-barLow / moveStep));
    const mrrStep = Math.max(1, niceStep(Math.max(mrrMax, 1) / aboveMoves));
    const ticks = (step: number) => Array.from({ length: aboveMoves + down + 1 }, (_, i) => (i - down) * step + 0);
    const waste = 1 - Math.max(barHigh, 1) / (aboveMoves * moveStep) + (1 - Math.max(mrrMax, 1) / (aboveMoves * mrrStep));
    if (!best || waste < best.waste - 1e-9) {
      best = {
        moves: { domain: [down === 0 ? 0 : -down * moveStep, aboveMoves * moveStep], ticks: ticks(moveStep) },
        mrr: { domain: [down === 0 ? 0 : -down * mrrStep, aboveMoves * mrrStep], ticks: ticks(mrrStep) },
        waste,
      };
    }
  }
  return { mrr: best!.mrr, moves: best!.moves };
}

/** The highest MRR the chart draws (actual, projected or the top of the band). */
export function mrrCeiling(rows: readonly TrendRow[]): number {
  return Math.max(0, ...rows.map((r) => Math.max(r.mrr ?? 0, r.projected ?? 0, r.band?.[1] ?? 0)));
}
