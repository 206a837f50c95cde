// Sync state per source: the backfill's progress (resumable), whether a sync is running, the
// objects a backfill stages for reconstruction, and the outcome of each sync on the source row.
import { sql, type Kysely, type Updateable } from 'kysely';
import type { Database } from './schema.js';
import type { BackfillCursors } from './schema-sync.js';

export type BackfillState = {
  status: 'none' | 'running' | 'done' | 'failed';
  asOf: number | null;
  cutoff: number | null;
  cursors: BackfillCursors;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type SyncStatus = BackfillState & { runningKind: 'full' | 'incremental' | null; runningSince: Date | null };

type Key = { workspaceId: string; sourceId: string };

type StateRow = {
  backfill_status: BackfillState['status'];
  backfill_as_of: number | null;
  backfill_cutoff: number | null;
  backfill_cursors: BackfillCursors;
  backfill_started_at: Date | null;
  backfill_finished_at: Date | null;
  running_kind: 'full' | 'incremental' | null;
  running_since: Date | null;
};

function toStatus(row: StateRow | undefined): SyncStatus {
  return {
    status: row?.backfill_status ?? 'none',
    asOf: row?.backfill_as_of ?? null,
    cutoff: row?.backfill_cutoff ?? null,
    cursors: row?.backfill_cursors ?? {},
    startedAt: row?.backfill_started_at ?? null,
    finishedAt: row?.backfill_finished_at ?? null,
    runningKind: row?.running_kind ?? null,
    runningSince: row?.running_since ?? null,
  };
}

export async function loadSyncStatus(db: Kysely<Database>, key: Key): Promise<SyncStatus> {
  const row = await db
    .selectFrom('source_sync_state')
    .selectAll()
    .where('workspace_id', '=', key.workspaceId)
    .where('source_id', '=', key.sourceId)
    .executeTakeFirst();
  return toStatus(row);
}

/** Sync status of every source of a workspace that has one, by source id. */
export async function loadSyncStatuses(db: Kysely<Database>, workspaceId: string): Promise<Map<string, SyncStatus>> {
  const rows = await db.selectFrom('source_sync_state').selectAll().where('workspace_id', '=', workspaceId).execute();
  return new Map(rows.map((row) => [row.source_id, toStatus(row)]));
}

async function ensureRow(db: Kysely<Database>, key: Key): Promise<void> {
  await db
    .insertInto('source_sync_state')
    .values({ workspace_id: key.workspaceId, source_id: key.sourceId })
    .onConflict((oc) => oc.columns(['workspace_id', 'source_id']).doNothing())
    .execute();
}

/** Sets columns of the source's sync state row. */
async function updateSyncState(db: Kysely<Database>, key: Key, values: Updateable<Database['source_sync_state']>): Promise<void> {
  await db
    .updateTable('source_sync_state')
    .set(values)
    .where('workspace_id', '=', key.workspaceId)
    .where('source_id', '=', key.sourceId)
    .execute();
}

export async function markRunning(db: Kysely<Database>, key: Key, kind: 'full' | 'incremental' | null, at: Date): Promise<void> {
  await ensureRow(db, key);
  await updateSyncState(db, key, { running_kind: kind, running_since: kind ? at : null });
}

export async function startBackfill(db: Kysely<Database>, key: Key, asOf: number, at: Date): Promise<void> {
  await ensureRow(db, key);
  await updateSyncState(db, key, { backfill_status: 'running', backfill_as_of: asOf, backfill_cutoff: null, backfill_cursors: '{}', backfill_started_at: at, backfill_finished_at: null });
}

export async function saveBackfillCursors(db: Kysely<Database>, key: Key, cursors: BackfillCursors): Promise<void> {
  await updateSyncState(db, key, { backfill_cursors: JSON.stringify(cursors) });
}

export async function finishBackfill(
  db: Kysely<Database>,
  key: Key,
  outcome: { status: 'done' | 'failed'; cutoff?: number | null; at: Date },
): Promise<void> {
  await updateSyncState(db, key, {
    backfill_status: outcome.status,
    ...(outcome.cutoff !== undefined ? { backfill_cutoff: outcome.cutoff } : {}),
    backfill_finished_at: outcome.status === 'done' ? outcome.at : null,
  });
}

/** Records a finished sync on the source: success clears the error and may advance the cursor. */
export async function recordSyncResult(
  db: Kysely<Database>,
  key: Key,
  result: { ok: true; at: Date; cursor?: number } | { ok: false; error: string },
): Promise<void> {
  const query = db.updateTable('sources').where('workspace_id', '=', key.workspaceId).where('source_id', '=', key.sourceId);
  if (!result.ok) {
    await query.set({ last_error: result.error.slice(0, 1000) }).execute();
    return;
  }
  await query
    .set({
      last_error: null,
      last_synced_at: result.at,
      ...(result.cursor !== undefined ? { sync_cursor: String(result.cursor) } : {}),
    })
    .execute();
}

export async function readSyncCursor(db: Kysely<Database>, key: Key): Promise<number | null> {
  const row = await db
    .selectFrom('sources')
    .select('sync_cursor')
    .where('workspace_id', '=', key.workspaceId)
    .where('source_id', '=', key.sourceId)
    .executeTakeFirst();
  const value = row?.sync_cursor ? Number(row.sync_cursor) : NaN;
  return Number.isFinite(value) ? value : null;
}

/** Every Stripe source with an API key and PayPal source with a client secret, across workspaces: what the heartbeat visits. */
export async function listSyncableSources(db: Kysely<Database>): Promise<Key[]> {
  const rows = await db
    .selectFrom('sources')
    .select(['workspace_id', 'source_id'])
    .where('provider', 'in', ['stripe', 'paypal'])
    .where('api_key_enc', 'is not', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, sourceId: r.source_id }));
}

