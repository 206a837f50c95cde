// The SQL of explain: the rows behind a figure, read from the ledgers and the payments themselves
// (not from the day totals the figure was computed from, so a derived table out of step shows as
// a mismatch). Every query is scoped by workspace and bounded by its last day, which the caller
// has clamped to the as-of day: the ledger holds rows dated later (scheduled changes) that never
// count as current.
import { sql, type Kysely } from 'kysely';
import type { Day, MovementKind } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

export type LevelRow = { customerId: string; name: string | null; currency: string; amount: number; day: Day };
export type MovementRow = { customerId: string; name: string | null; currency: string; movement: MovementKind; amount: number; days: Day[] };
export type DaySum = { currency: string; day: Day; movement: MovementKind; amount: number };
export type EventRow = { customerId: string; name: string | null; days: Day[] };
export type PlanLevelRow = LevelRow & { planId: string };
export type PaymentRow = { customerId: string | null; name: string | null; currency: string; day: Day; amount: number; count: number };

const customerName = (workspaceId: string) => sql`left join customer_summaries s on s.workspace_id = ${workspaceId} and s.customer_id = x.customer_id`;

/** Each customer's native MRR per currency at the end of `day` (the latest ledger row), non-zero. */
export async function levelRows(db: Kysely<Database>, workspaceId: string, day: Day): Promise<LevelRow[]> {
  const rows = await sql<{ customer_id: string; name: string | null; currency: string; mrr: string | number; day: string }>`
    select x.customer_id, s.name, x.currency, x.mrr, to_char(x.day, 'YYYY-MM-DD') as day from (
      select distinct on (customer_id, currency) customer_id, currency, mrr, day from ledger_entries
      where workspace_id = ${workspaceId} and day <= ${day}
      order by customer_id, currency, day desc) x
    ${customerName(workspaceId)}
    where x.mrr <> 0`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, name: r.name, currency: r.currency, amount: Number(r.mrr), day: r.day }));
}

/** Per customer, currency and kind: the sum of the movements over [from, to] and their days. */
export async function movementRows(db: Kysely<Database>, workspaceId: string, kinds: readonly MovementKind[], from: Day, to: Day): Promise<MovementRow[]> {
  const rows = await sql<{ customer_id: string; name: string | null; currency: string; movement: MovementKind; amount: string | number; days: string[] }>`
    select x.customer_id, s.name, x.currency, x.movement, x.amount, x.days from (
      select customer_id, currency, movement, sum(delta)::bigint as amount, array_agg(distinct to_char(day, 'YYYY-MM-DD')) as days
      from ledger_entries
      where workspace_id = ${workspaceId} and day >= ${from} and day <= ${to} and movement in (${sql.join(kinds)})
      group by customer_id, currency, movement) x
    ${customerName(workspaceId)}`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, name: r.name, currency: r.currency, movement: r.movement, amount: Number(r.amount), days: [...r.days].sort() }));
}

/** Per currency, day and kind: the native sums the period figures convert (one conversion each). */
export async function movementDaySums(db: Kysely<Database>, workspaceId: string, kinds: readonly MovementKind[], from: Day, to: Day): Promise<DaySum[]> {
  const rows = await sql<{ currency: string; day: string; movement: MovementKind; amount: string | number }>`
    select currency, to_char(day, 'YYYY-MM-DD') as day, movement, sum(delta)::bigint as amount from ledger_entries
    where workspace_id = ${workspaceId} and day >= ${from} and day <= ${to} and movement in (${sql.join(kinds)})
    group by currency, day, movement`.execute(db);
  return rows.rows.map((r) => ({ currency: r.currency, day: r.day, movement: r.movement, amount: Number(r.amount) }));
}

/** Per customer: the days over [from, to] with a movement of `kind` (a customer event a day). */
export async function customerEventRows(db: Kysely<Database>, workspaceId: string, kind: MovementKind, from: Day, to: Day): Promise<EventRow[]> {
  const rows = await sql<{ customer_id: string; name: string | null; days: string[] }>`
    select x.customer_id, s.name, x.days from (
      select customer_id, array_agg(distinct to_char(day, 'YYYY-MM-DD')) as days from ledger_entries
      where workspace_id = ${workspaceId} and day >= ${from} and day <= ${to} and movement = ${kind}
      group by customer_id) x
    ${customerName(workspaceId)}`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, name: r.name, days: [...r.days].sort() }));
}

/** Native MRR per currency at the end of `day` (every customer's latest row, summed). */
export async function currencyLevels(db: Kysely<Database>, workspaceId: string, day: Day): Promise<Map<string, number>> {
  const rows = await sql<{ currency: string; native: string | number }>`
    select currency, sum(mrr)::bigint as native from (
      select distinct on (customer_id, currency) currency, mrr from ledger_entries
      where workspace_id = ${workspaceId} and day <= ${day}
      order by customer_id, currency, day desc) latest
    group by currency`.execute(db);
  return new Map(rows.rows.map((r) => [r.currency, Number(r.native)]));
}

/** Each customer's MRR per plan and currency at the end of `day` (the plan ledger), non-zero. */
export async function planLevelRows(db: Kysely<Database>, workspaceId: string, day: Day): Promise<PlanLevelRow[]> {
  const rows = await sql<{ customer_id: string; name: string | null; plan_id: string; currency: string; mrr: string | number; day: string }>`
    select x.customer_id, s.name, x.plan_id, x.currency, x.mrr, to_char(x.day, 'YYYY-MM-DD') as day from (
      select distinct on (customer_id, plan_id, currency) customer_id, plan_id, currency, mrr, day from plan_ledger_entries
      where workspace_id = ${workspaceId} and day <= ${day}
      order by customer_id, plan_id, currency, day desc) x
    ${customerName(workspaceId)}
    where x.mrr <> 0`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, name: r.name, planId: r.plan_id, currency: r.currency, amount: Number(r.mrr), day: r.day }));
}

/** Per customer, currency and UTC day: the payments with `status` created over [from, to]. */
export async function paymentRows(db: Kysely<Database>, workspaceId: string, status: 'succeeded' | 'failed', from: Day, to: Day): Promise<PaymentRow[]> {
  const rows = await sql<{ customer_id: string | null; name: string | null; currency: string; day: string; amount: string | number; count: number }>`
    select x.customer_id, s.name, x.currency, x.day, x.amount, x.count from (
      select customer_id, currency, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, sum(amount)::bigint as amount, count(*)::int as count
      from payments
      where workspace_id = ${workspaceId} and status = ${status}
        and created_at >= ${`${from}T00:00:00Z`}::timestamptz and created_at < (${to}::date + 1)::timestamp at time zone 'UTC'
      group by 1, 2, 3) x
    ${customerName(workspaceId)}`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, name: r.name, currency: r.currency, day: r.day, amount: Number(r.amount), count: Number(r.count) }));
}
