// A saved custom report: one KPI per chosen registry metric for the report's period (against the
// previous period or the same period a year earlier, as the definition says), a table of every
// metric over the last `periods` periods with a chart per money or count metric — each the
// metric's series exactly as GET /v1/metrics/series reads it — and, with a segment, its customers.
import type { Granularity } from '../../core/dates.js';
import { figureSentence } from '../../core/report-summary.js';
import { METRICS, type MetricName } from '../../read/registry.js';
import type { CustomReport, ReportBlock, ReportKpi, ReportSection, ValueUnit } from '../../read/reports/contract.js';
import type { SeriesResponse } from '../../read/series/contract.js';
import { dataPresent } from '../../read/success-overview/query.js';
import { previousPeriod, spanLabel } from '../period.js';
import type { BuildContext, BuiltReport } from './context.js';
import { kpi, metricFigure, periodPairs, readMany, readSeries, shown, single, valueOf, type Pair } from './figures.js';
import { segmentSection } from './segment.js';
import { missingNote, withSignals } from './success.js';

const PERIOD_UNIT: Record<Granularity, ValueUnit> = { day: 'date', week: 'text', month: 'month', quarter: 'text', year: 'text' };

/** The comparison of each metric, and what it is called ("vs October 2026"). */
async function comparisons(ctx: BuildContext, metrics: readonly MetricName[], compare: CustomReport['definition']['compare'], trend: Record<MetricName, SeriesResponse>): Promise<{ pairs: Record<string, Pair>; label: string | null; versus: string | null }> {
  if (compare === 'previous_period') return { pairs: await periodPairs(ctx, metrics, trend), label: ctx.previous.label, versus: ctx.versus };
  if (compare === 'previous_year') {
    const answers = await Promise.all(metrics.map((m) => readSeries(ctx, m, { from: ctx.period.from, to: ctx.period.to, granularity: ctx.granularity, compare: 'previous_year' })));
    const span = answers[0]?.compare;
    return {
      pairs: Object.fromEntries(metrics.map((m, i) => [m, { now: single(answers[i]!), before: single(answers[i]!, 'compare') }])),
      label: span ? spanLabel(span.from, span.to, ctx.granularity) : null,
      versus: span ? `vs ${spanLabel(span.from, span.to, ctx.granularity)}` : null,
    };
  }
  // No comparison: the period is the trend's last point.
  return { pairs: Object.fromEntries(metrics.map((m) => [m, { now: valueOf(trend[m]!.points.at(-1)), before: { value: null } }])), label: null, versus: null };
}

export async function buildCustom(ctx: BuildContext, report: CustomReport): Promise<BuiltReport> {
  const d = report.definition;
  let first = ctx.period;
  for (let i = 1; i < d.periods; i += 1) first = previousPeriod(ctx.granularity, first);
  const metrics = d.metrics;
  const [trend, present] = await Promise.all([
    readMany(ctx, metrics, { from: first.from, to: ctx.period.to, granularity: ctx.granularity }) as Promise<Record<MetricName, SeriesResponse>>,
    dataPresent(ctx.db, ctx.workspace.id, ctx.period.to),
  ]);
  const { pairs, label, versus } = await comparisons(ctx, metrics, d.compare, trend);
  const kpis: ReportKpi[] = metrics.map((m) => {
    const now = withSignals(m, pairs[m]!.now, present.usage);
    const before = withSignals(m, pairs[m]!.before, present.usage);
    return kpi(metricFigure(ctx, m, now), shown(m, before.value), versus);
  });

  const lead = metrics[0]!;
  const points = trend[lead]!.points;
  const value = (m: MetricName, i: number) => withSignals(m, { value: trend[m]!.points[i]?.value ?? null }, present.usage).value;
  const table: ReportBlock = {
    type: 'table',
    table: {
      id: 'metrics',
      title: `${metrics.length === 1 ? METRICS[lead].label : 'The metrics'} over the last ${d.periods} ${d.periods === 1 ? d.granularity : `${d.granularity}s`}`,
      currency: ctx.currency,
      columns: [{ key: 'period', label: 'Period', unit: PERIOD_UNIT[ctx.granularity] }, ...metrics.map((m) => ({ key: m, label: METRICS[m].label, unit: METRICS[m].unit }))],
      rows: points.map((p, i) => ({ period: p.period, ...Object.fromEntries(metrics.map((m) => [m, value(m, i)])) })),
      total: null,
      note: 'Contraction and churn are negative, as the ledger keeps them; the KPIs above show them as amounts lost.',
    },
  };
  const charts: ReportBlock[] = metrics
    // A chart of nothing but gaps says less than the table's reasons.
    .filter((m) => (METRICS[m].unit === 'money' || METRICS[m].unit === 'count') && points.some((_, i) => value(m, i) !== null))
    .map((m) => ({
      type: 'chart',
      chart: {
        id: `chart-${m.replaceAll('_', '-')}`, title: METRICS[m].label, kind: METRICS[m].shape === 'flow' ? 'bar' : 'line', unit: METRICS[m].unit, currency: METRICS[m].unit === 'money' ? ctx.currency : null,
        categories: points.map((p) => p.period), series: [{ name: METRICS[m].label, values: points.map((_, i) => value(m, i)) }], band: null,
      },
    }));

  const sections: ReportSection[] = [
    { id: 'kpis', title: ctx.period.label, note: missingNote(kpis), blocks: [{ type: 'kpis', kpis }] },
    { id: 'trend', title: `Last ${d.periods} ${d.periods === 1 ? d.granularity : `${d.granularity}s`}`, note: null, blocks: [table, ...charts] },
    ...(d.segmentId ? [await segmentSection(ctx, d.segmentId)] : []),
  ];
  const when = ctx.granularity === 'day' ? `on ${ctx.period.label}` : `in ${ctx.period.label}`;
  const previousWhen = label === null ? null : ctx.granularity === 'day' ? `on ${label}` : `in ${label}`;
  const summary = kpis.map((k) => figureSentence({ label: k.figure.label, unit: k.figure.unit, value: k.figure.value, previous: k.previous, when, previousWhen, reason: k.figure.reason }, ctx.format));
  return { title: `${report.name} — ${ctx.period.label}`, summary, sections };
}