/** The provider of a source (which sync runs it), or null when there is no such source. */
export async function findSourceProvider(db: Kysely<Database>, key: Key): Promise<Database['sources']['provider'] | null> {
  const row = await db.selectFrom('sources').select('provider').where('workspace_id', '=', key.workspaceId).where('source_id', '=', key.sourceId).executeTakeFirst();
  return row?.provider ?? null;
}

export type StagedObject = { type: 'subscription' | 'invoice' | 'charge' | 'price'; id: string; parentId: string | null; payload: Record<string, unknown> };

export async function stageObjects(db: Kysely<Database>, key: Key, objects: readonly StagedObject[]): Promise<void> {
  if (objects.length === 0) return;
  const rows = objects.map((o) => ({
    workspace_id: key.workspaceId,
    source_id: key.sourceId,
    object_type: o.type,
    object_id: o.id,
    parent_id: o.parentId,
    payload: o.payload,
  }));
  // One JSON parameter per batch, as in raw-events-repo: cheap to parse, no bind-parameter limit.
  await sql`
    insert into sync_staging (workspace_id, source_id, object_type, object_id, parent_id, payload)
    select workspace_id, source_id, object_type, object_id, parent_id, payload
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(workspace_id text, source_id text, object_type text, object_id text, parent_id text, payload jsonb)
    on conflict (workspace_id, source_id, object_type, object_id)
      do update set parent_id = excluded.parent_id, payload = excluded.payload`.execute(db);
}

export async function stagedPage(
  db: Kysely<Database>,
  key: Key,
  type: StagedObject['type'],
  after: string | null,
  limit: number,
): Promise<StagedObject[]> {
  let query = db
    .selectFrom('sync_staging')
    .select(['object_id', 'parent_id', 'payload'])
    .where('workspace_id', '=', key.workspaceId)
    .where('source_id', '=', key.sourceId)
    .where('object_type', '=', type);
  if (after !== null) query = query.where('object_id', '>', after);
  const rows = await query.orderBy('object_id').limit(limit).execute();
  return rows.map((r) => ({ type, id: r.object_id, parentId: r.parent_id, payload: r.payload }));
}

export async function stagedChildren(
  db: Kysely<Database>,
  key: Key,
  type: StagedObject['type'],
  parentIds: readonly string[],
): Promise<StagedObject[]> {
  if (parentIds.length === 0) return [];
  const rows = await db
    .selectFrom('sync_staging')
    .select(['object_id', 'parent_id', 'payload'])
    .where('workspace_id', '=', key.workspaceId)
    .where('source_id', '=', key.sourceId)
    .where('object_type', '=', type)
    .where('parent_id', 'in', parentIds)
    .execute();
  return rows.map((r) => ({ type, id: r.object_id, parentId: r.parent_id, payload: r.payload }));
}

export async function countStaged(db: Kysely<Database>, key: Key, type: StagedObject['type']): Promise<number> {
  const row = await db
    .selectFrom('sync_staging')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', key.workspaceId)
    .where('source_id', '=', key.sourceId)
    .where('object_type', '=', type)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clearStaging(db: Kysely<Database>, key: Key): Promise<void> {
  await db.deleteFrom('sync_staging').where('workspace_id', '=', key.workspaceId).where('source_id', '=', key.sourceId).execute();
}

export async function deleteSyncState(db: Kysely<Database>, key: Key): Promise<void> {
  await clearStaging(db, key);
  await db.deleteFrom('source_sync_state').where('workspace_id', '=', key.workspaceId).where('source_id', '=', key.sourceId).execute();
}
