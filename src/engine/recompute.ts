// Keeps the derived ledger current. For the customers an event touched it loads every snapshot
// of their subscriptions, resolves what arrived as bare ids (discounts, tiers), rebuilds their
// ledger with the pure core and replaces their rows — and, in the same transaction, every table
// derived from them (derived-tables.ts). A full rebuild is the same operation over every
// customer, so incremental and rebuilt tables cannot drift apart. Customers linked across sources
// (customer_identities) are one customer: a batch is widened to whole identity groups, and each
// group's snapshots are one history under its canonical id (aliases keep no rows of their own).
import type { Kysely } from 'kysely';
import { buildCustomerLedger } from '../core/ledger.js';
import type { LedgerEntry, SubscriptionSnapshot, TrialRecord } from '../core/types.js';
import type { Database } from '../store/schema.js';
import {
  clearLedgerPending,
  clearLedgerPendingUpTo,
  latestLedgerMark,
  lockCustomers,
  lockWorkspaceLedger,
  markLedgerFailed,
  pendingLedgerCustomers,
  replaceCustomerLedgers,
  type PendingLedger,
} from '../store/ledger-repo.js';
import { clearWorkspaceDerived } from '../store/derived-repo.js';
import { isTransientDatabaseError } from '../store/db-errors.js';
import { loadResolvedSnapshots } from './resolve-snapshots.js';
import { findWorkspace, type Workspace } from '../store/workspaces-repo.js';
import { createFxTable, type FxTable } from '../core/fx.js';
import { loadEurQuotes, loadFxRates } from '../store/fx-repo.js';
import { createRebuildTotals, deriveCustomers, insertRebuiltRows, loadIdentities, loadPrevious, writeDerived, type Announce, type Derived, type Identity } from './derived-tables.js';
import { asCanonicalSnapshots, groupsOf } from '../core/customer-identity.js';
import { deleteSummaries, linksOfGroups, listLinks } from '../store/customer-identities-repo.js';

export type { Announce };

/** live: the change comes from a webhook or sync as it happens (not a bulk load or rebuild), so
 *  what changed is announced — through `announce` in the same transaction, or else written to
 *  the live outbox for the publisher. */
export type RecomputeOptions = { live?: boolean; announce?: Announce; onFailure?: (customerId: string, error: Error) => void };

/** Strict (not lenient): a customer in a currency with no rate sorts by its native amount. */
async function reportingFx(db: Kysely<Database>, workspace: Workspace): Promise<FxTable | null> {
  try {
    const [rates, eurQuotes] = await Promise.all([loadFxRates(db, workspace.id, workspace.reportingCurrency), loadEurQuotes(db, workspace.id)]);
    return createFxTable(rates, workspace.reportingCurrency, { eurQuotes });
  } catch {
    return null;
  }
}

/** Ledgers are built this far past now; every query stops at its own end day. A discount that
 *  expires next month is then already in place when the month comes, with no job to run. */
export const LEDGER_HORIZON_SECONDS = 400 * 86_400;
const CUSTOMER_BATCH = 500;
/** Customers (identity groups) a rebuild reads and computes at a time. */
const REBUILD_BATCH = 2000;

/** A promise whose rejection is awaited later: marked handled now, so that an early failure is
 *  not reported as unhandled while another query is awaited (it still rejects where awaited). */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export function ledgerUntil(now: Date): number {
  return Math.floor(now.getTime() / 1000) + LEDGER_HORIZON_SECONDS;
}

type Computed = { entries: LedgerEntry[]; trials: TrialRecord[]; derived: Derived; failed: Map<string, Error>; aliases: string[] };

/** A group's identity: the canonical's record, its empty fields filled from its aliases' (the
 *  same person's name or country as another provider knows it). */
function groupIdentity(members: readonly string[], identities: ReadonlyMap<string, Identity>): Identity | undefined {
  const known = members.map((id) => identities.get(id)).filter((i): i is Identity => i !== undefined);
  if (known.length <= 1) return known[0];
  const [first, ...rest] = known;
  const merged = { ...first! };
  for (const other of rest) {
    merged.name ??= other.name;
    merged.email ??= other.email;
    merged.country ??= other.country;
    merged.currency ??= other.currency;
    if (other.createdAt && (!merged.createdAt || other.createdAt < merged.createdAt)) merged.createdAt = other.createdAt;
  }
  merged.deleted = known.every((i) => i.deleted);
  return merged;
}

