// The alert centre and alert rules (issue 13, item 7): GET /v1/alerts (filtered, paged), one
// alert, and acknowledge / snooze / assign (alerts:manage); GET /v1/alert-rules (success:read)
// and creating, changing and deleting rules (settings:write, audit-logged). Parse, authorise
// (the hook), call src/read/alerts, src/notify/alert-actions and the alerts repo, respond.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../accounts/security-log.js';
import { DEFAULT_ALERT_RULES, ruleProblem, withDefaults } from '../../core/alert-rules.js';
import { actOn } from '../../notify/alert-actions.js';
import { resolveAsOf } from '../../read/clock.js';
import {
  alertAnswer, alertListResponse, alertRuleAnswer, alertRuleInput, alertRuleListResponse, alertRuleUpdate, ALERT_STATUSES, assignInput, snoozeInput,
  type AlertRuleUpdate,
} from '../../read/alerts/contract.js';
import { loadAlert, loadAlertPage, loadAlertRules, ruleItem } from '../../read/alerts/load.js';
import { deleteRule, ensureDefaultRules, findRule, insertRule, openCountsByRule, updateRule, type AlertRuleRow, type AlertRuleWrite } from '../../store/alerts-repo.js';
import type { AlertAction } from '../../store/alerts-repo.js';
import type { AppContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { actorOf, requestMeta, requireGrant } from '../auth/principal.js';
import { customerIdParam, idParam } from '../text-schema.js';
import { resolveWorkspace } from '../workspace-param.js';
import { asOfParam, errorBody, errors, formatParam, scoped } from '../schemas/common.js';
import { flatten } from '../csv.js';
import { everyPage, exportFormatOf, sendExport } from '../export.js';
import { ALERT_EXPORT, alertRow } from './success-exports.js';

/** The longest snooze: a quarter. */
const MAX_SNOOZE_DAYS = 90;

const listQuery = z.object({
  ...scoped,
  status: z.string().optional().transform((s, ctx) => {
    if (s === undefined) return undefined;
    const parsed = z.array(z.enum(ALERT_STATUSES)).safeParse(s.split(',').map((p) => p.trim()));
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `must be one or more of ${ALERT_STATUSES.join(', ')} (comma-separated)` });
      return z.NEVER;
    }
    return parsed.data;
  }).describe('comma-separated: open, acknowledged, snoozed, cleared (default: all)'),
  rule: idParam.optional().describe('a rule id'),
  assignee: idParam.optional().describe("a member's user id, or none"),
  customer: customerIdParam.optional().describe('a customer id'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  asOf: asOfParam,
  format: formatParam,
});
const cursorShape = z.object({ at: z.string(), id: z.string() });
const idParams = z.object({ id: idParam });
const scopedQuery = z.object(scoped);

