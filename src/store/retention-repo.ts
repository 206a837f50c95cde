// Retention (issue 17): a workspace's policy, the runs that applied it, and the SQL each kind of
// retention needs — stored payloads to scrub and the scrubbed copies written back, old rolled-up
// tracking messages dropped, old audit and security entries dropped (inside withPurge, the only
// place those logs may lose rows), expired GDPR export files cleared. Every query is scoped by
// workspace, except the security events that belong to no workspace (deleteOldSecurityEvents).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type RetentionPolicy = {
  /** Days after which raw provider payloads (and tracking payloads) lose their personal data. */
  rawPayloadDays: number | null;
  /** Days after which raw tracking messages are dropped (their daily roll-ups stay). */
  usageRawDays: number | null;
  auditDays: number | null;
  securityDays: number | null;
  /** Days a GDPR export's file is kept for download. */
  exportDays: number;
  updatedBy: string | null;
  updatedAt: Date | null;
};

export const DEFAULT_EXPORT_DAYS = 7;
export const DEFAULT_POLICY: RetentionPolicy = { rawPayloadDays: null, usageRawDays: null, auditDays: null, securityDays: null, exportDays: DEFAULT_EXPORT_DAYS, updatedBy: null, updatedAt: null };

export type RetentionPolicyChange = Partial<Pick<RetentionPolicy, 'rawPayloadDays' | 'usageRawDays' | 'auditDays' | 'securityDays' | 'exportDays'>>;

type PolicyRow = { raw_payload_days: number | null; usage_raw_days: number | null; audit_days: number | null; security_days: number | null; export_days: number; updated_by: string | null; updated_at: Date };

const toPolicy = (r: PolicyRow): RetentionPolicy => ({
  rawPayloadDays: r.raw_payload_days, usageRawDays: r.usage_raw_days, auditDays: r.audit_days, securityDays: r.security_days,
  exportDays: r.export_days, updatedBy: r.updated_by, updatedAt: new Date(r.updated_at),
});

/** The workspace's policy; without one, everything is kept for ever and exports for 7 days. */
export async function getPolicy(db: Db, workspaceId: string): Promise<RetentionPolicy> {
  const row = await db.selectFrom('retention_policies').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ? toPolicy(row) : DEFAULT_POLICY;
}

/** Changes the given fields (null: keep for ever), the others stay; returns the new policy. */
export async function setPolicy(db: Db, workspaceId: string, change: RetentionPolicyChange, updatedBy: string | null, now: Date): Promise<RetentionPolicy> {
  const current = await getPolicy(db, workspaceId);
  const next = { ...current, ...change };
  const values = {
    raw_payload_days: next.rawPayloadDays, usage_raw_days: next.usageRawDays, audit_days: next.auditDays, security_days: next.securityDays,
    export_days: next.exportDays, updated_by: updatedBy, updated_at: now,
  };
  const row = await db
    .insertInto('retention_policies')
    .values({ workspace_id: workspaceId, ...values })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPolicy(row);
}

/** Workspaces the retention job visits: those with a policy, and those holding an export file
 *  (kept export_days by default even without a policy). */
export async function workspacesToRetain(db: Db): Promise<string[]> {
  const rows = await sql<{ workspace_id: string }>`
    select workspace_id from retention_policies
    union
    select distinct workspace_id from gdpr_requests where artifact is not null
    order by workspace_id`.execute(db);
  return rows.rows.map((r) => r.workspace_id);
}

// ── Runs ────────────────────────────────────────────────────────────────────────────────────

export type RetentionCounts = Record<string, number>;
export type RetentionRun = { id: string; workspaceId: string; startedAt: Date; finishedAt: Date | null; status: 'running' | 'completed' | 'failed'; counts: RetentionCounts; error: string | null };

// (retention_runs.counts is written and read with plain SQL: its column type in
// schema-compliance.ts wraps a JSON column in Generated, which Kysely cannot write to.)
export async function startRun(db: Db, input: { workspaceId: string; runId: string; at: Date }): Promise<void> {
  await sql`insert into retention_runs (workspace_id, run_id, started_at, status) values (${input.workspaceId}, ${input.runId}, ${input.at.toISOString()}::timestamptz, 'running')`.execute(db);
}

export async function finishRun(db: Db, input: { workspaceId: string; runId: string; at: Date; counts: RetentionCounts; error: string | null }): Promise<void> {
  await sql`
    update retention_runs set finished_at = ${input.at.toISOString()}::timestamptz, status = ${input.error === null ? 'completed' : 'failed'},
      counts = ${JSON.stringify(input.counts)}::jsonb, error = ${input.error}
    where workspace_id = ${input.workspaceId} and run_id = ${input.runId}`.execute(db);
}

