// GET /v1/metrics/movements, /churn, /ltv and /trials: per-period tables for any granularity
// and range (zero-filled), each also as CSV, read as of the request's instant (`?asOf=`): the
// range ends at the as-of day at the latest.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { churnResponse, ltvResponse, movementsResponse } from '../../read/periods/contract.js';
import { loadChurn, loadLtv, loadMovements, type RangeQuery } from '../../read/periods/load.js';
import { trialsResponse } from '../../read/trials/contract.js';
import { loadTrials } from '../../read/trials/load.js';
import type { Workspace } from '../../store/workspaces-repo.js';
import type { AppContext } from '../context.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, currencyParam, dayParam, errors, formatParam, granularityParam, resolveRange, scoped, withRange } from '../schemas/common.js';
import { answer, reportingFx, requestAsOf, withFx } from './metrics-shared.js';

const rangeFields = {
  ...scoped,
  granularity: granularityParam.default('month'),
  from: dayParam.optional(),
  to: dayParam.optional(),
  currency: currencyParam.optional(),
  asOf: asOfParam,
  format: formatParam,
};
const rangeQuery = withRange(z.object(rangeFields));
/** The exports' rate columns (rateValue: `x.value` a fraction, `x.reason` why it is missing). */
const RATE_UNITS = { '*.value': 'ratio' } as const;
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
  type Query = { granularity: RangeQuery['granularity']; from?: string; to?: string; currency?: string; asOf?: string };
  /** The range a request reads (default: the span ending at the as-of day), its currency and FX. */
  const rangeOf = (workspace: Workspace, q: Query): RangeQuery => {
    const asOf = requestAsOf(ctx, q);
    const currency = q.currency ?? workspace.reportingCurrency;
    return { ...resolveRange(q, q.granularity, asOf.day), granularity: q.granularity, currency, fx: reportingFx(ctx, workspace, currency), asOf };
  };

  r.get('/v1/metrics/movements', {
    config: access,
    schema: { tags: ['metrics'], summary: 'MRR movements and customer counts per period', querystring: rangeQuery, response: { 200: movementsResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const body = await withFx(loadMovements(ctx.store.db, workspace.id, rangeOf(workspace, q)));
    return answer(ctx, request, reply, q.format, body, { filename: 'movements', title: 'MRR movements', rows: body.periods, money: { currency: body.currency, columns: ['mrrStart', 'movements.*', 'netNewMrr', 'mrr'] }, period: { from: body.from, to: body.to } });
  });

  r.get('/v1/metrics/churn', {
    config: access,
    schema: { tags: ['metrics'], summary: 'Customer and MRR churn, NRR and GRR per period', querystring: rangeQuery, response: { 200: churnResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const body = await withFx(loadChurn(ctx.store.db, workspace.id, rangeOf(workspace, q)));
    return answer(ctx, request, reply, q.format, body, { filename: 'churn', title: 'Churn and retention', rows: body.periods, money: { currency: body.currency, columns: ['mrrStart', 'churnedMrr', 'contractionMrr'] }, units: RATE_UNITS, period: { from: body.from, to: body.to } });
  });

  r.get('/v1/metrics/ltv', {
    config: access,
    schema: { tags: ['metrics'], summary: 'Customer lifetime value per period', querystring: ltvQuery, response: { 200: ltvResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const body = await withFx(loadLtv(ctx.store.db, workspace.id, { ...rangeOf(workspace, q), grossMargin: q.grossMargin, churnWindow: q.churnWindow }));
    return answer(ctx, request, reply, q.format, body, { filename: 'ltv', title: 'Customer lifetime value', rows: body.periods, money: { currency: body.currency, columns: ['arpa', 'ltv.value'] }, units: RATE_UNITS, period: { from: body.from, to: body.to } });
  });

  r.get('/v1/metrics/trials', {
    config: access,
    schema: { tags: ['metrics'], summary: 'Trials started, converted, conversion rate and active trials per period', querystring: rangeQuery, response: { 200: trialsResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(ctx.store.db, request);
    const q = request.query;
    const asOf = requestAsOf(ctx, q);
    const requested = resolveRange(q, q.granularity, asOf.day);
    const body = await loadTrials(ctx.store.db, workspace.id, { from: requested.from, to: requested.to, granularity: q.granularity }, asOf);
    return answer(ctx, request, reply, q.format, body, { filename: 'trials', title: 'Trials', rows: body.periods, money: null, units: { ...RATE_UNITS, averageDaysToConvert: 'days' }, period: { from: body.from, to: body.to } });
  });
}
