// Keeps the derived ledger current. For the customers an event touched it loads every snapshot
// of their subscriptions, resolves what arrived as bare ids (discounts, tiers), rebuilds their
// ledger with the pure core and replaces their rows. A full rebuild is the same operation over
// every customer, so incremental and rebuilt tables cannot drift apart.
import type { Kysely } from 'kysely';
import { buildCustomerLedger } from '../core/ledger.js';
import type { LedgerEntry, SubscriptionSnapshot, TrialRecord } from '../core/types.js';
import type { Database } from '../store/schema.js';
import {
  clearLedgerPending,
  lockCustomers,
  pendingLedgerCustomers,
  replaceCustomerLedgers,
  type PendingLedger,
} from '../store/ledger-repo.js';
import { loadResolvedSnapshots } from './resolve-snapshots.js';
import { findWorkspace, type Workspace } from '../store/workspaces-repo.js';

/** Ledgers are built this far past now; every query stops at its own end day. A discount that
 *  expires next month is then already in place when the month comes, with no job to run. */
export const LEDGER_HORIZON_SECONDS = 400 * 86_400;
const CUSTOMER_BATCH = 500;

export function ledgerUntil(now: Date): number {
  return Math.floor(now.getTime() / 1000) + LEDGER_HORIZON_SECONDS;
}

function buildLedgers(
  snapshots: readonly SubscriptionSnapshot[],
  customerIds: readonly string[],
  workspace: Workspace,
  until: number,
): { entries: LedgerEntry[]; trials: TrialRecord[] } {
  const byCustomer = new Map<string, SubscriptionSnapshot[]>(customerIds.map((id) => [id, []]));
  for (const snapshot of snapshots) byCustomer.get(snapshot.state.customerId)?.push(snapshot);
  const entries: LedgerEntry[] = [];
  const trials: TrialRecord[] = [];
  for (const customerSnapshots of byCustomer.values()) {
    if (customerSnapshots.length === 0) continue;
    const ledger = buildCustomerLedger(customerSnapshots, { preset: workspace.preset, until });
    entries.push(...ledger.entries);
    trials.push(...ledger.trials);
  }
  return { entries, trials };
}

export async function recomputeCustomers(
  db: Kysely<Database>,
  workspace: Workspace,
  customerIds: readonly string[],
  now: Date,
  pending: readonly PendingLedger[] = [],
): Promise<void> {
  const unique = [...new Set(customerIds)].sort();
  const marks = new Map(pending.map((p) => [p.customerId, p]));
  for (let i = 0; i < unique.length; i += CUSTOMER_BATCH) {
    const batch = unique.slice(i, i + CUSTOMER_BATCH);
    const snapshots = await loadResolvedSnapshots(db, workspace.id, batch);
    const { entries, trials } = buildLedgers(snapshots, batch, workspace, ledgerUntil(now));
    await db.transaction().execute(async (trx) => {
      await lockCustomers(trx, workspace.id, batch);
      await replaceCustomerLedgers(trx, workspace.id, batch, entries, trials);
      await clearLedgerPending(trx, workspace.id, batch.flatMap((id) => marks.get(id) ?? []));
    });
  }
}

/** Recomputes every queued customer (see ledger_pending); returns the workspaces it touched. */
export async function recomputePending(db: Kysely<Database>, now: Date, workspaceId?: string): Promise<Set<string>> {
  const touched = new Set<string>();
  for (;;) {
    const pending = await pendingLedgerCustomers(db, CUSTOMER_BATCH * 4, workspaceId);
    if (pending.length === 0) return touched;
    const byWorkspace = new Map<string, PendingLedger[]>();
    for (const p of pending) (byWorkspace.get(p.workspaceId) ?? byWorkspace.set(p.workspaceId, []).get(p.workspaceId)!).push(p);
    for (const [id, rows] of byWorkspace) {
      const workspace = await findWorkspace(db, id);
      if (!workspace) continue;
      await recomputeCustomers(db, workspace, rows.map((r) => r.customerId), now, rows);
      touched.add(id);
    }
  }
}

/** Rebuilds every customer's ledger of the workspace from the stored snapshots. */
export async function rebuildWorkspace(
  db: Kysely<Database>,
  workspace: Workspace,
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<{ customers: number }> {
  const rows = await db
    .selectFrom('subscription_snapshots')
    .select('customer_id')
    .distinct()
    .where('workspace_id', '=', workspace.id)
    .execute();
  const ids = rows.map((r) => r.customer_id).sort();
  await db.deleteFrom('ledger_entries').where('workspace_id', '=', workspace.id).where('customer_id', 'not in', ids.length ? ids : ['']).execute();
  await db.deleteFrom('trials').where('workspace_id', '=', workspace.id).where('customer_id', 'not in', ids.length ? ids : ['']).execute();
  for (let i = 0; i < ids.length; i += CUSTOMER_BATCH * 4) {
    await recomputeCustomers(db, workspace, ids.slice(i, i + CUSTOMER_BATCH * 4), now);
    onProgress?.(Math.min(i + CUSTOMER_BATCH * 4, ids.length), ids.length);
  }
  return { customers: ids.length };
}
