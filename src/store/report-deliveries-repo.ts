// The report delivery log (table report_deliveries), also the idempotency record of scheduled
// e-mails: one row per schedule and period (`on conflict do nothing` on report_deliveries_once).
// A row moves pending → rendering (claimed with `for update skip locked` and a lease) → sending
// (committed right before the SMTP hand-off) → sent; or back to pending after a failure, failed
// after the last attempt, interrupted when found in 'sending' with its lease over. Every change
// after the claim is conditional on the attempt that claimed it, so an instance that lost its
// claim (its lease ended and another took the row) can never record over the other's work.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { ReportDeliveryStatus } from './schema-reports.js';

type Db = Kysely<Database> | Transaction<Database>;

export type StoredDelivery = {
  id: string;
  scheduleId: string | null;
  reportKey: string;
  periodKey: string;
  asOf: Date;
  recipients: string[];
  formats: string[];
  trigger: 'schedule' | 'manual';
  requestedBy: string | null;
  status: ReportDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  messageId: string | null;
  renderMs: number | null;
  bytes: number | null;
  sentAt: Date | null;
  createdAt: Date;
};

export type DeliveryWrite = {
  workspaceId: string;
  id: string;
  scheduleId: string | null;
  reportKey: string;
  periodKey: string;
  asOf: Date;
  recipients: string[];
  formats: string[];
  trigger: 'schedule' | 'manual';
  requestedBy: string | null;
  now: Date;
  /** A row that is over before it starts (its report no longer exists): failed with this error. */
  failedWith?: string;
};

const columns = [
  'delivery_id', 'schedule_id', 'report_key', 'period_key', 'as_of', 'recipients', 'formats', 'trigger', 'requested_by', 'status', 'attempts',
  'next_attempt_at', 'lease_until', 'last_error', 'message_id', 'render_ms', 'bytes', 'sent_at', 'created_at',
] as const;

type Row = {
  delivery_id: string; schedule_id: string | null; report_key: string; period_key: string; as_of: Date | string; recipients: string[]; formats: string[];
  trigger: 'schedule' | 'manual'; requested_by: string | null; status: ReportDeliveryStatus; attempts: number | string; next_attempt_at: Date | string;
  lease_until: Date | string | null; last_error: string | null; message_id: string | null; render_ms: number | string | null; bytes: number | string | null;
  sent_at: Date | string | null; created_at: Date | string;
};

const date = (v: Date | string | null) => (v === null ? null : new Date(v));
const int = (v: number | string | null) => (v === null ? null : Number(v));

function toDelivery(r: Row): StoredDelivery {
  return {
    id: r.delivery_id, scheduleId: r.schedule_id, reportKey: r.report_key, periodKey: r.period_key, asOf: new Date(r.as_of),
    recipients: r.recipients ?? [], formats: r.formats ?? [], trigger: r.trigger, requestedBy: r.requested_by, status: r.status,
    attempts: Number(r.attempts), nextAttemptAt: new Date(r.next_attempt_at), leaseUntil: date(r.lease_until), lastError: r.last_error,
    messageId: r.message_id, renderMs: int(r.render_ms), bytes: int(r.bytes), sentAt: date(r.sent_at), createdAt: new Date(r.created_at),
  };
}

function values(input: DeliveryWrite) {
  return {
    workspace_id: input.workspaceId, delivery_id: input.id, schedule_id: input.scheduleId, report_key: input.reportKey, period_key: input.periodKey,
    as_of: input.asOf, recipients: JSON.stringify(input.recipients), formats: JSON.stringify(input.formats), trigger: input.trigger,
    requested_by: input.requestedBy, next_attempt_at: input.now, created_at: input.now,
    ...(input.failedWith !== undefined ? { status: 'failed' as const, last_error: input.failedWith } : {}),
  };
}

/** Queues a manual delivery. */
export async function insertDelivery(db: Db, input: DeliveryWrite): Promise<StoredDelivery> {
  return toDelivery(await db.insertInto('report_deliveries').values(values(input)).returning(columns).executeTakeFirstOrThrow());
}

/** Queues a scheduled delivery unless its schedule already has one for that period; true when this call queued it. */
export async function queueScheduledDelivery(db: Db, input: DeliveryWrite): Promise<boolean> {
  // The partial unique index is inferred from a literal predicate (a bound parameter would not match it).
  const row = await db.insertInto('report_deliveries').values(values(input))
    .onConflict((oc) => oc.columns(['workspace_id', 'schedule_id', 'period_key']).where(sql<boolean>`trigger = 'schedule'`).doNothing())
    .returning('delivery_id').executeTakeFirst();
  return row !== undefined;
}

export async function getDelivery(db: Db, workspaceId: string, deliveryId: string): Promise<StoredDelivery | null> {
  const row = await db.selectFrom('report_deliveries').select(columns).where('workspace_id', '=', workspaceId).where('delivery_id', '=', deliveryId).executeTakeFirst();
  return row ? toDelivery(row) : null;
}

/** The log, newest first, after the row (createdAt, id) of the previous page. */
export async function listDeliveryRows(db: Db, workspaceId: string, options: { limit: number; after?: { createdAt: Date; id: string }; reportKey?: string }): Promise<StoredDelivery[]> {
  let query = db.selectFrom('report_deliveries').select(columns).where('workspace_id', '=', workspaceId);
  if (options.reportKey !== undefined) query = query.where('report_key', '=', options.reportKey);
  const after = options.after;
  if (after) query = query.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('delivery_id', '<', after.id)])]));
  const rows = await query.orderBy('created_at', 'desc').orderBy('delivery_id', 'desc').limit(options.limit).execute();
  return rows.map(toDelivery);
}

