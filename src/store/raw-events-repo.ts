// The raw event log: every provider event exactly once, and the processing queue over it.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export type RawEventInput = {
  workspaceId: string;
  sourceId: string;
  eventId: string;
  type: string;
  created: number;
  livemode: boolean;
  payload: unknown;
};

export type PendingEvent = {
  workspaceId: string;
  sourceId: string;
  eventId: string;
  type: string;
  created: number;
  payload: unknown;
  attempts: number;
};

const BATCH = 500;

/** Stores events not seen before; returns the ids that were new (the rest were redeliveries).
 *  One JSON parameter per batch: far cheaper to parse than thousands of bound values. */
export async function insertRawEvents(db: Kysely<Database>, events: readonly RawEventInput[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < events.length; i += BATCH) {
    const rows = events.slice(i, i + BATCH).map((e) => ({
      workspace_id: e.workspaceId,
      source_id: e.sourceId,
      event_id: e.eventId,
      type: e.type,
      event_created: e.created,
      livemode: e.livemode,
      payload: e.payload,
    }));
    const result = await sql<{ event_id: string }>`
      insert into raw_events (workspace_id, source_id, event_id, type, event_created, livemode, payload)
      select workspace_id, source_id, event_id, type, to_timestamp(event_created), livemode, payload
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(workspace_id text, source_id text, event_id text, type text, event_created bigint, livemode boolean, payload jsonb)
      on conflict (workspace_id, source_id, event_id) do nothing
      returning event_id`.execute(db);
    for (const row of result.rows) inserted.add(row.event_id);
  }
  return inserted;
}

/**
 * Claims up to `limit` unprocessed events (oldest first), counting an attempt on each. Rows
 * another instance is claiming right now are skipped, so instances never work on the same event.
 */
export async function claimPendingEvents(db: Kysely<Database>, limit: number, maxAttempts = 5): Promise<PendingEvent[]> {
  const result = await sql<{
    workspace_id: string;
    source_id: string;
    event_id: string;
    type: string;
    created: number;
    payload: unknown;
    attempts: number;
  }>`
    update raw_events r set attempts = r.attempts + 1
    from (
      select workspace_id, source_id, event_id from raw_events
      where processed_at is null and attempts < ${maxAttempts}
      order by event_created, event_id
      limit ${limit}
      for update skip locked
    ) c
    where r.workspace_id = c.workspace_id and r.source_id = c.source_id and r.event_id = c.event_id
    returning r.workspace_id, r.source_id, r.event_id, r.type,
      extract(epoch from r.event_created)::bigint as created, r.payload, r.attempts`.execute(db);
  return result.rows
    .map((r) => ({
      workspaceId: r.workspace_id,
      sourceId: r.source_id,
      eventId: r.event_id,
      type: r.type,
      created: Number(r.created),
      payload: r.payload,
      attempts: r.attempts,
    }))
    .sort((a, b) => a.created - b.created || a.eventId.localeCompare(b.eventId));
}

export type EventOutcome = {
  workspaceId: string;
  sourceId: string;
  eventId: string;
  dropReason: string | null;
  dropDetail: string | null;
};

export async function markProcessed(db: Kysely<Database>, outcomes: readonly EventOutcome[]): Promise<void> {
  for (let i = 0; i < outcomes.length; i += BATCH) {
    const chunk = outcomes.slice(i, i + BATCH);
    await sql`
      update raw_events r set processed_at = now(), drop_reason = v.drop_reason, drop_detail = v.drop_detail, last_error = null
      from (select * from jsonb_to_recordset(${JSON.stringify(
        chunk.map((o) => ({
          workspace_id: o.workspaceId,
          source_id: o.sourceId,
          event_id: o.eventId,
          drop_reason: o.dropReason,
          drop_detail: o.dropDetail,
        })),
      )}::jsonb) as x(workspace_id text, source_id text, event_id text, drop_reason text, drop_detail text)) v
      where r.workspace_id = v.workspace_id and r.source_id = v.source_id and r.event_id = v.event_id`.execute(db);
  }
}

export async function markFailed(db: Kysely<Database>, events: readonly PendingEvent[], error: string): Promise<void> {
  for (const e of events) {
    await db
      .updateTable('raw_events')
      .set({ last_error: error.slice(0, 2000) })
      .where('workspace_id', '=', e.workspaceId)
      .where('source_id', '=', e.sourceId)
      .where('event_id', '=', e.eventId)
      .execute();
  }
}

export async function countPendingEvents(db: Kysely<Database>, workspaceId?: string): Promise<number> {
  let query = db.selectFrom('raw_events').select((eb) => eb.fn.countAll<number>().as('n')).where('processed_at', 'is', null);
  if (workspaceId) query = query.where('workspace_id', '=', workspaceId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
