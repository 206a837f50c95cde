// The raw event log: every provider event exactly once, and the processing queue over it.
import { sql, type Kysely, type Transaction } from 'kysely';
import { scrubIncoming } from './erased-customers-repo.js';
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

/** A provider event (a Stripe-shaped envelope) as the raw row that stores it for a source. */
export function rawEventFor(target: { workspaceId: string; sourceId: string }, event: { id: string; type: string; created: number; livemode: boolean }): RawEventInput {
  return { workspaceId: target.workspaceId, sourceId: target.sourceId, eventId: event.id, type: event.type, created: event.created, livemode: event.livemode, payload: event };
}

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

/** GDPR: an event naming a customer erased earlier is stored with their personal data scrubbed. */
const scrubErased = (db: Kysely<Database>, events: readonly RawEventInput[]) =>
  scrubIncoming(db, events, (e) => ({ payload: e.payload, sourceId: e.sourceId }), (e, payload) => ({ ...e, payload }));

/** Stores events not seen before; returns the ids that were new (the rest were redeliveries).
 *  One JSON parameter per batch: far cheaper to parse than thousands of bound values. */
export async function insertRawEvents(db: Kysely<Database>, incoming: readonly RawEventInput[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  const events = await scrubErased(db, incoming);
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

/** Who holds a claim, and for how long: a worker that dies loses its events when the lease runs
 *  out, and another worker (or its own restart) takes them again. */
export type Lease = { owner: string; seconds: number };

/** After this many failed attempts an event is parked as a dead letter. */
export const MAX_ATTEMPTS = 5;

/**
 * Leases up to `limit` unprocessed events (oldest first) that are not leased by a live worker,
 * not waiting for a retry and not dead. Rows another instance is leasing right now are skipped
 * (SKIP LOCKED), and a leased row is invisible to every other claim until its lease runs out.
 */
export async function claimPendingEvents(db: Kysely<Database>, limit: number, lease: Lease): Promise<PendingEvent[]> {
  const result = await sql<{
    workspace_id: string;
    source_id: string;
    event_id: string;
    type: string;
    created: number;
    payload: unknown;
    attempts: number;
  }>`
    update raw_events r set lease_owner = ${lease.owner}, lease_until = now() + make_interval(secs => ${lease.seconds})
    from (
      select workspace_id, source_id, event_id from raw_events
      where processed_at is null and dead_at is null
        and (lease_until is null or lease_until < now())
        and (next_attempt_at is null or next_attempt_at <= now())
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

const keyOf = (e: { workspaceId: string; sourceId: string; eventId: string }) => `${e.workspaceId}|${e.sourceId}|${e.eventId}`;
const keysJson = (events: readonly { workspaceId: string; sourceId: string; eventId: string }[]) =>
  JSON.stringify(events.map((e) => ({ w: e.workspaceId, s: e.sourceId, e: e.eventId })));

/**
 * Inside the transaction that applies them: locks the events this worker still holds and
 * returns them. An event whose lease ran out and was taken by another worker (or was processed
 * meanwhile) is left out, so no event's effects are ever applied twice.
 */
export async function holdLeasedEvents<T extends PendingEvent>(trx: Transaction<Database>, owner: string, events: readonly T[]): Promise<T[]> {
  if (events.length === 0) return [];
  // A join on the primary key, rows locked in one fixed order so two workers lock in the same order.
  const result = await sql<{ workspace_id: string; source_id: string; event_id: string }>`
    select r.workspace_id, r.source_id, r.event_id from raw_events r
    join jsonb_to_recordset(${keysJson(events)}::jsonb) as k(w text, s text, e text)
      on r.workspace_id = k.w and r.source_id = k.s and r.event_id = k.e
    where r.lease_owner = ${owner} and r.processed_at is null and r.dead_at is null
    order by r.workspace_id, r.source_id, r.event_id
    for update of r`.execute(trx);
  const held = new Set(result.rows.map((r) => `${r.workspace_id}|${r.source_id}|${r.event_id}`));
  return events.filter((e) => held.has(keyOf(e)));
}

/** Gives leased events back to the queue at once, without counting an attempt (the failure was
 *  not theirs: the database went away, or the worker is stopping). */
export async function releaseLeases(db: Kysely<Database>, owner: string, events?: readonly PendingEvent[]): Promise<void> {
  if (events && events.length === 0) return;
  await sql`
    update raw_events r set lease_owner = null, lease_until = null
    where r.lease_owner = ${owner} and r.processed_at is null
      ${events ? sql`and (r.workspace_id, r.source_id, r.event_id) in (select w, s, e from jsonb_to_recordset(${keysJson(events)}::jsonb) as k(w text, s text, e text))` : sql``}`.execute(db);
}

/** Releases every lease (an embedded database has one process: leases found at start are a
 *  previous run's, which can no longer be working on them). */
export async function releaseAllLeases(db: Kysely<Database>): Promise<number> {
  const result = await db.updateTable('raw_events').set({ lease_owner: null, lease_until: null }).where('lease_owner', 'is not', null).where('processed_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
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
      update raw_events r set processed_at = now(), drop_reason = v.drop_reason, drop_detail = v.drop_detail, last_error = null,
        lease_owner = null, lease_until = null, next_attempt_at = null
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

/**
 * Counts a failed attempt on an event this worker holds: records the error, schedules the retry
 * with backoff, and parks the event as a dead letter once it has failed MAX_ATTEMPTS times.
 * Returns whether it was parked.
 */
export async function markFailed(db: Kysely<Database>, owner: string, event: PendingEvent, error: string): Promise<{ dead: boolean }> {
  const result = await sql<{ dead: boolean }>`
    update raw_events set
      attempts = attempts + 1,
      last_error = ${error.slice(0, 2000)},
      lease_owner = null, lease_until = null,
      next_attempt_at = now() + make_interval(secs => least(power(2, attempts + 1), 600)),
      dead_at = case when attempts + 1 >= ${MAX_ATTEMPTS} then now() else null end
    where workspace_id = ${event.workspaceId} and source_id = ${event.sourceId} and event_id = ${event.eventId}
      and lease_owner = ${owner} and processed_at is null
    returning dead_at is not null as dead`.execute(db);
  return { dead: result.rows[0]?.dead ?? false };
}

export type DeadLetter = {
  workspaceId: string;
  sourceId: string;
  eventId: string;
  type: string;
  created: Date;
  attempts: number;
  lastError: string | null;
  deadAt: Date;
};

export async function listDeadLetters(db: Kysely<Database>, workspaceId: string, options: { sourceId?: string; limit?: number } = {}): Promise<DeadLetter[]> {
  let query = db
    .selectFrom('raw_events')
    .select(['workspace_id', 'source_id', 'event_id', 'type', 'event_created', 'attempts', 'last_error', 'dead_at'])
    .where('workspace_id', '=', workspaceId)
    .where('dead_at', 'is not', null)
    .where('processed_at', 'is', null);
  if (options.sourceId) query = query.where('source_id', '=', options.sourceId);
  const rows = await query.orderBy('dead_at', 'desc').orderBy('event_id').limit(options.limit ?? 100).execute();
  return rows.map((r) => ({
    workspaceId: r.workspace_id,
    sourceId: r.source_id,
    eventId: r.event_id,
    type: r.type,
    created: r.event_created,
    attempts: r.attempts,
    lastError: r.last_error,
    deadAt: r.dead_at!,
  }));
}

/** Dead letters per source of the workspace. */
export async function countDeadLetters(db: Kysely<Database>, workspaceId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('raw_events')
    .select(['source_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('dead_at', 'is not', null)
    .where('processed_at', 'is', null)
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((r) => [r.source_id, Number(r.n)]));
}

/** Puts dead letters back in the queue with a fresh set of attempts (after a fix); returns how many. */
export async function retryDeadLetters(db: Kysely<Database>, workspaceId: string, options: { eventIds?: readonly string[]; sourceId?: string } = {}): Promise<number> {
  let query = db
    .updateTable('raw_events')
    .set({ dead_at: null, attempts: 0, next_attempt_at: null, lease_owner: null, lease_until: null })
    .where('workspace_id', '=', workspaceId)
    .where('dead_at', 'is not', null)
    .where('processed_at', 'is', null);
  if (options.sourceId) query = query.where('source_id', '=', options.sourceId);
  if (options.eventIds) query = query.where('event_id', 'in', options.eventIds.length ? [...options.eventIds] : ['']);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countPendingEvents(db: Kysely<Database>, workspaceId?: string): Promise<number> {
  let query = db.selectFrom('raw_events').select((eb) => eb.fn.countAll<number>().as('n')).where('processed_at', 'is', null).where('dead_at', 'is', null);
  if (workspaceId) query = query.where('workspace_id', '=', workspaceId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A top-level text field of the stored payload of each of these events that the source has
 *  stored (events not stored are left out; a payload without the field gives null). Looked up
 *  by the primary key only, so it stays fast however many events the source holds. */
export async function storedPayloadField(
  db: Kysely<Database>,
  target: { workspaceId: string; sourceId: string },
  eventIds: readonly string[],
  field: string,
): Promise<Map<string, string | null>> {
  const stored = new Map<string, string | null>();
  for (let i = 0; i < eventIds.length; i += BATCH * 10) {
    const result = await sql<{ event_id: string; value: string | null }>`
      select event_id, payload->>${field} as value from raw_events
      where workspace_id = ${target.workspaceId} and source_id = ${target.sourceId}
        and event_id = any(${sql.val(eventIds.slice(i, i + BATCH * 10))}::text[])`.execute(db);
    for (const row of result.rows) stored.set(row.event_id, row.value);
  }
  return stored;
}

/** Replaces the payload of stored events (a corrected subscription import row: same key, new
 *  content) and queues them to be processed again from scratch. Returns how many it replaced. */
export async function replaceRawEvents(trx: Transaction<Database>, incoming: readonly RawEventInput[]): Promise<number> {
  let replaced = 0;
  const events = await scrubErased(trx, incoming);
  for (let i = 0; i < events.length; i += BATCH) {
    const rows = events.slice(i, i + BATCH).map((e) => ({
      workspace_id: e.workspaceId, source_id: e.sourceId, event_id: e.eventId, type: e.type, event_created: e.created, livemode: e.livemode, payload: e.payload,
    }));
    const result = await sql`
      update raw_events r set payload = x.payload, type = x.type, event_created = to_timestamp(x.event_created), livemode = x.livemode,
        processed_at = null, drop_reason = null, drop_detail = null, attempts = 0, last_error = null,
        lease_owner = null, lease_until = null, next_attempt_at = null, dead_at = null
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(workspace_id text, source_id text, event_id text, type text, event_created bigint, livemode boolean, payload jsonb)
      where r.workspace_id = x.workspace_id and r.source_id = x.source_id and r.event_id = x.event_id`.execute(trx);
    replaced += Number(result.numAffectedRows ?? 0);
  }
  return replaced;
}

/** Where a bulk read of one workspace's events has got to, in (event_created, event_id) order. */
export type EventCursor = { created: Date; eventId: string };

/**
 * Bulk reprocessing (a rebuild): the next `limit` events of the workspace leased to `owner`, in
 * (event_created, event_id) order after `after`, locked for the transaction that applies them.
 * A lease that ran out and went to another worker leaves its event out, as holdLeasedEvents does.
 * Returns the events (ordered as claimPendingEvents orders them) and the cursor past the last.
 */
export async function readLeasedEvents(
  trx: Transaction<Database>,
  workspaceId: string,
  owner: string,
  after: EventCursor | null,
  limit: number,
): Promise<{ events: PendingEvent[]; first: EventCursor | null; cursor: EventCursor | null }> {
  const result = await sql<{ source_id: string; event_id: string; type: string; event_created: Date; created: number; payload: unknown; attempts: number }>`
    select source_id, event_id, type, event_created, extract(epoch from event_created)::bigint as created, payload, attempts
    from raw_events
    where workspace_id = ${workspaceId} and lease_owner = ${owner} and processed_at is null and dead_at is null
      ${after ? sql`and (event_created, event_id) > (${after.created}, ${after.eventId})` : sql``}
    order by event_created, event_id
    limit ${limit}
    for update`.execute(trx);
  const first = result.rows[0];
  const last = result.rows.at(-1);
  const events = result.rows
    .map((r) => ({ workspaceId, sourceId: r.source_id, eventId: r.event_id, type: r.type, created: Number(r.created), payload: r.payload, attempts: r.attempts }))
    .sort((a, b) => a.created - b.created || a.eventId.localeCompare(b.eventId));
  return { events, first: first ? { created: first.event_created, eventId: first.event_id } : null, cursor: last ? { created: last.event_created, eventId: last.event_id } : null };
}

/** Bulk reprocessing: marks the events of the workspace leased to `owner` from `from` to `upTo`
 *  (those just read and locked) processed in one statement, then sets the drop reasons of the
 *  few that were dropped. Both bounds keep the scan to the batch (an index on event_created). */
export async function markProcessedUpTo(trx: Transaction<Database>, workspaceId: string, owner: string, from: EventCursor, upTo: EventCursor, outcomes: readonly EventOutcome[]): Promise<void> {
  await sql`
    update raw_events set processed_at = now(), drop_reason = null, drop_detail = null, last_error = null,
      lease_owner = null, lease_until = null, next_attempt_at = null
    where workspace_id = ${workspaceId} and lease_owner = ${owner} and processed_at is null and dead_at is null
      and event_created >= ${from.created} and event_created <= ${upTo.created}
      and (event_created, event_id) >= (${from.created}, ${from.eventId}) and (event_created, event_id) <= (${upTo.created}, ${upTo.eventId})`.execute(trx);
  const dropped = outcomes.filter((o) => o.dropReason !== null);
  if (dropped.length > 0) await markProcessed(trx, dropped);
}
