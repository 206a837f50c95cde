// Large writes go to the database in batches of rows (one statement each), to keep every
// statement's bound parameters within the driver's limits.
import type { Transaction } from 'kysely';
import type { Database } from './schema.js';

/** `rows` cut into consecutive batches of at most `size`, in order. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** The tables of a customer's derived rows, which a recompute replaces wholesale. */
type CustomerRowsTable = 'ledger_entries' | 'trials' | 'plan_ledger_entries' | 'paying_spells';

/** Deletes these customers' rows from each of `tables`, a batch of customers at a time. */
export async function deleteCustomerRows(
  trx: Transaction<Database>,
  workspaceId: string,
  customerIds: readonly string[],
  tables: readonly CustomerRowsTable[],
  size: number,
): Promise<void> {
  for (const ids of chunks(customerIds, size)) {
    for (const table of tables) await trx.deleteFrom(table).where('workspace_id', '=', workspaceId).where('customer_id', 'in', ids).execute();
  }
}
