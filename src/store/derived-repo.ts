// Writes of the tables derived from the customer ledger (migration 0004): per-customer rows are
// replaced wholesale, day totals are changed by increments. Increments are applied in key order
// so that two transactions touching the same days lock them in the same order (no deadlock).
import { sql, type Transaction } from 'kysely';
import type { CohortDayTotals } from '../core/cohort-totals.js';
import type { DayTotals, PayingSpell } from '../core/daily-totals.js';
import type { PlanDayTotals, PlanLedgerEntry } from '../core/plan-ledger.js';
import type { LedgerEntry } from '../core/types.js';
import { chunks, deleteCustomerRows } from './batches.js';
import { insertRows, type BulkColumn } from './bulk-rows.js';
import type { Database } from './schema.js';
import type { CustomerStatus } from '../core/customer-state.js';

const BATCH = 1000;


const byKey = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export async function addMetricDays(trx: Transaction<Database>, workspaceId: string, totals: readonly DayTotals[]): Promise<void> {
  const rows = [...totals].sort(byKey((t) => `${t.day}|${t.currency}`));
  for (const chunk of chunks(rows, BATCH)) {
    await trx
      .insertInto('metric_days')
      .values(chunk.map((t) => ({
        workspace_id: workspaceId, day: t.day, currency: t.currency,
        new: t.new, expansion: t.expansion, contraction: t.contraction, churn: t.churn, reactivation: t.reactivation,
        new_customers: t.newCustomers, reactivated_customers: t.reactivatedCustomers, churned_customers: t.churnedCustomers,
      })))
      .onConflict((oc) => oc.columns(['workspace_id', 'day', 'currency']).doUpdateSet((eb) => ({
        new: eb('metric_days.new', '+', eb.ref('excluded.new')),
        expansion: eb('metric_days.expansion', '+', eb.ref('excluded.expansion')),
        contraction: eb('metric_days.contraction', '+', eb.ref('excluded.contraction')),
        churn: eb('metric_days.churn', '+', eb.ref('excluded.churn')),
        reactivation: eb('metric_days.reactivation', '+', eb.ref('excluded.reactivation')),
        new_customers: eb('metric_days.new_customers', '+', eb.ref('excluded.new_customers')),
        reactivated_customers: eb('metric_days.reactivated_customers', '+', eb.ref('excluded.reactivated_customers')),
        churned_customers: eb('metric_days.churned_customers', '+', eb.ref('excluded.churned_customers')),
      })))
      .execute();
  }
}

export async function addCohortDays(trx: Transaction<Database>, workspaceId: string, totals: readonly CohortDayTotals[]): Promise<void> {
  const rows = [...totals].sort(byKey((t) => `${t.cohort}|${t.day}|${t.currency}`));
  for (const chunk of chunks(rows, BATCH)) {
    await trx
      .insertInto('cohort_days')
      .values(chunk.map((t) => ({ workspace_id: workspaceId, cohort: t.cohort, day: t.day, currency: t.currency, mrr_delta: t.mrrDelta, joined: t.joined, paying_delta: t.payingDelta })))
      .onConflict((oc) => oc.columns(['workspace_id', 'cohort', 'day', 'currency']).doUpdateSet((eb) => ({
        mrr_delta: eb('cohort_days.mrr_delta', '+', eb.ref('excluded.mrr_delta')),
        joined: eb('cohort_days.joined', '+', eb.ref('excluded.joined')),
        paying_delta: eb('cohort_days.paying_delta', '+', eb.ref('excluded.paying_delta')),
      })))
      .execute();
  }
}

export async function addPlanDays(trx: Transaction<Database>, workspaceId: string, totals: readonly PlanDayTotals[]): Promise<void> {
  const rows = [...totals].sort(byKey((t) => `${t.day}|${t.planId}|${t.currency}`));
  for (const chunk of chunks(rows, BATCH)) {
    await trx
      .insertInto('plan_days')
      .values(chunk.map((t) => ({ workspace_id: workspaceId, day: t.day, plan_id: t.planId, currency: t.currency, mrr_delta: t.mrrDelta, customers_delta: t.customersDelta })))
      .onConflict((oc) => oc.columns(['workspace_id', 'day', 'plan_id', 'currency']).doUpdateSet((eb) => ({
        mrr_delta: eb('plan_days.mrr_delta', '+', eb.ref('excluded.mrr_delta')),
        customers_delta: eb('plan_days.customers_delta', '+', eb.ref('excluded.customers_delta')),
      })))
      .execute();
  }
}

