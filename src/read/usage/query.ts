// The SQL of the usage view: per period (truncated start) and plan — the plan of the customer an
// account is linked to on the as-of day (the plan with its largest MRR then; null: unlinked or not
// paying) — distinct active users, user-days, active accounts and the track events' quantity; and
// per plan and event, the accounts that used it in the range. Scoped by workspace, stopping at
// the range's end (never after the as-of day).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Granularity } from '../../core/dates.js';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

/** Each account's plan on `day` (a CTE named account_plans). Materialised: inlined, the planner
 *  may re-run the plan lookup for every activity row (minutes on PGlite, which keeps no statistics). */
function accountPlans(workspaceId: string, day: Day): RawBuilder<unknown> {
  return sql`
    plan_parts as materialized (
      select distinct on (customer_id, plan_id, currency) customer_id, plan_id, mrr from plan_ledger_entries
      where workspace_id = ${workspaceId} and day <= ${day}::date order by customer_id, plan_id, currency, day desc),
    customer_plans as materialized (
      select distinct on (customer_id) customer_id, plan_id from plan_parts where mrr > 0 order by customer_id, mrr desc, plan_id),
    account_plans as materialized (
      select a.account_id, cp.plan_id from cs_accounts a left join customer_plans cp on cp.customer_id = a.customer_id
      where a.workspace_id = ${workspaceId})`;
}

const TRUNC: Record<Granularity, string> = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

export type UserRow = { start: Day; planId: string | null; total: boolean; users: number; userDays: number; accounts: number };

/** Per truncated period start, per plan and in total (total: true, planId null). */
export async function activeUsersByPeriod(db: Kysely<Database>, workspaceId: string, from: Day, to: Day, granularity: Granularity, planDay: Day): Promise<UserRow[]> {
  const rows = await sql<{ start: string; plan_id: string | null; total: boolean; users: string | number; user_days: string | number; accounts: string | number }>`
    with ${accountPlans(workspaceId, planDay)}
    select start, plan_id, grouping(plan_id) = 1 as total,
      count(distinct user_id) as users, count(distinct user_id || '|' || day::text) as user_days, count(distinct account_id) as accounts
    from (
      select to_char(date_trunc(${TRUNC[granularity]}::text, u.day::timestamp), 'YYYY-MM-DD') as start, ap.plan_id, u.user_id, u.day, u.account_id
      from user_activity_daily u left join account_plans ap on ap.account_id = u.account_id
      where u.workspace_id = ${workspaceId} and u.day between ${from}::date and ${to}::date) s
    group by grouping sets ((start, plan_id), (start))`.execute(db);
  return rows.rows.map((r) => ({ start: r.start, planId: r.total ? null : r.plan_id, total: r.total, users: Number(r.users), userDays: Number(r.user_days), accounts: Number(r.accounts) }));
}

export type QuantityRow = { start: Day; planId: string | null; total: boolean; quantity: number };

/** The track events' quantity (page views excluded) per truncated period start, per plan and in total. */
export async function usageByPeriod(db: Kysely<Database>, workspaceId: string, from: Day, to: Day, granularity: Granularity, planDay: Day): Promise<QuantityRow[]> {
  const rows = await sql<{ start: string; plan_id: string | null; total: boolean; quantity: string | number }>`
    with ${accountPlans(workspaceId, planDay)}
    select start, plan_id, grouping(plan_id) = 1 as total, sum(quantity)::float8 as quantity
    from (
      select to_char(date_trunc(${TRUNC[granularity]}::text, u.day::timestamp), 'YYYY-MM-DD') as start, ap.plan_id, u.quantity
      from usage_daily u left join account_plans ap on ap.account_id = u.account_id
      where u.workspace_id = ${workspaceId} and u.day between ${from}::date and ${to}::date and u.event <> '$page') s
    group by grouping sets ((start, plan_id), (start))`.execute(db);
  return rows.rows.map((r) => ({ start: r.start, planId: r.total ? null : r.plan_id, total: r.total, quantity: Number(r.quantity) }));
}

/** Per plan: the accounts active in [from, to] (any event), and per track event those that used it. */
export async function adoptionByPlan(db: Kysely<Database>, workspaceId: string, from: Day, to: Day, planDay: Day): Promise<{ planId: string | null; event: string | null; accounts: number }[]> {
  const rows = await sql<{ plan_id: string | null; event: string | null; total: boolean; accounts: string | number }>`
    with ${accountPlans(workspaceId, planDay)}
    select ap.plan_id, u.event, grouping(u.event) = 1 as total, count(distinct u.account_id) as accounts
    from usage_daily u left join account_plans ap on ap.account_id = u.account_id
    where u.workspace_id = ${workspaceId} and u.day between ${from}::date and ${to}::date
    group by grouping sets ((ap.plan_id, u.event), (ap.plan_id))`.execute(db);
  return rows.rows.map((r) => ({ planId: r.plan_id, event: r.total ? null : r.event, accounts: Number(r.accounts) }));
}
