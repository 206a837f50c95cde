// The monthly board pack: the written summary at the top, then MRR/ARR and growth (the month
// against the one before, and the last 12 months as a chart and a table), the MRR bridge (the
// month, and month by month over 12 months — GET /v1/metrics/movements), retention and churn (NRR,
// GRR, customer and revenue churn rates — the registry's rates), ARPA, cohort retention, the top
// customers and their concentration, and the forecast with its interval. Kind 'board' gets a
// cover page in the PDF.
import { addMonths, firstDayOfMonth, monthOf } from '../../core/dates.js';
import { concentrationSentence, customersSentence, forecastSentence, mrrSentence, retentionSentence } from '../../core/report-summary.js';
import { loadMovements } from '../../read/periods/load.js';
import type { MovementPeriod } from '../../read/periods/contract.js';
import { METRICS, type MetricName } from '../../read/registry.js';
import type { ReportBlock, ReportRow, ReportSection } from '../../read/reports/contract.js';
import type { SeriesResponse } from '../../read/series/contract.js';
import { parseReportPeriod } from '../period.js';
import { cohortSection, forecastSection, topCustomersSection } from './board-sections.js';
import type { BuildContext, BuiltReport } from './context.js';
import { metricKpi, periodPairs, readMany } from './figures.js';

const TREND = ['mrr', 'arr', 'mrr_growth', 'customers', 'arpa', 'nrr', 'grr', 'customer_churn_rate', 'gross_mrr_churn_rate', 'net_mrr_churn_rate'] as const;
const FLOWS = ['net_new_mrr', 'new_customers', 'churned_customers', 'churn'] as const;
const HEADLINE = ['mrr', 'arr', 'mrr_growth', 'net_new_mrr', 'customers', 'arpa'] as const;
const RETENTION = ['nrr', 'grr', 'customer_churn_rate', 'gross_mrr_churn_rate', 'net_mrr_churn_rate'] as const;

function trendTable(ctx: BuildContext, id: string, title: string, metrics: readonly MetricName[], series: Record<string, SeriesResponse>): ReportBlock {
  const points = series[metrics[0]!]!.points;
  return {
    type: 'table',
    table: {
      id, title, currency: ctx.currency,
      columns: [{ key: 'month', label: 'Month', unit: 'month' }, ...metrics.map((m) => ({ key: m, label: METRICS[m].label, unit: METRICS[m].unit }))],
      rows: points.map((p, i) => ({ month: p.period, ...Object.fromEntries(metrics.map((m) => [m, series[m]!.points[i]?.value ?? null])) })),
      total: null,
      note: null,
    },
  };
}

const MOVEMENT_COLUMNS = [
  ['new', 'New'], ['expansion', 'Expansion'], ['contraction', 'Contraction'], ['churn', 'Churn'], ['reactivation', 'Reactivation'], ['fx', 'FX'],
] as const;

function bridgeBlocks(ctx: BuildContext, months: readonly MovementPeriod[]): ReportBlock[] {
  const month = months.at(-1);
  const sum = (pick: (p: MovementPeriod) => number) => months.reduce((s, p) => s + pick(p), 0);
  const monthRows: ReportRow[] = month ? [
    { movement: 'MRR at the start', amount: month.mrrStart },
    ...MOVEMENT_COLUMNS.map(([k, label]) => ({ movement: label, amount: month.movements[k] })),
    { movement: 'MRR at the end', amount: month.mrr },
  ] : [];
  return [
    {
      type: 'table',
      table: {
        id: 'bridge-month', title: `MRR bridge, ${ctx.period.label}`, currency: ctx.currency,
        columns: [{ key: 'movement', label: 'Movement', unit: 'text' }, { key: 'amount', label: 'MRR', unit: 'money' }],
        rows: monthRows, total: null, note: null,
      },
    },
    {
      type: 'chart',
      chart: {
        id: 'movements-12-months', title: 'MRR movements by month', kind: 'stacked_bar', unit: 'money', currency: ctx.currency,
        categories: months.map((p) => p.period),
        series: MOVEMENT_COLUMNS.filter(([k]) => k !== 'fx').map(([k, label]) => ({ name: label, values: months.map((p) => p.movements[k]) })),
        band: null,
      },
    },
    {
      type: 'table',
      table: {
        id: 'bridge-12-months', title: 'MRR bridge, month by month', currency: ctx.currency,
        columns: [
          { key: 'month', label: 'Month', unit: 'month' },
          { key: 'mrrStart', label: 'MRR at the start', unit: 'money' },
          ...MOVEMENT_COLUMNS.map(([key, label]) => ({ key, label, unit: 'money' as const })),
          { key: 'netNewMrr', label: 'Net new MRR', unit: 'money' },
          { key: 'mrr', label: 'MRR at the end', unit: 'money' },
        ],
        rows: months.map((p) => ({ month: p.period, mrrStart: p.mrrStart, ...p.movements, netNewMrr: p.netNewMrr, mrr: p.mrr })),
        total: months.length === 0 ? null : {
          month: `${months.length} months`, mrrStart: months[0]!.mrrStart,
          ...Object.fromEntries(MOVEMENT_COLUMNS.map(([k]) => [k, sum((p) => p.movements[k])])), netNewMrr: sum((p) => p.netNewMrr), mrr: month!.mrr,
        },
        note: 'MRR at the start + the movements = MRR at the end; contraction and churn are negative.',
      },
    },
  ];
}

