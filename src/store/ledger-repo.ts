// Reads and writes of the derived ledger (ledger_entries, trials). Writes replace one
// customer's rows wholesale, so an incremental update and a rebuild leave identical tables.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Day, LedgerEntry, TrialRecord } from '../core/types.js';
import { chunks, deleteCustomerRows } from './batches.js';
import { insertRows, type BulkColumn } from './bulk-rows.js';
import type { Database } from './schema.js';

const BATCH = 1000;

export async function replaceCustomerLedgers(
  trx: Transaction<Database>,
  workspaceId: string,
  customerIds: readonly string[],
  entries: readonly LedgerEntry[],
  trials: readonly TrialRecord[],
): Promise<void> {
  await deleteCustomerRows(trx, workspaceId, customerIds, ['ledger_entries', 'trials'], BATCH);
  await insertLedgerRows(trx, workspaceId, entries, trials);
}

const LEDGER_COLUMNS = (workspaceId: string): BulkColumn<LedgerEntry>[] => [
  { name: 'workspace_id', type: 'text', value: () => workspaceId },
  { name: 'customer_id', type: 'text', value: (e) => e.customerId },
  { name: 'day', type: 'date', value: (e) => e.day },
  { name: 'currency', type: 'text', value: (e) => e.currency },
  { name: 'mrr', type: 'bigint', value: (e) => e.mrr },
  { name: 'delta', type: 'bigint', value: (e) => e.delta },
  { name: 'movement', type: 'text', value: (e) => e.movement },
  { name: 'cause_event_id', type: 'text', value: (e) => e.causeEventId },
];

const TRIAL_COLUMNS = (workspaceId: string): BulkColumn<TrialRecord>[] => [
  { name: 'workspace_id', type: 'text', value: () => workspaceId },
  { name: 'subscription_id', type: 'text', value: (t) => t.subscriptionId },
  { name: 'customer_id', type: 'text', value: (t) => t.customerId },
  { name: 'started_day', type: 'date', value: (t) => t.startedDay },
  { name: 'converted_day', type: 'date', value: (t) => t.convertedDay },
  { name: 'trial_end_day', type: 'date', value: (t) => t.trialEndDay },
  { name: 'ended_day', type: 'date', value: (t) => t.endedDay },
];

/** Adds ledger rows (the customers' old ones already deleted). A trial of a subscription already
 *  stored is replaced; of one subscription listed twice, the last wins. */
export async function insertLedgerRows(trx: Transaction<Database>, workspaceId: string, entries: readonly LedgerEntry[], trials: readonly TrialRecord[]): Promise<void> {
  await insertRows(trx, 'ledger_entries', LEDGER_COLUMNS(workspaceId), entries);
  const lastPerSubscription = [...new Map(trials.map((t) => [t.subscriptionId, t])).values()];
  await insertRows(trx, 'trials', TRIAL_COLUMNS(workspaceId), lastPerSubscription, `on conflict (workspace_id, subscription_id) do update set
    customer_id = excluded.customer_id, started_day = excluded.started_day, converted_day = excluded.converted_day,
    trial_end_day = excluded.trial_end_day, ended_day = excluded.ended_day`);
}

/** Queues customers for a ledger recompute (call inside the transaction that changed them). */
export async function markLedgerPending(trx: Transaction<Database>, workspaceId: string, customerIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(customerIds)];
  for (const batch of chunks(ids, BATCH)) {
    await trx
      .insertInto('ledger_pending')
      .values(batch.map((customer_id) => ({ workspace_id: workspaceId, customer_id })))
      .onConflict((oc) => oc.columns(['workspace_id', 'customer_id']).doUpdateSet({ mark: sql`nextval(pg_get_serial_sequence('ledger_pending', 'mark'))` }))
      .execute();
  }
}

export type PendingLedger = { workspaceId: string; customerId: string; mark: number };

/** Queued customers that are due: not parked, and past their retry time after a failure. */
export async function pendingLedgerCustomers(db: Kysely<Database>, limit: number, workspaceId?: string): Promise<PendingLedger[]> {
  let query = db
    .selectFrom('ledger_pending')
    .select(['workspace_id', 'customer_id', 'mark'])
    .where('dead_at', 'is', null)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', sql<Date>`now()`)]))
    .orderBy('mark')
    .limit(limit);
  if (workspaceId) query = query.where('workspace_id', '=', workspaceId);
  const rows = await query.execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, customerId: r.customer_id, mark: r.mark }));
}

/** After this many failed recomputes a customer's ledger is parked until someone retries it. */
export const MAX_LEDGER_ATTEMPTS = 5;

/** Counts a failed recompute of one customer: keeps it queued with the error, retries it with
 *  backoff, and parks it after MAX_LEDGER_ATTEMPTS failures. */
export async function markLedgerFailed(db: Kysely<Database>, workspaceId: string, customerId: string, error: string): Promise<void> {
  await sql`
    insert into ledger_pending (workspace_id, customer_id, attempts, last_error, next_attempt_at)
    values (${workspaceId}, ${customerId}, 1, ${error.slice(0, 2000)}, now() + interval '2 seconds')
    on conflict (workspace_id, customer_id) do update set
      attempts = ledger_pending.attempts + 1,
      last_error = excluded.last_error,
      next_attempt_at = now() + make_interval(secs => least(power(2, ledger_pending.attempts + 1), 600)),
      dead_at = case when ledger_pending.attempts + 1 >= ${MAX_LEDGER_ATTEMPTS} then now() else null end`.execute(db);
}

