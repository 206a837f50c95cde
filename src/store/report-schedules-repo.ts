// A workspace's report schedules (table report_schedules): when a report is e-mailed, to whom,
// with which attachments. This file only reads and writes rows; validation and next-run times are
// src/reports/delivery/schedules.ts, the firing src/reports/delivery/due-schedules.ts.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type StoredSchedule = {
  id: string;
  reportKey: string;
  cron: string;
  timeZone: string;
  recipients: string[];
  formats: string[];
  enabled: boolean;
  /** Fire times up to this instant have been queued (or passed over). */
  checkedUntil: Date;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type ScheduleWrite = { reportKey: string; cron: string; timeZone: string; recipients: string[]; formats: string[]; enabled: boolean };

const columns = ['schedule_id', 'report_key', 'cron', 'time_zone', 'recipients', 'formats', 'enabled', 'checked_until', 'created_by', 'created_at', 'updated_at'] as const;

type Row = {
  schedule_id: string; report_key: string; cron: string; time_zone: string; recipients: string[]; formats: string[]; enabled: boolean;
  checked_until: Date; created_by: string | null; created_at: Date; updated_at: Date;
};

function toSchedule(r: Row): StoredSchedule {
  return {
    id: r.schedule_id, reportKey: r.report_key, cron: r.cron, timeZone: r.time_zone, recipients: r.recipients ?? [], formats: r.formats ?? [],
    enabled: r.enabled, checkedUntil: new Date(r.checked_until), createdBy: r.created_by, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  };
}

export async function listStoredSchedules(db: Db, workspaceId: string, options: { reportKey?: string } = {}): Promise<StoredSchedule[]> {
  let query = db.selectFrom('report_schedules').select(columns).where('workspace_id', '=', workspaceId);
  if (options.reportKey !== undefined) query = query.where('report_key', '=', options.reportKey);
  const rows = await query.orderBy('created_at').orderBy('schedule_id').execute();
  return rows.map(toSchedule);
}

export async function getStoredSchedule(db: Db, workspaceId: string, scheduleId: string): Promise<StoredSchedule | null> {
  const row = await db.selectFrom('report_schedules').select(columns).where('workspace_id', '=', workspaceId).where('schedule_id', '=', scheduleId).executeTakeFirst();
  return row ? toSchedule(row) : null;
}

export async function insertSchedule(db: Db, input: ScheduleWrite & { workspaceId: string; id: string; createdBy: string | null; now: Date }): Promise<StoredSchedule> {
  const row = await db.insertInto('report_schedules').values({
    workspace_id: input.workspaceId, schedule_id: input.id, report_key: input.reportKey, cron: input.cron, time_zone: input.timeZone,
    recipients: JSON.stringify(input.recipients), formats: JSON.stringify(input.formats), enabled: input.enabled,
    checked_until: input.now, created_by: input.createdBy, created_at: input.now, updated_at: input.now,
  }).returning(columns).executeTakeFirstOrThrow();
  return toSchedule(row);
}

/** Writes the given fields; `checkedUntil` restarts the schedule's clock (a new cron, or enabled again). Null when no such schedule. */
export async function updateStoredSchedule(db: Db, workspaceId: string, scheduleId: string, patch: Partial<ScheduleWrite> & { checkedUntil?: Date }, now: Date): Promise<StoredSchedule | null> {
  const row = await db.updateTable('report_schedules').set({
    ...(patch.reportKey !== undefined ? { report_key: patch.reportKey } : {}),
    ...(patch.cron !== undefined ? { cron: patch.cron } : {}),
    ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
    ...(patch.recipients !== undefined ? { recipients: JSON.stringify(patch.recipients) } : {}),
    ...(patch.formats !== undefined ? { formats: JSON.stringify(patch.formats) } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    ...(patch.checkedUntil !== undefined ? { checked_until: patch.checkedUntil } : {}),
    updated_at: now,
  }).where('workspace_id', '=', workspaceId).where('schedule_id', '=', scheduleId).returning(columns).executeTakeFirst();
  return row ? toSchedule(row) : null;
}

export async function deleteStoredSchedule(db: Db, workspaceId: string, scheduleId: string): Promise<boolean> {
  const result = await db.deleteFrom('report_schedules').where('workspace_id', '=', workspaceId).where('schedule_id', '=', scheduleId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Workspaces with an enabled schedule whose clock is behind `now` (the scheduler visits only those). */
export async function workspacesWithEnabledSchedules(db: Db, now: Date): Promise<string[]> {
  const rows = await db.selectFrom('report_schedules').select('workspace_id').distinct()
    .where('enabled', '=', true).where('checked_until', '<', now).orderBy('workspace_id').execute();
  return rows.map((r) => r.workspace_id);
}

/** A workspace's enabled schedules whose clock is behind `now`. */
export async function enabledSchedulesBehind(db: Db, workspaceId: string, now: Date): Promise<StoredSchedule[]> {
  const rows = await db.selectFrom('report_schedules').select(columns)
    .where('workspace_id', '=', workspaceId).where('enabled', '=', true).where('checked_until', '<', now)
    .orderBy('schedule_id').execute();
  return rows.map(toSchedule);
}

/** Moves a schedule's clock forward to `until` (never back: another instance may have moved it further). */
export async function advanceCheckedUntil(db: Db, workspaceId: string, scheduleId: string, until: Date): Promise<void> {
  await db.updateTable('report_schedules').set({ checked_until: until })
    .where('workspace_id', '=', workspaceId).where('schedule_id', '=', scheduleId).where('checked_until', '<', until).execute();
}
