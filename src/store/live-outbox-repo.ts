// The live outbox: facts about what changed ("a payment failed", "this customer's MRR moved"),
// written in the transaction that changed the data and taken out, exactly once, in the
// transaction that turns them into live messages (src/live/publish-updates.ts).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type OutboxNote = { kind: string; data: Record<string, unknown> };
export type StoredNote = OutboxNote & { id: number; workspaceId: string };

export async function appendOutbox(trx: Transaction<Database>, workspaceId: string, notes: readonly OutboxNote[]): Promise<void> {
  for (let i = 0; i < notes.length; i += 500) {
    await trx
      .insertInto('live_outbox')
      .values(notes.slice(i, i + 500).map((n) => ({ workspace_id: workspaceId, kind: n.kind, data: JSON.stringify(n.data) })))
      .execute();
  }
}

/** Takes (locks) the oldest notes of a workspace; another transaction taking notes skips them. */
export async function takeOutbox(trx: Transaction<Database>, workspaceId: string, limit: number): Promise<StoredNote[]> {
  const rows = await trx
    .selectFrom('live_outbox')
    .select(['id', 'kind', 'data'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => ({ id: r.id, workspaceId, kind: r.kind, data: r.data }));
}

export async function deleteOutbox(trx: Transaction<Database>, workspaceId: string, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    await trx.deleteFrom('live_outbox').where('workspace_id', '=', workspaceId).where('id', 'in', ids.slice(i, i + 1000)).execute();
  }
}

/** Workspaces with notes waiting (left by a crash, or written by another instance). */
export async function workspacesWithOutbox(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('live_outbox').select('workspace_id').distinct().execute();
  return rows.map((r) => r.workspace_id);
}
