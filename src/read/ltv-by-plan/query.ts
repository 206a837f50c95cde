// The SQL of LTV by plan and of the segments' churn rate: each customer's plan MRR rows up to a
// day, and the paying spells that overlap a window. Scoped by workspace; nothing after `to`.
import { sql, type Kysely } from 'kysely';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

export async function planLedgerUntil(db: Kysely<Database>, workspaceId: string, to: Day): Promise<{ customerId: string; planId: string; currency: string; day: Day; mrr: number }[]> {
  const rows = await sql<{ customer_id: string; plan_id: string; currency: string; day: string; mrr: string | number }>`
    select customer_id, plan_id, currency, day::text as day, mrr from plan_ledger_entries
    where workspace_id = ${workspaceId} and day <= ${to}::date order by customer_id, plan_id, day, currency`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, planId: r.plan_id, currency: r.currency, day: r.day, mrr: Number(r.mrr) }));
}

/** Paying spells overlapping [from, to]: an end after `to` reads as still paying. */
export async function spellsOverlapping(db: Kysely<Database>, workspaceId: string, from: Day, to: Day): Promise<{ customerId: string; start: Day; end: Day | null }[]> {
  const rows = await sql<{ customer_id: string; start_day: string; end_day: string | null }>`
    select customer_id, start_day::text as start_day, case when end_day > ${to}::date then null else end_day::text end as end_day from paying_spells
    where workspace_id = ${workspaceId} and start_day <= ${to}::date and (end_day is null or end_day >= ${from}::date)`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, start: r.start_day, end: r.end_day }));
}
