// The SQL of the expansion view: the workspace's plan limits, each linked customer's usage per
// event and day, its distinct active users, and each user's events — all in a window ending on the
// as-of day. Every query is scoped by workspace; nothing after the as-of day is read.
import { sql, type Kysely } from 'kysely';
import type { Day } from '../../core/types.js';
import type { Database } from '../../store/schema.js';

export type LimitRow = { planId: string; metric: string; limit: number; period: 'day' | 'month' | 'rolling_30_days' };

export async function planLimitRows(db: Kysely<Database>, workspaceId: string): Promise<LimitRow[]> {
  const rows = await db.selectFrom('plan_limits').select(['plan_id', 'metric', 'limit_value', 'period']).where('workspace_id', '=', workspaceId).execute();
  return rows.map((r) => ({ planId: r.plan_id, metric: r.metric, limit: Number(r.limit_value), period: r.period }));
}

/** Per linked customer, event and day in [from, to]: the summed quantity. */
export async function usageByCustomerDay(db: Kysely<Database>, workspaceId: string, from: Day, to: Day): Promise<{ customerId: string; event: string; day: Day; quantity: number }[]> {
  const rows = await sql<{ customer_id: string; event: string; day: string; quantity: number | string }>`
    select a.customer_id, u.event, u.day::text as day, sum(u.quantity)::float8 as quantity
    from usage_daily u join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
    where u.workspace_id = ${workspaceId} and a.customer_id is not null and u.day between ${from}::date and ${to}::date
    group by 1, 2, 3`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, event: r.event, day: r.day, quantity: Number(r.quantity) }));
}

/** Per user active in [from, to]: its events there and the customer its account is linked to
 *  (null: unlinked). A user of two accounts counts once per account. */
export async function userEvents(db: Kysely<Database>, workspaceId: string, from: Day, to: Day): Promise<{ customerId: string | null; userId: string; events: number }[]> {
  const rows = await sql<{ customer_id: string | null; user_id: string; events: number | string }>`
    select a.customer_id, u.user_id, sum(u.events)::bigint as events
    from user_activity_daily u left join cs_accounts a on a.workspace_id = u.workspace_id and a.account_id = u.account_id
    where u.workspace_id = ${workspaceId} and u.day between ${from}::date and ${to}::date
    group by a.customer_id, u.account_id, u.user_id`.execute(db);
  return rows.rows.map((r) => ({ customerId: r.customer_id, userId: r.user_id, events: Number(r.events) }));
}
