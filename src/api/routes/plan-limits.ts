// Plan limits (issue 13): GET/PUT /v1/settings/plan-limits (per plan, the limits that matter —
// a usage event name or $seats, a number, a period) and GET /v1/customers/:id/usage (a
// customer's usage against its plan's limits and its top events, as of an instant).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { resolveAsOf } from '../../read/clock.js';
import { customerUsageResponse, LIMIT_PERIODS, planLimits, planLimitsResponse } from '../../read/limits/contract.js';
import { loadCustomerUsage, loadPlanLimits } from '../../read/limits/load.js';
import { planExists, replacePlanLimits } from '../../store/plan-limits-repo.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { customerIdParam, text } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, errors, scoped } from '../schemas/common.js';
import { today } from './metrics-shared.js';

const updateBody = z.strictObject({
  planId: text(255).min(1),
  limits: z.array(z.strictObject({
    metric: text(200).transform((m) => m.trim()).pipe(z.string().min(1, 'must not be empty')).describe('a usage event name, or $seats'),
    limit: z.number().positive().max(1e15),
    period: z.enum(LIMIT_PERIODS).default('month'),
  })).max(100),
}).superRefine((body, issue) => {
  const seen = new Set<string>();
  body.limits.forEach((l, i) => {
    if (seen.has(l.metric)) issue.addIssue({ code: 'custom', message: `${l.metric} has two limits: give each metric one`, path: ['limits', i, 'metric'] });
    seen.add(l.metric);
  });
});

const idParams = z.object({ id: customerIdParam });

export async function planLimitRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get('/v1/settings/plan-limits', {
    config: { access: 'success:read' },
    schema: { tags: ['settings'], summary: 'Every plan with its limits, and the usage event names a limit can name', querystring: z.object(scoped), response: { 200: planLimitsResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    return loadPlanLimits(db, workspace.id, today(ctx));
  });

  r.put('/v1/settings/plan-limits', {
    bodyLimit: SMALL_BODY,
    config: { access: 'settings:write' },
    schema: { tags: ['settings'], summary: "Replace one plan's limits (an empty list removes them)", querystring: z.object(scoped), body: updateBody, response: { 200: planLimits, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const { planId, limits } = request.body;
    if (!(await planExists(db, workspace.id, planId))) throw new ApiError('RVP_PLAN_NOT_FOUND', `body.planId: no plan ${planId} in this workspace (GET /v1/settings/plan-limits lists them).`);
    await replacePlanLimits(db, workspace.id, planId, limits, ctx.now());
    const { principal } = requireGrant(request);
    await recordAudit(db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'settings.plan_limits_changed',
      target: { type: 'workspace', id: workspace.id, label: workspace.name }, detail: { planId, limits }, meta: requestMeta(request), at: ctx.now(),
    });
    const saved = (await loadPlanLimits(db, workspace.id, today(ctx))).plans.find((p) => p.planId === planId);
    return saved ?? { planId, planName: null, limits };
  });

  r.get('/v1/customers/:id/usage', {
    config: { access: 'success:read' },
    schema: {
      tags: ['customers'], summary: "A customer's usage against its plan's limits, and its top events over the last 30 days",
      params: idParams, querystring: z.object({ ...scoped, asOf: asOfParam }), response: { 200: customerUsageResponse, ...errors },
    },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const usage = await loadCustomerUsage(db, workspace.id, request.params.id, resolveAsOf(request.query.asOf, ctx.now()));
    if (!usage) throw new ApiError('RVP_CUSTOMER_NOT_FOUND', `No customer with id ${request.params.id} in this workspace.`);
    return usage;
  });
}
