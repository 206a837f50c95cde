// The SQL of MRR by plan and by currency at the end of one day: the plan ledger's day sums
// (migration 0004) and each currency's paying customers. Every query is scoped by workspace and
// bounded by its day: the ledger runs into the future (scheduled changes), and a row dated after
// the day asked for never counts.
import { sql, type Kysely } from 'kysely';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

export type PlanLevel = { planId: string; name: string; currency: string; mrr: number; customers: number };

/** Each plan's native MRR per currency and paying customers at the end of `day`. */
export async function planLevelsAt(db: Kysely<Database>, workspaceId: string, day: Day): Promise<PlanLevel[]> {
  const rows = await sql<{ plan_id: string; name: string | null; currency: string; mrr: number | string; customers: number | string }>`
    select d.plan_id, coalesce(pr.name, p.name) as name, d.currency, sum(d.mrr_delta)::bigint as mrr, sum(d.customers_delta)::bigint as customers
    from plan_days d
    left join plans p on p.workspace_id = d.workspace_id and p.plan_id = d.plan_id
    left join products pr on pr.workspace_id = d.workspace_id and pr.product_id = d.plan_id
    where d.workspace_id = ${workspaceId} and d.day <= ${day}
    group by d.plan_id, coalesce(pr.name, p.name), d.currency
    order by d.plan_id, d.currency`.execute(db); // plan order decides apportioning ties; explain's plan_mrr uses the same
  return rows.rows
    .map((r) => ({ planId: r.plan_id, name: r.name ?? r.plan_id, currency: r.currency, mrr: Number(r.mrr), customers: Number(r.customers) }))
    .filter((r) => r.mrr !== 0 || r.customers !== 0);
}

/** Customers paying in each currency at the end of `day` (their latest ledger row up to it). */
export async function payingCustomersByCurrencyAt(db: Kysely<Database>, workspaceId: string, day: Day): Promise<Map<string, number>> {
  const rows = await sql<{ currency: string; n: number | string }>`
    select currency, count(*)::int as n from (
      select distinct on (customer_id, currency) currency, mrr from ledger_entries
      where workspace_id = ${workspaceId} and day <= ${day}
      order by customer_id, currency, day desc
    ) latest where mrr > 0 group by currency`.execute(db);
  return new Map(rows.rows.map((r) => [r.currency, Number(r.n)]));
}
