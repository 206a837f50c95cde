// Report e-mails (issue 14, item 3), all reports:manage: schedules (GET, POST, PUT /:id, DELETE
// /:id /v1/report-schedules), the delivery log (GET /v1/report-deliveries, POST /:id/retry) and
// "Send now" (POST /v1/reports/:kind/send → 202 with the queued delivery, which the scheduler then
// sends). The rules — cron, time zone, addresses, formats, which report — are the delivery
// service's (src/reports/delivery/service.ts): its ReportInputError is a 400 naming the field.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as zm from 'zod/mini';
import {
  BUILTIN_REPORTS, customReportId, reportDeliveryAnswer, reportDeliveryListResponse, reportScheduleAnswer, reportScheduleInput, reportScheduleListResponse,
  reportScheduleUpdate, reportSendInput, type AttachmentFormat,
} from '../../read/reports/contract.js';
import {
  createSchedule, deleteSchedule, DeliveryNotRetryable, listDeliveries, listSchedules, queueSendNow, ReportInputError, retryDelivery, updateSchedule, type ScheduleInput,
} from '../../reports/delivery/service.js';
import { getCustomReport } from '../../reports/custom-reports.js';
import { actorOf, requireGrant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { SMALL_BODY } from '../hardening.js';
import { errorBody, errors, scoped } from '../schemas/common.js';
import { reportDeliveryQuery, reportIdParams, reportKindParams } from '../schemas/reports.js';
import { resolveWorkspace } from '../workspace-param.js';
import { reportNotFound } from './report-catalog.js';

/** The attachments of a schedule created without formats (the table's default). */
const SCHEDULE_FORMATS: AttachmentFormat[] = ['pdf', 'xlsx'];

/** Runs a service call, answering its ReportInputError with 400 and its message (it names the
 *  field), and a retry of a delivery that is neither failed nor interrupted with 409. */
async function checked<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DeliveryNotRetryable) throw new ApiError('RVP_REPORT_DELIVERY_NOT_RETRYABLE', error.message);
    if (error instanceof ReportInputError) throw new ApiError('RVP_VALIDATION', error.message);
    throw error;
  }
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
const scheduleNotFound = (id: string) => new ApiError('RVP_REPORT_SCHEDULE_NOT_FOUND', `No report schedule with id ${id} in this workspace.`);