/** Every table derived from the ledger, and the ledger itself: what a rebuild replaces. */
const DERIVED_TABLES = ['ledger_entries', 'trials', 'metric_days', 'cohort_days', 'plan_days', 'plan_ledger_entries', 'paying_spells', 'customer_summaries'] as const;

/** Empties a workspace's derived tables (inside the rebuild's transaction, which refills them). */
export async function clearWorkspaceDerived(trx: Transaction<Database>, workspaceId: string): Promise<void> {
  for (const table of DERIVED_TABLES) await trx.deleteFrom(table).where('workspace_id', '=', workspaceId).execute();
}

/** Day totals that increments brought back to zero carry nothing: removing them keeps an
 *  incrementally kept table identical to one built from scratch. */
export async function pruneZeroTotals(trx: Transaction<Database>, workspaceId: string, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  const list = sql.val([...new Set(days)]);
  await sql`delete from metric_days where workspace_id = ${workspaceId} and day = any(${list}::date[])
    and new = 0 and expansion = 0 and contraction = 0 and churn = 0 and reactivation = 0
    and new_customers = 0 and reactivated_customers = 0 and churned_customers = 0`.execute(trx);
  await sql`delete from cohort_days where workspace_id = ${workspaceId} and day = any(${list}::date[])
    and mrr_delta = 0 and joined = 0 and paying_delta = 0`.execute(trx);
  await sql`delete from plan_days where workspace_id = ${workspaceId} and day = any(${list}::date[])
    and mrr_delta = 0 and customers_delta = 0`.execute(trx);
}

/** Replaces the plan ledgers and paying spells of these customers. */
export async function replaceCustomerDerived(
  trx: Transaction<Database>,
  workspaceId: string,
  customerIds: readonly string[],
  planEntries: readonly PlanLedgerEntry[],
  spells: readonly PayingSpell[],
): Promise<void> {
  await deleteCustomerRows(trx, workspaceId, customerIds, ['plan_ledger_entries', 'paying_spells'], BATCH);
  await insertCustomerDerived(trx, workspaceId, planEntries, spells);
}

/** Adds plan ledger rows and paying spells (the customers' old ones already deleted). */
export async function insertCustomerDerived(trx: Transaction<Database>, workspaceId: string, planEntries: readonly PlanLedgerEntry[], spells: readonly PayingSpell[]): Promise<void> {
  await insertRows<PlanLedgerEntry>(trx, 'plan_ledger_entries', [
    { name: 'workspace_id', type: 'text', value: () => workspaceId },
    { name: 'customer_id', type: 'text', value: (e) => e.customerId },
    { name: 'plan_id', type: 'text', value: (e) => e.planId },
    { name: 'currency', type: 'text', value: (e) => e.currency },
    { name: 'day', type: 'date', value: (e) => e.day },
    { name: 'mrr', type: 'bigint', value: (e) => e.mrr },
    { name: 'delta', type: 'bigint', value: (e) => e.delta },
  ], planEntries);
  await insertRows<PayingSpell>(trx, 'paying_spells', [
    { name: 'workspace_id', type: 'text', value: () => workspaceId },
    { name: 'customer_id', type: 'text', value: (e) => e.customerId },
    { name: 'start_day', type: 'date', value: (e) => e.startDay },
    { name: 'end_day', type: 'date', value: (e) => e.endDay },
  ], spells);
}

/** Writes a whole workspace's day totals at once, into tables a rebuild has just emptied. Rows
 *  whose every total is zero are left out, as an incremental update prunes them. */