export type ParkedLedger = { customerId: string; attempts: number; lastError: string | null; deadAt: Date };

export async function listParkedLedgers(db: Kysely<Database>, workspaceId: string, limit = 100): Promise<ParkedLedger[]> {
  const rows = await db
    .selectFrom('ledger_pending')
    .select(['customer_id', 'attempts', 'last_error', 'dead_at'])
    .where('workspace_id', '=', workspaceId)
    .where('dead_at', 'is not', null)
    .orderBy('dead_at', 'desc')
    .orderBy('customer_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ customerId: r.customer_id, attempts: r.attempts, lastError: r.last_error, deadAt: r.dead_at! }));
}

/** Queues parked ledgers again with a fresh set of attempts; returns how many. */
export async function retryParkedLedgers(db: Kysely<Database>, workspaceId: string, customerIds?: readonly string[]): Promise<number> {
  let query = db
    .updateTable('ledger_pending')
    .set({ dead_at: null, attempts: 0, next_attempt_at: null })
    .where('workspace_id', '=', workspaceId)
    .where('dead_at', 'is not', null);
  if (customerIds) query = query.where('customer_id', 'in', customerIds.length ? [...customerIds] : ['']);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

/** Removes the queue entries this recompute covered; a newer mark (a change since) stays queued. */
export async function clearLedgerPending(trx: Transaction<Database>, workspaceId: string, pending: readonly PendingLedger[]): Promise<void> {
  if (pending.length === 0) return;
  await sql`
    delete from ledger_pending p using jsonb_to_recordset(${JSON.stringify(pending.map((x) => ({ c: x.customerId, m: x.mark })))}::jsonb) as d(c text, m bigint)
    where p.workspace_id = ${workspaceId} and p.customer_id = d.c and p.mark <= d.m`.execute(trx);
}

const workspaceLockKey = (workspaceId: string) => `workspace-ledger/${workspaceId}`;

/** Every recompute of a workspace's customers holds this shared; a full rebuild holds it
 *  exclusively, so a rebuild never interleaves with an incremental update (released at commit). */
export async function lockWorkspaceLedger(trx: Transaction<Database>, workspaceId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const key = workspaceLockKey(workspaceId);
  if (mode === 'shared') await sql`select pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`.execute(trx);
  else await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** The newest queue mark of a workspace (a rebuild covers every mark up to it). */
export async function latestLedgerMark(trx: Transaction<Database>, workspaceId: string): Promise<number | null> {
  const row = await trx.selectFrom('ledger_pending').select((eb) => eb.fn.max('mark').as('mark')).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.mark === null || row?.mark === undefined ? null : Number(row.mark);
}

/** Removes the workspace's queue entries up to `mark` that are not parked (a rebuild covered them). */
export async function clearLedgerPendingUpTo(trx: Transaction<Database>, workspaceId: string, mark: number): Promise<void> {
  await trx.deleteFrom('ledger_pending').where('workspace_id', '=', workspaceId).where('mark', '<=', mark).where('dead_at', 'is', null).execute();
}

/** Serialises writers of one customer's ledger across instances (released at commit). */
export async function lockCustomers(trx: Transaction<Database>, workspaceId: string, customerIds: readonly string[]): Promise<void> {
  const keys = [...customerIds].sort().map((id) => `${workspaceId}/${id}`);
  if (keys.length === 0) return;
  // One round trip; the locks are taken in array (sorted) order, so writers never deadlock.
  await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${sql.val(keys)}::text[]) with ordinality as t(k, i) order by i`.execute(trx);
}

export async function loadLedgerEntries(
  db: Kysely<Database>,
  workspaceId: string,
  options: { until?: Day; customerIds?: readonly string[] } = {},
): Promise<LedgerEntry[]> {
  let query = db
    .selectFrom('ledger_entries')
    .select(['customer_id', 'day', 'currency', 'mrr', 'delta', 'movement', 'cause_event_id'])
    .where('workspace_id', '=', workspaceId);
  if (options.until) query = query.where('day', '<=', options.until);
  if (options.customerIds) query = query.where('customer_id', 'in', options.customerIds.length ? options.customerIds : ['']);
  const rows = await query.orderBy('day').orderBy('customer_id').orderBy('currency').execute();
  return rows.map((r) => ({
    customerId: r.customer_id,
    day: r.day,
    currency: r.currency,
    mrr: r.mrr,
    delta: r.delta,
    movement: r.movement,
    causeEventId: r.cause_event_id,
  }));
}

/** Native MRR per currency and paying customers at the end of `day`, straight from SQL. */
export async function mrrLevelsAt(
  db: Kysely<Database>,
  workspaceId: string,
  day: Day,
): Promise<{ levels: Map<string, number>; payingCustomers: number }> {
  const levels = await db
    .selectFrom('ledger_entries')
    .select(['currency', (eb) => eb.fn.sum<number>('delta').as('mrr')])
    .where('workspace_id', '=', workspaceId)
    .where('day', '<=', day)
    .groupBy('currency')
    .execute();
  const paying = await sql<{ n: number }>`
    select count(*)::int as n from (
      select customer_id from ledger_entries
      where workspace_id = ${workspaceId} and day <= ${day}
      group by customer_id having sum(delta) > 0
    ) paying`.execute(db);
  return {
    levels: new Map(levels.map((l) => [l.currency, Number(l.mrr)])),
    payingCustomers: paying.rows[0]?.n ?? 0,
  };
}