export async function reportDeliveryRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  const tags = ['reports'];
  const manage = { access: 'reports:manage' as const };
  const scopedQuery = z.object(scoped);
  const updateBody = reportScheduleUpdate.check(zm.refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give a field to change', path: ['reportKey'] }));

  r.get('/v1/report-schedules', {
    config: manage,
    schema: { tags, summary: 'The report schedules of the workspace, with their next run', querystring: scopedQuery, response: { 200: reportScheduleListResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    return { data: await listSchedules(db, workspace.id, ctx.now()), emailConfigured: ctx.config.mail !== null };
  });

  r.post('/v1/report-schedules', {
    bodyLimit: SMALL_BODY,
    config: manage,
    schema: { tags, summary: 'Schedule a report by e-mail (cron in a time zone, recipients, attachments)', querystring: scopedQuery, body: reportScheduleInput, response: { 201: reportScheduleAnswer, ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const { principal } = requireGrant(request);
    const b = request.body;
    const input: ScheduleInput = {
      reportKey: b.reportKey, cron: b.cron, timeZone: b.timeZone ?? 'UTC', recipients: unique(b.recipients), formats: unique(b.formats ?? SCHEDULE_FORMATS), enabled: b.enabled ?? true,
    };
    const schedule = await checked(createSchedule(db, workspace.id, input, principal.kind === 'user' ? principal.userId : null, ctx.now()));
    return reply.status(201).send({ schedule });
  });

  r.put('/v1/report-schedules/:id', {
    bodyLimit: SMALL_BODY,
    config: manage,
    schema: { tags, summary: 'Change a report schedule (any of its fields)', params: reportIdParams, querystring: scopedQuery, body: updateBody, response: { 200: reportScheduleAnswer, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const b = request.body;
    const patch: Partial<ScheduleInput> = {
      ...(b.reportKey !== undefined ? { reportKey: b.reportKey } : {}), ...(b.cron !== undefined ? { cron: b.cron } : {}),
      ...(b.timeZone !== undefined ? { timeZone: b.timeZone } : {}), ...(b.recipients !== undefined ? { recipients: unique(b.recipients) } : {}),
      ...(b.formats !== undefined ? { formats: unique(b.formats) } : {}), ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
    };
    const schedule = await checked(updateSchedule(db, workspace.id, request.params.id, patch, ctx.now()));
    if (!schedule) throw scheduleNotFound(request.params.id);
    return { schedule };
  });

  r.delete('/v1/report-schedules/:id', {
    config: manage,
    schema: { tags, summary: 'Delete a report schedule (its delivery log stays)', params: reportIdParams, querystring: scopedQuery, response: { 204: z.null().describe('deleted'), ...errors } },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    if (!(await deleteSchedule(db, workspace.id, request.params.id))) throw scheduleNotFound(request.params.id);
    return reply.status(204).send(null);
  });

  r.get('/v1/report-deliveries', {
    config: manage,
    schema: { tags, summary: 'The delivery log: every report e-mail, scheduled or sent by hand, newest first', querystring: reportDeliveryQuery, response: { 200: reportDeliveryListResponse, ...errors } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const q = request.query;
    const page = await checked(listDeliveries(db, workspace.id, { limit: q.limit, ...(q.cursor !== undefined ? { cursor: q.cursor } : {}), ...(q.report !== undefined ? { reportKey: q.report } : {}) }));
    return { data: page.items, nextCursor: page.next };
  });

  r.post('/v1/report-deliveries/:id/retry', {
    config: manage,
    schema: { tags, summary: 'Send a failed or interrupted delivery again', params: reportIdParams, querystring: scopedQuery, response: { 200: reportDeliveryAnswer, ...errors, 409: errorBody } },
  }, async (request) => {
    const workspace = await resolveWorkspace(db, request);
    const id = request.params.id;
    const delivery = await checked(retryDelivery(db, workspace.id, id, ctx.now()));
    if (!delivery) throw new ApiError('RVP_REPORT_DELIVERY_NOT_FOUND', `No report delivery with id ${id} in this workspace.`);
    ctx.wakeReports?.();
    return { delivery };
  });

  r.post('/v1/reports/:kind/send', {
    bodyLimit: SMALL_BODY,
    config: manage,
    schema: {
      tags, summary: 'Send a report by e-mail now (queued; the delivery log shows how it went)', params: reportKindParams, querystring: scopedQuery,
      body: zm.optional(zm.nullable(reportSendInput)), response: { 202: reportDeliveryAnswer, ...errors },
    },
  }, async (request, reply) => {
    const workspace = await resolveWorkspace(db, request);
    const { principal } = requireGrant(request);
    const kind = request.params.kind;
    const known = (BUILTIN_REPORTS as readonly string[]).includes(kind) || (customReportId.safeParse(kind).success && (await getCustomReport(db, workspace.id, kind)) !== null);
    if (!known) throw reportNotFound(kind);
    const b = request.body ?? {};
    const delivery = await checked(queueSendNow(db, workspace.id, {
      reportKey: kind, ...(b.period !== undefined ? { period: b.period } : {}), ...(b.to !== undefined ? { to: unique(b.to) } : {}),
      ...(b.formats !== undefined ? { formats: unique(b.formats) } : {}),
      requestedBy: actorOf(principal).label, requesterEmail: principal.kind === 'user' ? principal.email : null,
    }, ctx.now()));
    ctx.wakeReports?.();
    return reply.status(202).send({ delivery });
  });
}
