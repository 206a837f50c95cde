// Keeps the derived ledger current. For the customers an event touched it loads every snapshot
// of their subscriptions, resolves what arrived as bare ids (discounts, tiers), rebuilds their
// ledger with the pure core and replaces their rows — and, in the same transaction, every table
// derived from them (derived-tables.ts). A full rebuild is the same operation over every
// customer, so incremental and rebuilt tables cannot drift apart.
import type { Kysely, Transaction } from 'kysely';
import type { OutboxNote } from '../store/live-outbox-repo.js';
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
import { createFxTable, type FxTable } from '../core/fx.js';
import { loadFxRates } from '../store/fx-repo.js';
import { deriveCustomers, loadIdentities, loadPrevious, writeDerived } from './derived-tables.js';

/** Tells open dashboards what changed, inside the transaction that changed it (the live feed
 *  provides it: src/live/publish-updates.ts). `totals`: the headline figures may have moved. */
export type Announce = (trx: Transaction<Database>, workspace: Workspace, notes: readonly OutboxNote[], options: { totals: boolean }) => Promise<void>;

/** live: the change comes from a webhook or sync as it happens (not a bulk load or rebuild), so
 *  what changed is announced — through `announce` in the same transaction, or else written to
 *  the live outbox for the publisher. */
export type RecomputeOptions = { live?: boolean; announce?: Announce };

async function reportingFx(db: Kysely<Database>, workspace: Workspace): Promise<FxTable | null> {
  try {
    return createFxTable(await loadFxRates(db, workspace.id, workspace.reportingCurrency), workspace.reportingCurrency);
  } catch {
    return null;
  }
}

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
  options: RecomputeOptions = {},
): Promise<void> {
  const unique = [...new Set(customerIds)].sort();
  const marks = new Map(pending.map((p) => [p.customerId, p]));
  const fx = await reportingFx(db, workspace);
  const until = ledgerUntil(now);
  for (let i = 0; i < unique.length; i += CUSTOMER_BATCH) {
    const batch = unique.slice(i, i + CUSTOMER_BATCH);
    const snapshots = await loadResolvedSnapshots(db, workspace.id, batch);
    const { entries, trials } = buildLedgers(snapshots, batch, workspace, until);
    const identities = await loadIdentities(db, workspace.id, batch);
    const derived = deriveCustomers({ workspace, customerIds: batch, snapshots, entries, identities, now, until, fx });
    await db.transaction().execute(async (trx) => {
      await lockCustomers(trx, workspace.id, batch);
      const previous = await loadPrevious(trx, workspace.id, batch);
      await replaceCustomerLedgers(trx, workspace.id, batch, entries, trials);
      await writeDerived(trx, workspace, previous, derived, { live: options.live ?? false, today: now.toISOString().slice(0, 10), ...(options.announce ? { announce: options.announce } : {}) });
      await clearLedgerPending(trx, workspace.id, batch.flatMap((id) => marks.get(id) ?? []));
    });
  }
}

/** Recomputes every queued customer (see ledger_pending); returns the workspaces it touched. */
export async function recomputePending(db: Kysely<Database>, now: Date, workspaceId?: string, options: RecomputeOptions = {}): Promise<Set<string>> {
  const touched = new Set<string>();
  for (;;) {
    const pending = await pendingLedgerCustomers(db, CUSTOMER_BATCH * 4, workspaceId);
    if (pending.length === 0) return touched;
    const byWorkspace = new Map<string, PendingLedger[]>();
    for (const p of pending) (byWorkspace.get(p.workspaceId) ?? byWorkspace.set(p.workspaceId, []).get(p.workspaceId)!).push(p);
    for (const [id, rows] of byWorkspace) {
      const workspace = await findWorkspace(db, id);
      if (!workspace) continue;
      await recomputeCustomers(db, workspace, rows.map((r) => r.customerId), now, rows, options);
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
  // Every customer with snapshots, a customer record or derived rows: one whose snapshots are
  // gone is recomputed to an empty ledger, which also takes its share out of the day totals.
  const known = await Promise.all(
    (['subscription_snapshots', 'customers', 'ledger_entries', 'trials', 'customer_summaries'] as const).map((table) =>
      db.selectFrom(table).select('customer_id').distinct().where('workspace_id', '=', workspace.id).execute(),
    ),
  );
  const ids = [...new Set(known.flat().map((r) => r.customer_id))].sort();
  for (let i = 0; i < ids.length; i += CUSTOMER_BATCH * 4) {
    await recomputeCustomers(db, workspace, ids.slice(i, i + CUSTOMER_BATCH * 4), now);
    onProgress?.(Math.min(i + CUSTOMER_BATCH * 4, ids.length), ids.length);
  }
  return { customers: ids.length };
}