/** Workspaces with a delivery due now: pending and its time come, or a lease that ran out. */
export async function workspacesWithDueReportDeliveries(db: Db, now: Date): Promise<string[]> {
  const rows = await db.selectFrom('report_deliveries').select('workspace_id').distinct()
    .where('status', 'in', ['pending', 'rendering', 'sending']).where('next_attempt_at', '<=', now).orderBy('workspace_id').execute();
  return rows.map((r) => r.workspace_id);
}

/**
 * Settles rows whose lease ran out: one found in 'sending' (its instance stopped during or after
 * the SMTP hand-off) becomes 'interrupted' with `interruptedError` — it may have been delivered,
 * so it is never sent again automatically; one found in 'rendering' after its last attempt
 * becomes 'failed'. (Other 'rendering' rows are simply claimed again.) The rows settled.
 */
export async function settleExpiredLeases(db: Db, workspaceId: string, now: Date, options: { maxAttempts: number; interruptedError: string; abandonedError: string }): Promise<{ interrupted: number; failed: number }> {
  const interrupted = await db.updateTable('report_deliveries').set({ status: 'interrupted', last_error: options.interruptedError, lease_until: null })
    .where('workspace_id', '=', workspaceId).where('status', '=', 'sending').where('next_attempt_at', '<=', now).executeTakeFirst();
  const failed = await db.updateTable('report_deliveries').set({ status: 'failed', last_error: options.abandonedError, lease_until: null })
    .where('workspace_id', '=', workspaceId).where('status', '=', 'rendering').where('next_attempt_at', '<=', now)
    .where('attempts', '>=', options.maxAttempts).executeTakeFirst();
  return { interrupted: Number(interrupted.numUpdatedRows), failed: Number(failed.numUpdatedRows) };
}

/**
 * Claims up to `limit` due rows — pending whose time has come, or 'rendering' whose lease ran out
 * (a crash between claim and send) — for this instance until `leaseUntil`: status 'rendering',
 * one more attempt. `for update skip locked`: a row another instance is claiming is left to it.
 * `deliveryId`: that row only (the command line sends the one it queued).
 */
export async function claimDueReportDeliveries(db: Db, workspaceId: string, now: Date, leaseUntil: Date, limit: number, options: { deliveryId?: string } = {}): Promise<StoredDelivery[]> {
  const only = options.deliveryId !== undefined ? sql`and x.delivery_id = ${options.deliveryId}` : sql``;
  const result = await sql<Row>`
    update report_deliveries d set status = 'rendering', attempts = d.attempts + 1, lease_until = ${leaseUntil}, next_attempt_at = ${leaseUntil}
    from (
      select x.workspace_id, x.delivery_id from report_deliveries x
      where x.workspace_id = ${workspaceId} and x.status in ('pending', 'rendering') and x.next_attempt_at <= ${now} ${only}
      order by x.next_attempt_at, x.delivery_id
      limit ${limit}
      for update of x skip locked
    ) due
    where d.workspace_id = due.workspace_id and d.delivery_id = due.delivery_id
    returning ${sql.join(columns.map((c) => sql.ref(`d.${c}`)))}`.execute(db);
  return result.rows.map(toDelivery);
}

/** The render is done: 'sending', committed before the SMTP hand-off, with a fresh lease. False when this attempt no longer holds the row. */
export async function markSending(db: Db, workspaceId: string, deliveryId: string, attempt: number, facts: { renderMs: number; bytes: number; leaseUntil: Date }): Promise<boolean> {
  const result = await db.updateTable('report_deliveries')
    .set({ status: 'sending', render_ms: facts.renderMs, bytes: facts.bytes, lease_until: facts.leaseUntil, next_attempt_at: facts.leaseUntil })
    .where('workspace_id', '=', workspaceId).where('delivery_id', '=', deliveryId).where('status', '=', 'rendering').where('attempts', '=', attempt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The SMTP server accepted the message. Also over 'interrupted': what is known to be sent is recorded as sent. */
export async function markSent(db: Db, workspaceId: string, deliveryId: string, attempt: number, facts: { sentAt: Date; messageId: string }): Promise<void> {
  await db.updateTable('report_deliveries')
    .set({ status: 'sent', sent_at: facts.sentAt, message_id: facts.messageId, last_error: null, lease_until: null, next_attempt_at: facts.sentAt })
    .where('workspace_id', '=', workspaceId).where('delivery_id', '=', deliveryId).where('status', 'in', ['sending', 'interrupted']).where('attempts', '=', attempt)
    .execute();
}

/** A failed attempt: pending again at `retryAt`, or failed for good (retryAt null). */
export async function recordDeliveryFailure(db: Db, workspaceId: string, deliveryId: string, attempt: number, outcome: { error: string; retryAt: Date | null; now: Date }): Promise<void> {
  await db.updateTable('report_deliveries')
    .set(outcome.retryAt
      ? { status: 'pending', next_attempt_at: outcome.retryAt, last_error: outcome.error, lease_until: null }
      : { status: 'failed', next_attempt_at: outcome.now, last_error: outcome.error, lease_until: null })
    .where('workspace_id', '=', workspaceId).where('delivery_id', '=', deliveryId).where('status', 'in', ['rendering', 'sending']).where('attempts', '=', attempt)
    .execute();
}

/** Queues a failed or interrupted row again, its attempts from zero; null when the row is not in one of those states. */
export async function requeueDelivery(db: Db, workspaceId: string, deliveryId: string, now: Date): Promise<StoredDelivery | null> {
  const row = await db.updateTable('report_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null, last_error: null })
    .where('workspace_id', '=', workspaceId).where('delivery_id', '=', deliveryId).where('status', 'in', ['failed', 'interrupted'])
    .returning(columns).executeTakeFirst();
  return row ? toDelivery(row) : null;
}
