// The SQL of the onboarding view: customers who signed up in a window ending on the as-of day, and
// the first day each milestone event was tracked on their linked accounts (on or before it).
import { sql, type Kysely } from 'kysely';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

export async function signupsBetween(db: Kysely<Database>, workspaceId: string, from: Day, to: Day): Promise<{ customerId: string; name: string | null; planName: string | null; signupDay: Day; linked: boolean }[]> {
  const rows = await sql<{ customer_id: string; name: string | null; plan_name: string | null; signup_day: string; linked: boolean }>`
    select cs.customer_id, cs.name, coalesce(p.name, cs.plan_name) as plan_name, cs.signup_day::text as signup_day,
      exists (select 1 from cs_accounts a where a.workspace_id = cs.workspace_id and a.customer_id = cs.customer_id) as linked
    from customer_summaries cs left join plans p on p.workspace_id = cs.workspace_id and p.plan_id = cs.plan_id
    where cs.workspace_id = ${workspaceId} and cs.signup_day between ${from}::date and ${to}::date and not cs.deleted
    order by cs.signup_day desc, cs.customer_id`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, name: r.name, planName: r.plan_name, signupDay: r.signup_day, linked: r.linked }));
}

/** Per customer signed up in [from, to] and milestone event: the first day it was tracked, by `to`. */
export async function firstEventDays(db: Kysely<Database>, workspaceId: string, from: Day, to: Day, events: readonly string[]): Promise<{ customerId: string; event: string; day: Day }[]> {
  if (events.length === 0) return [];
  const rows = await sql<{ customer_id: string; event: string; day: string }>`
    select a.customer_id, u.event, min(u.day)::text as day
    from usage_daily u
    join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
    join customer_summaries cs on cs.workspace_id = a.workspace_id and cs.customer_id = a.customer_id
    where u.workspace_id = ${workspaceId} and u.day <= ${to}::date and u.event in (${sql.join(events)})
      and cs.signup_day between ${from}::date and ${to}::date
    group by a.customer_id, u.event`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, event: r.event, day: r.day }));
}
