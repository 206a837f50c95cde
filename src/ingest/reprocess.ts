// Rebuilds a workspace from its raw event log: every record, snapshot and ledger row is derived
// again by the same pipeline that derived it the first time. Use it after upgrading Revpulse
// (a fixed transform or a changed metric definition applies to all history).
// Everything derived is replaced, never added to: the records, and (clearWorkspaceDerived) the
// ledger and every table derived from it, so a rebuild run twice leaves identical tables.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { clearWorkspaceDerived } from '../store/derived-repo.js';

const RECORD_TABLES = [
  'ledger_pending',
  'subscription_snapshots',
  'customers',
  'discounts',
  'coupons',
  'products',
  'prices',
  'invoices',
  'invoice_payments',
  'payments',
  'refunds',
  'disputes',
  'credit_notes',
] as const;

/** Clears what was derived and queues every raw event again; returns how many were queued. */
export async function queueReprocessing(db: Kysely<Database>, workspaceId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    for (const table of RECORD_TABLES) await trx.deleteFrom(table).where('workspace_id', '=', workspaceId).execute();
    await clearWorkspaceDerived(trx, workspaceId);
    const result = await trx
      .updateTable('raw_events')
      .set({ processed_at: null, drop_reason: null, drop_detail: null, attempts: 0, last_error: null, lease_owner: null, lease_until: null, next_attempt_at: null, dead_at: null })
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}
