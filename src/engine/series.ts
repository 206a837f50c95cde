// Zero-filled time series of any metric of the engine, with an optional comparison series —
// the query object of GET /v1/metrics/series run through fixed steps: resolve the metric, load
// its source for the range (period rows, rates, trials or payments), read one value per period,
// then run the same for the comparison range and pair the points by position.
import type { FxTable } from '../core/fx.js';
import type { PeriodRow } from '../core/period-metrics.js';
import { addDays, addMonths, daysBetween, lastDayOfMonth, monthOf, periodsBetween, type Granularity } from '../core/dates.js';
import { computeRateSeries, type PeriodRates } from '../core/rates.js';
import { computeTrialPeriods, type TrialPeriodRow } from '../core/trial-metrics.js';
import type { Day } from '../core/types.js';
import type { Kysely } from 'kysely';
import { paymentSumsByDay, trialsRelevantTo } from '../store/metrics-read-repo.js';
import type { Database } from '../store/schema.js';
import { clippedPeriods, loadPeriodRows } from './period-series.js';
import { ASSUMED_TRIAL_DAYS } from './summary.js';

export type Unit = 'money' | 'count' | 'ratio' | 'days';
type Value = { value: number | null; reason?: string };

type MetricDef =
  | { unit: Unit; source: 'periods'; read: (row: PeriodRow) => number }
  | { unit: Unit; source: 'rates'; read: (rates: PeriodRates) => Value }
  | { unit: Unit; source: 'trials'; read: (row: TrialPeriodRow) => Value }
  | { unit: Unit; source: 'payments'; read: (p: PaymentPeriod) => Value };

type PaymentPeriod = { succeeded: number; succeededCount: number; failed: number; failedCount: number };

const v = (value: number | null): Value => ({ value });

/** Every metric a series can be drawn for; definitions in docs/metrics.md. */
export const SERIES_METRICS = {
  mrr: { unit: 'money', source: 'periods', read: (r) => r.mrr },
  arr: { unit: 'money', source: 'periods', read: (r) => r.arr },
  customers: { unit: 'count', source: 'periods', read: (r) => r.customers },
  arpa: { unit: 'money', source: 'periods', read: (r) => r.arpa },
  new: { unit: 'money', source: 'periods', read: (r) => r.movements.new },
  expansion: { unit: 'money', source: 'periods', read: (r) => r.movements.expansion },
  contraction: { unit: 'money', source: 'periods', read: (r) => r.movements.contraction },
  churn: { unit: 'money', source: 'periods', read: (r) => r.movements.churn },
  reactivation: { unit: 'money', source: 'periods', read: (r) => r.movements.reactivation },
  fx: { unit: 'money', source: 'periods', read: (r) => r.movements.fx },
  net_new_mrr: { unit: 'money', source: 'periods', read: (r) => r.netNewMrr },
  new_customers: { unit: 'count', source: 'periods', read: (r) => r.newCustomers },
  churned_customers: { unit: 'count', source: 'periods', read: (r) => r.churnedCustomers },
  reactivated_customers: { unit: 'count', source: 'periods', read: (r) => r.reactivatedCustomers },
  customer_churn_rate: { unit: 'ratio', source: 'rates', read: (r) => r.customerChurnRate },
  gross_mrr_churn_rate: { unit: 'ratio', source: 'rates', read: (r) => r.grossMrrChurnRate },
  net_mrr_churn_rate: { unit: 'ratio', source: 'rates', read: (r) => r.netMrrChurnRate },
  nrr: { unit: 'ratio', source: 'rates', read: (r) => r.nrr },
  grr: { unit: 'ratio', source: 'rates', read: (r) => r.grr },
  quick_ratio: { unit: 'ratio', source: 'rates', read: (r) => r.quickRatio },
  mrr_growth: { unit: 'ratio', source: 'rates', read: (r) => r.mrrGrowth },
  ltv: { unit: 'money', source: 'rates', read: (r) => r.ltv },
  trials_started: { unit: 'count', source: 'trials', read: (r) => v(r.started) },
  trials_converted: { unit: 'count', source: 'trials', read: (r) => v(r.converted) },
  trial_conversion_rate: { unit: 'ratio', source: 'trials', read: (r) => r.conversionRate },
  average_days_to_convert: { unit: 'days', source: 'trials', read: (r) => v(r.averageDaysToConvert) },
  active_trials: { unit: 'count', source: 'trials', read: (r) => v(r.activeAtEnd) },
  revenue_collected: { unit: 'money', source: 'payments', read: (p) => v(p.succeeded) },
  failed_payments: { unit: 'count', source: 'payments', read: (p) => v(p.failedCount) },
  payment_success_rate: {
    unit: 'ratio',
    source: 'payments',
    read: (p) => (p.succeededCount + p.failedCount === 0 ? { value: null, reason: 'no payments in the period' } : v(p.succeededCount / (p.succeededCount + p.failedCount))),
  },
} as const satisfies Record<string, MetricDef>;

export type SeriesMetric = keyof typeof SERIES_METRICS;
export const SERIES_METRIC_NAMES = Object.keys(SERIES_METRICS) as [SeriesMetric, ...SeriesMetric[]];
export type Compare = 'previous_period' | 'previous_year';

