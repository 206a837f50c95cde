// Zero-filled time series of any metric of the registry (src/read/registry.ts), with an optional
// comparison series — the query object of GET /v1/metrics/series run through fixed steps: look up
// the metric's source in the registry, load that source for the range (period rows, rates, trials
// or payments), read one value per period, then run the same for the comparison range and pair
// the points by position. The range ends at the as-of day at the latest.
import type { Kysely } from 'kysely';
import { addDays, daysBetween, periodsBetween, shiftDayByMonths, type Granularity } from '../../core/dates.js';
import type { FxTable } from '../../core/fx.js';
import type { PeriodRow } from '../../core/period-metrics.js';
import { computeRateSeries, type PeriodRates } from '../../core/rates.js';
import type { TrialPeriodRow } from '../../core/trial-metrics.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';
import { clampDay, type AsOf } from '../clock.js';
import { clippedPeriods, loadPeriodRows } from '../periods/load.js';
import { METRICS, type MetricName } from '../registry.js';
import { loadTrialPeriods } from '../trials/load.js';
import type { Compare, SeriesPoint, SeriesResponse } from './contract.js';
import { paymentSumsByDay } from './query.js';
import { loadSuccessPeriods, type SuccessPeriod } from '../success-overview/series.js';

type Value = { value: number | null; reason?: string };
type PaymentPeriod = { succeeded: number; succeededCount: number; failed: number; failedCount: number };

/** How a value is read from each source. */
type Sources = { periods: PeriodRow; rates: PeriodRates; trials: TrialPeriodRow; payments: PaymentPeriod; success: SuccessPeriod };
type Reader<S extends keyof Sources> = (row: Sources[S]) => number | Value;

const v = (value: number | null): Value => ({ value });

/** The read of every registry metric, keyed by its name; its source (the row it reads) is the
 *  registry's, so a metric's name, unit and source exist once. */
export const SERIES_READERS: { [K in MetricName]: Reader<(typeof METRICS)[K]['source']> } = {
  mrr: (r) => r.mrr,
  arr: (r) => r.arr,
  customers: (r) => r.customers,
  arpa: (r) => r.arpa,
  new: (r) => r.movements.new,
  expansion: (r) => r.movements.expansion,
  contraction: (r) => r.movements.contraction,
  churn: (r) => r.movements.churn,
  reactivation: (r) => r.movements.reactivation,
  fx: (r) => r.movements.fx,
  net_new_mrr: (r) => r.netNewMrr,
  new_customers: (r) => r.newCustomers,
  churned_customers: (r) => r.churnedCustomers,
  reactivated_customers: (r) => r.reactivatedCustomers,
  customer_churn_rate: (r) => r.customerChurnRate,
  gross_mrr_churn_rate: (r) => r.grossMrrChurnRate,
  net_mrr_churn_rate: (r) => r.netMrrChurnRate,
  nrr: (r) => r.nrr,
  grr: (r) => r.grr,
  quick_ratio: (r) => r.quickRatio,
  mrr_growth: (r) => r.mrrGrowth,
  ltv: (r) => r.ltv,
  trials_started: (r) => v(r.started),
  trials_converted: (r) => v(r.converted),
  trial_conversion_rate: (r) => r.conversionRate,
  average_days_to_convert: (r) => v(r.averageDaysToConvert),
  active_trials: (r) => v(r.activeAtEnd),
  revenue_collected: (p) => v(p.succeeded),
  failed_payments: (p) => v(p.failedCount),
  payment_success_rate: (p) => (p.succeededCount + p.failedCount === 0 ? { value: null, reason: 'no payments in the period' } : v(p.succeededCount / (p.succeededCount + p.failedCount))),
  nps: (s) => s.nps,
  average_health: (s) => s.averageHealth,
  customers_at_risk: (s) => s.customersAtRisk,
  mrr_at_risk: (s) => s.mrrAtRisk,
  daily_active_users: (s) => s.dailyActiveUsers,
};

function asValue(read: number | Value): Value {
  return typeof read === 'number' ? { value: read } : read;
}

export type SeriesOptions = { grossMargin?: string; ltvChurnWindow?: number };

/** The range a comparison series covers: as many periods just before, or the same days a year
 *  earlier — equal spans, so a month to date compares with the same days of its counterpart. */
export function comparisonRange(from: Day, to: Day, granularity: Granularity, compare: Compare): { from: Day; to: Day } {
  if (compare === 'previous_year') return { from: shiftDayByMonths(from, -12), to: shiftDayByMonths(to, -12) };
  const n = periodsBetween(from, to, granularity).length;
  switch (granularity) {
    case 'day':
      return { from: addDays(from, -n), to: addDays(to, -n) };
    case 'week':
      return { from: addDays(from, -7 * n), to: addDays(to, -7 * n) };
    default: {
      const months = n * (granularity === 'month' ? 1 : granularity === 'quarter' ? 3 : 12);
      return { from: shiftDayByMonths(from, -months), to: shiftDayByMonths(to, -months) };
    }
  }
}

