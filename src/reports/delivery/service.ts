// What the API and the command line call to manage schedules and deliveries (issue 14, item 3).
// The scheduler job (src/jobs/report-scheduler.ts) queues what fired (due-schedules.ts) and sends
// what is due (send-due.ts). Errors a caller can fix are ReportInputError with a message naming
// the field and the problem.
import type { Kysely } from 'kysely';
import { dayOf } from '../../core/dates.js';
import { ATTACHMENT_FORMATS, type AttachmentFormat, type ReportDelivery, type ReportSchedule } from '../../read/reports/contract.js';
import { newId } from '../../store/ids.js';
import { getDelivery, insertDelivery, listDeliveryRows, requeueDelivery, type StoredDelivery } from '../../store/report-deliveries-repo.js';
import {
  deleteStoredSchedule, getStoredSchedule, insertSchedule, listStoredSchedules, updateStoredSchedule, type ScheduleWrite, type StoredSchedule,
} from '../../store/report-schedules-repo.js';
import type { Database } from '../../store/schema.js';
import { lastCompletePeriod, parseReportPeriod, ReportPeriodError } from '../period.js';
import { DeliveryNotRetryable, ReportInputError } from './errors.js';
import { requireReportGranularity } from './report-key.js';
import { checkCron, checkFormats, checkRecipients, checkTimeZone, MAX_RECIPIENTS, nextFireAfter } from './schedule-rules.js';

export { DeliveryNotRetryable, ReportInputError };

export type ScheduleInput = {
  reportKey: string;
  cron: string;
  timeZone: string;
  recipients: string[];
  formats: AttachmentFormat[];
  enabled: boolean;
};

/** The attachments of a "Send now" that names none. */
export const DEFAULT_FORMATS: AttachmentFormat[] = ['pdf', 'xlsx'];

const formatsOf = (stored: readonly string[]): AttachmentFormat[] => ATTACHMENT_FORMATS.filter((f) => stored.includes(f));

function toSchedule(s: StoredSchedule, now: Date): ReportSchedule {
  const next = s.enabled ? nextFireAfter(s.cron, s.timeZone, now) : null;
  return {
    id: s.id, reportKey: s.reportKey, cron: s.cron, timeZone: s.timeZone, recipients: s.recipients, formats: formatsOf(s.formats), enabled: s.enabled,
    nextRunAt: next ? next.toISOString() : null, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
  };
}

export function toReportDelivery(d: StoredDelivery): ReportDelivery {
  return {
    id: d.id, scheduleId: d.scheduleId, reportKey: d.reportKey, periodKey: d.periodKey, asOf: d.asOf.toISOString(), recipients: d.recipients,
    formats: formatsOf(d.formats), trigger: d.trigger, requestedBy: d.requestedBy, status: d.status, attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null, lastError: d.lastError, renderMs: d.renderMs, bytes: d.bytes,
    sentAt: d.sentAt ? d.sentAt.toISOString() : null, createdAt: d.createdAt.toISOString(),
  };
}

async function checkPatch(db: Kysely<Database>, workspaceId: string, patch: Partial<ScheduleInput>): Promise<Partial<ScheduleWrite>> {
  const out: Partial<ScheduleWrite> = {};
  if (patch.reportKey !== undefined) {
    await requireReportGranularity(db, workspaceId, patch.reportKey);
    out.reportKey = patch.reportKey;
  }
  if (patch.cron !== undefined) out.cron = checkCron(patch.cron);
  if (patch.timeZone !== undefined) out.timeZone = checkTimeZone(patch.timeZone);
  if (patch.recipients !== undefined) out.recipients = checkRecipients(patch.recipients);
  if (patch.formats !== undefined) out.formats = checkFormats(patch.formats);
  if (patch.enabled !== undefined) out.enabled = patch.enabled;
  return out;
}

export async function listSchedules(db: Kysely<Database>, workspaceId: string, now: Date): Promise<ReportSchedule[]> {
  return (await listStoredSchedules(db, workspaceId)).map((s) => toSchedule(s, now));
}

export async function createSchedule(db: Kysely<Database>, workspaceId: string, input: ScheduleInput, actor: string | null, now: Date): Promise<ReportSchedule> {
  const checked = await checkPatch(db, workspaceId, input);
  // A new schedule's clock starts now: it never sends for fire times before it existed.
  const stored = await insertSchedule(db, { ...(checked as ScheduleWrite), workspaceId, id: newId('sch'), createdBy: actor, now });
  return toSchedule(stored, now);
}