export async function insertDayTotals(
  trx: Transaction<Database>,
  workspaceId: string,
  totals: { metric: readonly DayTotals[]; cohort: readonly CohortDayTotals[]; plan: readonly PlanDayTotals[] },
): Promise<void> {
  const w = { name: 'workspace_id', type: 'text', value: () => workspaceId } as const;
  await insertRows<DayTotals>(trx, 'metric_days', [
    w,
    { name: 'day', type: 'date', value: (t) => t.day },
    { name: 'currency', type: 'text', value: (t) => t.currency },
    { name: 'new', type: 'bigint', value: (t) => t.new },
    { name: 'expansion', type: 'bigint', value: (t) => t.expansion },
    { name: 'contraction', type: 'bigint', value: (t) => t.contraction },
    { name: 'churn', type: 'bigint', value: (t) => t.churn },
    { name: 'reactivation', type: 'bigint', value: (t) => t.reactivation },
    { name: 'new_customers', type: 'integer', value: (t) => t.newCustomers },
    { name: 'reactivated_customers', type: 'integer', value: (t) => t.reactivatedCustomers },
    { name: 'churned_customers', type: 'integer', value: (t) => t.churnedCustomers },
  ], totals.metric.filter((t) => t.new !== 0 || t.expansion !== 0 || t.contraction !== 0 || t.churn !== 0 || t.reactivation !== 0 || t.newCustomers !== 0 || t.reactivatedCustomers !== 0 || t.churnedCustomers !== 0));
  await insertRows<CohortDayTotals>(trx, 'cohort_days', [
    w,
    { name: 'cohort', type: 'text', value: (t) => t.cohort },
    { name: 'day', type: 'date', value: (t) => t.day },
    { name: 'currency', type: 'text', value: (t) => t.currency },
    { name: 'mrr_delta', type: 'bigint', value: (t) => t.mrrDelta },
    { name: 'joined', type: 'integer', value: (t) => t.joined },
    { name: 'paying_delta', type: 'integer', value: (t) => t.payingDelta },
  ], totals.cohort.filter((t) => t.mrrDelta !== 0 || t.joined !== 0 || t.payingDelta !== 0));
  await insertRows<PlanDayTotals>(trx, 'plan_days', [
    w,
    { name: 'day', type: 'date', value: (t) => t.day },
    { name: 'plan_id', type: 'text', value: (t) => t.planId },
    { name: 'currency', type: 'text', value: (t) => t.currency },
    { name: 'mrr_delta', type: 'bigint', value: (t) => t.mrrDelta },
    { name: 'customers_delta', type: 'integer', value: (t) => t.customersDelta },
  ], totals.plan.filter((t) => t.mrrDelta !== 0 || t.customersDelta !== 0));
}

export async function upsertPlanNames(trx: Transaction<Database>, workspaceId: string, names: ReadonlyMap<string, string>): Promise<void> {
  const rows = [...names].sort(byKey(([id]) => id));
  for (const chunk of chunks(rows, BATCH)) {
    await trx
      .insertInto('plans')
      .values(chunk.map(([plan_id, name]) => ({ workspace_id: workspaceId, plan_id, name })))
      .onConflict((oc) => oc.columns(['workspace_id', 'plan_id']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })).where(sql<boolean>`plans.name is distinct from excluded.name`))
      .execute();
  }
}

export type CustomerSummary = {
  customerId: string;
  name: string | null;
  email: string | null;
  country: string | null;
  customerCreatedAt: Date | null;
  deleted: boolean;
  status: CustomerStatus;
  currency: string | null;
  mrr: number;
  mrrSort: number;
  mrrByCurrency: Record<string, number>;
  planId: string | null;
  planName: string | null;
  subscriptions: number;
  signupDay: string | null;
  firstPaidDay: string | null;
  cancelScheduled: boolean;
  nextChangeDay: string | null;
  asOfDay: string;
};

export type PreviousRows = {
  entries: LedgerEntry[];
  planEntries: PlanLedgerEntry[];
  summaries: Map<string, Pick<CustomerSummary, 'signupDay' | 'cancelScheduled'>>;
};

/** What these customers hold now in the ledger, the plan ledger and their summaries, in one
 *  round trip (this runs in every live recompute). */
