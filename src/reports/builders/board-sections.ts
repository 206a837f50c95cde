// The board pack's sections that read more than period series: cohort retention (src/read/cohorts,
// the last 12 monthly cohorts), the top 10 customers by MRR and their concentration (the explain
// read of MRR: lines that sum to MRR exactly), and the forecast with its 80% interval
// (src/read/forecast).
import { addMonths, firstDayOfMonth, monthOf } from '../../core/dates.js';
import type { CohortsResponse } from '../../read/cohorts/contract.js';
import { loadCohorts } from '../../read/cohorts/load.js';
import { asOf as asOfAt } from '../../read/clock.js';
import type { ForecastResponse } from '../../read/forecast/contract.js';
import { loadMrrForecast } from '../../read/forecast/load.js';
import type { ReportBlock, ReportSection } from '../../read/reports/contract.js';
import type { BuildContext } from './context.js';
import { figure, kpi } from './figures.js';
import { explainByCustomer } from './movers.js';

export const COHORT_MONTHS = 12;
export const TOP_CUSTOMERS = 10;
export const FORECAST_HORIZON = 6;
/** Months of history the forecast fits (GET /v1/metrics/forecast's default). */
export const FORECAST_HISTORY = 24;

function cohortTable(ctx: BuildContext, answer: CohortsResponse): ReportBlock {
  const ages = Array.from({ length: answer.maxAge + 1 }, (_, k) => k);
  const logo = answer.kind === 'logo';
  return {
    type: 'table',
    table: {
      id: `cohorts-${answer.kind}`,
      title: logo ? 'Logo retention by cohort (paying customers ÷ cohort size)' : 'Revenue retention by cohort (cohort MRR ÷ starting MRR)',
      currency: ctx.currency,
      columns: [
        { key: 'cohort', label: 'Cohort', unit: 'month' },
        { key: 'customers', label: 'Customers', unit: 'count' },
        { key: 'startMrr', label: 'Starting MRR', unit: 'money' },
        ...ages.map((k) => ({ key: `m${k}`, label: `M${k}`, unit: 'ratio' as const })),
      ],
      rows: answer.cohorts.map((c) => ({ cohort: c.cohort, customers: c.customers, startMrr: c.startMrr, ...Object.fromEntries(ages.map((k) => [`m${k}`, c.retention[k] ?? null])) })),
      total: { cohort: 'Average', customers: answer.cohorts.reduce((s, c) => s + c.customers, 0), startMrr: answer.cohorts.reduce((s, c) => s + c.startMrr, 0), ...Object.fromEntries(ages.map((k) => [`m${k}`, answer.average[k]?.retention ?? null])) },
      note: answer.cohorts.every((c) => c.customers === 0) ? 'No customer first paid in these months.' : 'M0 is 100% by definition; a cell is empty where the cohort has not reached that age. The average pools the cohorts that reached each age.',
    },
  };
}

export async function cohortSection(ctx: BuildContext): Promise<ReportSection> {
  const to = monthOf(ctx.period.from);
  const request = { from: addMonths(to, -(COHORT_MONTHS - 1)), to, maxAge: COHORT_MONTHS, fxDay: 'month-end' as const, asOf: ctx.periodAsOf, fx: ctx.fx };
  const [logo, revenue] = await Promise.all([
    loadCohorts(ctx.db, ctx.workspace.id, { ...request, kind: 'logo' }),
    loadCohorts(ctx.db, ctx.workspace.id, { ...request, kind: 'revenue' }),
  ]);
  return { id: 'cohorts', title: 'Cohort retention', note: null, blocks: [cohortTable(ctx, logo), cohortTable(ctx, revenue)] };
}

export type Concentration = { section: ReportSection; topShare: number | null; largestShare: number | null; largestName: string | null; topCount: number };