/** Pure: each group's ledger and derived rows, under its canonical id. A group whose history the
 *  core cannot compute (it throws) is left out and reported by its canonical id, so one bad
 *  history never blocks the others. `derived.customerIds`: every member of the computed groups
 *  (their rows are replaced); `aliases`: the members that are not canonical (no rows of their own). */
function computeCustomers(input: {
  workspace: Workspace;
  groups: ReadonlyMap<string, readonly string[]>;
  snapshots: readonly SubscriptionSnapshot[];
  identities: ReadonlyMap<string, Identity>;
  now: Date;
  until: number;
  fx: FxTable | null;
}): Computed {
  const canonical = new Map<string, string>();
  for (const [id, members] of input.groups) for (const m of members) canonical.set(m, id);
  const byCustomer = new Map<string, SubscriptionSnapshot[]>([...input.groups.keys()].map((id) => [id, []]));
  const canonicalOf = (id: string) => canonical.get(id) ?? id;
  for (const snapshot of asCanonicalSnapshots(input.snapshots, canonicalOf)) byCustomer.get(snapshot.state.customerId)?.push(snapshot);
  const entries: LedgerEntry[] = [];
  const trials: TrialRecord[] = [];
  const parts: Derived[] = [];
  const failed = new Map<string, Error>();
  for (const [customerId, snapshots] of byCustomer) {
    try {
      const ledger = snapshots.length === 0 ? { entries: [], trials: [] } : buildCustomerLedger(snapshots, { preset: input.workspace.preset, until: input.until });
      const identity = groupIdentity(input.groups.get(customerId)!, input.identities);
      const identities = new Map(identity ? [[customerId, identity]] : []);
      parts.push(deriveCustomers({ ...input, identities, customerIds: [customerId], snapshots, entries: ledger.entries, trials: ledger.trials }));
      entries.push(...ledger.entries);
      trials.push(...ledger.trials);
    } catch (error) {
      failed.set(customerId, error instanceof Error ? error : new Error(String(error)));
    }
  }
  const planNames = new Map<string, string>();
  for (const part of parts) for (const [id, name] of part.planNames) planNames.set(id, name);
  const ok = [...input.groups].filter(([id]) => !failed.has(id));
  const derived: Derived = {
    customerIds: ok.flatMap(([, members]) => members),
    entries,
    planEntries: parts.flatMap((p) => p.planEntries),
    planNames,
    spells: parts.flatMap((p) => p.spells),
    summaries: parts.flatMap((p) => p.summaries),
  };
  return { entries, trials, derived, failed, aliases: ok.flatMap(([, members]) => members.slice(1)) };
}

/**
 * Recomputes these customers in one transaction: locks them first, then reads their snapshots,
 * so a recompute that started earlier can never commit an older result over a newer one.
 * Returns the customers whose history could not be computed (left as they were).
 */
async function recomputeBatch(
  db: Kysely<Database>,
  workspace: Workspace,
  batch: readonly string[],
  context: { now: Date; until: number; fx: FxTable | null; marks: ReadonlyMap<string, PendingLedger>; options: RecomputeOptions },
): Promise<Map<string, Error>> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspaceLedger(trx, workspace.id, 'shared');
    // The whole identity group of each customer: one customer's rows are replaced together.
    const groups = groupsOf(batch, await linksOfGroups(trx, workspace.id, batch));
    const members = [...groups.values()].flat();
    await lockCustomers(trx, workspace.id, members);
    const snapshots = await loadResolvedSnapshots(trx, workspace.id, members);
    const identities = await loadIdentities(trx, workspace.id, members);
    const { entries, trials, derived, failed, aliases } = computeCustomers({ workspace, groups, snapshots, identities, now: context.now, until: context.until, fx: context.fx });
    const ok = derived.customerIds;
    const previous = await loadPrevious(trx, workspace.id, ok);
    await replaceCustomerLedgers(trx, workspace.id, ok, entries, trials);
    const { live, announce } = context.options;
    await writeDerived(trx, workspace, previous, derived, { live: live ?? false, today: context.now.toISOString().slice(0, 10), ...(announce ? { announce } : {}) });
    await deleteSummaries(trx, workspace.id, aliases);
    await clearLedgerPending(trx, workspace.id, ok.flatMap((id) => context.marks.get(id) ?? []));
    return failed;
  });
}

/** A recompute failure that is not the database's: the customer stays queued with its error,
 *  is retried with backoff and parked after repeated failures (see ledger-repo.ts). */
