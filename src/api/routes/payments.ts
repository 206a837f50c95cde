// GET /v1/payments/health: success rate, declines by code, refunds, disputes and recovered
// revenue over a range, with a per-period series (the CSV rows).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paymentsHealth } from '../../engine/payments-health.js';
import type { AppContext } from '../context.js';
import { resolveWorkspace } from '../workspace-param.js';
import { currencyParam, dayParam, errors, formatParam, granularityParam, resolveRange, scoped, withRange } from '../schemas/common.js';
import { paymentsHealthResponse } from '../schemas/customers.js';
import { answer, reportingFx, today, withFx } from './metrics-shared.js';

const healthQuery = withRange(
  z.object({ ...scoped, granularity: granularityParam.default('month'), from: dayParam.optional(), to: dayParam.optional(), currency: currencyParam.optional(), format: formatParam }),
);

export async function paymentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/v1/payments/health', {
    config: { access: 'payments:read' },
    schema: { tags: ['payments'], summary: 'Payment success, declines, refunds, disputes and recoveries', querystring: healthQuery, response: { 200: paymentsHealthResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const range = resolveRange(q, q.granularity, today(ctx));
    const fx = await reportingFx(ctx, workspace, q.currency);
    const body = await withFx(paymentsHealth(ctx.store.db, workspace.id, { ...range, granularity: q.granularity, fx }));
    return answer(ctx, request, reply, q.format, body, { filename: 'payments-health', rows: body.series });
  });
}
