// Everything a workspace derives from its events, read back row by row in a fixed order, so two
// states can be compared exactly ("byte-identical" up to row order, which SQL does not define).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

export const DERIVED_TABLES = [
  'ledger_entries', 'trials', 'metric_days', 'cohort_days', 'plan_days', 'plan_ledger_entries', 'paying_spells', 'customer_summaries',
  'subscription_snapshots', 'customers', 'invoices', 'payments',
] as const;

export type DerivedState = Record<(typeof DERIVED_TABLES)[number], string[]>;

/** Each table's rows as JSON text (every column, via row_to_json), sorted. */
export async function derivedState(db: Kysely<Database>, workspaceId: string): Promise<DerivedState> {
  const out = {} as DerivedState;
  for (const table of DERIVED_TABLES) {
    const result = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table)} t where workspace_id = ${workspaceId}`.execute(db);
    out[table] = result.rows.map((r) => r.row).sort();
  }
  return out;
}