/** The top customers by MRR at the period's end and their share of it. */
export async function topCustomersSection(ctx: BuildContext): Promise<Concentration> {
  const mrr = await explainByCustomer(ctx, 'mrr', ctx.period.to, ctx.period.to);
  const top = mrr.customers.filter((c) => c.amount > 0).slice(0, TOP_CUSTOMERS);
  const share = (amount: number) => (mrr.total > 0 ? amount / mrr.total : null);
  const topMrr = top.reduce((s, c) => s + c.amount, 0);
  const topShare = top.length === 0 ? null : share(topMrr);
  const largestShare = top[0] ? share(top[0].amount) : null;
  const section: ReportSection = {
    id: 'customers',
    title: 'Top customers and concentration',
    note: null,
    blocks: [
      {
        type: 'kpis',
        kpis: [
          kpi(figure(ctx, { metric: null, label: `Top-${TOP_CUSTOMERS} customers' share of MRR`, unit: 'ratio', value: ctx.fxGap ? null : topShare, reason: ctx.fxGap?.reason ?? 'no MRR' }), null, null, true),
          kpi(figure(ctx, { metric: null, label: "Largest customer's share of MRR", unit: 'ratio', value: ctx.fxGap ? null : largestShare, reason: ctx.fxGap?.reason ?? 'no MRR' }), null, null, true),
        ],
      },
      {
        type: 'table',
        table: {
          id: 'top-customers', title: `Top ${TOP_CUSTOMERS} customers by MRR`, currency: ctx.currency,
          columns: [
            { key: 'rank', label: '#', unit: 'count' },
            { key: 'customer', label: 'Customer', unit: 'text' },
            { key: 'mrr', label: 'MRR', unit: 'money' },
            { key: 'share', label: 'Share of MRR', unit: 'ratio' },
          ],
          rows: top.map((c, i) => ({ rank: i + 1, customer: c.name, mrr: c.amount, share: share(c.amount) })),
          total: top.length === 0 ? null : { rank: null, customer: `Top ${top.length}`, mrr: topMrr, share: topShare },
          note: top.length === 0 ? 'No paying customer.' : null,
        },
      },
    ],
  };
  return { section, topShare, largestShare, largestName: top[0]?.name ?? null, topCount: top.length };
}

/** The instant the forecast is made at: the start of the month after the period (so its history
 *  ends with the period's month), or the as-of instant when that is earlier (a month to date). */
function forecastAsOf(ctx: BuildContext) {
  const next = new Date(`${firstDayOfMonth(addMonths(monthOf(ctx.period.from), 1))}T00:00:00.000Z`);
  return next.getTime() < ctx.asOf.at.getTime() ? asOfAt(next) : ctx.asOf;
}

export async function forecastSection(ctx: BuildContext): Promise<{ section: ReportSection; answer: ForecastResponse }> {
  const answer = await loadMrrForecast(ctx.db, ctx.workspace.id, { asOf: forecastAsOf(ctx), months: FORECAST_HISTORY, horizon: FORECAST_HORIZON, fx: ctx.fx });
  const history = answer.history.slice(-12);
  const last = history.at(-1)?.mrr ?? null;
  // The forecast line (and its band) starts at the last actual month, so the two lines join.
  const pad = <T>(values: T[]) => [...history.map((_, i) => (i === history.length - 1 ? last : null)), ...values];
  const blocks: ReportBlock[] = answer.forecast.length === 0 ? [{ type: 'text', paragraphs: ['No MRR history yet: nothing to forecast.'] }] : [
    {
      type: 'chart',
      chart: {
        id: 'forecast-chart', title: `MRR forecast, next ${answer.forecast.length} months`, kind: 'line', unit: 'money', currency: ctx.currency,
        categories: [...history.map((h) => h.month), ...answer.forecast.map((f) => f.month)],
        series: [
          { name: 'MRR', values: [...history.map((h) => h.mrr), ...answer.forecast.map(() => null)] },
          { name: 'Forecast', values: pad(answer.forecast.map((f) => f.mrr)) },
        ],
        band: { name: '80% interval', lower: pad(answer.forecast.map((f) => f.low)), upper: pad(answer.forecast.map((f) => f.high)) },
      },
    },
    {
      type: 'table',
      table: {
        id: 'forecast', title: 'MRR forecast with its 80% interval', currency: ctx.currency,
        columns: [
          { key: 'month', label: 'Month', unit: 'month' },
          { key: 'mrr', label: 'Forecast MRR', unit: 'money' },
          { key: 'low', label: 'Low (10%)', unit: 'money' },
          { key: 'high', label: 'High (90%)', unit: 'money' },
        ],
        rows: answer.forecast.map((f) => ({ month: f.month, mrr: f.mrr, low: f.low, high: f.high })),
        total: null,
        note: answer.forecast.some((f) => f.low === null) ? 'No interval with fewer than 4 months of history.' : null,
      },
    },
    { type: 'text', paragraphs: [`A damped-trend exponential smoothing of the last ${answer.history.length} months of month-end MRR (docs/metrics.md, section 13); 8 in 10 months should land inside the interval.`] },
  ];
  return { section: { id: 'forecast', title: 'Forecast', note: null, blocks }, answer };
}
