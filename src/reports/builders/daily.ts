// The daily CEO e-mail: the period day's key metrics against the day before, the last 7 days
// against the 7 before (two small tables) with a 30-day MRR chart, the open alerts most urgent
// first, and progress to the month's MRR target. Every figure is a registry metric's daily series
// (GET /v1/metrics/series?granularity=day), read once over the 30 days ending on the period day.
import { addDays } from '../../core/dates.js';
import { alertsSentence, dayActivitySentence, dayMrrSentence, relativeChange } from '../../core/report-summary.js';
import type { Day } from '../../core/types.js';
import type { MetricName } from '../../read/registry.js';
import { METRICS } from '../../read/registry.js';
import type { ReportRow, ReportSection } from '../../read/reports/contract.js';
import type { SeriesResponse } from '../../read/series/contract.js';
import { dayLabel, spanLabel } from '../period.js';
import { urgentAlerts } from './alerts.js';
import type { BuildContext, BuiltReport } from './context.js';
import { metricKpi, readMany, shown, valueOf, type Value } from './figures.js';
import { targetSection } from './target.js';

const KEY_METRICS = ['mrr', 'net_new_mrr', 'new', 'churn', 'new_customers', 'churned_customers', 'revenue_collected', 'failed_payments'] as const;
type KeyMetric = (typeof KEY_METRICS)[number];
const MONEY_TRENDS: readonly KeyMetric[] = ['mrr', 'net_new_mrr', 'new', 'churn', 'revenue_collected'];
const COUNT_TRENDS: readonly KeyMetric[] = ['new_customers', 'churned_customers', 'failed_payments'];

const at = (series: SeriesResponse, day: Day): Value => valueOf(series.points.find((p) => p.start === day));

/** A window's figure: a level at its last day, a flow summed over its days (null if any day is). */
function windowValue(metric: MetricName, series: SeriesResponse, from: Day, to: Day): number | null {
  if (METRICS[metric].shape === 'level') return at(series, to).value;
  let sum = 0;
  for (const p of series.points.filter((q) => q.start >= from && q.start <= to)) {
    if (p.value === null) return null;
    sum += p.value;
  }
  return sum;
}

function trendTable(ctx: BuildContext, id: string, subject: string, metrics: readonly KeyMetric[], all: Record<KeyMetric, SeriesResponse>, day: Day, money: boolean) {
  const unit = money ? ('money' as const) : ('count' as const);
  const rows: ReportRow[] = metrics.map((m) => {
    const last = shown(m, windowValue(m, all[m], addDays(day, -6), day));
    const before = shown(m, windowValue(m, all[m], addDays(day, -13), addDays(day, -7)));
    const label = METRICS[m].shape === 'level' ? `${METRICS[m].label} (at the end)` : METRICS[m].label;
    return { metric: label, last7: last, previous7: before, change: relativeChange(last, before) };
  });
  return {
    type: 'table' as const,
    table: {
      id, title: `${subject}: ${spanLabel(addDays(day, -6), day)} against ${spanLabel(addDays(day, -13), addDays(day, -7))}`, currency: money ? ctx.currency : null,
      columns: [
        { key: 'metric', label: 'Metric', unit: 'text' as const },
        { key: 'last7', label: 'Last 7 days', unit },
        { key: 'previous7', label: '7 days before', unit },
        { key: 'change', label: 'Change', unit: 'ratio' as const },
      ],
      rows,
      total: null,
      note: money ? 'Churned MRR is the MRR lost to churn, shown as a positive amount.' : null,
    },
  };
}

export async function buildDaily(ctx: BuildContext): Promise<BuiltReport> {
  const day = ctx.period.to;
  const before = ctx.previous.to;
  const [all, alerts, target] = await Promise.all([
    readMany(ctx, KEY_METRICS, { from: addDays(day, -29), to: day, granularity: 'day' }),
    urgentAlerts(ctx),
    targetSection(ctx),
  ]);
  const vs = ctx.versus;
  const kpis = KEY_METRICS.map((m) => metricKpi(ctx, m, at(all[m], day), at(all[m], before), vs));
  const byMetric = Object.fromEntries(KEY_METRICS.map((m, i) => [m, kpis[i]!.figure.value])) as Record<KeyMetric, number | null>;
  const mrrPoints = all.mrr.points;

  const sections: ReportSection[] = [
    { id: 'key-metrics', title: `Key metrics, ${ctx.period.label}`, note: null, blocks: [{ type: 'kpis', kpis }] },
    {
      id: 'trends',
      title: 'Weekly trends',
      note: null,
      blocks: [
        trendTable(ctx, 'trends-revenue', 'Revenue', MONEY_TRENDS, all, day, true),
        trendTable(ctx, 'trends-customers', 'Customers and payments', COUNT_TRENDS, all, day, false),
        {
          type: 'chart',
          chart: {
            id: 'mrr-30-days', title: 'MRR, last 30 days', kind: 'line', unit: 'money', currency: ctx.currency,
            categories: mrrPoints.map((p) => p.start), series: [{ name: 'MRR', values: mrrPoints.map((p) => p.value) }], band: null,
          },
        },
      ],
    },
    alerts.section,
    target.section,
  ];

  const summary = [
    byMetric.mrr === null ? null : dayMrrSentence({ dayLabel: dayLabel(day), mrr: byMetric.mrr, previous: kpis[0]!.previous }, ctx.format),
    dayActivitySentence({ newCustomers: byMetric.new_customers, churnedCustomers: byMetric.churned_customers, collected: byMetric.revenue_collected, failedPayments: byMetric.failed_payments }, ctx.format),
    alertsSentence({ open: alerts.open, first: alerts.first }, ctx.format),
    target.sentence,
  ].filter((s): s is string => s !== null);

  return { title: `Daily summary — ${ctx.period.label}`, summary, sections };
}
