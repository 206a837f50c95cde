// The live feed's durable side: each message gets a sequence number from the database, so every
// instance agrees on the order, and a reconnecting client can be given what it missed.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export type StoredLiveMessage = { seq: number; workspaceId: string; type: string; at: string; data: unknown };

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
  if (!edge) return;
  await db.deleteFrom('live_messages').where('workspace_id', '=', workspaceId).where('seq', '<=', edge.seq).execute();
  await db
    .insertInto('live_trims')
    .values({ workspace_id: workspaceId, through_seq: edge.seq })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet((eb) => ({ through_seq: eb.fn('greatest', [eb.ref('live_trims.through_seq'), eb.ref('excluded.through_seq')]) })))
    .execute();
}

/** The highest seq trimmed from the workspace's replay buffer (0: nothing was). */
export async function trimmedThrough(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('live_trims').select('through_seq').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.through_seq ?? 0;
}

export async function latestLiveSeq(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('live_messages')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Serialises publishers of one workspace's feed until commit, so sequence numbers are
 *  committed (and NOTIFY'd) in the order they were taken: a client never sees seq 11 before 10. */
export async function lockLiveFeed(db: Kysely<Database>, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`live:${workspaceId}`}, 0))`.execute(db);
}

/** Stores several messages of one workspace in one statement; their seqs follow the given order.
 *  `at` stamps them (default: the database's clock). */
export async function appendLiveMessages(
  db: Kysely<Database>,
  workspaceId: string,
  messages: ReadonlyArray<{ type: string; data: unknown }>,
  at?: Date,
): Promise<StoredLiveMessage[]> {
  if (messages.length === 0) return [];
  const rows = await db
    .insertInto('live_messages')
    .values(messages.map((m) => ({ workspace_id: workspaceId, type: m.type, payload: JSON.stringify(m.data), ...(at ? { created_at: at } : {}) })))
    .returning(['seq', 'created_at'])
    .execute();
  // Sequence values are taken row by row in VALUES order; sort in case rows come back otherwise.
  rows.sort((a, b) => a.seq - b.seq);
  return rows.map((row, i) => ({ seq: row.seq, workspaceId, type: messages[i]!.type, at: row.created_at.toISOString(), data: messages[i]!.data }));
}
