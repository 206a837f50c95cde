// The customer-success figures (issue 13): GET /v1/success/overview, /expansion, /onboarding,
// /nps and /usage (success:read), and GET /v1/metrics/ltv-by-plan (metrics:read). Every figure is
// read as of `?asOf=` (default now). Parse, authorise (the access hook), load, respond — JSON, or
// with `?format=csv|xlsx|pdf` the panel's table as a file (`?table=` picks one of several).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expansionResponse } from '../../read/expansion/contract.js';
import { loadExpansion } from '../../read/expansion/load.js';
import { ltvByPlanResponse } from '../../read/ltv-by-plan/contract.js';
import { loadLtvByPlan } from '../../read/ltv-by-plan/load.js';
import { npsResponse } from '../../read/nps/contract.js';
import { loadNps } from '../../read/nps/load.js';
import { onboardingResponse } from '../../read/onboarding/contract.js';
import { loadOnboarding } from '../../read/onboarding/load.js';
import { successOverviewResponse } from '../../read/success-overview/contract.js';
import { loadSuccessOverview } from '../../read/success-overview/load.js';
import { usageResponse } from '../../read/usage/contract.js';
import { loadUsage } from '../../read/usage/load.js';
import type { AppContext } from '../context.js';
import { asOfParam, dayParam, errors, formatParam, granularityParam, resolveRange, scoped, withRange } from '../schemas/common.js';
import { resolveWorkspace } from '../workspace-param.js';
import { answer, reportingFx, requestAsOf, withFx } from './metrics-shared.js';
import { expansionExport, ltvByPlanExport, npsExport, onboardingExport, overviewExport, OVERVIEW_TABLES, usageExport, USAGE_TABLES } from './success-exports.js';

const asOfQuery = z.object({ ...scoped, asOf: asOfParam, format: formatParam });
const overviewQuery = z.object({
  ...scoped,
  asOf: asOfParam,
  format: formatParam,
  table: z.enum(OVERVIEW_TABLES).default('atRisk').describe('Which table an export holds: customers at risk, the health distribution, the health trend or open alerts by kind'),
});
const rangeFields = {
  ...scoped,
  granularity: granularityParam.default('month'),
  from: dayParam.optional().describe('Default: a span that suits the granularity, ending with `to`'),
  to: dayParam.optional().describe('Default: the as-of day; a later day reads as the as-of day'),
  asOf: asOfParam,
  format: formatParam,
};
const rangeQuery = withRange(z.object(rangeFields));
const usageQuery = withRange(z.object({
  ...rangeFields,
  table: z.enum(USAGE_TABLES).default('plans').describe('Which table an export holds: usage per period and plan, daily active users per period, or feature adoption per plan'),
}));

export async function successRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['customer success'];
  const config = { access: 'success:read' as const };

  r.get('/v1/success/overview', {
    config,
    schema: { tags, summary: 'Health distribution, customers at risk, health trend, open alerts, expansion and onboarding counts', querystring: overviewQuery, response: { 200: successOverviewResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const body = await withFx(loadSuccessOverview(db, workspace.id, requestAsOf(ctx, q), reportingFx(ctx, workspace)));
    return answer(ctx, request, reply, q.format, body, overviewExport(body, q.table));
  });

  r.get('/v1/success/expansion', {
    config,
    schema: { tags, summary: 'Expansion opportunities: usage near a limit, several users on a single seat, power users on the entry plan', querystring: asOfQuery, response: { 200: expansionResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const body = await withFx(loadExpansion(db, workspace.id, requestAsOf(ctx, request.query), reportingFx(ctx, workspace)));
    return answer(ctx, request, reply, request.query.format, body, expansionExport(body));
  });

  r.get('/v1/success/onboarding', {
    config,
    schema: { tags, summary: "New customers' progress through the onboarding milestones", querystring: asOfQuery, response: { 200: onboardingResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const body = await loadOnboarding(db, workspace.id, requestAsOf(ctx, request.query));
    return answer(ctx, request, reply, request.query.format, body, onboardingExport(body));
  });

  r.get('/v1/success/nps', {
    config,
    schema: { tags, summary: 'NPS over a range and per period, with the range before', querystring: rangeQuery, response: { 200: npsResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const asOf = requestAsOf(ctx, q);
    const body = await loadNps(db, workspace.id, { ...resolveRange(q, q.granularity, asOf.day), granularity: q.granularity }, asOf);
    return answer(ctx, request, reply, q.format, body, npsExport(body));
  });

  r.get('/v1/success/usage', {
    config,
    schema: { tags, summary: 'Active users, total and average usage per plan and period; feature adoption per plan', querystring: usageQuery, response: { 200: usageResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const asOf = requestAsOf(ctx, q);
    const body = await loadUsage(db, workspace.id, { ...resolveRange(q, q.granularity, asOf.day), granularity: q.granularity }, asOf);
    return answer(ctx, request, reply, q.format, body, usageExport(body, q.table));
  });

  r.get('/v1/metrics/ltv-by-plan', {
    config: { access: 'metrics:read' },
    schema: { tags: ['metrics'], summary: "LTV per plan: the plan's ARPA / its monthly customer churn rate over the last 6 months", querystring: asOfQuery, response: { 200: ltvByPlanResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const body = await withFx(loadLtvByPlan(db, workspace.id, requestAsOf(ctx, request.query), reportingFx(ctx, workspace)));
    return answer(ctx, request, reply, request.query.format, body, ltvByPlanExport(body));
  });
}
