// GET /v1/metrics/by-plan, /by-currency and /forecast (cohorts: metrics-cohorts.ts). Each handler
// parses, authorises, calls its view's load function (src/read/<view>/load.ts) and responds with
// the view's contract.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { byCurrencyResponse, byPlanResponse } from '../../read/breakdowns/contract.js';
import { loadMrrByCurrency, loadMrrByPlan } from '../../read/breakdowns/load.js';
import { resolveAsOf } from '../../read/clock.js';
import { forecastResponse } from '../../read/forecast/contract.js';
import { loadMrrForecast } from '../../read/forecast/load.js';
import type { AppContext } from '../context.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, currencyParam, dayParam, errors, formatParam, scoped } from '../schemas/common.js';
import { answer, reportingFx, withFx } from './metrics-shared.js';

const atQuery = z.object({
  ...scoped,
  date: dayParam.optional().describe('the day whose end MRR is read at (default: the as-of day; a later day reads as the as-of day)'),
  asOf: asOfParam,
  currency: currencyParam.optional(),
  format: formatParam,
});
const forecastQuery = z.object({
  ...scoped,
  horizon: z.coerce.number().int().min(1).max(24).default(6),
  months: z.coerce.number().int().min(3).max(120).default(24).describe('complete months of history to fit'),
  asOf: asOfParam,
  currency: currencyParam.optional(),
  format: formatParam,
});

export async function metricsBreakdownRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const access = { access: 'metrics:read' } as const;

  r.get('/v1/metrics/by-plan', {
    config: access,
    schema: { tags: ['metrics'], summary: 'MRR and paying customers by plan at a date', querystring: atQuery, response: { 200: byPlanResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const body = await withFx(loadMrrByPlan(ctx.store.db, workspace.id, { date: q.date, asOf: resolveAsOf(q.asOf, ctx.now()), fx: reportingFx(ctx, workspace, q.currency) }));
    const money = { currency: body.currency, columns: ['mrr'], native: { 'byCurrency.*': 'key' as const } };
    return answer(ctx, request, reply, q.format, body, { filename: 'mrr-by-plan', title: 'MRR by plan', rows: body.plans, money, units: { share: 'ratio' }, period: { from: body.date, to: body.date } });
  });

  r.get('/v1/metrics/by-currency', {
    config: access,
    schema: { tags: ['metrics'], summary: 'MRR by billing currency at a date', querystring: atQuery, response: { 200: byCurrencyResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const body = await withFx(loadMrrByCurrency(ctx.store.db, workspace.id, { date: q.date, asOf: resolveAsOf(q.asOf, ctx.now()), fx: reportingFx(ctx, workspace, q.currency) }));
    // A row's `currency` is its billing currency: in the CSV it is `billingCurrency`, and the
    // file's `currency` column names the reporting currency of `mrr`.
    const rows = body.currencies.map(({ currency, ...rest }) => ({ billingCurrency: currency, ...rest }));
    const money = { currency: body.currency, columns: ['mrr'], native: { native: { column: 'billingCurrency' } } };
    return answer(ctx, request, reply, q.format, body, { filename: 'mrr-by-currency', title: 'MRR by currency', rows, money, units: { share: 'ratio' }, labels: { native: 'MRR in its currency', mrr: `MRR (${body.currency.toUpperCase()})` }, period: { from: body.date, to: body.date } });
  });

  r.get('/v1/metrics/forecast', {
    config: access,
    schema: { tags: ['metrics'], summary: 'MRR forecast with an 80% interval', querystring: forecastQuery, response: { 200: forecastResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const fx = await reportingFx(ctx, workspace, q.currency);
    const body = await withFx(loadMrrForecast(ctx.store.db, workspace.id, { asOf: resolveAsOf(q.asOf, ctx.now()), months: q.months, horizon: q.horizon, fx }));
    const money = { currency: body.currency, columns: ['mrr', 'low', 'high'] };
    return answer(ctx, request, reply, q.format, body, { filename: 'forecast', title: 'MRR forecast', rows: body.forecast, money, labels: { low: 'Low (80% interval)', high: 'High (80% interval)' } });
  });
}
