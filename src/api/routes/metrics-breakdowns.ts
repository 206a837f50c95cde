// GET /v1/metrics/by-plan, /by-currency, /cohorts and /forecast.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cohortTable, mrrByCurrency, mrrByPlan, mrrForecast } from '../../engine/breakdowns.js';
import type { AppContext } from '../context.js';
import { resolveWorkspace } from '../workspace-param.js';
import { currencyParam, dayParam, errors, formatParam, monthParam, scoped } from '../schemas/common.js';
import { byCurrencyResponse, byPlanResponse, cohortsResponse, forecastResponse } from '../schemas/metrics.js';
import { answer, reportingFx, today, withFx } from './metrics-shared.js';

const atQuery = z.object({ ...scoped, date: dayParam.optional().describe('default: today'), currency: currencyParam.optional(), format: formatParam });
const cohortQuery = z
  .object({
    ...scoped,
    kind: z.enum(['logo', 'revenue']).default('logo'),
    from: monthParam.optional().describe('first cohort shown'),
    to: monthParam.optional().describe('last cohort shown'),
    maxAge: z.coerce.number().int().min(0).max(120).default(24),
    fxDay: z.enum(['month-end', 'cohort-start']).default('month-end'),
    currency: currencyParam.optional(),
    format: formatParam,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
const forecastQuery = z.object({
  ...scoped,
  horizon: z.coerce.number().int().min(1).max(24).default(6),
  months: z.coerce.number().int().min(3).max(120).default(24).describe('complete months of history to fit'),
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
    const fx = await reportingFx(ctx, workspace, q.currency);
    const body = await withFx(mrrByPlan(ctx.store.db, workspace.id, q.date ?? today(ctx), fx));
    return answer(ctx, request, reply, q.format, body, { filename: 'mrr-by-plan', rows: body.plans });
  });

  r.get('/v1/metrics/by-currency', {
    config: access,
    schema: { tags: ['metrics'], summary: 'MRR by billing currency at a date', querystring: atQuery, response: { 200: byCurrencyResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const fx = await reportingFx(ctx, workspace, q.currency);
    const body = await withFx(mrrByCurrency(ctx.store.db, workspace.id, q.date ?? today(ctx), fx));
    return answer(ctx, request, reply, q.format, body, { filename: 'mrr-by-currency', rows: body.currencies });
  });

  r.get('/v1/metrics/cohorts', {
    config: access,
    schema: { tags: ['metrics'], summary: 'Monthly cohorts: logo or revenue retention by age', querystring: cohortQuery, response: { 200: cohortsResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const fx = await reportingFx(ctx, workspace, q.currency);
    const asOf = today(ctx);
    const table = await withFx(cohortTable(ctx.store.db, workspace.id, { asOf, fx, maxAge: q.maxAge, fxDay: q.fxDay, ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) }));
    const logo = q.kind === 'logo';
    const body = {
      kind: q.kind, currency: fx.reportingCurrency, asOf, maxAge: q.maxAge,
      cohorts: table.rows.map((c) => ({
        cohort: c.cohort, customers: c.customers, startMrr: c.startMrr,
        retention: logo ? c.logoRetention : c.revenueRetention,
        values: logo ? c.payingCustomers : c.mrr,
      })),
      average: table.average.map((a) => ({ age: a.age, retention: logo ? a.logoRetention : a.revenueRetention, cohorts: a.cohorts })),
    };
    return answer(ctx, request, reply, q.format, body, { filename: `cohorts-${q.kind}`, rows: body.cohorts });
  });

  r.get('/v1/metrics/forecast', {
    config: access,
    schema: { tags: ['metrics'], summary: 'MRR forecast with an 80% interval', querystring: forecastQuery, response: { 200: forecastResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const fx = await reportingFx(ctx, workspace, q.currency);
    const body = await withFx(mrrForecast(ctx.store.db, workspace.id, { today: today(ctx), months: q.months, horizon: q.horizon, fx }));
    return answer(ctx, request, reply, q.format, body, { filename: 'forecast', rows: body.forecast });
  });
}
