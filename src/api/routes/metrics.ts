// GET /v1/metrics/summary, /monthly and /series: the headline figures, the monthly report (the
// CLI's JSON document) and the time series of any metric. Each handler reads the same way:
// parse (the route's zod schema), authorise (the hook, then resolveWorkspace), call the view's
// load function as of the request's instant (`?asOf=`, default now), respond.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadMonthly } from '../../read/periods/load.js';
import { monthlyResponse } from '../../read/periods/contract.js';
import { METRIC_NAMES, metricDefinition } from '../../read/registry.js';
import { lastDayOfMonth } from '../../core/dates.js';
import { loadSeries } from '../../read/series/load.js';
import { COMPARES, seriesResponse } from '../../read/series/contract.js';
import { loadSummary } from '../../read/summary/load.js';
import { summaryResponse } from '../../read/summary/contract.js';
import { latestLiveSeq } from '../../store/live-repo.js';
import type { AppContext } from '../context.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, currencyParam, dayParam, errors, formatParam, granularityParam, monthParam, resolveRange, scoped, withRange } from '../schemas/common.js';
import { answer, reportingFx, requestAsOf, withFx } from './metrics-shared.js';

const monthlyQuery = z
  .object({ ...scoped, from: monthParam.optional(), to: monthParam.optional(), currency: currencyParam.optional(), asOf: asOfParam, format: formatParam })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

const seriesQuery = withRange(
  z.object({
    ...scoped,
    metric: z.enum(METRIC_NAMES),
    granularity: granularityParam.default('month'),
    from: dayParam.optional(),
    to: dayParam.optional().describe('Default: the as-of day; a later day reads as the as-of day'),
    compare: z.enum(COMPARES).optional().describe('A second series of equal spans: as many periods just before, or a year earlier'),
    currency: currencyParam.optional(),
    grossMargin: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a fraction from 0 to 1').optional().describe('LTV only: gross margin, default 1'),
    churnWindow: z.coerce.number().int().min(1).max(24).optional().describe('LTV only: periods of churn pooled, default 1'),
    asOf: asOfParam,
    format: formatParam,
  }),
);

/** The range of the monthly export: the first month's first day to the last month's last (or its through day). */
function monthsPeriod(months: readonly { month: string; through?: string | undefined }[]): { period?: { from: string; to: string } } {
  const first = months[0];
  const last = months.at(-1);
  return first && last ? { period: { from: `${first.month}-01`, to: last.through ?? lastDayOfMonth(last.month) } } : {};
}

export async function metricsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/metrics/summary', {
    config: { access: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'The headline figures as of an instant (default now)', querystring: z.object({ ...scoped, asOf: asOfParam }), response: { 200: summaryResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    // The live sequence number first: a client that connects with ?since=seq then misses nothing.
    const seq = await latestLiveSeq(ctx.store.db, workspace.id);
    const summary = await withFx(loadSummary(ctx.store.db, workspace, requestAsOf(ctx, request.query)));
    return { ...summary, seq };
  });

  r.get('/v1/metrics/monthly', {
    config: { access: 'metrics:read' },
    schema: {
      tags: ['metrics'],
      summary: 'Monthly MRR and movements: exactly the document `revpulse metrics --json` prints; the month of the as-of day is to that day',
      querystring: monthlyQuery,
      response: { 200: monthlyResponse, ...errors },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const query = request.query;
    const report = await withFx(loadMonthly(ctx.store.db, workspace.id, {
      currency: query.currency ?? workspace.reportingCurrency,
      asOf: requestAsOf(ctx, query),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    }));
    return answer(ctx, request, reply, query.format, report, { filename: 'monthly', title: 'Monthly MRR and movements', rows: report.months, money: { currency: report.currency, columns: ['mrr', 'arr', 'arpa', 'movements.*'] }, labels: { through: 'Month to date, through' }, ...monthsPeriod(report.months) });
  });

  r.get('/v1/metrics/series', {
    config: { access: 'metrics:read' },
    schema: {
      tags: ['metrics'],
      summary: 'A zero-filled series of any metric, with an optional comparison series; it ends at the as-of day at the latest',
      querystring: seriesQuery,
      response: { 200: seriesResponse, ...errors },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const asOf = requestAsOf(ctx, q);
    const range = resolveRange(q, q.granularity, asOf.day);
    const currency = q.currency ?? workspace.reportingCurrency;
    const fx = reportingFx(ctx, workspace, currency);
    const series = await withFx(loadSeries(ctx.store.db, workspace.id, { metric: q.metric, granularity: q.granularity, ...range, fx, currency, asOf, ...(q.compare ? { compare: q.compare } : {}) }, {
      ...(q.grossMargin ? { grossMargin: q.grossMargin } : {}),
      ...(q.churnWindow ? { ltvChurnWindow: q.churnWindow } : {}),
    }));
    return answer(ctx, request, reply, q.format, series, {
      filename: `series-${q.metric}`,
      title: metricDefinition(q.metric).label,
      rows: series.points,
      units: { value: series.unit, 'compare.value': series.unit },
      labels: { value: metricDefinition(q.metric).label, 'compare.value': `${metricDefinition(q.metric).label} (compared)`, 'compare.period': 'Compared period' },
      period: { from: series.from, to: series.to },
      money: series.unit === 'money' ? { currency: series.currency, columns: ['value', 'compare.value'] } : null,
    });
  });
}
