// Retention policies, their last runs and the compliance report (docs/compliance.md), for those
// with compliance:manage: GET/PUT /v1/retention/policy, GET /v1/retention/runs and
// GET /v1/compliance/report?from=&to=&format=pdf|csv. Changing the policy and downloading the
// report are audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { sessionPolicy } from '../../accounts/sessions.js';
import { renderComplianceReport } from '../../compliance/report.js';
import { addDays, daysBetween } from '../../core/dates.js';
import { COMPLIANCE_REPORT_FORMATS, retentionPolicyAnswer, retentionPolicyInput, retentionRuns } from '../../read/compliance/contract.js';
import { expiredSessionsWaiting, getPolicy, lastRuns, setPolicy, type RetentionPolicy } from '../../store/retention-repo.js';
import type { Workspace } from '../../store/workspaces-repo.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { dayParam, errors, scoped } from '../schemas/common.js';
import { resolveWorkspace } from '../workspace-param.js';

const tags = ['compliance'];
const access = { access: 'compliance:manage' as const };
/** The longest period one report covers. */
const MAX_REPORT_DAYS = 3660;

export async function retentionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  const answer = async (workspace: Workspace, policy: RetentionPolicy) => {
    const now = ctx.now();
    const sessions = sessionPolicy(ctx.config.auth);
    return {
      policy: { ...policy, updatedAt: policy.updatedAt?.toISOString() ?? null },
      sessions: {
        ttlHours: ctx.config.auth.sessionTtlHours, idleMinutes: ctx.config.auth.sessionIdleMinutes,
        expiredWaiting: await expiredSessionsWaiting(db, workspace.id, { now, idleSince: new Date(now.getTime() - sessions.idleMs) }),
      },
    };
  };

  r.get('/v1/retention/policy', {
    config: access,
    schema: { tags, summary: "The workspace's retention policy (null days: kept for ever)", querystring: z.object(scoped), response: { 200: retentionPolicyAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    return answer(workspace, await getPolicy(db, workspace.id));
  });

  r.put('/v1/retention/policy', {
    bodyLimit: SMALL_BODY,
    config: access,
    schema: { tags, summary: 'Change the retention policy (the fields given; null keeps for ever)', querystring: z.object(scoped), body: retentionPolicyInput, response: { 200: retentionPolicyAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const { principal } = requireGrant(request);
    const actor = actorOf(principal);
    const before = await getPolicy(db, workspace.id);
    const change = Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined));
    const policy = await setPolicy(db, workspace.id, change, actor.label, ctx.now());
    await recordAudit(db, {
      workspaceIds: [workspace.id], actor, action: 'retention.policy_changed', target: { type: 'workspace', id: workspace.id, label: workspace.name },
      detail: { before: { ...before, updatedAt: undefined, updatedBy: undefined }, after: change }, meta: requestMeta(request), at: ctx.now(),
    });
    return answer(workspace, policy);
  });

  r.get('/v1/retention/runs', {
    config: access,
    schema: { tags, summary: 'The last retention runs over the workspace, newest first', querystring: z.object({ ...scoped, limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: retentionRuns, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const runs = await lastRuns(db, workspace.id, request.query.limit);
    return { data: runs.map((run) => ({ id: run.id, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null, status: run.status, counts: run.counts, error: run.error })) };
  });

  r.get('/v1/compliance/report', {
    config: access,
    schema: {
      tags, summary: 'The compliance report: GDPR requests in a period, the retention policy, the last runs (PDF or CSV)',
      querystring: z.object({ ...scoped, from: dayParam.optional(), to: dayParam.optional(), format: z.enum(COMPLIANCE_REPORT_FORMATS).default('pdf') }),
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const query = request.query;
    const to = query.to ?? ctx.now().toISOString().slice(0, 10);
    const from = query.from ?? addDays(to, -29);
    if (from > to) throw new ApiError('RVP_VALIDATION', `from: must not be after to (${from} > ${to})`);
    if (daysBetween(from, to) > MAX_REPORT_DAYS) throw new ApiError('RVP_VALIDATION', `from: a report covers at most ${MAX_REPORT_DAYS} days`);
    const format = query.format;
    const file = await renderComplianceReport(db, workspace, { from, to, now: ctx.now() }, format);
    const { principal } = requireGrant(request);
    await recordAudit(db, {
      workspaceIds: [workspace.id], actor: actorOf(principal), action: 'compliance.report_exported', target: { type: 'export', id: 'compliance_report', label: `${from} – ${to}` },
      detail: { from, to, format }, meta: requestMeta(request), at: ctx.now(),
    });
    return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });
}