type Range = { from: Day; to: Day; granularity: Granularity; fx: FxTable | Promise<FxTable>; currency: string; asOf: AsOf };

async function points(db: Kysely<Database>, workspaceId: string, metric: MetricName, range: Range, options: SeriesOptions): Promise<SeriesPoint[]> {
  const source = METRICS[metric].source;
  const bounds = (p: { period: string; start: Day; end: Day }) => ({ period: p.period, start: p.start, end: p.end });
  if (source === 'periods' || source === 'rates') {
    const rows = await loadPeriodRows(db, workspaceId, range);
    if (source === 'periods') {
      const read = SERIES_READERS[metric] as Reader<'periods'>;
      return rows.map((r) => ({ ...bounds(r), ...asValue(read(r)) }));
    }
    const read = SERIES_READERS[metric] as Reader<'rates'>;
    const rates = computeRateSeries(rows, { granularity: range.granularity, ...(options.grossMargin ? { grossMargin: options.grossMargin } : {}), ltvChurnWindow: options.ltvChurnWindow ?? 1 });
    return rows.map((r, i) => ({ ...bounds(r), ...asValue(read(rates[i]!)) }));
  }
  const to = clampDay(range.to, range.asOf);
  if (to < range.from) return [];
  if (source === 'trials') {
    const read = SERIES_READERS[metric] as Reader<'trials'>;
    const rows = await loadTrialPeriods(db, workspaceId, { from: range.from, to, granularity: range.granularity }, range.asOf);
    return rows.map((r) => ({ ...bounds(r), ...asValue(read(r)) }));
  }
  if (source === 'success') {
    const read = SERIES_READERS[metric] as Reader<'success'>;
    const rows = await loadSuccessPeriods(db, workspaceId, metric, { from: range.from, to, granularity: range.granularity, fx: range.fx, until: range.asOf.at });
    return rows.map((r) => ({ ...bounds(r), ...asValue(read(r.value)) }));
  }
  const read = SERIES_READERS[metric] as Reader<'payments'>;
  const periods = clippedPeriods(range.from, to, range.granularity);
  const [fx, succeeded, failed] = await Promise.all([
    range.fx,
    paymentSumsByDay(db, workspaceId, 'succeeded', range.from, to),
    paymentSumsByDay(db, workspaceId, 'failed', range.from, to),
  ]);
  return periods.map((p) => {
    const within = <T extends { day: Day }>(rows: readonly T[]) => rows.filter((r) => r.day >= p.start && r.day <= p.end);
    const sum = (rows: readonly { day: Day; currency: string; amount: number }[]) => rows.reduce((s, r) => s + fx.convert(r.amount, r.currency, r.day), 0);
    const count = (rows: readonly { count: number }[]) => rows.reduce((s, r) => s + r.count, 0);
    const ok = within(succeeded);
    const ko = within(failed);
    return { period: p.key, start: p.start, end: p.end, ...asValue(read({ succeeded: sum(ok), succeededCount: count(ok), failed: sum(ko), failedCount: count(ko) })) };
  });
}

export type SeriesQuery = { metric: MetricName; granularity: Granularity; from: Day; to: Day; fx: FxTable | Promise<FxTable>; currency: string; compare?: Compare; asOf: AsOf };

export async function loadSeries(db: Kysely<Database>, workspaceId: string, query: SeriesQuery, options: SeriesOptions = {}): Promise<SeriesResponse> {
  const to = clampDay(query.to, query.asOf);
  const range: Range = { from: query.from, to, granularity: query.granularity, fx: query.fx, currency: query.currency, asOf: query.asOf };
  const other = query.compare && to >= query.from ? comparisonRange(query.from, to, query.granularity, query.compare) : null;
  const [main, previous] = await Promise.all([
    points(db, workspaceId, query.metric, range, options),
    other && daysBetween(other.from, other.to) >= 0 ? points(db, workspaceId, query.metric, { ...range, ...other }, options) : Promise.resolve([]),
  ]);
  const compare: SeriesResponse['compare'] = query.compare && other ? { kind: query.compare, ...other } : null;
  const paired: SeriesResponse['points'] = compare ? main.map((p, i) => ({ ...p, compare: previous[i] ?? null })) : main;
  return { metric: query.metric, unit: METRICS[query.metric].unit, granularity: query.granularity, currency: (await query.fx).reportingCurrency, from: query.from, to, points: paired, compare };
}
