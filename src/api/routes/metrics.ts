// GET /v1/metrics/summary, /monthly and /series: the headline figures, the monthly report (the
// CLI's JSON document) and the time series of any metric. Each handler reads the same way:
// parse (the route's zod schema), authorise (the hook, then resolveWorkspace), run, respond.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { computeSummary } from '../../engine/summary.js';
import { monthlyReport } from '../../engine/monthly-report.js';
import { loadSeries, SERIES_METRIC_NAMES } from '../../engine/series.js';
import { loadEurQuotes, loadFxRates } from '../../store/fx-repo.js';
import { latestLiveSeq } from '../../store/live-repo.js';
import type { AppContext } from '../context.js';
import { resolveWorkspace } from '../workspace-param.js';
import { currencyParam, dayParam, errors, formatParam, granularityParam, monthParam, resolveRange, scoped, withRange } from '../schemas/common.js';
import { summaryResponse } from '../../read/summary/contract.js';
import { monthlyResponse, seriesResponse } from '../schemas/metrics.js';
import { answer, reportingFx, today, withFx } from './metrics-shared.js';

const monthlyQuery = z
  .object({ ...scoped, from: monthParam.optional(), to: monthParam.optional(), currency: currencyParam.optional(), format: formatParam })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

const seriesQuery = withRange(
  z.object({
    ...scoped,
    metric: z.enum(SERIES_METRIC_NAMES),
    granularity: granularityParam.default('month'),
    from: dayParam.optional(),
    to: dayParam.optional(),
    compare: z.enum(['previous_period', 'previous_year']).optional(),
    currency: currencyParam.optional(),
    grossMargin: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a fraction from 0 to 1').optional().describe('LTV only: gross margin, default 1'),
    churnWindow: z.coerce.number().int().min(1).max(24).optional().describe('LTV only: periods of churn pooled, default 1'),
    format: formatParam,
  }),
);

export async function metricsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/v1/metrics/summary', {
    config: { access: 'metrics:read' },
    schema: { tags: ['metrics'], summary: 'The headline figures now', querystring: z.object(scoped), response: { 200: summaryResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    // The live sequence number first: a client that connects with ?since=seq then misses nothing.
    const seq = await latestLiveSeq(ctx.store.db, workspace.id);
    const summary = await withFx(computeSummary(ctx.store.db, workspace, ctx.now()));
    return { ...summary, seq };
  });

  r.get('/v1/metrics/monthly', {
    config: { access: 'metrics:read' },
    schema: {
      tags: ['metrics'],
      summary: 'Monthly MRR and movements: exactly the document `revpulse metrics --json` prints',
      querystring: monthlyQuery,
      response: { 200: monthlyResponse, ...errors },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const query = request.query;
    const currency = query.currency ?? workspace.reportingCurrency;
    const [fxRates, eurQuotes] = await Promise.all([loadFxRates(ctx.store.db, workspace.id, currency), loadEurQuotes(ctx.store.db, workspace.id)]);
    const report = await withFx(monthlyReport(ctx.store.db, workspace.id, {
      currency,
      fxRates,
      eurQuotes,
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    }));
    return answer(ctx, request, reply, query.format, report, { filename: 'monthly', rows: report.months });
  });

  r.get('/v1/metrics/series', {
    config: { access: 'metrics:read' },
    schema: {
      tags: ['metrics'],
      summary: 'A zero-filled series of any metric, with an optional comparison series',
      querystring: seriesQuery,
      response: { 200: seriesResponse, ...errors },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const range = resolveRange(q, q.granularity, today(ctx));
    const fx = reportingFx(ctx, workspace, q.currency);
    const currency = q.currency ?? workspace.reportingCurrency;
    const series = await withFx(loadSeries(ctx.store.db, workspace.id, { metric: q.metric, granularity: q.granularity, ...range, fx, currency, ...(q.compare ? { compare: q.compare } : {}) }, {
      ...(q.grossMargin ? { grossMargin: q.grossMargin } : {}),
      ...(q.churnWindow ? { ltvChurnWindow: q.churnWindow } : {}),
    }));
    return answer(ctx, request, reply, q.format, series, { filename: `series-${q.metric}`, rows: series.points });
  });
}
