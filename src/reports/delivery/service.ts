// What the API and the command line call to manage schedules and deliveries (issue 14, item 3).
// The scheduler job (src/jobs/report-scheduler.ts) and the sender (send-due.ts) do the sending.
// Errors a caller can fix are ReportInputError with a message naming the problem.
import type { Kysely } from 'kysely';
import type { AttachmentFormat, ReportDelivery, ReportSchedule } from '../../read/reports/contract.js';
import type { Database } from '../../store/schema.js';

/** Bad input (an invalid cron expression, time zone, address, format, unknown report…): the message says which. */
export class ReportInputError extends Error {}

export type ScheduleInput = {
  reportKey: string;
  cron: string;
  timeZone: string;
  recipients: string[];
  formats: AttachmentFormat[];
  enabled: boolean;
};

export async function listSchedules(db: Kysely<Database>, workspaceId: string, now: Date): Promise<ReportSchedule[]> {
  void db; void workspaceId; void now;
  throw new Error('not built yet');
}

export async function createSchedule(db: Kysely<Database>, workspaceId: string, input: ScheduleInput, actor: string | null, now: Date): Promise<ReportSchedule> {
  void db; void workspaceId; void input; void actor; void now;
  throw new Error('not built yet');
}

/** null when there is no such schedule in the workspace. */
export async function updateSchedule(db: Kysely<Database>, workspaceId: string, scheduleId: string, patch: Partial<ScheduleInput>, now: Date): Promise<ReportSchedule | null> {
  void db; void workspaceId; void scheduleId; void patch; void now;
  throw new Error('not built yet');
}

export async function deleteSchedule(db: Kysely<Database>, workspaceId: string, scheduleId: string): Promise<boolean> {
  void db; void workspaceId; void scheduleId;
  throw new Error('not built yet');
}

/** The delivery log, newest first (cursor: the `createdAt|id` of the last row of the previous page). */
export async function listDeliveries(db: Kysely<Database>, workspaceId: string, options: { limit: number; cursor?: string; reportKey?: string }): Promise<{ items: ReportDelivery[]; next: string | null }> {
  void db; void workspaceId; void options;
  throw new Error('not built yet');
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

/** Queues a manual delivery (sent by the scheduler at once: call ctx.wakeReports after). */
export async function queueSendNow(db: Kysely<Database>, workspaceId: string, input: SendNowInput, now: Date): Promise<ReportDelivery> {
  void db; void workspaceId; void input; void now;
  throw new Error('not built yet');
}

/** Queues a failed or interrupted delivery again (a person decided to resend); null when not found. */
export async function retryDelivery(db: Kysely<Database>, workspaceId: string, deliveryId: string, now: Date): Promise<ReportDelivery | null> {
  void db; void workspaceId; void deliveryId; void now;
  throw new Error('not built yet');
}