export async function alertRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['alerts'];
  const manage = { access: 'alerts:manage' as const };
  const write = { access: 'settings:write' as const };

  r.get('/v1/alerts', {
    config: { access: 'success:read' },
    schema: { tags, summary: 'The alert centre: alerts with their customer, rule, evidence and deliveries, newest first', querystring: listQuery, response: { 200: alertListResponse, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const asOf = resolveAsOf(q.asOf, ctx.now());
    const filters = {
      openedBy: asOf.at, ...(q.status ? { status: q.status } : {}), ...(q.rule ? { ruleId: q.rule } : {}),
      ...(q.assignee ? { assignee: q.assignee } : {}), ...(q.customer ? { customerId: q.customer } : {}),
    };
    const format = exportFormatOf(request, q.format);
    if (format) {
      // Every alert matching the filters, page by page.
      async function* rows() {
        for await (const alert of everyPage((cursor: z.infer<typeof cursorShape> | null) => loadAlertPage(db, workspace.id, filters, 200, cursor))) yield flatten(alertRow(alert));
      }
      return sendExport(ctx, request, reply, format, { ...ALERT_EXPORT, rows: rows(), asOf });
    }
    const page = await loadAlertPage(db, workspace.id, filters, q.limit, decodeCursor(q.cursor, cursorShape));
    return { data: page.items, nextCursor: page.next ? encodeCursor(page.next) : null, total: page.total };
  });

  r.get('/v1/alerts/:id', {
    config: { access: 'success:read' },
    schema: { tags, summary: 'One alert', params: idParams, querystring: scopedQuery, response: { 200: alertAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    return { alert: await alertOrThrow(workspace.id, request.params.id) };
  });

  async function alertOrThrow(workspaceId: string, alertId: string) {
    const alert = await loadAlert(db, workspaceId, alertId, ctx.now());
    if (!alert) throw new ApiError('RVP_ALERT_NOT_FOUND', `No alert with id ${alertId} in this workspace.`);
    return alert;
  }

  async function act(request: FastifyRequest<{ Params: { id: string } }>, action: AlertAction) {
    const workspace = await resolveWorkspace(db, request);
    const result = await actOn(ctx.store, ctx.bus, workspace.id, request.params.id, action, ctx.now());
    if (result === 'missing') throw new ApiError('RVP_ALERT_NOT_FOUND', `No alert with id ${request.params.id} in this workspace.`);
    if (result === 'cleared') throw new ApiError('RVP_ALERT_CLEARED');
    if (result === 'not_member') throw new ApiError('RVP_VALIDATION', 'body/userId: must be a member of this workspace');
    return { alert: await alertOrThrow(workspace.id, request.params.id) };
  }

  r.post('/v1/alerts/:id/acknowledge', {
    config: manage,
    schema: { tags, summary: 'Acknowledge an alert (it stays until its rule stops firing)', params: idParams, querystring: scopedQuery, response: { 200: alertAnswer, ...errors, 409: errorBody } },
  }, async (request) => {
    const { principal } = requireGrant(request);
    return act(request, { kind: 'acknowledge', userId: principal.kind === 'user' ? principal.userId : null });
  });

  r.post('/v1/alerts/:id/snooze', {
    bodyLimit: SMALL_BODY,
    config: manage,
    schema: { tags, summary: 'Snooze an alert until an instant: no notice until then', params: idParams, querystring: scopedQuery, body: snoozeInput, response: { 200: alertAnswer, ...errors, 409: errorBody } },
  }, async (request) => {
    const until = new Date(request.body.until);
    const now = ctx.now();
    if (until.getTime() <= now.getTime()) throw new ApiError('RVP_VALIDATION', 'body/until: must be in the future');
    if (until.getTime() > now.getTime() + MAX_SNOOZE_DAYS * 86_400_000) throw new ApiError('RVP_VALIDATION', `body/until: must be at most ${MAX_SNOOZE_DAYS} days ahead`);
    return act(request, { kind: 'snooze', until });
  });

  r.post('/v1/alerts/:id/assign', {
    bodyLimit: SMALL_BODY,
    config: manage,
    schema: { tags, summary: 'Assign an alert to a member of the workspace, or to nobody (null)', params: idParams, querystring: scopedQuery, body: assignInput, response: { 200: alertAnswer, ...errors, 409: errorBody } },
  }, async (request) => act(request, { kind: 'assign', userId: request.body.userId }));

  // Rules.
  const audit = async (request: FastifyRequest, workspaceId: string, action: string, rule: AlertRuleRow, detail: Record<string, unknown> = {}) =>
    recordAudit(db, {
      workspaceIds: [workspaceId], actor: actorOf(requireGrant(request).principal), action,
      target: { type: 'alert_rule', id: rule.ruleId, label: rule.name }, detail: { kind: rule.kind, ...detail }, meta: requestMeta(request), at: ctx.now(),
    });

  r.get('/v1/alert-rules', {
    config: { access: 'success:read' },
    schema: { tags, summary: "The workspace's alert rules (the defaults are created on first use)", querystring: scopedQuery, response: { 200: alertRuleListResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    return loadAlertRules(db, workspace.id, ctx.config.mail !== null, ctx.now());
  });

  r.post('/v1/alert-rules', {
    bodyLimit: SMALL_BODY,
    config: write,
    schema: { tags, summary: 'Add an alert rule', querystring: scopedQuery, body: alertRuleInput, response: { 201: alertRuleAnswer, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    // A workspace's first rule joins the defaults, as it would after its first evaluation.
    await ensureDefaultRules(db, workspace.id, DEFAULT_ALERT_RULES, ctx.now());
    const b = request.body;
    const rule = checked({
      ...withDefaults(b.kind, b.threshold, b.params), name: b.name, enabled: b.enabled ?? true, emailTo: b.emailTo ?? [], webhookUrl: b.webhookUrl ?? null,
    });
    const created = await insertRule(db, workspace.id, rule, ctx.now());
    await audit(request, workspace.id, 'alert_rule.created', created);
    return reply.status(201).send({ rule: ruleItem(created, 0) });
  });

  r.put('/v1/alert-rules/:id', {
    bodyLimit: SMALL_BODY,
    config: write,
    schema: { tags, summary: 'Change an alert rule (the fields given)', params: idParams, querystring: scopedQuery, body: alertRuleUpdate, response: { 200: alertRuleAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const current = await findRule(db, workspace.id, request.params.id);
    if (!current) throw ruleNotFound(request.params.id);
    const b: AlertRuleUpdate = request.body;
    if (b.kind !== undefined && b.kind !== current.kind) throw new ApiError('RVP_VALIDATION', `body/kind: a rule's kind cannot change (this one is ${current.kind}): add a new rule instead`);
    const rule = checked({
      ...withDefaults(current.kind, b.threshold === undefined ? current.threshold : b.threshold, { ...current.params, ...b.params }),
      name: b.name ?? current.name, enabled: b.enabled ?? current.enabled, emailTo: b.emailTo ?? current.emailTo,
      webhookUrl: b.webhookUrl === undefined ? current.webhookUrl : b.webhookUrl,
    });
    const updated = await updateRule(db, workspace.id, current.ruleId, rule, ctx.now());
    if (!updated) throw ruleNotFound(request.params.id);
    await audit(request, workspace.id, 'alert_rule.updated', updated, { changed: Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined) });
    const open = await openCountsByRule(db, workspace.id);
    return { rule: ruleItem(updated, open.get(updated.ruleId) ?? 0) };
  });

  r.delete('/v1/alert-rules/:id', {
    config: write,
    schema: { tags, summary: 'Delete an alert rule with its alerts', params: idParams, querystring: scopedQuery, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const current = await findRule(db, workspace.id, request.params.id);
    if (!current || !(await deleteRule(db, workspace.id, current.ruleId))) throw ruleNotFound(request.params.id);
    await audit(request, workspace.id, 'alert_rule.deleted', current);
    return reply.status(204).send(null);
  });
}

function ruleNotFound(id: string): ApiError {
  return new ApiError('RVP_ALERT_RULE_NOT_FOUND', `No alert rule with id ${id} in this workspace.`);
}

/** The rule, or a validation error naming the field whose number does not suit its kind. */
function checked(rule: AlertRuleWrite): AlertRuleWrite {
  const problem = ruleProblem(rule);
  if (problem) throw new ApiError('RVP_VALIDATION', `body/${problem.field}: ${problem.message}`);
  return { ...rule, emailTo: [...new Set(rule.emailTo.map((e) => e.toLowerCase()))] };
}
