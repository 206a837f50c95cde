// How a report turns the read side's answers into its figures: a registry metric's series (the
// one read of GET /v1/metrics/series), a figure with its label and unit from the registry, and a
// KPI — the figure, what it is compared with and the change. Headline money figures the FX table
// cannot make whole (MRR in a currency no rate converts) are null with the reason, never a
// silently partial number; the tables beside them keep the dashboard's figures and say so.
import type { Granularity } from '../../core/dates.js';
import { kpiChangeOf } from '../../core/report-summary.js';
import type { Day } from '../../core/types.js';
import { METRICS, type MetricName, type MetricUnit } from '../../read/registry.js';
import type { ReportFigure, ReportKpi } from '../../read/reports/contract.js';
import type { Compare, SeriesPoint, SeriesResponse } from '../../read/series/contract.js';
import { loadSeries } from '../../read/series/load.js';
import type { BuildContext } from './context.js';

/** Metrics whose rise is bad news. */
export const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set<MetricName>([
  'contraction', 'churn', 'churned_customers', 'customer_churn_rate', 'gross_mrr_churn_rate', 'net_mrr_churn_rate', 'failed_payments', 'customers_at_risk', 'mrr_at_risk',
]);

/** Movements the ledger keeps negative that a headline shows as the amount lost ("Churned MRR
 *  $2,140.50"), so a rise in them reads as a rise. Movement tables keep the ledger's sign. */
export const SHOWN_AS_LOSS: ReadonlySet<MetricName> = new Set<MetricName>(['contraction', 'churn']);

export type Value = { value: number | null; reason?: string | undefined };

const flip = (v: number | null) => (v === null || v === 0 ? v : -v);

/** A registry metric's value as a headline shows it (losses as positive amounts). */
export function shown(metric: MetricName, value: number | null): number | null {
  return SHOWN_AS_LOSS.has(metric) ? flip(value) : value;
}

export function valueOf(point: SeriesPoint | null | undefined): Value {
  if (!point) return { value: null, reason: 'no data for the period' };
  return point.reason === undefined ? { value: point.value } : { value: point.value, reason: point.reason };
}

/** A figure that is not a registry metric (a target, a share), or one with its own label. */
export function figure(ctx: BuildContext, input: { metric: string | null; label: string; unit: MetricUnit; value: number | null; reason?: string | undefined }): ReportFigure {
  const gap = input.unit === 'money' && input.value !== null ? ctx.fxGap : null;
  const value = gap ? null : input.value;
  const reason = gap ? gap.reason : input.value === null ? (input.reason ?? 'not available') : undefined;
  return {
    metric: input.metric,
    label: input.label,
    unit: input.unit,
    value,
    currency: input.unit === 'money' ? ctx.currency : null,
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** A registry metric's figure: its label and unit from the registry. */
export function metricFigure(ctx: BuildContext, metric: MetricName, v: Value): ReportFigure {
  const def = METRICS[metric];
  return figure(ctx, { metric, label: def.label, unit: def.unit, value: shown(metric, v.value), reason: v.reason });
}

/** A KPI: `previous` is dropped with the figure's value (an FX gap), so change is never half-known. */
export function kpi(f: ReportFigure, previous: number | null, comparedWith: string | null, lowerIsBetter = f.metric !== null && LOWER_IS_BETTER.has(f.metric as MetricName)): ReportKpi {
  const before = f.value === null ? null : previous;
  return { figure: f, previous: before, change: kpiChangeOf(f.unit, f.value, before), comparedWith: before === null ? null : comparedWith, lowerIsBetter };
}

/** A registry metric as a KPI: its value and the previous one, both as the series reads them. */
export function metricKpi(ctx: BuildContext, metric: MetricName, current: Value, previous: Value, comparedWith: string): ReportKpi {
  return kpi(metricFigure(ctx, metric, current), shown(metric, previous.value), comparedWith);
}

export type SeriesRange = { from: Day; to: Day; granularity: Granularity; compare?: Compare };

/** A registry metric over a range, read exactly as GET /v1/metrics/series reads it (as of the request). */
export function readSeries(ctx: BuildContext, metric: MetricName, range: SeriesRange): Promise<SeriesResponse> {
  return loadSeries(ctx.db, ctx.workspace.id, {
    metric, granularity: range.granularity, from: range.from, to: range.to, fx: ctx.fx, currency: ctx.currency, asOf: ctx.asOf,
    ...(range.compare ? { compare: range.compare } : {}),
  });
}

/** Several metrics over one range, by name. */
export async function readMany<M extends MetricName>(ctx: BuildContext, metrics: readonly M[], range: SeriesRange): Promise<Record<M, SeriesResponse>> {
  const answers = await Promise.all(metrics.map((m) => readSeries(ctx, m, range)));
  return Object.fromEntries(metrics.map((m, i) => [m, answers[i]!])) as Record<M, SeriesResponse>;
}

/** The value of a one-period read (the period itself, or its comparison). */
export function single(series: SeriesResponse, which: 'value' | 'compare' = 'value'): Value {
  const point = series.points[0];
  return which === 'value' ? valueOf(point) : valueOf(point?.compare ?? null);
}

export type Pair = { now: Value; before: Value };

/**
 * Each metric's value in the report's period and in what it is compared with (ctx.previous):
 * taken from `trend` (series of the report's granularity ending with the period) when it holds
 * both as whole periods, else read over the period with its comparison (a period to date against
 * the same days of the one before).
 */
export async function periodPairs<M extends MetricName>(ctx: BuildContext, metrics: readonly M[], trend: Partial<Record<M, SeriesResponse>> = {}): Promise<Record<M, Pair>> {
  const fromTrend = (s: SeriesResponse | undefined): Pair | null => {
    if (!s || s.granularity !== ctx.granularity) return null;
    const now = s.points.find((p) => p.start === ctx.period.from && p.end === ctx.period.to);
    const before = s.points.find((p) => p.start === ctx.previous.from && p.end === ctx.previous.to);
    return now && before ? { now: valueOf(now), before: valueOf(before) } : null;
  };
  const pairs = await Promise.all(metrics.map(async (m): Promise<Pair> => {
    const known = fromTrend(trend[m]);
    if (known) return known;
    const s = await readSeries(ctx, m, { from: ctx.period.from, to: ctx.period.to, granularity: ctx.granularity, compare: 'previous_period' });
    return { now: single(s), before: single(s, 'compare') };
  }));
  return Object.fromEntries(metrics.map((m, i) => [m, pairs[i]!])) as Record<M, Pair>;
}