export async function buildBoard(ctx: BuildContext): Promise<BuiltReport> {
  const month = monthOf(ctx.period.from);
  const from = firstDayOfMonth(addMonths(month, -11));
  const range = { from, to: ctx.period.to, granularity: 'month' as const };
  const [trend, movements, cohorts, customers, forecast] = await Promise.all([
    readMany(ctx, [...TREND, ...FLOWS], range),
    loadMovements(ctx.db, ctx.workspace.id, { ...range, currency: ctx.currency, fx: ctx.fx, asOf: ctx.asOf }),
    cohortSection(ctx),
    topCustomersSection(ctx),
    forecastSection(ctx),
  ]);
  const pairs = await periodPairs(ctx, [...TREND, ...FLOWS], trend);
  const vs = ctx.versus;
  const kpisOf = (metrics: readonly (typeof TREND[number] | typeof FLOWS[number])[]) => metrics.map((m) => metricKpi(ctx, m, pairs[m].now, pairs[m].before, vs));
  const headline = kpisOf(HEADLINE);
  const retention = kpisOf(RETENTION);
  const mrrPoints = trend.mrr.points;

  const sections: ReportSection[] = [
    { id: 'headline', title: 'Revenue', note: null, blocks: [{ type: 'kpis', kpis: headline }] },
    {
      id: 'growth',
      title: 'MRR and growth, last 12 months',
      note: null,
      blocks: [
        { type: 'chart', chart: { id: 'mrr-12-months', title: 'MRR, last 12 months', kind: 'line', unit: 'money', currency: ctx.currency, categories: mrrPoints.map((p) => p.period), series: [{ name: 'MRR', values: mrrPoints.map((p) => p.value) }], band: null } },
        trendTable(ctx, 'growth-12-months', 'MRR, ARR, growth, customers and ARPA by month', ['mrr', 'arr', 'mrr_growth', 'customers', 'arpa'], trend),
      ],
    },
    { id: 'bridge', title: 'MRR bridge', note: null, blocks: bridgeBlocks(ctx, movements.periods) },
    {
      id: 'retention',
      title: 'Retention and churn',
      note: null,
      blocks: [{ type: 'kpis', kpis: retention }, trendTable(ctx, 'retention-12-months', 'Retention and churn rates by month', RETENTION, trend)],
    },
    cohorts,
    customers.section,
    forecast.section,
  ];

  const value = (m: typeof TREND[number] | typeof FLOWS[number]) => pairs[m].now.value;
  const money = (n: number | null) => (ctx.fxGap ? null : n);
  const next = forecast.answer.forecast[0];
  const thisMonth = movements.periods.at(-1);
  const summary = [
    mrrSentence({ when: `in ${ctx.period.label}`, mrr: money(value('mrr')), previous: pairs.mrr.before.value, movements: thisMonth && !ctx.fxGap ? thisMonth.movements : null }, ctx.format),
    retentionSentence({ nrr: value('nrr'), grr: value('grr'), churnedMrr: money(value('churn') === null ? null : 0 - value('churn')!), churnedCustomers: value('churned_customers'), customerChurnRate: value('customer_churn_rate') }, ctx.format),
    customersSentence({ newCustomers: value('new_customers'), customers: value('customers'), arpa: money(value('arpa')) }, ctx.format),
    concentrationSentence({ topCount: customers.topCount, topShare: ctx.fxGap ? null : customers.topShare, largestName: customers.largestName, largestShare: customers.largestShare }, ctx.format),
    forecastSentence(next && !ctx.fxGap ? { label: parseReportPeriod('month', next.month).label, mrr: next.mrr, low: next.low, high: next.high } : null, ctx.format),
  ].filter((s): s is string => s !== null);

  return { title: `Board pack — ${ctx.period.label}`, summary, sections };
}
