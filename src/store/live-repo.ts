// The live feed's durable side: each message gets a sequence number from the database, so every
// instance agrees on the order, and a reconnecting client can be given what it missed.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type StoredLiveMessage = { seq: number; workspaceId: string; type: string; at: string; data: unknown };

export async function appendLiveMessage(
  db: Kysely<Database>,
  workspaceId: string,
  type: string,
  data: unknown,
): Promise<StoredLiveMessage> {
  const row = await db
    .insertInto('live_messages')
    .values({ workspace_id: workspaceId, type, payload: JSON.stringify(data) })
    .returning(['seq', 'created_at'])
    .executeTakeFirstOrThrow();
  return { seq: row.seq, workspaceId, type, at: row.created_at.toISOString(), data };
}

export async function liveMessagesSince(
  db: Kysely<Database>,
  workspaceId: string,
  since: number,
  limit: number,
): Promise<StoredLiveMessage[]> {
  const rows = await db
    .selectFrom('live_messages')
    .select(['seq', 'type', 'payload', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: r.seq, workspaceId, type: r.type, at: r.created_at.toISOString(), data: r.payload }));
}

/** Keeps the replay buffer bounded: drops messages older than the newest `keep` per workspace. */
export async function trimLiveMessages(db: Kysely<Database>, workspaceId: string, keep: number): Promise<void> {
  const edge = await db
    .selectFrom('live_messages')
    .select('seq')
    .where('workspace_id', '=', workspaceId)
    .orderBy('seq', 'desc')
    .offset(keep)
    .limit(1)
    .executeTakeFirst();
  if (edge) await db.deleteFrom('live_messages').where('workspace_id', '=', workspaceId).where('seq', '<=', edge.seq).execute();
}

export async function latestLiveSeq(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('live_messages')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}