export async function loadPreviousRows(trx: Transaction<Database>, workspaceId: string, customerIds: readonly string[]): Promise<PreviousRows> {
  const out: PreviousRows = { entries: [], planEntries: [], summaries: new Map() };
  for (const ids of chunks(customerIds, BATCH)) {
    const result = await sql<{ entries: string | null; plans: string | null; summaries: string | null }>`
      select
        (select json_agg(json_build_array(customer_id, to_char(day, 'YYYY-MM-DD'), currency, mrr, delta, movement, cause_event_id) order by day, customer_id, currency)::text
           from ledger_entries where workspace_id = ${workspaceId} and customer_id = any(${sql.val(ids)}::text[])) as entries,
        (select json_agg(json_build_array(customer_id, plan_id, currency, to_char(day, 'YYYY-MM-DD'), mrr, delta))::text
           from plan_ledger_entries where workspace_id = ${workspaceId} and customer_id = any(${sql.val(ids)}::text[])) as plans,
        (select json_agg(json_build_array(customer_id, to_char(signup_day, 'YYYY-MM-DD'), cancel_scheduled))::text
           from customer_summaries where workspace_id = ${workspaceId} and customer_id = any(${sql.val(ids)}::text[])) as summaries`.execute(trx);
    const row = result.rows[0];
    type E = [string, string, string, number, number, LedgerEntry['movement'], string];
    for (const [customerId, day, currency, mrr, delta, movement, causeEventId] of JSON.parse(row?.entries ?? '[]') as E[]) {
      out.entries.push({ customerId, day, currency, mrr: Number(mrr), delta: Number(delta), movement, causeEventId });
    }
    for (const [customerId, planId, currency, day, mrr, delta] of JSON.parse(row?.plans ?? '[]') as [string, string, string, string, number, number][]) {
      out.planEntries.push({ customerId, planId, currency, day, mrr: Number(mrr), delta: Number(delta) });
    }
    for (const [customerId, signupDay, cancelScheduled] of JSON.parse(row?.summaries ?? '[]') as [string, string | null, boolean][]) {
      out.summaries.set(customerId, { signupDay, cancelScheduled });
    }
  }
  return out;
}

const SUMMARY_COLUMNS = (workspaceId: string): BulkColumn<CustomerSummary>[] => [
  { name: 'workspace_id', type: 'text', value: () => workspaceId },
  { name: 'customer_id', type: 'text', value: (s) => s.customerId },
  { name: 'name', type: 'text', value: (s) => s.name },
  { name: 'email', type: 'text', value: (s) => s.email },
  { name: 'country', type: 'text', value: (s) => s.country },
  { name: 'customer_created_at', type: 'timestamptz', value: (s) => s.customerCreatedAt },
  { name: 'deleted', type: 'boolean', value: (s) => s.deleted },
  { name: 'status', type: 'text', value: (s) => s.status },
  { name: 'currency', type: 'text', value: (s) => s.currency },
  { name: 'mrr', type: 'bigint', value: (s) => s.mrr },
  { name: 'mrr_sort', type: 'bigint', value: (s) => s.mrrSort },
  { name: 'mrr_by_currency', type: 'jsonb', value: (s) => JSON.stringify(s.mrrByCurrency) },
  { name: 'plan_id', type: 'text', value: (s) => s.planId },
  { name: 'plan_name', type: 'text', value: (s) => s.planName },
  { name: 'subscriptions', type: 'integer', value: (s) => s.subscriptions },
  { name: 'signup_day', type: 'date', value: (s) => s.signupDay },
  { name: 'first_paid_day', type: 'date', value: (s) => s.firstPaidDay },
  { name: 'cancel_scheduled', type: 'boolean', value: (s) => s.cancelScheduled },
  { name: 'next_change_day', type: 'date', value: (s) => s.nextChangeDay },
  { name: 'as_of_day', type: 'date', value: (s) => s.asOfDay },
];

/** Inserts or replaces customer summaries; of one customer listed twice, the last wins. */
export async function upsertSummaries(trx: Transaction<Database>, workspaceId: string, summaries: readonly CustomerSummary[]): Promise<void> {
  const columns = SUMMARY_COLUMNS(workspaceId);
  const last = [...new Map(summaries.map((s) => [s.customerId, s])).values()];
  const set = columns.slice(2).map((c) => `${c.name} = excluded.${c.name}`).join(', ');
  await insertRows(trx, 'customer_summaries', columns, last, `on conflict (workspace_id, customer_id) do update set ${set}`);
}