/** null when there is no such schedule in the workspace. */
export async function updateSchedule(db: Kysely<Database>, workspaceId: string, scheduleId: string, patch: Partial<ScheduleInput>, now: Date): Promise<ReportSchedule | null> {
  const current = await getStoredSchedule(db, workspaceId, scheduleId);
  if (!current) return null;
  const checked = await checkPatch(db, workspaceId, patch);
  // A schedule that now fires differently, names another report, or is enabled again starts its
  // clock now: fire times it missed under its old settings or while disabled are not sent.
  const restart = (checked.cron !== undefined && checked.cron !== current.cron)
    || (checked.timeZone !== undefined && checked.timeZone !== current.timeZone)
    || (checked.reportKey !== undefined && checked.reportKey !== current.reportKey)
    || (checked.enabled === true && !current.enabled);
  const stored = await updateStoredSchedule(db, workspaceId, scheduleId, { ...checked, ...(restart ? { checkedUntil: now } : {}) }, now);
  return stored ? toSchedule(stored, now) : null;
}

export async function deleteSchedule(db: Kysely<Database>, workspaceId: string, scheduleId: string): Promise<boolean> {
  return deleteStoredSchedule(db, workspaceId, scheduleId);
}

function parseCursor(cursor: string): { createdAt: Date; id: string } {
  const bar = cursor.indexOf('|');
  const createdAt = new Date(bar > 0 ? cursor.slice(0, bar) : 'invalid');
  const id = cursor.slice(bar + 1);
  if (bar <= 0 || Number.isNaN(createdAt.getTime()) || id === '') throw new ReportInputError('cursor: not a cursor of this list (use the `next` of the previous page)');
  return { createdAt, id };
}

/** The delivery log, newest first (cursor: the `createdAt|id` of the last row of the previous page). */
export async function listDeliveries(db: Kysely<Database>, workspaceId: string, options: { limit: number; cursor?: string; reportKey?: string }): Promise<{ items: ReportDelivery[]; next: string | null }> {
  const limit = Math.min(Math.max(Math.trunc(options.limit), 1), 500);
  const rows = await listDeliveryRows(db, workspaceId, {
    limit: limit + 1,
    ...(options.cursor ? { after: parseCursor(options.cursor) } : {}),
    ...(options.reportKey !== undefined ? { reportKey: options.reportKey } : {}),
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toReportDelivery), next: rows.length > limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null };
}

export type SendNowInput = {
  reportKey: string;
  /** The period's key; absent: the last complete period now. */
  period?: string;
  /** Absent: the recipients of the report's schedules, else the requester's own address. */
  to?: string[];
  formats?: AttachmentFormat[];
  requestedBy: string | null;
  requesterEmail: string | null;
};

async function sendNowRecipients(db: Kysely<Database>, workspaceId: string, input: SendNowInput): Promise<string[]> {
  if (input.to && input.to.length > 0) return checkRecipients(input.to, 'to');
  const scheduled = [...new Set((await listStoredSchedules(db, workspaceId, { reportKey: input.reportKey })).flatMap((s) => s.recipients))].sort();
  if (scheduled.length > MAX_RECIPIENTS) throw new ReportInputError(`to: the report's schedules name ${scheduled.length} recipients, more than ${MAX_RECIPIENTS}: give the addresses to send to`);
  if (scheduled.length > 0) return checkRecipients(scheduled, 'to');
  if (input.requesterEmail) return checkRecipients([input.requesterEmail], 'to');
  throw new ReportInputError('to: no recipients: the report has no schedule and the requester has no e-mail address; give the addresses to send to');
}

/** Queues a manual delivery (sent by the scheduler at once: call ctx.wakeReports after). */
export async function queueSendNow(db: Kysely<Database>, workspaceId: string, input: SendNowInput, now: Date): Promise<ReportDelivery> {
  const granularity = await requireReportGranularity(db, workspaceId, input.reportKey);
  let period;
  try {
    period = input.period !== undefined ? parseReportPeriod(granularity, input.period) : lastCompletePeriod(granularity, now);
  } catch (error) {
    if (error instanceof ReportPeriodError) throw new ReportInputError(`period: ${error.message}`);
    throw error;
  }
  if (period.from > dayOf(Math.floor(now.getTime() / 1000))) throw new ReportInputError(`period: ${period.key} has not started yet`);
  const recipients = await sendNowRecipients(db, workspaceId, input);
  const formats = input.formats !== undefined ? checkFormats(input.formats) : DEFAULT_FORMATS;
  const stored = await insertDelivery(db, {
    workspaceId, id: newId('dlv'), scheduleId: null, reportKey: input.reportKey, periodKey: period.key, asOf: now, recipients, formats,
    trigger: 'manual', requestedBy: input.requestedBy, now,
  });
  return toReportDelivery(stored);
}

/** Queues a failed or interrupted delivery again (a person decided to resend); null when not found,
 *  DeliveryNotRetryable (a ReportInputError) when it is pending, on its way or sent. */
export async function retryDelivery(db: Kysely<Database>, workspaceId: string, deliveryId: string, now: Date): Promise<ReportDelivery | null> {
  const current = await getDelivery(db, workspaceId, deliveryId);
  if (!current) return null;
  const requeued = await requeueDelivery(db, workspaceId, deliveryId, now);
  if (!requeued) throw new DeliveryNotRetryable(`delivery ${deliveryId} is ${current.status}: only a failed or interrupted delivery can be sent again`);
  return toReportDelivery(requeued);
}