async function recordFailures(db: Kysely<Database>, workspace: Workspace, failed: ReadonlyMap<string, Error>, onFailure?: (customerId: string, error: Error) => void): Promise<void> {
  for (const [customerId, error] of failed) {
    onFailure?.(customerId, error);
    await markLedgerFailed(db, workspace.id, customerId, `${error.name}: ${error.message}`);
  }
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
  const context = { now, until: ledgerUntil(now), fx: await reportingFx(db, workspace), marks: new Map(pending.map((p) => [p.customerId, p])), options };
  for (let i = 0; i < unique.length; i += CUSTOMER_BATCH) {
    const batch = unique.slice(i, i + CUSTOMER_BATCH);
    try {
      await recordFailures(db, workspace, await recomputeBatch(db, workspace, batch, context), options.onFailure);
    } catch (error) {
      // The database being away is nobody's fault: the queue keeps them, the caller backs off.
      if (isTransientDatabaseError(error) || batch.length === 1) {
        if (isTransientDatabaseError(error)) throw error;
        await recordFailures(db, workspace, new Map([[batch[0]!, error as Error]]), options.onFailure);
        continue;
      }
      // A write that failed for one customer's rows: find which, one customer at a time.
      for (const id of batch) {
        try {
          await recordFailures(db, workspace, await recomputeBatch(db, workspace, [id], context), options.onFailure);
        } catch (single) {
          if (isTransientDatabaseError(single)) throw single;
          await recordFailures(db, workspace, new Map([[id, single as Error]]), options.onFailure);
        }
      }
    }
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

/**
 * Rebuilds every derived table of the workspace from the stored snapshots, in one transaction
 * that holds the workspace exclusively: the tables are emptied and refilled, never added to, so
 * running it twice (or after any number of incremental updates) leaves identical tables. Events
 * processed meanwhile queue their customers, which are recomputed once the rebuild commits.
 */
export async function rebuildWorkspace(
  db: Kysely<Database>,
  workspace: Workspace,
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<{ customers: number; failed: number }> {
  const fx = await reportingFx(db, workspace);
  const until = ledgerUntil(now);
  const { customers, failed } = await db.transaction().execute(async (trx) => {
    await lockWorkspaceLedger(trx, workspace.id, 'exclusive');
    const mark = await latestLedgerMark(trx, workspace.id);
    // Every customer with snapshots or a customer record; the rest had nothing to derive.
    const known = await Promise.all(
      (['subscription_snapshots', 'customers'] as const).map((table) =>
        trx.selectFrom(table).select('customer_id').distinct().where('workspace_id', '=', workspace.id).execute(),
      ),
    );
    const ids = [...new Set(known.flat().map((r) => r.customer_id))].sort();
    // Whole identity groups per batch: a group's members are one customer.
    const groups = [...groupsOf(ids, await listLinks(trx, workspace.id))];
    const counted = new Set(ids);
    await clearWorkspaceDerived(trx, workspace.id);
    const failed = new Map<string, Error>();
    const totals = createRebuildTotals();
    const batches: Map<string, readonly string[]>[] = [];
    for (let i = 0; i < groups.length; i += REBUILD_BATCH) batches.push(new Map(groups.slice(i, i + REBUILD_BATCH)));
    // One connection, but never idle: the next batch is read while this one is computed, and a
    // batch's rows are written while the next one is read and computed.
    const load = (batch: ReadonlyMap<string, readonly string[]>) => {
      const members = [...batch.values()].flat();
      return handled(Promise.all([loadResolvedSnapshots(trx, workspace.id, members), loadIdentities(trx, workspace.id, members)]));
    };
    let next = batches[0] ? load(batches[0]) : null;
    let writing: Promise<void> = Promise.resolve();
    let done = 0;
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i]!;
      const [snapshots, identities] = await next!;
      next = batches[i + 1] ? load(batches[i + 1]!) : null;
      const computed = computeCustomers({ workspace, groups: batch, snapshots, identities, now, until, fx });
      totals.add(computed.derived);
      await writing;
      writing = handled(insertRebuiltRows(trx, workspace.id, computed.derived, computed.trials));
      for (const [id, error] of computed.failed) failed.set(id, error);
      done += [...batch.values()].flat().filter((id) => counted.has(id)).length;
      onProgress?.(Math.min(done, ids.length), ids.length);
    }
    await writing;
    await totals.write(trx, workspace.id);
    if (mark !== null) await clearLedgerPendingUpTo(trx, workspace.id, mark);
    return { customers: ids.length, failed };
  });
  await recordFailures(db, workspace, failed);
  return { customers, failed: failed.size };
}