export type SeriesPoint = { period: string; start: Day; end: Day; value: number | null; reason?: string };
export type Series = {
  metric: SeriesMetric;
  unit: Unit;
  granularity: Granularity;
  currency: string;
  from: Day;
  to: Day;
  points: (SeriesPoint & { compare?: SeriesPoint | null })[];
  compare: { kind: Compare; from: Day; to: Day } | null;
};

export type SeriesOptions = { grossMargin?: string; ltvChurnWindow?: number };

function shiftMonths(day: Day, months: number): Day {
  const month = addMonths(monthOf(day), months);
  const last = lastDayOfMonth(month);
  const shifted = `${month}-${day.slice(8, 10)}`;
  return shifted > last ? last : shifted;
}

/** The range a comparison series covers. */
export function comparisonRange(from: Day, to: Day, granularity: Granularity, compare: Compare): { from: Day; to: Day } {
  if (compare === 'previous_year') return { from: shiftMonths(from, -12), to: shiftMonths(to, -12) };
  const n = periodsBetween(from, to, granularity).length;
  switch (granularity) {
    case 'day':
      return { from: addDays(from, -n), to: addDays(to, -n) };
    case 'week':
      return { from: addDays(from, -7 * n), to: addDays(to, -7 * n) };
    default: {
      const months = n * (granularity === 'month' ? 1 : granularity === 'quarter' ? 3 : 12);
      return { from: shiftMonths(from, -months), to: shiftMonths(to, -months) };
    }
  }
}

async function points(
  db: Kysely<Database>,
  workspaceId: string,
  metric: SeriesMetric,
  range: { from: Day; to: Day; granularity: Granularity; fx: FxTable | Promise<FxTable>; currency: string },
  options: SeriesOptions,
): Promise<SeriesPoint[]> {
  const def: MetricDef = SERIES_METRICS[metric];
  const bounds = (p: { period: string; start: Day; end: Day }) => ({ period: p.period, start: p.start, end: p.end });
  if (def.source === 'periods' || def.source === 'rates') {
    const rows = await loadPeriodRows(db, workspaceId, range);
    if (def.source === 'periods') return rows.map((r) => ({ ...bounds(r), value: def.read(r) }));
    const rates = computeRateSeries(rows, { granularity: range.granularity, ...(options.grossMargin ? { grossMargin: options.grossMargin } : {}), ltvChurnWindow: options.ltvChurnWindow ?? 1 });
    return rows.map((r, i) => ({ ...bounds(r), ...def.read(rates[i]!) }));
  }
  if (def.source === 'trials') {
    const trials = await trialsRelevantTo(db, workspaceId, range.from, range.to, ASSUMED_TRIAL_DAYS);
    return computeTrialPeriods(trials, { ...range, assumedTrialDays: ASSUMED_TRIAL_DAYS }).map((r) => ({ ...bounds(r), ...def.read(r) }));
  }
  const periods = clippedPeriods(range.from, range.to, range.granularity);
  const [fx, succeeded, failed] = await Promise.all([
    range.fx,
    paymentSumsByDay(db, workspaceId, 'succeeded', range.from, range.to),
    paymentSumsByDay(db, workspaceId, 'failed', range.from, range.to),
  ]);
  return periods.map((p) => {
    const within = <T extends { day: Day }>(rows: readonly T[]) => rows.filter((r) => r.day >= p.start && r.day <= p.end);
    const sum = (rows: readonly { day: Day; currency: string; amount: number }[]) => rows.reduce((s, r) => s + fx.convert(r.amount, r.currency, r.day), 0);
    const count = (rows: readonly { count: number }[]) => rows.reduce((s, r) => s + r.count, 0);
    const ok = within(succeeded);
    const ko = within(failed);
    return { period: p.key, start: p.start, end: p.end, ...def.read({ succeeded: sum(ok), succeededCount: count(ok), failed: sum(ko), failedCount: count(ko) }) };
  });
}

export async function loadSeries(
  db: Kysely<Database>,
  workspaceId: string,
  query: { metric: SeriesMetric; granularity: Granularity; from: Day; to: Day; fx: FxTable | Promise<FxTable>; currency: string; compare?: Compare },
  options: SeriesOptions = {},
): Promise<Series> {
  const range = { from: query.from, to: query.to, granularity: query.granularity, fx: query.fx, currency: query.currency };
  const other = query.compare ? comparisonRange(query.from, query.to, query.granularity, query.compare) : null;
  const [main, previous] = await Promise.all([
    points(db, workspaceId, query.metric, range, options),
    other && daysBetween(other.from, other.to) >= 0 ? points(db, workspaceId, query.metric, { ...range, ...other }, options) : Promise.resolve([]),
  ]);
  const compare: Series['compare'] = query.compare && other ? { kind: query.compare, ...other } : null;
  const paired: Series['points'] = compare ? main.map((p, i) => ({ ...p, compare: previous[i] ?? null })) : main;
  return { metric: query.metric, unit: SERIES_METRICS[query.metric].unit, granularity: query.granularity, currency: (await query.fx).reportingCurrency, from: query.from, to: query.to, points: paired, compare };
}
