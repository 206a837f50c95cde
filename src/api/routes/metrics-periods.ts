// GET /v1/metrics/movements, /churn, /ltv and /trials: per-period tables for any granularity
// and range (zero-filled), each also as CSV.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { computeRateSeries } from '../../core/rates.js';
import { trialPeriods } from '../../engine/breakdowns.js';
import { loadPeriodRows } from '../../engine/period-series.js';
import { ASSUMED_TRIAL_DAYS } from '../../engine/summary.js';
import type { AppContext } from '../context.js';
import { resolveWorkspace } from '../workspace-param.js';
import { currencyParam, dayParam, errors, formatParam, granularityParam, resolveRange, scoped, withRange } from '../schemas/common.js';
import { churnResponse, ltvResponse, movementsResponse, trialsResponse } from '../schemas/metrics.js';
import { answer, reportingFx, today, withFx } from './metrics-shared.js';

const rangeFields = {
  ...scoped,
  granularity: granularityParam.default('month'),
  from: dayParam.optional(),
  to: dayParam.optional(),
  currency: currencyParam.optional(),
  format: formatParam,
};
const rangeQuery = withRange(z.object(rangeFields));
const ltvQuery = withRange(
  z.object({
    ...rangeFields,
    grossMargin: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a fraction from 0 to 1').default('1'),
    churnWindow: z.coerce.number().int().min(1).max(24).default(1).describe('Periods of churn pooled for LTV (ChartMogul uses 6 months)'),
  }),
);

export async function metricsPeriodRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const access = { access: 'metrics:read' } as const;

  r.get('/v1/metrics/movements', {
    config: access,
    schema: { tags: ['metrics'], summary: 'MRR movements and customer counts per period', querystring: rangeQuery, response: { 200: movementsResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const range = resolveRange(q, q.granularity, today(ctx));
    const currency = q.currency ?? workspace.reportingCurrency;
    const rows = await withFx(loadPeriodRows(ctx.store.db, workspace.id, { ...range, granularity: q.granularity, fx: reportingFx(ctx, workspace, currency), currency }));
    const body = {
      currency, granularity: q.granularity, ...range,
      periods: rows.map((p) => ({
        period: p.period, start: p.start, end: p.end, mrrStart: p.mrrStart, movements: p.movements, netNewMrr: p.netNewMrr, mrr: p.mrr,
        customersStart: p.customersStart, customers: p.customers, newCustomers: p.newCustomers, reactivatedCustomers: p.reactivatedCustomers, churnedCustomers: p.churnedCustomers,
      })),
    };
    return answer(ctx, request, reply, q.format, body, { filename: 'movements', rows: body.periods });
  });

  r.get('/v1/metrics/churn', {
    config: access,
    schema: { tags: ['metrics'], summary: 'Customer and MRR churn, NRR and GRR per period', querystring: rangeQuery, response: { 200: churnResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const range = resolveRange(q, q.granularity, today(ctx));
    const currency = q.currency ?? workspace.reportingCurrency;
    const rows = await withFx(loadPeriodRows(ctx.store.db, workspace.id, { ...range, granularity: q.granularity, fx: reportingFx(ctx, workspace, currency), currency }));
    const rates = computeRateSeries(rows, { granularity: q.granularity });
    const body = {
      currency, granularity: q.granularity, ...range,
      periods: rows.map((p, i) => ({
        period: p.period, start: p.start, end: p.end, customersStart: p.customersStart, churnedCustomers: p.churnedCustomers,
        churnedCustomersFromStart: p.churnedCustomersFromStart, mrrStart: p.mrrStart, churnedMrr: -p.movements.churn, contractionMrr: -p.movements.contraction,
        customerChurnRate: rates[i]!.customerChurnRate, grossMrrChurnRate: rates[i]!.grossMrrChurnRate, netMrrChurnRate: rates[i]!.netMrrChurnRate,
        nrr: rates[i]!.nrr, grr: rates[i]!.grr,
      })),
    };
    return answer(ctx, request, reply, q.format, body, { filename: 'churn', rows: body.periods });
  });

  r.get('/v1/metrics/ltv', {
    config: access,
    schema: { tags: ['metrics'], summary: 'Customer lifetime value per period', querystring: ltvQuery, response: { 200: ltvResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const range = resolveRange(q, q.granularity, today(ctx));
    const currency = q.currency ?? workspace.reportingCurrency;
    const rows = await withFx(loadPeriodRows(ctx.store.db, workspace.id, { ...range, granularity: q.granularity, fx: reportingFx(ctx, workspace, currency), currency }));
    const rates = computeRateSeries(rows, { granularity: q.granularity, grossMargin: q.grossMargin, ltvChurnWindow: q.churnWindow });
    const body = {
      currency, granularity: q.granularity, grossMargin: q.grossMargin, churnWindow: q.churnWindow, ...range,
      periods: rows.map((p, i) => ({ period: p.period, start: p.start, end: p.end, arpa: p.arpa, customers: p.customers, customerChurnRate: rates[i]!.customerChurnRate, ltv: rates[i]!.ltv })),
    };
    return answer(ctx, request, reply, q.format, body, { filename: 'ltv', rows: body.periods });
  });

  r.get('/v1/metrics/trials', {
    config: access,
    schema: { tags: ['metrics'], summary: 'Trials started, converted, conversion rate and active trials per period', querystring: rangeQuery, response: { 200: trialsResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const range = resolveRange(q, q.granularity, today(ctx));
    const periods = await trialPeriods(ctx.store.db, workspace.id, { ...range, granularity: q.granularity });
    const body = { granularity: q.granularity, ...range, assumedTrialDays: ASSUMED_TRIAL_DAYS, periods };
    return answer(ctx, request, reply, q.format, body, { filename: 'trials', rows: periods });
  });
}