/** The workspace's runs, newest first. */
export async function lastRuns(db: Db, workspaceId: string, limit: number): Promise<RetentionRun[]> {
  const rows = await sql<{ run_id: string; workspace_id: string; started_at: Date; finished_at: Date | null; status: RetentionRun['status']; counts: RetentionCounts; error: string | null }>`
    select run_id, workspace_id, started_at, finished_at, status, counts, error from retention_runs
    where workspace_id = ${workspaceId} order by started_at desc, run_id desc limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: r.run_id, workspaceId: r.workspace_id, startedAt: new Date(r.started_at), finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    status: r.status, counts: r.counts, error: r.error,
  }));
}

// ── Raw payloads: personal data stripped ───────────────────────────────────────────────────

export type StoredPayload = { key: string; payload: unknown };

/** Up to `limit` processed provider events received before `before` and not scrubbed yet (an
 *  event still waiting to be processed keeps its payload until it is: the records need it). Key:
 *  source id and event id joined by a NUL. */
export async function rawPayloadsToScrub(db: Db, workspaceId: string, before: Date, limit: number): Promise<StoredPayload[]> {
  const rows = await db
    .selectFrom('raw_events')
    .select(['source_id', 'event_id', 'payload'])
    .where('workspace_id', '=', workspaceId)
    .where('scrubbed_at', 'is', null)
    .where('received_at', '<', before)
    .where((eb) => eb.or([eb('processed_at', 'is not', null), eb('dead_at', 'is not', null)]))
    .limit(limit)
    .execute();
  return rows.map((r) => ({ key: `${r.source_id}\u0000${r.event_id}`, payload: r.payload }));
}

/** Writes the scrubbed payloads back and marks them scrubbed (a payload with nothing personal is
 *  marked too, so it is not read again). */
export async function writeScrubbedRawPayloads(db: Db, workspaceId: string, rows: readonly StoredPayload[], at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const data = rows.map((r) => {
    const [sourceId, eventId] = r.key.split('\u0000') as [string, string];
    return { source_id: sourceId, event_id: eventId, payload: r.payload };
  });
  const result = await sql`
    update raw_events e set payload = x.payload, scrubbed_at = ${at.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(source_id text, event_id text, payload jsonb)
    where e.workspace_id = ${workspaceId} and e.source_id = x.source_id and e.event_id = x.event_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Tracking messages received before `before` and not scrubbed yet (rolled up or not: the
 *  roll-up reads ids and event names, which stay). */
export async function signalPayloadsToScrub(db: Db, workspaceId: string, before: Date, limit: number): Promise<StoredPayload[]> {
  const rows = await db
    .selectFrom('signal_events')
    .select(['message_id', 'payload'])
    .where('workspace_id', '=', workspaceId)
    .where('scrubbed_at', 'is', null)
    .where('received_at', '<', before)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ key: r.message_id, payload: r.payload }));
}

export async function writeScrubbedSignalPayloads(db: Db, workspaceId: string, rows: readonly StoredPayload[], at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const data = rows.map((r) => ({ message_id: r.key, payload: r.payload }));
  const result = await sql`
    update signal_events s set payload = x.payload, scrubbed_at = ${at.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(message_id text, payload jsonb)
    where s.workspace_id = ${workspaceId} and s.message_id = x.message_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

// ── Usage: raw tracking messages dropped once rolled up ─────────────────────────────────────

/** Deletes up to `limit` rolled-up tracking messages received before `before`; returns how many. */
export async function deleteRolledUpSignals(db: Db, workspaceId: string, before: Date, limit: number): Promise<number> {
  const result = await sql`
    delete from signal_events where workspace_id = ${workspaceId} and message_id in (
      select message_id from signal_events
      where workspace_id = ${workspaceId} and rolled_up_at is not null and received_at < ${before.toISOString()}::timestamptz
      limit ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Messages received before `before` still waiting for the roll-up (held for an ungrouped user:
 *  the roll-up drops them after 7 days, and the next run deletes them). */
export async function countUnrolledSignals(db: Db, workspaceId: string, before: Date): Promise<number> {
  const row = await db
    .selectFrom('signal_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('rolled_up_at', 'is', null)
    .where('received_at', '<', before)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ── Audit and security logs (call inside withPurge) ────────────────────────────────────────

export async function deleteOldAuditEntries(trx: Transaction<Database>, workspaceId: string, before: Date): Promise<number> {
  const result = await trx.deleteFrom('audit_log').where('workspace_id', '=', workspaceId).where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A workspace's security events before `before`; `null` workspace: the events of no workspace. */
export async function deleteOldSecurityEvents(trx: Transaction<Database>, workspaceId: string | null, before: Date): Promise<number> {
  const result = await trx
    .deleteFrom('security_events')
    .where((eb) => (workspaceId === null ? eb('workspace_id', 'is', null) : eb('workspace_id', '=', workspaceId)))
    .where('at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ── GDPR export files ────────────────────────────────────────────────────────────────────────

/** Clears export files past artifact_expires_at (or, without one, completed more than
 *  `exportDays` ago); the request rows stay. Returns how many files went. */
export async function clearExpiredExports(db: Db, workspaceId: string, now: Date, exportDays: number): Promise<number> {
  const completedBefore = new Date(now.getTime() - exportDays * 86_400_000);
  const result = await db
    .updateTable('gdpr_requests')
    .set({ artifact: null })
    .where('workspace_id', '=', workspaceId)
    .where('artifact', 'is not', null)
    .where((eb) => eb.or([
      eb('artifact_expires_at', '<=', now),
      eb.and([eb('artifact_expires_at', 'is', null), eb('completed_at', '<', completedBefore)]),
    ]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ── Sessions (pruned by src/jobs/session-prune.ts; retention only reports) ───────────────────

/** Sessions of the workspace's members that can no longer be used but are still stored: 0 when
 *  the hourly prune keeps up. */
export async function expiredSessionsWaiting(db: Db, workspaceId: string, input: { now: Date; idleSince: Date }): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', 'in', (eb) => eb.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId))
    .where((eb) => eb.or([eb('expires_at', '<=', input.now), eb.and([eb('stage', '=', 'active'), eb('last_seen_at', '<', input.idleSince)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
