// GET /v1/payments/health: success rate, declines, refunds, disputes and recovered revenue over a
// range, as of an instant, with a per-period series (the CSV rows). Parse, authorise, call
// src/read/payments/load.ts, respond with its contract.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveAsOf } from '../../read/clock.js';
import { paymentsHealthResponse } from '../../read/payments/contract.js';
import { loadPaymentsHealth, RangeAfterAsOfError } from '../../read/payments/load.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, currencyParam, dayParam, errors, formatParam, granularityParam, resolveRange, scoped, withRange } from '../schemas/common.js';
import { answer, reportingFx, withFx } from './metrics-shared.js';

const healthQuery = withRange(
  z.object({
    ...scoped,
    granularity: granularityParam.default('month'),
    from: dayParam.optional(),
    to: dayParam.optional().describe('last day (default: the as-of day; a later day reads as the as-of day)'),
    asOf: asOfParam,
    currency: currencyParam.optional(),
    format: formatParam,
    table: z.enum(['series', 'declines']).default('series').describe('Which table an export holds: the per-period series, or the failed charges by decline code'),
  }),
);

const BUCKETS = ['succeeded', 'failed', 'refunds', 'disputes', 'recovered'];

export async function paymentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/v1/payments/health', {
    config: { access: 'payments:read' },
    schema: { tags: ['payments'], summary: 'Payment success, declines, refunds, disputes and recoveries', querystring: healthQuery, response: { 200: paymentsHealthResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const asOf = resolveAsOf(q.asOf, ctx.now());
    const range = resolveRange(q, q.granularity, asOf.day);
    const body = await withFx(loadPaymentsHealth(ctx.store.db, workspace.id, { ...range, granularity: q.granularity, fx: reportingFx(ctx, workspace, q.currency), asOf })).catch((error: unknown) => {
      if (error instanceof RangeAfterAsOfError) throw new ApiError('RVP_VALIDATION', `from: ${error.message}`);
      throw error;
    });
    const period = { from: body.from, to: body.to };
    if (q.table === 'declines') {
      return answer(ctx, request, reply, q.format, body, { filename: 'payment-failures', title: 'Failed payments by reason', rows: body.declines, columns: ['code', 'count', 'amount'], money: { currency: body.currency, columns: ['amount'] }, labels: { code: 'Decline code' }, period });
    }
    const money = { currency: body.currency, columns: BUCKETS.map((b) => `${b}.amount`) };
    return answer(ctx, request, reply, q.format, body, { filename: 'payments-health', title: 'Payment health', rows: body.series, money, units: { '*.value': 'ratio' }, period });
  });
}
