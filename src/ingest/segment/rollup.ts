// One roll-up pass over the stored tracking messages: claims a batch, folds it (fold.ts) into
// accounts, people, usage and activity, and marks every claimed message counted, held or dropped —
// all in ONE transaction, so a crash anywhere before the commit leaves the batch pending and
// nothing counted, and a commit counts it exactly once. Then the accounts the batch touched go
// through the link rules (idempotent, so outside the transaction).
import type { Store } from '../../store/db.js';
import { accountsOfUsers, upsertAccounts, upsertUsers, workspacesWithUnlinkedAccounts } from '../../store/cs-accounts-repo.js';
import { addActivity, addUsage, claimSignals, markSignals, releaseHeld, sweepHeld } from '../../store/signals-repo.js';
import { foldSignals } from './fold.js';
import { linkAccounts } from '../../engine/account-links/link.js';

export const ROLLUP_BATCH = 2000;
/** A held message older than this (received) is dropped: its user was never grouped. */
export const HELD_MAX_AGE_MS = 7 * 86_400_000;
/** At most this many held messages per workspace; beyond it the oldest are dropped. */
export const HELD_CAP = 200_000;

export type RollupPass = { claimed: number; counted: number; held: number; dropped: number; released: number; linked: number };

export type RollupOptions = {
  now: () => Date;
  batchSize?: number;
  /** Test seam: runs after every write and before the commit (throwing rolls the batch back). */
  beforeCommit?: () => Promise<void>;
};

/** One batch; `claimed` 0 means the queue is empty. */
export async function rollUpOnce(store: Store, options: RollupOptions): Promise<RollupPass> {
  const pass = await store.db.transaction().execute(async (trx) => {
    const signals = await claimSignals(trx, options.batchSize ?? ROLLUP_BATCH);
    if (signals.length === 0) return { claimed: 0, counted: 0, held: 0, dropped: 0, released: 0, touched: [] as Array<{ workspaceId: string; accountId: string }> };
    const people = [...new Map(signals.filter((s) => s.userId).map((s) => [`${s.workspaceId}\u0001${s.userId}`, { workspaceId: s.workspaceId, userId: s.userId! }])).values()];
    const known = await accountsOfUsers(trx, people);
    const fold = foldSignals(signals, known);
    await upsertAccounts(trx, fold.accounts);
    await upsertUsers(trx, fold.users);
    await addUsage(trx, fold.usage, fold.usageUsers);
    await addActivity(trx, fold.activity);
    await markSignals(trx, fold.outcomes, options.now());
    const released = await releaseHeld(trx, fold.grouped);
    await options.beforeCommit?.();
    const count = (o: string) => fold.outcomes.filter((x) => x.outcome === o).length;
    return { claimed: signals.length, counted: count('counted'), held: count('held'), dropped: count('dropped'), released, touched: fold.touched };
  });
  let linked = 0;
  const byWorkspace = new Map<string, string[]>();
  for (const t of pass.touched) byWorkspace.set(t.workspaceId, [...(byWorkspace.get(t.workspaceId) ?? []), t.accountId]);
  for (const [workspaceId, accountIds] of byWorkspace) linked += await linkAccounts(store.db, workspaceId, accountIds);
  return { claimed: pass.claimed, counted: pass.counted, held: pass.held, dropped: pass.dropped, released: pass.released, linked };
}

/** Batches until the queue is empty (or `maxBatches` ran, to let others have the database). */
export async function rollUpAll(store: Store, options: RollupOptions & { maxBatches?: number }): Promise<RollupPass> {
  const total: RollupPass = { claimed: 0, counted: 0, held: 0, dropped: 0, released: 0, linked: 0 };
  const size = options.batchSize ?? ROLLUP_BATCH;
  for (let i = 0; i < (options.maxBatches ?? Number.POSITIVE_INFINITY); i++) {
    const pass = await rollUpOnce(store, options);
    for (const k of Object.keys(total) as Array<keyof RollupPass>) total[k] += pass[k];
    // A batch that released held messages leaves work even when it was short.
    if (pass.claimed < size && pass.released === 0) break;
  }
  return total;
}

/** The held messages' upkeep (signals-repo sweepHeld) with the documented age and cap. */
export async function sweepHeldSignals(store: Store, now: Date): Promise<{ released: number; dropped: number }> {
  return sweepHeld(store.db, { now, heldSince: new Date(now.getTime() - HELD_MAX_AGE_MS), cap: HELD_CAP });
}

/** The link rules over every account of every workspace with unlinked accounts (a customer may
 *  have appeared in billing since the account was last seen). */
export async function relinkUnlinked(store: Store): Promise<number> {
  let linked = 0;
  for (const workspaceId of await workspacesWithUnlinkedAccounts(store.db)) linked += await linkAccounts(store.db, workspaceId, 'unlinked');
  return linked;
}
